import type { Article } from './parser/article';
import { lineEnding, nearest } from './text';
import type { Finding, Fix, Span } from './types';

/** The directive forms of SPEC section 9, as written after `dateline-`. */
export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';
const KINDS: readonly DirectiveKind[] = ['disable-next-line', 'disable-line', 'disable-file', 'disable', 'enable'];

export interface DirectiveId {
  id: string;
  span: Span;
}

export interface Directive {
  kind: DirectiveKind;
  /** The whole comment. */
  span: Span;
  /** The rule ids named; empty means every rule. */
  ids: DirectiveId[];
}

/** Reads the directives among an article's HTML comments. Other comments are left alone. */
export function parseDirectives(text: string, comments: readonly Span[]): Directive[] {
  const result: Directive[] = [];
  for (const c of comments) {
    // `<!--` … `-->`; an unclosed comment runs to the end of the text.
    const innerEnd = text.startsWith('-->', c.end - 3) && c.end - 3 >= c.start + 4 ? c.end - 3 : c.end;
    const words = wordsIn(text, c.start + 4, innerEnd);
    const first = words[0];
    if (!first || !first.id.startsWith('dateline-')) continue;
    const kind = KINDS.find((k) => first.id === `dateline-${k}`);
    if (!kind) continue;
    const ids: DirectiveId[] = [];
    for (const w of words.slice(1)) {
      // `-- why` after the ids is the writer's reason, as in ESLint.
      if (w.id === '--') break;
      ids.push(w);
    }
    result.push({ kind, span: c, ids });
  }
  return result;
}

/** Words separated by white space or commas, with their offsets. */
function wordsIn(text: string, from: number, to: number): DirectiveId[] {
  const words: DirectiveId[] = [];
  let i = from;
  while (i < to) {
    while (i < to && isSeparator(text.charCodeAt(i))) i++;
    const start = i;
    while (i < to && !isSeparator(text.charCodeAt(i))) i++;
    if (i > start) words.push({ id: text.slice(start, i), span: { start, end: i } });
  }
  return words;
}

function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 44 /* , */ || c === 0xa0;
}

/** What a directive left unused or named wrongly, for `suppression-unused` to report. */
export interface DirectiveProblem {
  span: Span;
  message: string;
  /** An unknown id is a warning; a directive that suppresses nothing is the rule's own severity. */
  unknown: boolean;
  fixes: Fix[];
}

/**
 * Removes the findings the directives suppress, and says which directives (or which of their ids)
 * suppressed nothing. `active` tells whether a rule is on: a directive for a rule that is off is
 * not reported as unused, since it would suppress its findings the day the rule is turned on.
 */
export function applyDirectives(
  article: Article,
  directives: readonly Directive[],
  findings: readonly Finding[],
  knownIds: readonly string[],
  active: (ruleId: string) => boolean,
): { kept: Finding[]; problems: DirectiveProblem[] } {
  const lines = article.lines;
  // One counter per (directive, id); '*' for a directive that names no id.
  const used = directives.map(() => new Map<string, number>());
  const known = new Set(knownIds);

  // Regions: for each disable and each of its ids, where it ends (the matching enable, or the end of the text).
  const regionEnd = directives.map(() => new Map<string, number>());
  const open = new Map<string, number[]>();
  directives.forEach((d, index) => {
    if (d.kind === 'disable') {
      for (const key of keysOf(d)) open.set(key, [...(open.get(key) ?? []), index]);
    } else if (d.kind === 'enable') {
      const keys = d.ids.length ? d.ids.map((x) => x.id) : [...open.keys()];
      for (const key of keys) {
        for (const at of open.get(key) ?? []) if (!regionEnd[at].has(key)) regionEnd[at].set(key, d.span.start);
        open.delete(key);
      }
    }
  });

  const covers = (d: Directive, index: number, key: string, f: Finding): boolean => {
    switch (d.kind) {
      case 'disable-file':
        return true;
      case 'disable-next-line':
        return f.range.start.line === lines.positionAt(d.span.end).line + 1;
      case 'disable-line':
        return f.range.start.line >= lines.positionAt(d.span.start).line && f.range.start.line <= lines.positionAt(d.span.end).line;
      case 'disable':
        return f.span.start >= d.span.end && f.span.start < (regionEnd[index].get(key) ?? article.text.length);
      case 'enable':
        return false;
    }
  };

  const kept: Finding[] = [];
  for (const f of findings) {
    let suppressed = false;
    directives.forEach((d, index) => {
      if (d.kind === 'enable') return;
      const key = d.ids.length === 0 ? '*' : d.ids.some((x) => x.id === f.ruleId) ? f.ruleId : undefined;
      if (key === undefined || !covers(d, index, key, f)) return;
      suppressed = true;
      used[index].set(key, (used[index].get(key) ?? 0) + 1);
    });
    if (!suppressed) kept.push(f);
  }

  const problems: DirectiveProblem[] = [];
  directives.forEach((d, index) => {
    if (d.kind === 'enable') return;
    const where = PLACE[d.kind];
    if (d.ids.length === 0) {
      if (!used[index].size) problems.push({ span: d.span, message: `This directive suppresses nothing: there is no finding ${where}. Remove it.`, unknown: false, fixes: [removeDirective(article, d)] });
      return;
    }
    const unknown = d.ids.filter((x) => !known.has(x.id));
    for (const x of unknown) {
      const guess = nearest(x.id, knownIds);
      problems.push({
        span: x.span,
        message: `‘${x.id}’ is not a Dateline rule id, so this directive does not suppress it${guess ? `; did you mean ‘${guess}’?` : '. The rule ids are listed in the rules documentation.'}`,
        unknown: true,
        fixes: guess ? [{ title: `Change to ‘${guess}’`, edits: [{ span: x.span, newText: guess }], safe: false }] : [],
      });
    }
    const idle = d.ids.filter((x) => known.has(x.id) && active(x.id) && !used[index].has(x.id));
    if (!idle.length) return;
    if (idle.length === d.ids.length) {
      const names = idle.map((x) => `‘${x.id}’`).join(', ');
      problems.push({ span: d.span, message: `This directive suppresses nothing: there is no ${names} finding ${where}. Remove it.`, unknown: false, fixes: [removeDirective(article, d)] });
      return;
    }
    for (const x of idle) {
      problems.push({ span: x.span, message: `‘${x.id}’ suppresses nothing here: there is no ‘${x.id}’ finding ${where}.`, unknown: false, fixes: [removeId(article.text, x)] });
    }
  });
  return { kept, problems };
}

