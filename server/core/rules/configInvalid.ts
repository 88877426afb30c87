import type { Rule } from './rule';

/** Reported in `dateline.yaml` itself; the parse lives in config.ts. */
export const configInvalid: Rule = {
  id: 'config-invalid',
  description: '`dateline.yaml` has a YAML error, an unknown setting or a value of the wrong type; the rest of it still applies.',
  defaultSeverity: 'error',
  scope: 'config',
};
