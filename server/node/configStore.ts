import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, LineIndex, withConfigSeverities, type Actor, type DatelineConfig, type Finding, type LanguageService } from '../core/index';
import { isInside, readRegularFile, type ReadOutcome } from './files';

export const CONFIG_FILE = 'dateline.yaml';

export interface LoadedConfig {
  /** The `dateline.yaml` that applies, if any. */
  path?: string;
  config: DatelineConfig;
  /** Problems in that `dateline.yaml`. */
  findings: Finding[];
  /** The actors files it names, with their problems. */
  registries: { path: string; findings: Finding[] }[];
}

/** Registry files larger than this are not read. */
const MAX_REGISTRY_SIZE = 32 * 1024 * 1024;

/** Config files larger than this are not read; nobody writes a 1 MB config by hand. */
const MAX_CONFIG_SIZE = 1024 * 1024;

/** Parsed registries by file and text, kept by a caller between runs. */
export interface RegistryMemo {
  get(file: string, text: string): { actors: Actor[]; findings: Finding[] } | undefined;
  set(file: string, text: string, parsed: { actors: Actor[]; findings: Finding[] }): void;
}

/**
 * Finds the `dateline.yaml` nearest above a file and parses it, caching by path and mtime.
 * A missing or unreadable config means defaults, never an exception.
 */
export class ConfigStore {
  private readonly nearestByDir = new Map<string, string | null>();
  private readonly parsed = new Map<string, { stamps: string; loaded: LoadedConfig }>();
  /** The folder each config's files must stay inside: its workspace folder, else its own folder. */
  private readonly rootOfConfig = new Map<string, string>();
  private readonly loadListeners: ((loaded: LoadedConfig) => void)[] = [];

  /** Registries parsed in an earlier run (the CLI's `--cache`), and where this run's are kept. */
  private registryMemo?: RegistryMemo;

  constructor(private readonly service: LanguageService) {}

  /** From now on, a registry whose text the memo knows is not parsed again, and one parsed is given to it. */
  useRegistries(memo: RegistryMemo): void {
    this.registryMemo = memo;
  }

  /**
   * Called each time a config is read afresh (its first use, or after it or a registry it names
   * changed), with its problems and its registries' problems: the editor publishes them from here.
   */
  onDidLoad(listener: (loaded: LoadedConfig) => void): void {
    this.loadListeners.push(listener);
  }

  /** The config for a file, or defaults. `root` bounds the walk up (a workspace folder). */
  forFile(filePath: string, root?: string): LoadedConfig {
    const bound = root ? path.resolve(root) : undefined;
    const configPath = this.findNearest(path.dirname(path.resolve(filePath)), bound);
    return configPath ? this.load(configPath, bound) : { config: defaultConfig(), findings: [], registries: [] };
  }

  /**
   * Parses a given config file (for `--config`) and the actors files it names. What it names must
   * stay inside `root` (the workspace folder that holds it; by default the config's own folder).
   */
  load(configPath: string, root?: string): LoadedConfig {
    this.rootOfConfig.set(configPath, root ?? path.dirname(configPath));
    const stamp = stampOf(configPath);
    if (!stamp) return { path: configPath, config: defaultConfig(), findings: [], registries: [] };
    const cached = this.parsed.get(configPath);
    // The cache holds while neither the config nor any registry it named has changed.
    if (cached && cached.stamps === this.stampsOf(configPath, cached.loaded)) return cached.loaded;
    const loaded = this.read(configPath);
    this.parsed.set(configPath, { stamps: this.stampsOf(configPath, loaded), loaded });
    for (const listener of this.loadListeners) listener(loaded);
    return loaded;
  }

  /** The `dateline.yaml` nearest above a file, found but not read. */
  nearest(filePath: string, root?: string): string | undefined {
    return this.findNearest(path.dirname(path.resolve(filePath)), root ? path.resolve(root) : undefined);
  }

