import type { Span } from '../types';
import type { RawEntry, RawPair } from './registry';

/*
 * The common shape of an actors file read without the YAML library, which spends seconds on a
 * registry of ten thousand entries: a top-level list of `- key: value` entries, two-space keys,
 * values that are simple plain or double-quoted scalars, `[a, "b"]` lists, and one level of nested
 * `- ` lists (roles, aliases), lines ending in LF or CRLF. Anything else, however valid, returns
 * undefined and the library reads the file. The spans are the ones the library gives; a test holds the two readers equal.
 */

/** Plain scalars that are strings under the YAML core schema, in block and in flow context. */
const PLAIN_BLOCK = /^(?:\p{L}[^#:\p{Cc}\u2028\u2029\ufeff]*|\d{4}-\d\d-\d\d)$/u;
const PLAIN_FLOW = /^(?:\p{L}[^#:,[\]{}\p{Cc}\u2028\u2029\ufeff]*|\d{4}-\d\d-\d\d)$/u;
/** A double-quoted scalar without escapes. */
const QUOTED = /^"[^"\\\p{Cc}\u2028\u2029\ufeff]*"$/u;
const NOT_STRINGS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** Characters that make the file something else than the shape, wherever they are. */
const OUTSIDE = /[\t\ufeff]/;

interface Scalar {
  value: string;
  span: Span;
}

/** The entries of an actors file in the common shape, or undefined when the file is not in it. */
export function readRegistryShape(text: string): RawEntry[] | undefined {
  if (OUTSIDE.test(text)) return undefined;
  // Lines end with LF or CRLF (Windows checkouts); a lone CR is left to the library.
  for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 1)) if (text.charCodeAt(cr + 1) !== 10) return undefined;
  const n = text.length;
  const entries: RawEntry[] = [];
  let entry: RawEntry | undefined;
  let pairs: RawPair[] = [];
  /** A key whose value is the nested list on the following lines. */
  let open: RawPair | undefined;
  let nested: unknown[] = [];
  let nestedItem: Record<string, unknown> | undefined;
  let lineStart = 0;
  let blankBefore = false;

  const closeNested = (): boolean => {
    if (!open) return true;
    if (!nested.length) return false;
    open.value = nested;
    // As the library reads it: the scalars of a list, none for a list of mappings.
    open.aliasSpans ??= [];
    open = undefined;
    nested = [];
    nestedItem = undefined;
    return true;
  };

  while (lineStart < n) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? n : nl > lineStart && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const next = nl < 0 ? n : nl + 1;
    if (lineEnd === lineStart || text.charCodeAt(lineStart) === 35 /* # */) {
      // Blank lines and comments only between entries.
      if (!closeNested()) return undefined;
      blankBefore = true;
      lineStart = next;
      continue;
    }
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32) indent++;
    const at = lineStart + indent;
    const dash = text.charCodeAt(at) === 45 && text.charCodeAt(at + 1) === 32;
    if (indent === 0 && dash) {
      // A new entry: `- key: value`.
      if (!closeNested()) return undefined;
      blankBefore = false;
      entry = { span: { start: at + 2, end: next }, pairs: (pairs = []) };
      entries.push(entry);
      const pair = readPair(text, at + 2, lineEnd);
      if (!pair) return undefined;
      pairs.push(pair);
      if (pair.valueSpan.start === pair.valueSpan.end) open = pair;
    } else if (!entry || blankBefore) {
      return undefined;
    } else if (indent === 2 && !dash) {
      if (!closeNested()) return undefined;
      const pair = readPair(text, at, lineEnd);
      if (!pair) return undefined;
      pairs.push(pair);
      if (pair.valueSpan.start === pair.valueSpan.end) open = pair;
    } else if (open && indent === 4 && dash) {
      // An item of the nested list: a scalar, or the first pair of a mapping.
      if (!nested.length) open.valueSpan = { start: at, end: next };
      const start = at + 2;
      if (keyColon(text, start, lineEnd) >= 0) {
        const pair = readPair(text, start, lineEnd);
        if (!pair || pair.valueSpan.start === pair.valueSpan.end || pair.key === '__proto__') return undefined;
        nestedItem = { [pair.key]: pair.value };
        nested.push(nestedItem);
      } else {
        if (nestedItem) return undefined;
        const scalar = readScalar(text, start, trimEnd(text, start, lineEnd), PLAIN_BLOCK);
        if (!scalar) return undefined;
        nested.push(scalar.value);
        (open.aliasSpans ??= []).push({ alias: scalar.value, span: scalar.span });
      }
    } else if (open && indent === 6 && !dash && nestedItem) {
      const pair = readPair(text, at, lineEnd);
      if (!pair || pair.valueSpan.start === pair.valueSpan.end || pair.key === '__proto__') return undefined;
      nestedItem[pair.key] = pair.value;
    } else {
      return undefined;
    }
    if (open && open.valueSpan.start !== open.valueSpan.end) open.valueSpan.end = next;
    entry.span.end = next;
    lineStart = next;
  }
  if (!closeNested()) return undefined;
  return entries.length ? entries : undefined;
}

