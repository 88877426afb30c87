import type { Mention } from '../actors/mentions';
import type { Article } from '../parser/article';
import type { Citation, CitationPart } from '../parser/citations';
import type { HeaderField } from '../parser/header';
import type { Span } from '../types';
import { firstEndingAfter } from './shared';

/**
 * What the cursor is on, the one answer hover and navigation share: a header key, a cited source,
 * a citation's date, or an actor mention. A cursor just after a word still counts as on it.
 */
export type CursorContext =
  | { kind: 'field'; field: HeaderField }
  | { kind: 'source'; part: CitationPart; source: string; span: Span }
  | { kind: 'date'; part: CitationPart }
  | { kind: 'mention'; mention: Mention };

export function contextAt(article: Article, offset: number): CursorContext | undefined {
  const field = article.header?.fields.find((f) => within(offset, f.keySpan));
  if (field) return { kind: 'field', field };
  const part = citationPartAt(article.body.citations, offset);
  if (part) {
    const source = part.source.trim();
    if (source && within(offset, part.sourceSpan)) return { kind: 'source', part, source, span: part.sourceSpan };
    if (part.date && part.date.span.start <= offset && offset < part.date.span.end) return { kind: 'date', part };
    return undefined;
  }
  const mention = mentionAt(article, offset);
  return mention ? { kind: 'mention', mention } : undefined;
}

/** The mention under `offset` (mentions are sorted and do not overlap). */
export function mentionAt(article: Article, offset: number): Mention | undefined {
  const mentions = article.mentions;
  const i = firstEndingAfter(mentions, offset, (m) => m.span);
  if (i < mentions.length && mentions[i].span.start <= offset) return mentions[i];
  if (i > 0 && mentions[i - 1].span.end === offset) return mentions[i - 1];
  return undefined;
}

/** The citation part under `offset`, if the offset is inside a citation. */
export function citationPartAt(citations: readonly Citation[], offset: number): CitationPart | undefined {
  const i = firstEndingAfter(citations, offset, (c) => c.span);
  const citation = citations[i];
  if (!citation || citation.span.start > offset) return undefined;
  return citation.parts.find((p) => p.span.start <= offset && offset <= p.span.end);
}

function within(offset: number, span: Span): boolean {
  return span.start <= offset && offset <= span.end;
}
