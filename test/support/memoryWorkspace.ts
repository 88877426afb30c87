import { createLanguageService, flavorOfName, WorkspaceIndex, type ArticleFlavor, type ConfigPlace, type FileRead, type LanguageService, type Workspace, type WorkspaceSnapshot } from '../../server/core/index';

/** A workspace held in memory: file paths (`/ws/a.article`) to texts, as URIs `file:///ws/a.article`. */
export class MemoryWorkspace implements Workspace {
  private readonly texts = new Map<string, string>();
  /** Files "open in the editor": they read with a version and count as open articles. */
  readonly open = new Map<string, number>();

  constructor(files: Record<string, string> = {}) {
    for (const [file, text] of Object.entries(files)) this.texts.set(uriOf(file), text);
  }

  set(file: string, text: string): void {
    this.texts.set(uriOf(file), text);
  }

  *files(): Iterable<{ uri: string; flavor: ArticleFlavor }> {
    for (const uri of this.texts.keys()) if (/\.(article|md)$/i.test(uri)) yield { uri, flavor: flavorOfName(uri) };
  }

  read(uri: string): FileRead {
    const text = this.texts.get(uri);
    return text === undefined ? { kind: 'problem', problem: 'no such file' } : { kind: 'text', text, flavor: flavorOfName(uri), version: this.open.get(uri) };
  }
}

export function uriOf(file: string): string {
  return `file://${file}`;
}

/**
 * A snapshot over a memory workspace with one `dateline.yaml` at `configFile` (its `actors:` files
 * read from the workspace) and the index built from every article, as the server would.
 */
export function memorySnapshot(files: MemoryWorkspace, configFile: string, service: LanguageService = createLanguageService()): WorkspaceSnapshot & { index: WorkspaceIndex } {
  const dir = configFile.slice(0, configFile.lastIndexOf('/'));
  const place = (): ConfigPlace & { configFile: string } => {
    const read = files.read(uriOf(configFile));
    const { config } = service.parseConfig(read.kind === 'text' ? read.text : '');
    const registries = config.actorPaths.map((p) => `${dir}/${p}`);
    for (const file of registries) {
      const r = files.read(uriOf(file));
      if (r.kind === 'text') for (const actor of service.parseActors(r.text, file).actors) config.actors.push(actor);
    }
    return { config, configFile, registries };
  };
  const index = new WorkspaceIndex();
  for (const { uri, flavor } of files.files()) {
    const read = files.read(uri);
    const summary = read.kind === 'text' ? service.open(read.text, { flavor, config: place().config, relativePath: uri.slice(uriOf(dir).length + 1) }).summary(uri) : undefined;
    if (summary) index.set(summary);
  }
  return {
    index,
    files,
    configOf: (uri) => (uri.startsWith(`${uriOf(dir)}/`) ? { ...place(), relativePath: uri.slice(uriOf(dir).length + 1) } : undefined),
    configs: () => [place()],
    isConfigFile: (uri) => uri === uriOf(configFile) || place().registries.some((r) => uriOf(r) === uri),
    uriOf,
    fileOf: (uri) => uri.slice('file://'.length),
    summaries: () => index.all(),
    references: (actorId) => index.references(actorId),
    openArticles: () => [...files.open.keys()],
  };
}
