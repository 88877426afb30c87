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
            : 'This closing quotation mark has no opening mark before it.',
        data: { kind: mark.kind },
      });
    }
  },
};
