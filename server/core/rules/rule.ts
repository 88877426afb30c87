import type { DatelineConfig } from '../config';
import type { QuoteLookup } from '../quoteIndex';
import type { Article } from '../parser/article';
import type { Citation, CitationPart } from '../parser/citations';
import type { Fix, RelatedInformation, Severity, Span } from '../types';
import { ArticleMemo } from '../memo';

export interface RuleContext {
  article: Article;
  config: DatelineConfig;
  /** Quotations of the workspace's other articles, when the caller keeps them, and this article's URI among them. */
  quotes?: QuoteLookup;
  uri?: string;
  /** Sources the workspace's articles cite, with how many cite each, when the caller counts them. */
  workspaceSources?: Iterable<readonly [string, number]>;
}

export interface RawFinding {
  span: Span;
  message: string;
  fixes?: Fix[];
  data?: Record<string, string | number | boolean | string[]>;
  /** At most this severity, whatever the rule's setting: a weaker form of the rule's finding. */
  severity?: Severity;
  related?: RelatedInformation[];
}

export type Report = (finding: RawFinding) => void;

export interface Rule {
  /** Stable id: the diagnostic code. It never changes meaning. */
  id: string;
  /** One sentence, shown in the docs and settings. */
  description: string;
  defaultSeverity: Severity;
  /** What the rule looks at: articles, the config file, or the file as a whole. */
  scope: 'article' | 'config' | 'file';
  check?(ctx: RuleContext, report: Report): void;
}

const partsMemo = new ArticleMemo<RuleContext['article'], readonly { citation: Citation; part: CitationPart }[]>();

/**
 * Every part of every citation. An array, not a generator: five rules walk it, and resuming a
 * generator per part is slow. Built once per analysed article, for all of them.
 */
export function citationParts(ctx: RuleContext): readonly { citation: Citation; part: CitationPart }[] {
  let result = partsMemo.get(ctx.article);
  if (result) return result;
  const parts: { citation: Citation; part: CitationPart }[] = [];
  for (const citation of ctx.article.body.citations) {
    for (const part of citation.parts) parts.push({ citation, part });
  }
  partsMemo.set(ctx.article, (result = parts));
  return result;
}
