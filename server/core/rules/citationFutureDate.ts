import { compareDates, daysInMonth, formatDate } from '../dates';
import { citationParts, type Rule } from './rule';

export const citationFutureDate: Rule = {
  id: 'citation-future-date',
  description: "A cited date later than the article's own `date`.",
  defaultSeverity: 'warning',
  scope: 'article',
  check(ctx, report) {
    const articleDate = ctx.article.date;
    if (!articleDate) return;
    for (const { part } of citationParts(ctx)) {
      const date = part.date;
      // Without a year the date is read as on or before the article's date, so only explicit years can be late.
      if (!date || date.year === undefined || date.month.kind === 'misspelled') continue;
      if (date.day < 1 || date.day > daysInMonth(date.month.month, date.year)) continue;
      const cited = { year: date.year, month: date.month.month, day: date.day };
      if (compareDates(cited, articleDate) > 0) {
        report({ span: date.span, message: `${formatDate(cited)} is after the article's date, ${formatDate(articleDate)}.` });
      }
    }
  },
};
