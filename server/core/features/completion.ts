/**
 * Completion: actors in prose, sources and dates in citations, fields and values in the header.
 *
 * Actor items follow the house rule that an article names an actor in full before it uses a short
 * form. Before the first mention of an actor (no mention of it before the cursor) the full name
 * comes first, then the full name with the role title held on the article's date ("Minister of
 * Agriculture Tomas Varga"): the plain name is always right, the title only sometimes. After the
 * first mention the short form (the surname, or the alias being typed) comes first, unless another
 * actor the article names shares it, in which case the full name leads again.
 *
 * Every item of one actor carries the same `filterText`, so an editor that scores items by its own
 * filter ranks them equally and falls back to our `sortText`.
 *
 * Prose stays quiet where names are unlikely: after punctuation that triggered the request, on a
 * lower-case word shorter than three letters, and on common words such as `the` or `said`.
 */
import { yamlScalar } from '../yamlScalar';
import { roleOn, type Actor, type ActorKind, type ActorRole } from '../actors/registry';
import { apMonth, inferYear, matchMonth, type SimpleDate } from '../dates';
import type { Article } from '../parser/article';
import { MAX_CITATION_LENGTH } from '../parser/citations';
import type { Header } from '../parser/header';
import { describeTypes, type FieldSpec } from '../schema';
import { isWordChar } from '../text';
import type { Span } from '../types';
import { actorSearchFor, fold, surnameOf, type ActorMatch, type ActorSearch } from './actorSearch';
import { actorCard } from './hover';
import { citationDate, daysBefore, headerDate, isoDate, longDate, plural, snippetText, type FeatureContext } from './shared';
import { ArticleMemo } from '../memo';

export type CompletionKind = 'actor' | 'source' | 'field' | 'value' | 'date';

export interface CompletionItem {
  label: string;
  /** Shown right after the label: what a snippet adds, such as `, March 22)`. */
  labelDetail?: string;
  kind: CompletionKind;
  /** For actors: the kind of actor, so an editor can pick an icon. */
  actorKind?: ActorKind;
  actorId?: string;
  /** The text the item replaces: what was typed of it, up to the cursor or the end of the word. */
  span: Span;
  insertText: string;
  /** `insertText` is a snippet with `${1:…}` placeholders. */
  isSnippet?: boolean;
  filterText: string;
  sortText: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
}

export interface CompletionList {
  items: CompletionItem[];
  /** More would match than were offered: ask again as the writer types. */
  isIncomplete: boolean;
}

export interface CompletionOptions {
  /** The character that triggered the request, if one did. In prose nothing is offered then. */
  triggerCharacter?: string;
  /** Today's date, offered for date fields in the header. The core has no clock of its own. */
  today?: SimpleDate;
  /** Most actors offered at once (default 30); beyond it the list is incomplete. */
  maxActors?: number;
  /**
   * Actor items come without their card (they keep `actorId`), which `actorDocumentation` gives
   * when the editor shows one: a list of dozens of actors then costs a few kilobytes, not tens.
   */
  lazyDocumentation?: boolean;
}

const EMPTY: CompletionList = { items: [], isIncomplete: false };
/** Words of prose that never start a name search of their own. */
const COMMON_WORDS = new Set([
  'the', 'and', 'but', 'for', 'nor', 'not', 'was', 'were', 'are', 'has', 'had', 'have', 'his', 'her', 'hers', 'its', 'our',
  'their', 'them', 'they', 'this', 'that', 'these', 'those', 'with', 'from', 'into', 'onto', 'over', 'under', 'said', 'says',
  'told', 'who', 'whom', 'which', 'what', 'when', 'where', 'while', 'would', 'could', 'should', 'will', 'can', 'may', 'also',
  'been', 'being', 'than', 'then', 'there', 'after', 'before', 'about', 'between', 'against', 'during', 'since', 'until',
  'one', 'two', 'all', 'any', 'some', 'more', 'most', 'other', 'such', 'only', 'very', 'just', 'out', 'off', 'per', 'via',
]);
const DEFAULT_MAX_ACTORS = 30;

