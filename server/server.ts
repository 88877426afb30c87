import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { codeActionsFeature } from './lsp/features/codeActions';
import { startServer } from './lsp/server';

// Transport (--stdio, --node-ipc, --socket) comes from the command line.
startServer(createConnection(ProposedFeatures.all), [codeActionsFeature]);
