import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  Diagnostic,
  DiagnosticSeverity,
  TextEdit as LspTextEdit,
  type Range as LspRange,
} from 'vscode-languageserver';
import type { Finding, Fix, LineIndex, Severity } from '../core/index';

/** Rule pages ship with the extension, next to the bundled server. */
const docsDir = path.join(__dirname, '..', 'docs', 'rules');

/** Each rule's link is made once: every diagnostic of every keystroke carries one. */
const hrefs = new Map<string, string>();

export function ruleDocsHref(ruleId: string): string {
  let href = hrefs.get(ruleId);
  if (href === undefined) {
    href = pathToFileURL(path.join(docsDir, `${ruleId}.md`)).toString();
    // Rule ids are a fixed set; anything else is not kept.
    if (hrefs.size < 256) hrefs.set(ruleId, href);
  }
  return href;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for code actions: the rule's own facts. Fixes are recomputed. */
export interface DiagnosticData {
  ruleId: string;
  facts?: Finding['data'];
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId };
  if (finding.data) data.facts = finding.data;
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsHref(finding.ruleId) },
    source: 'dateline',
    message: finding.message,
    ...(finding.related ? { relatedInformation: finding.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) } : {}),
    data,
  };
}

export function toCodeAction(fix: Fix, lines: LineIndex, uri: string, kind: string, diagnostics: Diagnostic[]): CodeAction {
  const edits = fix.edits.map((e) => LspTextEdit.replace(lines.rangeOf(e.span), e.newText));
  return {
    title: fix.title,
    kind,
    diagnostics,
    isPreferred: fix.safe && kind === CodeActionKind.QuickFix ? true : undefined,
    edit: { changes: { [uri]: edits } },
  };
}

export function sameRange(a: LspRange, b: LspRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
