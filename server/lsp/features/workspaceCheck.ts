import type { Diagnostic } from 'vscode-languageserver';
import type { Feature, ServerContext } from '../context';
import { citedParts, countedQuotations, wordCount } from '../../core/counts';
import { toDiagnostic } from '../convert';
import { ArticleStatsRequest, CheckWorkspaceRequest, type ArticleStats, type WorkspaceCheckResult } from '../protocol';

/** Dateline's own requests about articles: the statistics of one, and "check the workspace". */
export const workspaceCheckFeature: Feature = {
  capabilities: () => ({}),
  register(ctx) {
    ctx.connection.onRequest(ArticleStatsRequest.type, (params) => safely(ctx, () => articleStats(ctx, params.uri), null));
    ctx.connection.onRequest(CheckWorkspaceRequest.type, () => safely(ctx, () => checkWorkspace(ctx), { files: 0, problems: { error: 0, warning: 0, info: 0, hint: 0 } }));
  },
};

async function articleStats(ctx: ServerContext, uri: string): Promise<ArticleStats | null> {
  const analysed = await ctx.analysis(uri);
  if (!analysed) return null;
  const { result } = analysed;
  const article = result.article;
  const problems = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of result.findings) problems[f.severity]++;
  if (!article) return { isArticle: false, words: 0, quotations: 0, citations: 0, uncited: 0, problems };
  return {
    isArticle: true,
    words: wordCount(article),
    quotations: countedQuotations(article, analysed.config).length,
    citations: citedParts(article).length,
    uncited: result.findings.filter((f) => f.ruleId === 'quote-uncited').length,
    problems,
  };
}

/**
 * Checks every article on disk under the workspace folders; open documents use their live text.
 * Restricted Mode reads nothing from disk, so it checks the open documents only. A resource with
 * `dateline.enable` off is left out.
 */
async function checkWorkspace(ctx: ServerContext): Promise<WorkspaceCheckResult> {
  const problems = { error: 0, warning: 0, info: 0, hint: 0 };
  let files = 0;
  const count = (diagnostics: readonly Diagnostic[]) => {
    for (const d of diagnostics) problems[(['error', 'error', 'warning', 'info', 'hint'] as const)[d.severity ?? 1]]++;
  };
  if (!ctx.trusted()) {
    for (const doc of ctx.documents.all()) {
      if (!(await ctx.settingsFor(doc.uri)).enable) continue;
      files++;
      count(await ctx.diagnose(doc));
    }
    return { files, problems };
  }
  for (const candidate of ctx.workspace.files()) {
    const uri = candidate.uri;
    const settings = await ctx.settingsFor(uri);
    if (!settings.enable) continue;
    const open = ctx.documents.get(uri);
    let diagnostics: Diagnostic[];
    if (open) {
      diagnostics = await ctx.diagnose(open);
    } else {
      const read = ctx.workspace.read(uri, settings.maxFileSize);
      // Skipped files are the CLI's to explain; here they are left out of the count.
      if (read.kind !== 'text') continue;
      diagnostics = (await ctx.analyseText(uri, candidate.flavor, read.text)).result.findings.map(toDiagnostic);
    }
    files++;
    if (!open && !diagnostics.length) continue;
    count(diagnostics);
    void ctx.connection.sendDiagnostics({ uri, diagnostics });
  }
  return { files, problems };
}

function safely<T>(ctx: ServerContext, fn: () => Promise<T>, fallback: T): Promise<T> {
  return fn().catch((e) => {
    ctx.connection.console.error(`Dateline request failed: ${(e as Error).stack ?? e}`);
    return fallback;
  });
}
