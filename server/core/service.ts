import { defaultConfig, parseConfig, type DatelineConfig } from './config';
import { compileGlobs, type GlobMatcher } from './glob';
import { actorIndexFor, type ActorIndex } from './actors/mentions';
import { parseActorRegistry, type Actor } from './actors/registry';
import { parseArticle, parseOutline, type Article, type ArticleFlavor } from './parser/article';
import { RULE_IDS, RULES, type Rule } from './rules/index';
import type { RawFinding } from './rules/rule';
import { applyEdits, safeEdits } from './edits';
import { charBoundary, compareCodeUnits, LineIndex } from './text';
import type { Finding, Severity, SeveritySetting, TextEdit } from './types';
import { summarize, type FileSummary } from './workspace';
import { applyDirectives, parseDirectives } from './suppressions';
import { quoteFingerprints, type QuoteLookup } from './quoteIndex';
import { conflictQuotes, reportConflicts, type ConflictQuote } from './rules/quoteConflict';
import { actorDocumentation, complete, type CompletionList, type CompletionOptions } from './features/completion';
import { documentSymbols, type DocumentSymbol } from './features/documentSymbols';
import { hover, type HoverResult } from './features/hover';
import { semanticTokens, type SemanticToken } from './features/semanticTokens';
import type { FeatureContext, WorkspaceData } from './features/shared';
import type { Span } from './types';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export interface AnalyzeOptions {
  flavor?: ArticleFlavor;
  /** The workspace config; defaults apply without one. */
  config?: DatelineConfig;
  /** Severity overrides from editor settings; the workspace config wins over them. */
  severityOverrides?: Record<string, SeveritySetting>;
  /** Files longer than this many characters are not analysed. */
  maxFileSize?: number;
  /** Quotations of the other articles of the workspace, for quote-conflict; with `uri`, this article's name there. */
  quotes?: QuoteLookup;
  uri?: string;
  /** Sources the workspace's articles cite, with how many cite each: offered for an empty source after the article's own. */
  workspaceSources?: Iterable<readonly [string, number]>;
}

export interface AnalysisResult {
  /** Absent when the file was skipped. */
  article?: Article;
  findings: Finding[];
  /** Why the file was not analysed, if it was not. */
  skipped?: 'too-large' | 'binary';
}

export interface ConfigResult {
  config: DatelineConfig;
  findings: Finding[];
}

export interface Logger {
  log(message: string): void;
}

/** The one entry point to Dateline's analysis. Pure: no editor, no protocol, no file system. */
export interface LanguageService {
  readonly rules: readonly Rule[];
  /** The one question every entry point asks about a document. Never throws. */
  open(text: string, env?: DocumentEnv): DocumentAnalysis;
  /** Parses an article and runs every enabled rule. Never throws. */
  analyze(text: string, options?: AnalyzeOptions): AnalysisResult;
  /** Reads a `dateline.yaml`; problems come back as findings in that file. Never throws. */
  parseConfig(text: string): ConfigResult;
  /**
   * Whether a file is an article. `.article` files always are; Markdown only with a `publication`
   * field in its front matter or a match of the config's `include` globs (`relativePath` from the config's folder);
   * never a file the `exclude` globs match.
   */
  isArticle(flavor: ArticleFlavor, text: string, relativePath: string | undefined, config: DatelineConfig | undefined): boolean;
  /**
   * Applies every fix that needs no choice, pass after pass until none is left (at most 10).
   * Returns the text unchanged, with `fixed: 0`, when the file was skipped or its header does not parse.
   */
  fixAll(text: string, options?: AnalyzeOptions): { text: string; fixed: number; result: AnalysisResult };
  /**
   * Reads an actors registry file; problems come back as `actor-registry` findings in that file.
   * The same text of the same file gives the same `actors` array, parsed once. Never throws.
   */
  parseActors(text: string, file?: string): { actors: Actor[]; findings: Finding[] };
  /**
   * What the workspace index keeps of an article: its header, cited sources and actor mentions,
   * parsed without running the rules. Undefined for a file `analyze` would skip. Never throws.
   */
  summarize(uri: string, text: string, options?: AnalyzeOptions): FileSummary | undefined;
  /** Completion at an offset: actors in prose, sources and dates in citations, header fields and values. Never throws. */
  complete(text: string, offset: number, options?: FeatureOptions & CompletionOptions): CompletionList;
  /** The card of a completion item's actor, left out with `lazyDocumentation`; undefined for an unknown id. Never throws. */
  actorDocumentation(text: string, actorId: string, options?: FeatureOptions): string | undefined;
  /** The card for an actor mention, a citation's source or date, or a header field key. Never throws. */
  hover(text: string, offset: number, options?: FeatureOptions): HoverResult | undefined;
  /** The outline: header and fields, quotations with speakers, citations, actors. Never throws. */
  documentSymbols(text: string, options?: FeatureOptions): DocumentSymbol[];
  /** Actor mentions and citation sources and dates, in order; only those overlapping `span` when given. Never throws. */
  semanticTokens(text: string, options?: FeatureOptions & { span?: Span }): SemanticToken[];
}

