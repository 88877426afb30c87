import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { createWorkspaceNavigation, type WorkspaceNavigation, type WorkspaceSnapshot } from '../../core/index';
import { CONFIG_FILE } from '../../node/configStore';
import type { CurrentAnalysis, ServerContext } from '../context';
import type { WorkspaceIndexFeature } from './workspaceIndex';

/** The core's navigation over the server's workspace, with the open document a request is about. */
export interface ServerNavigation {
  /** Runs a navigation question with the current analysis of the document it starts from. */
  ask<T>(from: CurrentAnalysis | undefined, question: (navigation: WorkspaceNavigation) => T): T;
}

const made = new WeakMap<WorkspaceIndexFeature, ServerNavigation>();

/**
 * The workspace snapshot navigation reads: the index's files, configs and summaries as they are
 * when a request runs. One per index, so registry files are parsed once for every request.
 */
export function serverNavigation(ctx: ServerContext, index: WorkspaceIndexFeature): ServerNavigation {
  let nav = made.get(index);
  if (nav) return nav;
  let current: CurrentAnalysis | undefined;
  const fsPathOf = (uri: string) => URI.parse(uri).fsPath;
  const snapshot: WorkspaceSnapshot = {
    files: {
      files: () => index.workspace?.files() ?? [],
      read: (uri) => index.workspace?.read(uri) ?? { kind: 'problem', problem: 'the workspace is not ready' },
    },
    configOf(uri) {
      const parsed = URI.parse(uri);
      if (parsed.scheme !== 'file') return undefined;
      const loaded = index.configs.configOf(parsed.fsPath);
      if (!loaded) return undefined;
      const relativePath = loaded.path ? path.relative(path.dirname(loaded.path), parsed.fsPath) : undefined;
      return { config: loaded.config, configFile: loaded.path, registries: loaded.registries, relativePath };
    },
    *configs() {
      for (const c of index.configs.configs()) if (c.path) yield { config: c.config, configFile: c.path, registries: c.registries };
    },
    isConfigFile(uri) {
      const parsed = URI.parse(uri);
      return parsed.scheme === 'file' && (path.basename(parsed.fsPath) === CONFIG_FILE || index.configs.isRegistry(parsed.fsPath));
    },
    uriOf: (file) => URI.file(file).toString(),
    fileOf: fsPathOf,
    summaries: () => index.current().all(),
    references: (actorId) => index.current().references(actorId),
    *openArticles() {
      for (const doc of ctx.documents.all()) if (doc.languageId === 'article' || doc.languageId === 'markdown') yield doc.uri;
    },
    analysed(uri) {
      if (current?.doc.uri === uri) return { article: current.article, config: current.config };
      return undefined;
    },
  };
  const navigation = createWorkspaceNavigation(ctx.service, snapshot);
  nav = {
    ask(from, question) {
      // Set and cleared around a synchronous call: no other request runs in between.
      current = from;
      try {
        return question(navigation);
      } finally {
        current = undefined;
      }
    },
  };
  made.set(index, nav);
  return nav;
}
