import { placeholderValue } from '../suggest';
import { capitalise } from './frontMatterMissing';
import type { Rule } from './rule';

export const frontMatterRequired: Rule = {
  id: 'front-matter-required',
  description: 'A field the schema marks as required is missing from the header.',
  defaultSeverity: 'error',
  scope: 'article',
  check({ article, config }, report) {
    const header = article.header;
    if (!header || !header.complete) return;
    const present = new Set(header.fields.map((f) => f.name));
    const firstLine = article.lines.positionAt(header.span.start).line;
    const span = { start: header.span.start, end: Math.max(header.span.start, article.lines.lineEnd(firstLine)) };
    for (const field of config.schema) {
      if (!field.required || present.has(field.name)) continue;
      const key = header.style === 'yaml' ? field.name : capitalise(field.name);
      // A placeholder of the right type, so the fix adds no type error of its own.
      const line = `${key}: ${placeholderValue(field, article)}`;
      const insertAtEnd = header.style === 'lines' && header.insertAt === header.span.end;
      report({
        span,
        message: `Required field ‘${field.name}’ is missing from the ${header.style === 'yaml' ? 'front matter' : 'header'}.`,
        data: { field: field.name },
        fixes: [{
          title: `Add ‘${key}:’ to the ${header.style === 'yaml' ? 'front matter' : 'header'}`,
          // The placeholder value is a guess the writer must replace.
          safe: false,
          snippet: true,
          edits: [{ span: { start: header.insertAt, end: header.insertAt }, newText: insertAtEnd ? `${header.eol}${line}` : `${line}${header.eol}` }],
        }],
      });
    }
  },
};
