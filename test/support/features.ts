/**
 * Shared fixtures for the completion, hover and symbol tests: a small registry, a config, a fake
 * workspace, the `$0` cursor marker, and a built server over stdio with the same files on disk.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InitializeRequest, WorkDoneProgress, type InitializeResult, type Position } from 'vscode-languageserver-protocol';
import { createLanguageService, LineIndex, type DatelineConfig, type WorkspaceData } from '../../server/core/index';
import { bundle } from './build';
import { TestClient } from './lspClient';

export const service = createLanguageService({ logger: { log: (m) => assert.fail(`the service logged: ${m}`) } });

export const CONFIG_YAML = `schema:
  fields:
    section:
      type: enum
      values: [politics, economy, energy]
      description: The desk that edits the article.
sources:
  - name: Baltic Wire
    aliases: [BW]
    description: Regional wire service.
  - name: Meridian News Agency
    aliases: [MNA]
    description: Independent news agency.
actors: actors.yaml
`;

export const ACTORS_YAML = `- id: tomas-varga
  name: Tomas Varga
  kind: person
  aliases: [Varga, Minister Varga]
  roles:
    - title: Deputy Minister of Agriculture
      from: 2016-02-01
      to: 2019-06-01
    - title: Minister of Agriculture
      from: 2019-06-01
  affiliation: National Farmers' Party
  description: Leads the grain export talks.
- id: petra-varga
  name: Petra Varga
  kind: person
  aliases: [Varga]
  roles:
    - title: Leader of the Opposition
      from: 2020-01-15
  affiliation: Civic Alliance
- id: aram-sarkavian
  name: Aram Sarkavian
  kind: person
  roles:
    - title: Mayor of Kessel
      from: 2015-01-01
- id: irena-dvorak
  name: Irena Dvořák
  kind: person
- id: northgrid
  name: Northgrid
  kind: organization
  aliases: [the grid operator]
  description: National electricity transmission operator.
- id: port-halden
  name: Port Halden
  kind: place
  aliases: [Halden]
`;

/** Header lines dated March 15, 2021. */
export const HEADER = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2021-03-15\n\n';

export function coreConfig(): DatelineConfig {
  const { config, findings } = service.parseConfig(CONFIG_YAML);
  assert.deepEqual(findings, []);
  const actors = service.parseActors(ACTORS_YAML, 'actors.yaml');
  assert.deepEqual(actors.findings.filter((f) => f.severity === 'error'), []);
  config.actors = actors.actors;
  return config;
}

/** A workspace as the index would report it: other articles' sources, publications and mentions. */
export const WORKSPACE: WorkspaceData = {
  mentionCount: (id) => ({ 'tomas-varga': 7, 'petra-varga': 2 })[id] ?? 0,
  sources: () => new Map([['Harbour Gazette', 3], ['Baltic Wire', 2]]),
  publications: () => new Map([['Northern Policy Review', 4], ['Harbour Ledger', 1]]),
};

/** Strips the `$0` cursor marker. */
export function cursor(source: string): { text: string; offset: number } {
  const offset = source.indexOf('$0');
  assert.ok(offset >= 0 && source.indexOf('$0', offset + 1) < 0, 'the fixture needs exactly one $0');
  return { text: source.slice(0, offset) + source.slice(offset + 2), offset };
}

/** Files the server's workspace holds besides the article under test. */
export const OTHER_ARTICLES: Record<string, string> = {
  'a.article': 'Publication: Northern Policy Review Volume: 1 Issue: 2\nDate: 2021-03-01\n\nTomas Varga visited the port (Harbour Gazette, Feb. 27).\n',
  'b.article': 'Publication: Northern Policy Review Volume: 1 Issue: 3\nDate: 2021-03-08\n\nVarga spoke again (Harbour Gazette, March 7; Baltic Wire, March 6).\n',
};

/**
 * The built server, started on a folder holding the config, the registry, `OTHER_ARTICLES` and the
 * documents the tests will open (`$0` markers stripped). Written before the server starts, every
 * document is in the workspace index once its first build ends; opening one with the same text
 * leaves the counts as they are, so no test depends on when the index catches up with an edit.
 */
export class FeatureServer {
  readonly dir: string;
  readonly client: TestClient;
  init?: InitializeResult;
  private readonly texts = new Map<string, string>();

  private constructor(docs: Record<string, string>) {
    bundle('server/server.ts', 'dist/server.js');
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-features-'));
    fs.writeFileSync(path.join(this.dir, 'dateline.yaml'), CONFIG_YAML);
    fs.writeFileSync(path.join(this.dir, 'actors.yaml'), ACTORS_YAML);
    for (const [name, text] of Object.entries(OTHER_ARTICLES)) fs.writeFileSync(path.join(this.dir, name), text);
    for (const [name, source] of Object.entries(docs)) {
      const text = source.includes('$0') ? cursor(source).text : source;
      this.texts.set(name, text);
      fs.writeFileSync(path.join(this.dir, name), text);
    }
    this.client = new TestClient();
  }

  /** `completion`: the client's completion capabilities. */
  static async start(docs: Record<string, string> = {}, completion: object = { completionItem: { snippetSupport: true, labelDetailsSupport: true } }): Promise<FeatureServer> {
    const server = new FeatureServer(docs);
    const root = pathToFileURL(server.dir).toString();
    // The workspace index reports its first build as progress; its end means the files on disk are in.
    let indexed!: () => void;
    const built = new Promise<void>((resolve) => (indexed = resolve));
    server.client.connection.onRequest('window/workDoneProgress/create', ({ token }: { token: string }) => {
      server.client.connection.onProgress(WorkDoneProgress.type, token, (value) => {
        if (value.kind === 'end') indexed();
      });
      return null;
    });
    server.init = await server.client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'features' }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true },
        textDocument: {
          completion,
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
      initializationOptions: { workspaceTrusted: true },
    });
    await server.client.connection.sendNotification('initialized', {});
    await built;
    return server;
  }

  uri(name: string): string {
    return pathToFileURL(path.join(this.dir, name)).toString();
  }

  /** Opens one of the documents given to `start`, and waits for its diagnostics. */
  async open(name: string, text: string): Promise<string> {
    assert.equal(text, this.texts.get(name), `${name} was not given to FeatureServer.start with this text`);
    const uri = this.uri(name);
    const checked = this.client.diagnostics(uri);
    await this.client.open(uri, 'article', text);
    await checked;
    return uri;
  }

  position(text: string, offset: number): Position {
    return new LineIndex(text).positionAt(offset);
  }

  async stop(): Promise<void> {
    const code = await this.client.shutdown();
    assert.equal(code, 0);
    assert.deepEqual(this.client.stderr.filter((l) => /Error|failed/.test(l)), []);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
