import type { Position, Range, Span } from './types';

/** Maps offsets to LSP positions. Handles LF, CRLF and lone CR; JS strings already count UTF-16. */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    // Jump from break to break with indexOf: native, and much faster than testing every character.
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (lf >= 0 || cr >= 0) {
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        const next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        starts.push(next);
        if (lf >= 0 && lf < next) lf = text.indexOf('\n', next);
        cr = text.indexOf('\r', cr + 1);
      } else {
        starts.push(lf + 1);
        lf = text.indexOf('\n', lf + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset between \r and \n belongs to the end of the line, not inside the break.
    const character = Math.min(o, this.lineEnd(lo)) - this.starts[lo];
    return { line: lo, character };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

/**
 * `offset`, moved off the middle of a CRLF or a surrogate pair (back by default, or forward): a cut
 * such as "the first 200 characters" then splits no character.
 */
export function charBoundary(text: string, offset: number, direction: -1 | 1 = -1): number {
  if (offset <= 0 || offset >= text.length) return offset;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  const inside = (before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
  return inside ? offset + direction : offset;
}

export function isLineBreak(c: number): boolean {
  return c === 10 || c === 13;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 12 || c === 11;
}

/**
 * Any Unicode white space: the spaces of `isSpace` and also figure, thin, hair and ideographic
 * spaces, line and paragraph separators. Inside a citation every one of them separates words.
 */
export function isAnySpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * Invisible format characters (zero-width space and joiners, direction marks and embeddings, word
 * joiner, byte order mark, soft hyphen): a citation reads as if they were not there.
 */
export function isFormatChar(c: number): boolean {
  if (c < 0xad) return false;
  return c === 0xad || c === 0x61c || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x206f) || c === 0xfeff;
}

/** Answers for non-ASCII code units, filled in as they are met: 0 unknown, 1 word, 2 not. */
const WORD_CHARS = new Uint8Array(0x10000);

/** Letters of any script, and digits. Surrogate halves count, so astral letters stay inside words. */
export function isWordChar(c: number): boolean {
  // Small, so that scans over every character inline it; the rest is out of line.
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return isWordCharBeyondAscii(c);
}

function isWordCharBeyondAscii(c: number): boolean {
  if (c >= 0xd800 && c <= 0xdfff) return true;
  // The Unicode test allocates a string; remembering the answer keeps non-Latin text fast.
  if (c > 0xffff || !(c >= 0)) return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
  let known = WORD_CHARS[c];
  if (known === 0) WORD_CHARS[c] = known = /[\p{L}\p{N}]/u.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1;
}

/** Case of non-ASCII code units, filled in as they are met: 0 unknown, then 1 plus UPPER and/or LOWER. */
const CASES = new Uint8Array(0x10000);
const UPPER = 2;
const LOWER = 4;

function caseOf(c: number): number {
  let known = CASES[c];
  if (known === 0) {
    const s = String.fromCharCode(c);
    const lower = s.toLowerCase();
    const upper = s.toUpperCase();
    known = 1 | (s !== lower && s === upper ? UPPER : 0) | (s !== upper && s === lower ? LOWER : 0);
    CASES[c] = known;
  }
  return known;
}

export function isUpper(c: number): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  if (c <= 0xffff) return (caseOf(c) & UPPER) !== 0;
  const s = String.fromCharCode(c);
  return s !== s.toLowerCase() && s === s.toUpperCase();
}

export function isLower(c: number): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 128) return false;
  if (c <= 0xffff) return (caseOf(c) & LOWER) !== 0;
  const s = String.fromCharCode(c);
  return s !== s.toUpperCase() && s === s.toLowerCase();
}

/** Orders strings by UTF-16 code units: stable everywhere, and no collator to load or call. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Edit distance where swapping two neighbours counts as one edit (Juyl -> July). */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  // Three rows of the table (the one before the last, the last, the current), in one buffer
  // kept between calls: a suggestion compares one word with every candidate.
  let rows = levenshteinRows;
  if (rows.length < 3 * width) {
    rows = new Int32Array(3 * width);
    if (width <= MAX_KEPT_ROW) levenshteinRows = rows;
  }
  let before = 0;
  let prev = width;
  let cur = 2 * width;
  for (let j = 0; j < width; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[cur] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(rows[prev + j] + 1, rows[cur + j - 1] + 1, rows[prev + j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, rows[before + j - 2] + 1);
      }
      rows[cur + j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const oldest = before;
    before = prev;
    prev = cur;
    cur = oldest;
  }
  return rows[prev + b.length];
}

/** Rows of words up to this long are kept between calls; longer ones get a buffer of their own. */
const MAX_KEPT_ROW = 1024;
let levenshteinRows = new Int32Array(3 * 64);

/** The text's own line ending (its first one), for inserted lines; LF for a text with none. */
export function lineEnding(text: string): string {
  return /\r\n?|\n/.exec(text)?.[0] ?? '\n';
}

/** The candidate nearest to `word` (case-insensitive), if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const w = word.toLowerCase();
  const limit = maxDistance ?? Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    const d = levenshtein(w, c.toLowerCase(), limit);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** `s` as a pattern that matches exactly it (also under the `u` flag). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
