import { resolveMentions, type ActorIndex, type Mention, type RawMention } from '../actors/mentions';
import { parseHeaderDate, type SimpleDate } from '../dates';
import type { FieldSpec } from '../schema';
import type { Span } from '../types';
import { LineIndex } from '../text';
import { parseBody, parseParagraphsAndCitations, type Body } from './body';
import { parseHeader, type Header } from './header';
import { maskComments, maskMarkdown } from './markdown';
import { presetStyle, type HouseStyle } from '../style';

const DEFAULT_STYLE = presetStyle('edm');

export type ArticleFlavor = 'article' | 'markdown';

export interface Article {
  text: string;
  flavor: ArticleFlavor;
  lines: LineIndex;
  /** Offset after a leading byte order mark, if any. */
  contentStart: number;
  header?: Header;
  bodyStart: number;
  body: Body;
  /** The header's `date`, when it is a valid date. */
  date?: SimpleDate;
  /** Actors named in the body, in order; empty without a registry. */
  mentions: Mention[];
  /** HTML comments in the body (outside Markdown code), where suppression directives live. */
  comments: Span[];
}

/** Parses an article. Never throws; problems stay in the model for the rules to report. */
export function parseArticle(text: string, flavor: ArticleFlavor, schema: readonly FieldSpec[], actors?: ActorIndex, style: HouseStyle = DEFAULT_STYLE): Article {
  const contentStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { header, bodyStart } = parseHeader(text, contentStart, schema);
  const comments: Span[] = [];
  const prose = maskProse(text, flavor, bodyStart, comments);
  const body = parseBody(prose, bodyStart, style, flavor === 'markdown');
  const dateField = header?.fields.find((f) => f.name === 'date');
  const date = typeof dateField?.value === 'string' ? parseHeaderDate(dateField.value) : undefined;
  return { text, flavor, lines: new LineIndex(text), contentStart, header, bodyStart, body, date, mentions: mentionsIn(prose, body.paragraphs, actors), comments };
}

/** The body with what is not prose blanked: code and comments in Markdown, comments in an article. */
function maskProse(text: string, flavor: ArticleFlavor, bodyStart: number, comments?: Span[]): string {
  return flavor === 'markdown' ? maskMarkdown(text, bodyStart, comments) : maskComments(text, bodyStart, comments);
}

/** The parts of an article the workspace index keeps: no quotations, sentences or date checks. */
export interface ArticleOutline {
  lines: LineIndex;
  header?: Header;
  body: Pick<Body, 'paragraphs' | 'citations'>;
  mentions: Mention[];
}

/** Parses only what an outline needs, which is much less work than a full parse. Never throws. */
export function parseOutline(text: string, flavor: ArticleFlavor, schema: readonly FieldSpec[], actors?: ActorIndex, style: HouseStyle = DEFAULT_STYLE): ArticleOutline {
  const contentStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { header, bodyStart } = parseHeader(text, contentStart, schema, true);
  const prose = maskProse(text, flavor, bodyStart);
  const body = parseParagraphsAndCitations(prose, bodyStart, style.citations, flavor === 'markdown');
  return { lines: new LineIndex(text), header, body, mentions: mentionsIn(prose, body.paragraphs, actors) };
}

function mentionsIn(prose: string, paragraphs: readonly Span[], actors: ActorIndex | undefined): Mention[] {
  const raw: RawMention[] = [];
  if (actors && actors.actors.length) for (const p of paragraphs) actors.findMentions(prose, p.start, p.end, raw);
  return resolveMentions(raw);
}