  /**
   * A digest of everything `load` reads for a config: its text and, for each actors path it names,
   * that file's text or why it cannot be read. Registries are read here but not parsed, so a cache
   * keyed on it can skip their parse; two configs with the same digest load the same.
   */
  digest(configPath: string, root?: string): string {
    const bound = root ?? this.rootOfConfig.get(configPath) ?? path.dirname(configPath);
    const hash = createHash('sha256');
    const part = (s: string) => hash.update(`${s.length}:`).update(s);
    part(configPath);
    part(bound);
    const read = readRegularFile(configPath, { maxBytes: MAX_CONFIG_SIZE, root: bound });
    part(outcomeText(read));
    if (read.kind === 'text' || read.kind === 'invalid-utf8') {
      const { config } = this.service.parseConfig(read.kind === 'text' ? read.text : read.head);
      for (const relative of config.actorPaths) {
        part(relative);
        if (!path.isAbsolute(relative)) part(outcomeText(readRegularFile(path.resolve(path.dirname(configPath), relative), { maxBytes: MAX_REGISTRY_SIZE, root: bound })));
      }
    }
    return hash.digest('hex');
  }

  /** Whether a file is a registry some loaded config names. */
  isRegistry(filePath: string): boolean {
    return this.namingConfig(filePath) !== undefined;
  }

  /** The loaded config that names a registry file, if any. */
  namingConfig(filePath: string): LoadedConfig | undefined {
    const resolved = path.resolve(filePath);
    for (const { loaded } of this.parsed.values()) if (loaded.registries.some((r) => r.path === resolved)) return loaded;
    return undefined;
  }

  private stampsOf(configPath: string, loaded: LoadedConfig): string {
    return [configPath, ...loaded.registries.map((r) => r.path)].map((p) => `${p}:${stampOf(p) ?? '-'}`).join('|');
  }

  private read(configPath: string): LoadedConfig {
    const root = this.rootOfConfig.get(configPath) ?? path.dirname(configPath);
    const outcome = readRegularFile(configPath, { maxBytes: MAX_CONFIG_SIZE, root });
    if (outcome.kind !== 'text' && outcome.kind !== 'invalid-utf8') {
      return { path: configPath, config: defaultConfig(), findings: [problem(`${CONFIG_FILE} ${notReadable(outcome, '1 MB')}; defaults apply.`)], registries: [] };
    }
    const utf8 = outcome.kind === 'text';
    const text = outcome.kind === 'text' ? outcome.text : outcome.head;
    const { config, findings } = this.service.parseConfig(text);
    if (!utf8 && config.severities['config-invalid'] !== 'off') findings.unshift(notUtf8(text, CONFIG_FILE, 'config-invalid'));
    const registries: LoadedConfig['registries'] = [];
    const lines = new LineIndex(text);
    const at = config.actorPathsSpan ?? { start: 0, end: 0 };
    const pathProblem = (message: string, ruleId = 'actor-registry') =>
      findings.push({ ruleId, severity: 'error', message, span: at, range: lines.rangeOf(at) });
    const actors = config.actors.slice();
    const seen = new Set<string>();
    const dir = path.dirname(configPath);
    for (const relative of config.actorPaths) {
      // Only files of this workspace: no absolute paths, no way out through `..` or a link.
      if (path.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
        pathProblem(`The actors path ‘${relative}’ is absolute; give it relative to ${CONFIG_FILE}, inside the workspace. It was not read.`, 'config-invalid');
        continue;
      }
      const file = path.resolve(dir, relative);
      if (!isInside(file, root)) {
        pathProblem(`The actors path ‘${relative}’ leaves the workspace folder; it was not read.`, 'config-invalid');
        continue;
      }
      if (seen.has(file)) continue;
      seen.add(file);
      if (file === path.resolve(configPath)) {
        pathProblem(`‘actors’ names ${CONFIG_FILE} itself; list actors inline or in a separate file.`);
        continue;
      }
      // One look and one read: what the reader says it found decides the message.
      const read = readRegularFile(file, { maxBytes: MAX_REGISTRY_SIZE, root });
      if (read.kind === 'outside') {
        pathProblem(`The actors path ‘${relative}’ is a link that leaves the workspace folder; it was not read.`, 'config-invalid');
        continue;
      }
      if (read.kind === 'error' && read.message === 'no such file or directory') {
        pathProblem(`The actors file ‘${relative}’ does not exist.`);
        continue;
      }
      if (read.kind !== 'text' && read.kind !== 'invalid-utf8') {
        pathProblem(`The actors file ‘${relative}’ ${notReadable(read, '32 MB')}.`);
        continue;
      }
      const registryText = read.kind === 'text' ? read.text : read.head;
      let parsed = this.registryMemo?.get(file, registryText);
      if (parsed) parsed = { actors: parsed.actors, findings: [...parsed.findings] };
      else {
        parsed = this.service.parseActors(registryText, file);
        this.registryMemo?.set(file, registryText, { actors: parsed.actors, findings: [...parsed.findings] });
      }
      if (read.kind === 'invalid-utf8') parsed.findings.unshift(notUtf8(registryText, path.basename(file), 'actor-registry'));
      // A registry may hold a hundred thousand actors: no spread into push.
      for (const actor of parsed.actors) actors.push(actor);
      registries.push({ path: file, findings: parsed.findings });
    }
    config.actors = actors;
    // `rules:` applies to the config's and the registries' own problems, for the CLI and the editor alike.
    return {
      path: configPath,
      config,
      findings: withConfigSeverities(findings, config),
      registries: registries.map((r) => ({ path: r.path, findings: withConfigSeverities(r.findings, config) })),
    };
  }

