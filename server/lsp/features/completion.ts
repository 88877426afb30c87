import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver';
import type { ActorKind, CompletionItem as CoreItem, CompletionKind, LineIndex, SimpleDate, WorkspaceData } from '../../core/index';
import type { Feature } from '../context';
import { workspaceIndexFeature } from './workspaceIndex';

const KIND: Record<Exclude<CompletionKind, 'actor'>, CompletionItemKind> = {
  source: CompletionItemKind.Reference,
  field: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  date: CompletionItemKind.Constant,
};
/** The same icons as workspace symbols use for actors. */
const ACTOR_KIND: Record<ActorKind, CompletionItemKind> = { person: CompletionItemKind.Variable, organization: CompletionItemKind.Module, place: CompletionItemKind.Struct };

/** An article with a name begun in its body: completing there builds the registry's actor search. */
const WARM_TEXT = 'Publication: Dateline\n\nA';

/**
 * Completion. `(`, `;` and `,` open citation completion and `:` header values; a space never
 * triggers it, so prose stays quiet until the editor's own quick suggestions ask as a word is typed.
 */
export function createCompletionFeature(workspace: () => WorkspaceData | undefined = () => undefined): Feature {
  return {
    capabilities: () => ({ completionProvider: { triggerCharacters: ['(', ';', ',', ':'], resolveProvider: true } }),
    register(ctx) {
      // The first completion in a workspace builds the registry's name index, which takes a
      // noticeable moment for thousands of actors: build it when a document opens instead.
      ctx.documents.onDidOpen((e) => {
        setImmediate(() => {
          try {
            const config = ctx.configFor(e.document.uri);
            // A name being typed in a body, so that the actor search is what gets built.
            if (config.actors.length) ctx.service.complete(WARM_TEXT, WARM_TEXT.length, { config });
          } catch (err) {
            ctx.connection.console.error(`Dateline could not prepare completion: ${(err as Error).stack ?? err}`);
          }
        });
      });
      ctx.connection.onCompletion(async (params): Promise<CompletionList | null> => {
        try {
          const analysed = await ctx.analysis(params.textDocument.uri);
          const article = analysed?.article;
          if (!analysed || !article) return null;
          const caps = ctx.clientCapabilities().textDocument?.completion;
          // Actors' cards are sent when an item is shown, for clients that ask for them then.
          const lazy = caps?.completionItem?.resolveSupport?.properties.includes('documentation') === true;
          const list = ctx.service.complete(article.text, article.lines.offsetAt(params.position), {
            lazyDocumentation: lazy,
            article,
            config: analysed.config,
            workspace: workspace(),
            triggerCharacter: params.context?.triggerCharacter,
            today: today(),
          });
          const snippets = caps?.completionItem?.snippetSupport === true;
          const labelDetails = caps?.completionItem?.labelDetailsSupport === true;
          const items = list.items.map((item) => toItem(item, article.lines, snippets, labelDetails, lazy ? params.textDocument.uri : undefined));
          return withDefaultRange({ isIncomplete: list.isIncomplete, items }, caps?.completionList?.itemDefaults?.includes('editRange') === true);
        } catch (e) {
          ctx.connection.console.error(`Dateline completion failed: ${(e as Error).stack ?? e}`);
          return null;
        }
      });
      ctx.connection.onCompletionResolve(async (item): Promise<CompletionItem> => {
        try {
          const data = resolveData(item.data);
          if (!data || item.documentation !== undefined) return item;
          const analysed = await ctx.analysis(data.uri);
          const article = analysed?.article;
          if (!analysed || !article) return item;
          // The article as it is now: counts may have moved by a keystroke since the list was made.
          const card = ctx.service.actorDocumentation(article.text, data.actorId, { article, config: analysed.config, workspace: workspace() });
          return card === undefined ? item : { ...item, documentation: { kind: MarkupKind.Markdown, value: card } };
        } catch (e) {
          ctx.connection.console.error(`Dateline completion resolve failed: ${(e as Error).stack ?? e}`);
          return item;
        }
      });
    },
  };
}

