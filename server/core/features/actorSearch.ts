import { perRegistry, type Actor } from '../actors/registry';
import { compareCodeUnits } from '../text';

/** How an actor is known by a form: its full name, a listed alias, or (for people) its surname. */
export type FormKind = 'full' | 'alias' | 'surname';

export interface SearchForm {
  /** The form as the registry writes it. */
  text: string;
  /** Lower case, without accents, with one kind of apostrophe: what queries are matched against. */
  folded: string;
  /** Index of the actor in the registry. */
  actor: number;
  kind: FormKind;
  /** Offsets in `folded` where a word starts. */
  starts: number[];
}

export interface ActorMatch {
  actor: Actor;
  /** Higher is better: whole-form prefix > word prefix > fuzzy, each band 1000 wide. */
  score: number;
  /** The form that matched best. */
  form: SearchForm;
}

export interface SearchResult {
  matches: ActorMatch[];
  /** More actors matched than were returned. */
  truncated: boolean;
}

const FORM_PREFIX = 3000;
const WORD_PREFIX = 2000;
const FUZZY = 1000;
/** An actor the article already names ranks above others of the same band. */
const PREFERRED = 100;

/** Lower case, accents removed, curly apostrophes straightened: `Dvořák` and `dvorak` meet. */
export function fold(text: string): string {
  // Plain ASCII needs no normalisation, which keeps building the index for a large registry cheap.
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 128;
  const base = ascii ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[\u2018\u2019]/g, "'");
  return base.toLowerCase();
}

function wordStarts(folded: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    const boundary = c !== 32 && c !== 45 && c !== 39 && c !== 46;
    if (!boundary) continue;
    const p = i === 0 ? 32 : folded.charCodeAt(i - 1);
    if (p === 32 || p === 45 || p === 39 || p === 46) starts.push(i);
  }
  return starts;
}

/** A sorted list of keys (folded text from some word start on) with the form each belongs to. */
interface KeyList {
  keys: string[];
  forms: Int32Array;
}

/**
 * Sorts `key NUL form` strings into a key list. The built-in sort of plain strings is several
 * times faster than one with a comparator, and a key sorts before its own extensions.
 */
function keyList(joined: string[]): KeyList {
  joined.sort();
  const keys: string[] = new Array(joined.length);
  const forms = new Int32Array(joined.length);
  for (let i = 0; i < joined.length; i++) {
    const cut = joined[i].lastIndexOf('\u0000');
    keys[i] = joined[i].slice(0, cut);
    forms[i] = Number(joined[i].slice(cut + 1));
  }
  return { keys, forms };
}

function lowerBound(keys: readonly string[], q: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < q) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every name form of a registry, arranged for completion as the writer types: sorted keys for
 * prefix queries (whole forms, `varg`, `tomas va`; and forms from a later word on, `sark` for
 * Aram Sarkavian), and forms grouped by the first letters of their words for fuzzy ones (`arsk`).
 * Built once per registry. A query reads only as many keys as it returns actors, so a one-letter
 * query costs no more than a long one.
 */
export class ActorSearch {
  readonly forms: SearchForm[] = [];
  /** Folded form → ids of every actor that answers to it, to tell when a short form is shared. */
  readonly owners = new Map<string, string[]>();
  readonly byId = new Map<string, Actor>();
  private readonly actors: Actor[] = [];
  /** Keys from the start of each form. */
  private readonly whole: KeyList;
  /** Keys from each later word of each form. */
  private readonly inner: KeyList;
  private readonly byInitial = new Map<number, number[]>();
  /** Actor indexes sorted by folded name, for a query with no letters yet. */
  private readonly alphabetical: number[];
  /** Each actor's forms; the full name first. */
  private readonly formsOf: number[][] = [];
  private readonly indexById = new Map<string, number>();
  private readonly foldedNames: string[];

