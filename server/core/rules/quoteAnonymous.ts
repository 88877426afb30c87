import { attributionOf } from '../attribution';
import type { Rule } from './rule';

export const quoteAnonymous: Rule = {
  id: 'quote-anonymous',
  description: 'A quotation attributed to a deliberately anonymous source (a phrase of `attribution.anonymous`, such as "on condition of anonymity", in its sentence or the one before).',
  defaultSeverity: 'info',
  scope: 'article',
  check({ article, config }, report) {
    for (const quote of article.body.quotations) {
      if (quote.words < config.minWords) continue;
      if (!attributionOf(article, config, quote, 'anonymous')) continue;
      report({
        span: quote.span,
        message: 'This quotation comes from an anonymous source; make sure the editor knows who it is.',
      });
    }
  },
};
