import type { Span } from '../types';
import { firstEndingAfter, type FeatureContext } from './shared';

/** Custom token types; an editor maps them to its own colours (see `semanticTokenScopes`). */
export const TOKEN_TYPES = ['actor', 'citation'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export interface SemanticToken {
  /** Never crosses a line break: a name wrapped over two lines gives two tokens. */
  span: Span;
  type: TokenType;
}

/**
 * Actor mentions and citation sources and dates, in order, not overlapping. A source that is also
 * an actor's name is a citation. With `range`, only tokens that overlap it.
 */
export function semanticTokens(ctx: FeatureContext, range?: Span): SemanticToken[] {
  const { article } = ctx;
  const text = article.text;
  const from = range?.start ?? 0;
  const to = range?.end ?? text.length;
  const citations = article.body.citations;
  const mentions = article.mentions;
  const out: SemanticToken[] = [];
  let c = firstEndingAfter(citations, from, (x) => x.span);
  let m = firstEndingAfter(mentions, from, (x) => x.span);
  while (true) {
    const citation = c < citations.length && citations[c].span.start < to ? citations[c] : undefined;
    const mention = m < mentions.length && mentions[m].span.start < to ? mentions[m] : undefined;
    if (!citation && !mention) break;
    if (mention && (!citation || mention.span.end <= citation.span.start)) {
      push(text, mention.span, 'actor', out);
      m++;
      continue;
    }
    for (const part of citation!.parts) {
      if (part.sourceSpan.end > part.sourceSpan.start) push(text, part.sourceSpan, 'citation', out);
      if (part.date) push(text, part.date.span, 'citation', out);
    }
    // Mentions inside the citation are its source, already a token.
    while (m < mentions.length && mentions[m].span.start < citation!.span.end) m++;
    c++;
  }
  return range ? out.filter((t) => t.span.end > from && t.span.start < to) : out;
}

/** Adds a token, split at line breaks. */
function push(text: string, span: Span, type: TokenType, out: SemanticToken[]): void {
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 10 && ch !== 13) continue;
    if (i > start) out.push({ span: { start, end: i }, type });
    start = i + 1;
  }
  if (span.end > start) out.push({ span: { start, end: span.end }, type });
}