const PLACE: Record<Exclude<DirectiveKind, 'enable'>, string> = {
  'disable-next-line': 'on the next line',
  'disable-line': 'on this line',
  disable: 'in this region',
  'disable-file': 'in this file',
};

function keysOf(d: Directive): string[] {
  return d.ids.length ? d.ids.map((x) => x.id) : ['*'];
}

/** Removes a directive: its whole line when the comment stands alone there, else just the comment. */
function removeDirective(article: Article, d: Directive): Fix {
  const { text, lines } = article;
  const startLine = lines.positionAt(d.span.start).line;
  const endLine = lines.positionAt(d.span.end).line;
  const lineStart = lines.lineStart(startLine);
  const lineEnd = lines.lineEnd(endLine);
  let span: Span = d.span;
  if (!text.slice(lineStart, d.span.start).trim() && !text.slice(d.span.end, lineEnd).trim()) {
    const next = endLine + 1 < lines.lineCount ? lines.lineStart(endLine + 1) : lineEnd;
    span = { start: lineStart, end: next };
  }
  return { title: 'Remove this directive', edits: [{ span, newText: '' }], safe: false };
}

/** Removes one id and the space before it. */
function removeId(text: string, x: DirectiveId): Fix {
  let start = x.span.start;
  while (start > 0 && isSeparator(text.charCodeAt(start - 1)) && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
  return { title: `Remove ‘${x.id}’ from this directive`, edits: [{ span: { start, end: x.span.end }, newText: '' }], safe: false };
}

/**
 * The "Ignore ‹rule› on this line" fix: a `dateline-disable-next-line` directive above the
 * finding's line, in the file's line ending, or the id added to one already there. A finding in
 * the header (where a comment would break the header) gets `dateline-disable-file` at the start of
 * the body instead. Editorial: only the writer knows the finding is wrong.
 */
export function suppressionFix(article: Article, finding: Finding): Fix | undefined {
  const { text, lines } = article;
  const id = finding.ruleId;
  const eol = lineEnding(text);
  if (finding.span.start < article.bodyStart || id === 'front-matter-missing') {
    const directive = `<!-- dateline-disable-file ${id} -->${eol}`;
    const title = `Ignore ${id} in this file`;
    // The start of the first body line: past the blank line that ends a header.
    let at = article.bodyStart;
    while (at < text.length && /\s/.test(text[at])) at++;
    if (at < text.length) return { title, edits: [{ span: { start: lines.lineStart(lines.positionAt(at).line), end: lines.lineStart(lines.positionAt(at).line) }, newText: directive }], safe: false };
    // No body: after the header and a blank line, or the comment would join the header.
    const tail = text.slice(article.bodyStart);
    const ended = /[\r\n]$/.test(text);
    const blank = article.header?.style === 'lines' && !/[\r\n]/.test(tail) ? eol : '';
    return { title, edits: [{ span: { start: text.length, end: text.length }, newText: (ended ? '' : eol) + blank + directive }], safe: false };
  }
  const line = finding.range.start.line;
  const title = `Ignore ${id} on this line`;
  // A directive that already stands alone on the line above: add the id to it.
  const above = parseDirectives(text, article.comments).find(
    (d) => d.kind === 'disable-next-line' && d.ids.length > 0 && lines.positionAt(d.span.end).line === line - 1 && lines.positionAt(d.span.start).line === line - 1,
  );
  if (above && text.startsWith('-->', above.span.end - 3)) {
    const last = above.ids[above.ids.length - 1].span.end;
    return { title, edits: [{ span: { start: last, end: last }, newText: ` ${id}` }], safe: false };
  }
  const start = lines.lineStart(line);
  // Keep the line's indentation, so a list item or a quoted paragraph stays what it was.
  let indentEnd = start;
  while (text[indentEnd] === ' ' || text[indentEnd] === '\t') indentEnd++;
  const indent = text.slice(start, indentEnd);
  return { title, edits: [{ span: { start, end: start }, newText: `${indent}<!-- dateline-disable-next-line ${id} -->${eol}` }], safe: false };
}
