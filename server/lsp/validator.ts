import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SettingsCache } from './settings';

/** How long typing must pause before a document is re-checked. */
export const DEBOUNCE_MS = 150;

/**
 * Publishes the diagnostics of open documents: the one debounce, the `dateline.enable` and
 * `dateline.run` settings, and never a publication for a version that is no longer current.
 */
export class Validator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents whose diagnostics this validator published, so turning Dateline off clears them. */
  private readonly shown = new Set<string>();
  /** Documents checked on save that were edited since they were last checked. */
  private readonly unsaved = new Set<string>();
  /** The other documents each document's published diagnostics point at (related information). */
  private readonly pointing = new Map<string, Set<string>>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsCache,
    private readonly diagnose: (doc: TextDocument) => Promise<Diagnostic[]>,
  ) {}

  opened(uri: string): void {
    this.cancel(uri);
    this.unsaved.delete(uri);
    void this.validate(uri);
  }

  /** An edit: checked after the debounce, unless the resource is checked on save only. */
  changed(uri: string): void {
    void this.settings.get(uri).then((s) => {
      if (s.run === 'onType') this.schedule(uri);
      else if (this.documents.get(uri)) this.unsaved.add(uri);
    }, () => undefined);
  }

  saved(uri: string): void {
    void this.settings.get(uri).then((s) => {
      if (s.run !== 'onSave') return;
      this.unsaved.delete(uri);
      this.cancel(uri);
      void this.validate(uri);
    }, () => undefined);
  }

  /** A closed document's diagnostics go, unless `keep` (a config file whose problems on disk stay). */
  closed(uri: string, keep: boolean): void {
    this.cancel(uri);
    this.shown.delete(uri);
    this.unsaved.delete(uri);
    this.pointing.delete(uri);
    if (!keep) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Every open document again. After settings, a config or a registry changed, in either run mode;
   * when only other articles changed (`configChanged` false), a document checked on save that has
   * edits since is left as it was last checked.
   */
  revalidateAll(configChanged: boolean): void {
    this.revalidate(this.documents.all().map((d) => d.uri), configChanged);
  }

  /** These open documents again, with the same rule for documents checked on save. */
  revalidate(uris: readonly string[], configChanged: boolean): void {
    for (const uri of uris) if (this.documents.get(uri) && (configChanged || !this.unsaved.has(uri))) this.schedule(uri);
  }

  /** Whether the diagnostics last published for `uri` point at one of `others` (a quotation there, say). */
  pointsAt(uri: string, others: readonly string[]): boolean {
    const targets = this.pointing.get(uri);
    return targets !== undefined && others.some((other) => targets.has(other));
  }

  private schedule(uri: string): void {
    this.cancel(uri);
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      void this.validate(uri);
    }, DEBOUNCE_MS));
  }

  private cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  private async validate(uri: string): Promise<void> {
    try {
      const doc = this.documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      const settings = await this.settings.get(uri);
      // A newer version is on its way; its own run will publish.
      if (this.documents.get(uri)?.version !== version) return;
      if (!settings.enable) {
        this.pointing.delete(uri);
        if (this.shown.delete(uri)) await this.connection.sendDiagnostics({ uri, diagnostics: [] });
        return;
      }
      const diagnostics = await this.diagnose(doc);
      if (this.documents.get(uri)?.version !== version) return;
      this.shown.add(uri);
      const targets = new Set<string>();
      for (const d of diagnostics) for (const r of d.relatedInformation ?? []) if (r.location.uri !== uri) targets.add(r.location.uri);
      if (targets.size) this.pointing.set(uri, targets);
      else this.pointing.delete(uri);
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (e) {
      this.connection.console.error(`Dateline could not check ${uri}: ${(e as Error).stack ?? e}`);
    }
  }
}
