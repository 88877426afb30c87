import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { LoadedConfig } from '../node/configStore';
import type { ServerConfigs } from './configs';
import { toDiagnostic } from './convert';
import type { SettingsCache } from './settings';

/**
 * The problems of `dateline.yaml` files and registries on disk, published when the config store
 * reads them afresh. An open config file is checked from its live text by the validator instead;
 * once closed, its problems on disk are shown again.
 */
export class ConfigProblems {
  /** What the store last said about each file, by URI. */
  private readonly latest = new Map<string, Diagnostic[]>();
  /** The registries each config named at its last read, so one dropped from `actors:` is cleared. */
  private readonly registriesOf = new Map<string, string[]>();
  /** What was last sent per URI, so an unchanged list is not sent again. */
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsCache,
    configs: ServerConfigs,
  ) {
    configs.onDidLoad((loaded) => this.loaded(loaded));
  }

  /** Whether a file has problems on disk to show once its document closes. */
  has(uri: string): boolean {
    return (this.latest.get(uri)?.length ?? 0) > 0;
  }

  /** A config or registry document closed: its problems on disk apply again. */
  closed(uri: string): void {
    this.sent.delete(uri);
    if (this.has(uri)) void this.publish(uri);
  }

  /** A file was deleted: nothing of it is left to show. */
  deleted(uri: string): void {
    this.latest.delete(uri);
    this.sent.delete(uri);
    this.registriesOf.delete(uri);
  }

  /** Publishes every file again as the settings now say (after `dateline.enable` changed). */
  refresh(): void {
    for (const uri of this.latest.keys()) void this.publish(uri);
  }

  private loaded(loaded: LoadedConfig): void {
    if (!loaded.path) return;
    const configUri = URI.file(loaded.path).toString();
    const registries = loaded.registries.map((r) => URI.file(r.path).toString());
    for (const dropped of this.registriesOf.get(configUri) ?? []) {
      if (!registries.includes(dropped)) this.update(dropped, []);
    }
    this.registriesOf.set(configUri, registries);
    this.update(configUri, loaded.findings.map(toDiagnostic));
    loaded.registries.forEach((r, i) => this.update(registries[i], r.findings.map(toDiagnostic)));
  }

  private update(uri: string, diagnostics: Diagnostic[]): void {
    this.latest.set(uri, diagnostics);
    void this.publish(uri);
  }

  private async publish(uri: string): Promise<void> {
    try {
      // An open file is checked from its live text instead.
      if (this.documents.get(uri)) return;
      const enabled = (await this.settings.get(uri)).enable;
      if (this.documents.get(uri)) return;
      const diagnostics = enabled ? (this.latest.get(uri) ?? []) : [];
      const key = JSON.stringify(diagnostics);
      if (this.sent.get(uri) === key) return;
      this.sent.set(uri, key);
      await this.connection.sendDiagnostics({ uri, diagnostics });
    } catch (e) {
      this.connection.console.error(`Dateline could not publish the problems of ${uri}: ${(e as Error).stack ?? e}`);
    }
  }
}
