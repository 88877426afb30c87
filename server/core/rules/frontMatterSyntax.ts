import type { Rule } from './rule';

export const frontMatterSyntax: Rule = {
  id: 'front-matter-syntax',
  description: 'The header cannot be read: YAML that does not parse, a block that never closes, or a header line without a key.',
  defaultSeverity: 'error',
  scope: 'article',
  check({ article }, report) {
    for (const problem of article.header?.syntax ?? []) report({ span: problem.span, message: problem.message });
  },
};
