import { yamlScalar } from './yamlScalar';
import { actorId } from './actors/ids';
import { findSource } from './sources';
import { isMap, isScalar, isSeq, parseYaml } from './yamlUtil';
import type { Actor, ActorKind } from './actors/registry';
import type { Span, TextEdit } from './types';
import { isUpper, isWordChar } from './text';
import { MONTHS } from './dates';
import type { Article } from './parser/article';

function eolOf(text: string): string {
  const m = /\r\n?|\n/.exec(text);
  return m ? m[0] : '\n';
}

/** Column of the line an offset is on. */
function columnOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return offset - i;
}

function lineEndAfter(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** An edit that adds a source to `dateline.yaml`, in the list's own style, or a new `sources:` list. */
export function addSourceEdit(configText: string, name: string): TextEdit {
  const eol = eolOf(configText);
  const { doc } = parseYaml(configText);
  const root = doc.contents;
  if (isMap(root)) {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'sources');
    const seq = pair?.value;
    if (isSeq(seq) && seq.range) {
      if (seq.flow) {
        const close = configText.lastIndexOf(']', seq.range[1]);
        if (close >= 0) return { span: { start: close, end: close }, newText: `${seq.items.length ? ', ' : ''}${yamlScalar(name)}` };
      } else if (seq.items.length) {
        const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] };
        const first = seq.items[0] as { range?: [number, number, number] };
        const dashColumn = Math.max(0, columnOf(configText, first.range?.[0] ?? seq.range[0]) - 2);
        const end = lineEndAfter(configText, Math.max(seq.range[0], (last.range?.[1] ?? seq.range[1]) - 1));
        const scalarStyle = isScalar(first);
        const item = scalarStyle ? `- ${yamlScalar(name)}` : `- name: ${yamlScalar(name)}`;
        return { span: { start: end, end }, newText: `${eol}${' '.repeat(dashColumn)}${item}` };
      }
    }
  }
  const needsBreak = configText.length > 0 && !/[\r\n]$/.test(configText);
  return { span: { start: configText.length, end: configText.length }, newText: `${needsBreak ? eol : ''}sources:${eol}  - name: ${yamlScalar(name)}${eol}` };
}

/** An edit that appends an actor entry to an actors file (a YAML list). */
export function addActorEdit(actorsText: string, name: string, kind: ActorKind, existingIds: Iterable<string>): TextEdit {
  const eol = eolOf(actorsText);
  const ids = new Set(existingIds);
  const base = actorId(name);
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  let indent = '';
  const { doc } = parseYaml(actorsText);
  let root: unknown = doc.contents;
  if (isMap(root)) {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'actors');
    root = pair?.value;
  }
  if (isSeq(root) && root.items.length) {
    const first = root.items[0] as { range?: [number, number, number] };
    indent = ' '.repeat(Math.max(0, columnOf(actorsText, first.range?.[0] ?? 0) - 2));
  }
  const lines = [`- id: ${id}`, `  name: ${yamlScalar(name)}`, `  kind: ${kind}`];
  const surname = name.split(/\s+/).pop();
  if (kind === 'person' && surname && surname !== name) lines.push(`  aliases: [${yamlScalar(surname)}]`);
  const body = lines.map((l) => indent + l).join(eol) + eol;
  const prefix = actorsText.length === 0 ? '' : /(\r\n|\r|\n){2}$/.test(actorsText) ? '' : /[\r\n]$/.test(actorsText) ? eol : eol + eol;
  return { span: { start: actorsText.length, end: actorsText.length }, newText: prefix + body };
}

/**
 * An edit that adds an alias to one actor's entry, found by its `id`, in an actors file or in the
 * inline `actors:` list of `dateline.yaml`: into its `aliases` list in the list's own style, or as a
 * new `aliases: [...]` line after `name:`. Undefined when the entry cannot be found or is written
 * in a form an edit should not guess at (a flow mapping, an alias given as one string).
 */
