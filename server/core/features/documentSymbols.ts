import { actorIndexFor } from '../actors/mentions';
import { roleOn, type ActorKind } from '../actors/registry';
import type { Article } from '../parser/article';
import type { Quotation } from '../parser/body';
import type { Span } from '../types';
import { firstEndingAfter, type FeatureContext } from './shared';

export type SymbolKind = 'header' | 'field' | 'group' | 'quotation' | 'speaker' | 'citation' | 'actor';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** For actors and speakers that are actors. */
  actorKind?: ActorKind;
  /** The whole extent of the symbol. */
  span: Span;
  /** What to reveal and select: a key, a name, the quotation's opening words. */
  selectionSpan: Span;
  children: DocumentSymbol[];
}

/**
 * The article's outline: the header with its fields, then the quotations (each with its speaker),
 * the citations, and the actors mentioned, one per actor at its first mention.
 */
export function documentSymbols(ctx: FeatureContext): DocumentSymbol[] {
  const { article } = ctx;
  const symbols: DocumentSymbol[] = [];
  const h = article.header;
  if (h) {
    symbols.push({
      name: 'Header',
      detail: h.style === 'yaml' ? 'YAML front matter' : 'header lines',
      kind: 'header',
      span: h.span,
      selectionSpan: { start: h.span.start, end: h.span.start },
      children: h.fields.map((f) => ({ name: f.key, detail: valueText(f.value), kind: 'field' as const, span: f.span, selectionSpan: f.keySpan, children: [] })),
    });
  }
  const group = (name: string, children: DocumentSymbol[]) => {
    if (!children.length) return;
    const span = { start: children[0].span.start, end: Math.max(...children.map((c) => c.span.end)) };
    symbols.push({ name, detail: String(children.length), kind: 'group', span, selectionSpan: children[0].selectionSpan, children });
  };
  group('Quotations', article.body.quotations.map((q) => quotationSymbol(ctx, q)));
  group('Citations', article.body.citations.map((c) => {
    const inner = { start: c.span.start + 1, end: c.span.end - 1 };
    return { name: collapse(article.text.slice(inner.start, inner.end)), kind: 'citation' as const, span: c.span, selectionSpan: inner, children: [] };
  }));
  group('Actors', actorSymbols(ctx));
  return symbols;
}

function valueText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function collapse(text: string, max = 60): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

function quotationSymbol(ctx: FeatureContext, q: Quotation): DocumentSymbol {
  const text = ctx.article.text;
  const inner = collapse(text.slice(q.open + 1, q.close), 50);
  const speaker = speakerOf(ctx, q);
  const children: DocumentSymbol[] = [];
  if (speaker?.span) children.push({ name: speaker.name, kind: 'speaker', actorKind: speaker.actorKind, span: speaker.span, selectionSpan: speaker.span, children: [] });
  return {
    name: `“${inner}”`,
    detail: speaker ? `— ${speaker.name}` : undefined,
    kind: 'quotation',
    span: q.span,
    selectionSpan: { start: q.open, end: Math.min(q.span.end, q.open + 1 + Math.max(1, inner.length)) },
    children,
  };
}

export interface Speaker {
  name: string;
  span?: Span;
  actorId?: string;
  actorKind?: ActorKind;
}

const SPEECH_VERB = /\b(said|says|told|tells|added|adds|asked|asks|stated|noted|notes|wrote|writes|insisted|explained|warned|declared|replied|argued)\b/;
/** Words that end a speaker's description after the verb: `said the minister after the vote`. */
const STOP_WORDS = new Set(['after', 'before', 'during', 'in', 'on', 'at', 'while', 'when', 'to', 'that', 'on', 'as', 'from', 'with', 'of', 'for']);

/**
 * Who speaks a quotation: the actor mentioned nearest to it in its sentence (outside the
 * quotation), else the words around a speech verb: `…,” the deputy minister told parliament`,
 * `…,” said one trawler captain`.
 */
