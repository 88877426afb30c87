import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS, toSettings } from '../server/lsp/settings';
import { bundle } from './support/build';
import { codes, TestClient } from './support/lspClient';

const ARTICLE = [
  'Publication: Harbour Ledger Volume: 3 Issue: 12',
  'Date: 2021-03-15',
  '',
  'The harbour board said the berths would open in stages (Harbour Gazette March 10).',
  '',
].join('\n');
const QUOTE = '“Nobody asked the fishermen what they needed here,” said one trawler captain.\n';

describe('dateline.enable and dateline.run, read defensively', () => {
  it('defaults to on and on type; anything but false or onSave keeps the default', () => {
    assert.deepEqual({ enable: DEFAULT_SETTINGS.enable, run: DEFAULT_SETTINGS.run }, { enable: true, run: 'onType' });
    const read = (raw: unknown) => {
      const s = toSettings(raw);
      return [s.enable, s.run];
    };
    assert.deepEqual(read({ enable: false, run: 'onSave' }), [false, 'onSave']);
    assert.deepEqual(read({ enable: true, run: 'onType' }), [true, 'onType']);
    assert.deepEqual(read({ enable: 'false', run: 'onsave' }), [true, 'onType']);
    assert.deepEqual(read({ enable: 0, run: 7 }), [true, 'onType']);
    assert.deepEqual(read(null), [true, 'onType']);
    assert.deepEqual(read('enable'), [true, 'onType']);
  });
});

describe('the validator over stdio', () => {
  let dir: string;
  let client: TestClient;
  /** The `dateline` settings per resource URI; resources not listed get `{}`. */
  const settings = new Map<string, unknown>();
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  const publishedFor = (uri: string) => client.published.filter((p) => p.uri === uri);
  const settingsChanged = () => client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });

  /**
   * Waits until a document checked on type has published the version its edit made. Timers of the
   * same length fire in the order they were set, so any debounced check of an edit sent before
   * this one has run by then.
   */
  async function afterDebounce(): Promise<void> {
    const uri = uriOf(`barrier-${client.published.length}.article`);
    await client.open(uri, 'article', ARTICLE);
    await client.diagnostics(uri, (p) => p.version === 1);
    const edited = client.diagnostics(uri, (p) => p.version === 2);
    await client.change(uri, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: QUOTE }]);
    await edited;
    await client.close(uri);
  }

  before(async () => {
    bundle('server/server.ts', 'dist/server.js');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-validator-'));
    client = new TestClient();
    client.settings = (scope) => (scope && settings.get(scope)) ?? {};
    await client.initialize(pathToFileURL(dir).toString());
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0);
    assert.deepEqual(client.stderr.filter((l) => /Error|failed/.test(l)), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dateline.enable false clears what was published and publishes nothing more; true restores it', async () => {
    const uri = uriOf('quiet.article');
    await client.open(uri, 'article', ARTICLE);
    assert.deepEqual(codes((await client.diagnostics(uri, (p) => p.version === 1)).diagnostics), ['citation-malformed']);

    settings.set(uri, { enable: false });
    const cleared = client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await settingsChanged();
    await cleared;
    const seen = publishedFor(uri).length;
    // Edits while off publish nothing, not even an empty list.
    await client.change(uri, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: QUOTE }]);
    await afterDebounce();
    assert.equal(publishedFor(uri).length, seen);

    settings.delete(uri);
    const restored = client.diagnostics(uri, (p) => p.version === 2 && p.diagnostics.length > 0);
    await settingsChanged();
    assert.deepEqual(codes((await restored).diagnostics), ['citation-malformed', 'quote-uncited']);
    await client.close(uri);
  });

  it('dateline.enable false for dateline.yaml hides its problems on disk until it is on again', async () => {
    const configPath = path.join(dir, 'sub', 'dateline.yaml');
    fs.mkdirSync(path.dirname(configPath), { recursive: true });
    fs.writeFileSync(configPath, 'quotes: {minWords: many}\n');
    const configUri = pathToFileURL(configPath).toString();
    const uri = uriOf('sub/configured.article');
    const problems = client.diagnostics(configUri, (p) => p.diagnostics.length > 0);
    await client.open(uri, 'article', ARTICLE);
    assert.deepEqual(codes((await problems).diagnostics), ['config-invalid']);

    settings.set(configUri, { enable: false });
    const hidden = client.diagnostics(configUri, (p) => p.diagnostics.length === 0);
    await settingsChanged();
    await hidden;
    settings.delete(configUri);
    const shown = client.diagnostics(configUri, (p) => p.diagnostics.length > 0);
    await settingsChanged();
    assert.deepEqual(codes((await shown).diagnostics), ['config-invalid']);
    await client.close(uri);
    fs.rmSync(path.dirname(configPath), { recursive: true });
  });

  it('dateline.run onSave checks on open, on save and when a config changes, never on an edit alone', async () => {
    const uri = uriOf('saved/draft.article');
    settings.set(uri, { run: 'onSave' });
    await settingsChanged();
    await client.open(uri, 'article', ARTICLE);
    assert.deepEqual(codes((await client.diagnostics(uri, (p) => p.version === 1)).diagnostics), ['citation-malformed']);

    await client.change(uri, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: QUOTE }]);
    await afterDebounce();
    assert.deepEqual(publishedFor(uri).map((p) => p.version), [1]);

    const saved = client.diagnostics(uri, (p) => p.version === 2);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    assert.deepEqual(codes((await saved).diagnostics), ['citation-malformed', 'quote-uncited']);

    // A config change checks again without a save.
    const configPath = path.join(dir, 'saved', 'dateline.yaml');
    fs.mkdirSync(path.dirname(configPath), { recursive: true });
    fs.writeFileSync(configPath, 'rules:\n  quote-uncited: off\n');
    const rechecked = client.diagnostics(uri, (p) => p.version === 2 && !codes(p.diagnostics).includes('quote-uncited'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).toString(), type: 1 }] });
    assert.deepEqual(codes((await rechecked).diagnostics), ['citation-malformed']);

    // Back to on type: an edit is checked after the debounce again.
    settings.delete(uri);
    await settingsChanged();
    const typed = client.diagnostics(uri, (p) => p.version === 3);
    await client.change(uri, 3, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'Late. ' }]);
    assert.deepEqual(codes((await typed).diagnostics), ['citation-malformed']);
    await client.close(uri);
  });

  it('"Check workspace" leaves out a resource with dateline.enable false', async () => {
    fs.mkdirSync(path.join(dir, 'disk'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'disk', 'on.article'), ARTICLE);
    fs.writeFileSync(path.join(dir, 'disk', 'off.article'), ARTICLE);
    const on = uriOf('disk/on.article');
    const off = uriOf('disk/off.article');
    settings.set(off, { enable: false });
    await settingsChanged();
    const published = client.diagnostics(on);
    const result = await client.connection.sendRequest('dateline/checkWorkspace', {});
    assert.deepEqual(result, { files: 1, problems: { error: 1, warning: 0, info: 0, hint: 0 } });
    assert.deepEqual(codes((await published).diagnostics), ['citation-malformed']);
    assert.deepEqual(publishedFor(off), []);
    settings.delete(off);
  });
});
