import type { Connection, Diagnostic, FileEvent, InitializeParams, InitializeResult, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Article, ArticleFlavor, DatelineConfig, DocumentAnalysis, LanguageService, QuoteLookup } from '../core/index';
import type { Settings } from './settings';
import type { ServerWorkspace } from './workspace';

/** An open document's current analysis, with the config it used. */
export interface CurrentAnalysis {
  doc: TextDocument;
  /** The parsed article alone (undefined when not an article or skipped): enough for completion, hover and symbols. */
  readonly article: Article | undefined;
  /** The findings: the rules run on first use, once per version. */
  readonly result: AnalysisResult;
  config: DatelineConfig;
  analysis: DocumentAnalysis;
}

/** What a feature module gets: the open documents, the core, and the current analysis of each. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: LanguageService;
  /** The workspace's files: open documents' live text, else regular files inside the folders (none in Restricted Mode). */
  readonly workspace: ServerWorkspace;
  /** The analysis of an open document's current version, shared by every feature. */
  analysis(uri: string): Promise<CurrentAnalysis | undefined>;
  /** A text that is not open (a file on disk) analysed as its document would be; not kept. */
  analyseText(uri: string, flavor: ArticleFlavor, text: string): Promise<DocumentAnalysis>;
  /** An open document's diagnostics as the validator publishes them (empty when Dateline is off for it). */
  diagnose(doc: TextDocument): Promise<Diagnostic[]>;
  /** The config that applies to a file (defaults in Restricted Mode or outside a folder). */
  configFor(uri: string): DatelineConfig;
  /** Workspace folders on disk. */
  roots(): readonly string[];
  /**
   * Re-check the open documents that other articles' changed quotations may concern (the index
   * says which articles changed; a document is not re-checked for its own). Of `changed`, those in
   * `moved` only moved their quotations: only documents whose diagnostics point at them are
   * re-checked. A document checked on save keeps its last check while it has unsaved edits.
   */
  revalidateOthers(changed: readonly string[], moved?: readonly string[]): void;
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
