import type { Span } from '../types';
import { isWordChar } from '../text';
import type { Actor } from './registry';

export type FormKind = 'full' | 'alias' | 'surname';

interface Form {
  text: string;
  tokens: string[];
  /** Actors that answer to this exact form, with how each knows it. */
  owners: { actorId: string; kind: FormKind }[];
}

export interface Mention {
  /** The name as written, without a possessive `’s`. */
  span: Span;
  text: string;
  /** One actor, or every candidate when the article cannot tell which one is meant. */
  actorIds: string[];
  /** Whether this is the actor's full name (for the first actor when ambiguous). */
  full: boolean;
}

/** Actors by id and by name form, built once per registry. */
export class ActorIndex {
  readonly byId = new Map<string, Actor>();
  private readonly byFirstToken = new Map<string, Form[]>();

  constructor(readonly actors: readonly Actor[]) {
    const forms = new Map<string, Form>();
    const add = (text: string, actor: Actor, kind: FormKind) => {
      const tokens = text.split(/\s+/).filter(Boolean);
      if (!tokens.length) return;
      const key = tokens.join(' ');
      let form = forms.get(key);
      if (!form) {
        form = { text: key, tokens, owners: [] };
        forms.set(key, form);
      }
      const existing = form.owners.find((o) => o.actorId === actor.id);
      if (!existing) form.owners.push({ actorId: actor.id, kind });
      else if (rank(kind) < rank(existing.kind)) existing.kind = kind;
    };
    for (const actor of actors) {
      if (this.byId.has(actor.id)) continue;
      this.byId.set(actor.id, actor);
      add(actor.name, actor, 'full');
      for (const alias of actor.aliases) add(alias, actor, 'alias');
      // A person's surname is a short form even when the registry does not list it.
      const words = actor.name.split(/\s+/);
      if (actor.kind === 'person' && words.length > 1 && words[words.length - 1].length >= 3) add(words[words.length - 1], actor, 'surname');
    }
    for (const form of forms.values()) {
      const list = this.byFirstToken.get(form.tokens[0]) ?? [];
      list.push(form);
      this.byFirstToken.set(form.tokens[0], list);
    }
    // Longest forms first: `Heydar Aliyev Foundation` beats `Heydar Aliyev`.
    for (const list of this.byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  }

  /** Every form of every actor, for completion. */
  formsOf(actor: Actor): string[] {
    const words = actor.name.split(/\s+/);
    const surname = actor.kind === 'person' && words.length > 1 ? [words[words.length - 1]] : [];
    return [actor.name, ...actor.aliases, ...surname.filter((s) => !actor.aliases.includes(s))];
  }

  /** Finds mentions in `text[start, end)`, longest match first, on word boundaries. */
  findMentions(text: string, start: number, end: number, out: RawMention[]): void {
    const tokens = tokenize(text, start, end);
    for (let i = 0; i < tokens.length; i++) {
      const candidates = this.byFirstToken.get(tokens[i].text) ?? this.byFirstToken.get(tokens[i].base);
      if (!candidates) continue;
      for (const form of candidates) {
        const n = form.tokens.length;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let k = 0; k < n && ok; k++) {
          const t = tokens[i + k];
          const last = k === n - 1;
          // Only the last word may carry a possessive; words must be separated by spaces only.
          ok = (last ? t.base === form.tokens[k] || t.text === form.tokens[k] : t.text === form.tokens[k]) && (k === 0 || onlySpaces(text, tokens[i + k - 1].end, t.start));
        }
        if (!ok) continue;
        const lastToken = tokens[i + n - 1];
        const endOffset = lastToken.text === form.tokens[n - 1] ? lastToken.end : lastToken.baseEnd;
        out.push({ span: { start: tokens[i].start, end: endOffset }, form });
        i += n - 1;
        break;
      }
    }
  }
}

export interface RawMention {
  span: Span;
  form: Form;
}

function rank(kind: FormKind): number {
  return kind === 'full' ? 0 : kind === 'alias' ? 1 : 2;
}

function onlySpaces(text: string, from: number, to: number): boolean {
  if (to - from > 3) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 0xa0 && c !== 10 && c !== 13) return false;
  }
  return true;
}

interface Token {
  start: number;
  end: number;
  text: string;
  /** The word without a possessive ending. */
  base: string;
  baseEnd: number;
}

const APOSTROPHES = new Set([0x2019, 39]);

/** Words: letters and digits, with inner hyphens, dots of initials and apostrophes (O’Brien). */
function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (isWordChar(c)) j++;
      else if ((c === 45 || APOSTROPHES.has(c)) && j + 1 < end && isWordChar(text.charCodeAt(j + 1))) j += 2;
      else break;
    }
    const word = text.slice(i, j);
    let baseEnd = j;
    const c1 = text.charCodeAt(j - 1);
    const c2 = text.charCodeAt(j - 2);
    if ((c1 === 115 || c1 === 83) && APOSTROPHES.has(c2) && j - 2 > i) baseEnd = j - 2; // Medvedev’s
    else if (j < end && APOSTROPHES.has(text.charCodeAt(j)) && c1 === 115) baseEnd = j; // the Fernandes’
    tokens.push({ start: i, end: j, text: word, base: text.slice(i, baseEnd), baseEnd });
    i = j;
  }
  return tokens;
}

/**
 * Turns raw matches into mentions. A form several actors share is resolved by the full names the
 * article uses; when that still leaves several, every candidate is kept.
 */
export function resolveMentions(raw: RawMention[]): Mention[] {
  const fullUsed = new Set<string>();
  for (const m of raw) for (const o of m.form.owners) if (o.kind === 'full') fullUsed.add(o.actorId);
  return raw.map((m) => {
    let owners = m.form.owners;
    if (owners.length > 1) {
      const full = owners.filter((o) => o.kind === 'full');
      if (full.length) owners = full;
      else {
        const used = owners.filter((o) => fullUsed.has(o.actorId));
        if (used.length) owners = used;
      }
    }
    return { span: m.span, text: m.form.text, actorIds: owners.map((o) => o.actorId), full: owners[0].kind === 'full' };
  });
}

const indexCache = new WeakMap<readonly Actor[], ActorIndex>();

/** The index of a registry, built once per actors array. */
export function actorIndexFor(actors: readonly Actor[]): ActorIndex {
  let index = indexCache.get(actors);
  if (!index) {
    index = new ActorIndex(actors);
    indexCache.set(actors, index);
  }
  return index;
}
