// "Dateline: Show Sourcing Report": the report `dateline report` writes, for the workspace's
// articles, as the page the client shows in a webview. Open documents count with their live text.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { rootContaining } from '../../node/files';
import { articleReport, formatHtml, totalOf, type ArticleReport } from '../../node/report';
import { SourcingReportRequest, type SourcingReportParams, type SourcingReportResult } from '../protocol';
import type { Feature, ServerContext } from '../context';

const RESTRICTED_NOTICE = 'Restricted Mode: only the open articles are in this report, checked without the workspace’s dateline.yaml. Trust the folder to report on every article in it.';

/** An article's name in the report: its path inside its workspace folder (with the folder's name when there are several). */
function displayName(ctx: ServerContext, uri: URI): string {
  if (uri.scheme !== 'file') return uri.path.split('/').filter(Boolean).pop() ?? uri.toString();
  const roots = ctx.roots();
  const best = rootContaining(uri.fsPath, roots);
  if (best === undefined) return path.basename(uri.fsPath);
  const rel = path.relative(best, uri.fsPath).split(path.sep).join('/');
  return roots.length > 1 ? `${path.basename(best)}/${rel}` : rel;
}

async function sourcingReport(ctx: ServerContext, params: SourcingReportParams): Promise<SourcingReportResult> {
  const articles: ArticleReport[] = [];
  const files: SourcingReportResult['files'] = [];
  const add = (uri: string, entry: ArticleReport | undefined) => {
    if (!entry) return;
    articles.push(entry);
    files.push({ file: entry.file, uri });
  };
  const fromOpen = async (uri: string) => {
    const analysis = await ctx.analysis(uri);
    const article = analysis?.article;
    if (analysis && article) add(uri, articleReport(displayName(ctx, URI.parse(uri)), article, analysis.config));
  };
  const trusted = ctx.trusted();
  if (!trusted) {
    // Restricted Mode reads nothing from disk: the open documents are all there is.
    for (const doc of ctx.documents.all()) if (doc.languageId === 'article' || doc.languageId === 'markdown') await fromOpen(doc.uri);
  } else {
    for (const candidate of ctx.workspace.files()) {
      const key = candidate.uri;
      if (ctx.documents.get(key)) {
        await fromOpen(key);
        continue;
      }
      const read = ctx.workspace.read(key, (await ctx.settingsFor(key)).maxFileSize);
      if (read.kind !== 'text') continue;
      // The same question the editor asks of an open article.
      const opened = await ctx.analyseText(key, candidate.flavor, read.text);
      const article = opened.isArticle ? opened.article : undefined;
      if (article) add(key, articleReport(displayName(ctx, URI.parse(key)), article, opened.config));
    }
  }
  const report = { articles, total: totalOf(articles) };
  return {
    html: formatHtml(report, { csp: params.csp, webview: { nonce: params.nonce }, notice: trusted ? undefined : RESTRICTED_NOTICE }),
    articles: articles.length,
    quotations: report.total.quotations.total,
    restricted: !trusted,
    files,
  };
}

export const sourcingReportFeature: Feature = {
  capabilities: () => ({}),
  register(ctx) {
    ctx.connection.onRequest(SourcingReportRequest.type, async (params) => {
      // The policy and nonce go into the page as attribute text; anything else is refused.
      const csp = typeof params?.csp === 'string' ? params.csp : "default-src 'none'";
      const nonce = typeof params?.nonce === 'string' && /^[A-Za-z0-9+/=_-]{1,128}$/.test(params.nonce) ? params.nonce : '';
      try {
        return await sourcingReport(ctx, { csp, nonce });
      } catch (e) {
        ctx.connection.console.error(`Dateline could not make the sourcing report: ${(e as Error).stack ?? e}`);
        return { html: '', articles: 0, quotations: 0, restricted: !ctx.trusted(), files: [] };
      }
    });
  },
};
