import type { Span } from '../types';
import { isLower, isSpace, isUpper, isWordChar } from '../text';
import { findCitations, newParenCursor, type Citation, type CitationOptions } from './citations';
import type { HouseStyle } from '../style';

export interface Quotation {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark. */
  close: number;
  /** From the opening mark to just after the closing mark. */
  span: Span;
  words: number;
  /** The sentence that holds the closing mark. */
  sentence: Span;
  /** Citations in that sentence (quotations of one sentence may share this list: do not change it). */
  citations: readonly Citation[];
}

export interface UnbalancedMark {
  offset: number;
  kind: 'unclosed' | 'unopened';
}

export interface Body {
  paragraphs: Span[];
  citations: Citation[];
  quotations: Quotation[];
  unbalanced: UnbalancedMark[];
}

const LEFT_DOUBLE = 0x201c;
const RIGHT_DOUBLE = 0x201d;
const STRAIGHT_DOUBLE = 34;

/** Words that end with a period without ending a sentence. */
const ABBREVIATIONS = new Set([
  'Mr', 'Mrs', 'Ms', 'Dr', 'St', 'Sr', 'Jr', 'Prof', 'Gen', 'Lt', 'Col', 'Capt', 'Sgt', 'Maj', 'Adm', 'Cmdr',
  'Gov', 'Sen', 'Rep', 'Rev', 'Hon', 'Pres', 'Amb', 'Sec', 'Supt', 'Fr',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'No', 'Nos', 'Vol', 'vs', 'cf', 'approx', 'Inc', 'Ltd', 'Co', 'Corp', 'Bros', 'Mt', 'Ft', 'Ave', 'Blvd', 'Rd',
  'e.g', 'i.e', 'a.m', 'p.m', 'etc.al', 'al',
]);

/** Splits the body into paragraphs and finds citations and quotations with their sentences. */
export function parseBody(text: string, start: number, style: HouseStyle): Body {
  const { paragraphs, citations } = parseParagraphsAndCitations(text, start, style.citations);
  const { quotations, unbalanced } = findQuotations(text, paragraphs);
  attachSentences(text, paragraphs, quotations, citations);
  return { paragraphs, citations, quotations, unbalanced };
}

/** Paragraphs and citations only, for an outline that needs no quotations or sentences. */
export function parseParagraphsAndCitations(text: string, start: number, options: CitationOptions): Pick<Body, 'paragraphs' | 'citations'> {
  const paragraphs = findParagraphs(text, start);
  const citations: Citation[] = [];
  const parens = newParenCursor();
  for (const p of paragraphs) findCitations(text, p.start, p.end, citations, parens, options);
  return { paragraphs, citations };
}

function findParagraphs(text: string, start: number): Span[] {
  const result: Span[] = [];
  const n = text.length;
  let i = start;
  let paraStart = -1;
  let lastContentEnd = start;
  // Next line feed and carriage return (-2: not searched yet, -1: none left). indexOf is native
  // and much faster than a loop over every character.
  let lf = -2;
  let cr = -2;
  while (i <= n) {
    // Scan one line.
    if (lf !== -1 && lf < i) lf = text.indexOf('\n', i);
    if (cr !== -1 && cr < i) cr = text.indexOf('\r', i);
    const j = lf < 0 ? (cr < 0 ? n : cr) : cr < 0 ? lf : Math.min(lf, cr);
    let k = i;
    while (k < j && isSpace(text.charCodeAt(k))) k++;
    const blank = k === j;
    if (blank) {
      if (paraStart >= 0) result.push({ start: paraStart, end: lastContentEnd });
      paraStart = -1;
    } else {
      if (paraStart < 0) {
        paraStart = i;
        while (isSpace(text.charCodeAt(paraStart))) paraStart++;
      }
      lastContentEnd = j;
      while (lastContentEnd > paraStart && isSpace(text.charCodeAt(lastContentEnd - 1))) lastContentEnd--;
    }
    if (j >= n) break;
    i = j + (text.charCodeAt(j) === 13 && text.charCodeAt(j + 1) === 10 ? 2 : 1);
  }
  if (paraStart >= 0) result.push({ start: paraStart, end: lastContentEnd });
  return result;
}

