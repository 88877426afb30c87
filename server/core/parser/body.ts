import type { Span } from '../types';
import { isLower, isSpace, isUpper, isWordChar } from '../text';
import { findCitations, newParenCursor, type Citation, type CitationOptions } from './citations';
import { markSet, type HouseStyle, type MarkSet } from '../style';

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
  /**
   * `wrong`: an opening mark where the quotation closes, which is taken as the closing one.
   * `mismatched`: a double closing mark of another kind than the opening one (`“…"`), taken as closing it.
   */
  kind: 'unclosed' | 'unopened' | 'wrong' | 'mismatched';
  /** For `mismatched`: the closing mark that pairs with the opening one. */
  expected?: string;
}

export interface Body {
  paragraphs: Span[];
  /** Markdown headings, each also a paragraph of its own; quotations in them are not checked. */
  headings: Span[];
  citations: Citation[];
  quotations: Quotation[];
  unbalanced: UnbalancedMark[];
}


/** Words that end with a period without ending a sentence. */
const ABBREVIATIONS = new Set([
  'Mr', 'Mrs', 'Ms', 'Dr', 'St', 'Sr', 'Jr', 'Prof', 'Gen', 'Lt', 'Col', 'Capt', 'Sgt', 'Maj', 'Adm', 'Cmdr',
  'Gov', 'Sen', 'Rep', 'Rev', 'Hon', 'Pres', 'Amb', 'Sec', 'Supt', 'Fr',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'No', 'Nos', 'Vol', 'vs', 'cf', 'approx', 'Inc', 'Ltd', 'Co', 'Corp', 'Bros', 'Mt', 'Ft', 'Ave', 'Blvd', 'Rd',
  'e.g', 'i.e', 'a.m', 'p.m', 'etc.al', 'al',
]);

/** Splits the body into paragraphs and finds citations and quotations with their sentences. */
export function parseBody(text: string, start: number, style: HouseStyle, markdown = false): Body {
  const { paragraphs, headings, citations } = parseParagraphsAndCitations(text, start, style.citations, markdown);
  const { quotations, unbalanced } = findQuotations(text, paragraphs, headings, markSet(style.quotes.marks));
  attachSentences(text, paragraphs, quotations, citations);
  if (style.citations.afterSentence) attachFollowingCitations(text, quotations, citations);
  return { paragraphs, headings, citations, quotations, unbalanced };
}

/**
 * `citations.afterSentence`: a citation right after a sentence's final punctuation, with only
 * spaces between, counts for that sentence: `…,” he said. (Reuters, April 6).`
 */
function attachFollowingCitations(text: string, quotations: Quotation[], citations: Citation[]): void {
  let c = 0;
  for (const quote of quotations) {
    if (quote.citations.length) continue;
    const end = quote.sentence.end;
    while (c < citations.length && citations[c].span.start < end) c++;
    if (c >= citations.length) break;
    let k = end;
    while (k < citations[c].span.start && isSpace(text.charCodeAt(k))) k++;
    if (k === citations[c].span.start) quote.citations = [citations[c]];
  }
}

/** Paragraphs and citations only, for an outline that needs no quotations or sentences. */
export function parseParagraphsAndCitations(text: string, start: number, options: CitationOptions, markdown = false): Pick<Body, 'paragraphs' | 'headings' | 'citations'> {
  const headings: Span[] = [];
  const paragraphs = findParagraphs(text, start, markdown ? headings : undefined);
  const citations: Citation[] = [];
  const parens = newParenCursor();
  for (const p of paragraphs) findCitations(text, p.start, p.end, citations, parens, options);
  return { paragraphs, headings, citations };
}

