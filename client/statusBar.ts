import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { ArticleStatsRequest, type ArticleStats } from '../server/lsp/protocol';

export const ARTICLE_LANGUAGES = new Set(['article', 'markdown']);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `412 words · 3 quotations · 5 citations · 1 uncited`: what the status bar shows for an article. */
export function statsSummary(stats: ArticleStats): string {
  return `${plural(stats.words, 'word')} · ${plural(stats.quotations, 'quotation')} · ${plural(stats.citations, 'citation')} · ${stats.uncited} uncited`;
}

export async function requestStats(client: LanguageClient, document: vscode.TextDocument): Promise<ArticleStats | null> {
  if (!ARTICLE_LANGUAGES.has(document.languageId) || client.state !== State.Running) return null;
  return client.sendRequest(ArticleStatsRequest.type, { uri: client.code2ProtocolConverter.asUri(document.uri) });
}

/**
 * The active article's counts in the status bar; a click opens the Problems view. Hidden for
 * anything that is not an article (including Markdown without a `publication` field).
 */
export class ArticleStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dateline.articleStats', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Answers can arrive out of order; only the latest request may update the item. */
  private generation = 0;

  constructor(private readonly client: LanguageClient, private readonly output: vscode.LogOutputChannel) {
    this.item.name = 'Dateline Article Statistics';
    this.item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.refresh();
      }),
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.refresh();
        else this.item.hide();
      }),
    );
    this.refresh();
  }

  refresh(): void {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !ARTICLE_LANGUAGES.has(document.languageId)) {
      this.item.hide();
      return;
    }
    requestStats(this.client, document).then(
      (stats) => {
        if (generation !== this.generation) return;
        if (!stats?.isArticle) {
          this.item.hide();
          return;
        }
        this.item.text = `$(quote) ${statsSummary(stats)}`;
        const p = stats.problems;
        this.item.tooltip = `${plural(p.error, 'error')}, ${plural(p.warning, 'warning')}, ${p.info} info, ${plural(p.hint, 'hint')}. Click to show the Problems view.`;
        this.item.show();
      },
      (e: unknown) => {
        // The server may be restarting; the next state change refreshes the item.
        if (generation === this.generation) this.item.hide();
        this.output.debug(`Article statistics unavailable: ${(e as Error).message ?? e}`);
      },
    );
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
