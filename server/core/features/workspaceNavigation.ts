import type { Actor, ActorKind } from '../actors/registry';
import type { DatelineConfig } from '../config';
import type { Article } from '../parser/article';
import type { LanguageService } from '../service';
import { LineIndex } from '../text';
import type { Position, Range } from '../types';
import type { FileSummary } from '../workspace';
import type { Workspace } from '../workspaceFiles';
import { contextAt } from './cursor';
import {
  findSourceDeclaration,
  formOf,
  matchScore,
  mentionRenames,
  planRename,
  registryEdit,
  registryNameAt,
  sourceDeclarations,
  type SourceDeclaration,
} from './navigation';

/** The config that applies to a file, with where it and its registries are (file paths, as actors' origins name them). */
export interface ConfigPlace {
  config: DatelineConfig;
  /** The `dateline.yaml`, if one applies. */
  configFile?: string;
  /** The actors files it names. */
  registries: readonly string[];
  /** The file's path relative to the config's folder, for `include`. */
  relativePath?: string;
}

/**
 * What navigation reads of a workspace, as it is at the moment of a request: the files (through
 * the injected `Workspace`), the configs as the editor side resolved them, and the index's summaries.
 */
export interface WorkspaceSnapshot {
  files: Workspace;
  /** The config of a file; undefined when no workspace config may be read (Restricted Mode). */
  configOf(uri: string): ConfigPlace | undefined;
  /** Every config of the workspace, for workspace symbols. */
  configs(): Iterable<ConfigPlace & { configFile: string }>;
  /** Whether a file is a `dateline.yaml` or an actors registry a config names (then it is no article). */
  isConfigFile(uri: string): boolean;
  /** The URI of a file path (an actor's origin, a config's registries), and back. */
  uriOf(file: string): string;
  fileOf(uri: string): string;
  /** Every article's summary: the workspace index. */
  summaries(): Iterable<FileSummary>;
  /** Where an actor is mentioned, per the index. */
  references(actorId: string): Iterable<{ uri: string; range: Range }>;
  /** Articles open in the editor: a rename looks at them even when the index lags. */
  openArticles(): Iterable<string>;
  /** An open document's current analysis, when the caller keeps one (it saves a parse). */
  analysed?(uri: string): { article?: Article; config: DatelineConfig } | undefined;
}

export interface Location {
  uri: string;
  range: Range;
}

export interface WorkspaceSymbol {
  name: string;
  kind: ActorKind | 'source';
  containerName: string;
  location: Location;
}

/** A request navigation declines, with the reason to show the writer. */
export interface Refusal {
  error: string;
}

export interface WorkspaceNavigation {
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | Refusal | undefined;
  rename(uri: string, position: Position, newName: string): { changes: Record<string, { range: Range; newText: string }[]> } | Refusal | undefined;
  symbols(query: string, max?: number): WorkspaceSymbol[];
}

/** An actors registry or `dateline.yaml` as it is now, with the actors written in it. */
interface RegistryFile {
  uri: string;
  text: string;
  lines: LineIndex;
  actors: Actor[];
  sources(): SourceDeclaration[];
}

type Target =
  | { kind: 'mention'; uri: string; lines: LineIndex; range: Range; text: string; actors: Actor[] }
  | { kind: 'registry'; uri: string; lines: LineIndex; range: Range; text: string; actors: Actor[]; scalar: string }
  | { kind: 'source'; uri: string; source: string };

/** Most symbols given for one query; the editor filters further as the writer types. */
const MAX_SYMBOLS = 500;

/**
 * Go to definition, references, rename and workspace symbols, answered from a workspace snapshot.
 * The registry files it reads are parsed again only when their text changed. Never throws.
 */
