import { DEFAULT_SETTINGS } from '../server/lsp/settings';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { InitializeRequest, WorkDoneProgress, type Location, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { createLanguageService, LineIndex, summarize, WorkspaceIndex } from '../server/core/index';
import { WorkspaceIndexFeature, type IndexWorkerOptions } from '../server/lsp/features/workspaceIndex';
import type { ServerContext } from '../server/lsp/server';
import { ConfigStore } from '../server/node/configStore';
import { generateArticle, Random } from './bench/generate';
import { bundle } from './support/build';
import { TestClient } from './support/lspClient';

const service = createLanguageService();

const REGISTRY = `- id: mira-holt
  name: Mira Holt
  kind: person
  aliases: [Senator Holt]
- id: dunmore-council
  name: Dunmore Council
  kind: organization
`;

const CONFIG = 'actors: actors.yaml\n';
const HEADER = 'Publication: Upland Courier Volume: 9 Issue: 3\nDate: 2023-10-02\n\n';
const article = (body: string) => `${HEADER}${body}\n`;

describe('service.summarize', () => {
  it('gives what analyze’s article gives, without running the rules', () => {
    const { config } = service.parseConfig(CONFIG);
    config.actors = service.parseActors(REGISTRY, 'actors.yaml').actors;
    const text = article('Mira Holt addressed Dunmore Council (Upland Wire, Sept. 30). Holt’s aides stayed outside.');
    const light = service.summarize('file:///a.article', text, { config });
    const full = summarize('file:///a.article', service.analyze(text, { config }).article!);
    assert.deepEqual(light, full);
    assert.deepEqual(light?.mentions.map((m) => m.text), ['Mira Holt', 'Dunmore Council', 'Holt']);
    assert.deepEqual(light?.sources, ['Upland Wire']);
    assert.equal(service.summarize('file:///big.article', text, { config, maxFileSize: 10 }), undefined);
  });

  it('keeps each mention’s position as numbers, and one frozen list of ids per form of a name', () => {
    const { config } = service.parseConfig(CONFIG);
    config.actors = service.parseActors(REGISTRY, 'actors.yaml').actors;
    const text = article('Budget talks went on.\r\nMira Holt addressed Dunmore Council. Later Holt left.');
    const a = service.summarize('file:///a.article', text, { config })!;
    const b = service.summarize('file:///b.article', article('Holt and Mira Holt.'), { config })!;
    const lines = new LineIndex(text);
    const later = text.indexOf('Later');
    const spans = [text.indexOf('Mira Holt'), text.indexOf('Dunmore Council'), text.indexOf('Holt', later)].map((start, i) => ({ start, end: start + ['Mira Holt', 'Dunmore Council', 'Holt'][i].length }));
    assert.deepEqual(a.mentions.map((m) => m.range), spans.map((s) => lines.rangeOf(s)));
    assert.deepEqual([a.mentions[0].line, a.mentions[0].character], [4, 0]);
    assert.deepEqual(a.mentions[2].actorIds, ['mira-holt']);
    assert.equal(b.mentions[1].actorIds, a.mentions[0].actorIds, 'the full name’s list, not a copy');
    assert.equal(b.mentions[0].actorIds, a.mentions[2].actorIds, 'the surname’s list, not a copy');
    assert.ok(Object.isFrozen(a.mentions[0].actorIds));
  });

  it('shares one list of ids among mentions of a shared name, however the article resolves it', () => {
    const registry = `${REGISTRY}- id: ivo-holt\n  name: Ivo Holt\n  kind: person\n- id: ana-holt\n  name: Ana Holt\n  kind: person\n`;
    const { config } = service.parseConfig(CONFIG);
    config.actors = service.parseActors(registry, 'actors.yaml').actors;
    const ids = (body: string) => service.summarize(`file:///${body.length}.article`, article(body), { config })!.mentions.map((m) => m.actorIds);
    // Resolved to one actor by the full name the article uses: that actor's own list.
    const [, oneA] = ids('Ivo Holt spoke. Holt left.');
    const [, oneB, fullB] = ids('Mira Holt came. Holt stayed. Mira Holt went.');
    const [fullC] = ids('Mira Holt came.');
    assert.deepEqual(oneA, ['ivo-holt']);
    assert.deepEqual(oneB, ['mira-holt']);
    assert.equal(oneB, fullC, 'the surname resolved to Mira Holt is the list her full name gives');
    assert.equal(fullB, fullC);
    // Resolved to two actors, in two articles: one list.
    const [, , twoA] = ids('Ivo Holt and Ana Holt met. Holt spoke.');
    const [, , twoB] = ids('Ana Holt and Ivo Holt met again. Holt spoke first.');
    assert.deepEqual(twoA, ['ivo-holt', 'ana-holt']);
    assert.equal(twoB, twoA);
    assert.ok(Object.isFrozen(twoA));
  });

  it('keeps each quotation’s position as numbers, with every field set', () => {
    const text = article('Budget talks went on.\r\n“We will build the bridge over the river this year,” Mira Holt said (Upland Wire, Sept. 30). “We will build the bridge over the river this year,” a clerk said.');
    const { quotes } = service.summarize('file:///q.article', text, {})!;
    const lines = new LineIndex(text);
    const first = text.indexOf('“');
    assert.deepEqual(quotes?.[0].range, lines.rangeOf({ start: first, end: text.indexOf('”') + 1 }));
    assert.deepEqual(Object.keys(quotes![0]), ['words', 'line', 'character', 'endLine', 'endCharacter', 'speaker', 'speakerName']);
    assert.deepEqual([quotes![0].speakerName, quotes![1].speaker], ['Mira Holt', undefined]);
    // As JSON (the CLI's cache), the plain fingerprint.
    assert.deepEqual(JSON.parse(JSON.stringify(quotes![0])), { words: quotes![0].words, range: quotes![0].range, speaker: 'mira holt', speakerName: 'Mira Holt' });
  });

  it('reads Markdown front matter as analyze does, simple or not', () => {
    const { config } = service.parseConfig(CONFIG);
    config.actors = service.parseActors(REGISTRY, 'actors.yaml').actors;
    const fronts = [
      'publication: Upland Courier\nvolume: 9\ndate: 2023-10-02\ntitle: "Holt: a profile"\ntags: [council, budget]',
      "Publication: 'Upland Courier'\npublication: Second Wins Not",
      'publication: Upland Courier # a comment',
      'publication: "Upland \\"Courier\\""',
      'publication: true',
      'publication: 12',
      'publication: Upland\n  Courier',
      'title: x\n\npublication: Upland Courier',
      'publication: [Upland, Courier]',
    ];
    for (const front of fronts) {
      for (const eol of ['\n', '\r\n']) {
        const text = `---\n${front}\n---\n\nMira Holt spoke.\n`.replace(/\n/g, eol);
        const light = service.summarize('file:///a.md', text, { config, flavor: 'markdown' });
        assert.deepEqual(light, summarize('file:///a.md', service.analyze(text, { config, flavor: 'markdown' }).article!), front);
      }
    }
  });
});

interface Progress {
  begins: WorkDoneProgressBegin[];
  reports: WorkDoneProgressReport[];
  ends: WorkDoneProgressEnd[];
}

/** A client that advertises progress support and records every progress notification. */
async function startClient(dir: string, options: { progress: boolean; trusted?: boolean; settings?: unknown }): Promise<{ client: TestClient; progress: Progress; nextEnd(): Promise<void> }> {
  const client = new TestClient();
  if (options.settings) client.settings = () => options.settings;
  const progress: Progress = { begins: [], reports: [], ends: [] };
  const endWaiters: (() => void)[] = [];
  client.connection.onRequest('window/workDoneProgress/create', ({ token }: { token: string }) => {
    client.connection.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'begin') progress.begins.push(value);
      else if (value.kind === 'report') progress.reports.push(value);
      else {
        progress.ends.push(value);
        endWaiters.splice(0).forEach((resolve) => resolve());
      }
    });
    return null;
  });
  await client.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'index' }],
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: options.progress } },
    initializationOptions: { workspaceTrusted: options.trusted ?? true },
  });
  const nextEnd = () => new Promise<void>((resolve) => endWaiters.push(resolve));
  const firstEnd = options.progress && options.trusted !== false ? nextEnd() : undefined;
  await client.connection.sendNotification('initialized', {});
  await firstEnd;
  return { client, progress, nextEnd };
}

