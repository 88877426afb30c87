import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { ActorKind, DocumentSymbol as CoreSymbol, LineIndex, SymbolKind as CoreKind } from '../../core/index';
import type { Feature } from '../context';

const KIND: Record<Exclude<CoreKind, 'actor' | 'speaker'>, SymbolKind> = {
  header: SymbolKind.Namespace,
  field: SymbolKind.Property,
  group: SymbolKind.Package,
  quotation: SymbolKind.String,
  citation: SymbolKind.Key,
};
/** The same icons as workspace symbols use for actors. */
const ACTOR_KIND: Record<ActorKind, SymbolKind> = { person: SymbolKind.Object, organization: SymbolKind.Module, place: SymbolKind.Namespace };

/** The outline: header, quotations with their speakers, citations, actors. */
export const documentSymbolsFeature: Feature = {
  capabilities: () => ({ documentSymbolProvider: { label: 'Dateline' } }),
  register(ctx) {
    ctx.connection.onDocumentSymbol(async (params): Promise<DocumentSymbol[] | null> => {
      try {
        const analysed = await ctx.analysis(params.textDocument.uri);
        const article = analysed?.article;
        if (!analysed || !article) return null;
        return ctx.service.documentSymbols(article.text, { article, config: analysed.config }).map((s) => toSymbol(s, article.lines));
      } catch (e) {
        ctx.connection.console.error(`Dateline document symbols failed: ${(e as Error).stack ?? e}`);
        return null;
      }
    });
  },
};

function toSymbol(symbol: CoreSymbol, lines: LineIndex): DocumentSymbol {
  const kind = symbol.kind === 'actor' || symbol.kind === 'speaker' ? (symbol.actorKind ? ACTOR_KIND[symbol.actorKind] : SymbolKind.Variable) : KIND[symbol.kind];
  return {
    // An empty name is an error for some clients.
    name: symbol.name || ' ',
    detail: symbol.detail,
    kind,
    range: lines.rangeOf(symbol.span),
    selectionRange: lines.rangeOf(symbol.selectionSpan),
    children: symbol.children.map((c) => toSymbol(c, lines)),
  };
}
