import { compareDates, exactMonth, fullYear, inferYear, matchMonth, type MonthMatch, type SimpleDate } from '../dates';
import { numericOrder, type DateFormName } from '../style';
import type { Span } from '../types';
import { isAnySpace, isFormatChar, isUpper, isWordChar } from '../text';

/** The form a date is written in (for a numeric date, the reading used). */
export type DateForm = DateFormName;

export interface CitationDate {
  /** The whole date, both ends of a range included. */
  span: Span;
  monthText: string;
  monthSpan: Span;
  month: MonthMatch;
  day: number;
  daySpan: Span;
  /** The year as written, if it was. */
  year?: number;
  form: DateForm;
  /** A slip a fix can correct within the form: `July 3 2008` (no comma), `Jul 3` or `july 3` (month). */
  flaw?: 'no-year-comma' | 'month-form';
  /** A numeric date the style does not say how to read, with both readings possible: `01.03.09` under `ap`. */
  ambiguous?: boolean;
  /** The end of a range: `July 27-30`, `June 30–July 2`. The fields above describe its start. */
  end?: CitationDate;
}

export interface SourceName {
  name: string;
  span: Span;
}

export interface CitationPart {
  /** The trimmed part between `(`, `;` and `)` (or the comma after a dated source). */
  span: Span;
  /** Everything before the date: one source, or several separated by commas. */
  source: string;
  sourceSpan: Span;
  /** Each source named: `(Interfax, international news agencies, July 27)` names two. */
  sources: SourceName[];
  /** A comma stands between the source and the date. */
  hasComma: boolean;
  date?: CitationDate;
  /** A wire credit with no date, `(Reuters)`, in a style whose `citations.undated` counts it. */
  undated?: boolean;
}

/** What the house style says about citations, as the parser needs it. */
export interface CitationOptions {
  dates: readonly DateFormName[];
  undated: boolean;
}

export const DEFAULT_CITATION_OPTIONS: CitationOptions = { dates: ['ap'], undated: false };

export interface Citation {
  /** From `(` to `)` inclusive. */
  span: Span;
  parts: CitationPart[];
}

/** Longest parenthesis content considered for a citation; longer ones are prose (completion looks as far). */
export const MAX_CITATION_LENGTH = 300;

/** Lower-case words that end prose before a date: `(since July 3)` is not a citation. */
const PROSE_WORDS = new Set([
  'in', 'on', 'since', 'until', 'till', 'by', 'from', 'of', 'to', 'before', 'after', 'through', 'between',
  'and', 'or', 'as', 'at', 'during', 'from', 'for', 'dated', 'updated', 'see', 'around', 'about',
]);

/**
 * The next `(` and `)` at or after the scan position (-2: not searched yet, -1: none left). Shared by
 * the calls for one text's paragraphs, in order, so each parenthesis is searched for only once.
 */
export interface ParenCursor {
  open: number;
  close: number;
}

export function newParenCursor(): ParenCursor {
  return { open: -2, close: -2 };
}

/** Finds every citation in `text[start, end)`: innermost parentheses that hold a source and a date. */
export function findCitations(text: string, start: number, end: number, out: Citation[], cursor = newParenCursor(), options = DEFAULT_CITATION_OPTIONS): void {
  let open = -1;
  let i = start;
  for (;;) {
    // Jump to the next parenthesis; indexOf is native and much faster than a loop over every character.
    if (cursor.open !== -1 && cursor.open < i) cursor.open = text.indexOf('(', i);
    if (cursor.close !== -1 && cursor.close < i) cursor.close = text.indexOf(')', i);
    const o = cursor.open < 0 ? Infinity : cursor.open;
    const c = cursor.close < 0 ? Infinity : cursor.close;
    i = Math.min(o, c);
    if (i >= end) break;
    if (i === o) open = i;
    else if (open >= 0) {
      if (i - open - 1 <= MAX_CITATION_LENGTH) {
        const citation = parseCitation(text, open, i, options);
        if (citation) out.push(citation);
      }
      open = -1;
    }
    i++;
  }
}