describe('workspace index over stdio', () => {
  let dir: string;
  let client: TestClient;
  let progress: Progress;
  let nextEnd: () => Promise<void>;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  const watched = (changes: { name: string; type: 1 | 2 | 3 }[]) =>
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uriOf(c.name), type: c.type })) });

  /** Where the index says an actor is mentioned, as `file:line:character`, asked from the registry entry. */
  async function mentionsOf(c: TestClient, name: string): Promise<string[]> {
    const registry = fs.readFileSync(path.join(dir, 'actors.yaml'), 'utf8');
    const position = new LineIndex(registry).positionAt(registry.indexOf(`name: ${name}`) + 7);
    const refs = (await c.connection.sendRequest('textDocument/references', {
      textDocument: { uri: uriOf('actors.yaml') },
      position,
      context: { includeDeclaration: false },
    })) as Location[];
    return refs.map((r) => `${path.relative(dir, new URL(r.uri).pathname)}:${r.range.start.line}:${r.range.start.character}`).sort();
  }

  before(async () => {
    bundle('server/server.ts', 'dist/server.js');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-index-'));
    write('dateline.yaml', CONFIG);
    write('actors.yaml', REGISTRY);
    for (let i = 0; i < 40; i++) write(`desk/brief-${i}.article`, article(i % 2 ? 'Mira Holt spoke.' : 'Dunmore Council met.'));
    write('notes/readme.md', 'Mira Holt in a Markdown file that is not an article.\n');
    write('notes/column.md', `---\npublication: Upland Courier\n---\n\nMira Holt wrote this column.\n`);
    write('node_modules/pkg/skipped.article', article('Mira Holt in a dependency.'));
    ({ client, progress, nextEnd } = await startClient(dir, { progress: true }));
  });

  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
    assert.deepEqual(client.stderr.filter((l) => /Error|failed/.test(l)), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports progress from begin to end while building', () => {
    assert.equal(progress.begins.length, 1);
    assert.equal(progress.begins[0].title, 'Indexing articles');
    assert.equal(progress.ends.length, 1);
    for (const r of progress.reports) assert.ok(r.percentage! >= 0 && r.percentage! <= 100);
  });

  it('indexes every article under the folder, and Markdown only when it is an article', async () => {
    const mentions = await mentionsOf(client, 'Mira Holt');
    assert.equal(mentions.length, 21);
    assert.ok(mentions.includes('notes/column.md:4:0'));
    assert.ok(!mentions.some((m) => m.startsWith('notes/readme.md') || m.startsWith('node_modules')));
  });

  it('follows files created, changed and deleted outside the editor', async () => {
    write('desk/new.article', article('Senator Holt arrived.'));
    await watched([{ name: 'desk/new.article', type: 1 }]);
    assert.ok((await mentionsOf(client, 'Mira Holt')).includes('desk/new.article:3:0'));

    write('desk/new.article', article('Nobody arrived.\n\nLater, Mira Holt did.'));
    await watched([{ name: 'desk/new.article', type: 2 }]);
    const changed = (await mentionsOf(client, 'Mira Holt')).filter((m) => m.startsWith('desk/new.article'));
    assert.deepEqual(changed, ['desk/new.article:5:7']);

    fs.rmSync(path.join(dir, 'desk', 'new.article'));
    await watched([{ name: 'desk/new.article', type: 3 }]);
    assert.ok(!(await mentionsOf(client, 'Mira Holt')).some((m) => m.startsWith('desk/new.article')));
  });

  it('drops the articles of a deleted folder', async () => {
    write('archive/old.article', article('Mira Holt, years ago.'));
    await watched([{ name: 'archive/old.article', type: 1 }]);
    assert.ok((await mentionsOf(client, 'Mira Holt')).includes('archive/old.article:3:0'));
    fs.rmSync(path.join(dir, 'archive'), { recursive: true });
    await watched([{ name: 'archive', type: 3 }]);
    assert.ok(!(await mentionsOf(client, 'Mira Holt')).some((m) => m.startsWith('archive/')));
  });

  it('uses an open document’s live text, and the disk again once it is closed', async () => {
    const uri = uriOf('desk/brief-0.article');
    await client.open(uri, 'article', article('Dunmore Council met.\n\nMira Holt joined by video.'));
    assert.ok((await mentionsOf(client, 'Mira Holt')).includes('desk/brief-0.article:5:0'));
    // A change on disk while the document is open does not replace its live text.
    await watched([{ name: 'desk/brief-0.article', type: 2 }]);
    assert.ok((await mentionsOf(client, 'Mira Holt')).includes('desk/brief-0.article:5:0'));
    await client.change(uri, 2, [{ text: article('Dunmore Council met without guests.') }]);
    assert.ok(!(await mentionsOf(client, 'Mira Holt')).some((m) => m.startsWith('desk/brief-0.article')));
    await client.close(uri);
    assert.deepEqual(await mentionsOf(client, 'Dunmore Council').then((m) => m.filter((x) => x.startsWith('desk/brief-0.article'))), ['desk/brief-0.article:3:0']);
  });

  it('rebuilds when the registry changes, with progress again', async () => {
    assert.deepEqual(await mentionsOf(client, 'Dunmore Council').then((m) => m.length), 20);
    write('actors.yaml', REGISTRY.replace('kind: organization', 'kind: organization\n  aliases: [the council]'));
    for (let i = 0; i < 40; i += 2) write(`desk/brief-${i}.article`, article('Members of the council met.'));
    const ended = nextEnd();
    await watched([{ name: 'actors.yaml', type: 2 }]);
    await ended;
    assert.equal(progress.ends.length, 2);
    const mentions = await mentionsOf(client, 'Dunmore Council');
    assert.equal(mentions.length, 20);
    // Found by the new alias: `Members of the council`.
    assert.ok(mentions.every((m) => /^desk\/brief-\d*[02468]\.article:3:11$/.test(m)), mentions.join());
  });
});

