import type { Rule } from './rule';

/**
 * Reported by the service after every other rule has run (SPEC section 9): a directive that
 * suppresses nothing, and, as a warning, a directive that names an id no rule has.
 * See `server/core/suppressions.ts`.
 */
export const suppressionUnused: Rule = {
  id: 'suppression-unused',
  description: 'A `dateline-disable` directive that suppresses nothing, or names a rule id that does not exist.',
  defaultSeverity: 'hint',
  scope: 'article',
};
