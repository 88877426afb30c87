import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { AddActorRequest, CheckWorkspaceRequest, CitationDateRequest, FIX_ALL_KIND, InitWorkspaceRequest, type AddActorParams, type ArticleStats, type InitWorkspaceResult, type WorkspaceCheckResult } from '../server/lsp/protocol';
import { SourcingReportPanel } from './reportPanel';
import { OPEN_RULE_DOCS, openRuleDocumentation } from './ruleDocs';
import { ARTICLE_LANGUAGES, requestStats, statsSummary } from './statusBar';

type ActorKind = AddActorParams['kind'];
const KINDS: ActorKind[] = ['person', 'organization', 'place'];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function problemSummary(p: WorkspaceCheckResult['problems']): string {
  const parts = [plural(p.error, 'error'), plural(p.warning, 'warning')];
  if (p.info) parts.push(`${p.info} info`);
  if (p.hint) parts.push(plural(p.hint, 'hint'));
  return parts.join(', ');
}

/** Registers the `dateline.*` commands. Each returns its result too, so tests and keybindings can use it. */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): void {
  const register = (id: string, fn: (...args: any[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: any[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          output.error(`${id} failed: ${(e as Error).stack ?? e}`);
          void vscode.window.showErrorMessage(`Dateline: ${(e as Error).message ?? e}`);
          return undefined;
        }
      }),
    );

  register('dateline.checkWorkspace', async (): Promise<WorkspaceCheckResult | undefined> => {
    // Restricted Mode reads no workspace files; the palette hides the command there too.
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage('Dateline: Check Workspace reads every article in the folder, so it runs once the folder is trusted. Open articles are still checked.');
      return undefined;
    }
    output.info('Checking the workspace…');
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Dateline: checking the workspace…' },
      () => client.sendRequest(CheckWorkspaceRequest.type, {}),
    );
    const message = result.files
      ? `Checked ${plural(result.files, 'file')}: ${problemSummary(result.problems)}.`
      : 'No articles found in this workspace.';
    output.info(`Workspace check: ${message}`);
    void vscode.window.showInformationMessage(`Dateline: ${message}`);
    return result;
  });

  // In Restricted Mode the server reports on the open articles only, and the page says so.
  const report = new SourcingReportPanel(client, output);
  context.subscriptions.push(report);
  register('dateline.showSourcingReport', () => report.show());

  register('dateline.createConfig', async (folderArg?: vscode.Uri): Promise<InitWorkspaceResult | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage('Dateline: Create dateline.yaml reads every article in the folder, so it runs once the folder is trusted.');
      return undefined;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = folderArg
      ? vscode.workspace.getWorkspaceFolder(folderArg)
      : folders.length > 1
        ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to create dateline.yaml in' })
        : folders[0];
    if (!folder) return undefined;
    // The server reads the articles and writes the files, as `dateline init` does.
    const result = await client.sendRequest(InitWorkspaceRequest.type, { folder: folder.uri.toString() });
    if (!result.config) {
      void vscode.window.showErrorMessage(`Dateline: could not create dateline.yaml: ${result.error ?? 'unknown error'}.`);
      return result;
    }
    const wrote = result.written.length
      ? `Wrote ${result.written.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u))).join(' and ')} from ${plural(result.articles, 'article')}: ${plural(result.sources, 'source')}, ${plural(result.actors, 'candidate actor')} to confirm.`
      : '';
    const kept = result.kept.length ? ` ${result.kept.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u))).join(' and ')} already there, left as ${result.kept.length === 1 ? 'it is' : 'they are'}.` : '';
    output.info(`Create dateline.yaml: ${wrote}${kept}`);
    void vscode.window.showInformationMessage(`Dateline: ${wrote}${kept}`.trim());
    await vscode.window.showTextDocument(vscode.Uri.parse(result.config));
    return result;
  });

  register('dateline.showArticleStatistics', async (): Promise<ArticleStats | null> => {
    const document = vscode.window.activeTextEditor?.document;
    if (client.state !== State.Running) {
      void vscode.window.showInformationMessage('Dateline: the language server is not running; the Dateline output channel says why.');
      return null;
    }
    const stats = document ? await requestStats(client, document) : null;
    if (!document || !stats?.isArticle) {
      void vscode.window.showInformationMessage('Dateline: the active file is not an article.');
      return stats;
    }
    const name = vscode.workspace.asRelativePath(document.uri);
    const message = `${name}: ${statsSummary(stats)}; ${problemSummary(stats.problems)}.`;
    output.info(`Statistics: ${message}`);
    void vscode.window.showInformationMessage(message);
    return stats;
  });

  register('dateline.fixAll', async (): Promise<number> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !ARTICLE_LANGUAGES.has(editor.document.languageId)) {
      void vscode.window.showInformationMessage('Dateline: open an article to fix its problems.');
      return 0;
    }
    const document = editor.document;
    const whole = new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end);
    // The server's own fix-all, as `source.fixAll.dateline` on save runs it: safe fixes only.
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND)) ?? [];
    const fixAll = actions.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
    const edits = fixAll?.edit?.get(document.uri).length ?? 0;
    if (!fixAll?.edit || !edits) {
      void vscode.window.showInformationMessage('Dateline: nothing here has a fix that is safe to apply unattended.');
      return 0;
    }
    if (!(await vscode.workspace.applyEdit(fixAll.edit))) throw new Error('the fixes could not be applied');
    output.info(`Fix All: ${plural(edits, 'edit')} in ${vscode.workspace.asRelativePath(document.uri)}.`);
    return edits;
  });

  register('dateline.restartServer', async (): Promise<boolean> => {
    output.info('Restarting the Dateline server.');
    if (client.state === State.Running) await client.stop();
    await client.start();
    return client.state === State.Running;
  });

  register(OPEN_RULE_DOCS, (id?: string, href?: string) => openRuleDocumentation(client, id, href));

  register('dateline.insertCitation', async (): Promise<boolean> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return false;
    const now = new Date();
    const today = { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
    // The server reads the header as the checks do; the date is today's when it has none.
    const date = client.state === State.Running
      ? await client.sendRequest(CitationDateRequest.type, { uri: client.code2ProtocolConverter.asUri(editor.document.uri), today })
      : 'Month Day';
    const snippet = new vscode.SnippetString('(').appendPlaceholder('Source').appendText(', ').appendPlaceholder(date).appendText(')');
    return editor.insertSnippet(snippet);
  });

  register('dateline.addActor', async (args?: { name?: string; kind?: ActorKind }) => {
    const name = (
      args?.name ??
      (await vscode.window.showInputBox({
        title: 'Dateline: Add Actor',
        prompt: 'Full name, as an article should give it at first mention',
        placeHolder: 'Marta Kovac',
        validateInput: (v) => (v.trim() ? undefined : 'A name is required.'),
      }))
    )?.trim();
    if (!name) return undefined;
    const kind =
      args?.kind ??
      ((await vscode.window.showQuickPick(KINDS, { title: `Dateline: what is ${name}?`, placeHolder: 'Kind of actor' })) as ActorKind | undefined);
    if (!kind) return undefined;
    return addActor(client, name, kind, output);
  });
}

