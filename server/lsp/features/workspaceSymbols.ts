import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import type { WorkspaceSymbol } from '../../core/index';
import type { Feature } from '../context';
import { serverNavigation } from './indexSnapshot';
import { workspaceIndexFeature, type WorkspaceIndexFeature } from './workspaceIndex';

const KIND: Record<WorkspaceSymbol['kind'], SymbolKind> = { person: SymbolKind.Object, organization: SymbolKind.Module, place: SymbolKind.Namespace, source: SymbolKind.String };

/** Workspace symbols: the actors of every registry and the sources of every `dateline.yaml`, from the core. */
export function createWorkspaceSymbolsFeature(index: WorkspaceIndexFeature): Feature {
  return {
    capabilities: () => ({ workspaceSymbolProvider: true }),
    register(ctx) {
      ctx.connection.onWorkspaceSymbol(async (params): Promise<SymbolInformation[]> => {
        try {
          await index.ready();
          const symbols = serverNavigation(ctx, index).ask(undefined, (nav) => nav.symbols(params.query));
          return symbols.map((s) => ({ name: s.name, kind: KIND[s.kind], containerName: s.containerName, location: s.location }));
        } catch (e) {
          ctx.connection.console.error(`Dateline workspace symbols failed: ${(e as Error).stack ?? e}`);
          return [];
        }
      });
    },
  };
}

export const workspaceSymbolsFeature = createWorkspaceSymbolsFeature(workspaceIndexFeature);
