import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { createLanguageService, DEFAULT_MAX_FILE_SIZE, MentionSummary, QuoteSummary, sharedIds, type ArticleFlavor, type DatelineConfig, type FileSummary, type LanguageService } from '../../core/index';
import { readRegularText, rootContaining } from '../../node/files';

/*
 * What the workspace index does to one file on disk, shared by the server's main thread and the
 * index workers. A worker runs the server bundle itself (see server/server.ts), so this module
 * stays free of LSP plumbing: a worker only needs the core and the file system.
 */

/** Marks the `workerData` of an index worker, so the bundle knows which part to run. */
export const INDEX_WORKER = 'dateline-index-worker';

/** The config that applies to a folder's files: the `dateline.yaml`, if one applies. Plain data. */
export interface FolderConfig {
  path?: string;
  config: DatelineConfig;
}

/**
 * The files of one build, sent to each worker once. Workers and the main thread take the next file
 * from one shared counter, so whoever is free does the next one and no thread waits for another.
 */
export interface IndexJob {
  /** An Int32Array of one element: the index of the next file nobody has taken. */
  counter: SharedArrayBuffer;
  paths: string[];
  uris: string[];
  /** The workspace folders: no file is read whose real path leaves them. */
  roots: string[];
  /** Files larger than this are left out (the `dateline.maxFileSize` setting). */
  maxBytes: number;
  /** 1 for Markdown, 0 for `.article`. */
  markdown: Uint8Array;
  /** Per file: its folder's entry in `folders`. */
  folderOf: Int32Array;
  /** Config per folder; several folders share one config object, which the clone keeps. */
  folders: (FolderConfig | null)[];
}

/** What a worker sends back: encoded summaries (see SummaryWriter), log lines, and the end. */
export type WorkerMessage =
  | { kind: 'results'; data: Int32Array; strings: string[] }
  | { kind: 'log'; message: string }
  | { kind: 'done' };

/** Files summarised between two messages: small batches keep both heaps small and the index filling in order. */
const BATCH = 16;

/**
 * A file's text, or undefined when it is missing, unreadable, over the size limit, not a regular
 * file, or not inside one of the workspace folders (after links).
 */
export function readText(fsPath: string, roots: readonly string[], maxBytes = DEFAULT_MAX_FILE_SIZE): string | undefined {
  const root = rootContaining(fsPath, roots);
  if (root === undefined) return undefined;
  return readRegularText(fsPath, { maxBytes, root });
}

/** Summarises a text as the index does: undefined when it is not an article. */
export function summarizeFile(service: LanguageService, uri: string, fsPath: string, text: string, flavor: ArticleFlavor, loaded: FolderConfig | undefined): FileSummary | undefined {
  const relative = loaded?.path ? path.relative(path.dirname(loaded.path), fsPath) : undefined;
  return service.open(text, { flavor, config: loaded?.config, relativePath: relative }).summary(uri);
}

/** Reads and summarises file `i` of a job: null when it is unreadable or not an article. */
export function summarizeJobFile(service: LanguageService, job: IndexJob, i: number): FileSummary | null {
  const fsPath = job.paths[i];
  const text = readText(fsPath, job.roots, job.maxBytes);
  if (text === undefined) return null;
  const flavor: ArticleFlavor = job.markdown[i] ? 'markdown' : 'article';
  return summarizeFile(service, job.uris[i], fsPath, text, flavor, job.folders[job.folderOf[i]] ?? undefined) ?? null;
}

/**
 * Summaries as numbers, with each string sent once per worker: copying plain objects between
 * threads costs more than summarising. Per file: its index in the job, then 0 (no summary) or 1
 * and the publication (-1: none), the sources, per mention its text, `full`, range and actor ids,
 * and per quotation its range, speaker and speaker's name (-1: none) and word hashes.
 */
export class SummaryWriter {
  private readonly ids = new Map<string, number>();
  private strings: string[] = [];
  private data: number[] = [];
  /** Files written since the last take. */
  count = 0;

