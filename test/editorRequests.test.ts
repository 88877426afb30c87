// The requests the VS Code commands send, over a real stdio connection to the bundled server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULES } from '../server/core/index';
import { RuleListRequest } from '../server/lsp/protocol';
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
});
