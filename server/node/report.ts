import * as path from 'node:path';
import { attributionOf } from '../core/attribution';
import { canonicalSource } from '../core/configEdits';
import { citedParts, countedQuotations } from '../core/counts';
import { inferYear, type SimpleDate } from '../core/dates';
import { bump } from '../core/tally';
import { speakerOf } from '../core/features/documentSymbols';
import { actorIndexFor, createLanguageService, DEFAULT_MAX_FILE_SIZE, type Article, type DatelineConfig, type DocumentEnv, type LanguageService } from '../core/index';
import { readCommand } from './cliArgs';
import { collectFiles, display, emitOutput } from './cliFiles';
import type { CliIO } from './cliMain';
import { ConfigStore } from './configStore';
import { readRegularFile } from './files';

export const REPORT_USAGE = `Usage: dateline report [paths or globs...] [--format md|json|html] [--output-file FILE]

The sourcing report of a set of articles (default: the current directory): per
article and for the whole set, quotations (total, cited, attributed, anonymous),
citations by source with the oldest and newest cited date relative to the
article, who is quoted, and the actors mentioned most.

Options:
  --format md|json|html   md (default); html is one self-contained page with two charts
  --output-file FILE      write the report to FILE instead of standard output
  -h, --help              show this help
`;

const FORMATS = ['md', 'json', 'html'] as const;
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you']);
type Format = (typeof FORMATS)[number];

export type Counts = [name: string, count: number][];

export interface QuotationEntry {
  /** Zero-based line and UTF-16 column of the opening mark, as LSP counts them. */
  line: number;
  character: number;
  words: number;
  cited: boolean;
  attributed: boolean;
  anonymous: boolean;
  speaker?: string;
}

export interface Tally {
  quotations: { total: number; cited: number; uncited: number; attributed: number; anonymous: number };
  citations: { total: number; bySource: Counts; oldestDays?: number; newestDays?: number };
  speakers: Counts;
  actors: Counts;
}

export interface ArticleReport extends Tally {
  file: string;
  title?: string;
  date?: string;
  quotationList: QuotationEntry[];
}

export interface SourcingReport {
  articles: ArticleReport[];
  total: Tally & { articles: number };
}

