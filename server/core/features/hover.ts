import { findSource } from '../sources';
import { actorIndexFor } from '../actors/mentions';
import { roleOn, type Actor } from '../actors/registry';
import type { SourceEntry } from '../config';
import { daysInMonth, inferYear, MONTHS, type SimpleDate } from '../dates';
import type { Citation, CitationPart } from '../parser/citations';
import { describeTypes } from '../schema';
import { nearest } from '../text';
import type { Span } from '../types';
import { contextAt } from './cursor';
import { code, headerDate, longDate, md, mentionCounts, plural, type FeatureContext } from './shared';

export interface HoverResult {
  markdown: string;
  /** What the hover is about, to highlight in the editor. */
  span: Span;
}

/** The hover card at `offset`: a header field key, a citation's source or date, or an actor mention. */
export function hover(ctx: FeatureContext, offset: number): HoverResult | undefined {
  const at = contextAt(ctx.article, offset);
  if (!at) return undefined;
  if (at.kind === 'field') return { markdown: fieldCard(ctx, at.field.name, at.field.key), span: at.field.keySpan };
  if (at.kind === 'source') return { markdown: sourceCard(ctx, at.source), span: at.span };
  if (at.kind === 'date') {
    const markdown = dateCard(ctx, at.part);
    return markdown ? { markdown, span: at.part.date!.span } : undefined;
  }
  const { mention } = at;
  const byId = actorIndexFor(ctx.config.actors).byId;
  const actors = mention.actorIds.map((id) => byId.get(id)).filter((a): a is Actor => !!a);
  if (!actors.length) return undefined;
  if (actors.length === 1) return { markdown: actorCard(ctx, actors[0]), span: mention.span };
  const lines = [
    `${code(mention.text)} could be any of ${actors.length} actors; give the full name earlier in the article to say which.`,
    actors.map((a) => `- ${actorLine(ctx, a)}`).join('\n'),
  ];
  return { markdown: lines.join('\n\n'), span: mention.span };
}

/** One line on an actor: name, kind, the role held on the article's date, affiliation. */
export function actorLine(ctx: FeatureContext, actor: Actor): string {
  const role = roleOn(actor, ctx.article.date);
  const parts = [`**${md(actor.name)}**`, actor.kind];
  if (role) parts.push(md(role.title));
  if (actor.affiliation) parts.push(md(actor.affiliation));
  return parts.join(' · ');
}

/**
 * An actor's card: name and kind, the role held on the article's date, affiliation, description,
 * other forms of the name, the roles over time, and how often the actor is mentioned.
 */
export function actorCard(ctx: FeatureContext, actor: Actor, options: { counts?: boolean } = {}): string {
  const { article, workspace } = ctx;
  const lines = [`**${md(actor.name)}** · ${actor.kind}`];
  const role = roleLine(actor, article.date);
  if (role) lines.push(role);
  if (actor.affiliation) lines.push(`Affiliation: ${md(actor.affiliation)}`);
  if (actor.description) lines.push(md(actor.description));
  if (actor.aliases.length) lines.push(`Also written: ${actor.aliases.map(md).join(', ')}`);
  if (actor.roles.length > 1) lines.push(`Roles: ${actor.roles.map((r) => `${md(r.title)} (${period(r.from, r.to)})`).join('; ')}`);
  if (options.counts !== false) {
    const here = mentionCounts(article).get(actor.id) ?? 0;
    let count = `Mentioned ${plural(here, 'time')} in this article`;
    if (workspace) count += ` · ${workspace.mentionCount(actor.id)} in the workspace`;
    lines.push(count);
  }
  return lines.join('\n\n');
}

function roleLine(actor: Actor, date: SimpleDate | undefined): string | undefined {
  if (!actor.roles.length) return undefined;
  const role = roleOn(actor, date);
  if (!date) return role ? `*${md(role.title)}* (latest role; the article has no date)` : undefined;
  return role ? `*${md(role.title)}* on ${headerDate(date)}` : `No role on record on ${headerDate(date)}`;
}

function period(from: SimpleDate | undefined, to: SimpleDate | undefined): string {
  if (from && to) return `${longDate(from)} – ${longDate(to)}`;
  if (from) return `from ${longDate(from)}`;
  if (to) return `until ${longDate(to)}`;
  return 'no dates';
}

/** How many articles of the workspace cite any of these names (as written, ignoring case). */
export function workspaceCitations(ctx: FeatureContext, names: readonly string[]): number | undefined {
  if (!ctx.workspace) return undefined;
  const keys = new Set(names.map((n) => n.toLowerCase()));
  let total = 0;
  for (const [name, count] of ctx.workspace.sources()) if (keys.has(name.toLowerCase())) total += count;
  return total;
}

function sourceCard(ctx: FeatureContext, written: string): string {
  const { config } = ctx;
  const found = findSource(config.sources, written);
  const lines: string[] = [];
  let names = [written];
  if (found) {
    const { entry } = found;
    names = [entry.name, ...entry.aliases];
    lines.push(`**${md(entry.name)}** · source`);
    if (found.alias) lines.push(`${code(written)} is an alias of **${md(entry.name)}**.`);
    if (entry.description) lines.push(md(entry.description));
    if (entry.aliases.length) lines.push(`Also cited as: ${entry.aliases.map(md).join(', ')}`);
  } else if (config.hasSourceRegistry) {
    // citation-unknown-source already says it is not listed (and what was meant) beside this card.
    lines.push(`**${md(written)}** · source, not in the registry`);
  } else {
    lines.push(`${code(written)}: the workspace has no source registry. List known outlets under \`sources:\` in \`dateline.yaml\`.`);
  }
  const cited = workspaceCitations(ctx, names);
  if (cited !== undefined) lines.push(`Cited in ${plural(cited, 'article')} in the workspace`);
  return lines.join('\n\n');
}

function dateCard(ctx: FeatureContext, part: CitationPart): string | undefined {
  const date = part.date!;
  if (date.month.kind === 'misspelled' || date.day < 1 || date.day > daysInMonth(date.month.month, date.year)) return undefined;
  const articleDate = ctx.article.date;
  const year = date.year ?? (articleDate ? inferYear(date.month.month, date.day, articleDate) : undefined);
  const shown = `**${MONTHS[date.month.month - 1]} ${date.day}${year ? `, ${year}` : ''}**`;
  if (date.year !== undefined) return shown;
  if (articleDate) return `${shown}\n\nThe year is the one that puts this date on or before the article's date, ${headerDate(articleDate)}.`;
  return `${shown}\n\nThe article has no date, so the year is unknown.`;
}

function fieldCard(ctx: FeatureContext, name: string, key: string): string {
  const spec = ctx.config.schema.find((f) => f.name === name);
  if (!spec) {
    const guess = nearest(name, ctx.config.schema.map((f) => f.name));
    return `${code(key)} is not a field of the schema${guess ? `; did you mean ${code(guess)}?` : '.'}\n\nKnown fields: ${ctx.config.schema.map((f) => code(f.name)).join(', ')}`;
  }
  const lines = [`**${md(spec.name)}** · header field${spec.required ? ', required' : ''}`];
  const types = describeTypes(spec);
  lines.push(`${types.charAt(0).toUpperCase()}${types.slice(1)}.`);
  if (spec.description) lines.push(spec.description);
  return lines.join('\n\n');
}

