import type { Span } from '../types';

/**
 * Blanks out what is not prose in Markdown (fenced code, code spans, HTML comments) by replacing
 * it with spaces, keeping line breaks. Offsets stay valid, so the prose parser needs no mapping.
 * The spans of the HTML comments found (outside code) go into `comments` when given.
 */
export function maskMarkdown(text: string, from: number, comments?: Span[]): string {
  const n = text.length;
  // Ranges to blank, as start/end pairs in increasing order. They are applied in one go at the end
  // of each pass: an array of one-character strings is slow for a large file.
  let ranges: number[] = [];
  const blank = (a: number, b: number) => {
    if (b > a) ranges.push(a, b);
  };

  // Pass 1: fenced code blocks, line by line.
  let i = from;
  let fence: { char: string; len: number } | undefined;
  let fenceStart = 0;
  while (i < n) {
    let eol = i;
    while (eol < n && text[eol] !== '\n' && text[eol] !== '\r') eol++;
    let next = eol;
    if (next < n && text[next] === '\r' && text[next + 1] === '\n') next += 2;
    else if (next < n) next += 1;
    const m = fenceOf(text, i, eol);
    if (fence) {
      if (m && m.char === fence.char && m.len >= fence.len && m.closingOnly) {
        blank(fenceStart, eol);
        fence = undefined;
      }
    } else if (m) {
      fence = m;
      fenceStart = i;
    }
    i = next;
  }
  if (fence) blank(fenceStart, n);

  // Pass 2: HTML comments and code spans, outside the blanked fences.
  const masked = applyBlanks(text, ranges);
  ranges = [];
  const runs = backtickRuns(masked, from);
  const blankLines = blankLineOffsets(masked, from);
  i = from;
  while (i < n) {
    const c = masked.charCodeAt(i);
    if (c === 60 /* < */ && masked.startsWith('<!--', i)) {
      const close = masked.indexOf('-->', i + 4);
      const end = close < 0 ? n : close + 3;
      blank(i, end);
      comments?.push({ start: i, end });
      i = end;
      continue;
    }
    if (c === 96 /* ` */) {
      let j = i;
      while (j < n && masked.charCodeAt(j) === 96) j++;
      const len = j - i;
      // A code span closes at the next run of exactly the same length, within the paragraph.
      const close = firstAtOrAfter(runs.get(len), j);
      const paragraphEnd = firstAtOrAfter(blankLines, j);
      if (close !== undefined && (paragraphEnd === undefined || close < paragraphEnd)) {
        blank(i, close + len);
        i = close + len;
      } else {
        i = j;
      }
      continue;
    }
    i++;
  }
  return applyBlanks(masked, ranges);
}

/**
 * Blanks out HTML comments in an `.article` body, the only part of it that is not prose; their
 * spans go into `comments`. A text without `<!--` comes back as it is.
 */
export function maskComments(text: string, from: number, comments?: Span[]): string {
  let i = text.indexOf('<!--', from);
  if (i < 0) return text;
  const ranges: number[] = [];
  while (i >= 0) {
    const close = text.indexOf('-->', i + 4);
    const end = close < 0 ? text.length : close + 3;
    ranges.push(i, end);
    comments?.push({ start: i, end });
    i = text.indexOf('<!--', end);
  }
  return applyBlanks(text, ranges);
}

/** Replaces every character in the ranges with a space, keeping line breaks. */
function applyBlanks(text: string, ranges: number[]): string {
  if (ranges.length === 0) return text;
  const pieces: string[] = [];
  let at = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const start = Math.max(at, ranges[r]);
    const end = ranges[r + 1];
    if (end <= start) continue;
    pieces.push(text.slice(at, start), text.slice(start, end).replace(/[^\r\n]/g, ' '));
    at = end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/** Start offsets of backtick runs, grouped by run length, in increasing order. */
function backtickRuns(s: string, from: number): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  let i = from;
  while (i < s.length) {
    if (s.charCodeAt(i) !== 96) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && s.charCodeAt(j) === 96) j++;
    const list = runs.get(j - i) ?? [];
    list.push(i);
    runs.set(j - i, list);
    i = j;
  }
  return runs;
}

function blankLineOffsets(s: string, from: number): number[] {
  const result: number[] = [];
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c === 10 || c === 13) && isBlankLineAt(s, i)) result.push(i);
  }
  return result;
}

function firstAtOrAfter(sorted: number[] | undefined, value: number): number | undefined {
  if (!sorted) return undefined;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo] : undefined;
}

function isBlankLineAt(s: string, lineBreak: number): boolean {
  let j = lineBreak + 1;
  if (s.charCodeAt(lineBreak) === 13 && s.charCodeAt(j) === 10) j++;
  while (j < s.length && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) j++;
  return j >= s.length || s.charCodeAt(j) === 10 || s.charCodeAt(j) === 13;
}

function fenceOf(text: string, start: number, eol: number): { char: string; len: number; closingOnly: boolean } | undefined {
  let i = start;
  let indent = 0;
  while (i < eol && text[i] === ' ' && indent < 4) {
    i++;
    indent++;
  }
  if (indent > 3) return undefined;
  const ch = text[i];
  if (ch !== '`' && ch !== '~') return undefined;
  let j = i;
  while (j < eol && text[j] === ch) j++;
  const len = j - i;
  if (len < 3) return undefined;
  const rest = text.slice(j, eol);
  if (ch === '`' && rest.includes('`')) return undefined;
  return { char: ch, len, closingOnly: rest.trim() === '' };
}
