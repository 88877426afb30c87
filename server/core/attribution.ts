import type { DatelineConfig } from './config';
import { speakerOf } from './features/documentSymbols';
import type { Article } from './parser/article';
import { isSentenceEnd, type Quotation } from './parser/body';
import { escapeRegExp, isSpace, isUpper, isWordChar } from './text';
import { ArticleMemo } from './memo';

/** What the words around a quotation say about where it comes from. */
export interface Attribution {
  /** A speaker is named: "said X", "X told", "according to X", "X: “…”", a pronoun with a speech verb. */
  speaker: boolean;
  /** A prose attribution to a source: "told Reuters", "according to Interfax", "Interfax reported". */
  proseSource: boolean;
  /** A phrase of `attribution.anonymous` in the sentence or the one before. */
  anonymous: boolean;
}

/** How far around a quotation attribution is looked for; bounded so a long paragraph stays linear. */
const WINDOW = 300;

const SPEECH_VERB = /\b(?:said|says|say|told|tells|added|adds|asked|asks|stated|noted|notes|wrote|writes|insisted|explained|warned|declared|replied|argued|announced|stressed|emphasi[sz]ed|claimed|continued|recalled|admitted|acknowledged|commented|remarked|concluded|urged|promised|vowed|confirmed|reported|quoted|according to|spoke|speaking)\b/i;

/** "told Reuters", "according to Interfax", "in an interview with Kommersant", "speaking to the BBC". */
// The phrase may open the sentence: "According to Interfax, …", "In an interview with Kommersant, …".
const SOURCE_AFTER = /\b(?:[Tt]old|[Aa]ccording to|[Ii]n an interview with|[Ii]nterviewed by|[Ss]peaking to|[Ss]poke to|[Qq]uoted by|[Cc]ited by)[ \u00a0]+(?:the[ \u00a0]+)?\p{Lu}/u;
/** "Interfax reported", "Interfax quoted him as saying", "RIA Novosti cited her": a capitalised word stands before the verb. */
const SOURCE_VERB = /\b(?:reported|reports|quoted|cited|wrote)\b/g;
const PRONOUNS = new Set(['He', 'She', 'They', 'It', 'We', 'I', 'You', 'The', 'A', 'An', 'This', 'That', 'His', 'Her', 'Their', 'Its', 'Our', 'My']);

const memo = new ArticleMemo<Article, Map<Quotation, Partial<Attribution>>>();

/**
 * One fact of a quotation's attribution, worked out when a rule first asks and kept for the
 * analysed article: the default style asks only whether a source is anonymous.
 */
export function attributionOf(article: Article, config: DatelineConfig, q: Quotation): Attribution;
export function attributionOf<K extends keyof Attribution>(article: Article, config: DatelineConfig, q: Quotation, fact: K): Attribution[K];
export function attributionOf(article: Article, config: DatelineConfig, q: Quotation, fact?: keyof Attribution): Attribution | boolean {
  if (!fact) {
    return { speaker: attributionOf(article, config, q, 'speaker'), proseSource: attributionOf(article, config, q, 'proseSource'), anonymous: attributionOf(article, config, q, 'anonymous') };
  }
  let byQuote = memo.get(article);
  if (!byQuote) memo.set(article, (byQuote = new Map()));
  let found = byQuote.get(q);
  if (!found) byQuote.set(q, (found = {}));
  if (found[fact] === undefined) found[fact] = attribute(article, config, q, fact);
  return found[fact]!;
}

/**
 * Where the longest word of each anonymous phrase occurs in the text, in any case, found once per
 * article: a quotation with none of them near it cannot hold a phrase, so its sentence is not
 * lower-cased and searched again. Undefined when a phrase has no word: then every quotation is
 * searched as before.
 */
interface PhraseAnchors {
  phrases: readonly string[];
  starts: number[];
  ends: number[];
}

const anchorMemo = new ArticleMemo<Article, PhraseAnchors | null>();

function phraseAnchors(article: Article, phrases: readonly string[]): PhraseAnchors | undefined {
  const known = anchorMemo.get(article);
  if (known !== undefined && (known === null || known.phrases === phrases)) return known ?? undefined;
  const found = findAnchors(article.text, phrases);
  anchorMemo.set(article, found ?? null);
  return found;
}

function findAnchors(text: string, phrases: readonly string[]): PhraseAnchors | undefined {
  const anchors = new Set<string>();
  for (const phrase of phrases) {
    let longest = '';
    for (const word of phrase.split(' ')) if (word.length > longest.length) longest = word;
    if (!longest) return undefined;
    anchors.add(longest);
  }
  // The one-scan path compares every pair of anchors: a house style lists a handful of phrases.
  const ascii = anchors.size <= 64 && /^[\x20-\x7e]*$/.test([...anchors].join('')) && !text.includes('\u0130');
  return ascii ? asciiAnchors(text, phrases, anchors) : loweredAnchors(text, phrases, anchors);
}

/**
 * ASCII anchors, found by one case-insensitive scan of the text itself: the only characters that
 * lower-case to an ASCII letter are that letter's capital, the Kelvin sign (which the `u` flag
 * folds to `k`) and `İ` (whose lower case is two characters, so it is left to the other path).
 * An anchor that holds another is left out: the shorter one occurs wherever it does, so at most
 * one anchor matches at each position and stepping one character on finds overlapping ones.
 */
function asciiAnchors(text: string, phrases: readonly string[], anchors: Set<string>): PhraseAnchors {
  const kept = [...anchors].filter((a) => ![...anchors].some((b) => b !== a && a.includes(b)));
  // Alternatives of plain literals: each position is tried against each of them once.
  const pattern = new RegExp(`${kept.map(escapeRegExp).join('|')}`, 'giu');
  const starts: number[] = [];
  const ends: number[] = [];
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    pattern.lastIndex = m.index + 1;
  }
  return { phrases, starts, ends };
}

