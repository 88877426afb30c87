import { daysInMonth, formatDate, MONTHS } from '../dates';
import { citedDays, type CitationDate } from '../parser/citations';
import type { RawFinding } from './rule';
import { citationParts, type Rule } from './rule';

export const citationInvalidDate: Rule = {
  id: 'citation-invalid-date',
  description: 'A citation date that cannot be right: a misspelled month, a day the month does not have, or a range that ends before it starts.',
  defaultSeverity: 'error',
  scope: 'article',
  check(ctx, report) {
    const articleDate = ctx.article.date;
    for (const { part } of citationParts(ctx)) {
      const date = part.date;
      if (!date || date.ambiguous) continue;
      const misspelled = checkMonth(date, report) || (date.end !== undefined && date.end.monthSpan.start !== date.monthSpan.start && checkMonth(date.end, report));
      if (misspelled) continue;
      // A date without a year falls in the year the article's date implies (Feb. 29 cited in March 2010 is not real).
      const days = citedDays(date, articleDate);
      const badStart = checkDay(date, startSpan(date), days.start?.year, report);
      const badEnd = date.end ? checkDay(date.end, date.end.span, days.end?.year, report) : false;
      if (!badStart && !badEnd && days.backwards) {
        const from = days.start ? formatDate(days.start) : `${MONTHS[date.month.month - 1]} ${date.day}`;
        const to = days.end ? formatDate(days.end) : `${MONTHS[date.end!.month.month - 1]} ${date.end!.day}`;
        report({ span: date.span, message: `This range ends (${to}) before it starts (${from}).` });
      }
    }
  },
};

/** Reports a misspelled month; true when there was one. */
function checkMonth(date: CitationDate, report: (f: RawFinding) => void): boolean {
  if (date.month.kind !== 'misspelled') return false;
  const suggestion = date.month.suggestion;
  report({
    span: date.monthSpan,
    message: `‘${date.monthText}’ is not a month; did you mean ‘${suggestion}’?`,
    data: { suggestion },
    fixes: [{ title: `Change to ‘${suggestion}’`, edits: [{ span: date.monthSpan, newText: suggestion }], safe: true }],
  });
  return true;
}

/** Reports a day the month does not have; true when it was one. */
function checkDay(date: CitationDate, span: { start: number; end: number }, year: number | undefined, report: (f: RawFinding) => void): boolean {
  const max = daysInMonth(date.month.month, year);
  if (date.day >= 1 && date.day <= max) return false;
  const month = MONTHS[date.month.month - 1];
  // Name the year only when the writer gave it, or when it decides the length of February.
  const shownYear = date.year ?? (date.month.month === 2 ? year : undefined);
  report({
    span,
    message: date.day < 1 ? `Day ${date.day} does not exist.` : `${month}${shownYear ? ` ${shownYear}` : ''} has ${max} days; there is no ${month} ${date.day}.`,
  });
  return true;
}

/** The start of a range as written (`July 27` of `July 27-30`, `27` of `27-30 July`), or the whole date. */
function startSpan(date: CitationDate): { start: number; end: number } {
  if (!date.end) return date.span;
  const sharedMonth = date.end.monthSpan.start === date.monthSpan.start;
  return { start: date.span.start, end: sharedMonth ? date.daySpan.end : Math.max(date.daySpan.end, date.monthSpan.end) };
}
