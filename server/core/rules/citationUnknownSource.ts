import { cites } from '../counts';
import { sourceKey } from '../sources';
import { nearest } from '../text';
import { citationParts, type Rule } from './rule';

export const citationUnknownSource: Rule = {
  id: 'citation-unknown-source',
  description: 'A cited source that the workspace source registry does not list (checked only when a registry exists).',
  defaultSeverity: 'info',
  scope: 'article',
  check(ctx, report) {
    const { config } = ctx;
    if (!config.hasSourceRegistry) return;
    const canonical = new Map<string, string>();
    for (const s of config.sources) {
      canonical.set(sourceKey(s.name), s.name);
      for (const a of s.aliases) if (!canonical.has(sourceKey(a))) canonical.set(sourceKey(a), s.name);
    }
    const names = [...canonical.keys()];
    // An article cites the same few sources again and again: look each one up once.
    const guesses = new Map<string, string | undefined>();
    for (const { part } of citationParts(ctx)) {
      if (!cites(part)) continue;
      for (const named of part.sources) {
        const source = named.name.trim();
        if (!source) continue;
        const known = canonical.get(sourceKey(source));
        if (known) continue;
        if (!guesses.has(source)) guesses.set(source, nearest(source, names));
        const guess = guesses.get(source);
        const suggestion = guess ? canonical.get(guess) : undefined;
        report({
          span: named.span,
          message: `‘${source}’ is not in the source registry${suggestion ? `; did you mean ‘${suggestion}’?` : '.'}`,
          data: suggestion ? { source, suggestion } : { source },
          fixes: suggestion ? [{ title: `Change to ‘${suggestion}’`, edits: [{ span: named.span, newText: suggestion }], safe: false }] : undefined,
        });
      }
    }
  },
};
