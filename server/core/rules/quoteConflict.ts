import type { DatelineConfig } from '../config';
import type { Article } from '../parser/article';
import { fingerprintOf, type QuoteFingerprint, type QuoteLookup, type QuoteMatch } from '../quoteIndex';
import type { RelatedInformation, Span } from '../types';
import type { Report, Rule } from './rule';

/** At most this many other quotations are listed for one. */
const MAX_RELATED = 5;

export const quoteConflict: Rule = {
  id: 'quote-conflict',
  description: 'The same quotation attributed to another speaker in another article, or a quotation one word different from one in another article.',
  defaultSeverity: 'info',
  scope: 'article',
  check({ article, config, quotes, uri }, report) {
    if (!quotes || uri === undefined) return;
    reportConflicts(conflictQuotes(article, config), quotes, uri, report);
  },
};

/** A quotation as quote-conflict compares it: plain data, so the comparison can run where the article is not. */
export interface ConflictQuote {
  fp: QuoteFingerprint;
  /** Its normalised words, for the messages. */
  words: string[];
  span: Span;
}

/** The article's quotations of at least `quotes.minWords` words. */
export function conflictQuotes(article: Article, config: DatelineConfig): ConflictQuote[] {
  const out: ConflictQuote[] = [];
  for (const q of article.body.quotations) {
    const f = fingerprintOf(article, config, q);
    if (f) out.push({ fp: f.fp, words: f.words, span: q.span });
  }
  return out;
}

/** Reports each quotation that another article gives to another speaker, or has one word different. */
export function reportConflicts(list: readonly ConflictQuote[], quotes: QuoteLookup, uri: string, report: Report): void {
  for (const { fp, words, span } of list) {
    const { otherSpeakers: others, otherSpeakerArticles, variants, variantArticles } = quotes.conflicts(fp, uri, MAX_RELATED);
    // Another speaker for the very same words first: that is the graver question.
    if (others.length) {
      const first = others[0];
      report({
        span,
        message: `The same quotation is attributed to ${first.quote.speakerName ?? 'another speaker'} in ${fileName(first.uri)}${more(otherSpeakerArticles)}; here it is ${fp.speakerName}'s.`,
        data: { kind: 'speaker', speaker: fp.speakerName ?? '', otherSpeaker: first.quote.speakerName ?? '', other: first.uri },
        related: others.map((m) => related(m, `Attributed to ${m.quote.speakerName ?? 'another speaker'} here.`)),
      });
      continue;
    }
    if (!variants.length) continue;
    const first = variants[0];
    const r = first.relation;
    const word = (i: number) => `‘${words[i] ?? ''}’`;
    const difference =
      r.kind === 'changed' ? `one word is different: ${word(r.index)} here`
      : r.kind === 'added' ? `this one adds the word ${word(r.index)}`
      : r.kind === 'dropped' ? `this one drops a word ${r.index === 0 ? `before ${word(0)}` : `after ${word(r.index - 1)}`}`
      : '';
    report({
      span,
      message: `A quotation in ${fileName(first.uri)}${more(variantArticles)} has the same words but one: ${difference}.`,
      data: { kind: r.kind, other: first.uri },
      related: variants.map((m) => related(m, `The other wording${m.quote.speakerName ? `, attributed to ${m.quote.speakerName}` : ''}.`)),
    });
  }
}

function related(m: QuoteMatch, message: string): RelatedInformation {
  return { uri: m.uri, range: m.quote.range, message };
}

function more(files: number): string {
  return files > 1 ? ` (and ${files - 1} other article${files > 2 ? 's' : ''})` : '';
}

/** The last part of a URI or path, as a writer knows the file. */
function fileName(uri: string): string {
  const last = uri.slice(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
