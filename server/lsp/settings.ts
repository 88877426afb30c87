import type { Connection } from 'vscode-languageserver';
import { DEFAULT_MAX_FILE_SIZE, RULE_IDS, type SeveritySetting } from '../core/index';

/** The `dateline.*` settings of one resource, converted to what the core takes. */
export interface Settings {
  severityOverrides: Record<string, SeveritySetting>;
  minWords?: number;
  maxFileSize: number;
  /** `dateline.enable`: false publishes no diagnostics for the resource. */
  enable: boolean;
  /** `dateline.run`: check as the writer types, or only when the file is saved. */
  run: RunMode;
}

export type RunMode = 'onType' | 'onSave';

const SEVERITIES = new Set(['off', 'hint', 'info', 'warning', 'error']);

export const DEFAULT_SETTINGS: Settings = { severityOverrides: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE, enable: true, run: 'onType' };

/** Converts raw settings defensively: a wrong value falls back to the default, never throws. */
export function toSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const severityOverrides: Record<string, SeveritySetting> = {};
  const rules = r.rules;
  if (rules && typeof rules === 'object') {
    for (const [id, value] of Object.entries(rules as Record<string, unknown>)) {
      if (RULE_IDS.includes(id) && typeof value === 'string' && SEVERITIES.has(value)) severityOverrides[id] = value as SeveritySetting;
    }
  }
  const quotes = r.quotes as Record<string, unknown> | undefined;
  const minWords = typeof quotes?.minWords === 'number' && Number.isInteger(quotes.minWords) && quotes.minWords >= 1 ? quotes.minWords : undefined;
  const enable = r.enable !== false;
  const run: RunMode = r.run === 'onSave' ? 'onSave' : 'onType';
  return { severityOverrides, minWords, maxFileSize: maxFileSizeOf(r), enable, run };
}

const MB = 1024 * 1024;

/**
 * The size limit in bytes: `maxFileSizeMB`, unless the first form of the setting, `maxFileSize` in
 * bytes (no default, so set only by a user), is there: a value someone already relies on keeps applying.
 */
function maxFileSizeOf(r: Record<string, unknown>): number {
  if (typeof r.maxFileSize === 'number' && r.maxFileSize > 0) return r.maxFileSize;
  if (typeof r.maxFileSizeMB === 'number' && r.maxFileSizeMB > 0) return Math.max(1, Math.round(r.maxFileSizeMB * MB));
  return DEFAULT_MAX_FILE_SIZE;
}

/** Reads settings per resource when the client can, caching them until they change. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  supported = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<Settings> {
    if (!this.supported) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'dateline' })
        .then(toSettings, () => DEFAULT_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}
