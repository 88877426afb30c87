import type { Mention } from '../actors/mentions';
import type { DatelineConfig } from '../config';
import { apMonth, MONTHS, type SimpleDate } from '../dates';
import type { Article } from '../parser/article';
import type { Span } from '../types';
import { ArticleMemo } from '../memo';

/**
 * What the editor features read of the workspace. `WorkspaceIndex` provides it; without one the
 * features still work, with only what the article itself holds.
 */
export interface WorkspaceData {
  /** Mentions of an actor across the workspace. */
  mentionCount(actorId: string): number;
  /** Cited source names with how many articles cite each. */
  sources(): ReadonlyMap<string, number>;
  /** Publication names with how many articles use each. */
  publications(): ReadonlyMap<string, number>;
}

/** The analysed article a feature works on, the config it was analysed with, and the workspace. */
export interface FeatureContext {
  article: Article;
  config: DatelineConfig;
  workspace?: WorkspaceData;
}

export { citationDate } from '../dates';

/** `Sept. 5, 2008`: the AP form with its year, for hover text. */
export function longDate(date: SimpleDate): string {
  return `${apMonth(date.month)} ${date.day}, ${date.year}`;
}

/** `March 22, 2021`, as the header writes it. */
export function headerDate(date: SimpleDate): string {
  return `${MONTHS[date.month - 1]} ${date.day}, ${date.year}`;
}

export function isoDate(date: SimpleDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** The day `days` before a date. */
export function daysBefore(date: SimpleDate, days: number): SimpleDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day - days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Escapes text from a registry or an article for Markdown, so names never turn into markup. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, '\\$&');
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Text for a snippet, with `$`, `}` and `\` escaped so it is inserted as written. */
export function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** Index of the first span that ends after `offset` (spans sorted and not overlapping). */
export function firstEndingAfter<T>(items: readonly T[], offset: number, span: (item: T) => Span): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (span(items[mid]).end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const countCache = new ArticleMemo<Article, Map<string, number>>();

/**
 * How many times each actor is mentioned in the article (ambiguous mentions count for every
 * candidate). Counted once per analysed article: hovers over a long article do not recount.
 */
export function mentionCounts(article: Article): Map<string, number> {
  let counts = countCache.get(article);
  if (!counts) {
    counts = new Map<string, number>();
    for (const m of article.mentions) for (const id of m.actorIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    countCache.set(article, counts);
  }
  return counts;
}

export function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset < span.end;
}