export function complete(ctx: FeatureContext, offset: number, options: CompletionOptions = {}): CompletionList {
  const text = ctx.article.text;
  const at = Math.max(0, Math.min(offset, text.length));
  const header = headerSpot(ctx.article, at);
  if (header) return completeHeader(ctx, header, options);
  // In the header, but where nothing fits (the `---` line, a nested YAML value).
  if (header === null) return EMPTY;
  const paren = parenSpot(text, at, ctx.article.bodyStart);
  if (paren) {
    const result = completeCitation(ctx, paren, at, options);
    if (result) return result;
  }
  // Punctuation in prose is not a reason to pop up a list.
  if (options.triggerCharacter) return EMPTY;
  return completeActors(ctx, at, options, 0);
}

// ---------------------------------------------------------------------------------------------
// Header

interface KeySpot {
  kind: 'key';
  span: Span;
  /** A colon already follows: insert the name only. */
  hasColon: boolean;
  capital: boolean;
  yaml: boolean;
  present: Set<string>;
}

interface ValueSpot {
  kind: 'value';
  field: string;
  span: Span;
  /** Nothing separates the colon from the cursor: the value needs a leading space. */
  space: boolean;
  yaml: boolean;
  capital: boolean;
  present: Set<string>;
  /** Header lines hold several fields: a last word after the value may be the next key. */
  innerKey?: Span;
}

type HeaderSpot = KeySpot | ValueSpot;

function lineOf(article: Article, offset: number): { start: number; end: number } {
  const line = article.lines.positionAt(offset).line;
  return { start: article.lines.lineStart(line), end: article.lines.lineEnd(line) };
}