/** Everything besides the text that decides what a document's analysis is. */
export interface DocumentEnv {
  flavor?: ArticleFlavor;
  /** The workspace config (`dateline.yaml` with its registries); defaults apply without one. */
  config?: DatelineConfig;
  /** The file's path relative to its config's folder (or the workspace), for `include` globs. */
  relativePath?: string;
  /** Editor settings. `dateline.yaml` wins over each of them where it says something. */
  settings?: {
    /** Severities per rule. */
    severityOverrides?: Record<string, SeveritySetting>;
    /** `quotes.minWords`, used when `dateline.yaml` does not set it. */
    minWords?: number;
  };
  /** Files longer than this many characters are not analysed. */
  maxFileSize?: number;
  /** Workspace-wide counts (a `WorkspaceIndex`), for completion and hover. */
  workspace?: WorkspaceData;
  /** Quotations of the workspace's other articles, for quote-conflict; with `uri`, this document's name among them. */
  quotes?: QuoteLookup;
  uri?: string;
  /** Sources the workspace's articles cite, with how many cite each (plain data): candidates for an empty source. */
  workspaceSources?: Iterable<readonly [string, number]>;
}

/**
 * One document as every entry point sees it: the CLI, the server, the workspace index and the
 * tests ask this, so they cannot disagree on whether a file is an article, which settings win,
 * what is skipped and what fix-all may touch. Work is done when first asked and kept.
 */
export interface DocumentAnalysis {
  readonly text: string;
  /** `.article` files always; Markdown with `publication` in its front matter or matched by `include`. */
  readonly isArticle: boolean;
  /** The config with the editor's settings applied as the precedence rules say. */
  readonly config: DatelineConfig;
  /**
   * The parsed article, without running the rules (undefined when not an article or skipped): what
   * completion, hover and symbols need. `result` checks this same parse, so a version is parsed once.
   */
  readonly article: Article | undefined;
  /** The findings (none for a file that is not an article). */
  readonly result: AnalysisResult;
  /** Every safe fix applied, pass after pass; the text unchanged when skipped or the header does not parse. */
  fixAll(): { text: string; fixed: number; result: AnalysisResult };
  /** What the workspace index keeps, parsed without running the rules; undefined when not an article or skipped. */
  summary(uri: string): FileSummary | undefined;
  complete(offset: number, options?: CompletionOptions): CompletionList;
  actorDocumentation(actorId: string): string | undefined;
  hover(offset: number): HoverResult | undefined;
  documentSymbols(): DocumentSymbol[];
  semanticTokens(span?: Span): SemanticToken[];
  /**
   * What quote-conflict needs of this analysis (or of `result`, fixAll's) to be added later from
   * the workspace's quotations (`withQuoteConflicts`); undefined when nothing was analysed.
   */
  quotePart(result?: AnalysisResult): QuotePart | undefined;
}

/** An analysed article's quotations and quote-conflict's severity for it: plain data, for another thread or a cache. */
export interface QuotePart {
  severity: SeveritySetting;
  quotes: ConflictQuote[];
  /** The article has suppression directives, which may drop a conflict or be left unused. */
  directives: boolean;
}

/** What the editor features take besides the text. */
export interface FeatureOptions extends AnalyzeOptions {
  /** The analysed article of this same text, when the caller has it; otherwise the text is parsed. */
  article?: Article;
  /** Workspace-wide counts (a `WorkspaceIndex`), when the caller keeps one. */
  workspace?: WorkspaceData;
}

/** Registry files whose last parse a service keeps, so every part of the server shares one parse per version. */
const KEPT_REGISTRIES = 16;

