/**
 * Completion and hover inside `dateline.yaml`, as plain data. What the keys are, what values they
 * take and what they mean all come from the shipped JSON Schema (schemas/dateline.schema.json, kept
 * in step with the rule registry by scripts/generate.ts), so there is no second list to drift.
 *
 * The cursor's place is worked out from indentation, line by line (block YAML as people write it:
 * `key:`, `- item`, `key: [a, b]`); nothing here parses the whole file or throws on a broken one.
 */
import schemaJson from '../../../schemas/dateline.schema.json';
import type { CompletionItem, CompletionList } from './completion';
import type { HoverResult } from './hover';

interface SchemaNode {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  /** The shape of keys the schema does not name (a workspace's own header fields). */
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  $ref?: string;
}

const ROOT = schemaJson as unknown as SchemaNode & { definitions?: Record<string, SchemaNode> };
/** How far up or down the file the cursor's parents and siblings are looked for. */
const MAX_LINES = 5000;

/** One step of a path into the YAML: a mapping key, or an item of a sequence. */
const ITEM: unique symbol = Symbol('item');
type Step = string | typeof ITEM;

interface Line {
  start: number;
  /** Where the line's text ends (before its line break). */
  end: number;
}

interface Token {
  column: number;
  kind: 'item' | 'key';
  key?: string;
  /** For a key: where its name starts and ends, as offsets into the text. */
  start?: number;
  end?: number;
  /** For a key: whether anything but a comment follows its colon on the line. */
  hasValue?: boolean;
}

/** The lines of the text, each with its start and end offset; LF, CRLF and lone CR all end lines. */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ start, end: i });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: text.length });
  return lines;
}

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46;
}

/**
 * The structure a line opens with: its `- ` item marks and its `key:`, each with its column.
 * Blank lines and comments give none.
 */
function tokensOf(text: string, line: Line): Token[] {
  const tokens: Token[] = [];
  let i = line.start;
  while (i < line.end && text.charCodeAt(i) === 32) i++;
  for (;;) {
    if (i >= line.end || text.charCodeAt(i) === 35) return tokens;
    if (text.charCodeAt(i) === 45 && (i + 1 === line.end || text.charCodeAt(i + 1) === 32)) {
      tokens.push({ column: i - line.start, kind: 'item' });
      i++;
      while (i < line.end && text.charCodeAt(i) === 32) i++;
      continue;
    }
    break;
  }
  const keyStart = i;
  while (i < line.end && isKeyChar(text.charCodeAt(i))) i++;
  const keyEnd = i;
  while (i < line.end && text.charCodeAt(i) === 32) i++;
  if (keyEnd > keyStart && text.charCodeAt(i) === 58 && (i + 1 === line.end || text.charCodeAt(i + 1) === 32)) {
    let v = i + 1;
    while (v < line.end && text.charCodeAt(v) === 32) v++;
    tokens.push({ column: keyStart - line.start, kind: 'key', key: text.slice(keyStart, keyEnd), start: keyStart, end: keyEnd, hasValue: v < line.end && text.charCodeAt(v) !== 35 });
  }
  return tokens;
}

/** The line holding `offset`. */
function lineAt(lines: Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The path of the block that holds a token at `column` on line `index`, read from the lines above:
 * each line that starts left of the column is a parent, its `- ` marks are sequence items and its
 * `key:` (with nothing after the colon) a mapping key.
 */
function parentPath(text: string, lines: Line[], index: number, column: number): Step[] | undefined {
  const path: Step[] = [];
  let col = column;
  for (let n = index - 1; n >= 0 && index - n <= MAX_LINES && col > 0; n--) {
    const tokens = tokensOf(text, lines[n]);
    if (!tokens.length || tokens[0].column >= col) continue;
    const ancestors = tokens.filter((t) => t.column < col);
    for (let k = ancestors.length - 1; k >= 0; k--) {
      const t = ancestors[k];
      if (t.kind === 'item') path.unshift(ITEM);
      else if (t.hasValue) return undefined;
      else path.unshift(t.key!);
    }
    col = tokens[0].column;
  }
  return col > 0 ? undefined : path;
}

/** The keys already given beside a key at `column` on line `index`, in the same mapping. */
function siblingKeys(text: string, lines: Line[], index: number, column: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: 1 | -1) => {
    for (let n = from; n >= 0 && n < lines.length && Math.abs(n - index) <= MAX_LINES; n += step) {
      const tokens = tokensOf(text, lines[n]);
      if (!tokens.length) continue;
      const key = tokens.find((t) => t.kind === 'key' && t.column === column);
      if (key) keys.add(key.key!);
      // A line that starts left of the column ends the mapping (upward it may still hold a key of it: `- name: …`).
      if (tokens[0].column < column) return;
      if (step === 1 && tokens[0].column === column && tokens[0].kind === 'item') return;
    }
  };
  scan(index - 1, -1);
  scan(index + 1, 1);
  return keys;
}

