import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

// Transport (--stdio, --node-ipc, --socket) comes from the command line.
startServer(createConnection(ProposedFeatures.all));
