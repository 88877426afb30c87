import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { WorkspaceData } from '../../core/index';
import type { Feature } from '../context';
import { workspaceIndexFeature } from './workspaceIndex';

/** Hover cards for actor mentions, citation sources and dates, and header field keys. */
export function createHoverFeature(workspace: () => WorkspaceData | undefined = () => undefined): Feature {
  return {
    capabilities: () => ({ hoverProvider: true }),
    register(ctx) {
      ctx.connection.onHover(async (params): Promise<Hover | null> => {
        try {
          const analysed = await ctx.analysis(params.textDocument.uri);
          const article = analysed?.article;
          if (!analysed || !article) return null;
          const card = ctx.service.hover(article.text, article.lines.offsetAt(params.position), { article, config: analysed.config, workspace: workspace() });
          if (!card) return null;
          return { contents: { kind: MarkupKind.Markdown, value: card.markdown }, range: article.lines.rangeOf(card.span) };
        } catch (e) {
          ctx.connection.console.error(`Dateline hover failed: ${(e as Error).stack ?? e}`);
          return null;
        }
      });
    },
  };
}

export const hoverFeature = createHoverFeature(() => workspaceIndexFeature.current());