describe('workspace index and dateline.maxFileSize', () => {
  it('leaves out files over the size limit the settings give', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-index-size-'));
    try {
      fs.writeFileSync(path.join(dir, 'dateline.yaml'), CONFIG);
      fs.writeFileSync(path.join(dir, 'actors.yaml'), REGISTRY);
      fs.writeFileSync(path.join(dir, 'small.article'), article('Mira Holt spoke.'));
      fs.writeFileSync(path.join(dir, 'large.article'), article(`Mira Holt spoke. ${'More words of a long report. '.repeat(200)}`));
      const { client } = await startClient(dir, { progress: true, settings: { maxFileSize: 2000 } });
      const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'Mira' })) as unknown[];
      assert.ok(symbols.length > 0);
      const registry = fs.readFileSync(path.join(dir, 'actors.yaml'), 'utf8');
      const refs = (await client.connection.sendRequest('textDocument/references', {
        textDocument: { uri: pathToFileURL(path.join(dir, 'actors.yaml')).toString() },
        position: new LineIndex(registry).positionAt(registry.indexOf('name: Mira Holt') + 7),
        context: { includeDeclaration: false },
      })) as Location[];
      assert.deepEqual(refs.map((r) => path.basename(new URL(r.uri).pathname)), ['small.article']);
      await client.shutdown();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('workspace index in Restricted Mode', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-index-untrusted-'));
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), CONFIG);
    fs.writeFileSync(path.join(dir, 'actors.yaml'), REGISTRY);
    fs.writeFileSync(path.join(dir, 'a.article'), article('Mira Holt spoke.'));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads nothing until the workspace is trusted, then builds', async () => {
    const { client, progress, nextEnd } = await startClient(dir, { progress: true, trusted: false });
    const uri = pathToFileURL(path.join(dir, 'actors.yaml')).toString();
    const ask = () => client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: { line: 1, character: 10 }, context: { includeDeclaration: false } }) as Promise<Location[] | null>;
    assert.deepEqual(await ask(), []);
    assert.equal(progress.begins.length, 0);
    const ended = nextEnd();
    await client.connection.sendNotification('dateline/workspaceTrusted');
    await ended;
    assert.deepEqual((await ask())?.map((r) => path.basename(new URL(r.uri).pathname)), ['a.article']);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('workspace index built with worker threads', () => {
  let dir: string;
  let serverPath: string;
  const PEOPLE = ['Mira Holt', 'Tomas Brandvik', 'Ilse Varga', 'Oren Castell', 'Petra Lindqvist', 'Anton Vesk', 'Sofia Brandt'];

  /** Builds the index of `dir` in-process, as the server would, and returns it with what was logged. */
  async function build(workers: IndexWorkerOptions | undefined): Promise<{ feature: WorkspaceIndexFeature; logs: string[] }> {
    const feature = new WorkspaceIndexFeature();
    feature.useWorkers(workers);
    const store = new ConfigStore(service);
    const logs: string[] = [];
    const log = (m: string) => void logs.push(m);
    const ctx = {
      connection: { console: { error: log, warn: log, info: log, log } },
      documents: { get: () => undefined, all: () => [], onDidOpen() {}, onDidChangeContent() {}, onDidClose() {} },
      service,
      configFor: (uri: string) => store.forFile(URI.parse(uri).fsPath, dir).config,
      roots: () => [dir],
      trusted: () => true,
      onFilesChanged() {},
      settingsFor: async () => DEFAULT_SETTINGS,
      configFilesFor: (uri: string) => {
        const loaded = store.forFile(URI.parse(uri).fsPath, dir);
        return { config: loaded.path, registries: loaded.registries.map((r) => r.path) };
      },
      useQuotes() {},
      revalidateOthers() {},
    } as unknown as ServerContext;
    feature.register(ctx);
    feature.initialized();
    await feature.ready();
    return { feature, logs };
  }

  /** Everything the index holds, in its order, with its counts. */
  function contents(feature: WorkspaceIndexFeature) {
    const index = feature.current();
    const files = [...index.all()];
    const ids = new Set(files.flatMap((f) => f.mentions.flatMap((m) => m.actorIds)));
    return { files, sources: new Map(index.sources()), publications: new Map(index.publications()), mentions: [...ids].sort().map((id) => [id, index.mentionCount(id)]) };
  }

  before(() => {
    serverPath = bundle('server/server.ts', 'dist/server.js');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-index-workers-'));
    const write = (name: string, text: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    };
    write('dateline.yaml', CONFIG);
    // Two actors share an alias, so some mentions are ambiguous.
    write('actors.yaml', PEOPLE.map((name, i) => `- id: p${i}\n  name: ${name}\n  kind: person\n  aliases: [${i < 2 ? 'the Senator' : `Minister ${name}`}]\n`).join(''));
    // A folder with its own config: inline actors, and every Markdown file an article.
    write('regional/dateline.yaml', 'include: ["**/*.md"]\nactors:\n  - id: dunmore\n    name: Dunmore Council\n    kind: organization\n');
    for (let i = 0; i < 320; i++) {
      const r = new Random(7_000 + i);
      const markdown = i % 5 === 4;
      const eol = i % 3 === 2 ? '\r\n' : '\n';
      const names = Array.from({ length: 4 }, () => `${r.pick(PEOPLE)} met the Senator and Dunmore Council.`).join(' ');
      const text = generateArticle({ targetBytes: 1500 + (i % 7) * 900, seed: 9_000 + i, eol, flavor: markdown ? 'markdown' : 'article' }) + `${eol}${names}${eol}`;
      const folder = i % 4 === 0 ? 'regional' : `desk-${i % 3}/sub-${i % 2}`;
      write(`${folder}/story-${i}.${markdown ? 'md' : 'article'}`, i % 50 === 7 ? `\ufeff${text}` : text);
    }
    // Files that give no summary: not an article, binary, empty, and too large.
    write('desk-0/notes.md', 'Mira Holt in notes that are not an article.\n');
    write('desk-1/binary.article', Buffer.from([0x50, 0x75, 0x62, 0, 0, 1, 2, 3]));
    write('desk-2/empty.article', '');
    write('desk-2/huge.article', `${HEADER}${'Mira Holt spoke. '.repeat(340_000)}`);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives exactly the index a single-threaded build gives', async () => {
    const single = await build(undefined);
    assert.equal(single.feature.buildStats()?.workers, 0);
    const expected = contents(single.feature);
    assert.ok(expected.files.length > 300 && expected.files.length < 330, `${expected.files.length} files`);
    assert.ok(expected.files.some((f) => f.mentions.some((m) => m.actorIds.length > 1)), 'some mention is ambiguous');
    assert.ok(expected.files.some((f) => f.mentions.some((m) => m.actorIds[0] === 'dunmore')), 'the folder config applies');
    assert.ok(expected.files.some((f) => f.quotes?.some((q) => q.speaker !== undefined && q.words.some((w) => w >= 2 ** 31))), 'quotation fingerprints, with speakers and word hashes past the sign bit, cross the thread boundary');

    // Both threads sharing the files, then the workers doing all of them.
    for (const options of [{ script: serverPath, count: 1 }, { script: serverPath, count: 2, mainThreadShare: false }]) {
      const parallel = await build(options);
      assert.deepEqual(parallel.logs, []);
      assert.equal(parallel.feature.buildStats()?.workers, options.count);
      if (options.mainThreadShare === false) assert.equal(parallel.feature.buildStats()?.byWorkers, parallel.feature.buildStats()?.files);
      assert.deepEqual(contents(parallel.feature), expected);
    }
  });

  it('goes on alone after one log line when a worker cannot start or stops halfway', async () => {
    const expected = contents((await build(undefined)).feature);
    const missing = await build({ script: path.join(dir, 'no-such-worker.js'), mainThreadShare: false });
    assert.equal(missing.logs.length, 1, missing.logs.join('\n'));
    assert.deepEqual(contents(missing.feature), expected);

    // Takes 50 files, then exits without a word about them.
    const quitter = path.join(dir, 'quitter.js');
    fs.writeFileSync(quitter, "require('node:worker_threads').parentPort.once('message', (job) => { Atomics.add(new Int32Array(job.counter), 0, 50); process.exit(3); });\n");
    const stopped = await build({ script: quitter, mainThreadShare: false });
    assert.equal(stopped.logs.length, 1, stopped.logs.join('\n'));
    assert.match(stopped.logs[0], /exit code 3/);
    assert.deepEqual(contents(stopped.feature), expected);
  });
});

