import { attributionOf } from '../attribution';
import { likelyCitationDate, likelySources } from '../suggest';
import type { Rule } from './rule';

export const quoteUncited: Rule = {
  id: 'quote-uncited',
  description: 'A quotation of `quotes.minWords` words or more with no citation in the sentence where it closes (or, as the house style allows, right after it or in a prose attribution to a source).',
  defaultSeverity: 'warning',
  scope: 'article',
  check({ article, config }, report) {
    // Both suggestions walk every citation: work them out once, for the first uncited quotation.
    let suggestion: { source: string | undefined; date: string } | undefined;
    for (const quote of article.body.quotations) {
      if (quote.words < config.minWords || quote.citations.length > 0) continue;
      // An anonymous source gets quote-anonymous instead; with `attribution.prose`, "told Reuters" cites.
      if (attributionOf(article, config, quote, 'anonymous')) continue;
      if (config.style.attribution.prose && attributionOf(article, config, quote, 'proseSource')) continue;
      suggestion ??= { source: likelySources(article, config, 1)[0], date: likelyCitationDate(article) };
      report({
        span: quote.span,
        message: `This quotation (${quote.words} words) has no citation in its sentence; add one such as ‘(Source, Month Day)’.`,
        data: { sentenceEnd: quote.sentence.end },
        fixes: [addCitationFix(article.text, quote.close, quote.sentence.end, suggestion.source, suggestion.date)],
      });
    }
  },
};

/**
 * Inserts `(Source, Month Day)` after the attribution and before the sentence's final
 * punctuation: `“…,” she said (Source, July 3).` When the sentence ends inside the quotation,
 * the citation follows the closing mark.
 */
function addCitationFix(text: string, close: number, sentenceEnd: number, source: string | undefined, date: string) {
  let at = sentenceEnd;
  let end = sentenceEnd;
  while (end > close + 1 && /\s/.test(text[end - 1])) end--;
  if (end > close + 1 && /[.!?]/.test(text[end - 1])) at = end - 1;
  else if (end <= close + 1) at = close + 1;
  else at = end;
  // With nothing to go on a placeholder stays empty: a guessed source would attribute the quotation wrongly.
  const s = source ?? '';
  const d = date;
  return {
    title: 'Add a citation',
    edits: [{ span: { start: at, end: at }, newText: ` (${s}, ${d})` }],
    safe: false,
    snippet: true,
    snippetText: ` (\${1:${escapeSnippet(s)}}, \${2:${escapeSnippet(d)}})`,
  };
}

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}
