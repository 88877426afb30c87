import {
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { createLanguageService, DEFAULT_MAX_FILE_SIZE } from '../core/index';
import { version as VERSION } from '../../package.json';
import { AnalysisCache, Analyzer } from './analyses';
import { ConfigProblems } from './configProblems';
import { ServerConfigs } from './configs';
import type { Feature, ServerContext } from './context';
import { createDiagnose } from './diagnose';
import { documentsConfig } from './documents';
import { WorkspaceTrustedNotification } from './protocol';
import { SettingsCache } from './settings';
import { Validator } from './validator';
import { ServerWorkspace } from './workspace';

export type { CurrentAnalysis, Feature, ServerContext } from './context';
export { documentsConfig } from './documents';

export interface InitializationOptions {
  /** False in VS Code's Restricted Mode: workspace config and registries are then ignored. */
  workspaceTrusted?: boolean;
}

/**
 * Wires the LSP connection to the core, from small parts: the configs (with their problems
 * published from the config store's events), one analysis cache, one validator, and the features.
 */
export function startServer(connection: Connection, features: readonly Feature[] = []): void {
  const service = createLanguageService({ logger: { log: (m) => connection.console.error(m) } });
  const documents = new TextDocuments(documentsConfig);
  const settings = new SettingsCache(connection);
  const configs = new ServerConfigs(service);
  const configProblems = new ConfigProblems(connection, documents, settings, configs);
  const analyzer = new Analyzer(service, configs);
  const analyses = new AnalysisCache(analyzer, settings);
  const diagnose = createDiagnose(service, configs, analyses);
  const validator = new Validator(connection, documents, settings, diagnose);
  const fileListeners: ((changes: readonly FileEvent[], configChanged: boolean) => void)[] = [];
  let clientCapabilities: InitializeParams['capabilities'] = {};

  /** Settings, configs or registries changed: every analysis is stale. */
  const revalidateAll = (configChanged = true) => {
    analyses.clear();
    validator.revalidateAll(configChanged);
  };

  const context: ServerContext = {
    connection,
    documents,
    service,
    workspace: new ServerWorkspace(documents, () => configs.roots(), () => configs.trusted(), () => DEFAULT_MAX_FILE_SIZE),
    async analysis(uri) {
      const doc = documents.get(uri);
      return doc && analyses.get(doc);
    },
    analyseText: async (uri, flavor, text) => analyzer.analyse(uri, flavor, text, await settings.get(uri)),
    diagnose: async (doc) => ((await settings.get(doc.uri)).enable ? diagnose(doc) : []),
    configFor: (uri) => configs.forUri(uri).config,
    roots: () => configs.roots(),
    revalidateOthers: (changed, moved = []) => {
      // Where quotations only moved, only diagnostics that point at them change.
      const words = changed.filter((c) => !moved.includes(c));
      const stale = documents.all().map((d) => d.uri).filter((uri) => words.some((c) => c !== uri) || validator.pointsAt(uri, moved));
      for (const uri of stale) analyses.forget(uri);
      validator.revalidate(stale, false);
    },
    useQuotes: (lookup) => analyzer.useQuotes(lookup),
    trusted: () => configs.trusted(),
    onFilesChanged: (listener) => void fileListeners.push(listener),
    configFilesFor: (uri) => configs.filesFor(uri),
    clientCapabilities: () => clientCapabilities,
    settingsFor: (uri) => settings.get(uri),
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    clientCapabilities = params.capabilities;
    settings.supported = params.capabilities.workspace?.configuration === true;
    let roots = (params.workspaceFolders ?? [])
      .map((f) => URI.parse(f.uri))
      .filter((u) => u.scheme === 'file')
      .map((u) => u.fsPath);
    if (!roots.length && params.rootUri) roots = [URI.parse(params.rootUri).fsPath];
    configs.setWorkspace(roots, options.workspaceTrusted !== false);
    return {
      capabilities: {
        // Saves are heard for `dateline.run: onSave`.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        ...Object.assign({}, ...features.map((f) => f.capabilities(params))),
      },
      serverInfo: { name: 'dateline', version: VERSION },
    };
  });
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
    configProblems.refresh();
  });

  connection.onNotification(WorkspaceTrustedNotification.type, () => {
    configs.trust();
    revalidateAll();
    for (const listener of fileListeners) listener([], true);
  });

  documents.onDidOpen((e) => validator.opened(e.document.uri));
  documents.onDidChangeContent((e) => validator.changed(e.document.uri));
  documents.onDidSave((e) => validator.saved(e.document.uri));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    analyses.forget(uri);
    settings.forget(uri);
    validator.closed(uri, configProblems.has(uri));
    configProblems.closed(uri);
  });

  connection.onDidChangeWatchedFiles((params) => {
    let configChanged = false;
    for (const change of params.changes) {
      const fsPath = URI.parse(change.uri).fsPath;
      if (configs.isConfigFile(fsPath)) configChanged = true;
      if (change.type === FileChangeType.Deleted && !documents.get(change.uri)) {
        // A file deleted outside the editor leaves no stale problems behind.
        configProblems.deleted(URI.parse(change.uri).toString());
        void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
      }
    }
    if (configChanged) {
      configs.invalidate();
      revalidateAll();
    }
    for (const listener of fileListeners) listener(params.changes, configChanged);
  });

  documents.listen(connection);
  connection.listen();
}