  /** Forget cached lookups, after a config file was created, changed or deleted. */
  invalidate(): void {
    this.nearestByDir.clear();
    this.parsed.clear();
  }

  private findNearest(dir: string, root: string | undefined): string | undefined {
    const visited: string[] = [];
    let current = dir;
    let found: string | null = null;
    for (;;) {
      const cached = this.nearestByDir.get(current);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(current);
      const candidate = path.join(current, CONFIG_FILE);
      if (isFile(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current || (root && current === root)) break;
      current = parent;
    }
    for (const v of visited) this.nearestByDir.set(v, found);
    return found ?? undefined;
  }
}

/** Why a config or registry file was not read, in words that echo nothing from it. */
function notReadable(outcome: Exclude<ReadOutcome, { kind: 'text' | 'invalid-utf8' }>, limit: string): string {
  switch (outcome.kind) {
    case 'too-large':
      return `is larger than ${limit} and was not read`;
    case 'not-regular':
      return `is ${outcome.what === 'not a regular file' ? 'not a regular file' : `${outcome.what}, not a regular file`}, and was not read`;
    case 'outside':
      return 'is a link that leaves the workspace folder, and was not read';
    case 'error':
      return `could not be read (${outcome.message})`;
  }
}

/** What a read gave, as text for a digest: the kind, and the text or the reason. */
function outcomeText(outcome: ReadOutcome): string {
  switch (outcome.kind) {
    case 'text':
      return `text:${outcome.bom ? 1 : 0}:${outcome.text}`;
    case 'too-large':
      return `too-large:${outcome.size}`;
    case 'invalid-utf8':
      return `invalid-utf8:${outcome.head}`;
    case 'not-regular':
      return `not-regular:${outcome.what}`;
    case 'outside':
      return 'outside';
    case 'error':
      return `error:${outcome.message}`;
  }
}

function stampOf(p: string): string | undefined {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  return stat ? `${stat.mtimeMs}:${stat.size}` : undefined;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file in another encoding reads with U+FFFD in place of what could not be decoded; point at the first. */
function notUtf8(text: string, name: string, ruleId: string): Finding {
  const at = Math.max(0, text.indexOf('\ufffd'));
  const span = { start: at, end: Math.min(text.length, at + 1) };
  const message = `${name} is not valid UTF-8; what could not be read shows as \u{FFFD}. Save the file as UTF-8.`;
  return { ruleId, severity: 'warning', message, span, range: new LineIndex(text).rangeOf(span) };
}

function problem(message: string): Finding {
  const zero = { line: 0, character: 0 };
  return { ruleId: 'config-invalid', severity: 'error', message, span: { start: 0, end: 0 }, range: { start: zero, end: zero } };
}
