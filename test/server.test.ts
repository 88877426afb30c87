import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLanguageService, applyEdits, LineIndex } from '../server/core/index';
import { bundle } from './support/build';
import { codes, repoRoot, TestClient } from './support/lspClient';

const service = createLanguageService();

const ARTICLE = [
  'Publication: Harbour Ledger Volume: 3 Issue: 12',
  'Date: 2021-03-15',
  '',
  'Mayor Lena Okafor opened the new ferry terminal on Monday. “We have waited eleven years for this morning,” she told reporters (Coastline Radio, March 14).',
  '',
  'The harbour board said the berths would open in stages (Harbour Gazette March 10).',
  '',
  'Critics were unconvinced. “Nobody asked the fishermen what they needed here,” said one trawler captain.',
  '',
].join('\n');

function buildServer(): void {
  bundle('server/server.ts', 'dist/server.js');
}

describe('language server over stdio', () => {
  let dir: string;
  let client: TestClient;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();

  before(async () => {
    buildServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-lsp-'));
    client = new TestClient();
    const init = await client.initialize(pathToFileURL(dir).toString());
    assert.equal(init.capabilities.textDocumentSync && typeof init.capabilities.textDocumentSync === 'object' && init.capabilities.textDocumentSync.change, 2);
    assert.ok(init.capabilities.codeActionProvider);
  });

  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
    assert.deepEqual(client.stderr.filter((l) => /Error|failed/.test(l)), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes findings with rule codes, source and a link to an existing rule page', async () => {
    const uri = uriOf('terminal.article');
    const published = client.diagnostics(uri);
    await client.open(uri, 'article', ARTICLE);
    const { diagnostics, version } = await published;
    assert.equal(version, 1);
    assert.deepEqual(codes(diagnostics), ['citation-malformed', 'quote-uncited']);
    for (const d of diagnostics) {
      assert.equal(d.source, 'dateline');
      const href = d.codeDescription?.href;
      assert.ok(href && fs.existsSync(fileURLToPath(href)) === fs.existsSync(path.join(repoRoot, 'docs', 'rules', `${d.code}.md`)), `href ${href}`);
      assert.match(href!, new RegExp(`docs/rules/${d.code}\\.md$`));
    }
    const uncited = diagnostics.find((d) => d.code === 'quote-uncited')!;
    assert.deepEqual(uncited.range, { start: { line: 7, character: 26 }, end: { line: 7, character: 77 } });
    await client.close(uri);
  });

  it('follows incremental edits and never publishes diagnostics for a stale version', async () => {
    const uri = uriOf('edits.article');
    let text = ARTICLE;
    await client.open(uri, 'article', text);
    await client.diagnostics(uri, (p) => p.version === 1);
    // A burst of edits: each inserts a word at the start of the last paragraph.
    const texts = new Map<number, string>([[1, text]]);
    const lastLine = 7;
    for (let v = 2; v <= 12; v++) {
      const insert = v % 3 === 0 ? '“Unsourced words keep piling up here” ' : 'Now ';
      await client.change(uri, v, [{ range: { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: 0 } }, text: insert }]);
      const lines = new LineIndex(text);
      text = applyEdits(text, [{ span: { start: lines.offsetAt({ line: lastLine, character: 0 }), end: lines.offsetAt({ line: lastLine, character: 0 }) }, newText: insert }]);
      texts.set(v, text);
    }
    const final = await client.diagnostics(uri, (p) => p.version === 12);
    // Every publication for this document must match a from-scratch analysis of the version it names.
    for (const p of client.published.filter((x) => x.uri === uri)) {
      assert.ok(p.version !== undefined && texts.has(p.version), `published version ${p.version}`);
      const expected = service.analyze(texts.get(p.version!)!).findings.map((f) => `${f.ruleId}@${JSON.stringify(f.range)}`).sort();
      assert.deepEqual(p.diagnostics.map((d) => `${d.code}@${JSON.stringify(d.range)}`).sort(), expected, `version ${p.version}`);
    }
    assert.ok(final.diagnostics.filter((d) => d.code === 'quote-uncited').length >= 2);
    const closed = client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.close(uri);
    await closed;
  });

  it('offers a quick fix whose edit removes its diagnostic', async () => {
    const uri = uriOf('fix.article');
    await client.open(uri, 'article', ARTICLE);
    const { diagnostics } = await client.diagnostics(uri, (p) => p.version === 1);
    const malformed = diagnostics.find((d) => d.code === 'citation-malformed')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: malformed.range,
      context: { diagnostics: [malformed], only: ['quickfix'] },
    })) as { title: string; edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } }[];
    assert.deepEqual(actions.map((a) => a.title), ['Insert the missing comma', 'Ignore citation-malformed on this line']);
    const edits = actions[0].edit.changes[uri];
    await client.change(uri, 2, edits.map((e) => ({ range: e.range, text: e.newText })));
    const after = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(codes(after.diagnostics), ['quote-uncited']);
    await client.close(uri);
  });

  it('"Ignore ‹rule› on this line" inserts a directive that silences the finding, in the file’s line ending', async () => {
    const uri = uriOf('ignore.article');
    const text = 'Publication: Harbour Ledger Volume: 1 Issue: 2\r\n\r\n“We will not sail until the nets are mended,” said one trawler captain, who gave only his first name.\r\n';
    await client.open(uri, 'article', text);
    const { diagnostics } = await client.diagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(codes(diagnostics), ['quote-uncited']);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    })) as { title: string; isPreferred?: boolean; edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } }[];
    const ignore = actions.find((a) => a.title === 'Ignore quote-uncited on this line')!;
    assert.ok(ignore && !ignore.isPreferred, actions.map((a) => a.title).join(', '));
    assert.deepEqual(ignore.edit.changes[uri], [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '<!-- dateline-disable-next-line quote-uncited -->\r\n' }]);
    await client.change(uri, 2, ignore.edit.changes[uri].map((e) => ({ range: e.range, text: e.newText })));
    assert.deepEqual((await client.diagnostics(uri, (p) => p.version === 2)).diagnostics, []);
    // The quotation now has its citation: the directive suppresses nothing, and says so as a hint.
    const beforePeriod = { line: 3, character: text.split('\r\n')[2].length - 1 };
    await client.change(uri, 3, [{ range: { start: beforePeriod, end: beforePeriod }, text: ' (Baltic Wire, March 3)' }]);
    const stale = (await client.diagnostics(uri, (p) => p.version === 3)).diagnostics;
    assert.deepEqual(stale.map((d) => [d.code, d.severity, d.range.start.line]), [['suppression-unused', 4, 2]]);
    await client.close(uri);
  });

  it('checks Markdown only when its front matter names a publication', async () => {
    const plain = uriOf('notes.md');
    const article = uriOf('story.md');
    const plainDone = client.diagnostics(plain);
    await client.open(plain, 'markdown', '# Notes\n\n“These words would be an uncited quotation here,” I wrote.\n');
    assert.deepEqual((await plainDone).diagnostics, []);
    const articleDone = client.diagnostics(article);
    await client.open(article, 'markdown', '---\npublication: Harbour Ledger\nvolume: 1\nissue: 2\n---\n\n“These words are an uncited quotation here,” I wrote.\n\n```\n“Code is not prose and is never checked at all”\n```\n');
    assert.deepEqual(codes((await articleDone).diagnostics), ['quote-uncited']);
    await client.close(plain);
    await client.close(article);
  });

  it('re-checks open articles when dateline.yaml changes, and reports a malformed one in place', async () => {
    const uri = uriOf('configured.article');
    await client.open(uri, 'article', ARTICLE);
    await client.diagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'quote-uncited'));

    const configPath = path.join(dir, 'dateline.yaml');
    fs.writeFileSync(configPath, 'rules:\n  quote-uncited: off\n  citation-malformed: warning\n');
    const rechecked = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'quote-uncited'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).toString(), type: 1 }] });
    const { diagnostics } = await rechecked;
    assert.deepEqual(codes(diagnostics), ['citation-malformed']);
    assert.equal(diagnostics[0].severity, 2);

    fs.writeFileSync(configPath, 'rules:\n  quote-uncited: [loud\nquotes: {minWords: many}\n');
    const configUri = pathToFileURL(configPath).toString();
    const configProblems = client.diagnostics(configUri, (p) => p.diagnostics.length > 0);
    const articleAgain = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'quote-uncited'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const problems = await configProblems;
    assert.ok(problems.diagnostics.every((d) => d.code === 'config-invalid' && d.source === 'dateline'));
    // The article is still checked, with defaults where the config is broken.
    await articleAgain;

    fs.rmSync(configPath);
    const cleared = client.diagnostics(configUri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 3 }] });
    await cleared;
    await client.close(uri);
  });

  it('clears the problems of a file deleted outside the editor', async () => {
    const uri = uriOf('gone.article');
    const cleared = client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await cleared;
  });

  it('applies per-resource settings, and skips files over the size limit with one notice', async () => {
    const uri = uriOf('big.article');
    client.settings = (scope) => (scope === uri ? { maxFileSize: 1000, rules: { 'quote-uncited': 'error' } } : {});
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const big = client.diagnostics(uri);
    await client.open(uri, 'article', ARTICLE + 'More prose. '.repeat(200));
    const { diagnostics } = await big;
    assert.deepEqual(codes(diagnostics), ['file-skipped']);
    assert.equal(diagnostics[0].severity, 3);
    const small = client.diagnostics(uri, (p) => p.version === 2);
    await client.change(uri, 2, [{ text: ARTICLE }]);
    const after = await small;
    assert.equal(after.diagnostics.find((d) => d.code === 'quote-uncited')?.severity, 1);
    client.settings = () => ({});
    await client.close(uri);
  });

  it('survives binary content and an empty document', async () => {
    const binary = uriOf('blob.article');
    const empty = uriOf('empty.article');
    const b = client.diagnostics(binary);
    await client.open(binary, 'article', 'PK\u0003\u0004\u0000\u0000\u0000binary\u0000');
    assert.deepEqual(codes((await b).diagnostics), ['file-skipped']);
    const e = client.diagnostics(empty);
    await client.open(empty, 'article', '');
    assert.deepEqual(codes((await e).diagnostics), ['front-matter-missing']);
    await client.close(binary);
    await client.close(empty);
  });
});

