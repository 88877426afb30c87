import * as path from 'node:path';
import { FileChangeType, type FileEvent, type InitializeParams } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { DEFAULT_MAX_FILE_SIZE, quoteFingerprints, summarize, WorkspaceIndex, type ArticleFlavor, type FileSummary } from '../../core/index';
import { collectFiles } from '../../node/cliFiles';
import { CONFIG_FILE } from '../../node/configStore';
import { rootContaining } from '../../node/files';
import type { Feature, ServerContext } from '../context';
import { ServerWorkspace } from '../workspace';
import { IndexConfigs, type WorkspaceConfig } from './indexConfigs';
import { summarizeFile } from './indexWorker';
import { makeJob, runBuild, SLICE_MS, yieldToEventLoop } from './indexBuild';

export type { WorkspaceConfig } from './indexConfigs';

/** How long an open document's edits pause before its summary is refreshed. */
const OPEN_DEBOUNCE_MS = 250;
/** How long quotation changes gather before open articles are checked again for quote-conflict. */
const QUOTES_DEBOUNCE_MS = 300;

/** How builds use worker threads. */
export interface IndexWorkerOptions {
  /** The script a worker runs: the server bundle, which runs the worker part when its `workerData` says so. */
  script: string;
  /** Workers per build; by default one fewer than the cores, at least 1 and at most 3. */
  count?: number;
  /** False leaves every file to the workers while they run (tests use it to check what workers give). */
  mainThreadShare?: boolean;
}

/** How the last finished build went. */
export interface BuildStats {
  files: number;
  /** Workers started; 0 when the build ran on the main thread alone. */
  workers: number;
  /** Files whose summary came from a worker. */
  byWorkers: number;
}

function flavorOf(file: string): ArticleFlavor | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === '.article' ? 'article' : ext === '.md' ? 'markdown' : undefined;
}

/**
 * The workspace index: a summary of every article under the workspace folders, built in the
 * background after `initialized` and kept current from open documents and watched-file events.
 * Only summaries are kept, never texts.
 */
export class WorkspaceIndexFeature implements Feature {
  private readonly index = new WorkspaceIndex();
  private ctx?: ServerContext;
  private progressSupported = false;
  /** Bumped by each rebuild; a build that sees a newer one stops. */
  private generation = 0;
  /** Index work runs one task at a time, in order. */
  private tail: Promise<void> = Promise.resolve();
  /** Files on disk waiting to be re-read. */
  private readonly pending = new Set<string>();
  private draining = false;
  /** Open documents whose summary is older than their text. */
  private readonly dirty = new Map<string, NodeJS.Timeout>();
  private readonly changeListeners: (() => void)[] = [];
  private workerOptions?: IndexWorkerOptions;
  /** The size limit of `dateline.maxFileSize`, read for the first workspace folder at each build. */
  private maxBytes = DEFAULT_MAX_FILE_SIZE;
  private stats?: BuildStats;
  private quotesSeen = 0;
  private quoteTimer?: NodeJS.Timeout;
  /** The config lookup the index and navigation share. */
  readonly configs = new IndexConfigs(() => this.ctx);
  private files?: ServerWorkspace;

  /** The files as the index reads them: open documents' live text, else the disk's (nothing from disk in Restricted Mode). */
  get workspace(): ServerWorkspace | undefined {
    return this.files;
  }

  /**
   * Lets builds summarise files in worker threads besides the main thread. A build in Restricted
   * Mode reads no files, so it never starts one.
   */
  useWorkers(options: IndexWorkerOptions | undefined): void {
    this.workerOptions = options;
  }

  /** How the last finished build went; undefined before the first. */
  buildStats(): BuildStats | undefined {
    return this.stats;
  }

  /** The live index. Other features read it; it fills in the background after `initialized`. */
  current(): WorkspaceIndex {
    return this.index;
  }

  /** Called after the index changed (a build finished, a file was re-read or an open document edited). */
  onDidChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Resolves once queued work is done and open documents' summaries match their text. */
  async ready(): Promise<void> {
    let tail: Promise<void>;
    do {
      tail = this.tail;
      await tail;
    } while (tail !== this.tail);
    await this.flush();
  }

