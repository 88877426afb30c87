import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../../package.json';
import { DEFAULT_MAX_FILE_SIZE, isExcluded, QuoteIndex, RULES, withQuoteConflicts } from '../core/index';
import { configFindings, FileChecker, type CheckSettings, type FileOutcome } from './cliCheck';
import { readOptions } from './cliArgs';
import { collectFiles, display, writeOutputFile, type Candidate } from './cliFiles';
import { readStream } from './files';
import { formatJson, formatSarif, formatText, OUTPUT_FORMATS, sortFindings, tally, type FileFinding, type OutputFormat } from './cliFormat';
import { checkCandidate, checkFiles, type PoolResult } from './cliPool';
import { cacheFolder, emptyCache, mergeCaches, readCache, registryMemo, storedOutcome, writeCache, type CheckCache } from './cliCache';
import { runInit } from './init';
import { runWords } from './cliWords';
import { runReport } from './report';

/** What the CLI touches outside itself, so tests can run it in-process. */
export interface CliIO {
  cwd: string;
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Environment variables (NO_COLOR, FORCE_COLOR); none when absent, so tests see no colour. */
  env?: Record<string, string | undefined>;
  /** The CLI bundle, which worker threads run to check many files at once; without it one thread checks them all. */
  workerScript?: string;
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** The name `-` is reported under. */
export const STDIN_NAME = '<stdin>';

export const USAGE = `Usage: dateline check [paths or globs...] [options]
       dateline words [DIR] [--format cspell|plain]   (see dateline words --help)
       dateline report [paths...] [--format md|json|html]   (see dateline report --help)
       dateline init [DIR] [--dry-run]   (a first dateline.yaml: dateline init --help)

Checks articles: *.article files, and Markdown files whose front matter has a
\`publication\` field or that match the \`include\` globs of dateline.yaml.
A path may be a file, a directory (searched recursively, skipping node_modules
and dot-folders) or a glob. \`-\` reads one article from standard input.
With no path, the current directory is checked.

Options:
  --format text|json|sarif  output format (default: text)
  --config FILE             use this dateline.yaml for every file instead of
                            the nearest one above each file
  --max-warnings N          exit 1 when there are more than N warnings
                            (default: no limit; -1 also means no limit)
  --max-file-size BYTES     skip files larger than this (default: ${DEFAULT_MAX_FILE_SIZE})
  --fix                     apply every safe fix (never an editorial one that
                            chooses a source or a name), writing only files
                            that change; then report what is left. With -,
                            the fixed text goes to standard output and the
                            report to standard error
  --stdin-filename NAME     with -, the name to report standard input under and
                            to match dateline.yaml, include and exclude against
  --print-config FILE       print the settings that apply to FILE as JSON, and
                            check nothing
  --quiet                   report errors only
  --output-file FILE        write the report to FILE instead of standard output
  --color, --no-color       colour the text report, or not (default: colour only
                            on a terminal; NO_COLOR and FORCE_COLOR are honoured)
  --cache                   check only files changed since the last run with
                            the same config and version; what the others gave
                            is reported from the cache
  --cache-location DIR      keep the cache in DIR (default:
                            node_modules/.cache/dateline)
  --shard K/N               check only the K-th of N parts of the sorted file list,
                            for CI matrices (quote-conflict still compares every
                            file's quotations; only the part's files are reported)
  -h, --help                show this help
  -v, --version             show the version

Exit status: 0 no errors and warnings within --max-warnings; 1 problems found;
2 usage or I/O error.
`;

interface CheckOptions {
  paths: string[];
  format: OutputFormat;
  config?: string;
  maxWarnings?: number;
  maxFileSize: number;
  fix: boolean;
  quiet: boolean;
  outputFile?: string;
  stdinFilename?: string;
  printConfig?: string;
  /** `--color` (true) or `--no-color` (false); undefined: decide by the terminal and the environment. */
  color?: boolean;
  cache: boolean;
  cacheLocation?: string;
  /** `--shard K/N`: check the K-th (1-based) of N parts of the file list. */
  shard?: { index: number; count: number };
}

type Parsed = { kind: 'help' } | { kind: 'version' } | { kind: 'usage' } | { kind: 'error'; message: string } | { kind: 'check'; options: CheckOptions };

const VALUE_OPTIONS = ['--format', '--config', '--max-warnings', '--max-file-size', '--output-file', '--stdin-filename', '--print-config', '--shard', '--cache-location'] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];
const FLAGS = ['-h', '--help', '-v', '--version', '--fix', '--quiet', '--cache', '--color', '--no-color'] as const;