function parseCitation(text: string, open: number, close: number, options: CitationOptions): Citation | undefined {
  const parts: CitationPart[] = [];
  let partStart = open + 1;
  let anyCitationLike = false;
  while (partStart <= close) {
    const semicolon = text.indexOf(';', partStart);
    const i = semicolon >= 0 && semicolon < close ? semicolon : close;
    const before = parts.length;
    parsePart(text, partStart, i, options, parts);
    for (let k = before; k < parts.length; k++) if (isCitationLike(parts[k])) anyCitationLike = true;
    partStart = i + 1;
  }
  if (!anyCitationLike && options.undated && parts.length === 1 && isWireCredit(text, parts[0].span)) {
    const part = parts[0];
    part.undated = true;
    part.sources = [{ name: part.source, span: part.sourceSpan }];
    anyCitationLike = true;
  }
  if (!anyCitationLike) return undefined;
  return { span: { start: open, end: close + 1 }, parts };
}

/**
 * `(Reuters)`, `(RIA Novosti)`, `(RFE/RL)`: at most four words, each starting with a capital
 * letter, and no digits. Prose in brackets has lower-case words, figures or a longer phrase.
 */
function isWireCredit(text: string, span: Span): boolean {
  let words = 0;
  let atWordStart = true;
  for (let i = span.start; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if (isAnySpace(c)) {
      atWordStart = true;
      continue;
    }
    if (c >= 48 && c <= 57) return false;
    if (atWordStart) {
      if (!isUpper(c)) return false;
      if (++words > 4) return false;
      atWordStart = false;
    } else if (!isWordChar(c) && c !== 45 && c !== 47 && c !== 46 && c !== 38 && c !== 0x2019 && c !== 39) return false;
  }
  return words > 0;
}

export function isCitationLike(part: CitationPart): boolean {
  if (part.undated) return true;
  if (!part.date) return false;
  if (part.hasComma) return true;
  if (!part.source) return false;
  // Without the comma, only a source-like lead counts: `(APA July 3)`, not `(since July 3)`.
  if (!/^[\p{Lu}\p{N}]/u.test(part.source)) return false;
  const words = part.source.split(/\s+/u);
  if (words.length > 6) return false;
  return !PROSE_WORDS.has(words[words.length - 1].toLowerCase());
}

interface Token {
  kind: 'word' | 'num' | 'comma' | 'dash' | 'dot' | 'slash' | 'other';
  start: number;
  end: number;
  /** The token has format characters inside it, which its text leaves out. */
  format: boolean;
}

/**
 * The tokens of the part being parsed. One part is parsed at a time and no token outlives it, so
 * the objects are reused: a large article has tens of thousands of parenthesised parts.
 */
const TOKENS: Token[] = [];

/** Whether the last `tokenize` met a format character: when not, no slice of its range needs `clean`. */
let tokensHadFormat = false;

function setToken(n: number, kind: Token['kind'], start: number, end: number, format = false): void {
  const t = TOKENS[n];
  if (t === undefined) {
    TOKENS[n] = { kind, start, end, format };
    return;
  }
  t.kind = kind;
  t.start = start;
  t.end = end;
  t.format = format;
}

/**
 * Tokenises `text[start, end)` into `TOKENS` and returns how many there are. Any Unicode space
 * separates tokens; format characters are skipped.
 */
