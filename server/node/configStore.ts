import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, type DatelineConfig, type Finding, type LanguageService } from '../core/index';

export const CONFIG_FILE = 'dateline.yaml';

export interface LoadedConfig {
  /** The `dateline.yaml` that applies, if any. */
  path?: string;
  config: DatelineConfig;
  /** Problems in that `dateline.yaml`. */
  findings: Finding[];
}

/** Config files larger than this are not read; nobody writes a 1 MB config by hand. */
const MAX_CONFIG_SIZE = 1024 * 1024;

/**
 * Finds the `dateline.yaml` nearest above a file and parses it, caching by path and mtime.
 * A missing or unreadable config means defaults, never an exception.
 */
export class ConfigStore {
  private readonly nearestByDir = new Map<string, string | null>();
  private readonly parsed = new Map<string, { mtimeMs: number; size: number; loaded: LoadedConfig }>();

  constructor(private readonly service: LanguageService) {}

  /** The config for a file, or defaults. `root` bounds the walk up (a workspace folder). */
  forFile(filePath: string, root?: string): LoadedConfig {
    const configPath = this.findNearest(path.dirname(path.resolve(filePath)), root ? path.resolve(root) : undefined);
    return configPath ? this.load(configPath) : { config: defaultConfig(), findings: [] };
  }

  /** Parses a given config file (for `--config`). */
  load(configPath: string): LoadedConfig {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(configPath);
    } catch {
      return { path: configPath, config: defaultConfig(), findings: [] };
    }
    const cached = this.parsed.get(configPath);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.loaded;
    let loaded: LoadedConfig;
    if (stat.size > MAX_CONFIG_SIZE) {
      loaded = { path: configPath, config: defaultConfig(), findings: [problem(`${CONFIG_FILE} is larger than 1 MB and was not read; defaults apply.`)] };
    } else {
      try {
        const text = stripBom(fs.readFileSync(configPath, 'utf8'));
        const { config, findings } = this.service.parseConfig(text);
        loaded = { path: configPath, config, findings };
      } catch (e) {
        loaded = { path: configPath, config: defaultConfig(), findings: [problem(`${CONFIG_FILE} could not be read (${(e as Error).message}); defaults apply.`)] };
      }
    }
    this.parsed.set(configPath, { mtimeMs: stat.mtimeMs, size: stat.size, loaded });
    return loaded;
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

function problem(message: string): Finding {
  const zero = { line: 0, character: 0 };
  return { ruleId: 'config-invalid', severity: 'error', message, span: { start: 0, end: 0 }, range: { start: zero, end: zero } };
}