function usageError(message: string): Parsed {
  return { kind: 'error', message: `dateline: ${message}; run 'dateline --help' for usage` };
}

export function parseArgs(argv: readonly string[]): Parsed {
  const read = readOptions(argv, { flags: FLAGS, values: VALUE_OPTIONS });
  if ('error' in read) return usageError(read.error);
  const { flags, positional } = read;
  const values = read.values as Partial<Record<ValueOption, string>>;
  const help = flags.includes('-h') || flags.includes('--help');
  const showVersion = flags.includes('-v') || flags.includes('--version');
  const fix = flags.includes('--fix');
  const quiet = flags.includes('--quiet');
  const cache = flags.includes('--cache');
  // The last of --color and --no-color wins.
  const lastColor = flags.filter((f) => f === '--color' || f === '--no-color').pop();
  const color = lastColor === undefined ? undefined : lastColor === '--color';
  if (help) return { kind: 'help' };
  if (showVersion) return { kind: 'version' };
  const [command, ...paths] = positional;
  if (command === undefined) return { kind: 'usage' };
  if (command !== 'check') return usageError(`unknown command '${command}'`);

  const format = values['--format'] ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    return usageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not '${format}'`);
  }
  let maxWarnings: number | undefined;
  const mw = values['--max-warnings'];
  if (mw !== undefined) {
    if (!/^-?\d+$/.test(mw) || Number(mw) < -1) return usageError(`--max-warnings must be a whole number of 0 or more, not '${mw}'`);
    maxWarnings = Number(mw) === -1 ? undefined : Number(mw);
  }
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  const mfs = values['--max-file-size'];
  if (mfs !== undefined) {
    if (!/^\d+$/.test(mfs) || Number(mfs) < 1) return usageError(`--max-file-size must be a whole number of bytes, not '${mfs}'`);
    maxFileSize = Number(mfs);
  }
  if (values['--stdin-filename'] !== undefined && !paths.includes('-')) return usageError("--stdin-filename names standard input, so it needs the path '-'");
  let shard: CheckOptions['shard'];
  const sh = values['--shard'];
  if (sh !== undefined) {
    const m = /^(\d{1,6})\/(\d{1,6})$/.exec(sh);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) return usageError(`--shard must be K/N with 1 <= K <= N (for example 2/4), not '${sh}'`);
    if (paths.includes('-')) return usageError("--shard splits the files to check, so it cannot take standard input ('-')");
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  return { kind: 'check', options: { paths, format: format as OutputFormat, config: values['--config'], maxWarnings, maxFileSize, fix, quiet, outputFile: values['--output-file'], stdinFilename: values['--stdin-filename'], printConfig: values['--print-config'], color, shard, cache, cacheLocation: values['--cache-location'] } };
}

/** Runs `dateline …` and resolves to the exit code. Never throws for bad input or unreadable files. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv[0] === 'words') return runWords(argv.slice(1), io);
  if (argv[0] === 'report') return runReport(argv.slice(1), io);
  if (argv[0] === 'init') return runInit(argv.slice(1), io);
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${version}\n`);
      return EXIT_OK;
    case 'usage':
      io.stderr.write(USAGE);
      return EXIT_USAGE;
    case 'error':
      io.stderr.write(`${parsed.message}\n`);
      return EXIT_USAGE;
    case 'check':
      return check(parsed.options, io);
  }
}

