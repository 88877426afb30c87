import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type DocumentAnalysis } from '../server/core/index';
import { AnalysisCache, type Analyzer } from '../server/lsp/analyses';
import { DEFAULT_SETTINGS, type SettingsCache } from '../server/lsp/settings';
import { actorId } from '../server/core/actors/ids';
import { addActorEdit } from '../server/core/configEdits';
import { loadFixtures } from './support/check';
import { runInProcess, type JsonFinding } from './support/cli';
import { TestClient } from './support/lspClient';
import { parseMarkers } from './support/markers';

/*
 * Every entry point asks the core the same question (`service.open`), so the CLI and the editor
 * give the same findings, severities and messages for the same files and settings. These tests
 * run both on every fixture and on the examples, and pin the inconsistencies that once crept in.
 */

const REPO = path.resolve(__dirname, '..');
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-pipeline-')));
  dirs.push(dir);
  return dir;
}

async function cliFindings(cwd: string, paths: string[]): Promise<JsonFinding[]> {
  const r = await runInProcess(['check', '--format', 'json', ...paths], cwd);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonFinding[];
}

const key = (f: { range: JsonFinding['range']; severity: string; code: string; message: string }) =>
  `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.severity} ${f.code} ${f.message}`;

function fromDiagnostic(d: Diagnostic): string {
  return key({ range: d.range, severity: SEVERITY[d.severity ?? 1], code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value });
}

describe('the CLI and the editor agree', () => {
  let client: TestClient;
  let root: string;

  before(async () => {
    root = tempDir();
    client = new TestClient();
    await client.initialize(pathToFileURL(root).toString());
  });

  after(async () => {
    await client.shutdown();
  });

  async function editorFindings(file: string, languageId: string): Promise<string[]> {
    const uri = pathToFileURL(file).toString();
    const published = client.diagnostics(uri);
    await client.open(uri, languageId, fs.readFileSync(file, 'utf8'));
    const { diagnostics } = await published;
    await client.close(uri);
    // quote-conflict compares a file with the others checked with it: the editor's workspace here
    // holds every fixture, the CLI's run one folder. Both sides of it are tested in quoteConflict.test.ts.
    return diagnostics.filter((d) => d.code !== 'quote-conflict').map(fromDiagnostic).sort();
  }

  test('on every core fixture: the same findings, severities and messages', async () => {
    const fixtures = loadFixtures();
    assert.ok(fixtures.length > 30);
    for (const [i, fixture] of fixtures.entries()) {
      const dir = path.join(root, `f${i}`);
      fs.mkdirSync(dir);
      if (fixture.configText !== undefined) fs.writeFileSync(path.join(dir, 'dateline.yaml'), fixture.configText);
      const file = path.join(dir, fixture.name);
      fs.writeFileSync(file, parseMarkers(fixture.source).text);
      const cli = (await cliFindings(dir, [fixture.name])).filter((f) => f.file === fixture.name && f.code !== 'quote-conflict').map(key).sort();
      const editor = await editorFindings(file, fixture.name.endsWith('.md') ? 'markdown' : 'article');
      assert.deepEqual(editor, cli, fixture.name);
    }
  });

  test('on the examples, with their dateline.yaml and actors registry', async () => {
    const dir = path.join(root, 'examples');
    fs.cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
    const cli = await cliFindings(dir, ['.']);
    const articles = fs.readdirSync(path.join(dir, 'articles')).sort();
    assert.ok(articles.length >= 4);
    let compared = 0;
    for (const name of articles) {
      const rel = path.join('articles', name);
      const expected = cli.filter((f) => f.file === rel && f.code !== 'quote-conflict').map(key).sort();
      const editor = await editorFindings(path.join(dir, rel), name.endsWith('.md') ? 'markdown' : 'article');
      assert.deepEqual(editor, expected, rel);
      compared += expected.length;
    }
    assert.ok(compared > 5, 'the examples have findings to compare');
  });

  test('`rules: { actor-registry: off }` silences registry problems in both', async () => {
    const dir = path.join(root, 'registry-off');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'actors: actors.yaml\nrules:\n  actor-registry: off\n');
    fs.writeFileSync(path.join(dir, 'actors.yaml'), '- id: a\n  name: Ada Moss\n- id: a\n  name: Ben Moss\n');
    fs.writeFileSync(path.join(dir, 'a.article'), 'Publication: Harbour Gazette Volume: 3 Issue: 7\n\nAda Moss spoke.\n');
    assert.deepEqual((await cliFindings(dir, ['.'])).map((f) => f.code), []);
    // The editor publishes config problems when it reads the config for an article.
    const uri = pathToFileURL(path.join(dir, 'a.article')).toString();
    const published = client.diagnostics(uri);
    await client.open(uri, 'article', fs.readFileSync(path.join(dir, 'a.article'), 'utf8'));
    await published;
    const registryUri = pathToFileURL(path.join(dir, 'actors.yaml')).toString();
    assert.deepEqual(client.published.filter((p) => p.uri === registryUri && p.diagnostics.length), []);
    // With the rule on, both report the duplicate id (so the check above can fail).
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'actors: actors.yaml\n');
    assert.ok((await cliFindings(dir, ['.'])).some((f) => f.code === 'actor-registry' && f.file === 'actors.yaml'));
  });

  test("the editor's Fix all leaves an article whose header does not parse, as check --fix does", async () => {
    const dir = path.join(root, 'unparsable');
    fs.mkdirSync(dir);
    const text = '---\npublication: [Harbour Gazette\nvolume: 3\n---\n\nThe port reopened (APA July 3).\n';
    const file = path.join(dir, 'a.article');
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    const published = client.diagnostics(uri);
    await client.open(uri, 'article', text);
    const { diagnostics } = await published;
    assert.ok(diagnostics.some((d) => d.code === 'front-matter-syntax'));
    assert.ok(diagnostics.some((d) => d.code === 'citation-malformed'), 'a safe fix exists that fix-all could have applied');
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.dateline'] },
    })) as { kind?: string }[];
    assert.deepEqual(actions.filter((a) => a.kind?.startsWith('source.fixAll')), []);
    await client.close(uri);
    const fixRun = await runInProcess(['check', '--fix', 'a.article'], dir);
    assert.equal(fs.readFileSync(file, 'utf8'), text, fixRun.stderr);
  });
});

