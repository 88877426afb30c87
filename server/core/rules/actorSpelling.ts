import { actorIndexFor } from '../actors/mentions';
import { isCommonWord, spellingIndexFor, spellingKey, type NearMiss } from '../actors/spelling';
import { NOT_NAMES } from '../configEdits';
import { maskMarkdown } from '../parser/markdown';
import type { Article } from '../parser/article';
import { isLower, isUpper, isWordChar } from '../text';
import type { Span } from '../types';
import type { Report, Rule } from './rule';

/**
 * The capitalised words of the prose, without possessives, as parallel lists (a 1 MB article has
 * tens of thousands of them). `next` is where the next word on the same line may start (only
 * spaces between), or -1. An article repeats its names: each distinct spelling is cut from the
 * text once, and `ids` says which one each word is.
 */
interface NameWords {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  next: Int32Array;
  ids: Int32Array;
  /** The distinct spellings, in order of first use. */
  spellings: string[];
}

/** Whether a word can be a misspelt name at all: not a common English word, not a known non-name. */
function nameCandidate(word: string): boolean {
  let known = candidateMemo.get(word);
  if (known === undefined) {
    known = !isCommonWord(word.toLowerCase()) && !NOT_NAMES.has(word);
    if (candidateMemo.size >= 50_000) candidateMemo.clear();
    candidateMemo.set(word, known);
  }
  return known;
}

const candidateMemo = new Map<string, boolean>();

export const actorSpelling: Rule = {
  id: 'actor-spelling',
  description: 'A name spelt as a near miss of a registry name or alias (`Sargsyan` for `Sarkisian`, `Medvdev`), with a fix to the registry spelling.',
  defaultSeverity: 'warning',
  scope: 'article',
  check({ article, config }, report) {
    const words = nameWords(article);
    if (!config.actors.length) {
      variance(words, report);
      return;
    }
    const index = spellingIndexFor(config.actors);
    const mentions = article.mentions;
    let m = 0;
    const inMention = (start: number, end: number) => {
      while (m < mentions.length && mentions[m].span.end <= start) m++;
      return m < mentions.length && mentions[m].span.start < end;
    };
    // Pairs come in text order and mentions do not overlap: the one mention that can hold a pair
    // is the last one starting at or before it (a scan of every mention per pair was quadratic).
    let k = 0;
    const insideMention = (start: number, end: number) => {
      while (k + 1 < mentions.length && mentions[k + 1].span.start <= start) k++;
      const x = mentions[k];
      return x !== undefined && x.span.start <= start && end <= x.span.end;
    };
    const byId = actorIndexFor(config.actors).byId;
    const describe = (miss: NearMiss) => {
      const owners = miss.form.actorIds.map((id) => byId.get(id)?.name).filter(Boolean);
      return owners.length === 1 && owners[0] !== miss.form.text ? ` (${owners[0]})` : '';
    };
    const { count, starts, ends, next, ids, spellings } = words;
    let coveredTo = -1;
    for (let i = 0; i < count; i++) {
      const start = starts[i];
      if (start < coveredTo) continue;
      const text = spellings[ids[i]];
      const candidate = nameCandidate(text);
      // Two words first: `Dmitri Medvedev` for the registry's `Dmitry Medvedev`.
      if (i + 1 < count && starts[i + 1] === next[i] && candidate) {
        const end = ends[i + 1];
        const whole = insideMention(start, end);
        const second = spellings[ids[i + 1]];
        const miss = whole ? undefined : index.nearMissPair(text, second);
        if (miss) {
          reportMiss(report, { start, end }, `${text} ${second}`, miss, describe(miss));
          coveredTo = end;
          continue;
        }
      }
      if (inMention(start, ends[i]) || !candidate) continue;
      const miss = index.nearMiss(text);
      if (miss) reportMiss(report, { start, end: ends[i] }, text, miss, describe(miss));
    }
  },
};

function reportMiss(report: Report, span: Span, written: string, miss: NearMiss, owner: string): void {
  const name = miss.form.text;
  report({
    span,
    message: `‘${written}’ is not how the registry spells this name; did you mean ‘${name}’${owner}?`,
    data: { written, name, actorIds: miss.form.actorIds },
    fixes: [{ title: `Change to ‘${name}’`, edits: [{ span, newText: name }], safe: false }],
  });
}

/**
 * Without a registry: one name spelt two ways in the same article (`Tymoshenko` and
 * `Timoshenko`). The spelling the article uses most (the first one on a tie) is taken as meant.
 */
function variance(words: NameWords, report: Report): void {
  const { count, starts, ends, ids, spellings: texts } = words;
  // Each spelling is folded once; its uses are gathered only when another spelling shares its key.
  const byKey = new Map<string, Map<string, number>>();
  for (let id = 0; id < texts.length; id++) {
    const text = texts[id];
    if (text.length < 4 || !nameCandidate(text)) continue;
    const key = spellingKey(text);
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = new Map()));
    group.set(text, id);
  }
  let uses: number[][] | undefined;
  const usesOf = (id: number): number[] => {
    if (!uses) {
      uses = texts.map(() => []);
      for (let i = 0; i < count; i++) uses[ids[i]].push(i);
    }
    return uses[id];
  };
  for (const group of byKey.values()) {
    if (group.size < 2) continue;
    const spellings = new Map<string, number[]>();
    for (const [text, id] of group) spellings.set(text, usesOf(id));
    let meant = '';
    let most = 0;
    for (const [text, list] of spellings) if (list.length > most) [meant, most] = [text, list.length];
    for (const [text, list] of spellings) {
      if (text === meant) continue;
      for (const i of list) {
        const span = { start: starts[i], end: ends[i] };
        report({
          span,
          severity: 'hint',
          message: `‘${text}’ is also spelt ‘${meant}’ in this article; use one spelling.`,
          data: { written: text, name: meant },
          fixes: [{ title: `Change to ‘${meant}’`, edits: [{ span: { ...span }, newText: meant }], safe: false }],
        });
      }
    }
  }
}

