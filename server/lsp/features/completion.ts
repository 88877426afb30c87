import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { ActorKind, CompletionItem as CoreItem, CompletionKind, LineIndex, SimpleDate, WorkspaceData } from '../../core/index';
import type { Feature } from '../server';
import { workspaceIndexFeature } from './workspaceIndex';

const KIND: Record<Exclude<CompletionKind, 'actor'>, CompletionItemKind> = {
  source: CompletionItemKind.Reference,
  field: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  date: CompletionItemKind.Constant,
};
/** The same icons as workspace symbols use for actors. */
const ACTOR_KIND: Record<ActorKind, CompletionItemKind> = { person: CompletionItemKind.Variable, organization: CompletionItemKind.Module, place: CompletionItemKind.Struct };

/**
 * Completion. `(`, `;` and `,` open citation completion and `:` header values; a space never
 * triggers it, so prose stays quiet until the editor's own quick suggestions ask as a word is typed.
 */
export function createCompletionFeature(workspace: () => WorkspaceData | undefined = () => undefined): Feature {
  return {
    capabilities: () => ({ completionProvider: { triggerCharacters: ['(', ';', ',', ':'], resolveProvider: false } }),
    register(ctx) {
      ctx.connection.onCompletion(async (params): Promise<CompletionList | null> => {
        try {
          const analysed = await ctx.analysis(params.textDocument.uri);
          const article = analysed?.result.article;
          if (!analysed || !article) return null;
          const list = ctx.service.complete(article.text, article.lines.offsetAt(params.position), {
            article,
            config: analysed.config,
            workspace: workspace(),
            triggerCharacter: params.context?.triggerCharacter,
            today: today(),
          });
          const caps = ctx.clientCapabilities().textDocument?.completion?.completionItem;
          const snippets = caps?.snippetSupport === true;
          const labelDetails = caps?.labelDetailsSupport === true;
          return { isIncomplete: list.isIncomplete, items: list.items.map((item) => toItem(item, article.lines, snippets, labelDetails)) };
        } catch (e) {
          ctx.connection.console.error(`Dateline completion failed: ${(e as Error).stack ?? e}`);
          return null;
        }
      });
    },
  };
}

function toItem(item: CoreItem, lines: LineIndex, snippets: boolean, labelDetails: boolean): CompletionItem {
  const snippet = item.isSnippet === true && snippets;
  return {
    label: item.label,
    labelDetails: labelDetails && item.labelDetail ? { detail: item.labelDetail } : undefined,
    kind: item.kind === 'actor' ? ACTOR_KIND[item.actorKind ?? 'person'] : KIND[item.kind],
    textEdit: { range: lines.rangeOf(item.span), newText: item.isSnippet && !snippets ? plainText(item.insertText) : item.insertText },
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    filterText: item.filterText,
    sortText: item.sortText,
    detail: item.detail,
    documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
  };
}

/** A snippet as plain text, for clients without snippets: placeholders keep their default. */
export function plainText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|((?:\\.|[^,|])*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:((?:\\.|[^}])*)\}/g, '$1')
    .replace(/\$\{?\d+\}?/g, '')
    .replace(/\\([\\$},|])/g, '$1');
}

function today(): SimpleDate {
  const now = new Date();
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

export const completionFeature = createCompletionFeature(() => workspaceIndexFeature.current());
