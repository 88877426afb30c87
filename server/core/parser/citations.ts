import { matchMonth, type MonthMatch } from '../dates';
import type { Span } from '../types';
import { isWordChar } from '../text';

export type DateForm = 'ok' | 'day-first' | 'iso' | 'no-year-comma' | 'month-form';

export interface CitationDate {
  span: Span;
  monthText: string;
  monthSpan: Span;
  month: MonthMatch;
  day: number;
  daySpan: Span;
  year?: number;
  form: DateForm;
}

export interface CitationPart {
  /** The trimmed part between `(`, `;` and `)`. */
  span: Span;
  source: string;
  sourceSpan: Span;
  /** A comma stands between the source and the date. */
  hasComma: boolean;
  date?: CitationDate;
}

export interface Citation {
  /** From `(` to `)` inclusive. */
  span: Span;
  parts: CitationPart[];
}

/** Longest parenthesis content considered for a citation; longer ones are prose. */
const MAX_CITATION_LENGTH = 300;

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
export function findCitations(text: string, start: number, end: number, out: Citation[], cursor = newParenCursor()): void {
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
        const citation = parseCitation(text, open, i);
        if (citation) out.push(citation);
      }
      open = -1;
    }
    i++;
  }
}

function parseCitation(text: string, open: number, close: number): Citation | undefined {
  const parts: CitationPart[] = [];
  let partStart = open + 1;
  let anyCitationLike = false;
  for (let i = open + 1; i <= close; i++) {
    if (i === close || text.charCodeAt(i) === 59 /* ; */) {
      const part = parsePart(text, partStart, i);
      if (part) {
        parts.push(part);
        if (isCitationLike(part)) anyCitationLike = true;
      }
      partStart = i + 1;
    }
  }
  if (!anyCitationLike) return undefined;
  return { span: { start: open, end: close + 1 }, parts };
}

export function isCitationLike(part: CitationPart): boolean {
  if (!part.date) return false;
  if (part.hasComma) return true;
  if (!part.source) return false;
  // Without the comma, only a source-like lead counts: `(APA July 3)`, not `(since July 3)`.
  if (!/^[\p{Lu}\p{N}]/u.test(part.source)) return false;
  const words = part.source.split(/\s+/);
  if (words.length > 6) return false;
  return !PROSE_WORDS.has(words[words.length - 1].toLowerCase());
}

interface Token {
  kind: 'word' | 'num' | 'comma' | 'dash' | 'other';
  start: number;
  end: number;
}