export function createLanguageService(options: { logger?: Logger } = {}): LanguageService {
  const logger = options.logger;
  const registries = new Map<string, { text: string; actors: Actor[]; findings: Finding[] }>();
  const analyzeGuarded = (text: string, opts: AnalyzeOptions, parsed?: Article): AnalysisResult => {
    try {
      return analyze(text, opts, parsed);
    } catch (e) {
      // The core reports bad input as findings; reaching here is a bug, so say where.
      logger?.log(`Dateline analysis failed: ${(e as Error).stack ?? e}`);
      return { findings: [] };
    }
  };
  const parseGuarded = (text: string, opts: AnalyzeOptions): Article | undefined => {
    try {
      return articleToAnalyze(text, opts);
    } catch (e) {
      logger?.log(`Dateline could not parse: ${(e as Error).stack ?? e}`);
      return undefined;
    }
  };
  const service: LanguageService = {
    rules: RULES,
    open(text, env = {}) {
      return openDocument(service, text, env, parseGuarded, analyzeGuarded);
    },
    analyze(text, opts = {}) {
      return analyzeGuarded(text, opts);
    },
    parseConfig(text) {
      const { config, problems } = parseConfig(text, RULE_IDS);
      const lines = new LineIndex(text);
      // The file's own `rules: { config-invalid: … }` applies to its problems too.
      const setting = config.severities['config-invalid'];
      if (setting === 'off') return { config, findings: [] };
      const findings = problems.map((p) => {
        const span = wholeCharacters(text, p.span);
        return { ruleId: 'config-invalid', severity: setting ?? p.severity, message: p.message, span, range: lines.rangeOf(span) };
      });
      return { config, findings };
    },
    fixAll(text, opts = {}) {
      let current = text;
      let fixed = 0;
      let result = this.analyze(current, opts);
      for (let pass = 0; pass < 10; pass++) {
        const edits = fixAllEdits(result);
        if (!edits.length) break;
        current = applyEdits(current, edits);
        fixed += edits.length;
        result = this.analyze(current, opts);
      }
      return { text: current, fixed, result };
    },
    parseActors(text, file) {
      // The same text of the same file is parsed once: the analysis, the index and navigation get
      // the same actors, so per-registry structures are built once too.
      const key = file ?? '';
      let kept = registries.get(key);
      if (kept?.text !== text) {
        const { actors, problems } = parseActorRegistry(text, file);
        const lines = new LineIndex(text);
        const findings = problems.map((p) => {
          const span = wholeCharacters(text, p.span);
          return { ruleId: 'actor-registry', severity: p.severity, message: p.message, span, range: lines.rangeOf(span) };
        });
        kept = { text, actors, findings };
        registries.delete(key);
        if (registries.size >= KEPT_REGISTRIES) registries.delete(registries.keys().next().value!);
      } else {
        registries.delete(key);
      }
      registries.set(key, kept);
      return { actors: kept.actors, findings: [...kept.findings] };
    },
    summarize(uri, text, opts = {}) {
      try {
        if (notAnalysed(text, opts)) return undefined;
        const config = opts.config ?? defaultConfig();
        // Quotations and their speakers need the full parse; an article without a quotation mark needs only the outline.
        if (!/[“”"„«»‘’']/.test(text)) return summarize(uri, parseOutline(text, opts.flavor ?? 'article', config.schema, actorIndexOf(config), config.style));
        const article = articleToAnalyze(text, opts)!;
        return summarize(uri, article, quoteFingerprints(article, config));
      } catch (e) {
        logger?.log(`Dateline could not summarise ${uri}: ${(e as Error).stack ?? e}`);
        return undefined;
      }
    },
    complete(text, offset, opts = {}) {
      return withContext(text, opts, logger, (ctx) => complete(ctx, offset, opts), { items: [], isIncomplete: false });
    },
    actorDocumentation(text, actorId, opts = {}) {
      return withContext(text, opts, logger, (ctx) => actorDocumentation(ctx, actorId), undefined);
    },
    hover(text, offset, opts = {}) {
      return withContext(text, opts, logger, (ctx) => hover(ctx, offset), undefined);
    },
    documentSymbols(text, opts = {}) {
      return withContext(text, opts, logger, (ctx) => documentSymbols(ctx), []);
    },
    semanticTokens(text, opts = {}) {
      return withContext(text, opts, logger, (ctx) => semanticTokens(ctx, opts.span), []);
    },
    isArticle(flavor, text, relativePath, config) {
      if (isExcluded(relativePath, config)) return false;
      if (flavor === 'article') return true;
      if (config?.include.length && relativePath !== undefined) {
        const normal = relativePath.replace(/\\/g, '/');
        // A config built in code may still hold a glob the matcher rejects; that glob matches nothing.
        if (globMatch(config.include, normal)) return true;
      }
      return hasPublicationFrontMatter(text);
    },
  };
  return service;
}

/** The editor's settings applied under `dateline.yaml`, which wins where it says something. */
function effectiveConfig(config: DatelineConfig, settings: DocumentEnv['settings']): DatelineConfig {
  if (settings?.minWords === undefined || config.minWordsSet) return config;
  return { ...config, minWords: settings.minWords };
}

function openDocument(
  service: LanguageService,
  text: string,
  env: DocumentEnv,
  parse: (text: string, opts: AnalyzeOptions) => Article | undefined,
  analyzeParsed: (text: string, opts: AnalyzeOptions, parsed?: Article) => AnalysisResult,
): DocumentAnalysis {
  const flavor = env.flavor ?? 'article';
  const config = effectiveConfig(env.config ?? defaultConfig(), env.settings);
  const isArticle = service.isArticle(flavor, text, env.relativePath, config);
  const options: FeatureOptions = { flavor, config, severityOverrides: env.settings?.severityOverrides, maxFileSize: env.maxFileSize, workspace: env.workspace, quotes: env.quotes, uri: env.uri, workspaceSources: env.workspaceSources };
  let result: AnalysisResult | undefined;
  let parsed: { article: Article | undefined } | undefined;
  // Features need the parse alone; the rules run when findings are asked for, on that same parse.
  const article = () => (parsed ??= { article: isArticle ? parse(text, options) : undefined }).article;
  const analysed = () => (result ??= isArticle ? analyzeParsed(text, options, article()) : { findings: [] });
  const withArticle = (): FeatureOptions => ({ ...options, article: article() });
  return {
    text,
    isArticle,
    config,
    get article() {
      return article();
    },
    get result() {
      return analysed();
    },
    fixAll() {
      if (!isArticle) return { text, fixed: 0, result: analysed() };
      return service.fixAll(text, options);
    },
    summary(uri) {
      return isArticle ? service.summarize(uri, text, options) : undefined;
    },
    complete(offset, completion) {
      return isArticle ? service.complete(text, offset, { ...withArticle(), ...completion }) : { items: [], isIncomplete: false };
    },
    actorDocumentation(actorId) {
      return isArticle ? service.actorDocumentation(text, actorId, withArticle()) : undefined;
    },
    hover(offset) {
      return isArticle ? service.hover(text, offset, withArticle()) : undefined;
    },
    documentSymbols() {
      return isArticle ? service.documentSymbols(text, withArticle()) : [];
    },
    semanticTokens(span) {
      return isArticle ? service.semanticTokens(text, { ...withArticle(), span }) : [];
    },
    quotePart(of = analysed()) {
      const article = of.article;
      if (!article) return undefined;
      const directives = article.comments.length > 0 && parseDirectives(article.text, article.comments).length > 0;
      return { severity: severityOf(quoteConflictRule(), config, options), quotes: conflictQuotes(article, config), directives };
    },
  };
}

function quoteConflictRule(): Rule {
  return RULES.find((r) => r.id === 'quote-conflict')!;
}

/**
 * Findings of an article analysed without the workspace's quotations, with quote-conflict's added
 * from its `quotePart`: the findings `open` with `quotes` gives. Undefined when a conflict is found
 * in an article with suppression directives: open it again with `quotes`.
 */
export function withQuoteConflicts(findings: readonly Finding[], part: QuotePart, quotes: QuoteLookup, uri: string): Finding[] | undefined {
  if (part.severity === 'off' || !part.quotes.length) return findings.slice();
  const ranges = new Map(part.quotes.map((q) => [q.span.start, q.fp.range]));
  const spans = { rangeOf: (span: Span) => ranges.get(span.start)! };
  const added: Finding[] = [];
  reportConflicts(part.quotes, quotes, uri, (raw) => added.push(toFinding('quote-conflict', part.severity as Severity, raw, spans)));
  if (!added.length) return findings.slice();
  if (part.directives) return undefined;
  const all = findings.concat(added);
  all.sort(byPosition);
  return all;
}

/** The order of an article's findings: by span, then rule id; a rule's own findings keep their order. */
function byPosition(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || compareCodeUnits(a.ruleId, b.ruleId);
}

/** Runs an editor feature on the given article, or on the text parsed now; a failure is logged, not thrown. */
function withContext<T>(text: string, opts: FeatureOptions, logger: Logger | undefined, run: (ctx: FeatureContext) => T, fallback: T): T {
  try {
    const config = opts.config ?? defaultConfig();
    const article = opts.article?.text === text ? opts.article : articleToAnalyze(text, opts);
    if (!article) return fallback;
    return run({ article, config, workspace: opts.workspace });
  } catch (e) {
    logger?.log(`Dateline feature failed: ${(e as Error).stack ?? e}`);
    return fallback;
  }
}

/** Compiled once per list of globs (a config keeps its list while it lives). */
const matchers = new WeakMap<readonly string[], GlobMatcher>();

/** Whether the config's `exclude` globs match the path (relative to the config's folder): such a file is never analysed. */
export function isExcluded(relativePath: string | undefined, config: DatelineConfig | undefined): boolean {
  if (!config?.exclude?.length || relativePath === undefined) return false;
  return globMatch(config.exclude, relativePath.replace(/\\/g, '/'));
}

function globMatch(globs: readonly string[], path: string): boolean {
  let matcher = matchers.get(globs);
  if (!matcher) matchers.set(globs, (matcher = compileGlobs(globs)));
  return matcher(path);
}

/** The line that closes front matter, searched from where the block opens. */
const FRONT_MATTER_CLOSE = /(?:\r\n?|\n)(?:---|\.\.\.)[ \t]*(?:\r\n?|\n|$)/g;
/** A blank line: where the header parser ends front matter that never closes. */
const BLANK_LINE = /(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)/g;
const PUBLICATION_KEY = /^publication[ \t]*:/gim;

/**
 * Front matter of any size is searched whole, without copying it. Unclosed front matter ends at
 * its first blank line, as the header parser reads it, so it is still checked (and told that it
 * never closes); this also settles the start of a file too large to read whole.
 */
function hasPublicationFrontMatter(text: string): boolean {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', start)) return false;
  const from = start + 3;
  FRONT_MATTER_CLOSE.lastIndex = from;
  let end = FRONT_MATTER_CLOSE.exec(text)?.index;
  if (end === undefined) {
    BLANK_LINE.lastIndex = from;
    end = BLANK_LINE.exec(text)?.index ?? text.length;
  }
  PUBLICATION_KEY.lastIndex = from;
  const key = PUBLICATION_KEY.exec(text);
  return key !== null && key.index < end;
}

/** A text too large or binary: it is not parsed (`analyze` reports it as `file-skipped`). */
function notAnalysed(text: string, opts: AnalyzeOptions): boolean {
  return text.length > (opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE) || looksBinary(text);
}

/** The name index of the config's registry, none without one. */
function actorIndexOf(config: DatelineConfig): ActorIndex | undefined {
  return config.actors.length ? actorIndexFor(config.actors) : undefined;
}

/** The article `analyze` checks, as the config parses it; undefined when the text is not analysed. */
function articleToAnalyze(text: string, opts: AnalyzeOptions): Article | undefined {
  if (notAnalysed(text, opts)) return undefined;
  const config = opts.config ?? defaultConfig();
  return parseArticle(text, opts.flavor ?? 'article', config.schema, actorIndexOf(config), config.style);
}

/** `parsed`: this text's article, parsed already with these options. */
function analyze(text: string, opts: AnalyzeOptions, parsed?: Article): AnalysisResult {
  const config = opts.config ?? defaultConfig();
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > maxSize) {
    return skipped(text, 'too-large', `Not analysed: this file has ${formatSize(text.length)} characters, over the ${formatSize(maxSize)} limit (setting ‘dateline.maxFileSize’).`, config, opts);
  }
  if (looksBinary(text)) {
    return skipped(text, 'binary', 'Not analysed: this looks like a binary file, not text.', config, opts);
  }
  // Neither too large nor binary, as the checks above found.
  const article = parsed?.text === text ? parsed : articleToAnalyze(text, opts)!;
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (!rule.check) continue;
    const severity = severityOf(rule, config, opts);
    if (severity === 'off') continue;
    rule.check({ article, config, quotes: opts.quotes, uri: opts.uri, workspaceSources: opts.workspaceSources }, (raw: RawFinding) => {
      findings.push(toFinding(rule.id, severity, raw, article.lines));
    });
  }
  const kept = suppress(article, findings, config, opts);
  kept.sort(byPosition);
  return { article, findings: kept };
}

