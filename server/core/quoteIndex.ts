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

/** Where quotations of other articles can be looked up: a `WorkspaceIndex`, or one the CLI builds. */
export interface QuoteLookup {
  /** Quotations of articles other than `uri` that are the same as `quote` or one word away. */
  matches(quote: QuoteFingerprint, uri: string): QuoteMatch[];
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

/** The hash of a word sequence, optionally with the word at `skip` left out. */
function sequenceHash(words: readonly number[], skip = -1): number {
  let h = words.length - (skip >= 0 ? 1 : 0);
  for (let i = 0; i < words.length; i++) {
    if (i === skip) continue;
    h = (Math.imul(h, P) + words[i]) >>> 0;
  }
  return h;
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
}

/**
 * Quotations of the workspace by the hash of their words, and by the hash of their words with
 * each one left out: a quotation one word away from another shares one of those hashes with it.
 */
export class QuoteIndex implements QuoteLookup {
  private readonly whole = new Map<number, Entry[]>();
  private readonly lessOne = new Map<number, Entry[]>();
  private readonly byUri = new Map<string, QuoteFingerprint[]>();

  set(uri: string, quotes: readonly QuoteFingerprint[]): void {
    this.delete(uri);
    if (!quotes.length) return;
    this.byUri.set(uri, [...quotes]);
    for (const quote of quotes) {
      const entry = { uri, quote };
      add(this.whole, sequenceHash(quote.words), entry);
      for (let i = 0; i < quote.words.length; i++) add(this.lessOne, sequenceHash(quote.words, i), entry);
    }
  }

  delete(uri: string): void {
    const old = this.byUri.get(uri);
    if (!old) return;
    this.byUri.delete(uri);
    for (const quote of old) {
      remove(this.whole, sequenceHash(quote.words), uri);
      for (let i = 0; i < quote.words.length; i++) remove(this.lessOne, sequenceHash(quote.words, i), uri);
    }
  }

  get(uri: string): readonly QuoteFingerprint[] {
    return this.byUri.get(uri) ?? [];
  }

  matches(quote: QuoteFingerprint, uri: string): QuoteMatch[] {
    const a = quote.words;
    const found = new Map<Entry, QuoteRelation>();
    const consider = (entries: Entry[] | undefined, relation: (b: readonly number[]) => QuoteRelation | undefined) => {
      for (const e of entries ?? []) {
        if (e.uri === uri || found.has(e)) continue;
        const r = relation(e.quote.words);
        if (r) found.set(e, r);
      }
    };
    const whole = sequenceHash(a);
    consider(this.whole.get(whole), (b) => (equalExcept(a, -1, b, -1) ? { kind: 'same' } : undefined));
    // This one lacks a word of the other.
    consider(this.lessOne.get(whole), (b) => {
      if (b.length !== a.length + 1) return undefined;
      for (let j = 0; j < b.length; j++) if (equalExcept(a, -1, b, j)) return { kind: 'dropped', index: j };
      return undefined;
    });
    for (let i = 0; i < a.length; i++) {
      const less = sequenceHash(a, i);
      // This one has a word the other does not.
      consider(this.whole.get(less), (b) => (b.length + 1 === a.length && equalExcept(a, i, b, -1) ? { kind: 'added', index: i } : undefined));
      // The same length, one word different at the same place.
      consider(this.lessOne.get(less), (b) => (b.length === a.length && a[i] !== b[i] && equalExcept(a, i, b, i) ? { kind: 'changed', index: i } : undefined));
    }
    return [...found].map(([e, relation]) => ({ uri: e.uri, quote: e.quote, relation }));
  }
}

function add(map: Map<number, Entry[]>, key: number, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function remove(map: Map<number, Entry[]>, key: number, uri: string): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter((e) => e.uri !== uri);
  if (kept.length) map.set(key, kept);
  else map.delete(key);
}