/**
 * Appends an actor to the registry the nearest dateline.yaml names (a new actors.yaml beside it,
 * or in the folder, when there is none) in one undoable edit, then opens it at the entry. The
 * server picks the file and writes the entry; this applies and shows it.
 */
async function addActor(client: LanguageClient, name: string, kind: ActorKind, output: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('Dateline: open a folder to add actors to its registry.');
    return undefined;
  }
  if (client.state !== State.Running) {
    void vscode.window.showInformationMessage('Dateline: the language server is not running; the Dateline output channel says why.');
    return undefined;
  }
  const result = await client.sendRequest(AddActorRequest.type, {
    uri: active && active.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active) ? client.code2ProtocolConverter.asUri(active) : undefined,
    folder: client.code2ProtocolConverter.asUri(folder.uri),
    name,
    kind,
  });
  if (!result.registry) {
    void vscode.window.showWarningMessage(`Dateline: could not add ${name}: ${result.error ?? 'unknown error'}.`);
    return undefined;
  }
  const registry = client.protocol2CodeConverter.asUri(result.registry);
  const relative = vscode.workspace.asRelativePath(registry);
  if (result.exists) {
    void vscode.window.showInformationMessage(`Dateline: ${relative} already lists ${name}.`);
  } else if (result.edit) {
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${relative}`);
    output.info(`Added ${name} (${kind}) to ${relative}.`);
  }
  const editor = await vscode.window.showTextDocument(registry);
  const at = new vscode.Position(result.line, 0);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at));
  return registry;
}