/** Drops what the article's `dateline-disable` directives suppress; reports directives that suppress nothing. */
function suppress(article: Article, findings: Finding[], config: DatelineConfig, opts: AnalyzeOptions): Finding[] {
  if (!article.comments.length) return findings;
  const directives = parseDirectives(article.text, article.comments);
  if (!directives.length) return findings;
  const active = (id: string) => {
    const rule = RULES.find((r) => r.id === id);
    return rule !== undefined && severityOf(rule, config, opts) !== 'off';
  };
  const { kept, problems } = applyDirectives(article, directives, findings, RULE_IDS, active);
  const unusedRule = RULES.find((r) => r.id === 'suppression-unused')!;
  const severity = severityOf(unusedRule, config, opts);
  if (severity === 'off') return kept;
  for (const p of problems) {
    // A misspelt id silently suppresses nothing, which the writer must see: a warning unless the
    // workspace or the editor chose a severity for the rule.
    const chosen = config.severities['suppression-unused'] ?? opts.severityOverrides?.['suppression-unused'];
    const level = p.unknown && !chosen ? 'warning' : severity;
    kept.push(toFinding('suppression-unused', level, { span: p.span, message: p.message, fixes: p.fixes.length ? p.fixes : undefined }, article.lines));
  }
  return kept;
}

