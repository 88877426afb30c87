import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type InitializeResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { WorkspaceTrustedNotification } from '../server/lsp/protocol';
import { registerCommands } from './commands';
import { RestartingErrorHandler } from './restart';
import { RuleDocsActions } from './ruleDocs';
import { ArticleStatusBar } from './statusBar';

let client: LanguageClient | undefined;

/** What the server checks: articles, Markdown, the config and the actors registries. */
const DOCUMENTS = [
  { language: 'article' },
  { language: 'markdown' },
  { language: 'yaml', pattern: '**/dateline.yaml' },
  { language: 'yaml', pattern: '**/{actors,*.actors}.{yaml,yml}' },
];

/** What the extension returns from activate(), for other extensions and the end-to-end tests. */
export interface DatelineApi {
  /** The running server's answer to `initialize`, so callers can tell which features it offers. */
  readonly initializeResult: InitializeResult | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<DatelineApi> {
  const output = vscode.window.createOutputChannel('Dateline', { log: true });
  context.subscriptions.push(output);
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    synchronize: {
      // Config and registry edits and files changed outside the editor re-check open articles.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{dateline.yaml,actors.yaml,*.actors.yaml,*.article,*.md}'),
    },
    // A function, so a server restarted after the user trusted the workspace starts trusted.
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    outputChannel: output,
    // Problems show in the Problems view; the channel opens only when the user asks.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new RestartingErrorHandler(output),
    initializationFailedHandler: (error) => {
      output.error(`The Dateline server failed to start: ${(error as Error)?.message ?? error}`);
      void vscode.window.showErrorMessage('The Dateline server failed to start. Details are in the Dateline output channel.');
      return false;
    },
  };
  client = new LanguageClient('dateline', 'Dateline', serverOptions, clientOptions);
  const languageClient = client;
  registerCommands(context, languageClient, output);
  context.subscriptions.push(
    new ArticleStatusBar(languageClient, output),
    vscode.languages.registerCodeActionsProvider(DOCUMENTS, new RuleDocsActions(), { providedCodeActionKinds: RuleDocsActions.kinds }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('Workspace trusted: applying dateline.yaml and registries.');
      void languageClient.sendNotification(WorkspaceTrustedNotification.type);
    }),
  );
  output.info(`Starting the Dateline server${vscode.workspace.isTrusted ? '' : ' in Restricted Mode (workspace config ignored)'}.`);
  try {
    await languageClient.start();
    const info = languageClient.initializeResult?.serverInfo;
    output.info(`Dateline server ${info?.version ?? ''} is running.`);
  } catch (e) {
    // initializationFailedHandler has told the user; commands report the server as unavailable.
    output.error(`Dateline server did not start: ${(e as Error).message ?? e}`);
  }
  return {
    get initializeResult() {
      return languageClient.initializeResult;
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
