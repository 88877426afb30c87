import type { DatelineConfig } from './config';
import type { Article, ArticleOutline } from './parser/article';
import type { Quotation } from './parser/body';
import type { CitationPart } from './parser/citations';

// The figures a writer sees (status bar, statistics, sourcing report) are counted here only, so
// the editor and the report cannot give two numbers for the same article.

/** Quotations long enough to need a source (`quotes.minWords`, as quote-uncited reads it): scare quotes are left out. */
export function countedQuotations(article: Article, config: DatelineConfig): Quotation[] {
  return article.body.quotations.filter((q) => q.words >= config.minWords);
}

/** Whether a citation part cites something: a source with a date, or an undated credit where the style allows one. */
export function cites(part: CitationPart): boolean {
  return !!part.date || !!part.undated;
}

/** The parts of an article's citations that cite something (`cites`). */
export function citedParts(article: ArticleOutline): CitationPart[] {
  const parts: CitationPart[] = [];
  for (const c of article.body.citations) for (const part of c.parts) if (cites(part)) parts.push(part);
  return parts;
}

/** Words of prose: header, comments and code are not counted. */
export function wordCount(article: Article): number {
  let words = 0;
  for (const p of article.body.paragraphs) words += article.text.slice(p.start, p.end).split(/\s+/).filter(Boolean).length;
  return words;
}