  /** Summarises edited open documents now instead of after their debounce. */
  async flush(): Promise<void> {
    const uris = [...this.dirty.keys()];
    for (const uri of uris) {
      clearTimeout(this.dirty.get(uri));
      this.dirty.delete(uri);
    }
    for (const uri of uris) await this.summarizeOpen(uri);
  }

  capabilities(params: InitializeParams) {
    this.progressSupported = params.capabilities.window?.workDoneProgress === true;
    return {};
  }

  register(ctx: ServerContext): void {
    this.ctx = ctx;
    this.files = new ServerWorkspace(ctx.documents, () => ctx.roots(), () => ctx.trusted(), () => this.maxBytes);
    ctx.useQuotes(this.index);
    const { documents } = ctx;
    documents.onDidOpen((e) => this.markDirty(e.document.uri, 0));
    documents.onDidChangeContent((e) => this.markDirty(e.document.uri, OPEN_DEBOUNCE_MS));
    documents.onDidClose((e) => {
      const uri = e.document.uri;
      clearTimeout(this.dirty.get(uri));
      this.dirty.delete(uri);
      // Back to the file on disk, if it is one the index covers.
      const parsed = URI.parse(uri);
      if (parsed.scheme === 'file' && flavorOf(parsed.fsPath) && rootContaining(parsed.fsPath, ctx.roots()) !== undefined && ctx.trusted()) this.schedule([parsed.fsPath]);
      else this.remove(uri);
    });
    ctx.onFilesChanged((changes, configChanged) => this.filesChanged(changes, configChanged));
  }

  initialized(): void {
    this.rebuild();
  }

  /** Re-reads every article, after the workspace opened, became trusted, or a config or registry changed. */
  rebuild(): void {
    const generation = ++this.generation;
    this.pending.clear();
    // Mentions depend on the registry, so open documents are summarised again too.
    for (const doc of this.ctx?.documents.all() ?? []) this.markDirty(doc.uri, 0);
    this.enqueue(() => this.build(generation));
  }

  private filesChanged(changes: readonly FileEvent[], configChanged: boolean): void {
    let rebuild = configChanged;
    const reread: string[] = [];
    for (const change of changes) {
      const uri = URI.parse(change.uri);
      if (uri.scheme !== 'file') continue;
      const fsPath = uri.fsPath;
      if (path.basename(fsPath) === CONFIG_FILE || (!configChanged && /\.ya?ml$/i.test(fsPath) && this.configs.isRegistry(fsPath))) {
        rebuild = true;
        continue;
      }
      // The open document's live text wins over the disk.
      if (this.ctx?.documents.get(change.uri)) continue;
      if (!flavorOf(fsPath)) {
        // A deleted folder takes its articles with it.
        if (change.type === FileChangeType.Deleted) this.removeUnder(uri.toString());
        continue;
      }
      if (change.type === FileChangeType.Deleted) this.remove(URI.file(fsPath).toString());
      else reread.push(fsPath);
    }
    if (rebuild) this.rebuild();
    else if (reread.length) this.schedule(reread);
  }

  private schedule(paths: string[]): void {
    for (const p of paths) this.pending.add(p);
    if (this.draining) return;
    this.draining = true;
    this.enqueue(() => this.drain());
  }

  /** Re-reads queued files, yielding between slices. */
  private async drain(): Promise<void> {
    let changed = false;
    try {
      let sliceStart = Date.now();
      while (this.pending.size) {
        const next = this.pending.values().next().value as string;
        this.pending.delete(next);
        changed = this.indexFile(next, new Map()) || changed;
        if (Date.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop();
          sliceStart = Date.now();
        }
      }
    } finally {
      this.draining = false;
    }
    if (changed) this.changed();
  }

