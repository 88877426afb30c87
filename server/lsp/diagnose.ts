import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { withConfigSeverities, type LanguageService } from '../core/index';
import { CONFIG_FILE } from '../node/configStore';
import type { AnalysisCache } from './analyses';
import type { ServerConfigs } from './configs';
import { toDiagnostic } from './convert';

/**
 * An open document's diagnostics: an article's findings from the shared analysis, or the problems
 * of a `dateline.yaml` or an actors registry read from its live text. Other YAML is not ours.
 */
export function createDiagnose(service: LanguageService, configs: ServerConfigs, analyses: AnalysisCache): (doc: TextDocument) => Promise<Diagnostic[]> {
  return async (doc) => {
    const uri = URI.parse(doc.uri);
    const isFile = uri.scheme === 'file';
    if (isFile && path.basename(uri.fsPath) === CONFIG_FILE) {
      return configs.trusted() ? service.parseConfig(doc.getText()).findings.map(toDiagnostic) : [];
    }
    if (doc.languageId === 'yaml') {
      const naming = isFile ? configs.namingConfig(uri.fsPath) : undefined;
      return naming ? withConfigSeverities(service.parseActors(doc.getText(), uri.fsPath).findings, naming.config).map(toDiagnostic) : [];
    }
    return (await analyses.get(doc)).result.findings.map(toDiagnostic);
  };
}