async function check(options: CheckOptions, io: CliIO): Promise<number> {
  let configPath: string | undefined;
  if (options.config !== undefined) {
    configPath = path.resolve(io.cwd, options.config);
    if (!isReadableFile(configPath)) {
      io.stderr.write(`dateline: cannot read config file '${options.config}'\n`);
      return EXIT_USAGE;
    }
  }
  const settings: CheckSettings = { cwd: io.cwd, maxFileSize: options.maxFileSize, fix: options.fix, configPath };
  const checker = new FileChecker(settings);
  if (options.printConfig !== undefined) return printConfig(options.printConfig, checker, configPath, io);

  const paths = options.paths.length ? options.paths : ['.'];
  const collected = collectFiles(
    paths.filter((p) => p !== '-'),
    io.cwd,
  );
  let { files } = collected;
  const { errors, unreadable } = collected;
  if (errors.length) {
    io.stderr.write(errors.join('\n') + '\n');
    return EXIT_USAGE;
  }

  // Several articles checked together are a workspace: quote-conflict compares their quotations,
  // those of every shard's files too, so the shards together find what one run finds. Each file is
  // read and analysed once; its outcome carries its quotations, and quote-conflict is added here.
  settings.together = files.length + (options.paths.includes('-') ? 1 : 0) > 1;
  if (options.shard) {
    const mine = new Set(shardOf(files, options.shard.index, options.shard.count, io.cwd));
    files = settings.together ? files.map((f) => (mine.has(f) ? f : { ...f, quotesOnly: true })) : files.filter((f) => mine.has(f));
  }

  const results: FileFinding[] = [];
  const ioErrors: string[] = [...unreadable];
  let fileCount = 0;
  let fixedFiles = 0;
  let fixCount = 0;
  const notices: string[] = [];
  let stdinFixed: string | undefined;
  const take = (name: string, outcome: FileOutcome) => {
    if (outcome.ioError) ioErrors.push(outcome.ioError);
    if (outcome.notice) notices.push(outcome.notice);
    if (outcome.counted) fileCount++;
    if (outcome.fixes > 0) {
      fixedFiles++;
      fixCount += outcome.fixes;
    }
    for (const finding of outcome.findings) results.push({ file: name, finding });
  };

  // --cache: a file whose key is the cached one is not analysed; its cached outcome stands in.
  const folder = options.cache ? cacheFolder(io.cwd, options.cacheLocation) : undefined;
  const cache = folder !== undefined ? readCache(folder, io.cwd, version) : undefined;
  settings.cache = cache !== undefined;
  const fresh = emptyCache();
  // A registry this run finds unchanged is read from the cache, not parsed again.
  if (cache) checker.store.useRegistries(registryMemo(cache, fresh));
  const pooled = await checkFiles(files, settings, checker, io.workerScript, cache && files.map((f) => cache.entries.get(f.path)?.key), cache?.registries);
  if (cache) {
    pooled.outcomes.forEach((outcome, i) => {
      const file = files[i].path;
      if (outcome.cacheHit) {
        const entry = cache.entries.get(file)!;
        fresh.entries.set(file, entry);
        // A copy: quote-conflict is added to it below, and the cache keeps the outcome without.
        pooled.outcomes[i] = { ...entry.outcome, configDigest: outcome.configDigest };
      } else if (outcome.cacheKey) {
        fresh.entries.set(file, { key: outcome.cacheKey, outcome: storedOutcome(outcome) });
      }
    });
  }
  if (settings.together) addQuoteConflicts(files, pooled, checker, settings);
  pooled.outcomes.forEach((outcome, i) => {
    if (!files[i].quotesOnly) take(display(files[i].path, io.cwd), outcome);
  });
  if (options.paths.includes('-')) {
    // Standard input takes the config that applies in the working directory.
    // --stdin-filename gives it a name to report and to match the config, include and exclude against.
    const name = options.stdinFilename ?? STDIN_NAME;
    const file = path.resolve(io.cwd, name);
    const flavor = options.stdinFilename !== undefined && /\.md$/i.test(name) ? 'markdown' : 'article';
    const read = await readStream(io.stdin, options.maxFileSize);
    // With --fix, text that is not fixed (not an article, say) goes back out as it came in.
    if (read.kind === 'text') stdinFixed = (read.bom ? '\uFEFF' : '') + read.text;
    const outcome = checker.check(file, options.stdinFilename === undefined ? name : display(file, io.cwd), flavor, read, true);
    if (outcome.fixedText !== undefined) stdinFixed = outcome.fixedText;
    take(options.stdinFilename === undefined ? name : display(file, io.cwd), outcome);
  }
  if (process.env.DATELINE_CLI_STATS) io.stderr.write(`dateline: ${files.length} files on ${pooled.threads} thread${pooled.threads === 1 ? '' : 's'}\n`);

  // Problems in a config are reported once, in the config file, however many articles it governs.
  for (const f of usedConfigFindings(pooled, checker, settings, cache, fresh)) results.push(f);

  sortFindings(results);
  const counts = tally(results);
  const tooManyWarnings = options.maxWarnings !== undefined && counts.warnings > options.maxWarnings;

  if (notices.length) io.stderr.write(notices.join('\n') + '\n');
  if (ioErrors.length) io.stderr.write(ioErrors.join('\n') + '\n');
  // Nothing new: the cache file stays as it is.
  if (cache && folder !== undefined && ([...fresh.entries].some(([f, e]) => cache.entries.get(f) !== e) || [...fresh.configs.keys()].some((d) => !cache.configs.has(d)) || [...fresh.registries.keys()].some((d) => !cache.registries.has(d)))) {
    const problem = writeCache(folder, io.cwd, mergeCaches(cache, fresh), version);
    if (problem) io.stderr.write(`dateline: cannot write the cache in '${display(folder, io.cwd)}': ${problem}\n`);
  }
  if (options.fix) io.stderr.write(`Fixed ${fixCount} problem${fixCount === 1 ? '' : 's'} in ${fixedFiles} file${fixedFiles === 1 ? '' : 's'}.\n`);
  // --quiet reports errors only, as ESLint's does; the exit code still counts what was found.
  const reported = options.quiet ? results.filter((r) => r.finding.severity === 'error') : results;
  let out: string;
  if (options.format === 'json') out = formatJson(reported);
  else if (options.format === 'sarif') out = formatSarif(reported, RULES, version, io.cwd);
  else {
    // A file is no terminal: colour only when the report goes to standard output.
    out = formatText(reported, fileCount, options.outputFile === undefined && useColour(options.color, io));
    if (tooManyWarnings) out += `Too many warnings: ${counts.warnings}, more than --max-warnings ${options.maxWarnings}.\n`;
  }
  if (options.outputFile !== undefined) {
    if (!writeOutputFile(io, options.outputFile, out)) return EXIT_USAGE;
  } else if (options.fix && options.paths.includes('-')) {
    // Standard output carries the fixed text (unchanged when nothing was fixed); the report goes to standard error.
    io.stdout.write(stdinFixed ?? '');
    io.stderr.write(out);
  } else {
    io.stdout.write(out);
  }

  if (ioErrors.length) return EXIT_USAGE;
  return counts.errors > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_OK;
}

