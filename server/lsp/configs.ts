import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { defaultConfig, type DatelineConfig, type LanguageService } from '../core/index';
import { CONFIG_FILE, ConfigStore, type LoadedConfig } from '../node/configStore';
import { rootContaining } from '../node/files';

/**
 * The workspace's configs as the server sees them: the nearest `dateline.yaml` of a file inside a
 * workspace folder, in a trusted workspace; defaults otherwise. Reading a config publishes nothing:
 * whoever shows its problems listens to `onDidLoad`.
 */
export class ServerConfigs {
  private readonly store: ConfigStore;
  private folders: string[] = [];
  private isTrusted = true;

  constructor(service: LanguageService) {
    this.store = new ConfigStore(service);
  }

  /** Set from `initialize`: the workspace folders and whether the workspace is trusted. */
  setWorkspace(folders: string[], trusted: boolean): void {
    this.folders = folders;
    this.isTrusted = trusted;
  }

  /** The workspace became trusted: configs apply from now on. */
  trust(): void {
    this.isTrusted = true;
    this.store.invalidate();
  }

  trusted(): boolean {
    return this.isTrusted;
  }

  roots(): readonly string[] {
    return this.folders;
  }

  rootOf(fsPath: string): string | undefined {
    return rootContaining(fsPath, this.folders);
  }

  /** After a config was read afresh, with its problems and its registries'. */
  onDidLoad(listener: (loaded: LoadedConfig) => void): void {
    this.store.onDidLoad(listener);
  }

  /** The config that applies to a document, and the folder its `include` globs are relative to. */
  forUri(uri: string): { config: DatelineConfig; dir?: string } {
    const u = URI.parse(uri);
    if (!this.isTrusted || u.scheme !== 'file') return { config: defaultConfig() };
    const loaded = this.store.forFile(u.fsPath, this.rootOf(u.fsPath));
    return loaded.path ? { config: loaded.config, dir: path.dirname(loaded.path) } : { config: loaded.config };
  }

  /** The `dateline.yaml` that applies to a file and the actors files it names (trusted file URIs only). */
  filesFor(uri: string): { config?: string; registries: string[] } {
    const u = URI.parse(uri);
    if (!this.isTrusted || u.scheme !== 'file') return { registries: [] };
    const loaded = this.store.forFile(u.fsPath, this.rootOf(u.fsPath));
    return { config: loaded.path, registries: loaded.registries.map((r) => r.path) };
  }

  /** The loaded config that names a registry file, if any (trusted workspaces only). */
  namingConfig(fsPath: string): LoadedConfig | undefined {
    return this.isTrusted ? this.store.namingConfig(fsPath) : undefined;
  }

  /** Whether a change to this file changes some config: a `dateline.yaml` or a registry one names. */
  isConfigFile(fsPath: string): boolean {
    return path.basename(fsPath) === CONFIG_FILE || this.store.isRegistry(fsPath);
  }

  /** Forget what was read, after a config or registry changed on disk. */
  invalidate(): void {
    this.store.invalidate();
  }
}