  constructor(registry: readonly Actor[]) {
    for (const actor of registry) {
      if (this.byId.has(actor.id)) continue;
      this.byId.set(actor.id, actor);
      this.indexById.set(actor.id, this.actors.push(actor) - 1);
    }
    const whole: string[] = [];
    const inner: string[] = [];
    this.actors.forEach((actor, index) => {
      const own: number[] = [];
      this.formsOf.push(own);
      const add = (raw: string, kind: FormKind) => {
        const text = raw.trim().replace(/\s+/g, ' ');
        const folded = fold(text);
        if (!folded || own.some((f) => this.forms[f].folded === folded)) return;
        const form: SearchForm = { text, folded, actor: index, kind, starts: wordStarts(folded) };
        const formIndex = this.forms.push(form) - 1;
        own.push(formIndex);
        const owners = this.owners.get(folded);
        if (owners) owners.push(actor.id);
        else this.owners.set(folded, [actor.id]);
        const initials: number[] = [];
        for (const start of form.starts) {
          if (start === 0) whole.push(`${folded}\u0000${formIndex}`);
          else inner.push(`${folded.slice(start)}\u0000${formIndex}`);
          const c = folded.charCodeAt(start);
          if (!initials.includes(c)) initials.push(c);
        }
        for (const c of initials) {
          const list = this.byInitial.get(c);
          if (list) list.push(formIndex);
          else this.byInitial.set(c, [formIndex]);
        }
      };
      add(actor.name, 'full');
      for (const alias of actor.aliases) add(alias, 'alias');
      const surname = surnameOf(actor);
      if (surname) add(surname, 'surname');
    });
    this.whole = keyList(whole);
    this.inner = keyList(inner);
    const names = (this.foldedNames = this.actors.map((a) => fold(a.name)));
    this.alphabetical = this.actors.map((_, i) => i).sort((a, b) => compareCodeUnits(names[a], names[b]));
  }

  /** Whether some form has a word that starts with `query` (which may span several words). */
  hasPrefix(query: string): boolean {
    const q = fold(query);
    return [this.whole, this.inner].some(({ keys }) => {
      const i = lowerBound(keys, q);
      return i < keys.length && keys[i].startsWith(q);
    });
  }

  /**
   * The actors that best match `query`, best first, at most `limit`: whole-form prefixes, then
   * prefixes of a later word, then fuzzy matches. `preferred` actors (those the article already
   * names) are always considered and rank first within a band; the rest come alphabetically.
   */
  search(query: string, limit: number, preferred: ReadonlySet<string> = new Set()): SearchResult {
    const q = fold(query.trim().replace(/\s+/g, ' '));
    if (!q) return this.unfiltered(limit, preferred);
    const best = new Map<number, { score: number; form: number }>();
    const offer = (formIndex: number, band: number) => {
      const form = this.forms[formIndex];
      const actor = this.actors[form.actor];
      // Within a band: full names before aliases, short forms before long ones, named actors first.
      const s = band + (form.kind === 'full' ? 30 : 20) - Math.min(form.folded.length, 100) * 0.1 + (preferred.has(actor.id) ? PREFERRED : 0);
      const current = best.get(form.actor);
      if (!current || current.score < s) best.set(form.actor, { score: s, form: formIndex });
    };
    // The article's own actors, however they match.
    for (const id of preferred) {
      const index = this.indexById.get(id);
      if (index === undefined) continue;
      for (const f of this.formsOf[index]) {
        const band = this.band(q, this.forms[f]);
        if (band >= 0) offer(f, band);
      }
    }
    const reserved = best.size;
    let truncated = false;
    // Then the registry in key order, until there are enough actors.
    const scan = ({ keys, forms }: KeyList, band: number) => {
      for (let i = lowerBound(keys, q); i < keys.length && keys[i].startsWith(q); i++) {
        if (best.size >= limit + reserved && !best.has(this.forms[forms[i]].actor)) {
          truncated = true;
          return;
        }
        offer(forms[i], band);
      }
    };
    scan(this.whole, FORM_PREFIX);
    if (best.size < limit + reserved) scan(this.inner, WORD_PREFIX);
    // Fuzzy matches rank below every prefix match: look for them only when there is room.
    if (best.size < limit + reserved && q.length >= 2) {
      for (const formIndex of this.byInitial.get(q.charCodeAt(0)) ?? []) {
        const form = this.forms[formIndex];
        if (best.has(form.actor)) continue;
        const score = fuzzyScore(q, form.folded, form.starts);
        if (score < 0) continue;
        if (best.size >= limit + reserved) {
          truncated = true;
          break;
        }
        offer(formIndex, FUZZY + score);
      }
    }
    const names = this.foldedNames;
    const ranked = [...best.entries()].sort((a, b) => b[1].score - a[1].score || compareCodeUnits(names[a[0]], names[b[0]]));
    return {
      matches: ranked.slice(0, limit).map(([actor, m]) => ({ actor: this.actors[actor], score: m.score, form: this.forms[m.form] })),
      truncated: truncated || ranked.length > limit,
    };
  }