function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0) {
      i++;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < end && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      tokens.push({ kind: 'num', start: i, end: j });
      i = j;
    } else if (isWordChar(c)) {
      let j = i;
      while (j < end && isWordChar(text.charCodeAt(j)) && !(text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57)) j++;
      if (j < end && text.charCodeAt(j) === 46 /* . */) j++;
      tokens.push({ kind: 'word', start: i, end: j });
      i = j;
    } else {
      tokens.push({ kind: c === 44 ? 'comma' : c === 45 ? 'dash' : 'other', start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

function parsePart(text: string, start: number, end: number): CitationPart | undefined {
  let s = start;
  let e = end;
  while (s < e && isBlankChar(text.charCodeAt(s))) s++;
  while (e > s && isBlankChar(text.charCodeAt(e - 1))) e--;
  if (s >= e) return { span: { start: s, end: s }, source: '', sourceSpan: { start: s, end: s }, hasComma: false };
  const tokens = tokenize(text, s, e);
  const tail = matchDateTail(text, tokens);
  let sourceEnd = e;
  let hasComma = false;
  let date: CitationDate | undefined;
  if (tail) {
    date = tail.date;
    let k = tail.firstIndex - 1;
    if (k >= 0 && tokens[k].kind === 'comma') {
      hasComma = true;
      sourceEnd = tokens[k].start;
    } else {
      sourceEnd = tail.date.span.start;
    }
    while (sourceEnd > s && isBlankChar(text.charCodeAt(sourceEnd - 1))) sourceEnd--;
  }
  return {
    span: { start: s, end: e },
    source: text.slice(s, sourceEnd),
    sourceSpan: { start: s, end: sourceEnd },
    hasComma,
    date,
  };
}

function isBlankChar(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

function isDay(text: string, t: Token | undefined): boolean {
  return !!t && t.kind === 'num' && t.end - t.start <= 2;
}

function isYear(t: Token | undefined): boolean {
  return !!t && t.kind === 'num' && t.end - t.start === 4;
}

// Module-level helpers rather than closures in matchDateTail: it runs for every parenthesis, and
// three closures per call were a good part of what the parser allocated.
function tokenText(text: string, tok: Token): string {
  return text.slice(tok.start, tok.end);
}

function tokenMonth(text: string, tok: Token | undefined): MonthMatch | undefined {
  return tok && tok.kind === 'word' ? matchMonth(tokenText(text, tok)) : undefined;
}

function makeDate(text: string, t: Token[], mTok: Token, m: MonthMatch, dTok: Token, first: number, last: Token, form: DateForm, yTok?: Token): { date: CitationDate; firstIndex: number } {
  return {
    firstIndex: first,
    date: {
      span: { start: t[first].start, end: last.end },
      monthText: tokenText(text, mTok),
      monthSpan: { start: mTok.start, end: mTok.end },
      month: m,
      day: Number(tokenText(text, dTok)),
      daySpan: { start: dTok.start, end: dTok.end },
      year: yTok ? Number(tokenText(text, yTok)) : undefined,
      form: form === 'ok' && m.kind === 'nonstandard' ? 'month-form' : form,
    } satisfies CitationDate,
  };
}

/** Recognises a date at the end of a citation part, in the AP form or a form to be normalised. */
function matchDateTail(text: string, t: Token[]): { date: CitationDate; firstIndex: number } | undefined {
  const n = t.length;
  if (n === 0) return undefined;

  // ISO: 2008-07-03
  if (n >= 5 && isYear(t[n - 5]) && t[n - 4].kind === 'dash' && t[n - 3].kind === 'num' && t[n - 2].kind === 'dash' && isDay(text, t[n - 1])) {
    const mo = Number(tokenText(text, t[n - 3]));
    if (mo >= 1 && mo <= 12) {
      return makeDate(text, t, t[n - 3], { kind: 'exact', month: mo }, t[n - 1], n - 5, t[n - 1], 'iso', t[n - 5]);
    }
  }
  // Month Day, Year | Month Day Year
  if (n >= 3 && isYear(t[n - 1])) {
    if (t[n - 2].kind === 'comma' && n >= 4 && isDay(text, t[n - 3])) {
      const m = tokenMonth(text, t[n - 4]);
      if (m) return makeDate(text, t, t[n - 4], m, t[n - 3], n - 4, t[n - 1], 'ok', t[n - 1]);
    }
    if (isDay(text, t[n - 2])) {
      const m = tokenMonth(text, t[n - 3]);
      if (m) return makeDate(text, t, t[n - 3], m, t[n - 2], n - 3, t[n - 1], 'no-year-comma', t[n - 1]);
      // Day Month Year
    }
    const m = tokenMonth(text, t[n - 2]);
    if (m && isDay(text, t[n - 3])) return makeDate(text, t, t[n - 2], m, t[n - 3], n - 3, t[n - 1], 'day-first', t[n - 1]);
  }
  // Month Day
  if (n >= 2 && isDay(text, t[n - 1])) {
    const m = tokenMonth(text, t[n - 2]);
    if (m) return makeDate(text, t, t[n - 2], m, t[n - 1], n - 2, t[n - 1], 'ok');
  }
  // Day Month
  if (n >= 2 && t[n - 1].kind === 'word' && isDay(text, t[n - 2])) {
    const m = tokenMonth(text, t[n - 1]);
    if (m && m.kind !== 'misspelled') return makeDate(text, t, t[n - 1], m, t[n - 2], n - 2, t[n - 1], 'day-first');
  }
  return undefined;
}
