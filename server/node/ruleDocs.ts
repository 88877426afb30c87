import { repository } from '../../package.json';

/**
 * Where the project and each rule's page live: the repository package.json names, so links,
 * the SARIF `helpUri`s and the package metadata never drift apart.
 */
export const PROJECT_URL = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

const RULE_DOCS_BASE = `${PROJECT_URL}/blob/main/docs/rules/`;

/** The documentation page of a rule, `docs/rules/<id>.md` in the repository. */
export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(ruleId)}.md`;
}
