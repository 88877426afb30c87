import { likelySources } from '../suggest';
import { citationParts, type Rule } from './rule';

export const citationEmptySource: Rule = {
  id: 'citation-empty-source',
  description: 'A citation gives a date but no source, as in `(, July 1)`.',
  defaultSeverity: 'error',
  scope: 'article',
  check(ctx, report) {
    // The candidates walk every citation: work them out once, for the first empty source.
    let sources: string[] | undefined;
    for (const { citation, part } of citationParts(ctx)) {
      if (!part.date || part.source.trim()) continue;
      sources ??= likelySources(ctx.article, ctx.config, 5, ctx.workspaceSources);
      report({
        span: citation.parts.length === 1 ? citation.span : part.span,
        message: 'This citation names no source: write the outlet before the date, as in ‘(Interfax, July 1)’.',
        data: { sourceOffset: part.sourceSpan.start },
        // Each candidate is a choice of source, so editorial: fix-all leaves these to the writer.
        fixes: sources.map((source) => ({
          title: `Cite ‘${source}’`,
          edits: [{ span: { start: part.sourceSpan.start, end: part.sourceSpan.start }, newText: source }],
          safe: false,
        })),
      });
    }
  },
};
