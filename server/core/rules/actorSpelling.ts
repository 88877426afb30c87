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
 * spaces between), or -1.
 */
interface NameWords {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  texts: string[];
  next: Int32Array;
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
    const { count, starts, ends, texts, next } = words;
    let coveredTo = -1;
    for (let i = 0; i < count; i++) {
      const start = starts[i];
      if (start < coveredTo) continue;
      const text = texts[i];
      const candidate = nameCandidate(text);
      // Two words first: `Dmitri Medvedev` for the registry's `Dmitry Medvedev`.
      if (i + 1 < count && starts[i + 1] === next[i] && candidate) {
        const end = ends[i + 1];
        const whole = insideMention(start, end);
        const miss = whole ? undefined : index.nearMissPair(text, texts[i + 1]);
        if (miss) {
          reportMiss(report, { start, end }, `${text} ${texts[i + 1]}`, miss, describe(miss));
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
  const { count, starts, ends, texts } = words;
  // An article repeats its names: each spelling is looked up and folded once, not once per use.
  const uses = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const text = texts[i];
    if (text.length < 4) continue;
    const list = uses.get(text);
    if (list) list.push(i);
    else uses.set(text, [i]);
  }
  const byKey = new Map<string, Map<string, number[]>>();
  for (const [text, list] of uses) {
    if (!nameCandidate(text)) continue;
    const key = spellingKey(text);
    let spellings = byKey.get(key);
    if (!spellings) byKey.set(key, (spellings = new Map()));
    spellings.set(text, list);
  }
  for (const spellings of byKey.values()) {
    if (spellings.size < 2) continue;
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
  const out: NameWords = { count: 0, starts: new Int32Array(capacity), ends: new Int32Array(capacity), texts: [], next: new Int32Array(capacity) };
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
      let lower = false;
      for (let k = start + 1; k < end && !lower; k++) lower = isLower(text.charCodeAt(k));
      if (!lower || end - start < 3) continue;
      while (c < citations.length && citations[c].span.end <= start) c++;
      if (c < citations.length && citations[c].span.start <= start) continue;
      let next = j;
      if (end === j && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 0xa0)) next++;
      if (out.count === capacity) {
        capacity *= 2;
        out.starts = grown(out.starts, capacity);
        out.ends = grown(out.ends, capacity);
        out.next = grown(out.next, capacity);
      }
      out.starts[out.count] = start;
      out.ends[out.count] = end;
      out.next[out.count] = next === j ? -1 : next;
      out.texts.push(text.slice(start, end));
      out.count++;
    }
  }
  return out;
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
