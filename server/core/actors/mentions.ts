import type { Span } from '../types';
import { isWordChar } from '../text';
import { perRegistry, type Actor } from './registry';

export type FormKind = 'full' | 'alias' | 'surname';

interface Form {
  text: string;
  tokens: string[];
  /** Actors that answer to this exact form, with how each knows it and the frozen list of its id alone. */
  owners: { actorId: string; kind: FormKind; ids: readonly string[] }[];
  /** The owners' ids, one frozen list that every mention of the form shares. */
  ids: readonly string[];
}

export interface Mention {
  /** The name as written, without a possessive `’s`. */
  span: Span;
  text: string;
  /** One actor, or every candidate when the article cannot tell which one is meant. */
  actorIds: readonly string[];
  /** Whether this is the actor's full name (for the first actor when ambiguous). */
  full: boolean;
}

/** Actors by id and by name form, built once per registry. */
export class ActorIndex {
  readonly byId = new Map<string, Actor>();
  private readonly byFirstToken = new Map<string, Form[]>();
  /** 1 for each code unit that begins some form's first word. */
  private readonly firstChars = new Uint8Array(0x10000);
  /**
   * 1 for the first two code units of some form's first word (low bytes only, so unrelated pairs
   * may share an entry and are then checked in full), and for every pair after a one-letter word.
   */
  private readonly firstPairs = new Uint8Array(0x10000);
  /** Shapes (first two code units and length) of every first word, to skip most words unsliced. */
  private readonly firstShapes = new Set<number>();
  /** The words after a candidate, read only as far as a form needs. */
  private readonly words: Words = { starts: [], ends: [], baseEnds: [], count: 0 };

