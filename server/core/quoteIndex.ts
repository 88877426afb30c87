import type { DatelineConfig } from './config';
import { fold } from './features/actorSearch';
import { speakerOf } from './features/documentSymbols';
import type { Article } from './parser/article';
import type { Quotation } from './parser/body';
import { NOT_NAMES } from './configEdits';
import { bump } from './tally';
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
  /** The very same words given to another speaker than this quotation's, the first few in the order they were added. */
  otherSpeakers: QuoteMatch[];
  /** How many articles give the very same words to another speaker. */
  otherSpeakerArticles: number;
  /** Quotations one word different, the first few in the order of `QuoteIndex.matches`. */
  variants: QuoteMatch[];
  /** How many articles have a quotation one word different. */
  variantArticles: number;
}

/** Where quotations of other articles can be looked up: a `WorkspaceIndex`, or one the CLI builds. */
export interface QuoteLookup {
  /**
   * What other articles than `uri` say against `quote`, listing at most `limit` of each kind. The
   * work grows with the articles that disagree, not with those that agree: a quotation that a
   * thousand articles give to one speaker costs no more than one that two articles do.
   */
  conflicts(quote: QuoteFingerprint, uri: string, limit: number): QuoteConflicts;
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
 * The hash of a word sequence, as a signed 32-bit integer (what `GroupTable` keeps in its typed
 * arrays). Polynomial in P modulo 2^32, so the hashes with one word left out follow from prefixes
 * and suffixes (`skipHashes`).
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
  /**
   * Counts kept as entries come and go, once the group has more than `TALLY_FROM` entries: a
   * small group (nearly every one) is counted from its entries, without three Maps of its own.
   */
  tally?: Tally;
}

interface Tally {
  /** Entries per article. */
  articles: Map<string, number>;
  /** Per article, its entries per named speaker. */
  named: Map<string, Map<string, number>>;
  /** Per speaker, how many articles name that speaker and no other for these words. */
  soleSpeaker: Map<string, number>;
}

const TALLY_FROM = 16;

/** Relations of candidate groups found in one list, in the order a lookup reads lists. */
type Hits = { group: Group; relation: QuoteRelation }[];

/**
 * Quotations of the workspace grouped by their words, found by the hash of the words and by the
 * hash of the words with each one left out: a quotation one word away from another shares one of
 * those hashes with it. A lookup compares groups, and counts the articles of a group from tallies
 * kept as quotations come and go.
 */
export class QuoteIndex implements QuoteLookup {
  private readonly whole = new GroupTable();
  /** Groups of at most `ANCHORED_FROM` words, by each hash of their words with one left out. */
  private readonly lessOne = new GroupTable();
  /** Groups of `ANCHORED_FROM` words or more, by the hashes of their first and last words (`anchorKeys`). */
  private readonly anchors = new GroupTable();
  private readonly byUri = new Map<string, { quotes: QuoteFingerprint[]; groups: Group[] }>();
  private seq = 0;

  set(uri: string, quotes: readonly QuoteFingerprint[]): void {
    this.delete(uri);
    if (!quotes.length) return;
    const groups = new Set<Group>();
    for (const quote of quotes) {
      const entry = { uri, quote, seq: this.seq++ };
      const group = this.sameGroup(quote.words);
      if (!group) {
        groups.add(this.newGroup(quote.words, entry));
        continue;
      }
      group.entries.push(entry);
      if (group.tally) count(group.tally, entry);
      else if (group.entries.length > TALLY_FROM) {
        group.tally = { articles: new Map(), named: new Map(), soleSpeaker: new Map() };
        for (const e of group.entries) count(group.tally, e);
      }
      groups.add(group);
    }
    this.byUri.set(uri, { quotes: [...quotes], groups: [...groups] });
  }

