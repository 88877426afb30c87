// Where a new actor goes and the edit that puts it there, for the "Add ‹name› to the actors
// registry" code action and the Add Actor command alike: the registry the nearest dateline.yaml
// names, else a new actors.yaml beside it that the config then names.
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { addActorEdit } from '../../core/configEdits';
import { LineIndex, type ActorKind } from '../../core/index';
import { readRegularText, rootContaining } from '../../node/files';
import type { ServerContext } from '../context';

/** A dateline.yaml or registry larger than this is not edited. */
const MAX_EDITED_FILE_BYTES = 32 * 1024 * 1024;

export const ACTORS_FILE = 'actors.yaml';

/** Text of a file as the editor has it (open and unsaved) or as it is on disk. */
export function currentText(ctx: ServerContext, file: string): string | undefined {
  const open = ctx.documents.get(URI.file(file).toString());
  if (open) return open.getText();
  // Only trusted workspaces are read from disk, and only their own regular files.
  const root = ctx.trusted() ? rootContaining(file, ctx.roots()) : undefined;
  return root === undefined ? undefined : readRegularText(file, { maxBytes: MAX_EDITED_FILE_BYTES, root });
}

export interface ActorTarget {
  /** The registry file the actor is appended to. */
  file: string;
  /** Its current text; undefined when the file is to be created. */
  text?: string;
  /** A dateline.yaml that names no registry yet: it gets `actors: actors.yaml` in the same edit. */
  pointConfig?: { file: string; text: string };
}

/**
 * The registry a new actor for `uri` goes to. With no dateline.yaml above it, `folder` (a folder on
 * disk) gets an actors.yaml of its own when given; a config that lists its actors inline is not
 * guessed at.
 */
export function actorTarget(ctx: ServerContext, uri: string, folder?: string): ActorTarget | { refused: string } {
  const { config, registries } = ctx.configFilesFor(uri);
  if (registries.length) {
    const text = currentText(ctx, registries[0]);
    return text === undefined ? { refused: `${path.basename(registries[0])} cannot be read` } : { file: registries[0], text };
  }
  if (!config) {
    if (!folder) return { refused: 'no dateline.yaml applies to this file' };
    const file = path.join(folder, ACTORS_FILE);
    return { file, text: currentText(ctx, file) };
  }
  const configText = currentText(ctx, config);
  if (configText === undefined) return { refused: 'dateline.yaml cannot be read' };
  if (/^actors\s*:/m.test(configText)) return { refused: 'dateline.yaml lists its actors in a form an edit should not guess at' };
  const file = path.join(path.dirname(config), ACTORS_FILE);
  return { file, text: currentText(ctx, file), pointConfig: { file: config, text: configText } };
}

/** The edit that appends the actor, and the line (in the new text) where its entry starts. */
export function addActorWorkspaceEdit(target: ActorTarget, name: string, kind: ActorKind, ids: Iterable<string>): { edit: WorkspaceEdit; line: number } {
  const text = target.text ?? '';
  const edit = addActorEdit(text, name, kind, ids);
  const lines = new LineIndex(text);
  const at = lines.positionAt(edit.span.start);
  const line = at.line + (edit.newText.slice(0, edit.newText.indexOf('- id:')).match(/\r\n|\r|\n/g)?.length ?? 0);
  const registryUri = URI.file(target.file).toString();
  const append = { textDocument: { uri: registryUri, version: null }, edits: [{ range: { start: at, end: lines.positionAt(edit.span.end) }, newText: edit.newText }] };
  // Plain changes where they do: every client takes them.
  if (target.text !== undefined && !target.pointConfig) return { edit: { changes: { [registryUri]: append.edits } }, line };
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  if (target.text === undefined) documentChanges.push({ kind: 'create', uri: registryUri, options: { ignoreIfExists: true } });
  documentChanges.push(append);
  if (target.pointConfig) {
    const configText = target.pointConfig.text;
    const eol = /\r\n?/.exec(configText)?.[0] ?? '\n';
    const tail = configText.length && !/[\r\n]$/.test(configText) ? eol : '';
    const end = new LineIndex(configText).positionAt(configText.length);
    documentChanges.push({ textDocument: { uri: URI.file(target.pointConfig.file).toString(), version: null }, edits: [{ range: { start: end, end }, newText: `${tail}actors: ${ACTORS_FILE}${eol}` }] });
  }
  return { edit: { documentChanges }, line };
}
