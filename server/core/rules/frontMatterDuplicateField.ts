import type { LineIndex } from '../text';
import type { Rule } from './rule';

export const frontMatterDuplicateField: Rule = {
  id: 'front-matter-duplicate-field',
  description: 'The same header field is given more than once.',
  defaultSeverity: 'error',
  scope: 'article',
  check({ article }, report) {
    const header = article.header;
    if (!header) return;
    const first = new Map<string, { line: number; value: unknown }>();
    for (const field of header.fields) {
      const line = article.lines.positionAt(field.keySpan.start).line;
      const earlier = first.get(field.name);
      if (earlier === undefined) {
        first.set(field.name, { line, value: field.value });
        continue;
      }
      report({
        span: field.keySpan,
        message: `‘${field.key}’ is already given on line ${earlier.line + 1}.`,
        data: { field: field.name },
        fixes: [{ title: `Remove this ‘${field.key}’`, edits: [removalEdit(article.text, article.lines, field.span, header.style)], safe: sameValue(earlier.value, field.value) }],
      });
    }
  },
};

/** Removing a repeat of the same value loses nothing; removing a different value chooses between them. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Removes a field: its whole line when it is alone there, else just the `key: value` text. */
function removalEdit(text: string, lines: LineIndex, span: { start: number; end: number }, style: 'lines' | 'yaml') {
  // Line bounds come from the line index and blank checks stop at the first visible character:
  // scanning the whole line for each field is quadratic when one line holds thousands of them.
  const lineStart = span.start > 0 && isBreak(text, span.start - 1) ? span.start : lines.lineStart(lines.positionAt(span.start).line);
  const lineEnd = span.end >= text.length || isBreak(text, span.end) ? span.end : lines.lineEnd(lines.positionAt(span.end).line);
  const before = !onlySpace(text, lineStart, span.start, true);
  const after = !onlySpace(text, span.end, lineEnd, false);
  if (!before && (!after || style === 'yaml')) {
    let next = lineEnd;
    if (text[next] === '\r' && text[next + 1] === '\n') next += 2;
    else if (next < text.length) next += 1;
    return { span: { start: lineStart, end: next }, newText: '' };
  }
  let start = span.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { span: { start, end: span.end }, newText: '' };
}

function isBreak(text: string, i: number): boolean {
  return text[i] === '\n' || text[i] === '\r';
}

/** Whether `text[from, to)` is all white space, as `trim()` sees it; scans from the end nearest the field. */
function onlySpace(text: string, from: number, to: number, backwards: boolean): boolean {
  if (backwards) {
    for (let k = to - 1; k >= from; k--) if (!/\s/.test(text[k])) return false;
  } else {
    for (let k = from; k < to; k++) if (!/\s/.test(text[k])) return false;
  }
  return true;
}
