import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { addAliasEdit, addSourceEdit, canonicalSource, unknownNameAt } from '../../core/configEdits';
import { fixAllEdits, LineIndex, suppressionFix, type DatelineConfig, type Finding, type Fix } from '../../core/index';
import { sameRange, type DiagnosticData } from '../convert';
import { FIX_ALL_KIND } from '../protocol';
import type { Feature, ServerContext } from '../context';
import { actorTarget, addActorWorkspaceEdit, currentText } from './actorRegistryEdits';

export { FIX_ALL_KIND };

/** Quick fixes recomputed from the current text, "fix all", and edits to dateline.yaml and the actors file. */
export const codeActionsFeature: Feature = {
  capabilities: () => ({
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND], resolveProvider: false },
  }),
  register(ctx) {
    ctx.connection.onCodeAction(async (params) => {
      try {
        return await codeActions(ctx, params);
      } catch (e) {
        ctx.connection.console.error(`Dateline code actions failed: ${(e as Error).stack ?? e}`);
        return [];
      }
    });
  },
};

async function codeActions(ctx: ServerContext, params: CodeActionParams): Promise<CodeAction[]> {
  const analysis = await ctx.analysis(params.textDocument.uri);
  if (!analysis?.result.article) return [];
  const { doc, result, config } = analysis;
  const article = result.article!;
  const lines = article.lines;
  const uri = doc.uri;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  const snippets = ctx.clientCapabilities().workspace?.workspaceEdit?.snippetEditSupport === true && ctx.clientCapabilities().workspace?.workspaceEdit?.documentChanges === true;

  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'dateline') continue;
      const ruleId = (diagnostic.data as DiagnosticData | undefined)?.ruleId ?? String(diagnostic.code ?? '');
      // Recompute: the finding with the same rule and range in the current text.
      const finding = result.findings.find((f) => f.ruleId === ruleId && sameRange(f.range, diagnostic.range));
      if (!finding) continue;
      for (const fix of finding.fixes ?? []) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.safe || undefined, edit: fixEdit(fix, lines, uri, doc.version, snippets) });
      }
      if (ruleId === 'citation-unknown-source' && typeof finding.data?.source === 'string') {
        const add = addSourceAction(ctx, uri, finding.data.source, diagnostic);
        if (add) actions.push(add);
      }
      if (ruleId === 'actor-spelling') {
        const add = addAliasAction(ctx, uri, config, finding, diagnostic);
        if (add) actions.push(add);
      }
      // Last in the menu: the writer who knows better can silence this one finding (SPEC section 9).
      const ignore = ruleId === 'suppression-unused' ? undefined : suppressionFix(article, finding);
      if (ignore) actions.push({ title: ignore.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: fixEdit(ignore, lines, uri, doc.version, false) });
    }
  }

  if (wants(CodeActionKind.RefactorRewrite) || wants(CodeActionKind.QuickFix)) {
    const start = lines.offsetAt(params.range.start);
    const end = lines.offsetAt(params.range.end);
    // A source written as an alias: offer the registry's canonical name.
    for (const c of article.body.citations) {
      if (c.span.end < start || c.span.start > end) continue;
      for (const part of c.parts) {
        const canonical = part.date ? canonicalSource(part.source.trim(), config.sources) : undefined;
        if (!canonical) continue;
        actions.push({
          title: `Use the registry name ‘${canonical}’`,
          kind: CodeActionKind.RefactorRewrite,
          edit: { changes: { [uri]: [{ range: lines.rangeOf(part.sourceSpan), newText: canonical }] } },
        });
      }
    }
    const known = new Set<string>();
    for (const a of config.actors) {
      known.add(a.name);
      for (const alias of a.aliases) known.add(alias);
    }
    const name = unknownNameAt(article, start, known);
    if (name) {
      const add = addActorAction(ctx, uri, name.name, config.actors.map((a) => a.id));
      if (add) actions.push(add);
    }
  }

  if (only?.some((k) => k === CodeActionKind.SourceFixAll || k === FIX_ALL_KIND || k === CodeActionKind.Source)) {
    // The same policy as `check --fix`: safe fixes only, never in a file whose header does not parse.
    const edits = fixAllEdits(result);
    if (edits.length) {
      actions.push({ title: 'Fix all Dateline problems that have an obvious fix', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits.map((e) => ({ range: lines.rangeOf(e.span), newText: e.newText })) } } });
    }
  }
  return actions;
}

function fixEdit(fix: Fix, lines: LineIndex, uri: string, version: number, snippets: boolean): WorkspaceEdit {
  if (snippets && fix.snippetText && fix.edits.length === 1) {
    const edit: TextDocumentEdit = {
      textDocument: { uri, version },
      edits: [{ range: lines.rangeOf(fix.edits[0].span), snippet: { kind: 'snippet', value: fix.snippetText } }],
    };
    return { documentChanges: [edit] };
  }
  return { changes: { [uri]: fix.edits.map((e) => ({ range: lines.rangeOf(e.span), newText: e.newText })) } };
}

function addSourceAction(ctx: ServerContext, uri: string, source: string, diagnostic: Diagnostic): CodeAction | undefined {
  const configFile = ctx.configFilesFor(uri).config;
  if (!configFile) return undefined;
  const text = currentText(ctx, configFile);
  if (text === undefined) return undefined;
  const edit = addSourceEdit(text, source);
  const lines = new LineIndex(text);
  return {
    title: `Add ‘${source}’ to the sources in dateline.yaml`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [URI.file(configFile).toString()]: [{ range: lines.rangeOf(edit.span), newText: edit.newText }] } },
  };
}

function addActorAction(ctx: ServerContext, uri: string, name: string, ids: string[]): CodeAction | undefined {
  const target = actorTarget(ctx, uri);
  if ('refused' in target) return undefined;
  // A new registry file needs a client that can create files.
  const resourceOps = ctx.clientCapabilities().workspace?.workspaceEdit?.resourceOperations ?? [];
  if (target.text === undefined && !resourceOps.includes('create')) return undefined;
  return { title: `Add ‘${name}’ to the actors registry`, kind: CodeActionKind.RefactorRewrite, edit: addActorWorkspaceEdit(target, name, 'person', ids).edit };
}

/** "Add as an alias": the spelling the article uses becomes an alias of the actor it near-misses, in the file that lists the actor. */
function addAliasAction(ctx: ServerContext, uri: string, config: DatelineConfig, finding: Finding, diagnostic: Diagnostic): CodeAction | undefined {
  const ids = finding.data?.actorIds;
  const written = finding.data?.written;
  if (!Array.isArray(ids) || ids.length !== 1 || typeof written !== 'string') return undefined;
  const actor = config.actors.find((a) => a.id === ids[0]);
  if (!actor) return undefined;
  // Inline entries have no file of their own: they are in dateline.yaml.
  const file = actor.origin?.file ?? ctx.configFilesFor(uri).config;
  if (!file) return undefined;
  const text = currentText(ctx, file);
  if (text === undefined) return undefined;
  const edit = addAliasEdit(text, actor.id, written);
  if (!edit) return undefined;
  return {
    title: `Add ‘${written}’ as an alias of ${actor.name}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [URI.file(file).toString()]: [{ range: new LineIndex(text).rangeOf(edit.span), newText: edit.newText }] } },
  };
}