/**
 * The problems of every config the run used, each config once: those loaded on this thread, in a
 * worker, and (with --cache) those of files reported from the cache, from the cache too. `fresh`
 * keeps each under its digest for the next run.
 */
function usedConfigFindings(pooled: PoolResult, checker: FileChecker, settings: CheckSettings, cache: CheckCache | undefined, fresh: CheckCache): FileFinding[] {
  const out: FileFinding[] = [];
  const digests = new Map<string, string>();
  for (const o of pooled.outcomes) if (o.configPath !== undefined && o.configDigest !== undefined) digests.set(o.configPath, o.configDigest);
  const done = new Set<string>();
  const report = (configPath: string, found: FileFinding[]) => {
    if (done.has(configPath)) return;
    done.add(configPath);
    for (const f of found) out.push(f);
    const digest = digests.get(configPath);
    if (cache && digest !== undefined) fresh.configs.set(digest, found);
  };
  for (const [used, loaded] of checker.used) report(used, configFindings(used, loaded, settings.cwd));
  for (const [used, found] of pooled.workerConfigs) report(used, found);
  const rest = pooled.outcomes.map((o) => o.configPath).filter((p): p is string => p !== undefined);
  if (settings.configPath !== undefined) {
    rest.push(settings.configPath);
    if (cache) digests.set(settings.configPath, checker.configDigest(settings.configPath));
  }
  for (const configPath of rest) {
    if (done.has(configPath)) continue;
    const digest = digests.get(configPath);
    const kept = digest !== undefined ? cache?.configs.get(digest) : undefined;
    report(configPath, kept ?? configFindings(configPath, checker.store.load(configPath), settings.cwd));
  }
  return out;
}

