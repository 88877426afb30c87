/** Dateline's analysis core: the facade, and the plain data it speaks. */
export { createLanguageService, DEFAULT_MAX_FILE_SIZE, looksBinary } from './service';
export type { AnalysisResult, AnalyzeOptions, ConfigResult, LanguageService, Logger } from './service';
export { defaultConfig, DEFAULT_MIN_WORDS } from './config';
export type { DatelineConfig, SourceEntry } from './config';
export { RULES, RULE_IDS, ruleById } from './rules/index';
export type { Rule } from './rules/index';
export type { Article, ArticleFlavor } from './parser/article';
export { LineIndex, nearest } from './text';
export { parseActorRegistry, roleOn, ACTOR_KINDS } from './actors/registry';
export type { Actor, ActorKind, ActorRole } from './actors/registry';
export { ActorIndex, actorIndexFor } from './actors/mentions';
export type { Mention } from './actors/mentions';
export { formatDate, apMonth, MONTHS } from './dates';
export type { SimpleDate } from './dates';
export { applyEdits, preferredEdits } from './edits';
export type { Finding, Fix, Position, Range, Severity, SeveritySetting, Span, TextEdit } from './types';
export { summarize, WorkspaceIndex } from './workspace';
export type { FileSummary, MentionSummary } from './workspace';