function skipped(text: string, reason: 'too-large' | 'binary', message: string, config: DatelineConfig, opts: AnalyzeOptions): AnalysisResult {
  const severity = severityOf(RULES.find((r) => r.id === 'file-skipped')!, config, opts);
  if (severity === 'off') return { findings: [], skipped: reason };
  const span = { start: 0, end: 0 };
  return {
    findings: [{ ruleId: 'file-skipped', severity, message, span, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, data: { reason } }],
    skipped: reason,
  };
}

/**
 * Findings in `dateline.yaml` or a registry at the severity `rules:` gives their rule (`off`
 * drops them); without a setting each keeps its own. The CLI and the server both publish these.
 */
export function withConfigSeverities(findings: readonly Finding[], config: DatelineConfig): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const setting = config.severities[finding.ruleId];
    if (setting === 'off') continue;
    out.push(setting ? { ...finding, severity: setting } : finding);
  }
  return out;
}

/**
 * The edits "fix all" applies in one pass: every safe fix that does not overlap another. None for
 * a skipped file or one whose header does not parse: a file that could not be read is never touched.
 */
export function fixAllEdits(result: AnalysisResult): TextEdit[] {
  if (result.skipped || result.findings.some((f) => f.ruleId === 'front-matter-syntax')) return [];
  return safeEdits(result.findings.flatMap((f) => f.fixes ?? []));
}

