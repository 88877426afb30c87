import { attributionOf } from '../attribution';
import type { Rule } from './rule';

export const quoteUnattributed: Rule = {
  id: 'quote-unattributed',
  description: 'A quotation with no speaker in its sentence or the sentence before: no "said X", "X told", "according to X", "X: “…”" or pronoun with a speech verb. Off in the `edm` and `digest` styles, a warning in `wire`.',
  defaultSeverity: 'warning',
  scope: 'article',
  check({ article, config }, report) {
    for (const quote of article.body.quotations) {
      if (quote.words < config.minWords) continue;
      if (attributionOf(article, config, quote, 'speaker') || attributionOf(article, config, quote, 'anonymous')) continue;
      report({
        span: quote.span,
        message: 'Nobody is named as saying this quotation in its sentence or the one before; say who said it.',
      });
    }
  },
};
