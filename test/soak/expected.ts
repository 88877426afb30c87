/**
 * What the language server should publish for a document, computed with the core the way the
 * server's own `analyse` does: the nearest `dateline.yaml` on disk with its registries, the
 * editor settings, the Markdown gate.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { LanguageService } from '../../server/core/index';
import { ConfigStore } from '../../server/node/configStore';
import { toDiagnostic } from '../../server/lsp/convert';
import { toSettings } from '../../server/lsp/settings';

export function expectedDiagnostics(service: LanguageService, uri: string, languageId: string, text: string, root: string, settings: unknown): Diagnostic[] {
  const fsPath = fileURLToPath(uri);
  const flavor = languageId === 'markdown' ? 'markdown' : 'article';
  // A fresh store: the files on disk as they are now.
  const loaded = new ConfigStore(service).forFile(fsPath, root);
  const s = toSettings(settings);
  let config = loaded.config;
  if (s.minWords !== undefined && !config.minWordsSet) config = { ...config, minWords: s.minWords };
  const relative = loaded.path ? path.relative(path.dirname(loaded.path), fsPath) : new URL(uri).pathname.replace(/^\//, '');
  if (!service.isArticle(flavor, text, relative, config)) return [];
  return service.analyze(text, { flavor, config, severityOverrides: s.severityOverrides, maxFileSize: s.maxFileSize }).findings.map(toDiagnostic);
}

/** Diagnostics as comparable strings: code, severity, range and message, sorted. */
export function diagnosticKeys(diagnostics: readonly Diagnostic[]): string[] {
  // quote-conflict depends on the other articles of the workspace, which a single-file expectation does not model.
  return diagnostics.filter((d) => d.code !== 'quote-conflict').map((d) => JSON.stringify([d.code, d.severity, d.range, d.message])).sort();
}
