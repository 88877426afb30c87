import { actorFirstMention } from './actorFirstMention';
import { actorRegistry } from './actorRegistry';
import { actorSpelling } from './actorSpelling';
import { citationEmptySource } from './citationEmptySource';
import { citationFutureDate } from './citationFutureDate';
import { citationInvalidDate } from './citationInvalidDate';
import { citationMalformed } from './citationMalformed';
import { citationUnknownSource } from './citationUnknownSource';
import { configInvalid } from './configInvalid';
import { fileSkipped } from './fileSkipped';
import { frontMatterDuplicateField } from './frontMatterDuplicateField';
import { frontMatterMissing } from './frontMatterMissing';
import { frontMatterRequired } from './frontMatterRequired';
import { frontMatterSyntax } from './frontMatterSyntax';
import { frontMatterType } from './frontMatterType';
import { frontMatterUnknownField } from './frontMatterUnknownField';
import { quoteConflict } from './quoteConflict';
import { quoteUnbalanced } from './quoteUnbalanced';
import { quoteUncited } from './quoteUncited';
import { quoteUnattributed } from './quoteUnattributed';
import { quoteAnonymous } from './quoteAnonymous';
import { suppressionUnused } from './suppressionUnused';
import type { Rule } from './rule';

/** Every rule, in the order the docs list them. Ids are stable: a new check gets a new id. */
export const RULES: readonly Rule[] = [
  frontMatterMissing,
  frontMatterRequired,
  frontMatterType,
  frontMatterUnknownField,
  frontMatterDuplicateField,
  frontMatterSyntax,
  citationEmptySource,
  citationMalformed,
  citationInvalidDate,
  citationFutureDate,
  citationUnknownSource,
  quoteUncited,
  quoteUnbalanced,
  quoteUnattributed,
  quoteAnonymous,
  actorFirstMention,
  actorSpelling,
  quoteConflict,
  suppressionUnused,
  configInvalid,
  actorRegistry,
  fileSkipped,
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

export type { Rule, RuleContext, RawFinding } from './rule';