function tokenize(text: string, start: number, end: number): number {
  let n = 0;
  let i = start;
  tokensHadFormat = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isAnySpace(c) || isFormatChar(c)) {
      if (!tokensHadFormat && isFormatChar(c)) tokensHadFormat = true;
      i++;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < end && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      setToken(n++, 'num', i, j);
      i = j;
    } else if (isWordChar(c)) {
      let j = i;
      let format = false;
      for (;;) {
        while (j < end && isWordChar(text.charCodeAt(j)) && !(text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57)) j++;
        // A format character inside a word (`Ju\u200bly`) does not split it.
        let k = j;
        while (k < end && isFormatChar(text.charCodeAt(k))) k++;
        if (k > j) tokensHadFormat = true;
        if (k > j && k < end && isWordChar(text.charCodeAt(k)) && !(text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57)) {
          format = true;
          j = k;
          continue;
        }
        break;
      }
      if (j < end && text.charCodeAt(j) === 46 /* . */) j++;
      setToken(n++, 'word', i, j, format);
      i = j;
    } else {
      const kind = c === 44 ? 'comma' : c === 45 || c === 0x2013 || c === 0x2014 ? 'dash' : c === 46 ? 'dot' : c === 47 ? 'slash' : 'other';
      setToken(n++, kind, i, i + 1);
      i++;
    }
  }
  return n;
}

/** Parses one `;`-separated part into `out`: one part, or several when dated sources follow one another with commas. */
function parsePart(text: string, start: number, end: number, options: CitationOptions, out: CitationPart[]): void {
  let s = start;
  let e = end;
  while (s < e && isBlank(text.charCodeAt(s))) s++;
  while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
  if (s >= e) {
    out.push({ span: { start: s, end: s }, source: '', sourceSpan: { start: s, end: s }, sources: [], hasComma: false });
    return;
  }
  const count = tokenize(text, s, e);
  const tokens = TOKENS;
  // `(WSJ, 09.20.16, RFE/RL, 09.22.16.)`: a comma after a date, with another dated source after it, starts a new part.
  let lo = 0;
  let partStart = s;
  for (let k = 1; k < count - 1; k++) {
    if (tokens[k].kind !== 'comma' || !matchDateTail(text, tokens, lo, k, options)) continue;
    const rest = matchDateTail(text, tokens, k + 1, count, options);
    if (!rest || rest.firstIndex <= k + 1) continue;
    out.push(makePart(text, tokens, lo, k, partStart, trimEnd(text, partStart, tokens[k].start), options));
    lo = k + 1;
    partStart = tokens[lo].start;
  }
  out.push(makePart(text, tokens, lo, count, partStart, e, options));
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

function makePart(text: string, tokens: Token[], lo: number, hi: number, s: number, e: number, options: CitationOptions): CitationPart {
  const tail = matchDateTail(text, tokens, lo, hi, options);
  let sourceEnd = e;
  let hasComma = false;
  let date: CitationDate | undefined;
  let sourceTokensEnd = hi;
  if (tail) {
    date = tail.date;
    const k = tail.firstIndex - 1;
    if (k >= lo && tokens[k].kind === 'comma') {
      hasComma = true;
      sourceEnd = tokens[k].start;
      sourceTokensEnd = k;
    } else {
      sourceEnd = tail.date.span.start;
      sourceTokensEnd = tail.firstIndex;
    }
    sourceEnd = trimEnd(text, s, sourceEnd);
  }
  // The part lies inside the tokenised range: without a format character there, slices are clean.
  const format = tokensHadFormat;
  const source = format ? clean(text.slice(s, sourceEnd)) : text.slice(s, sourceEnd);
  // Several sources before one date: the commas between them separate them.
  const sources: SourceName[] = [];
  let from = s;
  // Without a date the part names no sources (a wire credit gets its one source later).
  for (let k = lo; date && k <= sourceTokensEnd; k++) {
    if (k < sourceTokensEnd && tokens[k].kind !== 'comma') continue;
    const to = k < sourceTokensEnd ? tokens[k].start : sourceEnd;
    let a = from;
    while (a < to && isBlank(text.charCodeAt(a))) a++;
    const b = trimEnd(text, a, to);
    // One source is the whole lead, whose string is already cut.
    if (b > a) sources.push({ name: a === s && b === sourceEnd ? source : format ? clean(text.slice(a, b)) : text.slice(a, b), span: { start: a, end: b } });
    if (k < sourceTokensEnd) from = tokens[k].end;
  }
  return { span: { start: s, end: e }, source, sourceSpan: { start: s, end: sourceEnd }, sources, hasComma, date };
}

/** Spaces and invisible format characters, which a citation's edges shed. */
function isBlank(c: number): boolean {
  return isAnySpace(c) || isFormatChar(c);
}

/** The text without format characters; most text has none, and keeps its string. */
function clean(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (isFormatChar(s.charCodeAt(i))) {
      let out = '';
      for (let j = 0; j < s.length; j++) if (!isFormatChar(s.charCodeAt(j))) out += s[j];
      return out;
    }
  }
  return s;
}