  /** How a form matches: its start, a later word's start, fuzzily, or not at all (-1). */
  private band(q: string, form: SearchForm): number {
    if (form.folded.startsWith(q)) return FORM_PREFIX;
    for (const s of form.starts) if (s > 0 && form.folded.startsWith(q, s)) return WORD_PREFIX;
    const fuzzy = q.length >= 2 ? fuzzyScore(q, form.folded, form.starts) : -1;
    return fuzzy < 0 ? -1 : FUZZY + fuzzy;
  }

  /** Nothing typed yet: the actors the article names, then the registry in alphabetical order. */
  private unfiltered(limit: number, preferred: ReadonlySet<string>): SearchResult {
    const matches: ActorMatch[] = [];
    const taken = new Set<string>();
    for (const id of preferred) {
      const index = this.indexById.get(id);
      if (index === undefined || matches.length >= limit) continue;
      taken.add(id);
      matches.push({ actor: this.actors[index], score: FORM_PREFIX + PREFERRED, form: this.forms[this.formsOf[index][0]] });
    }
    for (const i of this.alphabetical) {
      if (matches.length >= limit) break;
      const actor = this.actors[i];
      if (taken.has(actor.id)) continue;
      matches.push({ actor, score: FORM_PREFIX, form: this.forms[this.formsOf[i][0]] });
    }
    return { matches, truncated: this.actors.length > matches.length };
  }
}


/** A person's surname, as the mention index also knows it: the last word of three letters or more. */
export function surnameOf(actor: Actor): string | undefined {
  const words = actor.name.trim().split(/\s+/);
  if (actor.kind !== 'person' || words.length < 2) return undefined;
  const last = words[words.length - 1];
  return last.length >= 3 ? last : undefined;
}

/**
 * Scores `q` as a subsequence of `word`, or -1. The first letter must start a word (as VS Code's
 * own filter requires, so the editor keeps what the server offers); runs of consecutive letters
 * and letters that start words score higher. Below 1000.
 */
export function fuzzyScore(q: string, word: string, starts: readonly number[]): number {
  let best = -1;
  const first = q.charCodeAt(0);
  for (const s0 of starts) {
    if (word.charCodeAt(s0) !== first) continue;
    let score = s0 === 0 ? 8 : 4;
    let j = s0 + 1;
    let i = 1;
    for (; i < q.length; i++) {
      const c = q.charCodeAt(i);
      if (j < word.length && word.charCodeAt(j) === c) {
        score += 6;
        j++;
        continue;
      }
      let k = -1;
      for (const s of starts) {
        if (s >= j && word.charCodeAt(s) === c) {
          k = s;
          break;
        }
      }
      if (k >= 0) score += 4;
      else k = word.indexOf(q[i], j);
      if (k < 0) break;
      j = k + 1;
    }
    if (i < q.length) continue;
    if (score > best) best = score;
  }
  return best < 0 ? -1 : Math.min(best, 999);
}

/** The search structure of a registry, built once per actors array. */
export const actorSearchFor = perRegistry((actors) => new ActorSearch(actors));
