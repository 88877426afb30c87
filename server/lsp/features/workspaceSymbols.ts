import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import { matchScore } from '../../core/features/navigation';
import type { ActorKind } from '../../core/index';
import type { Feature, ServerContext } from '../context';
import { workspaceIndexFeature, type WorkspaceIndexFeature } from './workspaceIndex';

const KIND: Record<ActorKind, SymbolKind> = { person: SymbolKind.Object, organization: SymbolKind.Module, place: SymbolKind.Namespace };

/** Most symbols sent for one query; the editor filters further as the writer types. */
const MAX_SYMBOLS = 500;

/** Workspace symbols: the actors of every registry and the sources of every `dateline.yaml`. */
export function createWorkspaceSymbolsFeature(index: WorkspaceIndexFeature): Feature {
  let ctx: ServerContext;

  return {
    capabilities: () => ({ workspaceSymbolProvider: true }),
    register(context) {
      ctx = context;
      ctx.connection.onWorkspaceSymbol(async (params) => {
        try {
          await index.ready();
          return symbols(params.query);
        } catch (e) {
          ctx.connection.console.error(`Dateline workspace symbols failed: ${(e as Error).stack ?? e}`);
          return [];
        }
      });
    },
  };

  function symbols(query: string): SymbolInformation[] {
    const found: { score: number; symbol: SymbolInformation }[] = [];
    const seen = new Set<string>();
    const add = (score: number | undefined, symbol: SymbolInformation) => {
      const key = `${symbol.location.uri}#${symbol.location.range.start.line}:${symbol.location.range.start.character}`;
      if (score === undefined || seen.has(key)) return;
      seen.add(key);
      found.push({ score, symbol });
    };
    for (const loaded of index.configs()) {
      const configPath = loaded.path!;
      // Inline actors live in dateline.yaml itself; the rest in the files it names.
      for (const file of [configPath, ...loaded.registries]) {
        const registry = index.registryFile(file);
        if (!registry) continue;
        const { uri, lines } = registry;
        const inline = file === configPath;
        for (const actor of registry.actors) {
          const origin = actor.origin;
          if (!origin) continue;
          const score = best(query, [actor.name, ...actor.aliases]);
          const container = [actor.kind, actor.affiliation].filter(Boolean).join(', ');
          add(score, { name: actor.name, kind: KIND[actor.kind], containerName: container, location: { uri, range: lines.rangeOf(origin.nameSpan ?? origin.span) } });
        }
        if (!inline) continue;
        for (const source of registry.sources()) {
          add(best(query, [source.name, ...source.aliases]), { name: source.name, kind: SymbolKind.String, containerName: 'source', location: { uri, range: lines.rangeOf(source.nameSpan) } });
        }
      }
    }
    found.sort((a, b) => b.score - a.score || a.symbol.name.localeCompare(b.symbol.name));
    return found.slice(0, MAX_SYMBOLS).map((f) => f.symbol);
  }
}

function best(query: string, names: string[]): number | undefined {
  let score: number | undefined;
  for (const n of names) {
    const s = matchScore(query, n);
    if (s !== undefined && (score === undefined || s > score)) score = s;
  }
  return score;
}

export const workspaceSymbolsFeature = createWorkspaceSymbolsFeature(workspaceIndexFeature);
