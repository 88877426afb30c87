import { actorIndexFor } from '../actors/mentions';
import type { Rule } from './rule';

export const actorFirstMention: Rule = {
  id: 'actor-first-mention',
  description: "An actor's short form (surname or alias) used before the article first gives the full name.",
  defaultSeverity: 'info',
  scope: 'article',
  check({ article, config }, report) {
    if (!article.mentions.length) return;
    // Built once per registry with the name index, not once per analysis.
    const byId = actorIndexFor(config.actors).byId;
    const quotes = article.body.quotations;
    const seen = new Set<string>();
    let q = 0;
    for (const mention of article.mentions) {
      // Ambiguous mentions are left alone: which full name would be missing?
      if (mention.actorIds.length !== 1) continue;
      const id = mention.actorIds[0];
      if (seen.has(id)) continue;
      // Words inside a quotation are the speaker's, not the writer's to change.
      while (q < quotes.length && quotes[q].span.end <= mention.span.start) q++;
      if (q < quotes.length && quotes[q].span.start <= mention.span.start) continue;
      seen.add(id);
      if (mention.full) continue;
      const actor = byId.get(id);
      if (!actor) continue;
      report({
        span: mention.span,
        message: `First mention of ${actor.name} uses the short form ‘${mention.text}’; give the full name first.`,
        data: { actorId: id, name: actor.name },
        fixes: [{ title: `Use the full name ‘${actor.name}’`, edits: [{ span: mention.span, newText: actor.name }], safe: false }],
      });
    }
  },
};
