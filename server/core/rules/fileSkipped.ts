import type { Rule } from './rule';

/** Reported by the facade before parsing: the file is too large, binary, or not valid text. */
export const fileSkipped: Rule = {
  id: 'file-skipped',
  description: 'The file was not analysed because it is too large, binary, or not valid UTF-8.',
  defaultSeverity: 'info',
  scope: 'file',
};
