/**
 * A deliberately wrong language server, to show that the soak's stale-version check catches what
 * it should: on `test/publish` it answers, then publishes the version the request names, current
 * or not.
 */
import { createConnection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection();
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: 2 } }));
connection.onRequest('test/publish', async (params: { uri: string; version: number }) => {
  // The answer goes out first; the publication follows it on the wire.
  setImmediate(() => void connection.sendDiagnostics({ uri: params.uri, version: params.version, diagnostics: [] }));
  return null;
});
documents.listen(connection);
connection.listen();