  delete(uri: string): void {
    const old = this.byUri.get(uri);
    if (!old) return;
    this.byUri.delete(uri);
    for (const group of old.groups) {
      group.entries = group.entries.filter((e) => e.uri !== uri);
      const tally = group.tally;
      if (tally) {
        tally.articles.delete(uri);
        const speakers = tally.named.get(uri);
        if (speakers) {
          if (speakers.size === 1) bump(tally.soleSpeaker, speakers.keys().next().value!, -1);
          tally.named.delete(uri);
        }
      }
      if (group.entries.length) continue;
      this.whole.remove(sequenceHash(group.words), group);
      for (const key of lessOneKeys(group.words)) this.lessOne.remove(key, group);
      for (const key of anchorKeys(group.words)) this.anchors.remove(key, group);
    }
  }

  get(uri: string): readonly QuoteFingerprint[] {
    return this.byUri.get(uri)?.quotes ?? [];
  }

  /** Every quotation of other articles than `uri` with the same words as `quote` or one word away: the same words first. */
  matches(quote: QuoteFingerprint, uri: string): QuoteMatch[] {
    const found: QuoteMatch[] = [];
    for (const e of this.sameGroup(quote.words)?.entries ?? []) if (e.uri !== uri) found.push({ uri: e.uri, quote: e.quote, relation: { kind: 'same' } });
    for (const hits of this.variantHits(quote.words)) takeEntries(hits, uri, Infinity, found);
    return found;
  }

  conflicts(quote: QuoteFingerprint, uri: string, limit: number): QuoteConflicts {
    const otherSpeakers: QuoteMatch[] = [];
    let otherSpeakerArticles = 0;
    const mine = quote.speaker;
    const same = mine === undefined ? undefined : this.sameGroup(quote.words);
    if (same && mine !== undefined) {
      otherSpeakerArticles = otherSpeakerArticlesOf(same, mine, uri);
      for (let k = 0; otherSpeakerArticles > 0 && otherSpeakers.length < limit && k < same.entries.length; k++) {
        const e = same.entries[k];
        if (e.uri !== uri && e.quote.speaker !== undefined && e.quote.speaker !== mine) otherSpeakers.push({ uri: e.uri, quote: e.quote, relation: { kind: 'same' } });
      }
    }
    const variants: QuoteMatch[] = [];
    const lists = this.variantHits(quote.words);
    for (const hits of lists) takeEntries(hits, uri, limit, variants);
    return { otherSpeakers, otherSpeakerArticles, variants, variantArticles: articlesOf(lists, uri) };
  }

  /**
   * A group for words no group has, holding its first entry. Most groups keep one entry, so its
   * list is made for one: a list grown from empty by a push has room for seventeen.
   */
  private newGroup(words: readonly number[], entry: Entry): Group {
    const group: Group = { words, entries: [entry] };
    this.whole.add(sequenceHash(words), group);
    for (const key of lessOneKeys(words)) this.lessOne.add(key, group);
    for (const key of anchorKeys(words)) this.anchors.add(key, group);
    return group;
  }

  private sameGroup(words: readonly number[]): Group | undefined {
    return this.whole.get(sequenceHash(words))?.find((g) => equalExcept(words, -1, g.words, -1));
  }

