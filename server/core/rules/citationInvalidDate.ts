import { daysInMonth, MONTHS } from '../dates';
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
          fixes: [{ title: `Change to \`${suggestion}\``, edits: [{ span: date.monthSpan, newText: suggestion }], preferred: true }],
        });
        continue;
      }
      const max = daysInMonth(date.month.month, date.year);
      if (date.day < 1 || date.day > max) {
        const month = MONTHS[date.month.month - 1];
        report({
          span: date.span,
          message: date.day < 1 ? `Day ${date.day} does not exist.` : `${month}${date.year ? ` ${date.year}` : ''} has ${max} days; there is no ${month} ${date.day}.`,
        });
      }
    }
  },
};
