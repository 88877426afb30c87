// The requests the VS Code commands send, over a real stdio connection to the bundled server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULES } from '../server/core/index';
import { applyEdits, LineIndex } from '../server/core/index';
import { AddActorRequest, CitationDateRequest, RuleListRequest, type AddActorResult } from '../server/lsp/protocol';
import { bundle } from './support/build';
import { repoRoot, TestClient } from './support/lspClient';

const ARTICLE = [
  'Publication: Harbour Ledger Volume: 3 Issue: 12',
  'Date: 2021-03-15',
  '',
  'The pier board met on Monday (, March 14). “We will not sell the north berth to anyone at all,” the chair said.',
  '',
].join('\n');

describe('editor requests over stdio', () => {
  let dir: string;
  let client: TestClient;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();

  before(async () => {
    bundle('server/server.ts', 'dist/server.js');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-editor-'));
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).toString());
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
    assert.deepEqual(client.stderr.filter((l) => /Error|failed/.test(l)), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists every rule with a plain one-line description and the page its diagnostics link to', async () => {
    const rules = await client.connection.sendRequest(RuleListRequest.type, {});
    assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.id));
    const empty = rules.find((r) => r.id === 'citation-empty-source')!;
    assert.equal(empty.description, 'A citation gives a date but no source, as in ‘(, July 1)’.');
    for (const r of rules) {
      assert.doesNotMatch(r.description, /`/, `${r.id}: no Markdown in a plain-text list`);
      assert.equal(r.href, pathToFileURL(path.join(repoRoot, 'docs', 'rules', `${r.id}.md`)).toString());
      assert.ok(fs.existsSync(fileURLToPath(r.href)), `${r.id} has a page`);
    }
    // The same URL a diagnostic of that rule carries.
    const uri = uriOf('pier.article');
    const published = client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    await client.open(uri, 'article', ARTICLE);
    const { diagnostics } = await published;
    const diagnostic = diagnostics.find((d) => d.code === 'citation-empty-source');
    assert.ok(diagnostic, JSON.stringify(diagnostics));
    assert.equal(diagnostic.codeDescription?.href, empty.href);
    await client.close(uri);
  });

  it('reads the size limit in MB, and a limit in bytes set in the first form of the setting still applies', async () => {
    const uri = uriOf('long.article');
    // 0.002 MB is 2,097 characters: the article with 2,400 more is over it.
    const text = ARTICLE + 'More prose. '.repeat(200);
    client.settings = () => ({ maxFileSizeMB: 0.002 });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const skipped = client.diagnostics(uri);
    await client.open(uri, 'article', text);
    assert.deepEqual((await skipped).diagnostics.map((d) => d.code), ['file-skipped']);
    await client.close(uri);
    client.settings = () => ({ maxFileSizeMB: 0.002, maxFileSize: 100_000 });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const checked = client.diagnostics(uri, (p) => p.version === 2);
    await client.open(uri, 'article', text, 2);
    assert.deepEqual((await checked).diagnostics.map((d) => d.code).sort(), ['citation-empty-source', 'quote-uncited']);
    await client.close(uri);
    client.settings = () => ({});
  });
  it('Insert Citation is dated from the article header, in either spelling, else today', async () => {
    const today = { year: 2026, month: 9, day: 4 };
    const ask = async (name: string, languageId: string, text: string) => {
      const uri = uriOf(name);
      await client.open(uri, languageId, text);
      const date = await client.connection.sendRequest(CitationDateRequest.type, { uri, today });
      await client.close(uri);
      return date;
    };
    assert.equal(await ask('a.article', 'article', ARTICLE), 'March 15');
    assert.equal(await ask('b.article', 'article', 'Publication: Ledger Volume: 1 Issue: 2\nDate: September 5, 2021\n\nText.\n'), 'Sept. 5');
    assert.equal(await ask('c.md', 'markdown', '---\npublication: Ledger\nvolume: 1\nissue: 2\ndate: 2021-08-30\n---\n\nText.\n'), 'Aug. 30');
    // No date, or not an article at all: today's date.
    assert.equal(await ask('d.article', 'article', 'Publication: Ledger Volume: 1 Issue: 2\n\nText.\n'), 'Sept. 4');
    assert.equal(await ask('notes.md', 'markdown', '# Notes\n\nDate: 2021-03-15\n'), 'Sept. 4');
  });
});

/** The files after applying an Add Actor answer's edit, as an editor would. */
function applyAnswer(answer: AddActorResult): void {
  assert.ok(answer.edit, JSON.stringify(answer));
  const files = new Map<string, string>();
  const textOf = (uri: string) => files.get(uri) ?? (fs.existsSync(fileURLToPath(uri)) ? fs.readFileSync(fileURLToPath(uri), 'utf8') : '');
  const apply = (uri: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]) => {
    const text = textOf(uri);
    const lines = new LineIndex(text);
    files.set(uri, applyEdits(text, edits.map((e) => ({ span: { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }, newText: e.newText }))));
  };
  for (const [uri, edits] of Object.entries(answer.edit.changes ?? {})) apply(uri, edits);
  for (const change of answer.edit.documentChanges ?? []) {
    if ('kind' in change) {
      assert.equal(change.kind, 'create');
      files.set(change.uri, textOf(change.uri));
    } else apply(change.textDocument.uri, change.edits as never);
  }
  for (const [uri, text] of files) fs.writeFileSync(fileURLToPath(uri), text);
}

describe('Add Actor over stdio: the server picks the registry and writes the entry', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function workspace(files: Record<string, string>, trusted = true) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-actor-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const client = new TestClient();
    await client.initialize(pathToFileURL(dir).toString(), { workspaceTrusted: trusted });
    const add = (name: string, kind: 'person' | 'organization' | 'place', file?: string) =>
      client.connection.sendRequest(AddActorRequest.type, { uri: file ? pathToFileURL(path.join(dir, file)).toString() : undefined, folder: pathToFileURL(dir).toString(), name, kind });
    const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
    return { dir, client, add, read };
  }

  it('appends to the registry dateline.yaml names, once per actor, and says where the entry is', async () => {
    const { dir, client, add, read } = await workspace({
      'dateline.yaml': 'actors: people.yaml\n',
      'people.yaml': '- id: lena-okafor\n  name: Lena Okafor\n  kind: person\n',
      'desk/a.article': ARTICLE,
    });
    const answer = await add('Łukasz Zołc', 'person', 'desk/a.article');
    assert.equal(answer.registry, pathToFileURL(path.join(dir, 'people.yaml')).toString());
    assert.equal(answer.exists, false);
    applyAnswer(answer);
    assert.equal(read('people.yaml'), '- id: lena-okafor\n  name: Lena Okafor\n  kind: person\n\n- id: lukasz-zolc\n  name: Łukasz Zołc\n  kind: person\n  aliases: [Zołc]\n');
    assert.equal(read('people.yaml').split('\n')[answer.line], '- id: lukasz-zolc');
    const again = await add('Łukasz Zołc', 'person', 'desk/a.article');
    assert.deepEqual({ ...again, registry: path.basename(again.registry ?? '') }, { registry: 'people.yaml', edit: null, line: answer.line, exists: true });
    assert.equal(await client.shutdown(), 0);
  });

  it('with a dateline.yaml naming no registry, creates actors.yaml beside it and names it there in the same edit', async () => {
    const { client, add, read } = await workspace({ 'dateline.yaml': 'quotes:\n  minWords: 5', 'a.article': ARTICLE });
    const answer = await add('Harbour Board', 'organization', 'a.article');
    applyAnswer(answer);
    assert.equal(read('actors.yaml'), '- id: harbour-board\n  name: Harbour Board\n  kind: organization\n');
    assert.equal(read('dateline.yaml'), 'quotes:\n  minWords: 5\nactors: actors.yaml\n');
    assert.equal(answer.line, 0);
    assert.equal(await client.shutdown(), 0);
  });

  it('with no dateline.yaml and no file open, creates actors.yaml in the folder and makes up no config', async () => {
    const { dir, client, add, read } = await workspace({ 'notes.md': '# Notes\n' });
    applyAnswer(await add('Ines Moreau', 'person'));
    assert.equal(read('actors.yaml'), '- id: ines-moreau\n  name: Ines Moreau\n  kind: person\n  aliases: [Moreau]\n');
    assert.ok(!fs.existsSync(path.join(dir, 'dateline.yaml')));
    assert.equal(await client.shutdown(), 0);
  });

  it('in Restricted Mode reads and writes nothing', async () => {
    const { client, add } = await workspace({ 'dateline.yaml': 'actors: actors.yaml\n', 'actors.yaml': '' }, false);
    assert.deepEqual(await add('Ines Moreau', 'person'), { registry: null, edit: null, line: 0, exists: false, error: 'the folder is not trusted, so its registry is not read or written' });
    assert.equal(await client.shutdown(), 0);
  });
});

describe('exclude: in dateline.yaml, in the editor', () => {
  it('a file the exclude globs match gets no diagnostics; the same text elsewhere does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-exclude-'));
    try {
      fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'exclude: ["drafts/**"]\n');
      const client = new TestClient();
      await client.initialize(pathToFileURL(dir).toString());
      const draft = pathToFileURL(path.join(dir, 'drafts', 'pier.article')).toString();
      const story = pathToFileURL(path.join(dir, 'stories', 'pier.article')).toString();
      const storyPublished = client.diagnostics(story);
      const draftPublished = client.diagnostics(draft);
      await client.open(draft, 'article', ARTICLE);
      await client.open(story, 'article', ARTICLE);
      assert.deepEqual((await storyPublished).diagnostics.map((d) => d.code).sort(), ['citation-empty-source', 'quote-uncited']);
      assert.deepEqual((await draftPublished).diagnostics, []);
      assert.equal(await client.shutdown(), 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
