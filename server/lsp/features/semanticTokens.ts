import { SemanticTokensBuilder, type SemanticTokens } from 'vscode-languageserver';
import { TOKEN_TYPES, type Article, type SemanticToken } from '../../core/index';
import type { Feature, ServerContext } from '../context';

/**
 * Semantic tokens for actor mentions and citation sources and dates. The token types are custom;
 * package.json declares them (`semanticTokenTypes`) and maps them to TextMate scopes for themes
 * that know no semantic colours.
 */
export const semanticTokensFeature: Feature = {
  capabilities: () => ({
    semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [] }, full: true, range: true },
  }),
  register(ctx) {
    const tokens = async (uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<SemanticTokens> => {
      try {
        const analysed = await ctx.analysis(uri);
        const article = analysed?.article;
        if (!analysed || !article) return { data: [] };
        const span = range ? { start: article.lines.offsetAt(range.start), end: article.lines.offsetAt(range.end) } : undefined;
        return encode(article, ctx.service.semanticTokens(article.text, { article, config: analysed.config, span }));
      } catch (e) {
        ctx.connection.console.error(`Dateline semantic tokens failed: ${(e as Error).stack ?? e}`);
        return { data: [] };
      }
    };
    ctx.connection.languages.semanticTokens.on((params) => tokens(params.textDocument.uri));
    ctx.connection.languages.semanticTokens.onRange((params) => tokens(params.textDocument.uri, params.range));
    // A changed registry changes which names are actors: ask the editor to fetch tokens again.
    ctx.onFilesChanged((_changes, configChanged) => refresh(ctx, configChanged));
  },
};

function refresh(ctx: ServerContext, configChanged: boolean): void {
  if (!configChanged || ctx.clientCapabilities().workspace?.semanticTokens?.refreshSupport !== true) return;
  void ctx.connection.languages.semanticTokens.refresh().catch(() => undefined);
}

function encode(article: Article, tokens: readonly SemanticToken[]): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  for (const t of tokens) {
    // Tokens never cross a line break, so the length is the span's length in UTF-16 units.
    const at = article.lines.positionAt(t.span.start);
    builder.push(at.line, at.character, t.span.end - t.span.start, TOKEN_TYPES.indexOf(t.type), 0);
  }
  return builder.build();
}
