import { apMonth } from '../dates';
import type { CitationPart } from '../parser/citations';
import { citationParts, type Rule } from './rule';

export const citationMalformed: Rule = {
  id: 'citation-malformed',
  description: 'A citation-like parenthesis that does not follow the `(Source, Month Day[, Year])` form.',
  defaultSeverity: 'error',
  scope: 'article',
  check(ctx, report) {
    for (const { part } of citationParts(ctx)) {
      if (!part.date) {
        if (part.span.end > part.span.start) {
          report({ span: part.span, message: 'This part of the citation has no date; write it as `Source, Month Day`.' });
        }
        continue;
      }
      if (part.source.trim() && !part.hasComma) {
        report({
          span: part.span,
          message: 'A comma is missing between the source and the date.',
          fixes: [{ title: 'Insert the missing comma', edits: [{ span: { start: part.sourceSpan.end, end: part.sourceSpan.end }, newText: ',' }], safe: true }],
        });
      }
      if (part.date.form !== 'ok' && part.date.month.kind !== 'misspelled') {
        const normal = normalDate(part);
        report({
          span: part.date.span,
          message: `Write the date in AP style: \`${normal}\`.`,
          data: { normal },
          fixes: [{ title: `Change the date to \`${normal}\``, edits: [{ span: part.date.span, newText: normal }], safe: true }],
        });
      }
    }
  },
};

export function normalDate(part: CitationPart): string {
  const d = part.date!;
  const month = apMonth(d.month.month);
  return d.year !== undefined ? `${month} ${d.day}, ${d.year}` : `${month} ${d.day}`;
}

