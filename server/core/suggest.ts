import { citedParts } from './counts';
import type { DatelineConfig } from './config';
import { apMonth, citationDate, type SimpleDate } from './dates';
import type { Article } from './parser/article';
import type { FieldSpec } from './schema';
import { findSource } from './sources';
import { compareCodeUnits } from './text';
import { ArticleMemo } from './memo';

/**
 * Sources a writer can trust, best first. With a source registry: the registry's sources this
 * article already cites (most cited first), then those `others` (the sources other articles of the
 * workspace cite, with how many cite each) name by name or alias (most cited first), then the rest
 * of the registry in its own order; a source the registry does not know is flagged by
 * `citation-unknown-source` (a misspelling, as often as not), so it is never offered. Without a
 * registry: the sources this article cites, most cited first, then `others`, most cited first.
 * Empty when there is nothing to go on: a placeholder is then left empty rather than guessed.
 */
export function likelySources(article: Article, config: DatelineConfig, limit = 5, others: Iterable<readonly [string, number]> = []): string[] {
  const counts = citedSourceCounts(article);
  const result: string[] = [];
  const seen = new Set<string>();
  const add = (s: string) => {
    const key = s.toLowerCase();
    if (result.length >= limit || seen.has(key)) return;
    seen.add(key);
    result.push(s);
  };
  const elsewhere = [...others].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]));
  if (config.hasSourceRegistry) {
    const cited = config.sources
      .map((entry, i) => ({ entry, i, n: [entry.name, ...entry.aliases].reduce((sum, s) => sum + (counts.get(s.toLowerCase())?.n ?? 0), 0) }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n || a.i - b.i);
    for (const { entry } of cited) add(entry.name);
    for (const [name] of elsewhere) {
      if (result.length >= limit) break;
      const known = findSource(config.sources, name);
      if (known) add(known.entry.name);
    }
    for (const entry of config.sources) add(entry.name);
    return result;
  }
  for (const { name } of [...counts.values()].sort((a, b) => b.n - a.n || compareCodeUnits(a.name, b.name))) add(name);
  for (const [name] of elsewhere) add(name);
  return result;
}

const countsMemo = new ArticleMemo<Article, Map<string, { name: string; n: number }>>();

/** How often the article cites each source (dated or undated parts), by lower-cased name; counted once per article. */
function citedSourceCounts(article: Article): ReadonlyMap<string, { readonly name: string; readonly n: number }> {
  let counts = countsMemo.get(article);
  if (counts) return counts;
  // Names repeat: each one as written is trimmed and lower-cased once, in order of first use.
  const written = new Map<string, number>();
  for (const p of citedParts(article)) for (const named of p.sources) written.set(named.name, (written.get(named.name) ?? 0) + 1);
  counts = new Map<string, { name: string; n: number }>();
  for (const [raw, n] of written) {
    const name = raw.trim();
    if (!name) continue;
    const key = name.toLowerCase();
    const entry = counts.get(key);
    if (entry) entry.n += n;
    else counts.set(key, { name, n });
  }
  countsMemo.set(article, counts);
  return counts;
}

/** The article's date as a citation writes it (`Sept. 5`), if the header has a valid date. */
function articleCitationDate(date: SimpleDate | undefined): string | undefined {
  return date ? citationDate(date) : undefined;
}

/** The date a citation inserted by hand starts with: the article's own date, else `today`. */
export function newCitationDate(article: Article | undefined, today: SimpleDate): string {
  return articleCitationDate(article?.date) ?? citationDate(today);
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
