import { citedParts } from './counts';
import { bump } from './tally';
import type { ArticleOutline } from './parser/article';
import { QuoteIndex, type QuoteConflicts, type QuoteFingerprint, type QuoteLookup } from './quoteIndex';
import type { Range } from './types';

/**
 * One actor mention as the index keeps it. An archive holds hundreds of thousands, so the
 * position is four numbers and the range is made when asked; mentions of one form share its ids.
 */
export class MentionSummary {
  constructor(
    readonly actorIds: readonly string[],
    readonly text: string,
    readonly full: boolean,
    readonly line: number,
    readonly character: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}

  get range(): Range {
    return { start: { line: this.line, character: this.character }, end: { line: this.endLine, character: this.endCharacter } };
  }
}

/**
 * One quotation's fingerprint as the index keeps it: as with a mention, the position is four
 * numbers and the range is made when asked, and every field is set when it is made, so it is one
 * object of one shape.
 */
export class QuoteSummary implements QuoteFingerprint {
  constructor(
    readonly words: number[],
    readonly line: number,
    readonly character: number,
    readonly endLine: number,
    readonly endCharacter: number,
    readonly speaker: string | undefined,
    readonly speakerName: string | undefined,
  ) {}

  get range(): Range {
    return { start: { line: this.line, character: this.character }, end: { line: this.endLine, character: this.endCharacter } };
  }

  /** As JSON, the plain fingerprint: a cache reads `range`, not the four numbers. */
  toJSON(): QuoteFingerprint {
    return plainFingerprint(this);
  }
}

/**
 * A fingerprint as plain data, for what leaves this thread: JSON keeps no getter, and a copy sent
 * to another thread keeps no class.
 */
export function plainFingerprint(quote: QuoteFingerprint): QuoteFingerprint {
  const plain: QuoteFingerprint = { words: quote.words, range: quote.range };
  if (quote.speaker !== undefined) plain.speaker = quote.speaker;
  if (quote.speakerName !== undefined) plain.speakerName = quote.speakerName;
  return plain;
}

/** What the workspace needs to know of one article, without keeping its text. */
export interface FileSummary {
  uri: string;
  publication?: string;
  /** Cited source names, as written, once each. */
  sources: string[];
  mentions: readonly MentionSummary[];
  /** Fingerprints of its quotations of `quotes.minWords` words or more; absent when none. */
  quotes?: QuoteFingerprint[];
}

/** A full article or an outline: both hold the header, citations and mentions a summary needs. */
export function summarize(uri: string, article: ArticleOutline, quotes?: QuoteFingerprint[]): FileSummary {
  const publication = article.header?.fields.find((f) => f.name === 'publication')?.value;
  const sources = new Set<string>();
  for (const p of citedParts(article)) {
    for (const named of p.sources) {
      const s = named.name.trim();
      if (s) sources.add(detached(s));
    }
  }
  const summary: FileSummary = {
    uri,
    publication: typeof publication === 'string' && publication.trim() ? detached(publication.trim()) : undefined,
    sources: [...sources],
    mentions: article.mentions.map((m) => {
      const start = article.lines.positionAt(m.span.start);
      const end = article.lines.positionAt(m.span.end);
      // The text and ids are the registry's strings, and a form's ids one list: nothing to copy.
      return new MentionSummary(m.actorIds, m.text, m.full, start.line, start.character, end.line, end.character);
    }),
  };
  if (quotes?.length) summary.quotes = quotes.map(quoteSummaryOf);
  return summary;
}

/** A fingerprint as the index keeps it, with its speaker's names copied, not slices of the article's text. */
function quoteSummaryOf(quote: QuoteFingerprint): QuoteSummary {
  const { start, end } = quote.range;
  const speaker = quote.speaker === undefined ? undefined : detached(quote.speaker);
  const speakerName = quote.speakerName === undefined ? undefined : detached(quote.speakerName);
  return new QuoteSummary(quote.words, start.line, start.character, end.line, end.character, speaker, speakerName);
}

/** Source and publication names seen so far, each stored once. */
const names = new Map<string, string>();
const MAX_NAMES = 50_000;

/**
 * The string as a copy that does not point into the text it was cut from: engines may keep a
 * slice as a view of the whole text, and a summary must not keep the article alive. The same
 * few names recur in every article, so each is copied once.
 */
function detached(s: string): string {
  let copy = names.get(s);
  if (copy === undefined) {
    if (names.size >= MAX_NAMES) names.clear();
    copy = JSON.parse(JSON.stringify(s)) as string;
    names.set(copy, copy);
  }
  return copy;
}

/**
 * Every article of the workspace, summarised. Counts are kept up to date on each change, so
 * completion and hover read them without a scan.
 */