export function createWorkspaceNavigation(service: LanguageService, snapshot: WorkspaceSnapshot): WorkspaceNavigation {
  const registries = new Map<string, RegistryFile>();

  function registryFile(file: string): RegistryFile | undefined {
    const uri = snapshot.uriOf(file);
    const read = snapshot.files.read(uri);
    if (read.kind !== 'text') {
      registries.delete(uri);
      return undefined;
    }
    const cached = registries.get(uri);
    if (cached?.text === read.text) return cached;
    const configPlace = isConfigName(file);
    const { actors } = service.parseActors(read.text, configPlace ? undefined : file);
    let sources: SourceDeclaration[] | undefined;
    const text = read.text;
    const entry: RegistryFile = { uri, text, lines: new LineIndex(text), actors, sources: () => (sources ??= configPlace ? sourceDeclarations(text) : []) };
    registries.set(uri, entry);
    return entry;
  }

  /** Where an actor is declared: its registry file, or `dateline.yaml` for inline entries. */
  function registryOf(actor: Actor, fromUri: string): RegistryFile | undefined {
    const file = actor.origin?.file ?? configFileOf(fromUri);
    return file ? registryFile(file) : undefined;
  }

  function configFileOf(uri: string): string | undefined {
    return snapshot.configOf(uri)?.configFile;
  }

  function declarationOf(actor: Actor, fromUri: string): Location | undefined {
    const registry = registryOf(actor, fromUri);
    const origin = registry?.actors.find((a) => a.id === actor.id)?.origin;
    if (!registry || !origin) return undefined;
    return { uri: registry.uri, range: registry.lines.rangeOf(origin.nameSpan ?? origin.span) };
  }

  /** An article's model and config: the open document's analysis, or the file as stored. */
  function articleAt(uri: string): { article: Article; config: DatelineConfig } | undefined {
    const analysed = snapshot.analysed?.(uri);
    if (analysed) return analysed.article && { article: analysed.article, config: analysed.config };
    const read = snapshot.files.read(uri);
    const place = snapshot.configOf(uri);
    if (read.kind !== 'text' || !place) return undefined;
    const opened = service.open(read.text, { flavor: read.flavor, config: place.config, relativePath: place.relativePath });
    return opened.result.article && { article: opened.result.article, config: opened.config };
  }

  function targetAt(uri: string, position: Position): Target | undefined {
    if (snapshot.isConfigFile(uri)) {
      // In Restricted Mode the workspace's registries mean nothing.
      if (!snapshot.configOf(uri)) return undefined;
      const file = registryFile(snapshot.fileOf(uri));
      if (!file) return undefined;
      const found = registryNameAt(file.actors, file.lines.offsetAt(position));
      if (!found) return undefined;
      return { kind: 'registry', uri, lines: file.lines, range: file.lines.rangeOf(found.span), text: found.form, actors: [found.actor], scalar: file.text.slice(found.span.start, found.span.end) };
    }
    const loaded = articleAt(uri);
    if (!loaded) return undefined;
    const { article, config } = loaded;
    const offset = article.lines.offsetAt(position);
    const at = contextAt(article, offset);
    if (at?.kind === 'mention') {
      const { mention } = at;
      const actors = mention.actorIds.map((id) => config.actors.find((a) => a.id === id)).filter((a): a is Actor => !!a);
      return { kind: 'mention', uri, lines: article.lines, range: article.lines.rangeOf(mention.span), text: mention.text, actors };
    }
    return at?.kind === 'source' ? { kind: 'source', uri, source: at.source } : undefined;
  }

  /** The one actor a rename applies to; a form several actors share is renamed from the registry. */
  function renamedActor(target: Exclude<Target, { kind: 'source' }>): Actor | Refusal {
    const { actors } = target;
    if (actors.length !== 1) {
      return { error: `‘${target.text}’ could mean ${actors.map((a) => a.name).join(' or ')}; rename it from the registry entry instead.` };
    }
    if (!formOf(actors[0], target.text)) return { error: `‘${target.text}’ is not a name of ${actors[0].name}.` };
    return actors[0];
  }

  /** Rename edits in one article, from its current text rather than the index, which may lag. */
  function articleEdits(uri: string, plan: Exclude<ReturnType<typeof planRename>, Refusal>): { range: Range; newText: string }[] {
    const read = snapshot.files.read(uri);
    const place = snapshot.configOf(uri);
    if (read.kind !== 'text') return [];
    const summary = service.open(read.text, { flavor: read.flavor, config: place?.config, relativePath: place?.relativePath }).summary(uri);
    if (!summary) return [];
    return mentionRenames(summary.mentions, plan).map(({ mention, newText }) => ({ range: mention.range, newText }));
  }

  return {
    definition(uri, position) {
      const target = targetAt(uri, position);
      if (!target) return [];
      if (target.kind === 'source') {
        const configFile = configFileOf(target.uri);
        const config = configFile ? registryFile(configFile) : undefined;
        const declared = config && findSourceDeclaration(config.sources(), target.source);
        return config && declared ? [{ uri: config.uri, range: config.lines.rangeOf(declared.nameSpan) }] : [];
      }
      return target.actors.map((a) => declarationOf(a, target.uri)).filter((l): l is Location => !!l);
    },

    references(uri, position, includeDeclaration) {
      const target = targetAt(uri, position);
      if (!target || target.kind === 'source') return [];
      const out = new Locations();
      if (includeDeclaration) for (const a of target.actors) out.add(declarationOf(a, target.uri));
      for (const a of target.actors) for (const r of snapshot.references(a.id)) out.add({ uri: r.uri, range: r.range });
      return out.list;
    },

    prepareRename(uri, position) {
      const target = targetAt(uri, position);
      if (!target || target.kind === 'source') return undefined;
      const actor = renamedActor(target);
      if ('error' in actor) return actor;
      if (target.kind === 'mention') return { range: target.range, placeholder: target.text };
      // Inside quotes, so the quotes stay.
      const quoted = /^['"]/.test(target.scalar) ? 1 : 0;
      const start = target.lines.offsetAt(target.range.start) + quoted;
      const end = target.lines.offsetAt(target.range.end) - quoted;
      return { range: target.lines.rangeOf({ start, end }), placeholder: formOf(actor, target.text) === 'name' ? actor.name : target.text };
    },

    rename(uri, position, newName) {
      const target = targetAt(uri, position);
      if (!target || target.kind === 'source') return undefined;
      const actor = renamedActor(target);
      if ('error' in actor) return actor;
      const plan = planRename(actor, target.text, newName);
      if ('error' in plan) return plan;
      const registry = registryOf(actor, target.uri);
      const edit = registry && registryEdit(registry.text, registry.actors, plan);
      if (!registry || !edit) return { error: `${actor.name} was not found in the registry, so it cannot be renamed.` };
      const changes: Record<string, { range: Range; newText: string }[]> = {};
      changes[registry.uri] = [{ range: registry.lines.rangeOf(edit.span), newText: edit.newText }];
      // Articles that may mention the actor: those the index says do, and every open article.
      const candidates = new Set<string>();
      for (const file of snapshot.summaries()) if (file.mentions.some((m) => m.actorIds.includes(plan.actorId))) candidates.add(file.uri);
      for (const open of snapshot.openArticles()) candidates.add(open);
      for (const file of candidates) {
        const edits = articleEdits(file, plan);
        if (edits.length) changes[file] = [...(changes[file] ?? []), ...edits];
      }
      return { changes };
    },

    symbols(query, max = MAX_SYMBOLS) {
      const found: { score: number; symbol: WorkspaceSymbol }[] = [];
      const seen = new Set<string>();
      const add = (score: number | undefined, symbol: WorkspaceSymbol) => {
        const key = `${symbol.location.uri}#${symbol.location.range.start.line}:${symbol.location.range.start.character}`;
        if (score === undefined || seen.has(key)) return;
        seen.add(key);
        found.push({ score, symbol });
      };
      for (const place of snapshot.configs()) {
        // Inline actors live in dateline.yaml itself; the rest in the files it names.
        for (const file of [place.configFile, ...place.registries]) {
          const registry = registryFile(file);
          if (!registry) continue;
          const { uri, lines } = registry;
          for (const actor of registry.actors) {
            const origin = actor.origin;
            if (!origin) continue;
            const containerName = [actor.kind, actor.affiliation].filter(Boolean).join(', ');
            add(best(query, [actor.name, ...actor.aliases]), { name: actor.name, kind: actor.kind, containerName, location: { uri, range: lines.rangeOf(origin.nameSpan ?? origin.span) } });
          }
          if (file !== place.configFile) continue;
          for (const source of registry.sources()) {
            add(best(query, [source.name, ...source.aliases]), { name: source.name, kind: 'source', containerName: 'source', location: { uri, range: lines.rangeOf(source.nameSpan) } });
          }
        }
      }
      found.sort((a, b) => b.score - a.score || a.symbol.name.localeCompare(b.symbol.name));
      return found.slice(0, max).map((f) => f.symbol);
    },
  };
}

function isConfigName(file: string): boolean {
  return /(^|[\\/])dateline\.yaml$/.test(file);
}

function best(query: string, names: readonly string[]): number | undefined {
  let score: number | undefined;
  for (const n of names) {
    const s = matchScore(query, n);
    if (s !== undefined && (score === undefined || s > score)) score = s;
  }
  return score;
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