function isDay(t: Token | undefined): boolean {
  return !!t && t.kind === 'num' && t.end - t.start <= 2;
}

function isYear(t: Token | undefined): boolean {
  return !!t && t.kind === 'num' && t.end - t.start === 4;
}

// Module-level helpers rather than closures in matchDateTail: it runs for every parenthesis, and
// three closures per call were a good part of what the parser allocated.
function tokenText(text: string, tok: Token): string {
  const s = text.slice(tok.start, tok.end);
  return tok.format ? clean(s) : s;
}

function tokenMonth(text: string, tok: Token | undefined): MonthMatch | undefined {
  return tok && tok.kind === 'word' ? matchMonth(tokenText(text, tok)) : undefined;
}

interface DateMatch {
  date: CitationDate;
  /** Index of the date's first token. */
  firstIndex: number;
}

function makeDate(text: string, t: Token[], mTok: Token, m: MonthMatch, dTok: Token, first: number, last: Token, form: DateForm, yTok?: Token, flaw?: CitationDate['flaw']): DateMatch {
  const date: CitationDate = {
    span: { start: t[first].start, end: last.end },
    monthText: tokenText(text, mTok),
    monthSpan: { start: mTok.start, end: mTok.end },
    month: m,
    day: Number(tokenText(text, dTok)),
    daySpan: { start: dTok.start, end: dTok.end },
    year: yTok ? Number(tokenText(text, yTok)) : undefined,
    form,
  };
  const f = flaw ?? (m.kind === 'nonstandard' ? 'month-form' : undefined);
  if (f) date.flaw = f;
  return { firstIndex: first, date };
}

/**
 * A date ending at token `hi - 1`, in `t[lo, hi)`: a range, or a single date in any form of
 * section 8 (which forms the style accepts is for the rules to say).
 */
function matchDateTail(text: string, t: Token[], lo: number, hi: number, options: CitationOptions): DateMatch | undefined {
  const endDate = matchSingle(text, t, lo, hi, options);
  if (endDate) {
    const f = endDate.firstIndex;
    if ((endDate.date.form === 'ap' || endDate.date.form === 'day-month') && f - 1 > lo && t[f - 1].kind === 'dash') {
      // `June 30–July 2`, `July 27 – August 5, 2008`, `27 July – 5 August`
      const startDate = matchSingle(text, t, lo, f - 1, options);
      if (startDate && startDate.date.form === endDate.date.form) return range(startDate, endDate.date);
      // `27-30 July`
      if (endDate.date.form === 'day-month' && f - 2 >= lo && isDay(t[f - 2]) && !tokenMonth(text, t[f - 3])) {
        const d = endDate.date;
        const start = makeDate(text, t, t[f], d.month, t[f - 2], f - 2, t[f - 2], 'day-month');
        start.date.monthText = d.monthText;
        start.date.monthSpan = d.monthSpan;
        return range(start, d);
      }
    }
    return endDate;
  }
  // `July 27-30` and `July 27-30, 2008`: the end is a bare day in the start's month.
  const n = hi;
  let dayAt = -1;
  let yearTok: Token | undefined;
  if (n - 2 > lo && isDay(t[n - 1]) && t[n - 2].kind === 'dash') dayAt = n - 1;
  else if (n - 4 > lo && isYear(t[n - 1]) && t[n - 2].kind === 'comma' && isDay(t[n - 3]) && t[n - 4].kind === 'dash') {
    dayAt = n - 3;
    yearTok = t[n - 1];
  }
  if (dayAt < 0) return undefined;
  const startDate = matchSingle(text, t, lo, dayAt - 1, options);
  if (!startDate || startDate.date.form !== 'ap' || startDate.date.year !== undefined) return undefined;
  const s = startDate.date;
  const end: CitationDate = {
    span: { start: t[dayAt].start, end: (yearTok ?? t[dayAt]).end },
    monthText: s.monthText,
    monthSpan: s.monthSpan,
    month: s.month,
    day: Number(tokenText(text, t[dayAt])),
    daySpan: { start: t[dayAt].start, end: t[dayAt].end },
    year: yearTok ? Number(tokenText(text, yearTok)) : undefined,
    form: 'ap',
  };
  return range(startDate, end);
}