/**
 * Other anchors, in the lower-cased text. Undefined when lower-casing a slice could differ from
 * slicing the lower-cased text (a length change, a cased astral letter, the context-dependent `Σ`).
 */
function loweredAnchors(text: string, phrases: readonly string[], anchors: Set<string>): PhraseAnchors | undefined {
  if (text.includes('\u03a3')) return undefined;
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return undefined;
  // A cased astral letter lower-cases as a pair: a slice through it would not.
  const pairs = /[\ud800-\udfff]/g;
  for (let m = pairs.exec(text); m; m = pairs.exec(text)) if (lower.charCodeAt(m.index) !== text.charCodeAt(m.index)) return undefined;
  const hits: [number, number][] = [];
  for (const anchor of anchors) {
    for (let at = lower.indexOf(anchor); at >= 0; at = lower.indexOf(anchor, at + 1)) hits.push([at, at + anchor.length]);
  }
  hits.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const starts = hits.map((h) => h[0]);
  const ends = hits.map((h) => h[1]);
  return { phrases, starts, ends };
}

/**
 * False only when no phrase can be in the text `attribute` searches for this quotation: every
 * word of a match lies inside one of its slices (the slices are joined with spaces), so the
 * phrase's longest word occurs, lower-cased, between the first slice's start and the last one's end.
 */
function mayHoldPhrase(article: Article, phrases: readonly string[], q: Quotation): boolean {
  const anchors = phraseAnchors(article, phrases);
  if (!anchors) return true;
  const s = q.sentence;
  const lo = Math.min(Math.max(0, s.start - WINDOW), q.span.end);
  const hi = Math.max(s.start, q.span.start, Math.min(s.end, q.span.end + WINDOW));
  const { starts, ends } = anchors;
  let a = 0;
  let b = starts.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (starts[mid] < lo) a = mid + 1;
    else b = mid;
  }
  for (let i = a; i < starts.length && starts[i] < hi; i++) if (ends[i] <= hi) return true;
  return false;
}

function attribute(article: Article, config: DatelineConfig, q: Quotation, fact: keyof Attribution): boolean {
  // Most quotations have no anonymous phrase near them: that is known before any slicing.
  if (fact === 'anonymous' && (!config.style.attribution.anonymous.length || !mayHoldPhrase(article, config.style.attribution.anonymous, q))) return false;
  const text = article.text;
  const s = q.sentence;
  // The sentence around the quotation, without the quotation itself, and a stretch of the one before.
  const before = text.slice(Math.max(s.start, q.span.start - WINDOW), q.span.start);
  const after = text.slice(q.span.end, Math.min(s.end, q.span.end + WINDOW));
  const previous = previousSentence(text, s.start);
  if (fact === 'anonymous') {
    const phrases = config.style.attribution.anonymous;
    const lower = `${previous} ${before} ${after}`.toLowerCase().replace(/\s+/g, ' ');
    return phrases.some((p) => lower.includes(p));
  }
  const proseSource = hasProseSource(before) || hasProseSource(after);
  if (fact === 'proseSource') return proseSource;
  const colon = /[\p{L}\p{N}][ \u00a0]*:[ \u00a0]*$/u.test(before.slice(-40));
  return proseSource || colon || SPEECH_VERB.test(`${before} ${after}`) || SPEECH_VERB.test(previous) || speakerOf({ article, config }, q) !== undefined;
}

function hasProseSource(segment: string): boolean {
  const a = SOURCE_AFTER.exec(segment);
  if (a) return true;
  SOURCE_VERB.lastIndex = 0;
  for (let m = SOURCE_VERB.exec(segment); m; m = SOURCE_VERB.exec(segment)) {
    let end = m.index;
    while (end > 0 && isSpace(segment.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && (isWordChar(segment.charCodeAt(start - 1)) || segment[start - 1] === '-' || segment[start - 1] === '.' || segment[start - 1] === '/')) start--;
    if (end > start && end < m.index && isUpper(segment.charCodeAt(start)) && !PRONOUNS.has(segment.slice(start, end))) return true;
  }
  return false;
}

/**
 * The sentence before `start` (up to WINDOW characters of it), within its paragraph: not the one
 * before that, whose speaker or anonymous source is someone else's (`Another trader said …`).
 */
function previousSentence(text: string, start: number): string {
  const from = Math.max(0, start - WINDOW);
  const chunk = text.slice(from, start);
  const para = Math.max(chunk.lastIndexOf('\n\n'), chunk.lastIndexOf('\r\n\r\n'), chunk.lastIndexOf('\r\r'));
  const lo = para >= 0 ? from + para : from;
  // Back over that sentence's own end (spaces, closing marks and brackets, its final stop).
  let k = start - 1;
  while (k > lo && (isSpace(text.charCodeAt(k)) || CLOSERS.has(text.charCodeAt(k)))) k--;
  while (k > lo && STOPS.has(text.charCodeAt(k))) k--;
  for (let j = k; j > lo; j--) if (isSentenceEnd(text, j, start)) return text.slice(j + 1, start);
  return text.slice(lo, start);
}

/** `.`, `!`, `?`. */
const STOPS = new Set([46, 33, 63]);
/** What may stand after a sentence's final stop: closing brackets and quotation marks. */
const CLOSERS = new Set([41, 93, 34, 39, 0xbb, 0xab, 0x2019, 0x201c, 0x201d, 0x2018, 0x203a, 0x2039]);