/**
 * What the files checked together tell about each other: quote-conflict from their quotations in
 * one index, in file order, each article's conflicts added to what was found in it alone; and the
 * sources they cite, offered for an empty source. An article with suppression directives and a
 * conflict, or with an empty source, is checked again with both, as directives decide what is left
 * and the candidates depend on the other files. Standard input, checked afterwards, gets both too.
 */
function addQuoteConflicts(files: readonly Candidate[], pooled: PoolResult, checker: FileChecker, settings: CheckSettings): void {
  const index = new QuoteIndex();
  const sources = new Map<string, number>();
  const names = files.map((f) => display(f.path, settings.cwd));
  pooled.outcomes.forEach((outcome, i) => {
    const quotes = outcome.part ? outcome.part.quotes.map((q) => q.fp) : outcome.quotes;
    if (quotes?.length) index.set(names[i], quotes);
    for (const s of outcome.sources ?? []) sources.set(s, (sources.get(s) ?? 0) + 1);
  });
  checker.useQuotes(index);
  checker.useSources(sources);
  pooled.outcomes.forEach((outcome, i) => {
    if (!outcome.part) return;
    const merged = outcome.findings.some((f) => f.ruleId === 'citation-empty-source') ? undefined : withQuoteConflicts(outcome.findings, outcome.part, index, names[i]);
    if (merged) {
      outcome.findings = merged;
      return;
    }
    // Already fixed, if --fix fixed it: this look only finds what is left.
    const again = checkCandidate(checker, files[i], settings, { fix: false });
    if (!again.ioError) outcome.findings = again.findings;
  });
}

/**
 * `--shard K/N`: the K-th of N parts of the files, in the order given. The parts are cut from the
 * list sorted by displayed path (code units), so they do not depend on the order of the command
 * line; their sizes differ by one at most, and together they are the whole list, each file once.
 */
export function shardOf<T extends { path: string }>(files: readonly T[], index: number, count: number, cwd: string): T[] {
  const sorted = files.map((f, i) => ({ key: display(f.path, cwd), i }));
  sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const from = Math.floor(((index - 1) * sorted.length) / count);
  const to = Math.floor((index * sorted.length) / count);
  const taken = new Set(sorted.slice(from, to).map((s) => s.i));
  return files.filter((_, i) => taken.has(i));
}

/**
 * `--print-config FILE`: the settings that apply to FILE (the nearest dateline.yaml, or --config),
 * resolved as the checker uses them, as ESLint's `--print-config` does. The file need not exist.
 */
function printConfig(target: string, checker: FileChecker, configPath: string | undefined, io: CliIO): number {
  const file = path.resolve(io.cwd, target);
  const loaded = configPath !== undefined ? checker.store.load(configPath) : checker.store.forFile(file);
  const { config } = loaded;
  const relative = loaded.path ? path.relative(path.dirname(loaded.path), file) : undefined;
  const out = {
    file: display(file, io.cwd),
    config: loaded.path ? display(loaded.path, io.cwd) : null,
    excluded: isExcluded(relative, config),
    rules: Object.fromEntries(RULES.map((r) => [r.id, config.severities[r.id] ?? config.style.rules[r.id] ?? r.defaultSeverity])),
    style: config.style,
    schema: config.schema,
    sources: config.sources,
    actors: config.actors.map((a) => ({ id: a.id, name: a.name })),
    include: config.include,
    exclude: config.exclude,
    minWords: config.minWords,
  };
  io.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return EXIT_OK;
}

/** `--color`/`--no-color` win; then NO_COLOR (any value) and FORCE_COLOR (not 0 or false); then the terminal. */
export function useColour(flag: boolean | undefined, io: Pick<CliIO, 'env' | 'stdout'>): boolean {
  if (flag !== undefined) return flag;
  const env = io.env ?? {};
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return io.stdout.isTTY === true;
}

function isReadableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