  add(i: number, summary: FileSummary | null): void {
    const d = this.data;
    this.count++;
    d.push(i);
    if (!summary) {
      d.push(0);
      return;
    }
    d.push(1, summary.publication === undefined ? -1 : this.id(summary.publication), summary.sources.length);
    for (const s of summary.sources) d.push(this.id(s));
    d.push(summary.mentions.length);
    for (const m of summary.mentions) {
      d.push(this.id(m.text), m.full ? 1 : 0, m.line, m.character, m.endLine, m.endCharacter, m.actorIds.length);
      for (const id of m.actorIds) d.push(this.id(id));
    }
    const quotes = summary.quotes ?? [];
    d.push(quotes.length);
    for (const q of quotes) {
      if (q instanceof QuoteSummary) d.push(q.line, q.character, q.endLine, q.endCharacter);
      else {
        const { start, end } = q.range;
        d.push(start.line, start.character, end.line, end.character);
      }
      d.push(q.speaker === undefined ? -1 : this.id(q.speaker), q.speakerName === undefined ? -1 : this.id(q.speakerName), q.words.length);
      // Word hashes are unsigned; an Int32Array keeps their bits.
      for (const w of q.words) d.push(w | 0);
    }
  }

  /** What was written since the last take, as one message. */
  take(): WorkerMessage & { kind: 'results' } {
    const message = { kind: 'results' as const, data: Int32Array.from(this.data), strings: this.strings };
    this.data = [];
    this.strings = [];
    this.count = 0;
    return message;
  }

  private id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
      this.strings.push(s);
    }
    return id;
  }
}

/** Reads what one worker's SummaryWriter wrote, message after message. */
export class SummaryReader {
  private readonly strings: string[] = [];
  /** Per string id, the frozen list of that one actor id. */
  private readonly single = new Map<number, readonly string[]>();

  /** Calls `each` with every file's index and summary (null: none), given each file's URI. */
  read(message: WorkerMessage & { kind: 'results' }, uris: readonly string[], each: (i: number, summary: FileSummary | null) => void): void {
    const strings = this.strings;
    for (const s of message.strings) strings.push(s);
    const d = message.data;
    let p = 0;
    while (p < d.length) {
      const i = d[p++];
      if (d[p++] === 0) {
        each(i, null);
        continue;
      }
      const pub = d[p++];
      const sources: string[] = new Array(d[p++]);
      for (let k = 0; k < sources.length; k++) sources[k] = strings[d[p++]];
      const mentions: MentionSummary[] = new Array(d[p++]);
      for (let k = 0; k < mentions.length; k++) {
        const text = strings[d[p++]];
        const full = d[p++] === 1;
        const line = d[p++];
        const character = d[p++];
        const endLine = d[p++];
        const endCharacter = d[p++];
        const count = d[p++];
        let actorIds: readonly string[];
        if (count === 1) {
          // Nearly every mention names one actor: each actor's list is made once.
          const id = d[p++];
          actorIds = this.single.get(id) ?? this.single.set(id, Object.freeze([strings[id]])).get(id)!;
        } else {
          const ids: string[] = new Array(count);
          for (let j = 0; j < count; j++) ids[j] = strings[d[p++]];
          actorIds = sharedIds(ids);
        }
        mentions[k] = new MentionSummary(actorIds, text, full, line, character, endLine, endCharacter);
      }
      const summary: FileSummary = { uri: uris[i], publication: pub < 0 ? undefined : strings[pub], sources, mentions };
      const quoteCount = d[p++];
      if (quoteCount > 0) {
        const quotes: NonNullable<FileSummary['quotes']> = new Array(quoteCount);
        for (let k = 0; k < quoteCount; k++) {
          const line = d[p++];
          const character = d[p++];
          const endLine = d[p++];
          const endCharacter = d[p++];
          const speaker = d[p++];
          const speakerName = d[p++];
          const words: number[] = new Array(d[p++]);
          for (let j = 0; j < words.length; j++) words[j] = d[p++] >>> 0;
          quotes[k] = new QuoteSummary(words, line, character, endLine, endCharacter, speaker < 0 ? undefined : strings[speaker], speakerName < 0 ? undefined : strings[speakerName]);
        }
        summary.quotes = quotes;
      }
      each(i, summary);
    }
  }
}

/** The body of an index worker: waits for its job, summarises files until none is left, then ends. */
export function runIndexWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.once('message', (job: IndexJob) => {
    const service = createLanguageService({ logger: { log: (message) => port.postMessage({ kind: 'log', message } satisfies WorkerMessage) } });
    const next = new Int32Array(job.counter);
    const writer = new SummaryWriter();
    const send = () => {
      if (!writer.count) return;
      const message = writer.take();
      port.postMessage(message, [message.data.buffer as ArrayBuffer]);
    };
    for (;;) {
      const i = Atomics.add(next, 0, 1);
      if (i >= job.paths.length) break;
      writer.add(i, summarizeJobFile(service, job, i));
      if (writer.count >= BATCH) send();
    }
    send();
    port.postMessage({ kind: 'done' } satisfies WorkerMessage);
  });
}