function range(start: DateMatch, end: CitationDate): DateMatch {
  start.date.end = end;
  start.date.span = { start: start.date.span.start, end: end.span.end };
  return start;
}

/** A single date ending at token `hi - 1`. */
function matchSingle(text: string, t: Token[], lo: number, hi: number, options: CitationOptions): DateMatch | undefined {
  const n = hi;
  const count = hi - lo;
  if (count <= 0) return undefined;

  // ISO: 2008-07-03
  if (count >= 5 && isYear(t[n - 5]) && isHyphen(text, t[n - 4]) && t[n - 3].kind === 'num' && isHyphen(text, t[n - 2]) && isDay(t[n - 1])) {
    const mo = Number(tokenText(text, t[n - 3]));
    if (mo >= 1 && mo <= 12) {
      return makeDate(text, t, t[n - 3], exactMonth(mo), t[n - 1], n - 5, t[n - 1], 'iso', t[n - 5]);
    }
  }
  // Numeric: 07.03.08, 7/3/2008, 07.03.2008. (with a trailing period)
  const numeric = matchNumeric(text, t, lo, n, options) ?? (count >= 6 && t[n - 1].kind === 'dot' ? matchNumeric(text, t, lo, n - 1, options, t[n - 1]) : undefined);
  if (numeric) return numeric;
  // Month Day, Year | Month Day Year | Day Month Year
  if (count >= 3 && isYear(t[n - 1])) {
    if (t[n - 2].kind === 'comma' && count >= 4 && isDay(t[n - 3])) {
      const m = tokenMonth(text, t[n - 4]);
      if (m) return makeDate(text, t, t[n - 4], m, t[n - 3], n - 4, t[n - 1], 'ap', t[n - 1]);
    }
    if (isDay(t[n - 2])) {
      const m = tokenMonth(text, t[n - 3]);
      if (m) return makeDate(text, t, t[n - 3], m, t[n - 2], n - 3, t[n - 1], 'ap', t[n - 1], 'no-year-comma');
    }
    const m = tokenMonth(text, t[n - 2]);
    if (m && isDay(t[n - 3])) return makeDate(text, t, t[n - 2], m, t[n - 3], n - 3, t[n - 1], 'day-month', t[n - 1]);
  }
  // Month Day
  if (count >= 2 && isDay(t[n - 1])) {
    const m = tokenMonth(text, t[n - 2]);
    if (m) return makeDate(text, t, t[n - 2], m, t[n - 1], n - 2, t[n - 1], 'ap');
  }
  // Day Month
  if (count >= 2 && t[n - 1].kind === 'word' && isDay(t[n - 2])) {
    const m = tokenMonth(text, t[n - 1]);
    if (m && m.kind !== 'misspelled') return makeDate(text, t, t[n - 1], m, t[n - 2], n - 2, t[n - 1], 'day-month');
  }
  return undefined;
}

function isHyphen(text: string, t: Token): boolean {
  return t.kind === 'dash' && text.charCodeAt(t.start) === 45;
}

