import { actorIndexFor } from '../actors/mentions';
import { isCommonWord, spellingIndexFor, spellingKey, type NearMiss } from '../actors/spelling';
import { NOT_NAMES } from '../configEdits';
import { maskMarkdown } from '../parser/markdown';
import type { Article } from '../parser/article';
import { isLower, isUpper, isWordChar } from '../text';
import type { Span } from '../types';
import type { Report, Rule } from './rule';

/** A capitalised word in prose, without a possessive. */
interface NameWord {
  span: Span;
  text: string;
  /** Where the next word on the same line may start: only spaces between. */
  next: number;
}

export const actorSpelling: Rule = {
  id: 'actor-spelling',
  description: 'A name spelt as a near miss of a registry name or alias (`Sargsyan` for `Sarkisian`, `Medvdev`), with a fix to the registry spelling.',
  defaultSeverity: 'warning',
  scope: 'article',
  check({ article, config }, report) {
    const words = nameWords(article);
    if (!config.actors.length) {
      variance(words, report);
      return;
    }
    const index = spellingIndexFor(config.actors);
    const mentions = article.mentions;
    let m = 0;
    const inMention = (span: Span) => {
      while (m < mentions.length && mentions[m].span.end <= span.start) m++;
      return m < mentions.length && mentions[m].span.start < span.end;
    };
    // Pairs come in text order and mentions do not overlap: the one mention that can hold a pair
    // is the last one starting at or before it (a scan of every mention per pair was quadratic).
    let k = 0;
    const insideMention = (span: Span) => {
      while (k + 1 < mentions.length && mentions[k + 1].span.start <= span.start) k++;
      const x = mentions[k];
      return x !== undefined && x.span.start <= span.start && span.end <= x.span.end;
    };
    const byId = actorIndexFor(config.actors).byId;
    const describe = (miss: NearMiss) => {
      const owners = miss.form.actorIds.map((id) => byId.get(id)?.name).filter(Boolean);
      return owners.length === 1 && owners[0] !== miss.form.text ? ` (${owners[0]})` : '';
    };
    let coveredTo = -1;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w.span.start < coveredTo) continue;
      const next = words[i + 1];
      // Two words first: `Dmitri Medvedev` for the registry's `Dmitry Medvedev`.
      if (next && next.span.start === w.next && !isCommonWord(w.text.toLowerCase()) && !NOT_NAMES.has(w.text)) {
        const pair = { start: w.span.start, end: next.span.end };
        const whole = insideMention(pair);
        const miss = whole ? undefined : index.nearMissPair(w.text, next.text);
        if (miss) {
          const written = `${w.text} ${next.text}`;
          reportMiss(report, pair, written, miss, describe(miss));
          coveredTo = pair.end;
          continue;
        }
      }
      if (inMention(w.span) || isCommonWord(w.text.toLowerCase()) || NOT_NAMES.has(w.text)) continue;
      const miss = index.nearMiss(w.text);
      if (miss) reportMiss(report, w.span, w.text, miss, describe(miss));
    }
  },
};

function reportMiss(report: Report, span: Span, written: string, miss: NearMiss, owner: string): void {
  const name = miss.form.text;
  report({
    span,
    message: `‘${written}’ is not how the registry spells this name; did you mean ‘${name}’${owner}?`,
    data: { written, name, actorIds: miss.form.actorIds },
    fixes: [{ title: `Change to ‘${name}’`, edits: [{ span, newText: name }], safe: false }],
  });
}

/**
 * Without a registry: one name spelt two ways in the same article (`Tymoshenko` and
 * `Timoshenko`). The spelling the article uses most (the first one on a tie) is taken as meant.
 */
function variance(words: NameWord[], report: Report): void {
  const byKey = new Map<string, Map<string, NameWord[]>>();
  for (const w of words) {
    if (w.text.length < 4 || isCommonWord(w.text.toLowerCase()) || NOT_NAMES.has(w.text)) continue;
    const key = spellingKey(w.text);
    let spellings = byKey.get(key);
    if (!spellings) byKey.set(key, (spellings = new Map()));
    const list = spellings.get(w.text);
    if (list) list.push(w);
    else spellings.set(w.text, [w]);
  }
  for (const spellings of byKey.values()) {
    if (spellings.size < 2) continue;
    let meant = '';
    let most = 0;
    for (const [text, list] of spellings) if (list.length > most) [meant, most] = [text, list.length];
    for (const [text, list] of spellings) {
      if (text === meant) continue;
      for (const w of list) {
        report({
          span: w.span,
          severity: 'hint',
          message: `‘${text}’ is also spelt ‘${meant}’ in this article; use one spelling.`,
          data: { written: text, name: meant },
          fixes: [{ title: `Change to ‘${meant}’`, edits: [{ span: w.span, newText: meant }], safe: false }],
        });
      }
    }
  }
}

/**
 * Capitalised words of the body's prose, outside citations and the header: a capital, then at
 * least one lower-case letter (acronyms are not names spelt in variants). Words join across
 * inner hyphens and apostrophes; a possessive `’s` is left out.
 */
function nameWords(article: Article): NameWord[] {
  const text = article.flavor === 'markdown' ? maskMarkdown(article.text, article.bodyStart) : article.text;
  const citations = article.body.citations;
  const out: NameWord[] = [];
  let c = 0;
  for (const p of article.body.paragraphs) {
    let i = p.start;
    while (i < p.end) {
      const ch = text.charCodeAt(i);
      if (!isWordChar(ch)) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < p.end) {
        const d = text.charCodeAt(j);
        if (isWordChar(d)) j++;
        else if ((d === 45 || d === 0x2019 || d === 39) && j + 1 < p.end && isWordChar(text.charCodeAt(j + 1))) j += 2;
        else break;
      }
      const start = i;
      i = j;
      if (!isUpper(ch) || j - start < 3) continue;
      let end = j;
      const last = text.charCodeAt(end - 1);
      if ((last === 115 || last === 83) && (text.charCodeAt(end - 2) === 0x2019 || text.charCodeAt(end - 2) === 39)) end -= 2;
      let lower = false;
      for (let k = start + 1; k < end && !lower; k++) lower = isLower(text.charCodeAt(k));
      if (!lower || end - start < 3) continue;
      while (c < citations.length && citations[c].span.end <= start) c++;
      if (c < citations.length && citations[c].span.start <= start) continue;
      let next = j;
      if (end === j && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 0xa0)) next++;
      out.push({ span: { start, end }, text: text.slice(start, end), next: next === j ? -1 : next });
    }
  }
  return out;
}