function isBlankRange(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

function wordEnd(text: string, from: number, limit: number): number {
  let e = from;
  while (e < limit && (isWordChar(text.charCodeAt(e)) || text.charCodeAt(e) === 45 || text.charCodeAt(e) === 95)) e++;
  return e;
}

/** Where in the header the cursor is; `null` inside the header where nothing fits, undefined outside it. */
function headerSpot(article: Article, offset: number): HeaderSpot | null | undefined {
  const text = article.text;
  const whole = lineOf(article, offset);
  // A byte order mark is not part of the first line's key.
  const line = { start: Math.max(whole.start, article.contentStart), end: whole.end };
  const before = text.slice(line.start, offset);
  const h = article.header;
  if (!h) {
    // A new article: its first line may become the header's first key.
    if (!isBlankRange(text, article.contentStart, line.start)) return undefined;
    const m = /^[ \t]*([A-Za-z][\w-]*)?$/.exec(before);
    if (!m) return undefined;
    const end = wordEnd(text, offset, line.end);
    const after = text.slice(end, line.end);
    if (after.trim() && !/^[ \t]*:/.test(after)) return undefined;
    return { kind: 'key', span: { start: offset - (m[1]?.length ?? 0), end }, hasColon: /^[ \t]*:/.test(after), capital: true, yaml: false, present: new Set() };
  }
  if (offset < h.span.start || offset > h.span.end) return undefined;
  return h.style === 'yaml' ? yamlSpot(text, h, line, offset, before) : linesSpot(text, h, line, offset, before);
}

function linesSpot(text: string, h: Header, line: { start: number; end: number }, offset: number, before: string): HeaderSpot | null {
  const capital = !h.fields.length || h.fields.some((f) => /^[A-Z]/.test(f.key));
  let field: Header['fields'][number] | undefined;
  for (const f of h.fields) if (f.keySpan.start >= line.start && f.keySpan.start <= offset && f.keySpan.start <= line.end) field = f;
  const present = new Set(h.fields.filter((f) => f !== field).map((f) => f.name));
  if (field && offset <= field.keySpan.end) {
    return { kind: 'key', span: field.keySpan, hasColon: true, capital, yaml: false, present };
  }
  if (field) {
    const colonEnd = text.indexOf(':', field.keySpan.end) + 1;
    if (colonEnd <= 0 || offset < colonEnd) return null;
    let start = colonEnd;
    while (start < offset && (text[start] === ' ' || text[start] === '\t')) start++;
    const end = Math.max(offset, Math.min(field.valueSpan.end, line.end));
    const typed = text.slice(start, offset);
    const last = /[ \t]([A-Za-z][\w-]*)$/.exec(typed);
    present.add(field.name);
    return {
      kind: 'value', field: field.name, span: { start, end }, space: start === colonEnd, yaml: false, capital, present,
      innerKey: last ? { start: offset - last[1].length, end: wordEnd(text, offset, line.end) } : undefined,
    };
  }
  const m = /^[ \t]*([A-Za-z][\w-]*)?$/.exec(before);
  if (!m) return null;
  const end = wordEnd(text, offset, line.end);
  return { kind: 'key', span: { start: offset - (m[1]?.length ?? 0), end }, hasColon: /^[ \t]*:/.test(text.slice(end, line.end)), capital, yaml: false, present };
}

function yamlSpot(text: string, h: Header, line: { start: number; end: number }, offset: number, before: string): HeaderSpot | null {
  if (line.start === h.span.start) return null;
  if (/^(---|\.\.\.)[ \t]*$/.test(text.slice(line.start, line.end))) return null;
  // Keys of the block, read from its lines: a block still being written may not parse yet.
  const present = new Set(h.fields.map((f) => f.name));
  const keyLine = /^([A-Za-z][\w-]*)[ \t]*:/gm;
  const block = text.slice(h.span.start, h.span.end);
  let k: RegExpExecArray | null;
  let thisKey: string | undefined;
  while ((k = keyLine.exec(block))) {
    if (h.span.start + k.index === line.start) thisKey = k[1].toLowerCase();
    else present.add(k[1].toLowerCase());
  }
  if (thisKey && !h.fields.some((f) => f.name === thisKey && f.keySpan.start !== line.start)) present.delete(thisKey);
  const capital = h.fields.some((f) => /^[A-Z]/.test(f.key));
  // The value starts at its first non-blank character, so the blanks before it are not tried twice.
  const value = /^([A-Za-z][\w-]*)[ \t]*:([ \t]*)((?:[^ \t\n\r\u2028\u2029].*)?)$/.exec(before);
  if (value) {
    // Quoted, flow and block values are YAML of their own; leave them alone.
    if (/^["'[{|>&*!]/.test(value[3])) return null;
    const start = offset - value[3].length;
    let end = line.end;
    while (end > offset && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    present.add(value[1].toLowerCase());
    return { kind: 'value', field: value[1].toLowerCase(), span: { start, end: Math.max(offset, end) }, space: value[2] === '', yaml: true, capital, present };
  }
  const key = /^([A-Za-z][\w-]*)?$/.exec(before);
  if (!key) return null;
  const end = wordEnd(text, offset, line.end);
  return { kind: 'key', span: { start: line.start, end }, hasColon: /^[ \t]*:/.test(text.slice(end, line.end)), capital, yaml: true, present };
}

function completeHeader(ctx: FeatureContext, spot: HeaderSpot, options: CompletionOptions): CompletionList {
  if (spot.kind === 'key') return { items: keyItems(ctx, spot.span, spot.hasColon, spot.capital, spot.yaml, spot.present, 0), isIncomplete: false };
  const items = valueItems(ctx, spot, options);
  if (spot.innerKey) for (const item of keyItems(ctx, spot.innerKey, false, spot.capital, false, spot.present, items.length)) items.push(item);
  return { items, isIncomplete: false };
}

function choice(value: string): string {
  return value.replace(/[\\$}|,]/g, '\\$&');
}

function keyItems(ctx: FeatureContext, span: Span, hasColon: boolean, capital: boolean, yaml: boolean, present: Set<string>, rankBase: number): CompletionItem[] {
  const fields = ctx.config.schema.filter((f) => !present.has(f.name));
  // Required fields first: those are the ones a header cannot do without.
  const ordered = [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
  return ordered.map((spec, i) => {
    const key = capital ? spec.name.charAt(0).toUpperCase() + spec.name.slice(1) : spec.name;
    let insertText = hasColon ? key : `${key}: `;
    let isSnippet = false;
    if (!hasColon && spec.types.length === 1 && spec.types[0] === 'enum' && spec.values?.length) {
      insertText = `${snippetText(key)}: \${1|${spec.values.map(choice).join(',')}|}`;
      isSnippet = true;
    } else if (!hasColon && yaml && spec.types.length === 1 && spec.types[0] === 'list') {
      insertText = `${snippetText(key)}: [$1]`;
      isSnippet = true;
    }
    return {
      label: key,
      kind: 'field' as const,
      span,
      insertText,
      isSnippet: isSnippet || undefined,
      filterText: key,
      sortText: sortKey(rankBase + i),
      detail: `${spec.required ? 'required · ' : ''}${describeTypes(spec)}`,
      documentation: spec.description,
    };
  });
}

function valueItems(ctx: FeatureContext, spot: ValueSpot, options: CompletionOptions): CompletionItem[] {
  const spec: FieldSpec | undefined = ctx.config.schema.find((f) => f.name === spot.field);
  const lead = spot.space ? ' ' : '';
  const items: CompletionItem[] = [];
  const add = (value: string, detail: string, documentation?: string) => {
    const written = spot.yaml ? yamlScalar(value) : value;
    items.push({ label: value, kind: 'value', span: spot.span, insertText: lead + written, filterText: value, sortText: sortKey(items.length), detail, documentation });
  };
  for (const value of spec?.values ?? []) add(value, `${spec!.name} value`, spec!.description);
  if (spot.field === 'publication' && ctx.workspace) {
    const used = [...ctx.workspace.publications()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const [name, count] of used) add(name, `used by ${plural(count, 'article')} in the workspace`);
  }
  if (spec?.types.includes('date') && options.today) {
    add(spot.yaml ? isoDate(options.today) : headerDate(options.today), 'today');
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Citations

interface ParenSpot {
  open: number;
  /** Start of the citation part the cursor is in: after `(` or the last `;`. */
  partStart: number;
  /** The part's first comma before the cursor, or -1. */
  comma: number;
  /** End of the part after the cursor: its `)` or `;`, or the line end. */
  restEnd: number;
  /** No `)` or `;` follows on the line: an inserted citation must close the parenthesis. */
  needsClose: boolean;
}

/** The open parenthesis the cursor is in, within the paragraph and the length a citation may have. */
function parenSpot(text: string, offset: number, bodyStart: number): ParenSpot | undefined {
  const min = Math.max(bodyStart, offset - MAX_CITATION_LENGTH);
  let open = -1;
  let lineBreak = -1;
  for (let i = offset - 1; i >= min; i--) {
    const c = text.charCodeAt(i);
    if (c === 41 /* ) */) return undefined;
    if (c === 40 /* ( */) {
      open = i;
      break;
    }
    if (c === 10 || c === 13) {
      const start = c === 10 && i > 0 && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
      // A blank line ends the paragraph, and with it any parenthesis.
      if (lineBreak >= 0 && isBlankRange(text, i + 1, lineBreak)) return undefined;
      lineBreak = start;
      i = start;
    }
  }
  if (open < 0) return undefined;
  let partStart = open + 1;
  let comma = -1;
  for (let i = open + 1; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 59 /* ; */) {
      partStart = i + 1;
      comma = -1;
    } else if (c === 44 /* , */ && comma < 0) comma = i;
  }
  const max = Math.min(text.length, offset + MAX_CITATION_LENGTH);
  let k = offset;
  while (k < max) {
    const c = text.charCodeAt(k);
    if (c === 41 || c === 59 || c === 40 || c === 10 || c === 13) break;
    k++;
  }
  const needsClose = !(k < text.length && (text.charCodeAt(k) === 41 || text.charCodeAt(k) === 59));
  return { open, partStart, comma, restEnd: k, needsClose };
}

function trimEndOffset(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

function completeCitation(ctx: FeatureContext, spot: ParenSpot, offset: number, options: CompletionOptions): CompletionList | undefined {
  const text = ctx.article.text;
  // An edit may not cross lines: in a citation wrapped over two, replace from this line's start.
  const lineStart = lineOf(ctx.article, offset).start;
  if (spot.comma < 0) {
    let start = Math.max(spot.partStart, lineStart);
    while (start < offset && /\s/.test(text[start])) start++;
    const typed = text.slice(start, offset);
    const words = typed.split(/\s+/).filter(Boolean);
    // A long or lower-case phrase in parentheses is an aside, not a source.
    if (words.length > 4 || (words.length > 1 && !/^[\p{Lu}\p{N}]/u.test(typed))) return undefined;
    const rest = text.slice(offset, spot.restEnd);
    let end = offset;
    let withDate = true;
    if (rest.trim()) {
      withDate = false;
      const comma = rest.indexOf(',');
      end = comma >= 0 ? trimEndOffset(text, offset, offset + comma) : wordEnd(text, offset, spot.restEnd);
    }
    const items = sourceItems(ctx, { start, end }, withDate, spot.needsClose);
    if (!typed) return { items, isIncomplete: false };
    // A name in parentheses may still be an actor: offer them after the sources.
    const actors = completeActors(ctx, offset, options, items.length);
    return { items: [...items, ...actors.items], isIncomplete: actors.isIncomplete };
  }
  const source = text.slice(spot.partStart, spot.comma).trim();
  if (source && (!/^[\p{Lu}\p{N}]/u.test(source) || source.split(/\s+/).length > 6)) return undefined;
  const date = ctx.article.date;
  const typed = text.slice(spot.comma + 1, offset);
  const secondComma = typed.indexOf(',');
  if (secondComma >= 0) {
    // `(Source, July 3, ` wants the year that puts the date on or before the article's.
    if (!date) return EMPTY;
    const md = /^\s*([A-Za-z]+\.?)\s+(\d{1,2})\s*$/.exec(typed.slice(0, secondComma));
    const month = md ? matchMonth(md[1]) : undefined;
    const year = month && month.kind !== 'misspelled' ? inferYear(month.month, Number(md![2]), date) : date.year;
    const start = Math.max(spot.comma + 1 + secondComma + 1, lineStart);
    const end = Math.max(offset, trimEndOffset(text, offset, spot.restEnd));
    const label = String(year);
    const lead = start === lineStart ? '' : ' ';
    return { items: [{ label, kind: 'date', span: { start, end }, insertText: `${lead}${label}${spot.needsClose ? ')' : ''}`, filterText: label, sortText: sortKey(0), detail: 'the year, from the article\'s date' }], isIncomplete: false };
  }
  // `\s* month? .? \s* day?`, written so that no two parts can match the same blanks.
  if (!/^\s*(?:[A-Za-z]+\.?\s*|\.\s*)?\d{0,2}$/.test(typed)) return EMPTY;
  const span = { start: Math.max(spot.comma + 1, lineStart), end: Math.max(offset, trimEndOffset(text, offset, spot.restEnd)) };
  return { items: dateItems(date, span, span.start === spot.comma + 1 ? ' ' : '', spot.needsClose), isIncomplete: false };
}

function sourceItems(ctx: FeatureContext, span: Span, withDate: boolean, needsClose: boolean): CompletionItem[] {
  const { config, article, workspace } = ctx;
  const close = needsClose ? ')' : '';
  const dateText = article.date ? citationDate(article.date) : 'Month Day';
  const tail = withDate ? `, \${1:${snippetText(dateText)}}${close}` : '';
  const labelDetail = withDate ? `, ${dateText}${close}` : undefined;
  // Citations per name, ignoring case: the workspace's counts and this article's own citations.
  const cited = new Map<string, { name: string; count: number }>();
  for (const [name, count] of workspace?.sources() ?? []) {
    const key = name.toLowerCase();
    const entry = cited.get(key);
    if (entry) entry.count += count;
    else cited.set(key, { name, count });
  }
  // This article's own citations per name: what the writer is citing right now comes first.
  const here = datedCitationsBySource(article);
  const inArticle = (names: string[]) => names.reduce((n, s) => n + (here.get(s.toLowerCase()) ?? 0), 0);
  const count = (names: string[]) => names.reduce((n, s) => n + (cited.get(s.toLowerCase())?.count ?? 0), 0);
  const usage = (names: string[]) => {
    const n = count(names);
    if (n) return `cited in ${plural(n, 'article')}`;
    return names.some((s) => here.has(s.toLowerCase())) ? 'cited in this article' : undefined;
  };
  const items: CompletionItem[] = [];
  const push = (label: string, filterText: string, detail: string | undefined, documentation?: string) => {
    items.push({
      label,
      labelDetail,
      kind: 'source',
      span,
      insertText: withDate ? snippetText(label) + tail : label,
      isSnippet: withDate || undefined,
      filterText,
      sortText: sortKey(items.length),
      detail,
      documentation,
    });
  };
  // Registry sources (those this article cites first, then the workspace's most cited); then
  // sources only the workspace knows; then aliases. The same order as the empty-source fixes.
  const registry = config.sources
    .map((entry, i) => ({ entry, i, here: inArticle([entry.name, ...entry.aliases]), n: count([entry.name, ...entry.aliases]) }))
    .sort((a, b) => b.here - a.here || b.n - a.n || a.i - b.i);
  for (const { entry } of registry) {
    const parts = [entry.aliases.length ? `also ${entry.aliases.join(', ')}` : '', usage([entry.name, ...entry.aliases]) ?? 'in the source registry'].filter(Boolean);
    push(entry.name, [entry.name, ...entry.aliases].join(' '), parts.join(' · '), entry.description);
  }
  const known = new Set(config.sources.flatMap((s) => [s.name, ...s.aliases]).map((s) => s.toLowerCase()));
  const others = [...cited.values()].filter((c) => !known.has(c.name.toLowerCase())).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  for (const other of others) {
    push(other.name, other.name, `cited in ${plural(other.count, 'article')}${config.hasSourceRegistry ? ' · not in the source registry' : ''}`);
  }
  for (const { entry } of registry) {
    for (const alias of entry.aliases) push(alias, alias, `alias of ${entry.name}`, entry.description);
  }
  return items;
}

const citedHere = new ArticleMemo<Article, Map<string, number>>();

/** The article's dated citations per lower-cased source name, counted once per analysed article: a 1 MB article has thousands. */
function datedCitationsBySource(article: Article): ReadonlyMap<string, number> {
  let here = citedHere.get(article);
  if (here) return here;
  here = new Map<string, number>();
  for (const c of article.body.citations) {
    for (const p of c.parts) {
      if (!p.date) continue;
      for (const named of p.sources) {
        const key = named.name.trim().toLowerCase();
        if (key) here.set(key, (here.get(key) ?? 0) + 1);
      }
    }
  }
  citedHere.set(article, here);
  return here;
}

function dateItems(date: SimpleDate | undefined, span: Span, lead: string, needsClose: boolean): CompletionItem[] {
  const close = needsClose ? ')' : '';
  const items: CompletionItem[] = [];
  if (date) {
    // The article's date and the days before it: what a citation most often names.
    for (let d = 0; d < 7; d++) {
      const day = daysBefore(date, d);
      const label = citationDate(day);
      items.push({
        label,
        kind: 'date',
        span,
        insertText: `${lead}${label}${close}`,
        filterText: label,
        sortText: sortKey(items.length),
        detail: d === 0 ? "the article's date" : `${plural(d, 'day')} before the article's date`,
        documentation: longDate(day),
      });
    }
  }
  // Month names in AP style, for any other date.
  for (let m = 1; m <= 12; m++) {
    const month = apMonth(m);
    items.push({
      label: month,
      kind: 'date',
      span,
      insertText: `${lead}${snippetText(month)} \${1:1}${close}`,
      isSnippet: true,
      filterText: month,
      sortText: sortKey(items.length),
      detail: 'month, AP style',
    });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Actors

/** Letters, digits, and the hyphens, apostrophes and dots names carry (Jean-Luc, O’Brien, Dr.). */
function isNameChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (isWordChar(c)) return true;
  return (c === 45 || c === 39 || c === 0x2019 || c === 46) && i > 0 && isWordChar(text.charCodeAt(i - 1));
}

function completeActors(ctx: FeatureContext, offset: number, options: CompletionOptions, rankBase: number): CompletionList {
  const { article, config } = ctx;
  if (!config.actors.length) return EMPTY;
  const search = actorSearchFor(config.actors);
  const text = article.text;
  const line = lineOf(article, offset);
  let start = offset;
  while (start > line.start && isNameChar(text, start - 1)) start--;
  while (start < offset && !isWordChar(text.charCodeAt(start))) start++;
  let query = text.slice(start, offset);
  // Up to two words before it when together they begin a name: `Tomas Va`, `Minister Var`.
  if (query) {
    for (let n = 0; n < 2; n++) {
      const space = start - 1;
      if (space <= line.start || (text.charCodeAt(space) !== 32 && text.charCodeAt(space) !== 0xa0)) break;
      let p = space;
      while (p > line.start && isNameChar(text, p - 1)) p--;
      if (p === space || !isWordChar(text.charCodeAt(p))) break;
      const longer = text.slice(p, offset);
      if (!search.hasPrefix(longer)) break;
      start = p;
      query = longer;
    }
  }
  const span = { start, end: query ? wordEnd(text, offset, line.end) : offset };
  // Prose is mostly lower-case words, and a large registry matches almost any of them fuzzily:
  // a lower-case word needs three letters and must not be a common word before names are offered.
  // The list is marked incomplete so the editor asks again as the word grows.
  if (!query.includes(' ') && !/^\p{Lu}/u.test(query) && ((query.length > 0 && query.length < 3) || COMMON_WORDS.has(query.toLowerCase()))) {
    return { items: [], isIncomplete: true };
  }

  const facts = mentionFacts(article);
  const { matches, truncated } = search.search(query, options.maxActors ?? DEFAULT_MAX_ACTORS, facts.named);
  const items: CompletionItem[] = [];
  for (const match of matches) {
    // Introduced: named alone (not as one of several candidates) before the word being typed.
    const introduced = (facts.firstEnd.get(match.actor.id) ?? Infinity) <= start;
    for (const item of actorItems(ctx, search, match, introduced, facts.fullUsed, span, options.lazyDocumentation === true)) {
      items.push({ ...item, sortText: sortKey(rankBase + items.length) });
    }
  }
  return { items, isIncomplete: truncated || !query };
}

interface MentionFacts {
  /** Every actor the article names, ambiguously or not. */
  named: Set<string>;
  /** Actors whose full name the article uses unambiguously. */
  fullUsed: Set<string>;
  /** Where each actor's first unambiguous mention ends. */
  firstEnd: Map<string, number>;
}

const factsCache = new ArticleMemo<Article, MentionFacts>();

/** What completion needs from the article's mentions, gathered once per analysed article. */
function mentionFacts(article: Article): MentionFacts {
  let facts = factsCache.get(article);
  if (!facts) {
    facts = { named: new Set(), fullUsed: new Set(), firstEnd: new Map() };
    for (const m of article.mentions) {
      if (m.actorIds.length === 1) {
        const id = m.actorIds[0];
        if (m.full) facts.fullUsed.add(id);
        if (!facts.firstEnd.has(id)) facts.firstEnd.set(id, m.span.end);
      }
      for (const id of m.actorIds) facts.named.add(id);
    }
    factsCache.set(article, facts);
  }
  return facts;
}

/** The role a title in front of the name should show: the one held on the article's date. */
function titleRole(actor: Actor, date: SimpleDate | undefined): ActorRole | undefined {
  if (actor.kind !== 'person') return undefined;
  if (date) return roleOn(actor, date);
  const latest = roleOn(actor, undefined);
  return latest && !latest.to ? latest : undefined;
}

function actorItems(ctx: FeatureContext, search: ActorSearch, match: ActorMatch, introduced: boolean, fullUsed: Set<string>, span: Span, lazy: boolean): Omit<CompletionItem, 'sortText'>[] {
  const { actor, form } = match;
  const role = titleRole(actor, ctx.article.date);
  const what = role ? role.title : actor.kind;
  const forms: { text: string; detail: string }[] = [];
  if (!introduced) {
    forms.push({ text: actor.name, detail: `first mention: full name · ${what}` });
    if (role) forms.push({ text: `${role.title} ${actor.name}`, detail: 'first mention: title and full name' });
  } else {
    // The short form the writer is heading for: the alias or surname typed, else the surname.
    const short = form.kind !== 'full' ? form.text : surnameOf(actor);
    const sharers = short ? (search.owners.get(fold(short)) ?? []).filter((id) => id !== actor.id && fullUsed.has(id)) : [];
    if (short && !sharers.length) {
      forms.push({ text: short, detail: `${actor.name} · ${what}` });
      forms.push({ text: actor.name, detail: `full name · ${what}` });
    } else {
      forms.push({ text: actor.name, detail: `full name · ${what}` });
      if (short) {
        const others = sharers.map((id) => search.byId.get(id)?.name ?? id).join(', ');
        forms.push({ text: short, detail: `${actor.name} · ambiguous here: also ${others}` });
      }
    }
  }
  const documentation = lazy ? undefined : actorCard(ctx, actor);
  const filterText = [actor.name, ...actor.aliases].join(' ').slice(0, 120);
  return forms.map((f) => ({
    label: f.text,
    kind: 'actor' as const,
    actorKind: actor.kind,
    actorId: actor.id,
    span,
    insertText: f.text,
    filterText,
    detail: f.detail,
    documentation,
  }));
}

/** The card an actor item leaves out with `lazyDocumentation`; undefined for an id the registry no longer has. */
export function actorDocumentation(ctx: FeatureContext, actorId: string): string | undefined {
  const actor = actorSearchFor(ctx.config.actors).byId.get(actorId);
  return actor && actorCard(ctx, actor);
}

function sortKey(n: number): string {
  return String(n).padStart(5, '0');
}