  /**
   * The groups one word away from `a`, list by list in the order a lookup reads them: words
   * dropped, then for each position a word added or changed there. Each group comes once, in
   * the list of the first position that explains it (`relationOf`), so where a candidate was
   * found does not matter: lists of short groups by their hashes with a word left out, of long
   * ones by their anchors.
   */
  private variantHits(a: readonly number[]): Hits[] {
    const n = a.length;
    const candidates = new Set<Group>();
    const collect = (groups: readonly Group[] | undefined) => {
      if (groups) for (const g of groups) candidates.add(g);
    };
    // Hashes with a word left out, for the lists of short groups.
    const skips = n <= ANCHORED_FROM ? skipHashes(a) : undefined;
    // Longer by a word (the shorter of the two has n words).
    if (n < ANCHORED_FROM) collect(this.lessOne.get(sequenceHash(a)));
    else for (const key of anchorsFor(a, n, n + 1)) collect(this.anchors.get(key));
    // Shorter by a word: the other is this one with a word left out.
    if (n - 1 < ANCHORED_FROM) for (let i = 0; i < n; i++) collect(this.whole.get(skips![i]));
    else for (const key of anchorsFor(a, n - 1, n - 1)) collect(this.anchors.get(key));
    // The same length, a word different.
    if (n < ANCHORED_FROM) for (let i = 0; i < n; i++) collect(this.lessOne.get(skips![i]));
    else for (const key of anchorsFor(a, n, n)) collect(this.anchors.get(key));
    const byList = new Map<number, Hits>();
    for (const group of candidates) {
      const relation = relationOf(a, group.words);
      if (!relation) continue;
      const list = relation.kind === 'dropped' ? 0 : 1 + 2 * relation.index + (relation.kind === 'added' ? 0 : 1);
      const hits = byList.get(list);
      if (hits) hits.push({ group, relation });
      else byList.set(list, [{ group, relation }]);
    }
    return [...byList.keys()].sort((x, y) => x - y).map((list) => byList.get(list)!);
  }
}

/**
 * How `b` is one word away from `a`, with the first position that explains it; undefined for the
 * same words or more than one word apart. Linear in the words: a long candidate found by its
 * anchors may share only half its words.
 */
function relationOf(a: readonly number[], b: readonly number[]): Exclude<QuoteRelation, { kind: 'same' }> | undefined {
  const n = a.length;
  const m = b.length;
  if (m !== n && m !== n + 1 && m + 1 !== n) return undefined;
  let p = 0;
  while (p < n && p < m && a[p] === b[p]) p++;
  if (m === n) {
    if (p === n || !sameFrom(a, p + 1, b, p + 1)) return undefined;
    return { kind: 'changed', index: p };
  }
  if (m === n + 1) {
    // Leaving out any word of the run of b[p] that ends at p gives the same words.
    if (!sameFrom(a, p, b, p + 1)) return undefined;
    let j = p;
    while (j > 0 && b[j - 1] === b[p]) j--;
    return { kind: 'dropped', index: j };
  }
  if (!sameFrom(a, p + 1, b, p)) return undefined;
  let i = p;
  while (i > 0 && a[i - 1] === a[p]) i--;
  return { kind: 'added', index: i };
}

/** `a` from `i` on is `b` from `j` on. */
function sameFrom(a: readonly number[], i: number, b: readonly number[], j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a[i] !== b[j]) return false;
  return true;
}

/**
 * Appends the entries of one list's groups (other articles than `uri`) in the order they were
 * added, until `out` holds `limit`. The first of the merged order are among each group's first.
 */
function takeEntries(hits: Hits, uri: string, limit: number, out: QuoteMatch[]): void {
  const room = limit - out.length;
  if (room <= 0) return;
  const entries: { e: Entry; relation: QuoteRelation }[] = [];
  for (const { group, relation } of hits) {
    let taken = 0;
    for (let k = 0; k < group.entries.length && taken < room; k++) {
      const e = group.entries[k];
      if (e.uri === uri) continue;
      entries.push({ e, relation });
      taken++;
    }
  }
  if (hits.length > 1) entries.sort((x, y) => x.e.seq - y.e.seq);
  for (let k = 0; k < entries.length && k < room; k++) out.push({ uri: entries[k].e.uri, quote: entries[k].e.quote, relation: entries[k].relation });
}

/** How many articles other than `uri` the groups hold together. */
function articlesOf(lists: readonly Hits[], uri: string): number {
  if (lists.length === 1 && lists[0].length === 1 && lists[0][0].group.tally) {
    const { articles } = lists[0][0].group.tally;
    return articles.size - (articles.has(uri) ? 1 : 0);
  }
  const all = new Set<string>();
  for (const hits of lists) {
    for (const { group } of hits) {
      if (group.tally) for (const article of group.tally.articles.keys()) all.add(article);
      else for (const e of group.entries) all.add(e.uri);
    }
  }
  all.delete(uri);
  return all.size;
}