export class WorkspaceIndex implements QuoteLookup {
  private readonly files = new Map<string, FileSummary>();
  private readonly quoteIndex = new QuoteIndex();
  private quoteChanges = 0;
  /** The articles whose quotations changed since `takeQuoteChanges` was last asked. */
  private readonly quotesChangedIn = new Set<string>();
  /** Of those, the ones whose quotations only moved: the same words and speakers, elsewhere in the text. */
  private readonly quotesMovedIn = new Set<string>();
  private readonly mentionCounts = new Map<string, number>();
  private readonly sourceCounts = new Map<string, number>();
  private readonly publicationCounts = new Map<string, number>();

  get size(): number {
    return this.files.size;
  }

  get(uri: string): FileSummary | undefined {
    return this.files.get(uri);
  }

  all(): IterableIterator<FileSummary> {
    return this.files.values();
  }

  set(summary: FileSummary): void {
    const before = this.files.get(summary.uri)?.quotes;
    this.remove(summary.uri);
    this.files.set(summary.uri, summary);
    this.count(summary, 1);
    if (!sameQuotes(before, summary.quotes)) {
      this.quoteIndex.set(summary.uri, summary.quotes ?? []);
      this.quoteChanges++;
      // Typing above a quotation moves it; once its words change, that is what the article's change is.
      const moved = sameWordsAndSpeakers(before, summary.quotes) && (!this.quotesChangedIn.has(summary.uri) || this.quotesMovedIn.has(summary.uri));
      this.quotesChangedIn.add(summary.uri);
      if (moved) this.quotesMovedIn.add(summary.uri);
      else this.quotesMovedIn.delete(summary.uri);
    }
  }

  delete(uri: string): void {
    if (this.files.get(uri)?.quotes?.length) {
      this.quoteIndex.delete(uri);
      this.quoteChanges++;
      this.quotesChangedIn.add(uri);
      this.quotesMovedIn.delete(uri);
    }
    this.remove(uri);
  }

  conflicts(quote: QuoteFingerprint, uri: string, limit: number): QuoteConflicts {
    return this.quoteIndex.conflicts(quote, uri, limit);
  }

  /**
   * The articles whose quotations changed since the last call (`changed`), and those of them whose
   * quotations only moved (`moved`: the same words and speakers at other places). An article's own
   * quote-conflict findings never depend on its own quotations, so only other articles need a
   * re-check; a move changes only findings that point at the quotations that moved.
   */
  takeQuoteChanges(): { changed: string[]; moved: string[] } {
    const changed = [...this.quotesChangedIn];
    const moved = [...this.quotesMovedIn];
    this.quotesChangedIn.clear();
    this.quotesMovedIn.clear();
    return { changed, moved };
  }

  /** Goes up whenever some article's quotations change: findings about quotations elsewhere may then change too. */
  get quoteGeneration(): number {
    return this.quoteChanges;
  }

  private remove(uri: string): void {
    const old = this.files.get(uri);
    if (!old) return;
    this.files.delete(uri);
    this.count(old, -1);
  }

  /** Mentions of an actor across the workspace (ambiguous mentions count for every candidate). */
  mentionCount(actorId: string): number {
    return this.mentionCounts.get(actorId) ?? 0;
  }

  references(actorId: string): { uri: string; range: Range; text: string }[] {
    const result: { uri: string; range: Range; text: string }[] = [];
    for (const file of this.files.values()) {
      for (const m of file.mentions) if (m.actorIds.includes(actorId)) result.push({ uri: file.uri, range: m.range, text: m.text });
    }
    return result;
  }

  /** Cited sources with how many articles cite each. */
  sources(): ReadonlyMap<string, number> {
    return this.sourceCounts;
  }

  /** Publication names with how many articles use each. */
  publications(): ReadonlyMap<string, number> {
    return this.publicationCounts;
  }

  private count(summary: FileSummary, delta: number): void {
    for (const m of summary.mentions) for (const id of m.actorIds) bump(this.mentionCounts, id, delta);
    for (const s of summary.sources) bump(this.sourceCounts, s, delta);
    if (summary.publication) bump(this.publicationCounts, summary.publication, delta);
  }
}

/** The same quotations but for where they are: what other articles' findings say, less their links. */
function sameWordsAndSpeakers(a: readonly QuoteFingerprint[] | undefined, b: readonly QuoteFingerprint[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p.speaker !== q.speaker || p.speakerName !== q.speakerName || p.words.length !== q.words.length) return false;
    for (let k = 0; k < p.words.length; k++) if (p.words[k] !== q.words[k]) return false;
  }
  return true;
}

function sameQuotes(a: readonly QuoteFingerprint[] | undefined, b: readonly QuoteFingerprint[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}
