import type { Rule } from './rule';

export const quoteUnbalanced: Rule = {
  id: 'quote-unbalanced',
  description: 'A quotation mark that never closes, or a closing mark with no opening one.',
  defaultSeverity: 'error',
  scope: 'article',
  check({ article }, report) {
    for (const mark of article.body.unbalanced) {
      report({
        span: { start: mark.offset, end: mark.offset + 1 },
        message: mark.kind === 'unclosed'
          ? 'This quotation mark opens a quotation that never closes in its paragraph.'
          : mark.kind === 'wrong'
            ? 'This opening quotation mark stands where the quotation closes; it is read as the closing mark.'
            : mark.kind === 'mismatched'
              ? 'This closing quotation mark is not the kind that opened the quotation; it is read as the closing mark. Use the pair of the opening mark.'
              : 'This closing quotation mark has no opening mark before it.',
        data: { kind: mark.kind },
        // The mark that pairs with the opening one is what the text obviously meant.
        fixes: mark.expected ? [{ title: `Change to ‘${mark.expected}’`, edits: [{ span: { start: mark.offset, end: mark.offset + 1 }, newText: mark.expected }], safe: true }] : undefined,
      });
    }
  },
};
