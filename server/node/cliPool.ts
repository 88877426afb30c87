import * as os from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import type { Candidate } from './cliFiles';
import { display } from './cliFiles';
import { configFindings, FileChecker, type CheckSettings, type FileOutcome } from './cliCheck';
import type { FileFinding } from './cliFormat';
import { readRegularFile } from './files';
import { registryDigest, type ParsedRegistry } from './cliCache';

/*
 * `dateline check` on many files uses worker threads besides the main thread. A worker runs the
 * CLI bundle itself (see server/cli.ts) with its own language service and config store; every
 * thread takes the next file from one shared counter, and the main thread puts the outcomes back in
 * file order, so the output is the same as from one thread.
 */

/** Marks the `workerData` of a CLI worker, so the bundle knows which part to run. */
export const CLI_WORKER = 'dateline-cli-worker';

/** Fewer files than this are checked sooner than a worker thread starts and loads the bundle. */
const MIN_FILES_FOR_WORKERS = 200;

/** Outcomes per message: small enough to keep the main thread's queue short. */
const BATCH = 64;

interface PoolJob {
  settings: CheckSettings;
  files: Candidate[];
  /** An Int32Array of one element: the index of the next file nobody has taken. */
  counter: SharedArrayBuffer;
  /** With --cache: each file's cached key, if any. */
  cached?: (string | undefined)[];
  /** With --cache: the registries parsed in an earlier run, by digest. */
  registries?: [string, ParsedRegistry][];
}

type PoolMessage =
  | { kind: 'outcomes'; indexes: number[]; outcomes: FileOutcome[] }
  | { kind: 'done'; configs: { path: string; findings: FileFinding[] }[] };

/** What a pooled check gave: an outcome per file, the problems of every config used, and the threads. */
export interface PoolResult {
  outcomes: FileOutcome[];
  /** Config problems per config path, for configs only workers used. */
  workerConfigs: Map<string, FileFinding[]>;
  threads: number;
}

/** Checks one candidate file as the CLI does: read within the limits, then checked. */
export function checkCandidate(checker: FileChecker, file: Candidate, settings: CheckSettings, options: { fix?: boolean; cached?: string } = {}): FileOutcome {
  const outcome = readRegularFile(file.path, { maxBytes: settings.maxFileSize, root: file.root });
  const name = display(file.path, settings.cwd);
  // With --cache, a file whose key is the one cached is not analysed: the cached outcome stands.
  const keyed = settings.cache && outcome.kind === 'text' ? checker.cacheKey(file.path, name, file.flavor, file.named, file.quotesOnly === true, outcome.text, outcome.bom) : undefined;
  if (keyed && keyed.key === options.cached) return { findings: [], counted: false, fixes: 0, cacheHit: true, cacheKey: keyed.key, configDigest: keyed.configDigest };
  const checked = file.quotesOnly ? checker.quotationsOf(file.path, name, file.flavor, outcome) : checker.check(file.path, name, file.flavor, outcome, file.named, { fix: options.fix, cacheKey: keyed?.key });
  if (keyed && file.quotesOnly) checked.cacheKey = keyed.key;
  if (keyed) checked.configDigest = keyed.configDigest;
  return checked;
}

/**
 * Workers to start besides the main thread: one fewer than the cores, at most 3; none for few files,
 * without a bundle to run, or when the machine's cores are busy already: there more threads only
 * share the same cores and cost more CPU time in all. None on two cores either: each thread loads
 * the bundle and warms up its own compiled code, and V8's compiler and collector threads need the
 * second core (measured on 10,000 small articles: one thread 2.8–3.2 s, with one worker 3.6–4.2 s
 * and 1.6 times the CPU time). `DATELINE_CLI_WORKERS` sets the number.
 */
function workerCount(files: number, script: string | undefined): number {
  if (!script) return 0;
  const set = process.env.DATELINE_CLI_WORKERS;
  if (set !== undefined && /^\d+$/.test(set)) return Math.min(Number(set), 16);
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  const cores = os.availableParallelism();
  // The one-minute load average: at or above the core count, every core is busy already.
  if (cores <= 2 || os.loadavg()[0] >= cores) return 0;
  return Math.max(0, Math.min(cores - 1, 3));
}

/** Checks the files on this thread and, when there are enough of them, on worker threads too. */
export async function checkFiles(files: Candidate[], settings: CheckSettings, checker: FileChecker, script: string | undefined, cached?: (string | undefined)[], registries?: ReadonlyMap<string, ParsedRegistry>): Promise<PoolResult> {
  const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
  const workerConfigs = new Map<string, FileFinding[]>();
  const count = workerCount(files.length, script);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const finished: Promise<void>[] = [];
  for (let k = 0; k < count; k++) {
    finished.push(
      new Promise<void>((resolve) => {
        let worker: Worker;
        try {
          worker = new Worker(script!, { workerData: { kind: CLI_WORKER } });
        } catch {
          // Without a worker this thread does its share.
          resolve();
          return;
        }
        let done = false;
        worker.on('message', (m: PoolMessage) => {
          if (m.kind === 'outcomes') {
            for (let j = 0; j < m.indexes.length; j++) outcomes[m.indexes[j]] = m.outcomes[j];
          } else {
            done = true;
            for (const c of m.configs) if (!workerConfigs.has(c.path)) workerConfigs.set(c.path, c.findings);
            void worker.terminate();
            resolve();
          }
        });
        // A failed worker's unfinished files are checked here afterwards.
        worker.on('error', () => resolve());
        worker.on('exit', () => {
          if (!done) resolve();
        });
        worker.postMessage({ settings, files, counter, cached, registries: registries && [...registries] } satisfies PoolJob);
      }),
    );
  }
  // This thread takes files from the same counter while the workers start and run.
  for (;;) {
    const i = Atomics.add(next, 0, 1);
    if (i >= files.length) break;
    outcomes[i] = checkCandidate(checker, files[i], settings, { cached: cached?.[i] });
  }
  await Promise.all(finished);
  for (let i = 0; i < files.length; i++) outcomes[i] ??= checkCandidate(checker, files[i], settings, { cached: cached?.[i] });
  return { outcomes: outcomes as FileOutcome[], workerConfigs, threads: count + 1 };
}

/** The body of a CLI worker: checks files from the shared counter until none is left, then reports its configs. */
export function runCliWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.once('message', (job: PoolJob) => {
    const checker = new FileChecker(job.settings);
    if (job.registries) {
      // The main thread keeps what is parsed here for the next run only if it parses it too.
      const kept = new Map(job.registries);
      checker.store.useRegistries({ get: (file, text) => kept.get(registryDigest(file, text)), set: () => undefined });
    }
    const next = new Int32Array(job.counter);
    let indexes: number[] = [];
    let outcomes: FileOutcome[] = [];
    const send = () => {
      if (!indexes.length) return;
      port.postMessage({ kind: 'outcomes', indexes, outcomes } satisfies PoolMessage);
      indexes = [];
      outcomes = [];
    };
    for (;;) {
      const i = Atomics.add(next, 0, 1);
      if (i >= job.files.length) break;
      indexes.push(i);
      outcomes.push(checkCandidate(checker, job.files[i], job.settings, { cached: job.cached?.[i] }));
      if (indexes.length >= BATCH) send();
    }
    send();
    const configs = [...checker.used].map(([path, loaded]) => ({ path, findings: configFindings(path, loaded, job.settings.cwd) }));
    port.postMessage({ kind: 'done', configs } satisfies PoolMessage);
  });
}