/** What an actor item carries for `completionItem/resolve`. */
interface ResolveData {
  uri: string;
  actorId: string;
}

/** A client sends `data` back as it got it, but nothing it sends is trusted. */
function resolveData(data: unknown): ResolveData | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { uri, actorId } = data as Record<string, unknown>;
  return typeof uri === 'string' && typeof actorId === 'string' ? { uri, actorId } : undefined;
}

/** `resolveUri`: actor items without their card carry this document's URI to fetch it later. */
function toItem(item: CoreItem, lines: LineIndex, snippets: boolean, labelDetails: boolean, resolveUri: string | undefined): CompletionItem {
  const snippet = item.isSnippet === true && snippets;
  return {
    label: item.label,
    labelDetails: labelDetails && item.labelDetail ? { detail: item.labelDetail } : undefined,
    kind: item.kind === 'actor' ? ACTOR_KIND[item.actorKind ?? 'person'] : KIND[item.kind],
    textEdit: { range: lines.rangeOf(item.span), newText: item.isSnippet && !snippets ? plainText(item.insertText) : item.insertText },
    // Plain text is what a client assumes without it.
    insertTextFormat: snippet ? InsertTextFormat.Snippet : undefined,
    filterText: item.filterText,
    sortText: item.sortText,
    detail: item.detail,
    documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
    data: resolveUri !== undefined && item.actorId !== undefined && item.documentation === undefined ? ({ uri: resolveUri, actorId: item.actorId } satisfies ResolveData) : undefined,
  };
}

/**
 * When every item replaces the same range, the list says it once (`itemDefaults.editRange`) for
 * clients that read it, and each item keeps only its text: most lists are one range many times.
 */
export function withDefaultRange(list: CompletionList, supported: boolean): CompletionList {
  const first = list.items[0]?.textEdit;
  if (!supported || !first || !('range' in first)) return list;
  const range: Range = first.range;
  const same = (r: Range) => r.start.line === range.start.line && r.start.character === range.start.character && r.end.line === range.end.line && r.end.character === range.end.character;
  for (const item of list.items) if (!item.textEdit || !('range' in item.textEdit) || !same(item.textEdit.range)) return list;
  return {
    isIncomplete: list.isIncomplete,
    itemDefaults: { editRange: range },
    items: list.items.map(({ textEdit, ...item }) => (textEdit!.newText === item.label ? item : { ...item, textEditText: textEdit!.newText })),
  };
}

/** `$1` and `${1}`, or the opening of `${1:…}` or `${1|…|}`. */
const TABSTOP = /\$(?:\d+|\{\d+([:|}]))/y;

/**
 * A snippet as plain text, for clients without snippets: placeholders keep their default, choices
 * their first value. One pass, as the core writes no nested placeholders; replacements with
 * `(?:\\.|[^}])*` backtracked exponentially on a placeholder that never closes.
 */
export function plainText(snippet: string): string {
  let out = '';
  // `:` or `|` inside a placeholder or a choice; the choices after the first are left out.
  let inside = '';
  let laterChoice = false;
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '\\$},|'.includes(snippet[i + 1])) {
      if (!laterChoice) out += snippet[i + 1];
      i++;
    } else if (inside === ':' && c === '}') {
      inside = '';
    } else if (inside === '|' && c === '|' && snippet[i + 1] === '}') {
      inside = '';
      laterChoice = false;
      i++;
    } else if (inside === '|' && c === ',') {
      laterChoice = true;
    } else if (c === '$' && !inside) {
      TABSTOP.lastIndex = i;
      const m = TABSTOP.exec(snippet);
      if (m) {
        inside = m[1] === ':' || m[1] === '|' ? m[1] : '';
        i = TABSTOP.lastIndex - 1;
      } else if (!laterChoice) out += c;
    } else if (!laterChoice) {
      out += c;
    }
  }
  return out;
}

function today(): SimpleDate {
  const now = new Date();
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

export const completionFeature = createCompletionFeature(() => workspaceIndexFeature.current());
