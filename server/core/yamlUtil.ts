import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { charBoundary } from './text';
import type { Span } from './types';

export interface YamlProblem {
  span: Span;
  message: string;
}

/** Parses YAML text placed at `base` in a larger text; spans come back in the larger text's offsets. */
export function parseYaml(text: string, base = 0): { doc: Document.Parsed; problems: YamlProblem[] } {
  const lineCounter = new LineCounter();
  // The YAML library does not end lines at a lone CR; a LF in its place keeps every offset.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  // logLevel 'error': the library's warnings (such as a list used as a key) would reach the
  // editor's log as errors; the problems that matter come back as findings instead.
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false, lineCounter, strict: false, logLevel: 'error' });
  // Errors at the very end point one past it; keep every span inside the text.
  const clamp = (o: number) => Math.max(0, Math.min(o, text.length));
  const problems: YamlProblem[] = doc.errors.map((e) => {
    // Positions next to a line end can fall inside a CRLF; widen them to whole characters.
    const start = charBoundary(text, text.length ? Math.min(clamp(e.pos[0]), text.length - 1) : 0, -1);
    const end = charBoundary(text, Math.max(clamp(e.pos[1]), Math.min(start + 1, text.length)), 1);
    return { span: { start: base + start, end: base + end }, message: firstLine(e.message) };
  });
  return { doc, problems };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

export function nodeSpan(node: unknown, base: number, fallback: Span): Span {
  const range = (node as Node | null | undefined)?.range;
  if (!range) return fallback;
  return { start: base + range[0], end: base + Math.max(range[0], range[1]) };
}

/** A node's plain value, with alias expansion bounded so an alias bomb cannot explode. */
export function toPlain(node: unknown, doc: Document.Parsed): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return node.value;
  try {
    return (node as Node).toJS(doc, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

export { isMap, isScalar, isSeq };