/** How many articles other than `uri` give the group's words to a named speaker other than `mine`. */
function otherSpeakerArticlesOf(group: Group, mine: string, uri: string): number {
  const tally = group.tally;
  if (!tally) {
    const articles = new Set<string>();
    for (const e of group.entries) if (e.uri !== uri && e.quote.speaker !== undefined && e.quote.speaker !== mine) articles.add(e.uri);
    return articles.size;
  }
  // Articles that name a speaker, less those that name only this one, less this article.
  const own = tally.named.get(uri);
  const ownCounts = own !== undefined && !(own.size === 1 && own.has(mine));
  return tally.named.size - (tally.soleSpeaker.get(mine) ?? 0) - (ownCounts ? 1 : 0);
}

/** Counts one more entry in the tallies: its article, and its speaker among the article's. */
function count(tally: Tally, e: Entry): void {
  bump(tally.articles, e.uri);
  const speaker = e.quote.speaker;
  if (speaker === undefined) return;
  let speakers = tally.named.get(e.uri);
  if (!speakers) tally.named.set(e.uri, (speakers = new Map()));
  const before = speakers.size;
  const sole = before === 1 ? speakers.keys().next().value! : undefined;
  bump(speakers, speaker);
  if (before === 0) bump(tally.soleSpeaker, speaker, 1);
  else if (sole !== undefined && speakers.size === 2) bump(tally.soleSpeaker, sole, -1);
}


/**
 * The hashes of the words with each one left out, each once: leaving out any word of a run of one
 * repeated word gives the same sequence, so a repeat of the previous hash is dropped.
 */
function lessOneKeys(words: readonly number[]): number[] {
  if (words.length > ANCHORED_FROM) return [];
  const all = skipHashes(words);
  const keys: number[] = [];
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) keys.push(all[i]);
  return keys;
}

/**
 * From this many words, quotations one word apart are found by anchors, not by every hash with a
 * word left out: ten or twenty keys a quotation for an archive's hundred thousand quotations is
 * millions of keys. With one word added, dropped or changed, two sequences of which the shorter
 * has L words share, for k = ⌊(L − 1) / 3⌋, their first 2k words (the change is past them), their
 * last 2k (it is before them) or their first k and last k (it is between): three keys for each
 * length the other may have, each of about two thirds of the words, so few groups share one.
 * Measured on 10,000 generated articles (127,000 quotations): 36 MB less heap, the index built in
 * 3.6–4.4 s instead of 5.4–5.7, a lookup 23–25 µs instead of 26–29; anchors of half the words
 * made a lookup 44–56 µs.
 */
const ANCHORED_FROM = 8;

/** The anchor length for a shorter sequence of `shorter` words. */
function anchorLength(shorter: number): number {
  return Math.floor((shorter - 1) / 3);
}

/** The key of the first `head` and the last `tail` words of `words`, for sequences of `length` words. */
function anchorKey(words: readonly number[], head: number, tail: number, length: number): number {
  let h = (Math.imul(length, 0x27d4eb2d) ^ Math.imul(head + 1, 0x165667b1) ^ tail) | 0;
  for (let i = 0; i < head; i++) h = (Math.imul(h, P) + words[i]) | 0;
  for (let i = words.length - tail; i < words.length; i++) h = (Math.imul(h, P) + words[i]) | 0;
  return h;
}

/** The three anchors of `words` (the first 2k, the last 2k, the first k with the last k) for a shorter sequence of `shorter` words, under which a group of `length` words is kept. */
function anchorsFor(words: readonly number[], shorter: number, length: number): number[] {
  const k = anchorLength(shorter);
  return [anchorKey(words, 2 * k, 0, length), anchorKey(words, 0, 2 * k, length), anchorKey(words, k, k, length)];
}

