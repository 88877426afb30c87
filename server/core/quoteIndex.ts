import type { DatelineConfig } from './config';
import { fold } from './features/actorSearch';
import { speakerOf } from './features/documentSymbols';
import type { Article } from './parser/article';
import type { Quotation } from './parser/body';
import { NOT_NAMES } from './configEdits';
import { isUpper, isWordChar } from './text';
import type { Range } from './types';

/**
 * What the workspace keeps of one quotation: a hash of each of its words (normalised: case,
 * accents, punctuation, quotation marks and spacing do not count), where it is, and who says it.
 * Not its text: the words can be compared, not read back.
 */
export interface QuoteFingerprint {
  words: number[];
  range: Range;
  /** An actor id, or the speaker's words in lower case; absent when no speaker was found. */
  speaker?: string;
  /** The speaker as the article names them, for messages. */
  speakerName?: string;
}

/** How a quotation elsewhere relates to this one. */
export type QuoteRelation =
  | { kind: 'same' }
  /** This quotation lacks the other's word at `index` (of the other's words). */
  | { kind: 'dropped'; index: number }
  /** This quotation's word at `index` is not in the other. */
  | { kind: 'added'; index: number }
  /** This quotation's word at `index` differs from the other's. */
  | { kind: 'changed'; index: number };

export interface QuoteMatch {
  uri: string;
  quote: QuoteFingerprint;
  relation: QuoteRelation;
}

/** What quote-conflict needs of the other articles' quotations for one of this article's. */
export interface QuoteConflicts {
  /** The very same words, given to another speaker than this quotation's (none when it has no speaker). */
  otherSpeakers: QuoteMatch[];
  /** One word different, in any way. */
  variants: QuoteMatch[];
}

/** Where quotations of other articles can be looked up: a `WorkspaceIndex`, or one the CLI builds. */
export interface QuoteLookup {
  /** Quotations of articles other than `uri` that are the same as `quote` or one word away. */
  matches(quote: QuoteFingerprint, uri: string): QuoteMatch[];
  /**
   * The same, as quote-conflict reads them. The work grows with what is found, not with how many
   * articles share the quotation: a quotation in a thousand articles under one speaker costs
   * no more than in two.
   */
  conflicts(quote: QuoteFingerprint, uri: string): QuoteConflicts;
}

/** The normalised words of a quotation, with where each starts in the text. */
export function quotationWords(text: string, q: Quotation): { word: string; start: number }[] {
  const out: { word: string; start: number }[] = [];
  let i = q.open + 1;
  while (i < q.close) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < q.close) {
      const c = text.charCodeAt(i);
      if (isWordChar(c)) i++;
      // `don’t` and `well-known` are one word each.
      else if ((c === 0x2019 || c === 39 || c === 45) && i + 1 < q.close && isWordChar(text.charCodeAt(i + 1))) i += 2;
      else break;
    }
    out.push({ word: normalisedWord(text.slice(start, i)), start });
  }
  return out;
}

/** A quotation's words recur across its article and the workspace: each is folded once. */
const wordMemo = new Map<string, string>();

