// "Dateline: Open Rule Documentation": the rules, their one-line descriptions and their pages, so
// the client lists them without a copy of the registry.
import { RULES } from '../../core/index';
import { ruleDocsHref } from '../convert';
import { RuleListRequest, type RuleInfo } from '../protocol';
import type { Feature } from '../context';

/** The docs' `code` marks as the quotes a plain-text list shows. */
function plainSentence(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '‘$1’');
}

export function ruleList(): RuleInfo[] {
  return RULES.map((r) => ({ id: r.id, description: plainSentence(r.description), href: ruleDocsHref(r.id) }));
}

export const ruleDocsFeature: Feature = {
  capabilities: () => ({}),
  register(ctx) {
    ctx.connection.onRequest(RuleListRequest.type, () => ruleList());
  },
};