describe('language server in Restricted Mode', () => {
  it('checks single files but ignores the workspace dateline.yaml', async () => {
    buildServer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-untrusted-'));
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'rules:\n  quote-uncited: off\n');
    const client = new TestClient();
    await client.initialize(pathToFileURL(dir).toString(), { workspaceTrusted: false });
    const uri = pathToFileURL(path.join(dir, 'a.article')).toString();
    const first = client.diagnostics(uri);
    await client.open(uri, 'article', ARTICLE);
    assert.ok(codes((await first).diagnostics).includes('quote-uncited'));
    // Once trusted, the config applies.
    const trusted = client.diagnostics(uri, (p) => !codes(p.diagnostics).includes('quote-uncited'));
    await client.connection.sendNotification('dateline/workspaceTrusted');
    await trusted;
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('code actions over stdio', () => {
  it('offers fix-all, a snippet citation where the client takes snippets, and adding a source to dateline.yaml', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-actions-'));
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'sources:\n  - name: Coastline Radio\n');
    const client = new TestClient();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).toString(),
      workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'w' }],
      capabilities: { workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } },
    });
    await client.connection.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(dir, 'a.article')).toString();
    const text = 'Publication: Harbour Ledger\nVolumee: 3\nIssue: 2\nDate: 2021-03-15\n\nIt rained (Coastline Radio July 3). It poured (Harbour Gazete, Juyl 4). “We have waited eleven years for this,” she said.\n';
    const published = client.diagnostics(uri);
    await client.open(uri, 'article', text);
    const { diagnostics } = await published;
    assert.deepEqual(codes(diagnostics), ['citation-invalid-date', 'citation-malformed', 'citation-unknown-source', 'front-matter-required', 'front-matter-unknown-field', 'quote-uncited']);

    type Action = { title: string; kind: string; edit: { changes?: Record<string, { range: unknown; newText: string }[]>; documentChanges?: { edits: { snippet?: { value: string } }[] }[] } };
    const request = (only: string[] | undefined, ds = diagnostics) =>
      client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, context: { diagnostics: ds, only } }) as Promise<Action[]>;

    const fixAll = await request(['source.fixAll']);
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.dateline');
    // The three fixes that need no choice: the field name, the comma, the month.
    assert.deepEqual(fixAll[0].edit.changes![uri].map((e) => e.newText).sort(), [',', 'July', 'Volume']);

    const uncited = diagnostics.find((d) => d.code === 'quote-uncited')!;
    const [citation] = await request(['quickfix'], [uncited]);
    assert.equal(citation.title, 'Add a citation');
    assert.equal(citation.edit.documentChanges![0].edits[0].snippet!.value, ' (${1:Coastline Radio}, ${2:March 15})');

    const unknown = diagnostics.find((d) => d.code === 'citation-unknown-source')!;
    const titles = (await request(['quickfix'], [unknown])).map((a) => a.title);
    assert.deepEqual(titles, ['Add ‘Harbour Gazete’ to the sources in dateline.yaml', 'Ignore citation-unknown-source on this line']);
    const [add] = await request(['quickfix'], [unknown]);
    const configUri = pathToFileURL(path.join(dir, 'dateline.yaml')).toString();
    const configEdit = add.edit.changes![configUri];
    assert.equal(configEdit.length, 1);
    assert.equal(configEdit[0].newText, '\n  - name: Harbour Gazete');
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
