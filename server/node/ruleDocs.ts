/** Where the project and each rule's page live. One place, so links never drift apart. */
export const PROJECT_URL = 'https://github.com/dateline-tools/dateline';

const RULE_DOCS_BASE = `${PROJECT_URL}/blob/main/docs/rules/`;

/** The documentation page of a rule, `docs/rules/<id>.md` in the repository. */
export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(ruleId)}.md`;
}