/**
 * Capitalised words of the body's prose, outside citations and the header: a capital, then at
 * least one lower-case letter (acronyms are not names spelt in variants). Words join across
 * inner hyphens and apostrophes; a possessive `’s` is left out.
 */
function nameWords(article: Article): NameWords {
  const text = article.flavor === 'markdown' ? maskMarkdown(article.text, article.bodyStart) : article.text;
  const citations = article.body.citations;
  // Positions in typed arrays, which the garbage collector does not have to walk.
  let capacity = 1024;
  const out: NameWords = { count: 0, starts: new Int32Array(capacity), ends: new Int32Array(capacity), next: new Int32Array(capacity), ids: new Int32Array(capacity), spellings: [] };
  const spellings = new SpellingTable(text, out.spellings);
  let c = 0;
  // Only an ASCII capital or a non-ASCII character can start a name: the scan jumps over the
  // rest (lower-case words, digits, spaces, ASCII punctuation) to the next one.
  const maybeCapital = /[A-Z\u0080-\uffff]/g;
  for (const p of article.body.paragraphs) {
    let i = p.start;
    while (i < p.end) {
      const ch = text.charCodeAt(i);
      if (ch < 128 && !(ch >= 65 && ch <= 90)) {
        maybeCapital.lastIndex = i;
        if (!maybeCapital.test(text)) break;
        i = maybeCapital.lastIndex - 1;
        continue;
      }
      if (!isWordChar(ch) || !isUpper(ch) || !startsWord(text, i, p.start)) {
        i++;
        continue;
      }
      const start = i;
      const j = wordEnd(text, i, p.end);
      i = j;
      if (j - start < 3) continue;
      let end = j;
      const last = text.charCodeAt(end - 1);
      if ((last === 115 || last === 83) && (text.charCodeAt(end - 2) === 0x2019 || text.charCodeAt(end - 2) === 39)) end -= 2;
      if (end - start < 3) continue;
      let lower = false;
      let hash = ch;
      for (let k = start + 1; k < end; k++) {
        const d = text.charCodeAt(k);
        if (!lower) lower = isLower(d);
        hash = Math.imul(hash ^ d, 0x01000193);
      }
      if (!lower) continue;
      while (c < citations.length && citations[c].span.end <= start) c++;
      if (c < citations.length && citations[c].span.start <= start) continue;
      let next = j;
      if (end === j && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 0xa0)) next++;
      if (out.count === capacity) {
        capacity *= 2;
        out.starts = grown(out.starts, capacity);
        out.ends = grown(out.ends, capacity);
        out.next = grown(out.next, capacity);
        out.ids = grown(out.ids, capacity);
      }
      out.starts[out.count] = start;
      out.ends[out.count] = end;
      out.next[out.count] = next === j ? -1 : next;
      out.ids[out.count] = spellings.idOf(start, end, hash);
      out.count++;
    }
  }
  return out;
}

/**
 * The distinct spellings of the words, found by a hash of their characters: a word already seen
 * is compared in place and not cut from the text again.
 */
class SpellingTable {
  private slots = new Int32Array(1024);
  private hashes: number[] = [];

  constructor(
    private readonly text: string,
    private readonly spellings: string[],
  ) {}

  /** The index of `text[start, end)` among the spellings, added when new; `hash` is of its characters. */
  idOf(start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === 0) break;
      const id = held - 1;
      const spelling = this.spellings[id];
      if (this.hashes[id] === hash && spelling.length === end - start && this.text.startsWith(spelling, start)) return id;
    }
    const id = this.spellings.length;
    this.spellings.push(this.text.slice(start, end));
    this.hashes.push(hash);
    // At most half the slots are used, so a probe always reaches an empty one.
    if (2 * this.spellings.length > this.slots.length) this.rehash();
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[id] & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.spellings.length; id++) this.place(id);
  }
}

function grown(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

/** A hyphen or apostrophe, which joins the word characters on either side into one word. */
function isJoiner(d: number): boolean {
  return d === 45 || d === 0x2019 || d === 39;
}

/**
 * Whether a word begins at `i` (a word character) when the paragraph from `from` is read left to
 * right: nothing of a word stands just before it, neither a word character nor a joiner after one.
 */
function startsWord(text: string, i: number, from: number): boolean {
  if (i > from && isWordChar(text.charCodeAt(i - 1))) return false;
  return !(i - 1 > from && isJoiner(text.charCodeAt(i - 1)) && isWordChar(text.charCodeAt(i - 2)));
}

/** The end of the word that begins at `i`, within the paragraph ending at `to`. */
function wordEnd(text: string, i: number, to: number): number {
  let j = i + 1;
  while (j < to) {
    const d = text.charCodeAt(j);
    if (isWordChar(d)) j++;
    else if (isJoiner(d) && j + 1 < to && isWordChar(text.charCodeAt(j + 1))) j += 2;
    else break;
  }
  return j;
}