function normalisedWord(raw: string): string {
  let word = wordMemo.get(raw);
  if (word === undefined) {
    word = fold(raw).replace(/['’-]/g, '');
    if (wordMemo.size >= 50_000) wordMemo.clear();
    wordMemo.set(raw, word);
  }
  return word;
}

/** FNV-1a, 32 bits: a word's hash. */
export function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const P = 0x9e3779b1;

/**
 * The hash of a word sequence, as a signed 32-bit integer: a small integer, which a Map keys
 * without allocating. Polynomial in P modulo 2^32, so the hashes with one word left out follow
 * from prefixes and suffixes (`skipHashes`).
 */
export function sequenceHash(words: readonly number[]): number {
  let h = words.length;
  for (let i = 0; i < words.length; i++) h = (Math.imul(h, P) + words[i]) | 0;
  return h;
}

/**
 * `sequenceHash` of the words with word `i` left out, for every `i`, in time linear in the
 * number of words (a quotation of a hundred words asks for a hundred of them).
 */
export function skipHashes(words: readonly number[]): Int32Array {
  const n = words.length;
  const out = new Int32Array(n);
  if (!n) return out;
  // pow[e] = P^e; suffix[j] = the words from j on, each weighted by its place in the shorter sequence.
  const pow = new Int32Array(n);
  pow[0] = 1;
  for (let e = 1; e < n; e++) pow[e] = Math.imul(pow[e - 1], P);
  const suffix = new Int32Array(n + 1);
  for (let j = n - 1; j >= 0; j--) suffix[j] = (suffix[j + 1] + Math.imul(words[j], pow[n - 1 - j])) | 0;
  let prefix = n - 1;
  for (let i = 0; i < n; i++) {
    out[i] = (Math.imul(prefix, pow[n - 1 - i]) + suffix[i + 1]) | 0;
    prefix = (Math.imul(prefix, P) + words[i]) | 0;
  }
  return out;
}

/**
 * A quotation's fingerprint and its normalised words, with its speaker; undefined for a quotation
 * shorter than `quotes.minWords` words.
 */
export function fingerprintOf(article: Article, config: DatelineConfig, q: Quotation): { fp: QuoteFingerprint; words: string[] } | undefined {
  if (q.words < config.minWords) return undefined;
  const words = quotationWords(article.text, q).map((w) => w.word);
  if (words.length < config.minWords) return undefined;
  const fp: QuoteFingerprint = { words: words.map(hashWord), range: article.lines.rangeOf(q.span) };
  const speaker = speakerOf({ article, config }, q);
  // The same actor however named; otherwise a proper name. A description (`the minister`, `he`,
  // `one trawler captain`) may be anyone, so it never conflicts with a name.
  if (speaker && (speaker.actorId || isProperName(speaker.name))) {
    fp.speaker = speaker.actorId ?? fold(speaker.name).replace(/\s+/g, ' ');
    fp.speakerName = speaker.name;
  }
  return { fp, words };
}

/** Every word capitalised, and the first no sentence opener: `Anja Holm`, not `The minister` or `He`. */
function isProperName(name: string): boolean {
  const words = name.split(/\s+/).filter(Boolean);
  return words.length > 0 && !NOT_NAMES.has(words[0]) && words.every((w) => isUpper(w.charCodeAt(0)));
}

/** Fingerprints of an article's quotations of at least `quotes.minWords` words, with their speakers. */
export function quoteFingerprints(article: Article, config: DatelineConfig): QuoteFingerprint[] {
  const out: QuoteFingerprint[] = [];
  for (const q of article.body.quotations) {
    const f = fingerprintOf(article, config, q);
    if (f) out.push(f.fp);
  }
  return out;
}

/** Each word of `a` equals the word of `b` at the same place, but for `a[skipA]` and `b[skipB]`. */
function equalExcept(a: readonly number[], skipA: number, b: readonly number[], skipB: number): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i === skipA) {
      i++;
      continue;
    }
    if (j === skipB) {
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length || a[i] !== b[j]) return false;
    i++;
    j++;
  }
  return true;
}

interface Entry {
  uri: string;
  quote: QuoteFingerprint;
  /** When it was added: lists of several groups are read in this order, as one list of entries would be. */
  seq: number;
}

/** Every quotation of the workspace with one sequence of words, in the order they were added. */
interface Group {
  words: readonly number[];
  entries: Entry[];
  /** How many of its entries each named speaker has. */
  speakers: Map<string, number>;
}

/**
 * Quotations of the workspace grouped by their words, found by the hash of the words and by the
 * hash of the words with each one left out: a quotation one word away from another shares one of
 * those hashes with it. A lookup compares groups, so articles that repeat a quotation cost
 * nothing more until they disagree.
 */
export class QuoteIndex implements QuoteLookup {
  private readonly whole = new Map<number, Group[]>();
  private readonly lessOne = new Map<number, Group[]>();
  private readonly byUri = new Map<string, { quotes: QuoteFingerprint[]; groups: Group[] }>();
  private seq = 0;

  set(uri: string, quotes: readonly QuoteFingerprint[]): void {
    this.delete(uri);
    if (!quotes.length) return;
    const groups = new Set<Group>();
    for (const quote of quotes) {
      const group = this.groupOf(quote.words);
      group.entries.push({ uri, quote, seq: this.seq++ });
      if (quote.speaker !== undefined) group.speakers.set(quote.speaker, (group.speakers.get(quote.speaker) ?? 0) + 1);
      groups.add(group);
    }
    this.byUri.set(uri, { quotes: [...quotes], groups: [...groups] });
  }

  delete(uri: string): void {
    const old = this.byUri.get(uri);
    if (!old) return;
    this.byUri.delete(uri);
    for (const group of old.groups) {
      const kept: Entry[] = [];
      for (const e of group.entries) {
        if (e.uri !== uri) {
          kept.push(e);
          continue;
        }
        const speaker = e.quote.speaker;
        if (speaker === undefined) continue;
        const n = (group.speakers.get(speaker) ?? 1) - 1;
        if (n > 0) group.speakers.set(speaker, n);
        else group.speakers.delete(speaker);
      }
      group.entries = kept;
      if (kept.length) continue;
      removeGroup(this.whole, sequenceHash(group.words), group);
      for (const key of lessOneKeys(group.words)) removeGroup(this.lessOne, key, group);
    }
  }

