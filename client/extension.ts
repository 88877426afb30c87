import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Dateline', { log: true });
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'article' },
      { language: 'markdown' },
      { language: 'yaml', pattern: '**/dateline.yaml' },
    ],
    synchronize: {
      // Config edits and files changed outside the editor re-check open articles.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.article,*.md}'),
    },
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
    outputChannel: output,
  };
  client = new LanguageClient('dateline', 'Dateline', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('Workspace trusted: applying dateline.yaml and registries.');
      void client?.sendNotification('dateline/workspaceTrusted');
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
