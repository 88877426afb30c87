import { compareDates, daysInMonth, formatDate } from '../dates';
import { citedDays } from '../parser/citations';
import { citationParts, type Rule } from './rule';

export const citationFutureDate: Rule = {
  id: 'citation-future-date',
  description: "A cited date later than the article's own `date` (for a range, its end).",
  defaultSeverity: 'warning',
  scope: 'article',
  check(ctx, report) {
    const articleDate = ctx.article.date;
    if (!articleDate) return;
    for (const { part } of citationParts(ctx)) {
      const date = part.date;
      if (!date || date.ambiguous || date.month.kind === 'misspelled') continue;
      const last = date.end ?? date;
      if (last.month.kind === 'misspelled') continue;
      const { end, backwards } = citedDays(date, articleDate);
      if (!end || backwards || last.day < 1 || last.day > daysInMonth(end.month, end.year)) continue;
      if (compareDates(end, articleDate) > 0) {
        report({ span: last === date ? date.span : last.span, message: `${formatDate(end)} is after the article's date, ${formatDate(articleDate)}.` });
      }
    }
  },
};
