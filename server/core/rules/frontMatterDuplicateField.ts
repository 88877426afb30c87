import type { Rule } from './rule';

export const frontMatterDuplicateField: Rule = {
  id: 'front-matter-duplicate-field',
  description: 'The same header field is given more than once.',
  defaultSeverity: 'error',
  scope: 'article',
  check({ article }, report) {
    const header = article.header;
    if (!header) return;
    const first = new Map<string, number>();
    for (const field of header.fields) {
      const line = article.lines.positionAt(field.keySpan.start).line;
      const earlier = first.get(field.name);
      if (earlier === undefined) {
        first.set(field.name, line);
        continue;
      }
      report({
        span: field.keySpan,
        message: `\`${field.key}\` is already given on line ${earlier + 1}.`,
        data: { field: field.name },
        fixes: [{ title: `Remove this \`${field.key}\``, edits: [removalEdit(article.text, field.span, header.style)] }],
      });
    }
  },
};

/** Removes a field: its whole line when it is alone there, else just the `key: value` text. */
function removalEdit(text: string, span: { start: number; end: number }, style: 'lines' | 'yaml') {
  let lineStart = span.start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  let lineEnd = span.end;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const before = text.slice(lineStart, span.start).trim();
  const after = text.slice(span.end, lineEnd).trim();
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
