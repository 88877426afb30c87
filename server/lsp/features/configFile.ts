// Completion and hover inside dateline.yaml: the keys, values and descriptions of its JSON Schema,
// from the core (features/configFile.ts). One connection takes one completion handler and one
// hover handler, so this wraps the article features: dateline.yaml is answered here, every other
// document by the feature wrapped.
import * as path from 'node:path';
import { CompletionItemKind, MarkupKind, type CompletionItem, type Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { completeConfig, hoverConfig } from '../../core/features/configFile';
import { CONFIG_FILE } from '../../node/configStore';
import type { Feature, ServerContext } from '../context';

type Handler = Parameters<Connection['onCompletion']>[0];
type HoverHandler = Parameters<Connection['onHover']>[0];

function isConfigFile(uri: string): boolean {
  return path.posix.basename(URI.parse(uri).path) === CONFIG_FILE;
}

/** The feature, with dateline.yaml's completion and hover in front of its own handlers. */
export function withConfigFile(inner: Feature): Feature {
  return {
    capabilities: (params) => inner.capabilities(params),
    initialized: inner.initialized && ((ctx) => inner.initialized!(ctx)),
    register(ctx) {
      let completion: Handler | undefined;
      let hover: HoverHandler | undefined;
      const dispose = { dispose: () => undefined };
      const connection = Object.create(ctx.connection) as Connection;
      connection.onCompletion = (h: Handler) => ((completion = h), dispose);
      connection.onHover = (h: HoverHandler) => ((hover = h), dispose);
      inner.register({ ...ctx, connection });
      if (completion) {
        const articles = completion;
        ctx.connection.onCompletion((params, ...rest) => (isConfigFile(params.textDocument.uri) ? complete(ctx, params.textDocument.uri, params.position) : articles(params, ...rest)));
      }
      if (hover) {
        const articles = hover;
        ctx.connection.onHover((params, ...rest) => (isConfigFile(params.textDocument.uri) ? hoverAt(ctx, params.textDocument.uri, params.position) : articles(params, ...rest)));
      }
    },
  };
}

const KIND = { field: CompletionItemKind.Property, value: CompletionItemKind.Value } as const;

function complete(ctx: ServerContext, uri: string, position: { line: number; character: number }): CompletionItem[] | null {
  const doc = ctx.documents.get(uri);
  if (!doc) return null;
  try {
    const list = completeConfig(doc.getText(), doc.offsetAt(position));
    return list.items.map((item) => ({
      label: item.label,
      kind: item.kind === 'value' ? KIND.value : KIND.field,
      textEdit: { range: { start: doc.positionAt(item.span.start), end: doc.positionAt(item.span.end) }, newText: item.insertText },
      filterText: item.filterText,
      sortText: item.sortText,
      detail: item.detail,
      documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
    }));
  } catch (e) {
    ctx.connection.console.error(`Dateline completion in ${CONFIG_FILE} failed: ${(e as Error).stack ?? e}`);
    return null;
  }
}

function hoverAt(ctx: ServerContext, uri: string, position: { line: number; character: number }) {
  const doc = ctx.documents.get(uri);
  if (!doc) return null;
  try {
    const card = hoverConfig(doc.getText(), doc.offsetAt(position));
    if (!card) return null;
    return { contents: { kind: MarkupKind.Markdown, value: card.markdown }, range: { start: doc.positionAt(card.span.start), end: doc.positionAt(card.span.end) } };
  } catch (e) {
    ctx.connection.console.error(`Dateline hover in ${CONFIG_FILE} failed: ${(e as Error).stack ?? e}`);
    return null;
  }
}
