import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { charBoundary } from './text';
import type { Span } from './types';

export interface YamlProblem {
  span: Span;
  message: string;
}

/**
 * Parses YAML text placed at `base` in a larger text; spans come back in the larger text's offsets.
 * Problems are in a writer's words and name their line, counted in the larger text: `linesBefore`
 * is how many lines of it come before `base`.
 */
export function parseYaml(text: string, base = 0, linesBefore = 0): { doc: Document.Parsed; problems: YamlProblem[] } {
  const lineCounter = new LineCounter();
  // The YAML library does not end lines at a lone CR; a LF in its place keeps every offset.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  // logLevel 'error': the library's warnings (such as a list used as a key) would reach the
  // editor's log as errors; the problems that matter come back as findings instead.
  let doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false, lineCounter, strict: false, logLevel: 'error' });
  if (doc.errors.some((e) => /call stack/i.test(e.message))) {
    // The library ran out of stack; where depends on the caller's stack, so the CLI and the
    // editor would disagree. Report it once, at the start, and read nothing.
    const span = { start: base, end: base + charBoundary(text, Math.min(1, text.length), 1) };
    return { doc: parseDocument('', { logLevel: 'error' }), problems: [{ span, message: 'Nested too deeply to read; nothing in it is used.' }] };
  }
  // Errors at the very end point one past it; keep every span inside the text.
  const clamp = (o: number) => Math.max(0, Math.min(o, text.length));
  const problems: YamlProblem[] = doc.errors.map((e) => {
    // Positions next to a line end can fall inside a CRLF; widen them to whole characters.
    const start = charBoundary(text, text.length ? Math.min(clamp(e.pos[0]), text.length - 1) : 0, -1);
    const end = charBoundary(text, Math.max(clamp(e.pos[1]), Math.min(start + 1, text.length)), 1);
    // An unclosed `[` or `{` is noticed on a later line; the writer needs the line that opened it.
    const opener = e.code === 'BAD_INDENT' ? source.lastIndexOf(/^Flow map/.test(e.message) ? '{' : '[', clamp(e.pos[0])) : -1;
    const line = lineCounter.linePos(opener >= 0 ? opener : clamp(e.pos[0])).line + linesBefore;
    return { span: { start: base + start, end: base + end }, message: `on line ${line}, ${plainYamlError(e.code, firstLine(e.message))}` };
  });
  return { doc, problems };
}

/** The YAML library's message for an error, in the words of someone who writes articles, not parsers. */
export function plainYamlError(code: string, message: string): string {
  switch (code) {
    case 'BAD_INDENT':
      if (/^Flow sequence/.test(message)) return 'a list opened with ‘[’ never closes. End it with ‘]’ on the same line, or write one ‘- item’ per line.';
      if (/^Flow map/.test(message)) return 'a mapping opened with ‘{’ never closes. End it with ‘}’ on the same line.';
      return 'the indentation does not line up with the lines around it. Indent items of one list or mapping by the same number of spaces.';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      if (/compact mappings/.test(message)) return 'a value contains ‘: ’, which starts a second field on the line. Put the value in quotes, as in title: "Ports: the next decade".';
      return 'the indentation does not line up: list items (‘- item’) of one field start at the same column, and each field starts at the beginning of its line.';
    case 'MISSING_CHAR':
      if (/closing "quote/.test(message)) return 'a value opened with a double quotation mark (") never closes. Add the closing mark.';
      if (/closing 'quote/.test(message)) return "a value opened with a single quotation mark (') never closes. Add the closing mark, or write '' for an apostrophe inside it.";
      if (/map values/.test(message)) return 'this line is not a ‘field: value’ pair. Add the colon after the field name, or indent the line to continue the field above.';
      return 'a bracket or quotation mark is missing here.';
    case 'UNEXPECTED_TOKEN':
      return 'this line does not fit the lines before it. A field is written ‘name: value’ and a list item ‘- value’; check the indentation and the colons.';
    case 'TAB_AS_INDENT':
      return 'a tab indents this line. Indent with spaces.';
    case 'BAD_DQ_ESCAPE':
      return 'a backslash in a double-quoted value starts an escape. Write \\\\ for a backslash, or use single quotes.';
    case 'BAD_SCALAR_START':
      return 'a value cannot start with this character (such as @ or a backtick). Put the value in quotes.';
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return 'a value that starts with * refers to an anchor (&name) in YAML. Put the value in quotes.';
    case 'MULTIPLE_DOCS':
      return 'a second ‘---’ starts another document. Only one is read; remove the extra line.';
    case 'KEY_OVER_1024_CHARS':
      return 'a field name is over 1024 characters long.';
    default:
      return `this cannot be read as YAML (${message.replace(/\.$/, '')}).`;
  }
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
    return nodeToJS(node as Node, doc);
  } catch {
    return undefined;
  }
}

/** Deepest nesting read into plain values, and most nodes (aliases followed) looked at to know it. */
const MAX_DEPTH = 64;
const MAX_NODES = 100_000;

/**
 * `node.toJS`, refused with a RangeError for collections nested deeper than MAX_DEPTH or too big
 * once aliases are followed. Converting deeply nested complex keys (`? ? ? … x`) stringifies each
 * level's key again and again, which takes minutes and gigabytes instead of throwing.
 */
export function nodeToJS(node: Node, doc: Document.Parsed): unknown {
  // Iterative, so a deep document cannot overflow the stack here.
  const stack: [unknown, number][] = [[node, 0]];
  // Resolving an alias searches the document; each alias is resolved once.
  const targets = new Map<unknown, unknown>();
  let seen = 0;
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) throw new RangeError(`YAML nested more than ${MAX_DEPTH} levels deep`);
    if (++seen > MAX_NODES) throw new RangeError('YAML value too large once aliases are expanded');
    if (isMap(n) || isSeq(n)) for (const item of n.items as unknown[]) stack.push([item, depth + 1]);
    else if (isPair(n)) stack.push([n.key, depth], [n.value, depth]);
    else if (isAlias(n)) {
      if (!targets.has(n)) targets.set(n, n.resolve(doc));
      stack.push([targets.get(n), depth + 1]);
    }
  }
  return node.toJS(doc, { maxAliasCount: 100 });
}

export { isMap, isScalar, isSeq };
