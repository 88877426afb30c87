import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { RuleListRequest } from '../server/lsp/protocol';

export const OPEN_RULE_DOCS = 'dateline.openRuleDocumentation';

/** The rule id and page a Dateline diagnostic carries, or undefined for anyone else's. */
function ruleOf(diagnostic: vscode.Diagnostic): { id: string; href: vscode.Uri } | undefined {
  if (diagnostic.source !== 'dateline' || typeof diagnostic.code !== 'object') return undefined;
  return { id: String(diagnostic.code.value), href: diagnostic.code.target };
}

/** "Open documentation for ‘rule-id’" on every Dateline diagnostic, last in the quick-fix menu. */
export class RuleDocsActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const seen = new Set<string>();
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const rule = ruleOf(diagnostic);
      if (!rule || seen.has(rule.id)) continue;
      seen.add(rule.id);
      const title = `Open documentation for ‘${rule.id}’`;
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.command = { title, command: OPEN_RULE_DOCS, arguments: [rule.id, rule.href.toString()] };
      action.diagnostics = [diagnostic];
      actions.push(action);
    }
    return actions;
  }
}

/**
 * Opens a rule's page: the one a diagnostic names, or one picked from the server's list of rules.
 * Returns the page opened, for tests and keybindings.
 */
export async function openRuleDocumentation(client: LanguageClient, id?: string, href?: string): Promise<vscode.Uri | undefined> {
  if (!href) {
    if (client.state !== State.Running) {
      void vscode.window.showInformationMessage('Dateline: the language server is not running; the Dateline output channel says why.');
      return undefined;
    }
    const rules = await client.sendRequest(RuleListRequest.type, {});
    const picked = id
      ? rules.find((r) => r.id === id)
      : await vscode.window.showQuickPick(
          rules.map((r) => ({ label: r.id, detail: r.description, href: r.href })),
          { title: 'Dateline: Open Rule Documentation', placeHolder: 'Rule', matchOnDetail: true },
        );
    if (!picked) return undefined;
    href = picked.href;
  }
  const page = vscode.Uri.parse(href);
  // Rendered, as a writer reads it; the text itself when Markdown preview is not there.
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    await vscode.window.showTextDocument(page, { preview: true });
  }
  return page;
}
