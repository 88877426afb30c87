import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { codeActionsFeature } from './lsp/features/codeActions';
import { navigationFeature } from './lsp/features/navigation';
import { workspaceIndexFeature } from './lsp/features/workspaceIndex';
import { workspaceSymbolsFeature } from './lsp/features/workspaceSymbols';
import { startServer } from './lsp/server';

// Transport (--stdio, --node-ipc, --socket) comes from the command line.
startServer(createConnection(ProposedFeatures.all), [codeActionsFeature, workspaceIndexFeature, navigationFeature, workspaceSymbolsFeature]);
