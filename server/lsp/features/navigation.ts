import * as path from 'node:path';
import {
  LSPErrorCodes,
  ResponseError,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import {
  citedSourceAt,
  findSourceDeclaration,
  formOf,
  mentionAt,
  mentionRenames,
  planRename,
  registryEdit,
  registryNameAt,
  type RenamePlan,
} from '../../core/features/navigation';
import { LineIndex, type Actor, type Article, type ArticleFlavor, type Span } from '../../core/index';
import { CONFIG_FILE } from '../../node/configStore';
import type { Feature, ServerContext } from '../context';
import { workspaceIndexFeature, type RegistryFile, type WorkspaceIndexFeature } from './workspaceIndex';

/** What the cursor is on. */
type Target =
  | { kind: 'mention'; uri: string; article: Article; span: Span; text: string; actorIds: string[]; actors: readonly Actor[] }
  | { kind: 'registry'; uri: string; lines: LineIndex; span: Span; text: string; actor: Actor; scalar: string }
  | { kind: 'source'; uri: string; source: string };

/** Go to definition, find references and rename for actors (and definition for cited sources). */
export function createNavigationFeature(index: WorkspaceIndexFeature): Feature {
  let ctx: ServerContext;

  return {
    capabilities: () => ({ definitionProvider: true, referencesProvider: true, renameProvider: { prepareProvider: true } }),
    register(context) {
      ctx = context;
      const { connection } = ctx;
      connection.onDefinition((p) => guard(() => definition(p.textDocument.uri, p.position), null));
      connection.onReferences((p) => guard(() => references(p.textDocument.uri, p.position, p.context.includeDeclaration), []));
      connection.onPrepareRename((p) => guard(() => prepareRename(p.textDocument.uri, p.position), null));
      connection.onRenameRequest((p) => guard(() => rename(p.textDocument.uri, p.position, p.newName), null));
    },
  };

  async function definition(uri: string, position: Position): Promise<Location[] | null> {
    const target = await targetAt(uri, position);
    if (!target) return null;
    if (target.kind === 'source') {
      const configPath = configPathOf(target.uri);
      const config = configPath ? index.registryFile(configPath) : undefined;
      const declared = config && findSourceDeclaration(config.sources(), target.source);
      return config && declared ? [{ uri: config.uri, range: config.lines.rangeOf(declared.nameSpan) }] : null;
    }
    const locations = actorsOf(target).map((a) => declarationOf(a, target.uri)).filter((l): l is Location => !!l);
    return locations.length ? locations : null;
  }

  async function references(uri: string, position: Position, includeDeclaration: boolean): Promise<Location[]> {
    const target = await targetAt(uri, position);
    if (!target || target.kind === 'source') return [];
    await index.ready();
    const actors = actorsOf(target);
    const out = new Locations();
    if (includeDeclaration) for (const a of actors) out.add(declarationOf(a, target.uri));
    for (const a of actors) for (const r of index.current().references(a.id)) out.add({ uri: r.uri, range: r.range });
    return out.list;
  }

  async function prepareRename(uri: string, position: Position): Promise<{ range: Range; placeholder: string } | null> {
    const target = await targetAt(uri, position);
    if (!target || target.kind === 'source') return null;
    const actor = renamedActor(target);
    if (target.kind === 'mention') return { range: target.article.lines.rangeOf(target.span), placeholder: target.text };
    // Inside quotes, so the quotes stay.
    const quoted = /^['"]/.test(target.scalar) ? 1 : 0;
    const span = { start: target.span.start + quoted, end: target.span.end - quoted };
    return { range: target.lines.rangeOf(span), placeholder: formOf(actor, target.text) === 'name' ? actor.name : target.text };
  }

  async function rename(uri: string, position: Position, newName: string): Promise<WorkspaceEdit | null> {
    const target = await targetAt(uri, position);
    if (!target || target.kind === 'source') return null;
    const actor = renamedActor(target);
    const plan = planRename(actor, target.text, newName);
    if ('error' in plan) throw new ResponseError(LSPErrorCodes.RequestFailed, plan.error);
    const changes: Record<string, TextEdit[]> = {};
    const registry = registryOf(actor, target.uri);
    const edit = registry && registryEdit(registry.text, registry.actors, plan);
    if (!registry || !edit) throw new ResponseError(LSPErrorCodes.RequestFailed, `${actor.name} was not found in the registry, so it cannot be renamed.`);
    changes[registry.uri] = [{ range: registry.lines.rangeOf(edit.span), newText: edit.newText }];
    await index.ready();
    for (const file of candidates(plan)) {
      const edits = articleEdits(file, plan);
      if (edits.length) changes[file] = [...(changes[file] ?? []), ...edits];
    }
    return { changes };
  }

  /** Articles that may mention the actor: those the index says do, and every open article. */
  function candidates(plan: RenamePlan): Set<string> {
    const uris = new Set<string>();
    for (const file of index.current().all()) if (file.mentions.some((m) => m.actorIds.includes(plan.actorId))) uris.add(file.uri);
    for (const doc of ctx.documents.all()) if (doc.languageId === 'article' || doc.languageId === 'markdown') uris.add(doc.uri);
    return uris;
  }

  /** Rename edits in one article, from its current text rather than the index, which may lag. */
  function articleEdits(uri: string, plan: RenamePlan): TextEdit[] {
    const text = index.textOf(uri);
    if (text === undefined) return [];
    const summary = index.summarizeText(uri, text, flavorOf(uri));
    if (!summary) return [];
    return mentionRenames(summary.mentions, plan).map(({ mention, newText }) => ({ range: mention.range, newText }));
  }

  /** The one actor a rename applies to; a form several actors share is renamed from the registry. */
  function renamedActor(target: Exclude<Target, { kind: 'source' }>): Actor {
    const actors = actorsOf(target);
    if (actors.length !== 1) {
      const names = actors.map((a) => a.name).join(' or ');
      throw new ResponseError(LSPErrorCodes.RequestFailed, `\`${target.text}\` could mean ${names}; rename it from the registry entry instead.`);
    }
    if (!formOf(actors[0], target.text)) throw new ResponseError(LSPErrorCodes.RequestFailed, `\`${target.text}\` is not a name of ${actors[0].name}.`);
    return actors[0];
  }

  function actorsOf(target: Exclude<Target, { kind: 'source' }>): Actor[] {
    if (target.kind === 'registry') return [target.actor];
    return target.actorIds.map((id) => target.actors.find((a) => a.id === id)).filter((a): a is Actor => !!a);
  }

  async function targetAt(uri: string, position: Position): Promise<Target | undefined> {
    const parsed = URI.parse(uri);
    if (parsed.scheme === 'file' && isRegistryFile(parsed.fsPath)) {
      // In Restricted Mode the workspace's registries mean nothing.
      if (!ctx.trusted()) return undefined;
      const file = index.registryFile(parsed.fsPath);
      if (!file) return undefined;
      const found = registryNameAt(file.actors, file.lines.offsetAt(position));
      if (!found) return undefined;
      return { kind: 'registry', uri, lines: file.lines, span: found.span, text: found.form, actor: found.actor, scalar: file.text.slice(found.span.start, found.span.end) };
    }
    const loaded = await articleAt(uri);
    if (!loaded) return undefined;
    const { article, actors } = loaded;
    const offset = article.lines.offsetAt(position);
    const mention = mentionAt(article, offset);
    if (mention) return { kind: 'mention', uri, article, span: mention.span, text: mention.text, actorIds: mention.actorIds, actors };
    const cited = citedSourceAt(article, offset);
    return cited ? { kind: 'source', uri, source: cited.source } : undefined;
  }

  /** An article's model: the open document's analysis, or the file on disk. */
  async function articleAt(uri: string): Promise<{ article: Article; actors: readonly Actor[] } | undefined> {
    const analysis = await ctx.analysis(uri);
    if (analysis) return analysis.result.article && { article: analysis.result.article, actors: analysis.config.actors };
    const parsed = URI.parse(uri);
    const text = index.textOf(uri);
    const loaded = parsed.scheme === 'file' ? index.configOf(parsed.fsPath) : undefined;
    if (text === undefined || !loaded) return undefined;
    const flavor = flavorOf(uri);
    const relative = loaded.path ? path.relative(path.dirname(loaded.path), parsed.fsPath) : undefined;
    const article = ctx.service.open(text, { flavor, config: loaded.config, relativePath: relative }).result.article;
    return article && { article, actors: loaded.config.actors };
  }

  function isRegistryFile(fsPath: string): boolean {
    if (path.basename(fsPath) === CONFIG_FILE) return true;
    return index.isRegistry(fsPath);
  }

  /** Where an actor is declared: its registry file, or `dateline.yaml` for inline entries. */
  function registryOf(actor: Actor, fromUri: string): RegistryFile | undefined {
    // Spans come from the registry's current text, so they match what an edit applies to.
    const file = actor.origin?.file ?? configPathOf(fromUri);
    return file ? index.registryFile(file) : undefined;
  }

  function declarationOf(actor: Actor, fromUri: string): Location | undefined {
    const registry = registryOf(actor, fromUri);
    const origin = registry?.actors.find((a) => a.id === actor.id)?.origin;
    if (!registry || !origin) return undefined;
    return { uri: registry.uri, range: registry.lines.rangeOf(origin.nameSpan ?? origin.span) };
  }

  /** The `dateline.yaml` that applies to a file. */
  function configPathOf(uri: string): string | undefined {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    if (path.basename(parsed.fsPath) === CONFIG_FILE) return parsed.fsPath;
    return index.configOf(parsed.fsPath)?.path;
  }

  function flavorOf(uri: string): ArticleFlavor {
    const doc = ctx.documents.get(uri);
    if (doc) return doc.languageId === 'markdown' ? 'markdown' : 'article';
    return uri.toLowerCase().endsWith('.md') ? 'markdown' : 'article';
  }

  async function guard<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      // A rename that cannot be done tells the writer why; anything else is a bug to log.
      if (e instanceof ResponseError) throw e;
      ctx.connection.console.error(`Dateline navigation failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  }
}

/** Locations once each: an ambiguous mention is a reference of every candidate. */
class Locations {
  readonly list: Location[] = [];
  private readonly seen = new Set<string>();

  add(location: Location | undefined): void {
    if (!location) return;
    const key = `${location.uri}#${location.range.start.line}:${location.range.start.character}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(location);
  }
}

export const navigationFeature = createNavigationFeature(workspaceIndexFeature);