/** A group's anchors: for the other's being as long as it (shorter = m) or one word shorter (m − 1). */
function anchorKeys(words: readonly number[]): number[] {
  const m = words.length;
  const keys: number[] = [];
  for (const shorter of [m, m - 1]) {
    if (shorter < ANCHORED_FROM) continue;
    for (const key of anchorsFor(words, shorter, m)) if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/**
 * Groups by a 32-bit hash, for the millions of one-word-less hashes of a large workspace: chains
 * in typed arrays beside one array of groups, not a Map of arrays (measured on 2.4 million
 * hashes: 196 MB and 0.9 s as a Map, a fifth of the time and about a third of the memory here).
 * A removed entry is left empty and dropped when the arrays are next rebuilt.
 */
class GroupTable {
  private keys = new Int32Array(0);
  private next = new Int32Array(0);
  private groups: (Group | undefined)[] = [];
  /** Slot of a hash → its last entry, -1 for none; a power of two at least as long as `keys` holds entries. */
  private heads = new Int32Array(0);
  private bits = 0;
  /** Entries written, empty ones included. */
  private size = 0;
  private empty = 0;

  add(key: number, group: Group): void {
    if (this.size === this.keys.length) {
      // Relinking every chain costs a cache miss per entry: done only when chains would grow
      // long or half the entries are empty; otherwise the arrays grow and the chains stay.
      if (this.size >= this.heads.length || 2 * this.empty >= this.size) this.rebuild();
      else this.grow();
    }
    const e = this.size++;
    this.keys[e] = key;
    this.groups.push(group);
    const slot = this.slot(key);
    this.next[e] = this.heads[slot];
    this.heads[slot] = e;
  }

  remove(key: number, group: Group): void {
    for (let e = this.heads[this.slot(key)]; e >= 0; e = this.next[e]) {
      if (this.keys[e] === key && this.groups[e] === group) {
        this.groups[e] = undefined;
        this.empty++;
      }
    }
  }

  /** The groups under `key`, or undefined for none. */
  get(key: number): Group[] | undefined {
    if (!this.size) return undefined;
    let out: Group[] | undefined;
    for (let e = this.heads[this.slot(key)]; e >= 0; e = this.next[e]) {
      const group = this.groups[e];
      if (group !== undefined && this.keys[e] === key) (out ??= []).push(group);
    }
    return out;
  }

  private slot(key: number): number {
    return this.bits ? Math.imul(key, 0x9e3779b1) >>> (32 - this.bits) : 0;
  }

  /** Room for half as many entries again, every entry where it was. */
  private grow(): void {
    const capacity = Math.ceil(this.size * 1.5);
    const keys = new Int32Array(capacity);
    keys.set(this.keys);
    const next = new Int32Array(capacity);
    next.set(this.next);
    this.keys = keys;
    this.next = next;
  }

  /**
   * Room for half as many again as the live entries, the empty ones dropped, every chain
   * relinked. Slots are made for four times the live entries, so the arrays grow to four times
   * them, chains of one entry a slot on average, before the next relinking: relinking costs
   * about 1.3 times the final size in all, not three times (1.2 million hashes: 0.2–0.3 s, not 0.5–0.75).
   */
  private rebuild(): void {
    const live = this.size - this.empty;
    const capacity = Math.max(1024, Math.ceil(live * 1.5));
    let bits = 10;
    while (1 << bits < 4 * live) bits++;
    const keys = new Int32Array(capacity);
    const next = new Int32Array(capacity);
    // Appended, not made at its length: V8 makes an array of more than 100,000 holes a dictionary.
    const groups: (Group | undefined)[] = [];
    const heads = new Int32Array(1 << bits).fill(-1);
    let n = 0;
    this.bits = bits;
    for (let e = 0; e < this.size; e++) {
      const group = this.groups[e];
      if (group === undefined) continue;
      const key = this.keys[e];
      keys[n] = key;
      groups.push(group);
      const slot = this.slot(key);
      next[n] = heads[slot];
      heads[slot] = n;
      n++;
    }
    this.keys = keys;
    this.next = next;
    this.groups = groups;
    this.heads = heads;
    this.size = n;
    this.empty = 0;
  }
}
