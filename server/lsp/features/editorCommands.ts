// The answers behind the editor's Add Actor and Insert Citation commands: the client asks, the
// core decides (the registry, the actor's id and entry, the citation's date), the client applies.
import { URI } from 'vscode-uri';
import { actorId } from '../../core/actors/ids';
import { LineIndex } from '../../core/index';
import { newCitationDate } from '../../core/suggest';
import { AddActorRequest, CitationDateRequest, type AddActorParams, type AddActorResult } from '../protocol';
import type { Feature, ServerContext } from '../context';
import { actorTarget, addActorWorkspaceEdit } from './actorRegistryEdits';

function addActor(ctx: ServerContext, params: AddActorParams): AddActorResult {
  const refused = (error: string): AddActorResult => ({ registry: null, edit: null, line: 0, exists: false, error });
  const name = params.name.trim();
  if (!name) return refused('an actor needs a name');
  if (!ctx.trusted()) return refused('the folder is not trusted, so its registry is not read or written');
  const folder = params.folder ? URI.parse(params.folder) : undefined;
  if (folder && folder.scheme !== 'file') return refused('the folder is not on disk');
  // With no document, the folder's own dateline.yaml (looked up as for a file at its top).
  const uri = params.uri ?? (folder ? URI.file(`${folder.fsPath}/.`).toString() : undefined);
  if (!uri) return refused('open an article or a folder');
  const target = actorTarget(ctx, uri, folder?.fsPath);
  if ('refused' in target) return refused(target.refused);
  const registry = URI.file(target.file).toString();
  const listed = target.text === undefined ? [] : ctx.service.parseActors(target.text, target.file).actors;
  const ids = new Set([...listed, ...ctx.configFor(uri).actors].map((a) => a.id));
  const id = actorId(name);
  if (ids.has(id)) {
    const entry = listed.find((a) => a.id === id)?.origin?.span.start;
    return { registry, edit: null, line: entry === undefined ? 0 : new LineIndex(target.text!).positionAt(entry).line, exists: true };
  }
  const { edit, line } = addActorWorkspaceEdit(target, name, params.kind, ids);
  return { registry, edit, line, exists: false };
}

export const editorCommandsFeature: Feature = {
  capabilities: () => ({}),
  register(ctx) {
    ctx.connection.onRequest(AddActorRequest.type, (params) => {
      try {
        return addActor(ctx, params);
      } catch (e) {
        return { registry: null, edit: null, line: 0, exists: false, error: (e as Error).message };
      }
    });
    ctx.connection.onRequest(CitationDateRequest.type, async (params) => {
      const analysis = await ctx.analysis(params.uri).catch(() => undefined);
      return newCitationDate(analysis?.article, params.today);
    });
  },
};
