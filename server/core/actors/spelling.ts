import { fold } from '../features/actorSearch';
import { levenshtein } from '../text';
import { COMMON_WORDS_CODED } from './commonWords';
import { perRegistry, type Actor } from './registry';

let commonWords: Set<string> | undefined;

/** Whether a lower-case word is a common English word (SCOWL's most common levels). */
export function isCommonWord(lower: string): boolean {
  if (!commonWords) {
    commonWords = new Set<string>();
    let previous = '';
    let i = 0;
    const coded = COMMON_WORDS_CODED;
    while (i < coded.length) {
      const shared = coded.charCodeAt(i) - 48;
      let j = i + 1;
      while (j < coded.length && coded.charCodeAt(j) >= 97) j++;
      previous = previous.slice(0, shared) + coded.slice(i + 1, j);
      commonWords.add(previous);
      i = j;
    }
  }
  return commonWords.has(lower);
}

/** Letters that Unicode does not decompose but transliterations write with plain Latin ones. */
const LETTERS: Record<string, string> = { ə: 'a', ı: 'i', ø: 'o', ł: 'l', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd', ħ: 'h' };

/**
 * A name's spelling with case, accents and common transliteration variants folded: `ks`/`x`,
 * `kh`/`h`, `ch`/`sh`, `y`/`i` (so `ye`/`ie` and the endings `-y`/`-i`/`-iy` meet), doubled
 * letters. `Khodorkovsky` and `Hodorkovski`, `Tymoshenko` and `Timoshenko`, `Əliyev` and
 * `Aliev` have one key each.
 */
export function spellingKey(word: string): string {
  let key = keyMemo.get(word);
  if (key === undefined) {
    key = foldSpelling(word);
    if (keyMemo.size >= MAX_MEMO) keyMemo.clear();
    keyMemo.set(word, key);
  }
  return key;
}

/** An article repeats its names, and a registry's keys are asked for every pair: each word is folded once. */
const keyMemo = new Map<string, string>();

function foldSpelling(word: string): string {
  let s = fold(word).replace(/[’']/g, '');
  if (/[^\x00-\x7f]/.test(s)) s = s.replace(/[əıøłđßæœþðħ]/g, (c) => LETTERS[c]);
  s = s.replace(/ks/g, 'x').replace(/kh/g, 'h').replace(/ch/g, 'sh');
  if (s.length > 1) s = s[0] + s.slice(1).replace(/y/g, 'i');
  let out = '';
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) out += s[i];
  return out;
}

/**
 * How far a misspelling may be from a name of this many letters: none below 7 (`Hollis` and
 * `Hollas` are two families, and folding already covers `Aliev`/`Aliyev`), 1 at 7, then 2.
 */
export function allowedDistance(length: number): number {
  return length >= 8 ? 2 : length >= 7 ? 1 : 0;
}

/** One way the registry writes a name of one or two words. */
export interface SpellingForm {
  text: string;
  tokens: string[];
  keys: string[];
  actorIds: string[];
  /** The form is a common word (`Brown`): only folded variants of it count, never typos. */
  common: boolean;
}

export interface NearMiss {
  form: SpellingForm;
  distance: number;
}

const MAX_MEMO = 50_000;

/**
 * The registry's names of one and two words, by spelling key, for finding near misses. Built once
 * per registry; answers for each distinct word are remembered.
 */
export class SpellingIndex {
  /** Every word of every form as written: such a word is some actor's, never a misspelling. */
  readonly registryWords = new Set<string>();
  private readonly single = new Map<string, SpellingForm[]>();
  /** Single-word keys by first letter and length, for the edit-distance search. */
  private readonly buckets = new Map<string, string[]>();
  /** Two-word forms by the key of their first word. */
  private readonly pairs = new Map<string, SpellingForm[]>();
  private readonly memo = new Map<string, NearMiss | null>();
  /** The same for two-word pairs (words hold no space, so `first second` names one pair). */
  private readonly pairMemo = new Map<string, NearMiss | null>();

  constructor(actors: readonly Actor[]) {
    const forms = new Map<string, SpellingForm>();
    const add = (text: string, actorId: string) => {
      const tokens = text.split(/\s+/).filter(Boolean);
      for (const t of tokens) this.registryWords.add(t);
      // Acronyms and names with digits are not spelt in variants.
      if (!tokens.length || tokens.length > 2 || tokens.some((t) => !/\p{Ll}/u.test(t) || /\d/.test(t))) return;
      const key = tokens.join(' ');
      let form = forms.get(key);
      if (!form) {
        const keys = tokens.map(spellingKey);
        form = { text: key, tokens, keys, actorIds: [], common: tokens.length === 1 && isCommonWord(tokens[0].toLowerCase()) };
        forms.set(key, form);
        if (tokens.length === 1) {
          push(this.single, keys[0], form);
          const bucket = bucketKey(keys[0][0], keys[0].length);
          const list = this.buckets.get(bucket);
          if (!list) this.buckets.set(bucket, [keys[0]]);
          else if (!list.includes(keys[0])) list.push(keys[0]);
        } else {
          push(this.pairs, keys[0], form);
        }
      }
      if (!form.actorIds.includes(actorId)) form.actorIds.push(actorId);
    };
    for (const actor of actors) {
      add(actor.name, actor.id);
      for (const alias of actor.aliases) add(alias, actor.id);
      const words = actor.name.split(/\s+/).filter(Boolean);
      if (actor.kind === 'person' && words.length > 1 && words[words.length - 1].length >= 3) add(words[words.length - 1], actor.id);
    }
  }

  /** The registry name one capitalised word most likely misspells; undefined when none, or when two names are as likely. */
  nearMiss(word: string): NearMiss | undefined {
    let found = this.memo.get(word);
    if (found === undefined) {
      found = this.search(word) ?? null;
      if (this.memo.size >= MAX_MEMO) this.memo.clear();
      this.memo.set(word, found);
    }
    return found ?? undefined;
  }

  /** The two-word registry name `first second` misspells: the first word folds to the name's, the second is a near miss or folds to it. */
  nearMissPair(first: string, second: string): NearMiss | undefined {
    const pair = `${first} ${second}`;
    let found = this.pairMemo.get(pair);
    if (found === undefined) {
      found = this.searchPair(first, second) ?? null;
      if (this.pairMemo.size >= MAX_MEMO) this.pairMemo.clear();
      this.pairMemo.set(pair, found);
    }
    return found ?? undefined;
  }

  private searchPair(first: string, second: string): NearMiss | undefined {
    const forms = this.pairs.get(spellingKey(first));
    if (!forms) return undefined;
    const key = spellingKey(second);
    let best: NearMiss | undefined;
    let tie = false;
    for (const form of forms) {
      if (form.tokens[0] === first && form.tokens[1] === second) return undefined;
      const distance = levenshtein(key, form.keys[1], allowedDistance(Math.min(key.length, form.keys[1].length)));
      if (distance > allowedDistance(Math.min(key.length, form.keys[1].length)) || genderedPair(key, form.keys[1])) continue;
      if (!best || distance < best.distance) {
        best = { form, distance };
        tie = false;
      } else if (distance === best.distance && form.text !== best.form.text) tie = true;
    }
    return tie ? undefined : best;
  }

  private search(word: string): NearMiss | undefined {
    if (this.registryWords.has(word)) return undefined;
    const key = spellingKey(word);
    if (!key) return undefined;
    const exact = this.single.get(key);
    if (exact) return exact.length === 1 ? { form: exact[0], distance: 0 } : undefined;
    const limit = allowedDistance(key.length);
    if (limit === 0) return undefined;
    let best: NearMiss | undefined;
    let tie = false;
    for (let length = key.length - limit; length <= key.length + limit; length++) {
      for (const candidate of this.buckets.get(bucketKey(key[0], length)) ?? []) {
        const allowed = allowedDistance(Math.min(key.length, candidate.length));
        if (allowed === 0 || genderedPair(key, candidate)) continue;
        const distance = levenshtein(key, candidate, allowed);
        if (distance > allowed) continue;
        for (const form of this.single.get(candidate)!) {
          if (form.common) continue;
          if (!best || distance < best.distance) {
            best = { form, distance };
            tie = false;
          } else if (distance === best.distance && form.text !== best.form.text) tie = true;
        }
      }
    }
    return tie ? undefined : best;
  }
}

function bucketKey(first: string, length: number): string {
  return `${first}${length}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `Petrov` and `Petrova`, `Kowalski` and `Kowalska`: a family's two forms, not a misspelling. */
function genderedPair(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long === `${short}a`) return true;
  return short.endsWith('ski') && long === `${short.slice(0, -1)}a`;
}

/** The spelling index of a registry, built once per actors array. */
export const spellingIndexFor = perRegistry((actors) => new SpellingIndex(actors));