describe('one home per concept', () => {
  test('an actor id is made one way: the quick fix, the Add Actor command and the registry', () => {
    assert.equal(actorId('Łukasz Zołc'), 'lukasz-zolc');
    assert.equal(actorId('Lena Okafor'), 'lena-okafor');
    assert.equal(actorId('Ærøskøbing Ferry Co.'), 'aeroskobing-ferry-co');
    assert.equal(actorId('Дмитрий Медведев'), 'дмитрий-медведев');
    assert.equal(actorId('  --  '), 'actor');
    assert.match(addActorEdit('', 'Łukasz Zołc', 'person', []).newText, /id: lukasz-zolc/);
    const { actors } = createLanguageService().parseActors('- name: Łukasz Zołc\n');
    assert.equal(actors[0].id, 'lukasz-zolc');
  });

  test('the same settings resolve the same way from every entry point', () => {
    const service = createLanguageService();
    const { config } = service.parseConfig('quotes:\n  minWords: 9\n');
    const text = 'Publication: Harbour Gazette Volume: 3 Issue: 7\n\n“We will open the terminal soon,” she said.\n';
    // dateline.yaml wins over the editor's minWords; without it the editor's applies.
    assert.equal(service.open(text, { config, settings: { minWords: 2 } }).config.minWords, 9);
    assert.equal(service.open(text, { settings: { minWords: 2 } }).config.minWords, 2);
    assert.deepEqual(service.open(text, { config }).result.findings.map((f) => f.ruleId), []);
    assert.deepEqual(service.open(text, { settings: { minWords: 2 } }).result.findings.map((f) => f.ruleId), ['quote-uncited']);
    // Markdown is an article only with `publication` or an include match, for everyone.
    assert.equal(service.open('Just notes.\n', { flavor: 'markdown' }).isArticle, false);
    assert.deepEqual(service.open('Just notes.\n', { flavor: 'markdown' }).result.findings, []);
    assert.equal(service.open('Just notes.\n', { flavor: 'markdown' }).summary('file:///n.md'), undefined);
  });
});

describe('a version is parsed once and checked once', () => {
  const text = 'Publication: Harbour Gazette Volume: 3 Issue: 7\n\n“We will open the terminal soon,” she said.\n';

  test('the features’ parse is the one the rules check', () => {
    const service = createLanguageService();
    const opened = service.open(text, { settings: { minWords: 2 } });
    const article = opened.article;
    assert.ok(article);
    assert.equal(opened.result.article, article);
    assert.deepEqual(opened.result.findings.map((f) => f.ruleId), ['quote-uncited']);
    // Findings first, then the parse: still the same one.
    const other = service.open(text);
    assert.equal(other.article, other.result.article);
    // A skipped file and a Markdown file that is not an article have no parse.
    const big = service.open(text, { maxFileSize: 10 });
    assert.equal(big.article, undefined);
    assert.equal(big.result.skipped, 'too-large');
    assert.equal(service.open('Just notes.\n', { flavor: 'markdown' }).article, undefined);
  });

  test('the server’s analysis cache opens each version once and runs the rules only when findings are asked for', async () => {
    const service = createLanguageService();
    let opens = 0;
    let checks = 0;
    const analyzer = {
      analyse(_uri: string, _flavor: unknown, source: string): DocumentAnalysis {
        opens++;
        const opened = service.open(source, { settings: { minWords: 2 } });
        return new Proxy(opened, {
          get(target, key) {
            if (key === 'result') checks++;
            return Reflect.get(target, key, target) as unknown;
          },
        });
      },
    } as unknown as Analyzer;
    const settings = { get: async () => DEFAULT_SETTINGS } as unknown as SettingsCache;
    const cache = new AnalysisCache(analyzer, settings);
    let doc = TextDocument.create('file:///story.article', 'article', 1, text);
    // Completion, hover and symbols right after a keystroke: the parse alone.
    assert.ok((await cache.get(doc)).article);
    assert.ok((await cache.get(doc)).article);
    assert.deepEqual({ opens, checks }, { opens: 1, checks: 0 });
    // The diagnostics after the debounce: the same analysis, its rules run once.
    const current = await cache.get(doc);
    const result = current.result;
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['quote-uncited']);
    assert.equal(result.article, current.article);
    assert.deepEqual({ opens, checks }, { opens: 1, checks: 1 });
    // Asked again (code actions, statistics), the findings are the ones already made.
    assert.equal((await cache.get(doc)).result, result);
    // The next version is opened anew.
    doc = TextDocument.update(doc, [{ text: text.replace('soon', 'next year') }], 2);
    assert.ok((await cache.get(doc)).article);
    assert.equal(opens, 2);
  });
});
