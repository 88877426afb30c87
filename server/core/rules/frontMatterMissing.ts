import { placeholderValue } from '../suggest';
import { charBoundary } from '../text';
import type { Rule } from './rule';

export const frontMatterMissing: Rule = {
  id: 'front-matter-missing',
  description: 'The article has no header (header lines or a YAML block) at all.',
  defaultSeverity: 'error',
  scope: 'article',
  check({ article, config }, report) {
    if (article.header) return;
    const start = article.bodyStart;
    const line = article.lines.positionAt(start).line;
    const end = Math.max(start, article.lines.lineEnd(line));
    const fields = config.schema.filter((f) => f.required);
    const required = fields.map((f) => capitalise(f.name));
    const eol = /\r\n?|\n/.exec(article.text)?.[0] ?? '\n';
    // Placeholders of the right type, so the new header adds no type errors; Markdown gets YAML.
    const lines = fields.map((f) => (article.flavor === 'markdown' ? `${f.name}: ${placeholderValue(f, article)}` : `${capitalise(f.name)}: ${placeholderValue(f, article)}`));
    const skeleton = article.flavor === 'markdown' ? ['---', ...lines, '---'].join(eol) : lines.join(eol);
    report({
      span: { start, end: charBoundary(article.text, Math.min(end, start + 200)) },
      // Markdown articles carry their fields in YAML front matter, not in header lines.
      message:
        article.flavor === 'markdown'
          ? `This article has no front matter. Start it with a line ‘---’, then ${fields.map((f) => `‘${f.name}:’`).join(', ')}, and a closing ‘---’.`
          : `This article has no header. Start it with ${required.map((r) => `‘${r}:’`).join(', ')} lines, then a blank line.`,
      fixes: required.length
        ? [{ title: article.flavor === 'markdown' ? 'Insert front matter' : 'Insert a header', edits: [{ span: { start: article.contentStart, end: article.contentStart }, newText: `${skeleton}${eol}${eol}` }], safe: false }]
        : undefined,
    });
  },
};

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