describe('which quotation changes the index reports', () => {
  it('a move (the same words and speakers elsewhere) apart from a change of words, until taken', () => {
    const index = new WorkspaceIndex();
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 9 } });
    const summary = (words: number[], line: number, speaker?: string) => ({ uri: 'file:///a.article', sources: [], mentions: [], quotes: [{ words, range: at(line), speaker, speakerName: speaker }] });
    index.set(summary([1, 2, 3, 4], 3, 'pilot'));
    assert.deepEqual(index.takeQuoteChanges(), { changed: ['file:///a.article'], moved: [] });
    index.set(summary([1, 2, 3, 4], 4, 'pilot'));
    assert.deepEqual(index.takeQuoteChanges(), { changed: ['file:///a.article'], moved: ['file:///a.article'] });
    // The same again: nothing to report.
    index.set(summary([1, 2, 3, 4], 4, 'pilot'));
    assert.deepEqual(index.takeQuoteChanges(), { changed: [], moved: [] });
    // Another speaker is a change; so is another word, even when it then only moves before being taken.
    index.set(summary([1, 2, 3, 4], 4, 'mayor'));
    assert.deepEqual(index.takeQuoteChanges(), { changed: ['file:///a.article'], moved: [] });
    index.set(summary([1, 2, 9, 4], 4, 'mayor'));
    index.set(summary([1, 2, 9, 4], 5, 'mayor'));
    assert.deepEqual(index.takeQuoteChanges(), { changed: ['file:///a.article'], moved: [] });
    index.delete('file:///a.article');
    assert.deepEqual(index.takeQuoteChanges(), { changed: ['file:///a.article'], moved: [] });
  });
});
