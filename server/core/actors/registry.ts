import { actorId } from './ids';
import type { Document, Node } from 'yaml';
import { parseHeaderDate, type SimpleDate } from '../dates';
import type { Severity, Span } from '../types';
import { isMap, isScalar, isSeq, nodeSpan, nodeToJS, parseYaml } from '../yamlUtil';
import { readRegistryShape } from './registryShape';

export type ActorKind = 'person' | 'organization' | 'place';
export const ACTOR_KINDS: readonly ActorKind[] = ['person', 'organization', 'place'];

export interface ActorRole {
  title: string;
  from?: SimpleDate;
  to?: SimpleDate;
}

/** Where an actor is written down, for go-to-definition and rename. */
export interface ActorOrigin {
  /** The registry file, as the caller named it (a path or URI); undefined for entries built in code. */
  file?: string;
  span: Span;
  nameSpan?: Span;
  aliasSpans?: { alias: string; span: Span }[];
}

export interface Actor {
  id: string;
  name: string;
  kind: ActorKind;
  aliases: string[];
  roles: ActorRole[];
  affiliation?: string;
  description?: string;
  origin?: ActorOrigin;
}

export interface RegistryProblem {
  span: Span;
  message: string;
  severity: Severity;
}

export interface RegistryResult {
  actors: Actor[];
  problems: RegistryProblem[];
}

const KNOWN_KEYS = new Set(['id', 'name', 'kind', 'aliases', 'roles', 'affiliation', 'description']);

/**
 * Reads an actors registry: a YAML list of entries (or a mapping with an `actors:` list). Never
 * throws; bad entries become problems with spans in the file, good ones are kept.
 */
export function parseActorRegistry(text: string, file?: string, options: { library?: boolean } = {}): RegistryResult {
  const problems: RegistryProblem[] = [];
  const whole: Span = { start: 0, end: Math.min(1, text.length) };
  // Most registries are in one simple shape, read far faster without the YAML library; `library`
  // forces the library, so tests can compare the two.
  const shaped = options.library ? undefined : readRegistryShape(text);
  if (shaped) {
    const actors = readEntries(shaped, file, problems);
    checkRegistry(actors, problems);
    return { actors, problems };
  }
  let parsed: ReturnType<typeof parseYaml>;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    return { actors: [], problems: [{ span: whole, message: `The registry could not be read: ${(e as Error).message}`, severity: 'error' }] };
  }
  for (const p of parsed.problems) problems.push({ span: p.span, message: `The registry cannot be read: ${p.message}`, severity: 'error' });
  let root: unknown = parsed.doc.contents;
  if (isMap(root)) {
    const list = root.items.find((p) => isScalar(p.key) && p.key.value === 'actors');
    if (!list) {
      problems.push({ span: nodeSpan(root, 0, whole), message: 'An actors registry is a list of entries, or a mapping with an ‘actors:’ list.', severity: 'error' });
      return { actors: [], problems };
    }
    root = list.value;
  }
  if (root === null || root === undefined) return { actors: [], problems };
  if (!isSeq(root)) {
    problems.push({ span: nodeSpan(root, 0, whole), message: 'An actors registry is a list of entries, each with at least ‘id’ and ‘name’.', severity: 'error' });
    return { actors: [], problems };
  }
  const actors = readEntries(rawEntriesOf(root.items, parsed.doc, whole), file, problems);
  checkRegistry(actors, problems);
  return { actors, problems };
}

/** Reads inline entries (already parsed from `dateline.yaml`), without spans. */
export function actorsFromPlain(entries: unknown[]): RegistryResult {
  const problems: RegistryProblem[] = [];
  const actors: Actor[] = [];
  for (const entry of entries) {
    const actor = readPlainEntry(entry, undefined, undefined, problems, { start: 0, end: 0 });
    if (actor) actors.push(actor);
  }
  checkRegistry(actors, problems);
  return { actors, problems };
}

/** One registry entry as read from the file: its pairs with their spans and plain values. */
export interface RawEntry {
  span: Span;
  /** Undefined when the entry is not a mapping. */
  pairs?: RawPair[];
}

export interface RawPair {
  /** '' for a key that is not a plain scalar. */
  key: string;
  keySpan: Span;
  valueSpan: Span;
  /** The plain value; `unreadable` when it could not be converted. */
  value: unknown;
  unreadable?: boolean;
  /** Each scalar of a list value, with its span. */
  aliasSpans?: { alias: string; span: Span }[];
}

