import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, LineIndex, type DatelineConfig, type Finding, type LanguageService } from '../core/index';

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

/**
 * Finds the `dateline.yaml` nearest above a file and parses it, caching by path and mtime.
 * A missing or unreadable config means defaults, never an exception.
 */
export class ConfigStore {
  private readonly nearestByDir = new Map<string, string | null>();
  private readonly parsed = new Map<string, { stamps: string; loaded: LoadedConfig }>();

  constructor(private readonly service: LanguageService) {}

  /** The config for a file, or defaults. `root` bounds the walk up (a workspace folder). */
  forFile(filePath: string, root?: string): LoadedConfig {
    const configPath = this.findNearest(path.dirname(path.resolve(filePath)), root ? path.resolve(root) : undefined);
    return configPath ? this.load(configPath) : { config: defaultConfig(), findings: [], registries: [] };
  }

  /** Parses a given config file (for `--config`) and the actors files it names. */
  load(configPath: string): LoadedConfig {
    const stamp = stampOf(configPath);
    if (!stamp) return { path: configPath, config: defaultConfig(), findings: [], registries: [] };
    const cached = this.parsed.get(configPath);
    // The cache holds while neither the config nor any registry it named has changed.
    if (cached && cached.stamps === this.stampsOf(configPath, cached.loaded)) return cached.loaded;
    const loaded = this.read(configPath);
    this.parsed.set(configPath, { stamps: this.stampsOf(configPath, loaded), loaded });
    return loaded;
  }

  /** Whether a file is a registry some loaded config names. */
  isRegistry(filePath: string): boolean {
    const resolved = path.resolve(filePath);
    for (const { loaded } of this.parsed.values()) if (loaded.registries.some((r) => r.path === resolved)) return true;
    return false;
  }

  private stampsOf(configPath: string, loaded: LoadedConfig): string {
    return [configPath, ...loaded.registries.map((r) => r.path)].map((p) => `${p}:${stampOf(p) ?? '-'}`).join('|');
  }

  private read(configPath: string): LoadedConfig {
    const size = fs.statSync(configPath, { throwIfNoEntry: false })?.size ?? 0;
    if (size > MAX_CONFIG_SIZE) {
      return { path: configPath, config: defaultConfig(), findings: [problem(`${CONFIG_FILE} is larger than 1 MB and was not read; defaults apply.`)], registries: [] };
    }
    let text: string;
    let utf8 = true;
    try {
      const bytes = fs.readFileSync(configPath);
      utf8 = isUtf8(bytes);
      text = stripBom(bytes.toString('utf8'));
    } catch (e) {
      return { path: configPath, config: defaultConfig(), findings: [problem(`${CONFIG_FILE} could not be read (${(e as Error).message}); defaults apply.`)], registries: [] };
    }
    const { config, findings } = this.service.parseConfig(text);
    if (!utf8 && config.severities['config-invalid'] !== 'off') findings.unshift(notUtf8(text, CONFIG_FILE, 'config-invalid'));
    const registries: LoadedConfig['registries'] = [];
    const lines = new LineIndex(text);
    const at = config.actorPathsSpan ?? { start: 0, end: 0 };
    const pathProblem = (message: string) =>
      findings.push({ ruleId: 'actor-registry', severity: 'error', message, span: at, range: lines.rangeOf(at) });
    const actors = [...config.actors];
    const seen = new Set<string>();
    for (const relative of config.actorPaths) {
      const file = path.resolve(path.dirname(configPath), relative);
      if (seen.has(file)) continue;
      seen.add(file);
      if (file === path.resolve(configPath)) {
        pathProblem(`\`actors\` names ${CONFIG_FILE} itself; list actors inline or in a separate file.`);
        continue;
      }
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat) {
        pathProblem(`The actors file \`${relative}\` does not exist.`);
        continue;
      }
      if (!stat.isFile()) {
        pathProblem(`\`${relative}\` is not a file.`);
        continue;
      }
      if (stat.size > MAX_REGISTRY_SIZE) {
        pathProblem(`The actors file \`${relative}\` is larger than 32 MB and was not read.`);
        continue;
      }
      try {
        const bytes = fs.readFileSync(file);
        const registryText = stripBom(bytes.toString('utf8'));
        const parsed = this.service.parseActors(registryText, file);
        if (!isUtf8(bytes)) parsed.findings.unshift(notUtf8(registryText, path.basename(file), 'actor-registry'));
        actors.push(...parsed.actors);
        registries.push({ path: file, findings: parsed.findings });
      } catch (e) {
        pathProblem(`The actors file \`${relative}\` could not be read (${(e as Error).message}).`);
      }
    }
    config.actors = actors;
    return { path: configPath, config, findings, registries };
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
