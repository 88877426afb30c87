import { levenshtein } from './text';

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** AP-style abbreviations, with their dot. March to July are never abbreviated. */
const AP_ABBREVIATIONS: Record<string, number> = {
  'Jan.': 1, 'Feb.': 2, 'Aug.': 8, 'Sept.': 9, 'Sep.': 9, 'Oct.': 10, 'Nov.': 11, 'Dec.': 12,
};

/** Short forms a writer may type that are not AP style; they are recognised and reported. */
const OTHER_SHORT_FORMS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

export interface SimpleDate {
  year: number;
  month: number;
  day: number;
}

export type MonthMatch =
  | { kind: 'exact'; month: number }
  | { kind: 'nonstandard'; month: number; suggestion: string }
  | { kind: 'misspelled'; month: number; suggestion: string };

/** The AP-style spelling of a month, as a citation should show it. */
export function apMonth(month: number): string {
  const full = MONTHS[month - 1];
  const abbr = Object.keys(AP_ABBREVIATIONS).find((k) => AP_ABBREVIATIONS[k] === month && k !== 'Sep.');
  return abbr ?? full;
}

const MONTHS_LOWER = MONTHS.map((m) => m.toLowerCase());

/**
 * Month index (0-11) a capitalised word misspells, or -1, by word. Every capitalised word in a
 * citation-like parenthesis gets here, and twelve edit distances per word add up; the cache is
 * emptied when it grows large so odd input cannot make it hold much.
 */
const misspellings = new Map<string, number>();

/** Classifies a word (with its trailing dot, if any) as a month. */
/** One frozen match per month: every citation date of an article holds one, so they are shared. */
const EXACT: readonly MonthMatch[] = Array.from({ length: 13 }, (_, month) => Object.freeze({ kind: 'exact' as const, month }));

/** The month `month` (1 to 12) as an exact match; another number gets a match of its own. */
export function exactMonth(month: number): MonthMatch {
  return EXACT[month] ?? { kind: 'exact', month };
}

export function matchMonth(word: string): MonthMatch | undefined {
  const full = MONTHS.indexOf(word as (typeof MONTHS)[number]);
  if (full >= 0) return EXACT[full + 1];
  if (AP_ABBREVIATIONS[word]) return exactMonth(AP_ABBREVIATIONS[word]);
  const bare = word.endsWith('.') ? word.slice(0, -1) : word;
  const lower = bare.toLowerCase();
  const fullCi = MONTHS_LOWER.indexOf(lower);
  if (fullCi >= 0) return { kind: 'nonstandard', month: fullCi + 1, suggestion: MONTHS[fullCi] };
  const short = OTHER_SHORT_FORMS[lower];
  if (short) {
    const suggestion = AP_ABBREVIATIONS[`${capitalise(lower)}.`] === short ? `${capitalise(lower)}.` : MONTHS[short - 1];
    return { kind: 'nonstandard', month: short, suggestion: suggestion === 'Sep.' ? 'Sept.' : suggestion };
  }
  // A capitalised word close to a month name is a misspelling; lower-case words are prose.
  if (bare.length < 3 || !/^[A-Z]/.test(bare)) return undefined;
  let month = misspellings.get(bare);
  if (month === undefined) {
    month = misspelledMonth(bare, lower);
    if (misspellings.size >= 1000) misspellings.clear();
    misspellings.set(bare, month);
  }
  return month >= 0 ? { kind: 'misspelled', month: month + 1, suggestion: MONTHS[month] } : undefined;
}

