import { defaultConfig, parseConfig, type DatelineConfig } from './config';
import { compileGlobs, type GlobMatcher } from './glob';
import { actorIndexFor } from './actors/mentions';
import { parseActorRegistry, type Actor } from './actors/registry';
import { parseArticle, parseOutline, type Article, type ArticleFlavor } from './parser/article';
import { RULE_IDS, RULES, type Rule } from './rules/index';
import type { RawFinding } from './rules/rule';
import { applyEdits, safeEdits } from './edits';
import { charBoundary, compareCodeUnits, LineIndex } from './text';
import type { Finding, Severity, SeveritySetting } from './types';
import { summarize, type FileSummary } from './workspace';
import { complete, type CompletionList, type CompletionOptions } from './features/completion';
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
  /** Parses an article and runs every enabled rule. Never throws. */
  analyze(text: string, options?: AnalyzeOptions): AnalysisResult;
  /** Reads a `dateline.yaml`; problems come back as findings in that file. Never throws. */
  parseConfig(text: string): ConfigResult;
  /**
   * Whether a file is an article. `.article` files always are; Markdown only with a `publication`
   * field in its front matter or a match of the config's `include` globs (`relativePath` from the config's folder).
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
  /** The card for an actor mention, a citation's source or date, or a header field key. Never throws. */
  hover(text: string, offset: number, options?: FeatureOptions): HoverResult | undefined;
  /** The outline: header and fields, quotations with speakers, citations, actors. Never throws. */
  documentSymbols(text: string, options?: FeatureOptions): DocumentSymbol[];
  /** Actor mentions and citation sources and dates, in order; only those overlapping `span` when given. Never throws. */
  semanticTokens(text: string, options?: FeatureOptions & { span?: Span }): SemanticToken[];
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
  return {
    rules: RULES,
    analyze(text, opts = {}) {
      try {
        return analyze(text, opts);
      } catch (e) {
        // The core reports bad input as findings; reaching here is a bug, so say where.
        logger?.log(`Dateline analysis failed: ${(e as Error).stack ?? e}`);
        return { findings: [] };
      }
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
      // A file that could not be parsed is never touched.
      if (result.skipped || result.findings.some((f) => f.ruleId === 'front-matter-syntax')) return { text, fixed: 0, result };
      for (let pass = 0; pass < 10; pass++) {
        const edits = safeEdits(result.findings.flatMap((f) => f.fixes ?? []));
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
        if (text.length > (opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE) || looksBinary(text)) return undefined;
        const config = opts.config ?? defaultConfig();
        const outline = parseOutline(text, opts.flavor ?? 'article', config.schema, config.actors.length ? actorIndexFor(config.actors) : undefined, config.style);
        return summarize(uri, outline);
      } catch (e) {
        logger?.log(`Dateline could not summarise ${uri}: ${(e as Error).stack ?? e}`);
        return undefined;
      }
    },
    complete(text, offset, opts = {}) {
      return withContext(text, opts, logger, (ctx) => complete(ctx, offset, opts), { items: [], isIncomplete: false });
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
      if (flavor === 'article') return true;
      if (config?.include.length && relativePath !== undefined) {
        const normal = relativePath.replace(/\\/g, '/');
        // A config built in code may still hold a glob the matcher rejects; that glob matches nothing.
        if (globMatch(config.include, normal)) return true;
      }
      return hasPublicationFrontMatter(text);
    },
  };
}

/** Runs an editor feature on the given article, or on the text parsed now; a failure is logged, not thrown. */
function withContext<T>(text: string, opts: FeatureOptions, logger: Logger | undefined, run: (ctx: FeatureContext) => T, fallback: T): T {
  try {
    const config = opts.config ?? defaultConfig();
    let article = opts.article;
    if (!article || article.text !== text) {
      if (text.length > (opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE) || looksBinary(text)) return fallback;
      article = parseArticle(text, opts.flavor ?? 'article', config.schema, config.actors.length ? actorIndexFor(config.actors) : undefined, config.style);
    }
    return run({ article, config, workspace: opts.workspace });
  } catch (e) {
    logger?.log(`Dateline feature failed: ${(e as Error).stack ?? e}`);
    return fallback;
  }
}

/** Compiled once per list of globs (a config keeps its list while it lives). */
const matchers = new WeakMap<readonly string[], GlobMatcher>();

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

function analyze(text: string, opts: AnalyzeOptions): AnalysisResult {
  const config = opts.config ?? defaultConfig();
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > maxSize) {
    return skipped(text, 'too-large', `Not analysed: this file has ${formatSize(text.length)} characters, over the ${formatSize(maxSize)} limit (setting \`dateline.maxFileSize\`).`, config, opts);
  }
  if (looksBinary(text)) {
    return skipped(text, 'binary', 'Not analysed: this looks like a binary file, not text.', config, opts);
  }
  const article = parseArticle(text, opts.flavor ?? 'article', config.schema, config.actors.length ? actorIndexFor(config.actors) : undefined, config.style);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (!rule.check) continue;
    const severity = severityOf(rule, config, opts);
    if (severity === 'off') continue;
    rule.check({ article, config }, (raw: RawFinding) => {
      findings.push(toFinding(rule.id, severity, raw, article.lines));
    });
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || compareCodeUnits(a.ruleId, b.ruleId));
  return { article, findings };
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

function severityOf(rule: Rule, config: DatelineConfig, opts: AnalyzeOptions): SeveritySetting {
  // `rules:` wins, then the preset's rule defaults (both dateline.yaml), then editor settings, then the registry.
  return config.severities[rule.id] ?? config.style.rules[rule.id] ?? opts.severityOverrides?.[rule.id] ?? rule.defaultSeverity;
}

/** A YAML node's range can end between CR and LF; widen such spans to whole characters. */
function wholeCharacters(text: string, span: Span): Span {
  return { start: charBoundary(text, span.start, -1), end: charBoundary(text, span.end, 1) };
}

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

function toFinding(ruleId: string, setting: Severity, raw: RawFinding, lines: LineIndex): Finding {
  const severity = raw.severity && SEVERITY_RANK[raw.severity] < SEVERITY_RANK[setting] ? raw.severity : setting;
  const finding: Finding = { ruleId, severity, message: raw.message, span: raw.span, range: lines.rangeOf(raw.span) };
  if (raw.fixes?.length) finding.fixes = raw.fixes;
  if (raw.data) finding.data = raw.data;
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
