import { LSPErrorCodes, ResponseError, type Location, type WorkspaceEdit } from 'vscode-languageserver';
import type { Refusal, WorkspaceNavigation } from '../../core/index';
import type { Feature, ServerContext } from '../context';
import { serverNavigation } from './indexSnapshot';
import { workspaceIndexFeature, type WorkspaceIndexFeature } from './workspaceIndex';

/**
 * Go to definition, find references and rename for actors (and definition for cited sources):
 * the core answers from a snapshot of the workspace; this converts and reports refusals.
 */
export function createNavigationFeature(index: WorkspaceIndexFeature): Feature {
  return {
    capabilities: () => ({ definitionProvider: true, referencesProvider: true, renameProvider: { prepareProvider: true } }),
    register(ctx) {
      const { connection } = ctx;
      const ask = async <T>(uri: string, question: (navigation: WorkspaceNavigation) => T, waitForIndex: boolean): Promise<T> => {
        const from = await ctx.analysis(uri);
        if (waitForIndex) await index.ready();
        return serverNavigation(ctx, index).ask(from, question);
      };
      connection.onDefinition((p) =>
        guard(ctx, async () => {
          const found = await ask(p.textDocument.uri, (nav) => nav.definition(p.textDocument.uri, p.position), false);
          return found.length ? (found as Location[]) : null;
        }, null),
      );
      connection.onReferences((p) => guard(ctx, () => ask(p.textDocument.uri, (nav) => nav.references(p.textDocument.uri, p.position, p.context.includeDeclaration) as Location[], true), []));
      connection.onPrepareRename((p) =>
        guard(ctx, async () => refused(await ask(p.textDocument.uri, (nav) => nav.prepareRename(p.textDocument.uri, p.position), false)) ?? null, null),
      );
      connection.onRenameRequest((p) =>
        guard(ctx, async () => (refused(await ask(p.textDocument.uri, (nav) => nav.rename(p.textDocument.uri, p.position, p.newName), true)) as WorkspaceEdit | undefined) ?? null, null),
      );
    },
  };
}

/** A refusal becomes an error the editor shows the writer. */
function refused<T>(answer: T | Refusal | undefined): T | undefined {
  if (answer && typeof answer === 'object' && 'error' in answer) throw new ResponseError(LSPErrorCodes.RequestFailed, answer.error);
  return answer;
}

async function guard<T>(ctx: ServerContext, fn: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    // A rename that cannot be done tells the writer why; anything else is a bug to log.
    if (e instanceof ResponseError) throw e;
    ctx.connection.console.error(`Dateline navigation failed: ${(e as Error).stack ?? e}`);
    return fallback;
  }
}

export const navigationFeature = createNavigationFeature(workspaceIndexFeature);
