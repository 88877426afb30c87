import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../../package.json';
import { createLanguageService, fixAllEdits, isExcluded, plainFingerprint, summarize, type AnalysisResult, LineIndex, ruleById, type ArticleFlavor, type DatelineConfig, type Finding, type LanguageService, type QuoteFingerprint, type QuoteLookup, type QuotePart } from '../core/index';
import { display } from './cliFiles';
import type { FileFinding } from './cliFormat';
import { ConfigStore, type LoadedConfig } from './configStore';
import { notReadMessage, rewriteInPlace, type ReadOutcome } from './files';

/*
 * What `dateline check` does to one file, on the main thread or in a worker of the CLI's pool
 * (cliPool.ts): both run this same code, and the main thread puts the outcomes in file order.
 */

/** What the checking of files needs from the command line. Plain data, so it can go to a worker. */
export interface CheckSettings {
  cwd: string;
  maxFileSize: number;
  fix: boolean;
  /** `--config`, resolved: the one config for every file. */
  configPath?: string;
  /**
   * Several files are checked together: each outcome carries its article's quotations, and the
   * main thread adds quote-conflict once it has them all (see cliMain.ts).
   */
  together?: boolean;
  /** `--cache`: outcomes carry the key they are cached under. */
  cache?: boolean;
}

/** What checking one file gave. Plain data, so it can come back from a worker. */
export interface FileOutcome {
  findings: Finding[];
  /** A line for stderr: the file could not be read, or not fixed. */
  ioError?: string;
  /** Whether the file counts as checked (articles, and files reported as not read). */
  counted: boolean;
  /** Fixes written to the file. */
  fixes: number;
  /** The config that applied, if any. */
  configPath?: string;
  /** A line for stderr that changes nothing else: a file named on the command line is not an article. */
  notice?: string;
  /** With --fix on standard input: the text with every safe fix applied, for standard output. */
  fixedText?: string;
  /** When files are checked together: what quote-conflict needs of this article (its findings have none yet). */
  part?: QuotePart;
  /** For a file only read for its quotations (another shard's): their fingerprints. */
  quotes?: QuoteFingerprint[];
  /** When files are checked together: the sources the article cites, each once. */
  sources?: string[];
  /** With --cache: the key this outcome is cached under; none when it is not to be cached. */
  cacheKey?: string;
  /** With --cache: the digest of the config that applies (`ConfigStore.digest`). */
  configDigest?: string;
  /** With --cache: the file's key is the cached one; the cached outcome stands for this one. */
  cacheHit?: boolean;
  /** The text --fix wrote, when fixing it again would change nothing (for its cache key). */
  written?: string;
}

/** Changes when what the cache keeps changes meaning. */
const CACHE_KEY_FORMAT = 'dateline-check-cache-1';

export class FileChecker {
  readonly service: LanguageService = createLanguageService();
  readonly store = new ConfigStore(this.service);
  /** Configs used so far, by path. */
  readonly used = new Map<string, LoadedConfig>();
  private fixed?: LoadedConfig;
  private quotes?: QuoteLookup;
  private sources?: ReadonlyMap<string, number>;
  private readonly digests = new Map<string, string>();
  private context?: string;

  constructor(private readonly settings: CheckSettings) {}

  /**
   * With --cache: the key of a file's outcome, a hash of everything it depends on: the tool, the
   * options that change findings, the config and its registries (by content), the file's name,
   * kind and text.
   */
  cacheKey(file: string, name: string, flavor: ArticleFlavor, named: boolean, quotesOnly: boolean, text: string, bom: boolean): { key: string; configDigest?: string } {
    const { settings } = this;
    this.context ??= JSON.stringify([CACHE_KEY_FORMAT, version, toolDigest(), settings.cwd, settings.maxFileSize, settings.fix, settings.together === true, settings.configPath ?? null]);
    const configPath = settings.configPath ?? this.store.nearest(file);
    const configDigest = configPath === undefined ? undefined : this.configDigest(configPath);
    const hash = createHash('sha256');
    for (const part of [this.context, configDigest ?? '', name, flavor, named ? 'named' : '', quotesOnly ? 'quotes' : '', bom ? 'bom' : '']) hash.update(`${part.length}:`).update(part);
    hash.update(text);
    return { key: hash.digest('hex'), configDigest };
  }