  constructor(readonly actors: readonly Actor[]) {
    const forms = new Map<string, Form>();
    /** Per actor, the list of its id alone, which every form and mention that means only it shares. */
    const alone = new Map<string, readonly string[]>();
    const add = (text: string, actor: Actor, kind: FormKind) => {
      const tokens = text.split(/\s+/).filter(Boolean);
      if (!tokens.length) return;
      const key = tokens.join(' ');
      let form = forms.get(key);
      if (!form) {
        form = { text: key, tokens, owners: [], ids: [] };
        forms.set(key, form);
      }
      const existing = form.owners.find((o) => o.actorId === actor.id);
      if (!existing) {
        let ids = alone.get(actor.id);
        if (!ids) alone.set(actor.id, (ids = Object.freeze([actor.id])));
        form.owners.push({ actorId: actor.id, kind, ids });
      }
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
      form.ids = form.owners.length === 1 ? form.owners[0].ids : Object.freeze(form.owners.map((o) => o.actorId));
      const head = form.tokens[0];
      this.firstChars[head.charCodeAt(0)] = 1;
      if (head.length > 1) this.firstPairs[pair(head.charCodeAt(0), head.charCodeAt(1))] = 1;
      else for (let c = 0; c < 0x100; c++) this.firstPairs[pair(head.charCodeAt(0), c)] = 1;
      this.firstShapes.add(shape(head, 0, head.length));
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

  /**
   * Finds mentions in `text[start, end)`, longest match first, on word boundaries. Words are read
   * only where a name could begin: most characters get one table lookup.
   */
  findMentions(text: string, start: number, end: number, out: RawMention[]): void {
    const first = this.firstChars;
    const pairs = this.firstPairs;
    let i = start;
    while (i < end) {
      while (i < end && first[text.charCodeAt(i)] === 0) i++;
      if (i >= end) break;
      // Most capitalised words are no name's start, and two code units tell. A word has no other
      // word start inside it, so going on at the next code unit finds what jumping past it would.
      if (pairs[pair(text.charCodeAt(i), text.charCodeAt(i + 1))] === 0) i++;
      else i = isWordStart(text, start, i) ? this.matchAt(text, i, end, out) : i + 1;
    }
  }

  /** Tries the forms whose first word starts at `s`; returns where the search goes on. */
  private matchAt(text: string, s: number, end: number, out: RawMention[]): number {
    const words = this.words;
    words.count = 0;
    readWord(text, s, end, words);
    const { starts, ends, baseEnds } = words;
    const shapes = this.firstShapes;
    const whole = shapes.has(shape(text, s, ends[0]));
    const base = baseEnds[0] !== ends[0] && shapes.has(shape(text, s, baseEnds[0]));
    if (!whole && !base) return ends[0];
    const candidates = (whole ? this.byFirstToken.get(text.slice(s, ends[0])) : undefined) ?? (base ? this.byFirstToken.get(text.slice(s, baseEnds[0])) : undefined);
    if (!candidates) return ends[0];
    for (const form of candidates) {
      const n = form.tokens.length;
      while (words.count < n) {
        let next = ends[words.count - 1];
        while (next < end && !isWord(text.charCodeAt(next))) next++;
        if (next >= end) break;
        readWord(text, next, end, words);
      }
      if (words.count < n) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const token = form.tokens[k];
        // Only the last word may carry a possessive; words must be separated by spaces only.
        ok = (sameAt(text, starts[k], ends[k], token) || (k === n - 1 && sameAt(text, starts[k], baseEnds[k], token))) && (k === 0 || onlySpaces(text, ends[k - 1], starts[k]));
      }
      if (!ok) continue;
      const last = n - 1;
      const endOffset = sameAt(text, starts[last], ends[last], form.tokens[last]) ? ends[last] : baseEnds[last];
      out.push({ span: { start: s, end: endOffset }, form });
      return ends[last];
    }
    return ends[0];
  }
}

export interface RawMention {
  span: Span;
  form: Form;
}

/** An index into `firstPairs`: the low bytes of two code units (NaN past the end counts as 0). */
function pair(c0: number, c1: number): number {
  return ((c0 & 0xff) << 8) | (c1 & 0xff);
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

/** Words read so far: starts, ends, and ends without a possessive (`Medvedev’s` → `Medvedev`). */
interface Words {
  starts: number[];
  ends: number[];
  baseEnds: number[];
  count: number;
}

/** Word-character answers by code unit, filled in from `isWordChar` as they are met: 1 word, 2 not. */
const WORD = new Uint8Array(0x10000);

function isWord(c: number): boolean {
  let known = WORD[c];
  if (known === 0) WORD[c] = known = isWordChar(c) ? 1 : 2;
  return known === 1;
}

function isApostrophe(c: number): boolean {
  return c === 0x2019 || c === 39;
}

/** A small number from a word's first two code units and its length; equal words have equal shapes. */
function shape(text: string, start: number, end: number): number {
  const second = end - start > 1 ? text.charCodeAt(start + 1) : 0;
  return ((text.charCodeAt(start) & 0x3ff) << 16) | ((second & 0x3ff) << 6) | Math.min(end - start, 63);
}

function sameAt(text: string, start: number, end: number, word: string): boolean {
  return end - start === word.length && text.startsWith(word, start);
}

/**
 * Whether a word begins at `i`: words are letters and digits, joined across inner hyphens and
 * apostrophes (O’Brien, Jean-Paul), so a letter after `x-` or `x’` continues a word.
 */
function isWordStart(text: string, start: number, i: number): boolean {
  if (!isWord(text.charCodeAt(i))) return false;
  if (i === start) return true;
  const p = text.charCodeAt(i - 1);
  if (isWord(p)) return false;
  return !((p === 45 || isApostrophe(p)) && i - 2 >= start && isWord(text.charCodeAt(i - 2)));
}

/** Reads the word starting at `i` into `words`: its end, and its end without a possessive. */
function readWord(text: string, i: number, end: number, words: Words): void {
  let j = i + 1;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (isWord(c)) j++;
    else if ((c === 45 || isApostrophe(c)) && j + 1 < end && isWord(text.charCodeAt(j + 1))) j += 2;
    else break;
  }
  let baseEnd = j;
  const c1 = text.charCodeAt(j - 1);
  const c2 = text.charCodeAt(j - 2);
  if ((c1 === 115 || c1 === 83) && isApostrophe(c2) && j - 2 > i) baseEnd = j - 2; // Medvedev’s
  else if (j < end && isApostrophe(text.charCodeAt(j)) && c1 === 115) baseEnd = j; // the Fernandes’
  const k = words.count++;
  words.starts[k] = i;
  words.ends[k] = j;
  words.baseEnds[k] = baseEnd;
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
    // An ambiguous form resolved to one actor takes that actor's shared list: an archive holds many.
    const actorIds = owners === m.form.owners ? m.form.ids : owners.length === 1 ? owners[0].ids : sharedIds(owners.map((o) => o.actorId));
    return { span: m.span, text: m.form.text, actorIds, full: owners[0].kind === 'full' };
  });
}

/** Lists of several actor ids made so far, each kept once: the same candidates recur in article after article. */
const idLists = new Map<string, readonly string[]>();
const MAX_ID_LISTS = 10_000;

/** The one frozen list with these ids, in this order. */
export function sharedIds(ids: string[]): readonly string[] {
  const key = ids.join('\n');
  let list = idLists.get(key);
  if (list === undefined) {
    if (idLists.size >= MAX_ID_LISTS) idLists.clear();
    idLists.set(key, (list = Object.freeze(ids)));
  }
  return list;
}

/** The index of a registry, built once per actors array. */
export const actorIndexFor = perRegistry((actors) => new ActorIndex(actors));
