import type { Rule } from './rule';

export const quoteUncited: Rule = {
  id: 'quote-uncited',
  description: 'A quotation of `quotes.minWords` words or more with no citation in the sentence where it closes.',
  defaultSeverity: 'warning',
  scope: 'article',
  check({ article, config }, report) {
    for (const quote of article.body.quotations) {
      if (quote.words < config.minWords || quote.citations.length > 0) continue;
      report({
        span: quote.span,
        message: `This quotation (${quote.words} words) has no citation in its sentence; add one such as \`(Source, Month Day)\`.`,
        data: { sentenceEnd: quote.sentence.end },
      });
    }
  },
};
