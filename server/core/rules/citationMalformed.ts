import { formatDateIn } from '../dates';
import type { CitationDate } from '../parser/citations';
import type { DateFormName } from '../style';
import { isWordChar } from '../text';
import { citationParts, type Rule } from './rule';

export const citationMalformed: Rule = {
  id: 'citation-malformed',
  description: 'A citation-like parenthesis that does not follow the `(Source, Month Day[, Year])` form, or a date in a form the house style does not accept.',
  defaultSeverity: 'error',
  scope: 'article',
  check(ctx, report) {
    const accepted = ctx.config.style.citations.dates;
    for (const { part } of citationParts(ctx)) {
      if (!part.date) {
        if (part.span.end > part.span.start && !part.undated) {
          report({ span: part.span, message: 'This part of the citation has no date; write it as ‘Source, Month Day’.' });
        }
        continue;
      }
      if (part.source.trim() && !part.hasComma) {
        // Only after a word: a fix never adds a second comma to a source that already ends in one.
        const last = ctx.article.text.charCodeAt(part.sourceSpan.end - 1);
        const fixable = isWordChar(last) || last === 46;
        report({
          span: part.span,
          message: 'A comma is missing between the source and the date.',
          fixes: fixable ? [{ title: 'Insert the missing comma', edits: [{ span: { start: part.sourceSpan.end, end: part.sourceSpan.end }, newText: ',' }], safe: true }] : undefined,
        });
      }
      const date = part.date;
      if (date.month.kind === 'misspelled' || (date.end && date.end.month.kind === 'misspelled')) continue;
      const wrongForm = !accepted.includes(date.form);
      if (!wrongForm && !date.flaw && !date.end?.flaw) continue;
      const normal = date.ambiguous ? undefined : normalDate(date, wrongForm ? accepted[0] : date.form);
      const forms = accepted.map((f) => `‘${f}’`).join(', ');
      const message = normal
        ? wrongForm && accepted[0] !== 'ap' ? `Write the date in the house style's form: ‘${normal}’.` : `Write the date in AP style: ‘${normal}’.`
        : date.ambiguous
          ? `This numeric date can be read two ways, and the house style accepts ${forms}; write it with the month's name.`
          : `The house style accepts dates as ${forms}; this date cannot be written so without its year.`;
      report({
        span: date.span,
        message,
        data: normal ? { normal } : undefined,
        fixes: normal ? [{ title: `Change the date to ‘${normal}’`, edits: [{ span: date.span, newText: normal }], safe: true }] : undefined,
      });
    }
  },
};

/** The date (a range too) written in `form`, or undefined when the form cannot hold it. */
export function normalDate(date: CitationDate, form: DateFormName): string | undefined {
  const start = formatDateIn(form, date.month.month, date.day, date.end ? (date.year === date.end.year ? undefined : date.year) : date.year);
  if (!date.end) return start;
  const e = date.end;
  const sameMonth = e.month.month === date.month.month && date.year === undefined && e.monthSpan.start === date.monthSpan.start;
  if ((form === 'ap' || form === 'day-month') && sameMonth) {
    const yearSuffix = e.year !== undefined ? (form === 'ap' ? `, ${e.year}` : ` ${e.year}`) : '';
    return form === 'ap' ? `${formatDateIn('ap', date.month.month, date.day)}-${e.day}${yearSuffix}` : `${date.day}-${formatDateIn('day-month', e.month.month, e.day, e.year)}`;
  }
  const end = formatDateIn(form, e.month.month, e.day, e.year);
  return start && end ? `${start} – ${end}` : undefined;
}
