import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { SourcingReportRequest, type SourcingReportResult } from '../server/lsp/protocol';

/** What the command returns, for tests and keybindings: the counts and the articles in the page. */
export interface SourcingReportShown {
  articles: number;
  quotations: number;
  restricted: boolean;
  files: string[];
}

/**
 * "Dateline: Show Sourcing Report": one webview panel with the report the server makes (the same
 * page `dateline report --format html` writes). Its only script is the page's own, allowed by a
 * fresh nonce; a link asks this side to open the article at the quotation, and only articles the
 * report lists can be opened that way.
 */
export class SourcingReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private files = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  async show(): Promise<SourcingReportShown | undefined> {
    if (this.client.state !== State.Running) {
      void vscode.window.showInformationMessage('Dateline: the language server is not running; the Dateline output channel says why.');
      return undefined;
    }
    if (!this.panel) {
      const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      this.panel = vscode.window.createWebviewPanel('dateline.sourcingReport', 'Sourcing Report', column, {
        enableScripts: true,
        enableCommandUris: false,
        // The page loads nothing: no local file is made reachable either.
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.files.clear();
      }, undefined, this.subscriptions);
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message), undefined, this.subscriptions);
    } else {
      this.panel.reveal(undefined, true);
    }
    return this.refresh();
  }

  private async refresh(): Promise<SourcingReportShown | undefined> {
    const panel = this.panel;
    if (!panel) return undefined;
    const nonce = randomBytes(18).toString('base64');
    const source = panel.webview.cspSource;
    const csp = `default-src 'none'; style-src ${source} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${source} data:`;
    const result: SourcingReportResult = await this.client.sendRequest(SourcingReportRequest.type, { csp, nonce });
    if (this.panel !== panel) return undefined;
    this.files = new Map(result.files.map((f) => [f.file, f.uri]));
    panel.webview.html = result.html;
    this.output.info(`Sourcing report: ${result.articles} articles, ${result.quotations} quotations${result.restricted ? ' (Restricted Mode: open articles only)' : ''}.`);
    return { articles: result.articles, quotations: result.quotations, restricted: result.restricted, files: result.files.map((f) => f.file) };
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!message || typeof message !== 'object') return;
    const m = message as { type?: unknown; file?: unknown; line?: unknown; character?: unknown };
    if (m.type === 'refresh') {
      await this.refresh();
      return;
    }
    if (m.type !== 'open' || typeof m.file !== 'string') return;
    const uri = this.files.get(m.file);
    if (!uri) return;
    const line = Number.isSafeInteger(m.line) && (m.line as number) >= 0 ? (m.line as number) : 0;
    const character = Number.isSafeInteger(m.character) && (m.character as number) >= 0 ? (m.character as number) : 0;
    const at = new vscode.Position(line, character);
    // Beside the report, so the report stays in view.
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { viewColumn: column, selection: new vscode.Range(at, at) });
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