/** The report of one analysed article. Quotations count from `quotes.minWords` words on, as quote-uncited counts them. */
export function articleReport(file: string, article: Article, config: DatelineConfig): ArticleReport {
  const list: QuotationEntry[] = [];
  const speakers = new Map<string, number>();
  for (const q of countedQuotations(article, config)) {
    const attribution = attributionOf(article, config, q);
    const found = speakerOf({ article, config }, q)?.name;
    // `she said` names nobody a reader of the report can use.
    const speaker = found && !PRONOUNS.has(found.toLowerCase()) ? found : undefined;
    const pos = article.lines.positionAt(q.open);
    const entry: QuotationEntry = { line: pos.line, character: pos.character, words: q.words, cited: q.citations.length > 0 || (config.style.attribution.prose && attribution.proseSource), attributed: attribution.speaker, anonymous: attribution.anonymous };
    if (speaker) {
      entry.speaker = speaker;
      bump(speakers, speaker);
    }
    list.push(entry);
  }
  const bySource = new Map<string, number>();
  let total = 0;
  let oldest: number | undefined;
  let newest: number | undefined;
  for (const part of citedParts(article)) {
    total++;
    // A source written as one of its aliases counts under the registry's name.
    for (const s of part.sources) if (s.name.trim()) bump(bySource, canonicalSource(s.name.trim(), config.sources) ?? s.name.trim());
    const d = part.date;
    if (!d || !article.date) continue;
    const cited: SimpleDate = { year: d.year ?? inferYear(d.month.month, d.day, article.date), month: d.month.month, day: d.day };
    const days = daysBetween(cited, article.date);
    oldest = oldest === undefined ? days : Math.max(oldest, days);
    newest = newest === undefined ? days : Math.min(newest, days);
  }
  const byId = actorIndexFor(config.actors).byId;
  const actors = new Map<string, number>();
  for (const m of article.mentions) {
    const name = m.actorIds.length === 1 ? (byId.get(m.actorIds[0])?.name ?? m.text) : m.text;
    bump(actors, name);
  }
  const field = (name: string) => {
    const value = article.header?.fields.find((f) => f.name === name)?.value;
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const cited = list.filter((q) => q.cited).length;
  return {
    file,
    title: field('title'),
    date: field('date'),
    quotations: { total: list.length, cited, uncited: list.length - cited, attributed: list.filter((q) => q.attributed).length, anonymous: list.filter((q) => q.anonymous).length },
    citations: { total, bySource: sorted(bySource), oldestDays: oldest, newestDays: newest },
    speakers: sorted(speakers),
    actors: sorted(actors),
    quotationList: list,
  };
}

/** The set's totals: sums, counts merged, the widest range of cited dates. */
export function totalOf(articles: readonly ArticleReport[]): SourcingReport['total'] {
  const merge = (pick: (a: ArticleReport) => Counts) => {
    const m = new Map<string, number>();
    for (const a of articles) for (const [name, n] of pick(a)) bump(m, name, n);
    return sorted(m);
  };
  const sum = (pick: (a: ArticleReport) => number) => articles.reduce((n, a) => n + pick(a), 0);
  const olds = articles.map((a) => a.citations.oldestDays).filter((d): d is number => d !== undefined);
  const news = articles.map((a) => a.citations.newestDays).filter((d): d is number => d !== undefined);
  let oldest: number | undefined;
  let newest: number | undefined;
  for (const d of olds) oldest = oldest === undefined ? d : Math.max(oldest, d);
  for (const d of news) newest = newest === undefined ? d : Math.min(newest, d);
  return {
    articles: articles.length,
    quotations: {
      total: sum((a) => a.quotations.total),
      cited: sum((a) => a.quotations.cited),
      uncited: sum((a) => a.quotations.uncited),
      attributed: sum((a) => a.quotations.attributed),
      anonymous: sum((a) => a.quotations.anonymous),
    },
    citations: { total: sum((a) => a.citations.total), bySource: merge((a) => a.citations.bySource), oldestDays: oldest, newestDays: newest },
    speakers: merge((a) => a.speakers),
    actors: merge((a) => a.actors),
  };
}

/** Reads and analyses the articles among `paths`, as `dateline check` finds them. */
export function buildReport(paths: readonly string[], cwd: string): { report: SourcingReport; errors: string[] } {
  const service = createLanguageService();
  const store = new ConfigStore(service);
  const { files, errors, unreadable } = collectFiles(paths.length ? paths : ['.'], cwd);
  const articles: ArticleReport[] = [];
  for (const file of files) {
    const outcome = readRegularFile(file.path, { maxBytes: DEFAULT_MAX_FILE_SIZE, root: file.root });
    if (outcome.kind !== 'text') continue;
    const loaded = store.forFile(file.path);
    const relative = loaded.path ? path.relative(path.dirname(loaded.path), file.path) : undefined;
    const entry = reportOfText(service, display(file.path, cwd), outcome.text, { flavor: file.flavor, config: loaded.config, relativePath: relative });
    if (entry) articles.push(entry);
  }
  return { report: { articles, total: totalOf(articles) }, errors: [...errors, ...unreadable] };
}

/** The report of one file's text, or undefined when it is not an article: the CLI and the editor's report both ask this. */
export function reportOfText(service: LanguageService, file: string, text: string, env: DocumentEnv): ArticleReport | undefined {
  const opened = service.open(text, env);
  const article = opened.isArticle ? opened.result.article : undefined;
  return article ? articleReport(file, article, opened.config) : undefined;
}

/** Most first; ties by name, in code-unit order so the output is the same everywhere. */
function sorted(map: Map<string, number>): Counts {
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function daysBetween(earlier: SimpleDate, later: SimpleDate): number {
  return Math.round((Date.UTC(later.year, later.month - 1, later.day) - Date.UTC(earlier.year, earlier.month - 1, earlier.day)) / 86_400_000);
}

// ---------------------------------------------------------------------------------------------
// Formats.

const TOP = 10;

function ago(days: number | undefined): string {
  if (days === undefined) return '—';
  if (days === 0) return 'same day';
  return days > 0 ? `${days} day${days === 1 ? '' : 's'} before` : `${-days} day${days === -1 ? '' : 's'} after`;
}

function list(counts: Counts, max = TOP): string {
  if (!counts.length) return '—';
  const shown = counts.slice(0, max).map(([n, c]) => `${n} (${c})`);
  return counts.length > max ? `${shown.join(', ')}, … ${counts.length - max} more` : shown.join(', ');
}

function mdCell(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, '\\$&').replace(/\r\n?|\n/g, ' ');
}

export function formatMarkdown(report: SourcingReport): string {
  const t = report.total;
  const out: string[] = ['# Sourcing report', ''];
  out.push(`${t.articles} article${t.articles === 1 ? '' : 's'}; ${t.quotations.total} quotations (${t.quotations.cited} cited, ${t.quotations.uncited} uncited, ${t.quotations.attributed} attributed, ${t.quotations.anonymous} anonymous); ${t.citations.total} citations.`, '');
  out.push('| Article | Quotations | Cited | Uncited | Attributed | Anonymous | Citations | Oldest cited | Newest cited |', '|---|---:|---:|---:|---:|---:|---:|---|---|');
  for (const a of report.articles) {
    const q = a.quotations;
    out.push(`| ${mdCell(a.file)} | ${q.total} | ${q.cited} | ${q.uncited} | ${q.attributed} | ${q.anonymous} | ${a.citations.total} | ${ago(a.citations.oldestDays)} | ${ago(a.citations.newestDays)} |`);
  }
  out.push(`| **All** | ${t.quotations.total} | ${t.quotations.cited} | ${t.quotations.uncited} | ${t.quotations.attributed} | ${t.quotations.anonymous} | ${t.citations.total} | ${ago(t.citations.oldestDays)} | ${ago(t.citations.newestDays)} |`, '');
  out.push('## The whole set', '', `- Sources: ${mdCell(list(t.citations.bySource))}`, `- Quoted: ${mdCell(list(t.speakers))}`, `- Actors mentioned: ${mdCell(list(t.actors))}`, '');
  for (const a of report.articles) {
    out.push(`## ${mdCell(a.file)}`, '');
    if (a.title) out.push(`${mdCell(a.title)}${a.date ? ` (${mdCell(a.date)})` : ''}`, '');
    else if (a.date) out.push(mdCell(a.date), '');
    out.push(`- Sources: ${mdCell(list(a.citations.bySource))}`, `- Quoted: ${mdCell(list(a.speakers))}`, `- Actors mentioned: ${mdCell(list(a.actors))}`);
    const uncited = a.quotationList.filter((q) => !q.cited);
    if (uncited.length) out.push(`- Uncited quotations at ${uncited.map((q) => `line ${q.line + 1}`).join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}

export function formatReportJson(report: SourcingReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link that opens the article at a place: a relative file URL with a line fragment, and the place as data for the editor. */
function placeLink(file: string, line: number, character: number, label: string): string {
  const href = file.split(path.sep).map(encodeURIComponent).join('/');
  return `<a href="${esc(href)}#L${line + 1}" data-file="${esc(file)}" data-line="${line}" data-character="${character}">${esc(label)}</a>`;
}

/** Stacked bars: cited and uncited quotations per article. */
function quotationChart(articles: readonly ArticleReport[]): string {
  const rowH = 22;
  const labelW = 200;
  const barW = 360;
  const rows = articles.slice(0, 200);
  let max = 1;
  for (const a of rows) max = Math.max(max, a.quotations.total);
  const h = rows.length * rowH + 30;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Quotations cited and uncited per article" viewBox="0 0 ${labelW + barW + 60} ${h}" width="${labelW + barW + 60}" height="${h}">`];
  rows.forEach((a, i) => {
    const y = i * rowH + 4;
    const cw = (a.quotations.cited / max) * barW;
    const uw = (a.quotations.uncited / max) * barW;
    parts.push(`<text x="${labelW - 6}" y="${y + 13}" text-anchor="end" class="label">${esc(a.file.length > 32 ? `…${a.file.slice(-31)}` : a.file)}</text>`);
    parts.push(`<rect x="${labelW}" y="${y}" width="${cw.toFixed(1)}" height="16" class="cited"><title>${a.quotations.cited} cited</title></rect>`);
    parts.push(`<rect x="${(labelW + cw).toFixed(1)}" y="${y}" width="${uw.toFixed(1)}" height="16" class="uncited"><title>${a.quotations.uncited} uncited</title></rect>`);
    parts.push(`<text x="${(labelW + cw + uw + 4).toFixed(1)}" y="${y + 13}" class="value">${a.quotations.cited}/${a.quotations.total}</text>`);
  });
  const ly = rows.length * rowH + 18;
  parts.push(`<rect x="${labelW}" y="${ly - 10}" width="12" height="12" class="cited"/><text x="${labelW + 16}" y="${ly}" class="label">cited</text>`);
  parts.push(`<rect x="${labelW + 70}" y="${ly - 10}" width="12" height="12" class="uncited"/><text x="${labelW + 86}" y="${ly}" class="label">uncited</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars: the most cited sources. */
function sourceChart(sources: Counts): string {
  const rows = sources.slice(0, TOP);
  const rowH = 22;
  const labelW = 200;
  const barW = 360;
  let max = 1;
  for (const r of rows) max = Math.max(max, r[1]);
  const h = Math.max(1, rows.length) * rowH + 8;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Most cited sources" viewBox="0 0 ${labelW + barW + 60} ${h}" width="${labelW + barW + 60}" height="${h}">`];
  rows.forEach(([name, n], i) => {
    const y = i * rowH + 4;
    const w = (n / max) * barW;
    parts.push(`<text x="${labelW - 6}" y="${y + 13}" text-anchor="end" class="label">${esc(name)}</text>`);
    parts.push(`<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="16" class="source"><title>${n} citations</title></rect>`);
    parts.push(`<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 13}" class="value">${n}</text>`);
  });
  if (!rows.length) parts.push(`<text x="${labelW}" y="16" class="label">No citations.</text>`);
  parts.push('</svg>');
  return parts.join('');
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;background:#fff;margin:24px auto;max-width:980px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d7dce3;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #d7dce3;padding:4px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}tr.total td{font-weight:600;background:#f3f5f8}.muted{color:#5b6574}
svg .label,svg .value{font:12px system-ui,sans-serif;fill:#1d2430}svg .cited{fill:#2f7d4f}svg .uncited{fill:#c2452d}svg .source{fill:#3a64b0}
a{color:#244f9e}section{break-inside:avoid}
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}}
@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#d4d4d4}th,td{border-color:#3c3c3c}tr.total td{background:#262a30}svg .label,svg .value{fill:#d4d4d4}a{color:#7aa7ff}}`;

/** The editor's colours, for the page shown in a webview. */
const WEBVIEW_STYLE = `body{background:var(--vscode-editor-background);color:var(--vscode-editor-foreground);font-family:var(--vscode-font-family,system-ui,sans-serif);max-width:none;margin:16px 0}
table{display:block;overflow-x:auto}svg{max-width:100%;height:auto}th,td{border-color:var(--vscode-panel-border,#8886);padding:3px 6px}tr.total td{background:var(--vscode-editor-inactiveSelectionBackground,#8882)}.muted{color:var(--vscode-descriptionForeground)}
a{color:var(--vscode-textLink-foreground)}svg .label,svg .value{fill:var(--vscode-editor-foreground)}
.toolbar{display:flex;gap:12px;align-items:center;margin:0 0 12px}.notice{border-left:3px solid var(--vscode-editorWarning-foreground,#c90);padding:4px 10px;margin:8px 0}
button{font:inherit;color:var(--vscode-button-foreground);background:var(--vscode-button-background);border:none;padding:4px 12px;cursor:pointer}button:hover{background:var(--vscode-button-hoverBackground)}`;

/**
 * What the webview page does: a link to a quotation asks the editor to open the article there,
 * the Refresh button asks for the report again. Handlers are attached here, never inline.
 */
const WEBVIEW_SCRIPT = `(function(){var vscode=acquireVsCodeApi();
document.addEventListener('click',function(e){var a=e.target&&e.target.closest?e.target.closest('a[data-file]'):null;if(!a)return;e.preventDefault();
vscode.postMessage({type:'open',file:a.getAttribute('data-file'),line:Number(a.getAttribute('data-line')),character:Number(a.getAttribute('data-character'))});});
var r=document.getElementById('refresh');if(r)r.addEventListener('click',function(){vscode.postMessage({type:'refresh'});});})();`;

export interface HtmlOptions {
  /** The Content-Security-Policy of the page; the default allows nothing but its inline style. */
  csp?: string;
  /** A line shown above the report (the editor says when only open articles are in it). */
  notice?: string;
  /** For an editor webview: the nonce its policy allows the page's style and script by, a Refresh button and the editor's colours. */
  webview?: { nonce: string };
}

export function formatHtml(report: SourcingReport, options: HtmlOptions = {}): string {
  const t = report.total;
  const csp = options.csp ?? "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  const webview = options.webview;
  const nonce = webview ? ` nonce="${esc(webview.nonce)}"` : '';
  const toolbar = webview ? '<div class="toolbar"><h1>Sourcing report</h1><button id="refresh" type="button">Refresh</button></div>' : '<h1>Sourcing report</h1>';
  const notice = options.notice ? `<p class="notice">${esc(options.notice)}</p>` : '';
  const rows = report.articles.map((a) => {
    const q = a.quotations;
    return `<tr><td><a href="#${esc(anchor(a.file))}">${esc(a.file)}</a></td><td class="n">${q.total}</td><td class="n">${q.cited}</td><td class="n">${q.uncited}</td><td class="n">${q.attributed}</td><td class="n">${q.anonymous}</td><td class="n">${a.citations.total}</td><td>${esc(ago(a.citations.oldestDays))}</td><td>${esc(ago(a.citations.newestDays))}</td></tr>`;
  });
  const sections = report.articles.map((a) => {
    const quotes = a.quotationList.map((q) => `<li>${placeLink(a.file, q.line, q.character, `line ${q.line + 1}`)}: ${q.words} words, ${q.cited ? 'cited' : '<strong>uncited</strong>'}${q.speaker ? `, ${esc(q.speaker)}` : q.anonymous ? ', anonymous' : q.attributed ? '' : ', no speaker'}</li>`);
    return `<section id="${esc(anchor(a.file))}"><h2>${esc(a.file)}</h2>${a.title ? `<p>${esc(a.title)}${a.date ? ` <span class="muted">${esc(a.date)}</span>` : ''}</p>` : a.date ? `<p class="muted">${esc(a.date)}</p>` : ''}
<p>Sources: ${esc(list(a.citations.bySource))}<br>Quoted: ${esc(list(a.speakers))}<br>Actors mentioned: ${esc(list(a.actors))}</p>${quotes.length ? `<ul>${quotes.join('')}</ul>` : '<p class="muted">No quotations.</p>'}</section>`;
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${esc(csp)}"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sourcing report</title><style${nonce}>${STYLE}${webview ? `\n${WEBVIEW_STYLE}` : ''}</style></head>
<body>${toolbar}${notice}
<p>${t.articles} article${t.articles === 1 ? '' : 's'}; ${t.quotations.total} quotations (${t.quotations.cited} cited, ${t.quotations.uncited} uncited, ${t.quotations.attributed} attributed, ${t.quotations.anonymous} anonymous); ${t.citations.total} citations.</p>
<table><thead><tr><th>Article</th><th class="n">Quotations</th><th class="n">Cited</th><th class="n">Uncited</th><th class="n">Attributed</th><th class="n">Anonymous</th><th class="n">Citations</th><th>Oldest cited</th><th>Newest cited</th></tr></thead><tbody>
${rows.join('\n')}
<tr class="total"><td>All</td><td class="n">${t.quotations.total}</td><td class="n">${t.quotations.cited}</td><td class="n">${t.quotations.uncited}</td><td class="n">${t.quotations.attributed}</td><td class="n">${t.quotations.anonymous}</td><td class="n">${t.citations.total}</td><td>${esc(ago(t.citations.oldestDays))}</td><td>${esc(ago(t.citations.newestDays))}</td></tr></tbody></table>
<section><h2>Quotations cited and uncited, per article</h2>${quotationChart(report.articles)}</section>
<section><h2>Most cited sources</h2>${sourceChart(t.citations.bySource)}</section>
<section><h2>The whole set</h2><p>Quoted: ${esc(list(t.speakers))}<br>Actors mentioned: ${esc(list(t.actors))}</p></section>
${sections.join('\n')}
${webview ? `<script${nonce}>${WEBVIEW_SCRIPT}</script>\n` : ''}</body></html>
`;
}

function anchor(file: string): string {
  return `article-${file.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** `dateline report …`; resolves to the exit code. */
export async function runReport(argv: readonly string[], io: CliIO): Promise<number> {
  const read = readCommand(argv, io, { name: 'report', usage: REPORT_USAGE, values: ['--format', '--output-file'], formats: FORMATS });
  if (typeof read === 'number') return read;
  const { options, format } = read;
  const outputFile = options.values['--output-file'];
  const paths = options.positional;
  const { report, errors } = buildReport(paths, io.cwd);
  if (errors.length) {
    io.stderr.write(`${errors.join('\n')}\n`);
    return 2;
  }
  const f = format as Format;
  const text = f === 'json' ? formatReportJson(report) : f === 'html' ? formatHtml(report) : formatMarkdown(report);
  return emitOutput(io, outputFile, text);
}