  /** The digest of a config, once per run. */
  configDigest(configPath: string): string {
    let digest = this.digests.get(configPath);
    if (digest === undefined) this.digests.set(configPath, (digest = this.store.digest(configPath)));
    return digest;
  }

  /** From now on, checks compare each file's quotations with these (quote-conflict in full). */
  useQuotes(quotes: QuoteLookup): void {
    this.quotes = quotes;
  }

  /** From now on, checks offer these sources (cited by the files checked together) for an empty source. */
  useSources(sources: ReadonlyMap<string, number>): void {
    this.sources = sources;
  }

  /** The config that applies to a file. */
  configFor(file: string): LoadedConfig {
    if (this.settings.configPath === undefined) return this.store.forFile(file);
    if (!this.fixed) this.used.set(this.settings.configPath, (this.fixed = this.store.load(this.settings.configPath)));
    return this.fixed;
  }

  /**
   * The quotations of a file that is read only for them (it is another shard's): no findings, and
   * its config is not counted as used.
   */
  quotationsOf(file: string, name: string, flavor: ArticleFlavor, outcome: ReadOutcome): FileOutcome {
    const none: FileOutcome = { findings: [], counted: false, fixes: 0 };
    if (outcome.kind !== 'text') return none;
    const loaded = this.configFor(file);
    const relative = loaded.path ? path.relative(path.dirname(loaded.path), file) : undefined;
    const summary = this.service.open(outcome.text, { flavor, config: loaded.config, relativePath: relative, maxFileSize: this.settings.maxFileSize }).summary(name);
    if (!summary) return none;
    // Plain data: the outcome goes to the main thread from a worker, and into the cache.
    return { ...none, quotes: summary.quotes?.length ? summary.quotes.map(plainFingerprint) : undefined, sources: summary.sources };
  }

  /**
   * Checks one file (`named`: given on the command line, not found by a walk or a glob). `fix:
   * false` checks without fixing even under --fix (a second look at a file already fixed).
   */
  check(file: string, name: string, flavor: ArticleFlavor, outcome: ReadOutcome, named: boolean, options: { fix?: boolean; cacheKey?: string } = {}): FileOutcome {
    const result = this.checkRead(file, name, flavor, outcome, named, options.fix);
    const written = result.written;
    delete result.written;
    if (!options.cacheKey || result.ioError || outcome.kind !== 'text') return result;
    if (result.fixes === 0) result.cacheKey = options.cacheKey;
    // A fixed file is kept under its fixed text, when fixing again would change nothing.
    else if (written !== undefined) result.cacheKey = this.cacheKey(file, name, flavor, named, false, written, outcome.bom).key;
    return result;
  }