function resolve(node: SchemaNode | undefined): SchemaNode[] {
  if (!node) return [];
  if (node.$ref) {
    const name = node.$ref.replace('#/definitions/', '');
    const target = ROOT.definitions?.[name];
    return target ? resolve({ ...target, description: node.description ?? target.description }) : [];
  }
  const alternatives = node.anyOf ?? node.oneOf;
  if (!alternatives) return [node];
  // The alternatives, with the parent's description and default where they have none of their own.
  return alternatives.flatMap((a) => resolve(a)).map((a) => ({ ...a, description: a.description ?? node.description, default: a.default ?? node.default }));
}

/** The schema nodes a path leads to (several where the schema allows more than one shape). */
function nodesAt(path: readonly Step[]): SchemaNode[] {
  let nodes = resolve(ROOT);
  for (const step of path) {
    nodes = nodes.flatMap((n) => (step === ITEM ? resolve(n.items) : resolve(n.properties?.[step] ?? (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined))));
    if (!nodes.length) return [];
  }
  return nodes;
}

function propertiesOf(nodes: readonly SchemaNode[]): Map<string, SchemaNode> {
  const props = new Map<string, SchemaNode>();
  for (const n of nodes) for (const [k, v] of Object.entries(n.properties ?? {})) if (!props.has(k)) props.set(k, v);
  return props;
}

function typesOf(node: SchemaNode): string[] {
  return resolve(node).flatMap((n) => (Array.isArray(n.type) ? n.type : n.type ? [n.type] : n.enum ? ['string'] : []));
}