function isOpeningMark(c: number): boolean {
  return c === LEFT_DOUBLE || c === STRAIGHT_DOUBLE;
}

function findQuotations(text: string, paragraphs: Span[]): { quotations: Quotation[]; unbalanced: UnbalancedMark[] } {
  const quotations: Quotation[] = [];
  const unbalanced: UnbalancedMark[] = [];
  let open = -1;
  const marks = new CharCursor(text, /[\u201c\u201d"]/g);
  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p];
    let i = para.start;
    if (open >= 0) {
      // News style: a quotation runs on when the next paragraph opens with a quotation mark.
      if (isOpeningMark(text.charCodeAt(para.start))) i = para.start + 1;
      else {
        unbalanced.push({ offset: open, kind: 'unclosed' });
        open = -1;
      }
    }
    // Only quotation marks matter here: go from one to the next.
    for (i = marks.next(i); i >= 0 && i < para.end; i = marks.next(i + 1)) {
      const c = text.charCodeAt(i);
      if (c === LEFT_DOUBLE) {
        if (open >= 0) unbalanced.push({ offset: open, kind: 'unclosed' });
        open = i;
      } else if (c === RIGHT_DOUBLE) {
        if (open >= 0) {
          quotations.push(makeQuotation(text, open, i));
          open = -1;
        } else {
          unbalanced.push({ offset: i, kind: 'unopened' });
        }
      } else if (c === STRAIGHT_DOUBLE) {
        if (open >= 0) {
          quotations.push(makeQuotation(text, open, i));
          open = -1;
        } else if (!(i > para.start && isDigit(text.charCodeAt(i - 1)))) {
          // A straight mark after a digit is inches (5'10"), not a quotation.
          open = i;
        }
      }
    }
    if (open >= 0) {
      const next = paragraphs[p + 1];
      if (!next || !isOpeningMark(text.charCodeAt(next.start))) {
        unbalanced.push({ offset: open, kind: 'unclosed' });
        open = -1;
      }
    }
  }
  return { quotations, unbalanced };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Finds the next of a few characters, for scans whose position only moves forward. The regular
 * expression engine searches natively, much faster than a loop over every character, and the
 * answer is remembered until the scan passes it, so the text is searched once.
 */
class CharCursor {
  private at = -2; // -2: not searched yet; -1: none left

  /** `chars` is a global expression for one character class of single UTF-16 code units. */
  constructor(
    private readonly text: string,
    private readonly chars: RegExp,
  ) {}

  /** The first offset >= from holding one of the characters, or -1. `from` must not decrease. */
  next(from: number): number {
    if (this.at !== -1 && this.at < from) {
      this.chars.lastIndex = from;
      this.at = this.chars.test(this.text) ? this.chars.lastIndex - 1 : -1;
    }
    return this.at;
  }
}

function makeQuotation(text: string, open: number, close: number): Quotation {
  let words = 0;
  let inWord = false;
  for (let i = open + 1; i < close; i++) {
    const c = text.charCodeAt(i);
    const w = isWordChar(c);
    if (w && !inWord) words++;
    inWord = w || (inWord && (c === 0x2019 || c === 39 || c === 45));
  }
  return { open, close, span: { start: open, end: close + 1 }, words, sentence: { start: open, end: close + 1 }, citations: [] };
}

/**
 * Finds the sentence of each quotation's closing mark, and the citations in it. Sentence ends
 * inside quotations and citations do not count; abbreviations and initials do not end sentences.
 */
function attachSentences(text: string, paragraphs: Span[], quotations: Quotation[], citations: Citation[]): void {
  if (quotations.length === 0) return;
  let q = 0; // next quotation whose sentence is unknown
  let qi = 0; // quotation that may contain the scan position
  let ci = 0; // citation that may contain the scan position
  let c0 = 0; // first citation not before the current sentence
  let sentenceStart = 0;
  let i = 0;
  const stops = new CharCursor(text, /[.!?]/g);
  for (const para of paragraphs) {
    // A quotation that runs into this paragraph carries its sentence along.
    if (i <= para.start) {
      sentenceStart = para.start;
      i = para.start;
    }
    while (i <= para.end && q < quotations.length) {
      // Skip quotations and citations whole.
      while (qi < quotations.length && quotations[qi].span.end <= i) qi++;
      while (ci < citations.length && citations[ci].span.end <= i) ci++;
      if (qi < quotations.length && quotations[qi].open === i) {
        const quote = quotations[qi];
        i = quote.close + 1;
        if (endsSentenceAtClose(text, quote, para.end)) {
          finishSentence(sentenceStart, i);
          sentenceStart = i;
        }
        continue;
      }
      if (ci < citations.length && citations[ci].span.start === i) {
        i = citations[ci].span.end;
        continue;
      }
      // Nothing happens before the next quotation, citation, sentence mark or the paragraph end:
      // jump there. Quotations and citations are sorted and do not overlap, so the next one to
      // open is the current one or the one after it.
      let stop = para.end;
      const nq = qi < quotations.length && quotations[qi].open < i ? qi + 1 : qi;
      if (nq < quotations.length && quotations[nq].open < stop) stop = quotations[nq].open;
      const nc = ci < citations.length && citations[ci].span.start < i ? ci + 1 : ci;
      if (nc < citations.length && citations[nc].span.start < stop) stop = citations[nc].span.start;
      const mark = stops.next(i);
      if (mark >= 0 && mark < stop) stop = mark;
      if (stop > i) {
        i = stop;
        continue;
      }
      if (i === para.end || isSentenceEnd(text, i, para.end)) {
        const end = Math.min(i + 1, para.end);
        finishSentence(sentenceStart, end);
        sentenceStart = end;
      }
      i++;
    }
    if (q >= quotations.length) break;
  }

  function finishSentence(start: number, end: number): void {
    // Quotations that open inside the sentence share one list of its citations: a sentence with
    // many quotations and citations costs one pass over them, not one per quotation.
    let shared: Citation[] | undefined;
    while (q < quotations.length && quotations[q].close < end) {
      const quote = quotations[q];
      const sentence = { start: Math.min(start, quote.open), end };
      quote.sentence = sentence;
      quote.citations = quote.open >= start ? (shared ??= citationsIn(start, end)) : citationsIn(sentence.start, end);
      q++;
    }
  }

  function citationsIn(start: number, end: number): Citation[] {
    while (c0 < citations.length && citations[c0].span.end <= start) c0++;
    const found: Citation[] = [];
    for (let k = c0; k < citations.length && citations[k].span.start < end; k++) found.push(citations[k]);
    return found;
  }
}

/** A quotation that ends with terminal punctuation, followed by a capital, ends its sentence. */
function endsSentenceAtClose(text: string, quote: Quotation, paraEnd: number): boolean {
  let k = quote.close - 1;
  while (k > quote.open && isSpace(text.charCodeAt(k))) k--;
  const last = text.charCodeAt(k);
  if (last !== 46 && last !== 33 && last !== 63) return false;
  let j = quote.close + 1;
  while (j < paraEnd && isSpace(text.charCodeAt(j))) j++;
  if (j >= paraEnd) return true;
  const next = text.charCodeAt(j);
  return isUpper(next) || next === LEFT_DOUBLE || next === STRAIGHT_DOUBLE;
}

export function isSentenceEnd(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== 46 && c !== 33 && c !== 63) return false;
  let j = i + 1;
  while (j < end) {
    const d = text.charCodeAt(j);
    if (d === RIGHT_DOUBLE || d === STRAIGHT_DOUBLE || d === 0x2019 || d === 39 || d === 41) j++;
    else break;
  }
  if (j < end && !isSpace(text.charCodeAt(j))) return false;
  if (c !== 46) return true;
  // The word before the period: an abbreviation or an initial does not end the sentence.
  let w = i;
  while (w > 0 && i - w < 12) {
    const d = text.charCodeAt(w - 1);
    if (isWordChar(d) || d === 46) w--;
    else break;
  }
  const word = text.slice(w, i);
  if (word.length === 1 && isUpper(word.charCodeAt(0))) return false;
  if (word.includes('.')) return false;
  if (ABBREVIATIONS.has(word)) return false;
  let k = j;
  while (k < end && isSpace(text.charCodeAt(k))) k++;
  if (k < end && isLower(text.charCodeAt(k))) return false;
  return true;
}
