import { nearest } from '../text';
import type { Rule } from './rule';

export const frontMatterUnknownField: Rule = {
  id: 'front-matter-unknown-field',
  description: 'A header field the schema does not know, with the nearest known field as a suggestion.',
  defaultSeverity: 'warning',
  scope: 'article',
  check({ article, config }, report) {
    const header = article.header;
    if (!header) return;
    const known = config.schema.map((s) => s.name);
    const present = new Set(header.fields.map((f) => f.name));
    // A suggestion is a known field the header lacks; each unknown name is looked up once.
    const absent = known.filter((k) => !present.has(k));
    const guesses = new Map<string, string | undefined>();
    let knownList: string | undefined;
    for (const field of header.fields) {
      if (known.includes(field.name)) continue;
      let guess = guesses.get(field.name);
      if (guess === undefined && !guesses.has(field.name)) guesses.set(field.name, (guess = nearest(field.name, absent, 3)));
      const replacement = guess && matchCase(field.key, guess);
      report({
        span: field.keySpan,
        message: `Unknown ${header.style === 'yaml' ? 'front matter' : 'header'} field ‘${field.key}’${guess ? `; did you mean ‘${replacement}’?` : `. Known fields: ${(knownList ??= known.join(', '))}.`}`,
        data: guess ? { field: field.name, suggestion: guess } : { field: field.name },
        fixes: replacement ? [{ title: `Rename to ‘${replacement}’`, edits: [{ span: field.keySpan, newText: replacement }], safe: true }] : undefined,
      });
    }
  },
};

/** Keeps the writer's capitalisation style: `Volum` becomes `Volume`, `volum` becomes `volume`. */
function matchCase(written: string, name: string): string {
  return /^[A-Z]/.test(written) ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}