/** The scalar values a node (or an item of it, for a list) may take, in the schema's order. */
function valuesOf(nodes: readonly SchemaNode[]): string[] {
  const values: string[] = [];
  const add = (v: string) => {
    if (!values.includes(v)) values.push(v);
  };
  for (const n of nodes) {
    for (const v of n.enum ?? []) if (typeof v === 'string') add(v);
    if (typesOf(n).includes('boolean') && !n.enum) {
      add('true');
      add('false');
    }
  }
  return values;
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

/** The hover and completion text for a key: its description, the values it takes, its default. */
function describe(key: string, node: SchemaNode): string {
  const nodes = resolve(node);
  const parts = [`**${key}**`];
  const description = node.description ?? nodes.find((n) => n.description)?.description;
  if (description) parts.push(description);
  const values = valuesOf(nodes);
  if (values.length) parts.push(`Values: ${values.map(code).join(', ')}.`);
  if (node.default !== undefined) parts.push(`Default: ${code(node.default)}.`);
  return parts.join('\n\n');
}

/** What the key typed at the cursor inserts: `key: ` for a value on the line, `key:` and an indented line for a block. */
function keyInsert(key: string, node: SchemaNode, column: number): string {
  const nodes = resolve(node);
  const indent = ' '.repeat(column + 2);
  // A list of entries goes one to a line; a list of words fits on the key's line (`aliases: [RIA, RIA Novosti]`).
  const listOfMaps = nodes.some((n) => typesOf(n).includes('array') && resolve(n.items).some((i) => typesOf(i).includes('object')));
  if (listOfMaps && !nodes.some((n) => typesOf(n).includes('string'))) return `${key}:\n${indent}- `;
  const onLine = nodes.some((n) => n.enum || typesOf(n).some((t) => t !== 'object' && t !== 'null'));
  return onLine ? `${key}: ` : `${key}:\n${indent}`;
}

/** Completion at `offset` in the text of a `dateline.yaml`. */
export function completeConfig(text: string, offset: number): CompletionList {
  const none: CompletionList = { items: [], isIncomplete: false };
  const at = Math.max(0, Math.min(offset, text.length));
  const lines = splitLines(text);
  const index = lineAt(lines, at);
  const line = lines[index];
  const before = text.slice(line.start, at);
  if (before.includes('#')) return none;
  const tokens = tokensOf(text, { start: line.start, end: at });
  const key = tokens.find((t) => t.kind === 'key');
  const items = tokens.filter((t) => t.kind === 'item');
  // Where the token being typed starts: after the line's indentation and `- ` marks.
  let p = line.start;
  while (p < at && text.charCodeAt(p) === 32) p++;
  for (const _ of items) {
    p++;
    while (p < at && text.charCodeAt(p) === 32) p++;
  }
  const firstColumn = tokens.length ? tokens[0].column : p - line.start;
  const parents = parentPath(text, lines, index, firstColumn);
  if (!parents) return none;
  const path: Step[] = [...parents, ...items.map((): Step => ITEM)];

  if (!key) {
    // A key being typed, or a value as a list item (`- ap`).
    let w = at;
    while (w > p && isKeyChar(text.charCodeAt(w - 1))) w--;
    if (w !== p) return none;
    let end = at;
    while (end < line.end && isKeyChar(text.charCodeAt(end))) end++;
    const span = { start: p, end };
    const nodes = nodesAt(path);
    const out: CompletionItem[] = [];
    const props = propertiesOf(nodes);
    if (props.size) {
      const column = p - line.start;
      const given = siblingKeys(text, lines, index, column);
      // A `- ` on this line starts a new entry: only that entry's own keys are beside it.
      if (items.length) given.clear();
      let n = 0;
      for (const [name, node] of props) {
        n++;
        if (given.has(name)) continue;
        out.push({ label: name, kind: 'field', span, insertText: keyInsert(name, node, column), filterText: name, sortText: String(n).padStart(4, '0'), documentation: describe(name, node) });
      }
    }
    if (items.length) for (const item of valueItems(nodes, span)) out.push(item);
    return { items: out, isIncomplete: false };
  }

  // A value after `key: `, or an item of `key: [a, b]`.
  let v = key.end!;
  while (text.charCodeAt(v) !== 58) v++;
  v++;
  while (v < at && text.charCodeAt(v) === 32) v++;
  let valueStart = v;
  let inFlow = false;
  for (let k = v; k < at; k++) {
    const c = text.charCodeAt(k);
    if (c === 91 && k === v) inFlow = true;
    if (inFlow && (c === 91 || c === 44)) {
      valueStart = k + 1;
      while (valueStart < at && text.charCodeAt(valueStart) === 32) valueStart++;
    }
  }
  const typed = text.slice(valueStart, at);
  for (let k = 0; k < typed.length; k++) if (!isKeyChar(typed.charCodeAt(k))) return none;
  let end = at;
  while (end < line.end && isKeyChar(text.charCodeAt(end))) end++;
  const nodes = nodesAt([...path, key.key!]);
  const values = valueItems(inFlow ? nodes.flatMap((n) => resolve(n.items)) : nodes, { start: valueStart, end });
  // Right after the colon, a value needs its space.
  if (valueStart === at && text.charCodeAt(at - 1) === 58) for (const item of values) item.insertText = ` ${item.insertText}`;
  return { items: values, isIncomplete: false };
}

function valueItems(nodes: readonly SchemaNode[], span: { start: number; end: number }): CompletionItem[] {
  const defaults = nodes.map((n) => n.default).filter((d) => d !== undefined);
  return valuesOf(nodes).map((value, n) => ({
    label: value,
    kind: 'value' as const,
    span,
    insertText: value,
    filterText: value,
    sortText: String(n + 1).padStart(4, '0'),
    detail: defaults.includes(value) ? 'default' : undefined,
  }));
}

/** The hover card for the key at `offset` in the text of a `dateline.yaml`: what the schema says of it. */
export function hoverConfig(text: string, offset: number): HoverResult | undefined {
  const lines = splitLines(text);
  const index = lineAt(lines, Math.max(0, Math.min(offset, text.length)));
  const tokens = tokensOf(text, lines[index]);
  const key = tokens.find((t) => t.kind === 'key');
  if (!key || offset < key.start! || offset > key.end!) return undefined;
  const parents = parentPath(text, lines, index, tokens[0].column);
  if (!parents) return undefined;
  const path: Step[] = [...parents, ...tokens.filter((t) => t.kind === 'item').map((): Step => ITEM)];
  const node = propertiesOf(nodesAt(path)).get(key.key!);
  if (!node) return undefined;
  return { markdown: describe(key.key!, node), span: { start: key.start!, end: key.end! } };
}