  get(uri: string): readonly QuoteFingerprint[] {
    return this.byUri.get(uri)?.quotes ?? [];
  }

  matches(quote: QuoteFingerprint, uri: string): QuoteMatch[] {
    const same = this.sameGroup(quote.words);
    const found: QuoteMatch[] = [];
    for (const e of same?.entries ?? []) if (e.uri !== uri) found.push({ uri: e.uri, quote: e.quote, relation: { kind: 'same' } });
    return found.concat(this.variants(quote.words, uri));
  }

  conflicts(quote: QuoteFingerprint, uri: string): QuoteConflicts {
    const mine = quote.speaker;
    const same = mine === undefined ? undefined : this.sameGroup(quote.words);
    const otherSpeakers: QuoteMatch[] = [];
    // Only a group with a speaker besides this one's holds an entry worth reading.
    if (same && mine !== undefined && same.speakers.size > (same.speakers.has(mine) ? 1 : 0)) {
      for (const e of same.entries) {
        if (e.uri !== uri && e.quote.speaker !== undefined && e.quote.speaker !== mine) otherSpeakers.push({ uri: e.uri, quote: e.quote, relation: { kind: 'same' } });
      }
    }
    return { otherSpeakers, variants: this.variants(quote.words, uri) };
  }

  /** The group of quotations with exactly these words, created when there is none. */
  private groupOf(words: readonly number[]): Group {
    const found = this.sameGroup(words);
    if (found) return found;
    const group: Group = { words, entries: [], speakers: new Map() };
    addGroup(this.whole, sequenceHash(words), group);
    for (const key of lessOneKeys(words)) addGroup(this.lessOne, key, group);
    return group;
  }

  private sameGroup(words: readonly number[]): Group | undefined {
    return this.whole.get(sequenceHash(words))?.find((g) => equalExcept(words, -1, g.words, -1));
  }

  /**
   * Entries of other articles one word away from `a`, in the order of a scan of each candidate
   * list's entries: words dropped, then for each position a word added or changed there.
   */
  private variants(a: readonly number[], uri: string): QuoteMatch[] {
    const out: QuoteMatch[] = [];
    const seen = new Set<Group>();
    const take = (groups: readonly Group[] | undefined, relation: (b: readonly number[]) => QuoteRelation | undefined) => {
      const hits: { group: Group; relation: QuoteRelation }[] = [];
      for (const group of groups ?? []) {
        if (seen.has(group)) continue;
        const r = relation(group.words);
        if (!r) continue;
        seen.add(group);
        hits.push({ group, relation: r });
      }
      const entries: { e: Entry; relation: QuoteRelation }[] = [];
      for (const { group, relation: r } of hits) for (const e of group.entries) if (e.uri !== uri) entries.push({ e, relation: r });
      if (hits.length > 1) entries.sort((x, y) => x.e.seq - y.e.seq);
      for (const { e, relation: r } of entries) out.push({ uri: e.uri, quote: e.quote, relation: r });
    };
    const whole = sequenceHash(a);
    // The same words are not a variant.
    const same = this.sameGroup(a);
    if (same) seen.add(same);
    // This one lacks a word of the other.
    take(this.lessOne.get(whole), (b) => {
      if (b.length !== a.length + 1) return undefined;
      for (let j = 0; j < b.length; j++) if (equalExcept(a, -1, b, j)) return { kind: 'dropped', index: j };
      return undefined;
    });
    const skips = skipHashes(a);
    for (let i = 0; i < a.length; i++) {
      const less = skips[i];
      // This one has a word the other does not. (Most positions have no list: no closure then.)
      const shorter = this.whole.get(less);
      if (shorter) take(shorter, (b) => (b.length + 1 === a.length && equalExcept(a, i, b, -1) ? { kind: 'added', index: i } : undefined));
      // The same length, one word different at the same place.
      const sameLength = this.lessOne.get(less);
      if (sameLength) take(sameLength, (b) => (b.length === a.length && a[i] !== b[i] && equalExcept(a, i, b, i) ? { kind: 'changed', index: i } : undefined));
    }
    return out;
  }
}

/** The hashes of the words with each one left out, each once (a repeated word gives one twice). */
function lessOneKeys(words: readonly number[]): Set<number> {
  return new Set(skipHashes(words));
}

function addGroup(map: Map<number, Group[]>, key: number, group: Group): void {
  const list = map.get(key);
  if (list) list.push(group);
  else map.set(key, [group]);
}

function removeGroup(map: Map<number, Group[]>, key: number, group: Group): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter((g) => g !== group);
  if (kept.length) map.set(key, kept);
  else map.delete(key);
}