  private async build(generation: number): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return;
    if (!ctx.trusted()) {
      // Restricted Mode: only open documents, which are summarised with default config.
      for (const file of [...this.index.all()]) if (!ctx.documents.get(file.uri)) this.index.delete(file.uri);
      this.changed();
      return;
    }
    const first = ctx.roots()[0];
    if (first !== undefined) this.maxBytes = (await ctx.settingsFor(URI.file(first).toString())).maxFileSize;
    if (generation !== this.generation) return;
    const files: { path: string; flavor: ArticleFlavor }[] = [];
    // A workspace may hold a hundred thousand articles: no spread into push.
    for (const root of ctx.roots()) for (const file of collectFiles([root], root).files) files.push(file);
    const built = await runBuild({
      ctx,
      files,
      job: () => makeJob(files, ctx.roots(), this.maxBytes, (file) => this.configs.configOf(file)),
      workers: this.workerOptions,
      progress: this.progressSupported,
      current: () => generation === this.generation,
      commit: (uri, summary) => this.commit(uri, summary),
    });
    if (!built || generation !== this.generation) return;
    // Files that are gone since the last build; open documents stay.
    for (const file of [...this.index.all()]) if (!built.seen.has(file.uri) && !ctx.documents.get(file.uri)) this.index.delete(file.uri);
    this.stats = built.stats;
    this.changed();
  }

  /** Puts a build's summary of a file on disk into the index (null: the file is not an article). */
  private commit(uri: string, summary: FileSummary | null): void {
    if (this.ctx?.documents.get(uri)) return;
    if (summary) this.index.set(summary);
    else this.remove(uri);
  }

  /** Reads one file from disk into the index. Returns whether the index changed. */
  private indexFile(fsPath: string, configs: Map<string, WorkspaceConfig | undefined>, flavor = flavorOf(fsPath) ?? 'article'): boolean {
    const uri = URI.file(fsPath).toString();
    if (this.ctx?.documents.get(uri)) return false;
    const read = this.files?.read(uri);
    if (read?.kind !== 'text') return this.remove(uri);
    const text = read.text;
    // One config lookup per folder: every file in it shares the nearest dateline.yaml.
    const dir = path.dirname(fsPath);
    let loaded = configs.get(dir);
    if (!configs.has(dir)) {
      loaded = this.configs.configOf(fsPath);
      configs.set(dir, loaded);
    }
    const summary = summarizeFile(this.ctx!.service, uri, fsPath, text, flavor, loaded);
    if (!summary) return this.remove(uri);
    this.index.set(summary);
    return true;
  }


  private markDirty(uri: string, delay: number): void {
    const doc = this.ctx?.documents.get(uri);
    if (!doc || (doc.languageId !== 'article' && doc.languageId !== 'markdown')) return;
    clearTimeout(this.dirty.get(uri));
    this.dirty.set(uri, setTimeout(() => {
      this.dirty.delete(uri);
      void this.summarizeOpen(uri);
    }, delay));
  }

  /** An open document's summary, from the same analysis its diagnostics use. */
  private async summarizeOpen(uri: string): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return;
    try {
      const version = ctx.documents.get(uri)?.version;
      const analysis = await ctx.analysis(uri);
      if (!analysis) return;
      // The document was closed or edited again meanwhile; that event brings its own update.
      if (ctx.documents.get(uri)?.version !== version) return;
      const article = analysis.article;
      if (article) this.index.set(summarize(uri, article, quoteFingerprints(article, analysis.config)));
      else this.index.delete(uri);
      this.changed();
    } catch (e) {
      ctx.connection.console.error(`Dateline could not index ${uri}: ${(e as Error).stack ?? e}`);
    }
  }

  private remove(uri: string): boolean {
    if (!this.index.get(uri)) return false;
    this.index.delete(uri);
    this.changed();
    return true;
  }

  private removeUnder(folderUri: string): void {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    for (const file of [...this.index.all()]) if (file.uri.startsWith(prefix) && !this.ctx?.documents.get(file.uri)) this.index.delete(file.uri);
    this.changed();
  }

  private enqueue(task: () => Promise<void>): void {
    this.tail = this.tail.then(task).catch((e) => {
      this.ctx?.connection.console.error(`Dateline indexing failed: ${(e as Error).stack ?? e}`);
    });
  }

  private changed(): void {
    // Some article's quotations changed: other open articles' quote-conflict findings may have too.
    // Changes come in bursts (a build, many files opened at once): one re-check after the burst.
    if (this.index.quoteGeneration !== this.quotesSeen && !this.quoteTimer) {
      this.quoteTimer = setTimeout(() => {
        this.quoteTimer = undefined;
        this.quotesSeen = this.index.quoteGeneration;
        const { changed, moved } = this.index.takeQuoteChanges();
        this.ctx?.revalidateOthers(changed, moved);
      }, QUOTES_DEBOUNCE_MS);
      this.quoteTimer.unref?.();
    }
    for (const listener of this.changeListeners) listener();
  }
}

/** The server's one workspace index. */
export const workspaceIndexFeature = new WorkspaceIndexFeature();
