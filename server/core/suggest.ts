import type { DatelineConfig } from './config';
import { apMonth, citationDate, type SimpleDate } from './dates';
import type { Article } from './parser/article';
import type { FieldSpec } from './schema';
import { compareCodeUnits } from './text';

/**
 * Sources a writer most likely means, best first: those already cited in this article (most
 * cited first), then the registry's, by name.
 */
export function likelySources(article: Article, config: DatelineConfig, limit = 5): string[] {
  const counts = new Map<string, number>();
  for (const c of article.body.citations) {
    for (const p of c.parts) {
      const s = p.source.trim();
      if (p.date && s) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  }
  const cited = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0])).map(([s]) => s);
  const result: string[] = [];
  const seen = new Set<string>();
  for (const s of [...cited, ...config.sources.map((x) => x.name)]) {
    const key = s.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(s);
    if (result.length >= limit) break;
  }
  return result;
}

/** The article's date as a citation writes it (`Sept. 5`), if the header has a valid date. */
function articleCitationDate(date: SimpleDate | undefined): string | undefined {
  return date ? citationDate(date) : undefined;
}

/** A value that satisfies a field's type, to insert as a placeholder the writer then replaces. */
export function placeholderValue(spec: FieldSpec, article: Article): string {
  const type = spec.types[0];
  switch (type) {
    case 'integer':
      return String(Math.max(spec.min ?? 1, 1));
    case 'enum':
      return spec.values?.[0] ?? 'TBD';
    case 'date': {
      const d = latestCitedDate(article);
      return d ? `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}` : '2000-01-01';
    }
    default:
      return 'TBD';
  }
}

function latestCitedDate(article: Article): SimpleDate | undefined {
  let best: SimpleDate | undefined;
  for (const c of article.body.citations) {
    for (const p of c.parts) {
      const d = p.date;
      if (!d || d.year === undefined || d.month.kind === 'misspelled') continue;
      const cand = { year: d.year, month: d.month.month, day: Math.min(Math.max(d.day, 1), 28) };
      if (!best || cand.year * 1e4 + cand.month * 100 + cand.day > best.year * 1e4 + best.month * 100 + best.day) best = cand;
    }
  }
  return best;
}

/**
 * The date a new citation most likely carries: the article's date, else the date cited last in
 * the article, else a placeholder that still reads as a date.
 */
export function likelyCitationDate(article: Article): string {
  const own = articleCitationDate(article.date);
  if (own) return own;
  const cited = article.body.citations.flatMap((c) => c.parts).filter((p) => p.date && p.date.month.kind !== 'misspelled' && p.date.day >= 1 && p.date.day <= 31);
  const last = cited[cited.length - 1]?.date;
  return last ? `${apMonth(last.month.month)} ${last.day}` : 'Jan. 1';
}
