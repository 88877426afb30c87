import type { Rule } from './rule';

/** Reported in an actors registry file; the parse lives in actors/registry.ts. */
export const actorRegistry: Rule = {
  id: 'actor-registry',
  description: 'An actors registry entry that cannot be used as written: no name, a duplicate id, an alias two actors share, a one-letter alias, a missing registry file.',
  defaultSeverity: 'error',
  scope: 'config',
};
