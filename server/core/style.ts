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
    rules: {},
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