/** The entries of a YAML sequence parsed by the library. */
function rawEntriesOf(items: unknown[], doc: Document.Parsed, whole: Span): RawEntry[] {
  return items.map((item) => {
    const span = nodeSpan(item, 0, whole);
    if (!isMap(item)) return { span };
    const pairs = item.items.map((pair): RawPair => {
      const keySpan = nodeSpan(pair.key, 0, span);
      const raw: RawPair = { key: isScalar(pair.key) ? String(pair.key.value) : '', keySpan, valueSpan: nodeSpan(pair.value, 0, keySpan), value: null };
      if (!KNOWN_KEYS.has(raw.key)) return raw;
      try {
        raw.value = pair.value === null || pair.value === undefined ? null : isScalar(pair.value) ? pair.value.value : nodeToJS(pair.value as Node, doc);
      } catch {
        raw.unreadable = true;
      }
      if (isSeq(pair.value)) raw.aliasSpans = pair.value.items.filter(isScalar).map((n) => ({ alias: String(n.value), span: nodeSpan(n, 0, keySpan) }));
      return raw;
    });
    return { span, pairs };
  });
}

function readEntries(entries: readonly RawEntry[], file: string | undefined, problems: RegistryProblem[]): Actor[] {
  const actors: Actor[] = [];
  for (const { span, pairs } of entries) {
    if (!pairs) {
      problems.push({ span, message: 'An actor entry is a mapping with ‘id’, ‘name’, ‘kind’, ‘aliases’, ‘roles’, ‘affiliation’, ‘description’.', severity: 'error' });
      continue;
    }
    const spans: Record<string, Span> = {};
    const plain: Record<string, unknown> = {};
    let aliasSpans: { alias: string; span: Span }[] | undefined;
    for (const pair of pairs) {
      const key = pair.key;
      if (!KNOWN_KEYS.has(key)) {
        problems.push({ span: pair.keySpan, message: `Unknown actor property ‘${key}’.`, severity: 'warning' });
        continue;
      }
      if (key in spans) problems.push({ span: pair.keySpan, message: `‘${key}’ is given twice in this entry; the later one wins.`, severity: 'warning' });
      spans[key] = pair.valueSpan;
      if (pair.unreadable) problems.push({ span: spans[key], message: `‘${key}’ could not be read (nested too deep, or too many YAML aliases).`, severity: 'error' });
      else plain[key] = pair.value;
      if (key === 'aliases' && pair.aliasSpans) aliasSpans = pair.aliasSpans;
    }
    const actor = readPlainEntry(plain, file, { entry: span, ...spans }, problems, span);
    if (actor) {
      actor.origin = { file, span, nameSpan: spans.name, aliasSpans };
      actors.push(actor);
    }
  }
  return actors;
}

