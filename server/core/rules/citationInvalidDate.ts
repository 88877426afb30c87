import { daysInMonth, inferYear, MONTHS } from '../dates';
import { citationParts, type Rule } from './rule';

export const citationInvalidDate: Rule = {
  id: 'citation-invalid-date',
  description: 'A citation date that cannot be right: a misspelled month, or a day the month does not have.',
  defaultSeverity: 'error',
  scope: 'article',
  check(ctx, report) {
    for (const { part } of citationParts(ctx)) {
      const date = part.date;
      if (!date) continue;
      if (date.month.kind === 'misspelled') {
        const suggestion = date.month.suggestion;
        report({
          span: date.monthSpan,
          message: `\`${date.monthText}\` is not a month; did you mean \`${suggestion}\`?`,
          data: { suggestion },
          fixes: [{ title: `Change to \`${suggestion}\``, edits: [{ span: date.monthSpan, newText: suggestion }], safe: true }],
        });
        continue;
      }
      // A date without a year falls in the year the article's date implies (Feb. 29 cited in March 2010 is not real).
      const articleDate = ctx.article.date;
      const year = date.year ?? (articleDate && date.day >= 1 ? inferYear(date.month.month, date.day, articleDate) : undefined);
      const max = daysInMonth(date.month.month, year);
      if (date.day < 1 || date.day > max) {
        const month = MONTHS[date.month.month - 1];
        // Name the year only when the writer gave it, or when it decides the length of February.
        const shownYear = date.year ?? (date.month.month === 2 ? year : undefined);
        report({
          span: date.span,
          message: date.day < 1 ? `Day ${date.day} does not exist.` : `${month}${shownYear ? ` ${shownYear}` : ''} has ${max} days; there is no ${month} ${date.day}.`,
        });
      }
    }
  },
};