/**
 * `a.b.y` or `a/b/y` ending at token `n - 1`. The style's numeric form decides which of `a` and
 * `b` is the month; a style with none takes the only reading that is a date, or marks the date
 * ambiguous when both are.
 */
function matchNumeric(text: string, t: Token[], lo: number, n: number, options: CitationOptions, trailing?: Token): DateMatch | undefined {
  if (n - lo < 5) return undefined;
  const a = t[n - 5];
  const s1 = t[n - 4];
  const b = t[n - 3];
  const s2 = t[n - 2];
  const y = t[n - 1];
  if (!isDay(a) || !isDay(b) || y.kind !== 'num' || (y.end - y.start !== 2 && y.end - y.start !== 4)) return undefined;
  if ((s1.kind !== 'dot' && s1.kind !== 'slash') || s2.kind !== s1.kind) return undefined;
  // Part of a longer run of numbers (a version or a phone number) is not a date.
  if (n - 6 >= lo && (t[n - 6].kind === 'dot' || t[n - 6].kind === 'slash')) return undefined;
  const first = Number(tokenText(text, a));
  const second = Number(tokenText(text, b));
  const mdyOk = first >= 1 && first <= 12 && second >= 1;
  const dmyOk = second >= 1 && second <= 12 && first >= 1;
  let order = numericOrder(options.dates);
  let ambiguous = false;
  if (!order) {
    if (mdyOk && dmyOk) {
      order = 'mdy';
      ambiguous = first !== second;
    } else order = mdyOk ? 'mdy' : dmyOk ? 'dmy' : undefined;
  }
  // A date the style's reading cannot hold but the other can (`13.08.17` in a month-first digest)
  // is a date in a form the style does not accept, which citation-malformed reports.
  if (order === 'mdy' && !mdyOk && dmyOk) order = 'dmy';
  else if (order === 'dmy' && !dmyOk && mdyOk) order = 'mdy';
  if (order === 'mdy' ? !mdyOk : order === 'dmy' ? !dmyOk : true) return undefined;
  const mTok = order === 'mdy' ? a : b;
  const dTok = order === 'mdy' ? b : a;
  const match = makeDate(text, t, mTok, exactMonth(Number(tokenText(text, mTok))), dTok, n - 5, trailing ?? y, order!);
  match.date.year = fullYear(Number(tokenText(text, y)), y.end - y.start);
  if (ambiguous) match.date.ambiguous = true;
  return match;
}

/** The calendar days a citation date stands for, with the year inferred where it is not written. */
export interface CitedDays {
  start?: SimpleDate;
  end?: SimpleDate;
  /** A range whose end is before its start. */
  backwards: boolean;
}

/**
 * Resolves a citation date against the article's date: a date without a year is read by the rule
 * of `inferYear`; a range's start takes the end's year, or the year before for a range over New Year.
 */
export function citedDays(date: CitationDate, reference: SimpleDate | undefined): CitedDays {
  const last = date.end ?? date;
  const endYear = last.year ?? (date.end && date.year !== undefined ? date.year : reference ? inferYear(last.month.month, last.day, reference) : undefined);
  const end = endYear !== undefined ? { year: endYear, month: last.month.month, day: last.day } : undefined;
  if (!date.end) return { start: end, end, backwards: false };
  let startYear = date.year ?? endYear;
  let backwards = false;
  const sameYearOrder = date.month.month - last.month.month || date.day - last.day;
  if (date.year === undefined && sameYearOrder > 0) {
    // December 28 - January 3 runs over New Year; any other backwards pair is a slip.
    if (date.month.month === 12 && last.month.month === 1 && startYear !== undefined) startYear--;
    else backwards = true;
  }
  const start = startYear !== undefined ? { year: startYear, month: date.month.month, day: date.day } : undefined;
  if (start && end && compareDates(start, end) > 0) backwards = true;
  if (!start && sameYearOrder > 0 && !(date.month.month === 12 && last.month.month === 1)) backwards = true;
  return { start, end, backwards };
}