  private checkRead(file: string, name: string, flavor: ArticleFlavor, outcome: ReadOutcome, named: boolean, fix: boolean | undefined): FileOutcome {
    const { service } = this;
    const settings = fix === false ? { ...this.settings, fix: false } : this.settings;
    const none: FileOutcome = { findings: [], counted: false, fixes: 0 };
    if (outcome.kind === 'error') return { ...none, ioError: `dateline: cannot read '${name}': ${outcome.message}` };
    // Markdown found by a walk that cannot be read is nobody's article; an article, or a file
    // named on the command line, is reported.
    if ((outcome.kind === 'not-regular' || outcome.kind === 'outside') && flavor === 'markdown' && !named) return none;
    const loaded = this.configFor(file);
    if (loaded.path) this.used.set(loaded.path, loaded);
    const result: FileOutcome = { findings: [], counted: true, fixes: 0, configPath: loaded.path };
    if (outcome.kind === 'not-regular' || outcome.kind === 'outside') {
      result.findings = skipped(loaded.config, outcome.kind, notReadMessage(outcome));
      return result;
    }
    const text = outcome.kind === 'text' ? outcome.text : outcome.head;
    // `include` globs are relative to the folder of the config that lists them.
    const relative = loaded.path ? path.relative(path.dirname(loaded.path), file) : undefined;
    const opened = service.open(text, { flavor, config: loaded.config, relativePath: relative, maxFileSize: settings.maxFileSize, quotes: this.quotes, uri: name, workspaceSources: this.sources });
    if (!opened.isArticle) {
      // Named on the command line but not an article (or excluded): say so once rather than report "0 files".
      const notice = !named ? undefined : isExcluded(relative, loaded.config) ? `dateline: '${name}' is excluded by 'exclude' in dateline.yaml; not checked` : `dateline: '${name}' is not an article (a Markdown file needs a 'publication' field in its front matter, or a match of 'include' in dateline.yaml); not checked`;
      return { ...none, configPath: loaded.path, notice };
    }
    if (outcome.kind === 'too-large') {
      result.findings = skipped(loaded.config, 'too-large', `Not analysed: this file has ${outcome.size} bytes, over the ${settings.maxFileSize}-byte limit (--max-file-size).`);
    } else if (outcome.kind === 'invalid-utf8') {
      result.findings = skipped(loaded.config, 'invalid-utf8', 'Not analysed: this file is not valid UTF-8.');
    } else if (settings.fix && outcome.stamp) {
      const fixed = opened.fixAll();
      result.findings = fixed.result.findings;
      if (fixed.text === outcome.text) withEditRanges(result.findings, outcome.text);
      let analysis = fixed.result;
      if (fixed.fixed > 0 && fixed.text !== outcome.text) {
        const bom = outcome.bom ? '\uFEFF' : '';
        const written = rewriteInPlace(outcome.stamp, bom + outcome.text, bom + fixed.text);
        if (written.kind === 'written') {
          result.fixes = fixed.fixed;
          withEditRanges(result.findings, fixed.text);
          if (fixAllEdits(fixed.result).length === 0) result.written = fixed.text;
        } else {
          // What was found is still reported, against the text as it was read.
          analysis = opened.result;
          result.findings = analysis.findings;
          withEditRanges(result.findings, outcome.text);
          result.ioError = `dateline: did not fix '${name}': ${written.message}`;
        }
      }
      if (settings.together) together(result, opened.quotePart(analysis), analysis, name);
    } else if (settings.fix && outcome.kind === 'text') {
      // Standard input has no file to write: the fixed text goes back to the caller.
      const fixed = opened.fixAll();
      result.findings = fixed.result.findings;
      result.fixes = fixed.text === outcome.text ? 0 : fixed.fixed;
      result.fixedText = (outcome.bom ? '\uFEFF' : '') + fixed.text;
      withEditRanges(result.findings, fixed.text);
    } else {
      result.findings = opened.result.findings;
      if (outcome.kind === 'text') withEditRanges(result.findings, outcome.text);
      if (settings.together && outcome.kind === 'text') together(result, opened.quotePart(), opened.result, name);
    }
    return result;
  }
}

/** What the main thread needs of an article to compare it with the files checked together. */
function together(result: FileOutcome, part: QuotePart | undefined, analysis: AnalysisResult, name: string): void {
  result.part = part;
  if (analysis.article) result.sources = summarize(name, analysis.article).sources;
}

let tool: string | undefined;

/** The running code itself, so a changed build is a new tool even under the same version. */
function toolDigest(): string {
  if (tool === undefined) {
    try {
      tool = createHash('sha256').update(fs.readFileSync(__filename)).digest('hex');
    } catch {
      tool = '';
    }
  }
  return tool;
}

/** Problems in a config and its registries, reported once in those files however many articles it governs. */
export function configFindings(configPath: string, loaded: LoadedConfig, cwd: string): FileFinding[] {
  // The config store has already given each finding the severity `rules:` sets for its rule.
  const out: FileFinding[] = [];
  for (const finding of loaded.findings) out.push({ file: display(configPath, cwd), finding });
  for (const registry of loaded.registries) {
    for (const finding of registry.findings) out.push({ file: display(registry.path, cwd), finding });
  }
  return out;
}

/** Gives every fix edit its LSP range, for the JSON report (the fixed text when --fix wrote one). */
function withEditRanges(findings: Finding[], text: string): void {
  if (!findings.some((f) => f.fixes?.length)) return;
  const lines = new LineIndex(text);
  for (const f of findings) for (const fix of f.fixes ?? []) for (const e of fix.edits) e.range = lines.rangeOf(e.span);
}

/** A `file-skipped` finding at the top of the file, at the severity the config gives the rule. */
function skipped(config: DatelineConfig, reason: string, message: string): Finding[] {
  const severity = config.severities['file-skipped'] ?? ruleById('file-skipped')?.defaultSeverity ?? 'info';
  if (severity === 'off') return [];
  const zero = { line: 0, character: 0 };
  return [{ ruleId: 'file-skipped', severity, message, span: { start: 0, end: 0 }, range: { start: zero, end: zero }, data: { reason } }];
}