function severityOf(rule: Rule, config: DatelineConfig, opts: AnalyzeOptions): SeveritySetting {
  // `rules:` wins, then the rule defaults of a `style:` the file names, then editor settings; where
  // dateline.yaml is silent, the default style's rule defaults, then the registry's.
  const preset = config.style.rules[rule.id];
  return config.severities[rule.id] ?? (config.styleExplicit ? preset : undefined) ?? opts.severityOverrides?.[rule.id] ?? preset ?? rule.defaultSeverity;
}

/** A YAML node's range can end between CR and LF; widen such spans to whole characters. */
function wholeCharacters(text: string, span: Span): Span {
  return { start: charBoundary(text, span.start, -1), end: charBoundary(text, span.end, 1) };
}

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

function toFinding(ruleId: string, setting: Severity, raw: RawFinding, lines: Pick<LineIndex, 'rangeOf'>): Finding {
  const severity = raw.severity && SEVERITY_RANK[raw.severity] < SEVERITY_RANK[setting] ? raw.severity : setting;
  const finding: Finding = { ruleId, severity, message: raw.message, span: raw.span, range: lines.rangeOf(raw.span) };
  if (raw.fixes?.length) finding.fixes = raw.fixes;
  if (raw.data) finding.data = raw.data;
  if (raw.related?.length) finding.related = raw.related;
  return finding;
}

/** NUL characters do not occur in text; a replacement-character storm means undecodable bytes. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  if (sample.includes('\u0000')) return true;
  // Most text has no replacement character at all; a native search settles that.
  if (!sample.includes('\ufffd')) return false;
  let replacements = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) replacements++;
  return sample.length > 0 && replacements / sample.length > 0.1;
}

function formatSize(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / (1024 * 1024)).toFixed(1)} M`;
  if (chars >= 1024) return `${(chars / 1024).toFixed(1)} K`;
  return String(chars);
}
