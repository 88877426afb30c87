import { actorIndexFor } from '../actors/mentions';
import { roleOn, type ActorKind } from '../actors/registry';
import type { Article } from '../parser/article';
import type { Quotation } from '../parser/body';
import { charBoundary } from '../text';
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
      selectionSpan: h.fields[0]?.keySpan ?? { start: h.span.start, end: Math.min(h.span.end, h.span.start + 3) },
      children: h.fields.map((f) => ({ name: f.key, detail: valueText(f.value), kind: 'field' as const, span: f.span, selectionSpan: f.keySpan, children: [] })),
    });
  }
  const group = (name: string, children: DocumentSymbol[]) => {
    if (!children.length) return;
    const span = { start: children[0].span.start, end: children.reduce((end, c) => Math.max(end, c.span.end), children[0].span.end) };
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
  return s.length > max ? `${s.slice(0, charBoundary(s, max - 1)).trimEnd()}…` : s;
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
    // The quotation with its sentence, so the attribution (the speaker) lies inside it.
    span: { start: Math.min(q.span.start, q.sentence.start, speaker?.span?.start ?? q.span.start), end: Math.max(q.span.end, q.sentence.end, speaker?.span?.end ?? q.span.end) },
    selectionSpan: { start: q.open, end: charBoundary(ctx.article.text, Math.min(q.span.end, q.open + 51)) },
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
 * Who speaks a quotation: the person mentioned nearest to it in its sentence (outside the
 * quotation); else the words around a speech verb (`…,” the deputy minister told parliament`,
 * `…,” said one trawler captain`); else the nearest organisation. Places never speak.
 */
export function speakerOf(ctx: FeatureContext, q: Quotation): Speaker | undefined {
  const { article } = ctx;
  const byId = actorIndexFor(ctx.config.actors).byId;
  const s = q.sentence;
  const mentions = article.mentions;
  const nearest: Partial<Record<ActorKind, { mention: (typeof mentions)[number]; distance: number }>> = {};
  for (let i = firstEndingAfter(mentions, s.start, (m) => m.span); i < mentions.length && mentions[i].span.start < s.end; i++) {
    const m = mentions[i];
    if (m.span.end > q.span.start && m.span.start < q.span.end) continue;
    if (inCitation(article, m.span.start)) continue;
    const kind = byId.get(m.actorIds[0])?.kind ?? 'person';
    // After the quotation is where attribution usually stands; it wins a tie.
    const distance = m.span.start >= q.span.end ? m.span.start - q.span.end : q.span.start - m.span.end + 0.5;
    if (!nearest[kind] || distance < nearest[kind].distance) nearest[kind] = { mention: m, distance };
  }
  const fromMention = (m: (typeof mentions)[number]): Speaker => {
    const actor = m.actorIds.length === 1 ? byId.get(m.actorIds[0]) : undefined;
    return { name: actor?.name ?? m.text, span: m.span, actorId: actor?.id, actorKind: actor?.kind };
  };
  if (nearest.person) return fromMention(nearest.person.mention);
  return verbSpeaker(article, q) ?? (nearest.organization ? fromMention(nearest.organization.mention) : undefined);
}

function inCitation(article: Article, offset: number): boolean {
  const citations = article.body.citations;
  const i = firstEndingAfter(citations, offset, (c) => c.span);
  return i < citations.length && citations[i].span.start <= offset;
}

/**
 * How far from a quotation its attribution is looked for. A speaker is named within a few words;
 * searching the whole sentence for every quotation is quadratic in a long paragraph of quotations.
 */
const ATTRIBUTION_WINDOW = 300;

function verbSpeaker(article: Article, q: Quotation): Speaker | undefined {
  const text = article.text;
  const s = q.sentence;
  // After the quotation: `,” the minister said` or `,” said the minister`.
  const afterStart = q.span.end;
  const after = text.slice(afterStart, Math.min(s.end, afterStart + ATTRIBUTION_WINDOW));
  const verb = SPEECH_VERB.exec(after);
  if (verb) {
    const lead = after.slice(0, verb.index);
    const subject = words(lead, afterStart);
    if (subject) return subject;
    const tailStart = afterStart + verb.index + verb[0].length;
    return words(text.slice(tailStart, Math.min(s.end, tailStart + ATTRIBUTION_WINDOW)), tailStart, true);
  }
  // Before it: `The minister said: “…”`.
  const beforeStart = Math.max(s.start, q.span.start - ATTRIBUTION_WINDOW);
  const before = text.slice(beforeStart, q.span.start);
  const lead = leadBeforeVerb(before);
  if (lead) return words(lead.text, beforeStart + lead.index, false, true);
  return undefined;
}

/**
 * The words before a speech verb that ends `before` (only spaces, commas and colons after it): what
 * `/([^.;:,“”"()]*?)\s+\b(said|says|told \S+|added|wrote|asked)\b[\s,:]*$/` finds, worked out from the end
 * in one pass. That search backtracks cubically on a long sentence with spaces and no verb.
 */
function leadBeforeVerb(before: string): { text: string; index: number } | undefined {
  const isSpace = (i: number) => i >= 0 && /\s/.test(before[i]);
  let end = before.length;
  while (end > 0 && /[\s,:]/.test(before[end - 1])) end--;
  // The verb ends there, on a word character.
  if (end === 0 || !/\w/.test(before[end - 1])) return undefined;
  const starts: number[] = [];
  let token = end;
  while (token > 0 && !isSpace(token - 1)) token--;
  if (before.slice(token - 5, token) === 'told ' && token >= 5) starts.push(token - 5);
  for (const verb of ['said', 'says', 'added', 'wrote', 'asked']) if (before.endsWith(verb, end)) starts.push(end - verb.length);
  // The leftmost match: the earliest verb with a space before it.
  starts.sort((a, b) => a - b);
  const verb = starts.find((v) => isSpace(v - 1));
  if (verb === undefined) return undefined;
  let run = verb - 1;
  while (run > 0 && isSpace(run - 1)) run--;
  let from = run;
  while (from > 0 && !/[.;:,“”"()]/.test(before[from - 1])) from--;
  return { text: before.slice(from, run), index: from };
}

/**
 * The run of words in `segment` that names a speaker: up to six words, without punctuation. With
 * `stopAtWords`, a preposition or conjunction ends the run (`the minister after the vote`); with
 * `fromEnd`, the last six words are taken.
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
  const picked = fromEnd ? found.slice(-6) : found.slice(0, 6);
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
