import type { SeveritySetting } from './types';

/** How a citation may write its date. `ap`: `July 3`; `day-month`: `3 July`; `iso`: `2008-07-03`; `mdy`/`dmy`: numeric. */
export const DATE_FORMS = ['ap', 'day-month', 'iso', 'mdy', 'dmy'] as const;
export type DateFormName = (typeof DATE_FORMS)[number];

export const STYLE_NAMES = ['edm', 'wire', 'digest'] as const;
export type StyleName = (typeof STYLE_NAMES)[number];

export const MARK_SET_NAMES = ['en', 'en-GB', 'de', 'fr', 'ru'] as const;
export type MarkSetName = (typeof MARK_SET_NAMES)[number];

/** `quotes.marks`: a named set, or open/close pairs, outermost first. */
export type MarksSetting = MarkSetName | [string, string][];

export const DEFAULT_ANONYMOUS_PHRASES: readonly string[] = [
  'asked not to be named',
  'declined to be named',
  'on condition of anonymity',
  'requested anonymity',
  'speaking anonymously',
  'not authorized to speak',
];

/** Everything a house style decides, resolved from a preset and the keys that override it. */
export interface HouseStyle {
  name: StyleName;
  citations: {
    /** Accepted date forms; the first is the one fixes write. */
    dates: DateFormName[];
    /** `(Reuters)` alone counts as a citation. */
    undated: boolean;
    /** A citation right after a sentence's final punctuation counts for that sentence. */
    afterSentence: boolean;
  };
  attribution: {
    /** "told Reuters", "according to Interfax" count as citations. */
    prose: boolean;
    /** Phrases that mark a deliberately anonymous source, lower case. */
    anonymous: string[];
  };
  quotes: { marks: MarksSetting };
  /** Rule defaults of the preset, between the registry defaults and `rules:`. */
  rules: Record<string, SeveritySetting>;
}

export function presetStyle(name: StyleName): HouseStyle {
  const style: HouseStyle = {
    name,
    citations: { dates: ['ap'], undated: false, afterSentence: false },
    attribution: { prose: false, anonymous: [...DEFAULT_ANONYMOUS_PHRASES] },
    quotes: { marks: 'en' },
    // A speaker in every sentence with a quotation is wire style; the others cite instead.
    rules: { 'quote-unattributed': 'off' },
  };
  if (name === 'wire') {
    style.citations.undated = true;
    style.attribution.prose = true;
    style.rules = { 'quote-uncited': 'off', 'quote-unattributed': 'warning' };
  } else if (name === 'digest') {
    style.citations.dates = ['mdy', 'ap'];
    style.citations.afterSentence = true;
  }
  return style;
}

/** The first numeric reading the style accepts, which decides what `01.03.09` means. */
export function numericOrder(dates: readonly DateFormName[]): 'mdy' | 'dmy' | undefined {
  for (const d of dates) if (d === 'mdy' || d === 'dmy') return d;
  return undefined;
}

/** A mark set as the quotation finder uses it. */
export interface MarkSet {
  /** For each opening mark, the marks that close it. */
  closers: Map<number, number[]>;
  /** Opening marks that may start a quotation outside any other (the rest open only nested ones). */
  topLevel: Set<number>;
  /** Marks that open and close alike (straight quotes): their direction decides which they do. */
  symmetric: Set<number>;
  /** Every mark, escaped for the inside of a character class. */
  classChars: string;
}

const L_DQ = '\u201c';
const R_DQ = '\u201d';
const LOW_DQ = '\u201e';
const L_SQ = '\u2018';
const R_SQ = '\u2019';
const LOW_SQ = '\u201a';

/** Named sets as open/close pairs, outermost first, and which opening marks may open at the top level. */
const NAMED_SETS: Record<MarkSetName, { pairs: [string, string | string[]][]; topLevel: string[] }> = {
  // `„` has no other use in English copy, so a German-style pair quoted there is a quotation too.
  en: { pairs: [[L_DQ, R_DQ], ['"', '"'], [LOW_DQ, [L_DQ, R_DQ]], [L_SQ, R_SQ]], topLevel: [L_DQ, '"', LOW_DQ] },
  'en-GB': { pairs: [[L_SQ, R_SQ], ["'", "'"], [L_DQ, R_DQ], ['"', '"']], topLevel: [L_SQ, "'", L_DQ, '"'] },
  de: { pairs: [[LOW_DQ, [L_DQ, R_DQ]], ['\u00bb', '\u00ab'], ['"', '"'], [LOW_SQ, L_SQ], ['\u203a', '\u2039']], topLevel: [LOW_DQ, '\u00bb', '"'] },
  fr: { pairs: [['\u00ab', '\u00bb'], [L_DQ, R_DQ], ['"', '"'], [L_SQ, R_SQ]], topLevel: ['\u00ab', L_DQ, '"'] },
  ru: { pairs: [['\u00ab', '\u00bb'], [LOW_DQ, [L_DQ, R_DQ]], ['"', '"']], topLevel: ['\u00ab', '"'] },
};

const markSets = new Map<string, MarkSet>();

/** The mark set for `quotes.marks`: a named set, or explicit pairs whose first pair opens at the top level. */
export function markSet(setting: MarksSetting): MarkSet {
  const key = typeof setting === 'string' ? setting : JSON.stringify(setting);
  let set = markSets.get(key);
  if (!set) {
    const spec = typeof setting === 'string' ? NAMED_SETS[setting] ?? NAMED_SETS.en : { pairs: setting as [string, string][], topLevel: setting.length ? [setting[0][0]] : [] };
    const closers = new Map<number, number[]>();
    const symmetric = new Set<number>();
    const all = new Set<number>();
    for (const [open, close] of spec.pairs) {
      const o = open.charCodeAt(0);
      const cs = (Array.isArray(close) ? close : [close]).map((c) => c.charCodeAt(0));
      closers.set(o, [...(closers.get(o) ?? []), ...cs]);
      if (cs.length === 1 && cs[0] === o) symmetric.add(o);
      all.add(o);
      for (const c of cs) all.add(c);
    }
    const classChars = [...all].map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('');
    set = { closers, topLevel: new Set(spec.topLevel.map((m) => m.charCodeAt(0))), symmetric, classChars };
    if (markSets.size > 100) markSets.clear();
    markSets.set(key, set);
  }
  return set;
}