function readPlainEntry(raw: unknown, file: string | undefined, spans: Record<string, Span> | undefined, problems: RegistryProblem[], fallback: Span): Actor | undefined {
  const at = (key: string) => spans?.[key] ?? spans?.entry ?? fallback;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ span: fallback, message: 'An actor entry is a mapping with at least ‘id’ and ‘name’.', severity: 'error' });
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const name = typeof r.name === 'string' || typeof r.name === 'number' ? String(r.name).trim() : '';
  if (!name) {
    problems.push({ span: at('name'), message: r.name === undefined ? 'This actor has no ‘name’.' : 'This actor has an empty ‘name’.', severity: 'error' });
    return undefined;
  }
  let id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id).trim() : '';
  if (!id) {
    id = actorId(name);
    problems.push({ span: at('name'), message: `This actor has no ‘id’; ‘${id}’ is used. Add ‘id: ${id}’ so references stay stable.`, severity: 'warning' });
  }
  let kind: ActorKind = 'person';
  if (r.kind !== undefined && r.kind !== null) {
    if (ACTOR_KINDS.includes(r.kind as ActorKind)) kind = r.kind as ActorKind;
    else problems.push({ span: at('kind'), message: `‘kind’ should be one of ${ACTOR_KINDS.join(', ')}.`, severity: 'warning' });
  }
  const aliases: string[] = [];
  if (r.aliases !== undefined && r.aliases !== null) {
    const list = Array.isArray(r.aliases) ? r.aliases : typeof r.aliases === 'string' ? [r.aliases] : undefined;
    if (!list) problems.push({ span: at('aliases'), message: '‘aliases’ should be a list of names.', severity: 'warning' });
    for (const a of list ?? []) {
      const alias = typeof a === 'string' || typeof a === 'number' ? String(a).trim() : '';
      if (!alias) continue;
      if ([...alias].length < 2) {
        problems.push({ span: at('aliases'), message: `The alias ‘${alias}’ is one letter; it would match everywhere and is ignored.`, severity: 'warning' });
        continue;
      }
      if (!aliases.includes(alias) && alias !== name) aliases.push(alias);
    }
  }
  const roles: ActorRole[] = [];
  if (r.roles !== undefined && r.roles !== null) {
    if (!Array.isArray(r.roles)) problems.push({ span: at('roles'), message: '‘roles’ should be a list of ‘{ title, from, to }’.', severity: 'warning' });
    for (const role of Array.isArray(r.roles) ? r.roles : []) {
      const title = typeof role === 'string' ? role : typeof role?.title === 'string' ? role.title : '';
      if (!title.trim()) {
        problems.push({ span: at('roles'), message: 'A role needs a ‘title’.', severity: 'warning' });
        continue;
      }
      const from = readDate(role?.from, 'from', at('roles'), problems);
      const to = readDate(role?.to, 'to', at('roles'), problems);
      roles.push({ title: title.trim(), from, to });
    }
  }
  return {
    id,
    name,
    kind,
    aliases,
    roles,
    affiliation: typeof r.affiliation === 'string' ? r.affiliation : undefined,
    description: typeof r.description === 'string' ? r.description : undefined,
    origin: file ? { file, span: fallback } : undefined,
  };
}

function readDate(value: unknown, key: string, span: Span, problems: RegistryProblem[]): SimpleDate | undefined {
  if (value === undefined || value === null) return undefined;
  const date = typeof value === 'string' ? parseHeaderDate(value) : undefined;
  if (!date) problems.push({ span, message: `A role's ‘${key}’ should be a date such as ‘2008-05-07’.`, severity: 'warning' });
  return date;
}

/** Cross-entry checks: duplicate ids (errors) and aliases two actors claim (information). */
function checkRegistry(actors: Actor[], problems: RegistryProblem[]): void {
  const ids = new Map<string, Actor>();
  const forms = new Map<string, Actor>();
  for (const actor of actors) {
    const span = actor.origin?.span ?? { start: 0, end: 0 };
    const first = ids.get(actor.id);
    if (first) problems.push({ span: actor.origin?.nameSpan ?? span, message: `The id ‘${actor.id}’ is already used by ${first.name}.`, severity: 'error' });
    else ids.set(actor.id, actor);
    for (const alias of actor.aliases) {
      const other = forms.get(alias);
      if (other && other !== actor) {
        const aliasSpan = actor.origin?.aliasSpans?.find((a) => a.alias === alias)?.span ?? span;
        problems.push({ span: aliasSpan, message: `The alias ‘${alias}’ is also claimed by ${other.name}; articles resolve it by the full name they use.`, severity: 'info' });
      } else {
        forms.set(alias, actor);
      }
    }
  }
}


const NO_ACTORS: readonly Actor[] = Object.freeze([]);

/** The role an actor held on a date; with no date, the latest role. */
export function roleOn(actor: Actor, date: SimpleDate | undefined): ActorRole | undefined {
  if (!actor.roles.length) return undefined;
  if (!date) return actor.roles[actor.roles.length - 1];
  const key = (d: SimpleDate) => d.year * 10000 + d.month * 100 + d.day;
  const day = key(date);
  return actor.roles.find((r) => (!r.from || key(r.from) <= day) && (!r.to || day < key(r.to)));
}

/**
 * Builds a structure from a registry once per actors array; a new registry gets a new one. Every
 * empty registry shares one: each file checked without actors has its own empty list.
 */
export function perRegistry<T>(build: (actors: readonly Actor[]) => T): (actors: readonly Actor[]) => T {
  const cache = new WeakMap<readonly Actor[], T>();
  let none: T | undefined;
  return (actors) => {
    if (!actors.length) return (none ??= build(NO_ACTORS));
    let value = cache.get(actors);
    if (value === undefined) {
      value = build(actors);
      cache.set(actors, value);
    }
    return value;
  };
}
