import * as path from 'node:path';
import {
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type FileEvent,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { createLanguageService, defaultConfig, withConfigSeverities, type AnalysisResult, type DatelineConfig, type LanguageService, type QuoteLookup } from '../core/index';
import { CONFIG_FILE, ConfigStore } from '../node/configStore';
import { toDiagnostic } from './convert';
import { ArticleStatsRequest, CheckWorkspaceRequest, WorkspaceTrustedNotification, type ArticleStats, type WorkspaceCheckResult } from './protocol';
import { SettingsCache, type Settings } from './settings';
import { collectFiles } from '../node/cliFiles';
import { readRegularFile, rootContaining } from '../node/files';
import { version as VERSION } from '../../package.json';


/** How long typing must pause before a document is re-checked. */
const DEBOUNCE_MS = 150;

export interface InitializationOptions {
  /** False in VS Code's Restricted Mode: workspace config and registries are then ignored. */
  workspaceTrusted?: boolean;
}

interface Analysed {
  version: number;
  result: AnalysisResult;
  config: DatelineConfig;
}

/** What a feature module gets: the open documents, the core, and the current analysis of each. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: LanguageService;
  /** The analysis of an open document's current version, with the config it used. */
  analysis(uri: string): Promise<{ doc: TextDocument; result: AnalysisResult; config: DatelineConfig } | undefined>;
  /** The config that applies to a file (defaults in Restricted Mode or outside a folder). */
  configFor(uri: string): DatelineConfig;
  /** Workspace folders on disk. */
  roots(): readonly string[];
  /** Re-check every open document (after the registry or index changed). */
  revalidateAll(): void;
  /** Where analyses find the quotations of other articles (quote-conflict): the workspace index. */
  useQuotes(lookup: QuoteLookup): void;
  /** False in Restricted Mode: nothing but open documents may then be read. */
  trusted(): boolean;
  /**
   * Called after the server handled files changed outside the editor. `configChanged` is true when a
   * config or registry changed or the workspace became trusted: everything derived from them is stale.
   */
  onFilesChanged(listener: (changes: readonly FileEvent[], configChanged: boolean) => void): void;
  /** The `dateline.yaml` that applies to a file and the actors files it names (trusted file URIs only). */
  configFilesFor(uri: string): { config?: string; registries: string[] };
  /** The client's capabilities, as sent in `initialize`. */
  clientCapabilities(): InitializeParams['capabilities'];
  /** The `dateline.*` settings for a resource (defaults when the client has none). */
  settingsFor(uri: string): Promise<Settings>;
}

/** A language feature: its capabilities, and its handlers registered on the connection. */
export interface Feature {
  capabilities(params: InitializeParams): InitializeResult['capabilities'];
  register(ctx: ServerContext): void;
  /** Runs after `initialized`, for work such as building an index in the background. */
  initialized?(ctx: ServerContext): void;
}

/**
 * How open documents are created and changed. A change whose range starts or ends on a line past
 * the end is held to the end of the document first, as the protocol reads such positions: given
 * as they are, the text document library puts a hole in its line table and every later position
 * in the document is off.
 */
export const documentsConfig = {
  create: TextDocument.create,
  update(doc: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): TextDocument {
    const inside = (p: { line: number; character: number }) => (p.line >= doc.lineCount ? doc.positionAt(doc.getText().length) : p);
    for (const change of changes) {
      TextDocument.update(doc, ['range' in change ? { text: change.text, range: { start: inside(change.range.start), end: inside(change.range.end) } } : change], version);
    }
    return doc;
  },
};

