import { checkFieldValue } from '../schema';
import type { Rule } from './rule';

export const frontMatterType: Rule = {
  id: 'front-matter-type',
  description: 'A header value has the wrong type or is out of bounds (for example `Volume: five` or `Issue: 0`).',
  defaultSeverity: 'error',
  scope: 'article',
  check({ article, config }, report) {
    for (const field of article.header?.fields ?? []) {
      const spec = config.schema.find((s) => s.name === field.name);
      if (!spec) continue;
      const problem = checkFieldValue(spec, field.value, article.header?.style === 'lines');
      if (!problem) continue;
      const empty = field.valueSpan.end <= field.valueSpan.start;
      report({ span: empty ? field.keySpan : field.valueSpan, message: problem, data: { field: field.name } });
    }
  },
};
