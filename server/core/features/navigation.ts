/**
 * Navigation over actors and sources: what the cursor is on, where a name is declared, and the
 * edits a rename makes. Plain data in and out; the server reads the files and converts.
 */
import { yamlScalar } from '../yamlScalar';
import { findSource } from '../sources';
import type { Actor } from '../actors/registry';
import type { Article } from '../parser/article';
import type { Span, TextEdit } from '../types';
import { isMap, isScalar, isSeq, nodeSpan, parseYaml } from '../yamlUtil';

/** How an actor answers to a form: its full name, a listed alias, or a person's surname taken from the name. */
export type NameForm = 'name' | 'alias' | 'surname';

/** A person's surname when the registry does not list it: the short form mentions may use. */
export function derivedSurname(actor: Actor): string | undefined {
  const words = actor.name.split(/\s+/);
  const last = words[words.length - 1];
  if (actor.kind !== 'person' || words.length < 2 || last.length < 3 || actor.aliases.includes(last)) return undefined;
  return last;
}

/** A name as mentions carry it: words separated by single spaces. */
export function normalName(name: string): string {
  return name.split(/\s+/).filter(Boolean).join(' ');
}

export function formOf(actor: Actor, form: string): NameForm | undefined {
  if (form === normalName(actor.name)) return 'name';
  if (actor.aliases.some((a) => normalName(a) === form)) return 'alias';
  if (form === derivedSurname(actor)) return 'surname';
  return undefined;
}

/** A name or alias written in a registry, under the cursor. */
export interface RegistryName {
  actor: Actor;
  form: string;
  kind: 'name' | 'alias';
  span: Span;
}

/** The actor name or alias at an offset of a registry (actors parsed from that same text). */
export function registryNameAt(actors: readonly Actor[], offset: number): RegistryName | undefined {
  for (const actor of actors) {
    const origin = actor.origin;
    if (!origin || offset < origin.span.start || offset > origin.span.end) continue;
    if (origin.nameSpan && within(offset, origin.nameSpan)) return { actor, form: normalName(actor.name), kind: 'name', span: origin.nameSpan };
    for (const a of origin.aliasSpans ?? []) {
      if (within(offset, a.span) && actor.aliases.includes(a.alias.trim())) return { actor, form: normalName(a.alias), kind: 'alias', span: a.span };
    }
  }
  return undefined;
}

function within(offset: number, span: Span): boolean {
  return offset >= span.start && offset <= span.end;
}

/** A source listed in `dateline.yaml`, with where its name is written. */
export interface SourceDeclaration {
  name: string;
  aliases: string[];
  nameSpan: Span;
  description?: string;
}

/** The `sources:` entries of a `dateline.yaml` text with their spans. Never throws. */
export function sourceDeclarations(configText: string): SourceDeclaration[] {
  let root: unknown;
  try {
    root = parseYaml(configText).doc.contents;
  } catch {
    return [];
  }
  if (!isMap(root)) return [];
  const list = root.items.find((p) => isScalar(p.key) && p.key.value === 'sources')?.value;
  if (!isSeq(list)) return [];
  const out: SourceDeclaration[] = [];
  for (const item of list.items) {
    if (isScalar(item) && String(item.value ?? '').trim()) {
      out.push({ name: String(item.value).trim(), aliases: [], nameSpan: nodeSpan(item, 0, { start: 0, end: 0 }) });
      continue;
    }
    if (!isMap(item)) continue;
    const get = (key: string) => item.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
    const name = get('name');
    if (!isScalar(name) || !String(name.value ?? '').trim()) continue;
    const aliases = get('aliases');
    const description = get('description');
    out.push({
      name: String(name.value).trim(),
      aliases: isSeq(aliases) ? aliases.items.filter(isScalar).map((a) => String(a.value).trim()) : [],
      nameSpan: nodeSpan(name, 0, { start: 0, end: 0 }),
      description: isScalar(description) && typeof description.value === 'string' ? description.value : undefined,
    });
  }
  return out;
}

/** The declaration a cited source refers to, by name or alias (as hover and the rules read it). */
export function findSourceDeclaration(declarations: readonly SourceDeclaration[], cited: string): SourceDeclaration | undefined {
  return findSource(declarations, cited)?.entry;
}