export function speakerOf(ctx: FeatureContext, q: Quotation): Speaker | undefined {
  const { article } = ctx;
  const s = q.sentence;
  const mentions = article.mentions;
  let best: (typeof mentions)[number] | undefined;
  let bestDistance = Infinity;
  for (let i = firstEndingAfter(mentions, s.start, (m) => m.span); i < mentions.length && mentions[i].span.start < s.end; i++) {
    const m = mentions[i];
    if (m.span.end > q.span.start && m.span.start < q.span.end) continue;
    if (inCitation(article, m.span.start)) continue;
    const distance = m.span.start >= q.span.end ? m.span.start - q.span.end : q.span.start - m.span.end + 0.5;
    if (distance < bestDistance) {
      best = m;
      bestDistance = distance;
    }
  }
  if (best) {
    const actor = best.actorIds.length === 1 ? actorIndexFor(ctx.config.actors).byId.get(best.actorIds[0]) : undefined;
    return { name: actor?.name ?? best.text, span: best.span, actorId: actor?.id, actorKind: actor?.kind };
  }
  return verbSpeaker(article, q);
}

function inCitation(article: Article, offset: number): boolean {
  const citations = article.body.citations;
  const i = firstEndingAfter(citations, offset, (c) => c.span);
  return i < citations.length && citations[i].span.start <= offset;
}

function verbSpeaker(article: Article, q: Quotation): Speaker | undefined {
  const text = article.text;
  const s = q.sentence;
  // After the quotation: `,” the minister said` or `,” said the minister`.
  const afterStart = q.span.end;
  const after = text.slice(afterStart, s.end);
  const verb = SPEECH_VERB.exec(after);
  if (verb) {
    const lead = after.slice(0, verb.index);
    const subject = words(lead, afterStart);
    if (subject) return subject;
    const tailStart = afterStart + verb.index + verb[0].length;
    return words(text.slice(tailStart, s.end), tailStart, true);
  }
  // Before it: `The minister said: “…”`.
  const before = text.slice(s.start, q.span.start);
  const lead = /([^.;:,“”"()]*?)\s+\b(said|says|told \S+|added|wrote|asked)\b[\s,:]*$/.exec(before);
  if (lead) return words(lead[1], s.start + lead.index, false, true);
  return undefined;
}

/**
 * The run of words in `segment` that names a speaker: up to five words, without punctuation. With
 * `stopAtWords`, a preposition or conjunction ends the run (`the minister after the vote`); with
 * `fromEnd`, the last five words are taken.
 */
function words(segment: string, base: number, stopAtWords = false, fromEnd = false): Speaker | undefined {
  const re = /[\p{L}\p{N}][\p{L}\p{N}’'.-]*/gu;
  const found: { word: string; start: number; end: number }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(segment))) {
    const between = segment.slice(found.length ? found[found.length - 1].end - base : 0, m.index);
    // Punctuation (a comma, a citation) between words ends the speaker.
    if (found.length && /[,;:()“”"]/.test(between)) {
      if (fromEnd) found.length = 0;
      else break;
    }
    if (stopAtWords && found.length && STOP_WORDS.has(m[0].toLowerCase())) break;
    found.push({ word: m[0], start: base + m.index, end: base + m.index + m[0].length });
  }
  const picked = fromEnd ? found.slice(-5) : found.slice(0, 5);
  if (!picked.length) return undefined;
  const start = picked[0].start;
  let end = picked[picked.length - 1].end;
  // A sentence's full stop is not part of the name.
  if (segment[end - base - 1] === '.') end--;
  if (end <= start) return undefined;
  return { name: segment.slice(start - base, end - base).replace(/\s+/g, ' '), span: { start, end } };
}

function actorSymbols(ctx: FeatureContext): DocumentSymbol[] {
  const { article } = ctx;
  const byId = actorIndexFor(ctx.config.actors).byId;
  const seen = new Set<string>();
  const symbols: DocumentSymbol[] = [];
  for (const m of article.mentions) {
    for (const id of m.actorIds) {
      if (seen.has(id)) continue;
      seen.add(id);
      const actor = byId.get(id);
      if (!actor) continue;
      const role = roleOn(actor, article.date);
      const detail = [role?.title ?? actor.kind, m.actorIds.length > 1 ? `first named ambiguously as ${m.text}` : ''].filter(Boolean).join(' · ');
      symbols.push({ name: actor.name, detail, kind: 'actor', actorKind: actor.kind, span: m.span, selectionSpan: m.span, children: [] });
    }
  }
  return symbols;
}
