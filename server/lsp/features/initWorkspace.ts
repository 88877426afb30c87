// "Dateline: Create dateline.yaml": `dateline init` run by the server for a workspace folder, so the
// client only asks and opens the result.
import { URI } from 'vscode-uri';
import { isInside } from '../../node/files';
import { planInit, writeInit } from '../../node/init';
import { InitWorkspaceRequest, type InitWorkspaceResult } from '../protocol';
import type { Feature, ServerContext } from '../context';

function initWorkspace(ctx: ServerContext, folder: string): InitWorkspaceResult {
  const refused = (error: string): InitWorkspaceResult => ({ config: null, written: [], kept: [], articles: 0, sources: 0, actors: 0, error });
  // Reading every article and writing files: only in a trusted folder the editor has open.
  if (!ctx.trusted()) return refused('the folder is not trusted');
  const uri = URI.parse(folder);
  if (uri.scheme !== 'file') return refused('the folder is not on disk');
  const dir = uri.fsPath;
  if (!ctx.roots().some((root) => isInside(dir, root) && isInside(root, dir))) return refused('not a workspace folder');
  const plan = planInit(dir, ctx.service);
  const { written, kept, errors } = writeInit(plan);
  const toUri = (file: string) => URI.file(file).toString();
  return {
    config: toUri(plan.config.path),
    written: written.map(toUri),
    kept: kept.map(toUri),
    articles: plan.articles,
    sources: plan.sources,
    actors: plan.actors,
    ...(errors.length ? { error: errors.join('; ') } : {}),
  };
}

export const initWorkspaceFeature: Feature = {
  capabilities: () => ({}),
  register(ctx) {
    ctx.connection.onRequest(InitWorkspaceRequest.type, (params) => {
      try {
        return initWorkspace(ctx, params.folder);
      } catch (e) {
        return { config: null, written: [], kept: [], articles: 0, sources: 0, actors: 0, error: (e as Error).message };
      }
    });
  },
};