function misspelledMonth(bare: string, lower: string): number {
  let best = -1;
  let bestD = Infinity;
  for (let m = 0; m < 12; m++) {
    const d = levenshtein(lower, MONTHS_LOWER[m], 2);
    if (d < bestD) {
      bestD = d;
      best = m;
    }
  }
  const limit = bare.length <= 4 ? 1 : 2;
  return best >= 0 && bestD <= limit ? best : -1;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month; February has 29 when the year is unknown. */
export function daysInMonth(month: number, year?: number): number {
  if (month === 2) return year === undefined || isLeapYear(year) ? 29 : 28;
  return DAYS_IN_MONTH[month - 1];
}

const DAYS_IN_MONTH = [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days of a common year before each month. */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** The day of the year, 1 to 366. */
function dayOfYear(year: number, month: number, day: number): number {
  return DAYS_BEFORE_MONTH[month - 1] + (month > 2 && isLeapYear(year) ? 1 : 0) + day;
}

export function compareDates(a: SimpleDate, b: SimpleDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** How far after the article's date a date without a year may fall and still be read in its year. */
export const INFERRED_YEAR_LOOKAHEAD_DAYS = 60;

/**
 * The year of a date written without one: the reference's year when that puts it on, before, or at
 * most 60 days after the reference date; otherwise the year before. `July 3` in an article of
 * July 2 is then a date one day late (a typo somewhere), and `December 28` in January is last year's.
 */
export function inferYear(month: number, day: number, reference: SimpleDate): number {
  // February 29 of a year that has none is last year's (a leap year) or no date at all.
  if (day > daysInMonth(month, reference.year) && day <= daysInMonth(month, reference.year - 1)) return reference.year - 1;
  // Both days are in the reference's year: their distance is the difference of their days of the year.
  const sameYear = dayOfYear(reference.year, month, Math.min(day, daysInMonth(month, reference.year)));
  const ref = dayOfYear(reference.year, reference.month, reference.day);
  return sameYear - ref <= INFERRED_YEAR_LOOKAHEAD_DAYS ? reference.year : reference.year - 1;
}

/** Reads a two-digit year of a numeric date: 00-69 are 2000-2069, 70-99 are 1970-1999. */
export function fullYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

/** Parses a header date: `2008-07-09` or `July 9, 2008` (AP abbreviations accepted). */
export function parseHeaderDate(text: string): SimpleDate | undefined {
  const s = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (iso) return valid(+iso[1], +iso[2], +iso[3]);
  const long = /^([A-Za-z]+\.?) (\d{1,2}), (\d{4})$/.exec(s);
  if (long) {
    const m = matchMonth(long[1]);
    if (m && m.kind === 'exact') return valid(+long[3], m.month, +long[2]);
  }
  return undefined;
}

function valid(year: number, month: number, day: number): SimpleDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(month, year)) return undefined;
  return { year, month, day };
}

/**
 * A date in one of the forms of section 8 of the contract, or undefined when the form cannot hold
 * it (the numeric and ISO forms need a year).
 */
export function formatDateIn(form: 'ap' | 'day-month' | 'iso' | 'mdy' | 'dmy', month: number, day: number, year?: number): string | undefined {
  const two = (n: number) => String(n).padStart(2, '0');
  switch (form) {
    case 'ap':
      return year !== undefined ? `${apMonth(month)} ${day}, ${year}` : `${apMonth(month)} ${day}`;
    case 'day-month':
      return year !== undefined ? `${day} ${apMonth(month)} ${year}` : `${day} ${apMonth(month)}`;
    case 'iso':
      return year !== undefined ? `${year}-${two(month)}-${two(day)}` : undefined;
    case 'mdy':
      return year !== undefined ? `${two(month)}.${two(day)}.${two(year % 100)}` : undefined;
    case 'dmy':
      return year !== undefined ? `${two(day)}.${two(month)}.${two(year % 100)}` : undefined;
  }
}

/** A date as a citation writes it in AP style: `Sept. 5`, `March 14`. */
export function citationDate(date: { month: number; day: number }): string {
  return `${apMonth(date.month)} ${date.day}`;
}

export function formatDate(d: SimpleDate): string {
  return `${MONTHS[d.month - 1]} ${d.day}, ${d.year}`;
}
