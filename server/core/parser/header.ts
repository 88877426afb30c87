import type { FieldSpec } from '../schema';
import type { Span } from '../types';
import { charBoundary, escapeRegExp } from '../text';
import { isMap, isScalar, nodeSpan, parseYaml, toPlain } from '../yamlUtil';

export interface HeaderField {
  /** Lower-case key, for matching the schema. */
  name: string;
  /** The key as written. */
  key: string;
  keySpan: Span;
  /** A string for header lines; the plain YAML value for a YAML block. */
  value: unknown;
  valueSpan: Span;
  /** The span of the whole `key: value` entry, line break excluded. */
  span: Span;
}

export interface HeaderProblem {
  span: Span;
  message: string;
}

export interface Header {
  style: 'lines' | 'yaml';
  span: Span;
  fields: HeaderField[];
  syntax: HeaderProblem[];
  /** False when the fields are unknown: the YAML block never closes, or is not a mapping. */
  complete: boolean;
  /** Where a new field line goes (start of a line). */
  insertAt: number;
  eol: string;
}

export interface HeaderResult {
  header?: Header;
  bodyStart: number;
}

interface Line {
  start: number;
  end: number; // content end, before the line break
  next: number; // start of the next line
}

function lineAt(text: string, start: number): Line {
  let end = start;
  const n = text.length;
  while (end < n) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
  }
  let next = end;
  if (next < n) next += text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10 ? 2 : 1;
  return { start, end, next };
}