export function addAliasEdit(registryText: string, actorId: string, alias: string): TextEdit | undefined {
  const eol = eolOf(registryText);
  const { doc } = parseYaml(registryText);
  let root: unknown = doc.contents;
  if (isMap(root)) root = root.items.find((p) => isScalar(p.key) && p.key.value === 'actors')?.value;
  if (!isSeq(root)) return undefined;
  for (const item of root.items) {
    if (!isMap(item) || item.flow) continue;
    const pairOf = (key: string) => item.items.find((p) => isScalar(p.key) && p.key.value === key);
    const id = pairOf('id')?.value;
    if (!isScalar(id) || String(id.value).trim() !== actorId) continue;
    const aliases = pairOf('aliases');
    if (aliases) {
      const seq = aliases.value;
      if (!isSeq(seq) || !seq.range) return undefined;
      if (seq.flow) {
        const close = registryText.lastIndexOf(']', seq.range[1]);
        return close < 0 ? undefined : { span: { start: close, end: close }, newText: `${seq.items.length ? ', ' : ''}${yamlScalar(alias)}` };
      }
      const first = seq.items[0] as { range?: [number, number, number] } | undefined;
      const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] } | undefined;
      if (!first?.range || !last?.range) return undefined;
      const dashColumn = Math.max(0, columnOf(registryText, first.range[0]) - 2);
      const end = lineEndAfter(registryText, Math.max(seq.range[0], last.range[1] - 1));
      return { span: { start: end, end }, newText: `${eol}${' '.repeat(dashColumn)}- ${yamlScalar(alias)}` };
    }
    const name = pairOf('name');
    const key = name?.key as { range?: [number, number, number] } | undefined;
    const value = name?.value as { range?: [number, number, number] } | undefined;
    if (!key?.range || !value?.range) return undefined;
    const end = lineEndAfter(registryText, Math.max(key.range[0], value.range[1] - 1));
    return { span: { start: end, end }, newText: `${eol}${' '.repeat(columnOf(registryText, key.range[0]))}aliases: [${yamlScalar(alias)}]` };
  }
  return undefined;
}


/** Capitalised words that start sentences or name dates, never people. */
export const NOT_NAMES = new Set<string>([
  ...MONTHS, 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
  'The', 'A', 'An', 'In', 'On', 'At', 'But', 'And', 'Or', 'If', 'When', 'While', 'After', 'Before', 'He', 'She', 'They', 'It', 'We', 'This', 'That',
]);

/**
 * A capitalised run of two to four words around `offset` that names no known actor: the kind of
 * name a writer may want to add to the registry (`Anja Holm`).
 */
export function unknownNameAt(article: Article, offset: number, known: { has(name: string): boolean }): { span: Span; name: string } | undefined {
  const text = article.text;
  if (offset < article.bodyStart) return undefined;
  for (const m of article.mentions) if (m.span.start <= offset && offset <= m.span.end) return undefined;
  // Words around the offset, on the same line.
  let start = offset;
  while (start > article.bodyStart && (isWordChar(text.charCodeAt(start - 1)) || text[start - 1] === ' ' || text[start - 1] === '-' || text[start - 1] === '’' || text[start - 1] === "'")) start--;
  let end = offset;
  while (end < text.length && (isWordChar(text.charCodeAt(end)) || text[end] === ' ' || text[end] === '-' || text[end] === '’' || text[end] === "'")) end++;
  const words: { start: number; end: number; word: string }[] = [];
  const re = /[^\s]+/g;
  const segment = text.slice(start, end);
  let m: RegExpExecArray | null;
  while ((m = re.exec(segment))) words.push({ start: start + m.index, end: start + m.index + m[0].length, word: m[0] });
  const at = words.findIndex((w) => w.start <= offset && offset <= w.end);
  if (at < 0) return undefined;
  const isName = (w: string) => isUpper(w.charCodeAt(0)) && w.length > 1 && w !== w.toUpperCase() && !NOT_NAMES.has(w);
  if (!isName(words[at].word)) return undefined;
  let a = at;
  let b = at;
  while (a > 0 && isName(words[a - 1].word) && b - a < 3) a--;
  while (b + 1 < words.length && isName(words[b + 1].word) && b - a < 3) b++;
  if (b === a) return undefined;
  const span = { start: words[a].start, end: words[b].end };
  let name = text.slice(span.start, span.end);
  // A possessive is not part of the name.
  const possessive = /['’]s$/.exec(name);
  if (possessive) {
    name = name.slice(0, -2);
    span.end -= 2;
  }
  if (known.has(name)) return undefined;
  return { span, name };
}

/** The canonical registry name for a source written as one of its aliases. */
export function canonicalSource(source: string, sources: readonly { name: string; aliases: string[] }[]): string | undefined {
  const found = findSource(sources, source);
  return found?.alias ? found.entry.name : undefined;
}

export type { Actor };