/** `key: value` from `start` to the line end; an empty value span when the value follows on the next lines. */
function readPair(text: string, start: number, lineEnd: number): RawPair | undefined {
  const colon = keyColon(text, start, lineEnd);
  if (colon < 0) return undefined;
  const key = text.slice(start, colon);
  const keySpan = { start, end: colon };
  let v = colon + 1;
  if (v === lineEnd) return { key, keySpan, valueSpan: { start: lineEnd, end: lineEnd }, value: null };
  if (text.charCodeAt(v) !== 32) return undefined;
  while (text.charCodeAt(v) === 32) v++;
  const end = trimEnd(text, v, lineEnd);
  if (v === end) return key === '__proto__' ? undefined : { key, keySpan, valueSpan: { start: end, end }, value: null };
  if (text.charCodeAt(v) === 91 /* [ */) {
    if (text.charCodeAt(end - 1) !== 93 /* ] */) return undefined;
    const list = readFlowList(text, v + 1, end - 1);
    if (!list) return undefined;
    return { key, keySpan, valueSpan: { start: v, end }, value: list.map((s) => s.value), aliasSpans: list.map((s) => ({ alias: s.value, span: s.span })) };
  }
  const scalar = readScalar(text, v, end, PLAIN_BLOCK);
  return scalar && { key, keySpan, valueSpan: scalar.span, value: scalar.value };
}

/** The colon after a key as the shape allows it (a plain name: a letter or `_`, then letters, digits, `_`, `-`), or -1. */
function keyColon(text: string, start: number, lineEnd: number): number {
  let i = start;
  for (; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (letter || (i > start && ((c >= 48 && c <= 57) || c === 45))) continue;
    break;
  }
  return i > start && i < lineEnd && text.charCodeAt(i) === 58 ? i : -1;
}

/** The scalars of `[a, "b"]` between its brackets. */
function readFlowList(text: string, start: number, end: number): Scalar[] | undefined {
  const items: Scalar[] = [];
  let i = start;
  for (;;) {
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i === end) return items.length ? undefined : items; // `[]`, but no trailing comma
    let itemEnd: number;
    if (text.charCodeAt(i) === 34) {
      itemEnd = text.indexOf('"', i + 1) + 1;
      if (itemEnd <= 0 || itemEnd > end) return undefined;
    } else {
      itemEnd = text.indexOf(',', i);
      if (itemEnd < 0 || itemEnd > end) itemEnd = end;
      itemEnd = trimEnd(text, i, itemEnd);
    }
    const scalar = readScalar(text, i, itemEnd, PLAIN_FLOW);
    if (!scalar) return undefined;
    items.push(scalar);
    i = itemEnd;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i === end) return items;
    if (text.charCodeAt(i) !== 44 /* , */) return undefined;
    i++;
  }
}

function readScalar(text: string, start: number, end: number, plain: RegExp): Scalar | undefined {
  const raw = text.slice(start, end);
  if (raw.charCodeAt(0) === 34) return QUOTED.test(raw) ? { value: raw.slice(1, -1), span: { start, end } } : undefined;
  if (!plain.test(raw) || NOT_STRINGS.has(raw)) return undefined;
  return { value: raw, span: { start, end } };
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return end;
}