function isBlank(text: string, line: Line): boolean {
  for (let i = line.start; i < line.end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

const KEY_AT_START = /^[ \t]*([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+){0,2})[ \t]*:(?=[ \t]|$)/;

/** The known field names of a schema, and the pattern that finds one inside a header line. */
interface SchemaKeys {
  known: Set<string>;
  inner?: RegExp;
}

/** By the schema's field names: every article of a workspace shares one schema. */
const keysCache = new Map<string, SchemaKeys>();

function schemaKeys(schema: readonly FieldSpec[]): SchemaKeys {
  // Keyed by the names, not the array, so a schema changed in place is never served stale.
  const id = JSON.stringify(schema.map((f) => f.name));
  let keys = keysCache.get(id);
  if (!keys) {
    const known = new Set(schema.map((f) => f.name));
    const names = [...known].sort((a, b) => b.length - a.length).map(escapeRegExp);
    keys = { known, inner: names.length ? new RegExp(`(?<=[ \\t])(${names.join('|')})[ \\t]*:(?=[ \\t]|$)`, 'gi') : undefined };
    if (keysCache.size >= 32) keysCache.clear();
    keysCache.set(id, keys);
  }
  return keys;
}

/**
 * Finds the header: a YAML block opened by `---`, or `Key: Value` lines up to the first blank line.
 * `outline`: only the fields' names and values are needed, not their exact spans.
 */
export function parseHeader(text: string, start: number, schema: readonly FieldSpec[], outline = false): HeaderResult {
  let line = lineAt(text, start);
  while (line.start < text.length && isBlank(text, line)) line = lineAt(text, line.next);
  if (line.start >= text.length) return { bodyStart: text.length };
  const eol = detectEol(text);
  if (/^---[ \t]*$/.test(text.slice(line.start, line.end))) return parseYamlHeader(text, line, eol, outline);
  return parseLinesHeader(text, line, schema, eol);
}

function detectEol(text: string): string {
  const i = text.search(/[\r\n]/);
  if (i < 0) return '\n';
  return text[i] === '\r' ? (text[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
}

function parseLinesHeader(text: string, first: Line, schema: readonly FieldSpec[], eol: string): HeaderResult {
  const lines: Line[] = [];
  let line = first;
  while (line.start < text.length && !isBlank(text, line)) {
    lines.push(line);
    if (line.next === line.end) break;
    line = lineAt(text, line.next);
  }
  const { known, inner } = schemaKeys(schema);
  const firstKey = KEY_AT_START.exec(text.slice(first.start, Math.min(first.end, first.start + 200)));
  const allKeyed = lines.every((l) => KEY_AT_START.test(text.slice(l.start, Math.min(l.end, l.start + 200))));
  // Prose that happens to contain a colon is not a header: the first key must be known, or every line keyed.
  if (!firstKey || (!known.has(firstKey[1].toLowerCase()) && !allKeyed)) return { bodyStart: first.start };

  const fields: HeaderField[] = [];
  const syntax: HeaderProblem[] = [];
  for (const l of lines) {
    const content = text.slice(l.start, l.end);
    const m = KEY_AT_START.exec(content.slice(0, 200));
    if (!m) {
      const lead = content.length - content.trimStart().length;
      syntax.push({ span: { start: l.start + lead, end: l.end }, message: 'Header lines are ‘Key: Value’ pairs; this line has no key. End the header with a blank line.' });
      continue;
    }
    // Split the line at each further known key: `Publication: X Volume: 5 Issue: 131`.
    const keys: { key: string; start: number; colonEnd: number }[] = [];
    const keyStart = m[0].indexOf(m[1]);
    keys.push({ key: m[1], start: l.start + keyStart, colonEnd: l.start + m[0].length });
    if (inner) {
      inner.lastIndex = m[0].length;
      let k: RegExpExecArray | null;
      while ((k = inner.exec(content))) {
        keys.push({ key: k[1], start: l.start + k.index, colonEnd: l.start + k.index + k[0].length });
      }
    }
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const valueEndRaw = i + 1 < keys.length ? keys[i + 1].start : l.end;
      let vs = k.colonEnd;
      let ve = valueEndRaw;
      while (vs < ve && (text[vs] === ' ' || text[vs] === '\t')) vs++;
      while (ve > vs && (text[ve - 1] === ' ' || text[ve - 1] === '\t')) ve--;
      fields.push({
        name: k.key.toLowerCase(),
        key: k.key,
        keySpan: { start: k.start, end: k.start + k.key.length },
        value: text.slice(vs, ve),
        valueSpan: { start: vs, end: ve },
        span: { start: k.start, end: ve },
      });
    }
  }
  const last = lines[lines.length - 1];
  return {
    header: {
      style: 'lines',
      span: { start: first.start, end: last.end },
      fields,
      syntax,
      complete: true,
      insertAt: last.next === last.end ? last.end : last.next,
      eol,
    },
    bodyStart: last.next,
  };
}

function parseYamlHeader(text: string, open: Line, eol: string, outline: boolean): HeaderResult {
  // Find the closing `---` or `...` line.
  let line = lineAt(text, open.next);
  let close: Line | undefined;
  let firstBlankAfter: Line | undefined;
  while (line.start < text.length) {
    const content = text.slice(line.start, Math.min(line.end, line.start + 8));
    if (/^(---|\.\.\.)[ \t]*$/.test(content) && line.end - line.start < 8) {
      close = line;
      break;
    }
    if (!firstBlankAfter && isBlank(text, line)) firstBlankAfter = line;
    if (line.next === line.end) break;
    line = lineAt(text, line.next);
  }
  if (!close) {
    // Without a closing line the extent of the YAML is unknown; assume it ends at the first blank line.
    const bodyStart = firstBlankAfter ? firstBlankAfter.next : text.length;
    return {
      header: {
        style: 'yaml',
        span: { start: open.start, end: firstBlankAfter ? firstBlankAfter.start : text.length },
        fields: [],
        syntax: [{ span: { start: open.start, end: open.end }, message: 'The front matter opened here never closes; add a line ‘---’ after the last field.' }],
        complete: false,
        insertAt: open.next,
        eol,
      },
      bodyStart,
    };
  }
  if (outline) {
    const fields = simpleFrontMatter(text, open.next, close.start);
    if (fields) return { header: { style: 'yaml', span: { start: open.start, end: close.end }, fields, syntax: [], complete: true, insertAt: close.start, eol }, bodyStart: close.next };
  }
  const base = open.next;
  // The YAML reader knows LF and CRLF only; a lone CR becomes LF, which keeps every offset.
  const yamlText = text.slice(base, close.start).replace(/\r(?!\n)/g, '\n');
  const fields: HeaderField[] = [];
  const syntax: HeaderProblem[] = [];
  const whole: Span = { start: open.start, end: open.end };
  // A root that is not a mapping has no fields to check against the schema.
  let complete = true;
  try {
    // The opening `---` is the file's first line, so the YAML starts on its second.
    const { doc, problems } = parseYaml(yamlText, base, 1);
    for (const p of problems) syntax.push({ span: clampSpan(text, p.span, base, close.start, whole), message: `The front matter cannot be read: ${p.message}` });
    const root = doc.contents;
    if (root !== null && root !== undefined && !isMap(root)) {
      syntax.push({ span: trimSpan(text, nodeSpan(root, base, whole)), message: 'The front matter should be a mapping of ‘field: value’ lines.' });
      complete = false;
    } else if (root) {
      for (const pair of root.items) {
        if (!isScalar(pair.key)) {
          syntax.push({ span: nodeSpan(pair.key, base, whole), message: 'A front-matter key should be a plain name.' });
          continue;
        }
        const key = String(pair.key.value);
        const keySpan = nodeSpan(pair.key, base, whole);
        // Block values end after their line break; the finding should not.
        const valueSpan = pair.value ? trimSpan(text, nodeSpan(pair.value, base, keySpan)) : { start: keySpan.end, end: keySpan.end };
        fields.push({
          name: key.toLowerCase(),
          key,
          keySpan,
          value: toPlain(pair.value, doc),
          valueSpan,
          span: { start: keySpan.start, end: Math.max(keySpan.end, trimEnd(text, valueSpan.end)) },
        });
      }
    }
  } catch (e) {
    syntax.push({ span: whole, message: `The front matter could not be read: ${(e as Error).message}` });
  }
  return {
    header: { style: 'yaml', span: { start: open.start, end: close.end }, fields, syntax, complete, insertAt: close.start, eol },
    bodyStart: close.next,
  };
}

/** A key the YAML reader keeps as written: not one it reads as null or a boolean. */
const SIMPLE_KEY = /^([A-Za-z][A-Za-z0-9_-]*):(?: +|$)/;
const SPECIAL_WORD = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
/** Letters, marks, digits, punctuation, symbols and plain spaces: nothing YAML treats specially by class. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;
/** A plain scalar the core schema reads as a string: a letter first, and no `:` or `#`, which could start a mapping or a comment. */
const PLAIN_STRING = /^\p{L}[^:#]*$/u;
const PLAIN_INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** A flow sequence item the core schema reads as a string. */
const FLOW_WORD = /^[A-Za-z][A-Za-z0-9_ -]*$/;

/**
 * The fields of front matter written as one-line `key: value` entries with values of the few kinds
 * articles use (words, integers, ISO dates, one-line quoted strings, lists of words), read without
 * the YAML library, which costs far more. Undefined for anything else, which the library reads.
 * The values are the library's; spans are the entries' own, trimmed.
 */
function simpleFrontMatter(text: string, from: number, to: number): HeaderField[] | undefined {
  const fields: HeaderField[] = [];
  for (let at = from; at < to; ) {
    const line = lineAt(text, at);
    const content = text.slice(line.start, line.end);
    const key = SIMPLE_KEY.exec(content);
    if (!key || SPECIAL_WORD.test(key[1])) return undefined;
    const raw = content.slice(key[0].length);
    // Trailing spaces off by hand: `/ +$/` rescans a long run of spaces from each of them.
    let valueEnd = raw.length;
    while (valueEnd > 0 && raw.charCodeAt(valueEnd - 1) === 32) valueEnd--;
    const value = raw.slice(0, valueEnd);
    if (!value || !PRINTABLE.test(value)) return undefined;
    let plain: unknown;
    if (PLAIN_INTEGER.test(value)) plain = Number(value);
    else if (ISO_DATE.test(value)) plain = value;
    else if (value.length >= 2 && (value[0] === '"' || value[0] === "'")) {
      const inner = value.slice(1, -1);
      // No escapes, and the same quote only at both ends.
      if (value[value.length - 1] !== value[0] || inner.includes(value[0]) || inner.includes('\\')) return undefined;
      plain = inner;
    } else if (value[0] === '[' && value[value.length - 1] === ']') {
      const inner = value.slice(1, -1);
      if (!inner.trim()) plain = [];
      else {
        const items = inner.split(',').map((item) => item.trim());
        if (items.some((item) => !FLOW_WORD.test(item) || SPECIAL_WORD.test(item) || /  /.test(item))) return undefined;
        plain = items;
      }
    } else if (PLAIN_STRING.test(value) && !SPECIAL_WORD.test(value) && !/  /.test(value)) plain = value;
    else return undefined;
    const keySpan = { start: line.start, end: line.start + key[1].length };
    const valueStart = line.start + key[0].length;
    const valueSpan = { start: valueStart, end: valueStart + value.length };
    fields.push({ name: key[1].toLowerCase(), key: key[1], keySpan, value: plain, valueSpan, span: { start: keySpan.start, end: valueSpan.end } });
    if (line.next === line.end) break;
    at = line.next;
  }
  return fields.length ? fields : undefined;
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /[ \t\r\n]/.test(text[e - 1])) e--;
  return e;
}

function trimSpan(text: string, span: Span): Span {
  return { start: span.start, end: Math.max(span.start, trimEnd(text, span.end)) };
}

/**
 * Keeps a YAML error inside the block. An error past the last value (an unclosed `[`) points at
 * the last visible character before it, never at a bare line break.
 */
function clampSpan(text: string, span: Span, min: number, max: number, fallback: Span): Span {
  if (max <= min) return fallback;
  let start = Math.max(min, Math.min(span.start, max - 1));
  let end = Math.max(start + 1, Math.min(span.end, max));
  if (trimEnd(text, end) <= start) {
    const last = trimEnd(text, start);
    if (last <= min) return fallback;
    start = last - 1;
    end = last;
  }
  // A one-character span must not stop inside a CRLF or a surrogate pair.
  return { start: charBoundary(text, start, -1), end: charBoundary(text, end, 1) };
}