/** What a rename changes: each old form as mentions write it, to its new text, and the registry value. */
export interface RenamePlan {
  actorId: string;
  /** Old form → new form, for mentions of this actor. */
  forms: Map<string, string>;
  /** The registry value to replace: the name, or one alias. */
  registry: { kind: 'name' | 'alias'; old: string; newText: string };
}

/**
 * Plans renaming one form of an actor. Every mention that named the actor before still names it
 * after: renaming a full name also renames the surname mentions taken from it, and renaming such
 * a surname changes the last word of the full name.
 */
export function planRename(actor: Actor, form: string, newName: string): RenamePlan | { error: string } {
  const next = newName.trim().split(/[ \t\u00a0]+/).join(' ');
  if (!next) return { error: 'A name cannot be empty.' };
  if (/[\r\n]/.test(next)) return { error: 'A name is one line.' };
  const kind = formOf(actor, form);
  if (!kind) return { error: `‘${form}’ is not a name of ${actor.name}.` };
  if (kind === 'alias') return { actorId: actor.id, forms: new Map([[form, next]]), registry: { kind: 'alias', old: form, newText: next } };
  let full = next;
  if (kind === 'surname') {
    if (/\s/.test(next)) return { error: 'A surname is one word; rename the full name to change more.' };
    const words = actor.name.split(/\s+/);
    full = [...words.slice(0, -1), next].join(' ');
  }
  const oldName = normalName(actor.name);
  const forms = new Map<string, string>();
  if (full !== oldName) forms.set(oldName, full);
  const surname = derivedSurname(actor);
  const newWords = full.split(' ');
  const newSurname = newWords[newWords.length - 1];
  if (surname && newWords.length > 1 && newSurname !== surname) forms.set(surname, newSurname);
  return { actorId: actor.id, forms, registry: { kind: 'name', old: actor.name, newText: full } };
}

/**
 * The mentions a rename changes, with their new text. Only mentions that name this actor alone:
 * a form several actors share is left as written.
 */
export function mentionRenames<T extends { actorIds: readonly string[]; text: string }>(mentions: readonly T[], plan: RenamePlan): { mention: T; newText: string }[] {
  const out: { mention: T; newText: string }[] = [];
  for (const m of mentions) {
    if (m.actorIds.length !== 1 || m.actorIds[0] !== plan.actorId) continue;
    const newText = plan.forms.get(m.text);
    if (newText !== undefined) out.push({ mention: m, newText });
  }
  return out;
}

/** Edits to an article's text for a rename. A possessive stays: `Varga’s` becomes `Novak’s`. */
export function renameEditsIn(article: Article, plan: RenamePlan): TextEdit[] {
  return mentionRenames(article.mentions, plan).map(({ mention, newText }) => ({ span: mention.span, newText }));
}

/**
 * The edit to a registry for a rename, given the actors parsed from that registry's text (or
 * from `dateline.yaml` for inline entries). Undefined when the entry or value is not found.
 */
export function registryEdit(registryText: string, actors: readonly Actor[], plan: RenamePlan): TextEdit | undefined {
  const actor = actors.find((a) => a.id === plan.actorId);
  const origin = actor?.origin;
  if (!origin) return undefined;
  const span = plan.registry.kind === 'name' ? origin.nameSpan : origin.aliasSpans?.find((a) => normalName(a.alias) === plan.registry.old)?.span;
  if (!span) return undefined;
  return { span, newText: yamlScalar(plan.registry.newText, registryText.slice(span.start, span.end)) };
}

/**
 * How well a symbol name matches a query: higher is better, undefined for no match. Prefix beats a
 * word start beats a substring beats letters in order.
 */
export function matchScore(query: string, name: string): number | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  const n = name.toLowerCase();
  if (n.startsWith(q)) return 4;
  const at = n.indexOf(q);
  if (at > 0 && !/[\p{L}\p{N}]/u.test(n[at - 1])) return 3;
  if (at > 0) return 2;
  let i = 0;
  for (let k = 0; k < n.length && i < q.length; k++) if (n[k] === q[i]) i++;
  return i === q.length ? 1 : undefined;
}