/** Wires the LSP connection to the core. Handlers fetch the document, call the core, convert. */
export function startServer(connection: Connection, features: readonly Feature[] = []): void {
  const service: LanguageService = createLanguageService({ logger: { log: (m) => connection.console.error(m) } });
  const documents = new TextDocuments(documentsConfig);
  const configs = new ConfigStore(service);
  const settings = new SettingsCache(connection);
  const timers = new Map<string, NodeJS.Timeout>();
  const analysed = new Map<string, Analysed>();
  /** Config files we published diagnostics for, so a fix or deletion clears them. */
  const configDiagnostics = new Map<string, string>();
  let trusted = true;
  let quotes: QuoteLookup | undefined;
  let roots: string[] = [];
  let clientCapabilities: InitializeParams['capabilities'] = {};
  const fileListeners: ((changes: readonly FileEvent[], configChanged: boolean) => void)[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    trusted = options.workspaceTrusted !== false;
    clientCapabilities = params.capabilities;
    settings.supported = params.capabilities.workspace?.configuration === true;
    roots = (params.workspaceFolders ?? [])
      .map((f) => URI.parse(f.uri))
      .filter((u) => u.scheme === 'file')
      .map((u) => u.fsPath);
    if (!roots.length && params.rootUri) roots = [URI.parse(params.rootUri).fsPath];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...Object.assign({}, ...features.map((f) => f.capabilities(params))),
      },
      serverInfo: { name: 'dateline', version: VERSION },
    };
  });

  const context: ServerContext = {
    connection,
    documents,
    service,
    async analysis(uri) {
      const doc = documents.get(uri);
      if (!doc) return undefined;
      const entry = await analysedNow(doc);
      return { doc, result: entry.result, config: entry.config };
    },
    configFor: (uri) => configOf(URI.parse(uri)).config,
    roots: () => roots,
    revalidateAll,
    useQuotes: (lookup) => {
      quotes = lookup;
    },
    trusted: () => trusted,
    onFilesChanged: (listener) => void fileListeners.push(listener),
    configFilesFor(uri) {
      const u = URI.parse(uri);
      if (!trusted || u.scheme !== 'file') return { registries: [] };
      const loaded = configs.forFile(u.fsPath, rootOf(u.fsPath));
      return { config: loaded.path, registries: loaded.registries.map((r) => r.path) };
    },
    clientCapabilities: () => clientCapabilities,
    settingsFor: (uri) => settings.get(uri),
  };
  for (const feature of features) feature.register(context);

  connection.onInitialized(() => {
    if (settings.supported) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dateline' }).catch(() => undefined);
    }
    for (const feature of features) feature.initialized?.(context);
  });

  connection.onDidChangeConfiguration(() => {
    settings.forget();
    revalidateAll();
  });

  connection.onNotification(WorkspaceTrustedNotification.type, () => {
    trusted = true;
    configs.invalidate();
    revalidateAll();
    for (const listener of fileListeners) listener([], true);
  });

  documents.onDidOpen((e) => void validate(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    cancel(uri);
    analysed.delete(uri);
    settings.forget(uri);
    if (!configDiagnostics.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles((params) => {
    let configChanged = false;
    for (const change of params.changes) {
      const uri = URI.parse(change.uri);
      if (path.basename(uri.fsPath) === CONFIG_FILE || configs.isRegistry(uri.fsPath)) {
        configChanged = true;
        if (change.type === FileChangeType.Deleted && !documents.get(change.uri)) {
          configDiagnostics.delete(uri.toString());
          void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        }
      } else if (change.type === FileChangeType.Deleted && !documents.get(change.uri)) {
        // A file deleted outside the editor leaves no stale problems behind.
        void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
      }
    }
    if (configChanged) {
      configs.invalidate();
      revalidateAll();
    }
    for (const listener of fileListeners) listener(params.changes, configChanged);
  });


  connection.onRequest(ArticleStatsRequest.type, (params) => safely(() => articleStats(params.uri), null));

  connection.onRequest(CheckWorkspaceRequest.type, () => safely(checkWorkspace, { files: 0, problems: { error: 0, warning: 0, info: 0, hint: 0 } }));

  documents.listen(connection);
  connection.listen();

  function schedule(uri: string): void {
    cancel(uri);
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      void validate(uri);
    }, DEBOUNCE_MS));
  }

  function cancel(uri: string): void {
    const t = timers.get(uri);
    if (t) clearTimeout(t);
    timers.delete(uri);
  }

  function revalidateAll(): void {
    analysed.clear();
    for (const doc of documents.all()) schedule(doc.uri);
  }

  async function validate(uri: string): Promise<void> {
    try {
      const doc = documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      const docSettings = await settings.get(uri);
      const current = documents.get(uri);
      // A newer version is on its way; its own run will publish.
      if (!current || current.version !== version) return;
      const diagnostics = diagnose(current, docSettings);
      if (documents.get(uri)?.version !== version) return;
      await connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (e) {
      connection.console.error(`Dateline could not check ${uri}: ${(e as Error).stack ?? e}`);
    }
  }

  function diagnose(doc: TextDocument, docSettings: Settings): Diagnostic[] {
    const uri = URI.parse(doc.uri);
    const isFile = uri.scheme === 'file';
    if (isFile && path.basename(uri.fsPath) === CONFIG_FILE) {
      return trusted ? service.parseConfig(doc.getText()).findings.map(toDiagnostic) : [];
    }
    if (doc.languageId === 'yaml') {
      // An actors registry is checked from its live text; other YAML files are not ours.
      const naming = trusted && isFile ? configs.namingConfig(uri.fsPath) : undefined;
      return naming ? withConfigSeverities(service.parseActors(doc.getText(), uri.fsPath).findings, naming.config).map(toDiagnostic) : [];
    }
    // A completion or hover may already have analysed this version; config changes clear the cache.
    let entry = analysed.get(doc.uri);
    if (!entry || entry.version !== doc.version) {
      entry = { version: doc.version, ...analyse(doc, docSettings) };
      analysed.set(doc.uri, entry);
    }
    return entry.result.findings.map(toDiagnostic);
  }

  function configOf(uri: URI): { config: DatelineConfig; dir?: string } {
    if (!trusted || uri.scheme !== 'file') return { config: defaultConfig() };
    const loaded = configs.forFile(uri.fsPath, rootOf(uri.fsPath));
    if (!loaded.path) return { config: loaded.config };
    publishConfigProblems(loaded.path, loaded.findings.map(toDiagnostic));
    for (const registry of loaded.registries) publishConfigProblems(registry.path, registry.findings.map(toDiagnostic));
    return { config: loaded.config, dir: path.dirname(loaded.path) };
  }

  function analyse(doc: TextDocument, docSettings: Settings): { result: AnalysisResult; config: DatelineConfig } {
    const uri = URI.parse(doc.uri);
    const text = doc.getText();
    const flavor = doc.languageId === 'markdown' ? 'markdown' : 'article';
    const { config, dir: configDir } = configOf(uri);
    const relative = configDir && uri.scheme === 'file' ? path.relative(configDir, uri.fsPath) : uri.path.replace(/^\//, '');
    const settings = { severityOverrides: docSettings.severityOverrides, minWords: docSettings.minWords };
    const opened = service.open(text, { flavor, config, relativePath: relative, settings, maxFileSize: docSettings.maxFileSize, quotes, uri: doc.uri });
    return { result: opened.result, config: opened.config };
  }

  function publishConfigProblems(configPath: string, diagnostics: Diagnostic[]): void {
    const uri = URI.file(configPath).toString();
    // An open dateline.yaml or registry is checked from its live text instead.
    if (documents.get(uri)) return;
    const key = JSON.stringify(diagnostics);
    if (configDiagnostics.get(uri) === key) return;
    if (diagnostics.length) configDiagnostics.set(uri, key);
    else configDiagnostics.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics });
  }

  function rootOf(fsPath: string): string | undefined {
    return rootContaining(fsPath, roots);
  }

  async function articleStats(uri: string): Promise<ArticleStats | null> {
    const doc = documents.get(uri);
    if (!doc) return null;
    const { result } = await analysedNow(doc);
    const article = result.article;
    const problems = { error: 0, warning: 0, info: 0, hint: 0 };
    for (const f of result.findings) problems[f.severity]++;
    if (!article) return { isArticle: false, words: 0, quotations: 0, citations: 0, uncited: 0, problems };
    const text = article.text;
    let words = 0;
    for (const p of article.body.paragraphs) words += text.slice(p.start, p.end).split(/\s+/).filter(Boolean).length;
    return {
      isArticle: true,
      words,
      quotations: article.body.quotations.length,
      citations: article.body.citations.length,
      uncited: result.findings.filter((f) => f.ruleId === 'quote-uncited').length,
      problems,
    };
  }

  /**
   * Checks every article on disk under the workspace folders; open documents use their live text.
   * Restricted Mode reads nothing from disk, so it checks the open documents only.
   */
  async function checkWorkspace(): Promise<WorkspaceCheckResult> {
    const problems = { error: 0, warning: 0, info: 0, hint: 0 };
    let files = 0;
    const count = (diagnostics: readonly Diagnostic[]) => {
      for (const d of diagnostics) problems[(['error', 'error', 'warning', 'info', 'hint'] as const)[d.severity ?? 1]]++;
    };
    if (!trusted) {
      for (const doc of documents.all()) {
        const diagnostics = diagnose(doc, await settings.get(doc.uri));
        files++;
        count(diagnostics);
      }
      return { files, problems };
    }
    for (const root of roots) {
      for (const candidate of collectFiles([root], root).files) {
        const uri = URI.file(candidate.path).toString();
        const open = documents.get(uri);
        let diagnostics: Diagnostic[];
        if (open) {
          diagnostics = diagnose(open, await settings.get(uri));
        } else {
          const docSettings = await settings.get(uri);
          const outcome = readRegularFile(candidate.path, { maxBytes: docSettings.maxFileSize, root });
          // Skipped files are the CLI's to explain; here they are left out of the count.
          if (outcome.kind !== 'text') continue;
          const doc = TextDocument.create(uri, candidate.flavor === 'markdown' ? 'markdown' : 'article', 0, outcome.text);
          diagnostics = analyse(doc, docSettings).result.findings.map(toDiagnostic);
        }
        files++;
        if (!open && !diagnostics.length) continue;
        count(diagnostics);
        void connection.sendDiagnostics({ uri, diagnostics });
      }
    }
    return { files, problems };
  }

  async function analysedNow(doc: TextDocument): Promise<Analysed> {
    let entry = analysed.get(doc.uri);
    if (!entry || entry.version !== doc.version) {
      entry = { version: doc.version, ...analyse(doc, await settings.get(doc.uri)) };
      analysed.set(doc.uri, entry);
    }
    return entry;
  }

  function safely<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
    return fn().catch((e) => {
      connection.console.error(`Dateline request failed: ${(e as Error).stack ?? e}`);
      return fallback;
    });
  }
}

