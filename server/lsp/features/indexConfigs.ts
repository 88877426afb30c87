import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { DatelineConfig } from '../../core/index';
import type { ServerContext } from '../context';

/** The config that applies to a file, with where it and its registries are. */
export interface WorkspaceConfig {
  /** The `dateline.yaml`, if one applies. */
  path?: string;
  config: DatelineConfig;
  /** The actors files it names. */
  registries: string[];
}

/**
 * The configs the workspace index and navigation use: the server's own lookup (one walk up to the
 * nearest `dateline.yaml`, cached there, so a registry is parsed once for everything), and every
 * config met so far, for workspace symbols.
 */
export class IndexConfigs {
  /** Config files met while indexing: their registries and sources make the workspace symbols. */
  private readonly seen = new Set<string>();

  constructor(private readonly context: () => ServerContext | undefined) {}

  /** The config that applies to a file on disk, with the path of its `dateline.yaml`; undefined in Restricted Mode. */
  configOf(fsPath: string): WorkspaceConfig | undefined {
    const ctx = this.context();
    if (!ctx?.trusted()) return undefined;
    const uri = URI.file(fsPath).toString();
    const config = ctx.configFor(uri);
    const configPath = ctx.configFilesFor(uri).config;
    if (!configPath) return { config, registries: [] };
    this.seen.add(configPath);
    const dir = path.dirname(configPath);
    return { path: configPath, config, registries: [...new Set(config.actorPaths.map((p) => path.resolve(dir, p)))] };
  }

  /** Every `dateline.yaml` that applies to some indexed article, or sits at a workspace folder's root. */
  configs(): WorkspaceConfig[] {
    const ctx = this.context();
    if (!ctx?.trusted()) return [];
    for (const root of ctx.roots()) this.configOf(path.join(root, '_'));
    const out: WorkspaceConfig[] = [];
    for (const p of this.seen) {
      const loaded = fs.existsSync(p) ? this.configOf(path.join(path.dirname(p), '_')) : undefined;
      if (loaded?.path === p) out.push(loaded);
    }
    return out;
  }

  /** Whether a file is an actors registry some workspace config names. */
  isRegistry(fsPath: string): boolean {
    const resolved = path.resolve(fsPath);
    return this.configs().some((c) => c.registries.includes(resolved));
  }
}
