import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { WorkspaceIndex, type ArticleFlavor, type DocumentAnalysis, type LanguageService, type QuoteLookup } from '../core/index';
import type { ServerConfigs } from './configs';
import type { CurrentAnalysis } from './context';
import { flavorOfLanguage } from './documents';
import type { Settings, SettingsCache } from './settings';

/** Asks the core the one question for a document: its text with the config, settings and limits that apply. */
export class Analyzer {
  private quotes?: QuoteLookup;

  constructor(
    private readonly service: LanguageService,
    private readonly configs: ServerConfigs,
  ) {}

  /** Where analyses find the quotations of other articles (quote-conflict). */
  useQuotes(lookup: QuoteLookup): void {
    this.quotes = lookup;
  }

  analyse(uri: string, flavor: ArticleFlavor, text: string, settings: Settings): DocumentAnalysis {
    const u = URI.parse(uri);
    const { config, dir } = this.configs.forUri(uri);
    const relativePath = dir && u.scheme === 'file' ? path.relative(dir, u.fsPath) : u.path.replace(/^\//, '');
    return this.service.open(text, {
      flavor,
      config,
      relativePath,
      settings: { severityOverrides: settings.severityOverrides, minWords: settings.minWords },
      maxFileSize: settings.maxFileSize,
      quotes: this.quotes,
      uri,
      // The workspace index that holds the quotations also counts the sources articles cite.
      workspaceSources: this.quotes instanceof WorkspaceIndex ? this.quotes.sources() : undefined,
    });
  }
}

/**
 * The one cache of analyses: per open document, the analysis of its current version. Diagnostics,
 * hover, completion, code actions, symbols and semantic tokens all read it, so a version is
 * analysed once. Cleared when settings, configs or registries change.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; analysis: Promise<DocumentAnalysis> }>();

  constructor(
    private readonly analyzer: Analyzer,
    private readonly settings: SettingsCache,
  ) {}

  async get(doc: TextDocument): Promise<CurrentAnalysis> {
    let entry = this.entries.get(doc.uri);
    if (!entry || entry.version !== doc.version) {
      const version = doc.version;
      const text = doc.getText();
      const flavor = flavorOfLanguage(doc.languageId);
      const analysis = this.settings.get(doc.uri).then((settings) => this.analyzer.analyse(doc.uri, flavor, text, settings));
      entry = { version, analysis };
      this.entries.set(doc.uri, entry);
      // A failed analysis is not kept: the next request tries again.
      analysis.catch(() => {
        if (this.entries.get(doc.uri) === entry) this.entries.delete(doc.uri);
      });
    }
    const analysis = await entry.analysis;
    // The rules run when findings are asked for: completion or hover right after a keystroke
    // needs the parse alone, and the diagnostics after the debounce check that same parse.
    return {
      doc,
      config: analysis.config,
      analysis,
      get article() {
        return analysis.article;
      },
      get result() {
        return analysis.result;
      },
    };
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}