/** Paragraphs: runs of non-blank lines. With `headings` (Markdown), an ATX heading line is a paragraph of its own, listed there too. */
function findParagraphs(text: string, start: number, headings?: Span[]): Span[] {
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
    } else if (headings && k - i <= 3 && isHeadingLine(text, k, j)) {
      if (paraStart >= 0) result.push({ start: paraStart, end: lastContentEnd });
      paraStart = -1;
      let e = j;
      while (e > k && isSpace(text.charCodeAt(e - 1))) e--;
      const heading = { start: k, end: e };
      result.push(heading);
      headings.push(heading);
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

/** `# Title` up to `###### Title`: one to six `#` and then a space or the line's end. */
function isHeadingLine(text: string, k: number, lineEnd: number): boolean {
  let h = k;
  while (h < lineEnd && h - k < 7 && text.charCodeAt(h) === 35 /* # */) h++;
  return h > k && h - k <= 6 && (h === lineEnd || isSpace(text.charCodeAt(h)));
}

/** A quotation mark that is open, with the quotations closed inside it. */
interface OpenMark {
  offset: number;
  closers: number[];
  /** Single marks, where a right single quote may be an apostrophe. */
  single: boolean;
  /** Quotations nested in this one: they become quotations of their own if this one never closes. */
  children: Quotation[];
  /** The first right single quote after `s` (`analysts’`): it closes this quotation if nothing else does. */
  candidate: number;
}

const SINGLE_MARKS = new Set([0x2018, 0x2019, 0x201a, 39, 0x2039, 0x203a]);

/**
 * Pairs the quotation marks of the style, paragraph by paragraph, with a stack, so nested pairs
 * are nested quotations. Straight marks open or close by what stands on either side, so one stray
 * mark never flips the pairs after it; one wrong mark gives one finding, on that mark.
 */
function findQuotations(text: string, paragraphs: Span[], headings: Span[], set: MarkSet): { quotations: Quotation[]; unbalanced: UnbalancedMark[] } {
  const quotations: Quotation[] = [];
  const unbalanced: UnbalancedMark[] = [];
  const stack: OpenMark[] = [];
  // How many open marks each closing mark would close: most marks close nothing that is open, and
  // finding that out must not walk the whole stack, which a long run of opening marks makes deep.
  const acceptedBy = new Map<number, number>();
  const push = (entry: OpenMark) => {
    stack.push(entry);
    for (const c of entry.closers) acceptedBy.set(c, (acceptedBy.get(c) ?? 0) + 1);
  };
  const pop = (): OpenMark => {
    const entry = stack.pop()!;
    for (const c of entry.closers) acceptedBy.set(c, acceptedBy.get(c)! - 1);
    return entry;
  };
  const marks = new CharCursor(text, new RegExp(`[${set.classChars}]`, 'g'));
  let h = 0;

  /** Drops the top entry, which never closed: its nested quotations move up a level. */
  const drop = (report: boolean) => {
    const entry = pop();
    const into = stack.length ? stack[stack.length - 1].children : quotations;
    if (entry.single && entry.candidate >= 0) {
      into.push(makeQuotation(text, entry.offset, entry.candidate));
      // Quotations that open after that mark were never inside this one.
      for (const child of entry.children) if (child.open > entry.candidate) into.push(child);
      return;
    }
    // An unclosed single mark inside another quotation is as likely an apostrophe: no finding.
    if (report && !(entry.single && stack.length > 0)) unbalanced.push({ offset: entry.offset, kind: 'unclosed' });
    for (const child of entry.children) into.push(child);
  };
  const closeAt = (k: number, at: number) => {
    while (stack.length - 1 > k) drop(true);
    const entry = pop();
    const quote = makeQuotation(text, entry.offset, at);
    if (stack.length) stack[stack.length - 1].children.push(quote);
    else quotations.push(quote);
  };
  const open = (offset: number, opener: number) => {
    push({ offset, closers: set.closers.get(opener)!, single: SINGLE_MARKS.has(opener), children: [], candidate: -1 });
  };
  /** The innermost open quotation opened with a double mark, which a double closing mark of another kind may end. */
  const closesMismatched = () => stack.length > 0 && !stack[stack.length - 1].single;
  const accepting = (c: number): number => {
    if (!acceptedBy.get(c)) return -1;
    for (let k = stack.length - 1; k >= 0; k--) if (stack[k].closers.includes(c)) return k;
    return -1;
  };

  for (let p = 0; p < paragraphs.length; p++) {
    const para = paragraphs[p];
    while (h < headings.length && headings[h].start < para.start) h++;
    if (h < headings.length && headings[h].start === para.start) {
      while (stack.length) drop(true);
      continue;
    }
    let i = para.start;
    if (stack.length) {
      // News style: a quotation runs on when the next paragraph opens with a quotation mark.
      if (set.topLevel.has(text.charCodeAt(para.start))) i = para.start + 1;
      else while (stack.length) drop(true);
    }
    // Only quotation marks matter here: go from one to the next.
    for (i = marks.next(i); i >= 0 && i < para.end; i = marks.next(i + 1)) {
      const c = text.charCodeAt(i);
      const prev = i > para.start ? text.charCodeAt(i - 1) : -1;
      const next = i + 1 < para.end ? text.charCodeAt(i + 1) : -1;
      const openSide = prev < 0 || isSpace(prev) || isOpenBracket(prev) || (stack.length > 0 && stack[stack.length - 1].offset === i - 1);
      const closeSide = next < 0 || isSpace(next) || isClosingPunctuation(next) || (set.closers.has(next) === false && accepting(next) >= 0);
      if (SINGLE_MARKS.has(c) && (c === 0x2019 || c === 39)) {
        // An apostrophe in every style: between letters (`Russia’s`), or after a plural s (`analysts’`).
        if (isWordChar(prev) && isWordChar(next)) continue;
        if ((prev === 115 || prev === 83) && !isWordChar(next)) {
          const k = accepting(c);
          // The first such mark: a later one is as likely a possessive in the prose after it (`the villages’ share`).
          if (k >= 0 && stack[k].single && stack[k].candidate < 0) stack[k].candidate = i;
          continue;
        }
      }
      const opens = set.closers.has(c) && (stack.length > 0 || set.topLevel.has(c));
      const k = accepting(c);
      if (set.symmetric.has(c)) {
        // Straight marks: after a space and before a word they open; after a word and before a space they close.
        const direction = openSide && !closeSide ? 'open' : closeSide && !openSide ? 'close' : k >= 0 ? 'close' : 'open';
        if (direction === 'close') {
          if (k >= 0) closeAt(k, i);
          // A straight mark after a digit is inches (5'10"), not a quotation.
          else if (!isDigit(prev) && c === 34) {
            if (closesMismatched()) {
              // `“…," he said`: the quotation closes, with the wrong kind of mark.
              unbalanced.push({ offset: i, kind: 'mismatched', expected: String.fromCharCode(stack[stack.length - 1].closers[0]) });
              closeAt(stack.length - 1, i);
            } else unbalanced.push({ offset: i, kind: 'unopened' });
          }
        } else if (opens && !(c === 39 && !openSide)) open(i, c);
        continue;
      }
      if (k >= 0 && (!opens || closeSide || !openSide)) {
        closeAt(k, i);
      } else if (opens) {
        if (stack.length && closeSide && !openSide) {
          // `“We are partners“, he said`: an opening mark where the quotation closes.
          unbalanced.push({ offset: i, kind: 'wrong' });
          closeAt(stack.length - 1, i);
        } else open(i, c);
      } else if (!SINGLE_MARKS.has(c) && closesMismatched() && !(isWordChar(next) && !closeSide)) {
        // `"…,” he said`: a double closing mark ends the double quotation open, whichever kind opened it.
        unbalanced.push({ offset: i, kind: 'mismatched', expected: String.fromCharCode(stack[stack.length - 1].closers[0]) });
        closeAt(stack.length - 1, i);
      } else if (!SINGLE_MARKS.has(c)) {
        // A closing mark with nothing to close. Right before a word it was meant to open one:
        // one finding, and the quotation it starts is still checked.
        unbalanced.push({ offset: i, kind: 'unopened' });
        const opener = mirrorOpener(set, c);
        if (!closeSide && isWordChar(next) && opener >= 0) push({ offset: i, closers: set.closers.get(opener)!, single: false, children: [], candidate: -1 });
      }
    }
    if (stack.length) {
      const nextPara = paragraphs[p + 1];
      const isHeading = nextPara && h < headings.length && headings[h].start === nextPara.start;
      // It runs on only with the same mark, and not when it is a straight mark that had whole
      // quotations inside it: that one was a stray mark, not a quotation over several paragraphs.
      const bottom = stack[0];
      const mark = text.charCodeAt(bottom.offset);
      const runsOn = nextPara && !isHeading && text.charCodeAt(nextPara.start) === mark && set.topLevel.has(mark) && !(set.symmetric.has(mark) && bottom.children.length > 0);
      if (runsOn) {
        while (stack.length > 1) drop(true);
      } else {
        while (stack.length) drop(true);
      }
    }
  }
  if (quotations.length > 1) quotations.sort((x, y) => x.open - y.open);
  return { quotations, unbalanced };
}

/** An opening mark that the closing mark `c` closes. */
function mirrorOpener(set: MarkSet, c: number): number {
  for (const [opener, closers] of set.closers) if (closers.includes(c) && set.topLevel.has(opener)) return opener;
  return -1;
}

function isOpenBracket(c: number): boolean {
  return c === 40 || c === 91 || c === 123 || c === 0x2014 || c === 0x2013;
}

function isClosingPunctuation(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 41 || c === 93 || c === 125 || c === 0x2026 || c === 0x2014 || c === 0x2013;
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
  return isUpper(next) || isQuoteMark(next);
}

export function isSentenceEnd(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== 46 && c !== 33 && c !== 63) return false;
  let j = i + 1;
  while (j < end) {
    const d = text.charCodeAt(j);
    if (isQuoteMark(d) || d === 41) j++;
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

/** A quotation mark of any set. */
function isQuoteMark(c: number): boolean {
  return c === 34 || c === 39 || c === 0xab || c === 0xbb || (c >= 0x2018 && c <= 0x201f) || c === 0x2039 || c === 0x203a;
}
