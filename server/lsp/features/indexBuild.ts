import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { ArticleFlavor, FileSummary } from '../../core/index';
import type { ServerContext } from '../context';
import { summarizeJobFile, type FolderConfig, type IndexJob } from './indexWorker';
import { IndexWorkers } from './indexWorkers';
import type { BuildStats, IndexWorkerOptions } from './workspaceIndex';

/** Work between two yields to the event loop, so requests are answered while the index builds. */
export const SLICE_MS = 8;
/** The shortest gap between two progress reports. */
const REPORT_EVERY_MS = 100;
/** Fewer files than this are summarised sooner than a worker thread starts. */
const MIN_FILES_FOR_WORKERS = 200;
/** A worker silent this long while the build waits on it is given up, and its files done here. */
const WORKER_STALL_MS = 30_000;

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One build of the index: its files, how to make its job, and where its summaries go. */
export interface BuildInput {
  ctx: ServerContext;
  files: readonly { path: string; flavor: ArticleFlavor }[];
  /** The job the workers get (configs per folder), made once the workers are starting. */
  job(): Promise<IndexJob>;
  workers?: IndexWorkerOptions;
  /** Whether the client shows work-done progress. */
  progress: boolean;
  /** False once a newer build started: this one then stops. */
  current(): boolean;
  /** A file's summary, in file order (null: not an article, or open in the editor). */
  commit(uri: string, summary: FileSummary | null): void;
}

/**
 * Summarises a build's files on this thread and on worker threads, taking the next file from one
 * shared counter, and commits the summaries in file order. Undefined when a newer build took over.
 */
export async function runBuild(input: BuildInput): Promise<{ seen: Set<string>; stats: BuildStats } | undefined> {
  const { ctx, files } = input;
  // Workers start now, so they load while this thread reads the config.
  const options = input.workers;
  const count = options && files.length >= MIN_FILES_FOR_WORKERS ? (options.count ?? Math.max(1, Math.min(os.availableParallelism() - 1, 3))) : 0;
  let wake: (() => void) | undefined;
  const poke = () => {
    wake?.();
    wake = undefined;
  };
  let uris: readonly string[] = [];
  let onResult: (i: number, summary: FileSummary | null) => void = () => undefined;
  let onFailed: () => void = () => undefined;
  const workers = count > 0 ? new IndexWorkers(options!.script, count, {
    uris: () => uris,
    result: (i, summary) => onResult(i, summary),
    log: (message) => ctx.connection.console.error(message),
    failed: (reason) => {
      ctx.connection.console.warn(`Dateline indexes on the main thread alone: a worker thread ${reason}.`);
      onFailed();
    },
    wake: poke,
  }) : undefined;
  let progress: WorkDoneProgressReporter | undefined;
  try {
    if (input.progress) {
      progress = await ctx.connection.window.createWorkDoneProgress().catch(() => undefined);
      progress?.begin('Indexing articles', 0, undefined, false);
    }
    const job = await input.job();
    if (!input.current()) return undefined;
    uris = job.uris;
    const n = files.length;
    const seen = new Set(job.uris);
    const next = new Int32Array(job.counter);
    /** Summaries by file, until they go into the index in file order (null: none; undefined: not yet). */
    const results: (FileSummary | null | undefined)[] = new Array(n).fill(undefined);
    /** Files a failed worker had taken, to do here. */
    const redo: number[] = [];
    let committed = 0;
    let byWorkers = 0;
    onResult = (i, summary) => {
      if (i < committed || results[i] !== undefined) return;
      results[i] = summary;
      byWorkers++;
    };
    onFailed = () => {
      const taken = Math.min(n, Atomics.load(next, 0));
      for (let i = taken - 1; i >= committed; i--) if (results[i] === undefined) redo.push(i);
    };
    workers?.post(job);
    const mainShare = options?.mainThreadShare !== false;
    let sliceStart = Date.now();
    let reported = sliceStart;
    while (committed < n) {
      if (!input.current()) return undefined;
      let i = -1;
      while (redo.length && i < 0) {
        const r = redo.pop()!;
        if (results[r] === undefined) i = r;
      }
      if (i < 0 && (mainShare || !workers?.alive)) {
        const taken = Atomics.add(next, 0, 1);
        if (taken < n) i = taken;
      }
      if (i >= 0) {
        // The open document's live text wins; it is summarised from there.
        results[i] = ctx.documents.get(job.uris[i]) ? null : summarizeJobFile(ctx.service, job, i);
      } else if (results[committed] === undefined) {
        // Nobody is left to bring the next file in order: do it here.
        if (!workers?.alive) {
          redo.push(committed);
          continue;
        }
        // Every file is taken and the next one in order is a worker's: wait for it.
        const heard = workers.messages;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, WORKER_STALL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (workers.alive && workers.messages === heard) workers.fail(`did not answer for ${WORKER_STALL_MS / 1000} s`);
        sliceStart = Date.now();
        continue;
      }
      while (committed < n && results[committed] !== undefined) {
        input.commit(job.uris[committed], results[committed]!);
        results[committed++] = null;
      }
      const now = Date.now();
      if (now - sliceStart > SLICE_MS) {
        if (progress && now - reported > REPORT_EVERY_MS) {
          progress.report(Math.floor((100 * committed) / n), `${committed} of ${n} files`);
          reported = now;
        }
        await yieldToEventLoop();
        sliceStart = Date.now();
      }
    }
    if (!input.current()) return undefined;
    return { seen, stats: { files: n, workers: count, byWorkers } };
  } finally {
    workers?.stop();
    progress?.done();
  }
}

/** The files of a build with the config of each folder, looked up here once per folder. */
export async function makeJob(files: readonly { path: string; flavor: ArticleFlavor }[], roots: readonly string[], maxBytes: number, configOf: (file: string) => FolderConfig | undefined): Promise<IndexJob> {
  const n = files.length;
  const job: IndexJob = {
    counter: new SharedArrayBuffer(4),
    paths: files.map((f) => f.path),
    uris: files.map((f) => URI.file(f.path).toString()),
    roots: [...roots],
    maxBytes,
    markdown: new Uint8Array(n),
    folderOf: new Int32Array(n),
    folders: [],
  };
  const folderIndex = new Map<string, number>();
  let sliceStart = Date.now();
  for (let i = 0; i < n; i++) {
    // Many folders mean many config lookups; requests are answered meanwhile.
    if (Date.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = Date.now();
    }
    const file = files[i];
    if (file.flavor === 'markdown') job.markdown[i] = 1;
    const dir = path.dirname(file.path);
    let k = folderIndex.get(dir);
    if (k === undefined) {
      k = job.folders.length;
      const loaded = configOf(file.path);
      job.folders.push(loaded ? { path: loaded.path, config: loaded.config } : null);
      folderIndex.set(dir, k);
    }
    job.folderOf[i] = k;
  }
  return job;
}
