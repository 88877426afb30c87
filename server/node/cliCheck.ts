import * as path from 'node:path';
import { createLanguageService, isExcluded, LineIndex, ruleById, type ArticleFlavor, type DatelineConfig, type Finding, type LanguageService, type QuoteFingerprint, type QuoteLookup, type QuotePart } from '../core/index';
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
}

export class FileChecker {
  readonly service: LanguageService = createLanguageService();
  readonly store = new ConfigStore(this.service);
  /** Configs used so far, by path. */
  readonly used = new Map<string, LoadedConfig>();
  private readonly fixed?: LoadedConfig;
  private quotes?: QuoteLookup;

  constructor(private readonly settings: CheckSettings) {
    if (settings.configPath !== undefined) {
      this.fixed = this.store.load(settings.configPath);
      this.used.set(settings.configPath, this.fixed);
    }
  }

  /** From now on, checks compare each file's quotations with these (quote-conflict in full). */
  useQuotes(quotes: QuoteLookup): void {
    this.quotes = quotes;
  }

  /** The config that applies to a file. */
  configFor(file: string): LoadedConfig {
    return this.fixed ?? this.store.forFile(file);
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
    const quotes = this.service.open(outcome.text, { flavor, config: loaded.config, relativePath: relative, maxFileSize: this.settings.maxFileSize }).summary(name)?.quotes;
    return quotes?.length ? { ...none, quotes } : none;
  }

  /**
   * Checks one file (`named`: given on the command line, not found by a walk or a glob). `fix:
   * false` checks without fixing even under --fix (a second look at a file already fixed).
   */
  check(file: string, name: string, flavor: ArticleFlavor, outcome: ReadOutcome, named: boolean, options: { fix?: boolean } = {}): FileOutcome {
    const { service } = this;
    const settings = options.fix === false ? { ...this.settings, fix: false } : this.settings;
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
    const opened = service.open(text, { flavor, config: loaded.config, relativePath: relative, maxFileSize: settings.maxFileSize, quotes: this.quotes, uri: name });
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
        } else {
          // What was found is still reported, against the text as it was read.
          analysis = opened.result;
          result.findings = analysis.findings;
          withEditRanges(result.findings, outcome.text);
          result.ioError = `dateline: did not fix '${name}': ${written.message}`;
        }
      }
      if (settings.together) result.part = opened.quotePart(analysis);
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
      if (settings.together && outcome.kind === 'text') result.part = opened.quotePart();
    }
    return result;
  }
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
