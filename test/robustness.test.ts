/**
 * Robustness: short runs of the fuzz properties, the saved regressions, adversarial inputs, the
 * bad-input corpus through the core and through the built server, size limits over stdio, and
 * the regular-expression check. The long runs are `npm run fuzz` and `npm run soak`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type ArticleFlavor, type Finding } from '../server/core/index';
import { documentsConfig } from '../server/lsp/server';
import { ADVERSARIAL } from './fuzz/adversarial';
import { incrementalInput } from './fuzz/generators';
import { assertWellPlaced, checkRegistryShape, propertyByName, PROPERTIES, recordingService } from './fuzz/properties';
import { readRegistryShape } from '../server/core/actors/registryShape';
import { loadRegressions } from './fuzz/regressions';
import { ServerProcess, type Publication } from './soak/client';
import { diagnosticKeys, expectedDiagnostics } from './soak/expected';
import { bundle } from './support/build';

const REPO = path.resolve(__dirname, '..');
const BAD = path.join(REPO, 'test', 'fixtures', 'bad');
/** A fixed seed, so a failure here reproduces; DATELINE_FUZZ_SEED tries others. */
const SEED = Number(process.env.DATELINE_FUZZ_SEED ?? 20_240_611);
/** Wall-clock bound per corpus file: catches a hang or a blow-up, not a slow machine. */
const PER_FILE_MS = 5_000;
/** The server bundle for these tests, apart from dist/server.js, which other test files rebuild while they run. */
const SERVER = path.join(REPO, 'dist', 'robustness', 'server.js');

// The regular-expression check takes a while in its own process; start it now, look at it last.
const regexCheck = runRegexCheck();

describe('fuzz properties, short run', () => {
  const runs: Record<string, number> = { analysis: 500, config: 200, incremental: 500, positions: 2000, 'registry shape': 2000 };
  for (const property of PROPERTIES) {
    test(`${property.name} (${runs[property.name]} runs, seed ${SEED})`, () => {
      fc.assert(fc.property(property.arbitrary, (input) => property.check(input)), { numRuns: runs[property.name] ?? 200, seed: SEED });
    });
  }
});

describe('the common registry shape', () => {
  test('the example registry is read without the YAML library, exactly as the library reads it', () => {
    const text = fs.readFileSync(path.join(REPO, 'examples', 'actors.yaml'), 'utf8');
    assert.ok(readRegistryShape(text), 'the example is in the common shape');
    checkRegistryShape(text);
    const crlf = text.replace(/\n/g, '\r\n');
    assert.ok(readRegistryShape(crlf), 'CRLF is in the common shape too');
    checkRegistryShape(crlf);
    assert.ok(readRegistryShape(text.replace('\n', '\r')) === undefined, 'a lone CR goes to the library');
  });
});

describe('saved fuzz regressions replay', () => {
  const saved = loadRegressions();
  test('there are saved regressions, each for a known property', () => {
    assert.ok(saved.length > 0);
    for (const { file, regression } of saved) assert.ok(propertyByName(regression.property), `${file}: unknown property ${regression.property}`);
  });
  for (const { file, regression } of saved) {
    test(file, () => propertyByName(regression.property)!.check(regression.input));
  }
});

describe('adversarial inputs at reduced size', () => {
  for (const c of ADVERSARIAL) {
    test(c.name, () => {
      const n = Math.max(50, Math.floor(c.units / 50));
      const text = c.build(n);
      const { service, logged } = recordingService();
      const flavor = c.flavor ?? 'article';
      assert.ok(service.isArticle(flavor, text, undefined, undefined), 'the shape is an article, not skipped');
      const result = service.analyze(text, { flavor });
      assertWellPlaced(text, result.findings);
      // At most one finding per repetition of the shape, and a few for the rest of the text.
      assert.ok(result.findings.length <= n + 5, `${result.findings.length} findings for ${n} repetitions`);
      // The editor features on the same text, where long runs once made a pattern backtrack.
      const opts = { flavor, article: result.article };
      service.documentSymbols(text, opts);
      service.semanticTokens(text, opts);
      service.complete(text, text.length, opts);
      service.hover(text, Math.floor(text.length / 2), opts);
      assert.deepEqual(logged, []);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The bad-input corpus.

interface Expectation {
  expect: string[];
  server?: string[];
  why?: string;
}

interface CorpusFile {
  /** `config/x.yaml`, `actors/x.yaml` or `articles/x.article`; generated ones are `…/generated-…`. */
  name: string;
  bytes: Buffer;
  expectation: Expectation;
}

const manifest = JSON.parse(fs.readFileSync(path.join(BAD, 'expected.json'), 'utf8')) as Record<string, Expectation>;

/** Too big, or too odd for a text file in the repository: made here. */
function generatedCorpus(): CorpusFile[] {
  const header = 'Publication: Tideline Weekly Volume: 4 Issue: 19\n\n';
  const aliases = Array.from({ length: 5000 }, (_, i) => (i % 500 === 0 ? 'V' : `Alias ${i % 2500}`));
  return [
    { name: 'articles/generated-6mb.article', bytes: Buffer.from(header + 'The ferry ran late again (Coastline Radio, May 2). '.repeat(6 * 1024 * 1024 / 50)), expectation: { expect: ['file-skipped'] } },
    {
      name: 'articles/generated-10000-header-fields.article',
      bytes: Buffer.from(`Publication: Tideline Weekly\n${Array.from({ length: 10_000 }, (_, i) => `Field${i}: value ${i}\n`).join('')}Volume: 4\nIssue: 19\n\nBody.\n`),
      expectation: { expect: ['front-matter-unknown-field'] },
    },
    {
      // Lone surrogates cannot be stored as UTF-8; analysed as a string, not read from bytes.
      name: 'articles/generated-lone-surrogates.article',
      bytes: Buffer.alloc(0),
      expectation: { expect: ['quote-uncited', 'citation-malformed'] },
    },
    { name: 'articles/generated-long-line.article', bytes: Buffer.from(header + '“Twelve words that go on for a long time in one line” '.repeat(4000)), expectation: { expect: ['quote-uncited'] } },
    { name: 'config/generated-huge-scalar.yaml', bytes: Buffer.from(`rules: ${'x'.repeat(2 * 1024 * 1024)}\n`), expectation: { expect: ['config-invalid'] } },
    { name: 'actors/generated-5000-aliases.yaml', bytes: Buffer.from(`- id: many\n  name: Many Names\n  aliases: [${aliases.join(', ')}]\n`), expectation: { expect: ['actor-registry'] } },
  ];
}

const LONE_SURROGATES = 'Publication: Tideline\ud800 Weekly Volume: 4 Issue: 19\n\n“Words \udc00 that nobody ever cited \ud83d anywhere,” said the clerk.\n\nThe berth opened (Coastline\udfff Radio May 2).\n';

function corpus(): CorpusFile[] {
  const files: CorpusFile[] = Object.entries(manifest).map(([name, expectation]) => ({ name, bytes: fs.readFileSync(path.join(BAD, name)), expectation }));
  return [...files, ...generatedCorpus()];
}

/** The text as the editor or the config reader would have it: UTF-8, U+FFFD for what does not decode. */
function textOf(file: CorpusFile): string {
  if (file.name === 'articles/generated-lone-surrogates.article') return LONE_SURROGATES;
  const text = file.bytes.toString('utf8');
  // Config and registry readers drop a BOM; an article keeps it as a character, as an editor does.
  return file.name.startsWith('articles/') ? text : text.replace(/^\ufeff/, '');
}

function flavorOf(name: string): ArticleFlavor {
  return name.endsWith('.md') ? 'markdown' : 'article';
}

describe('bad-input corpus through the core', () => {
  test('the manifest lists exactly the files on disk, and at least 50 of them', () => {
    const onDisk = ['config', 'actors', 'articles'].flatMap((d) => fs.readdirSync(path.join(BAD, d)).map((f) => `${d}/${f}`)).sort();
    assert.deepEqual(Object.keys(manifest).sort(), onDisk);
    assert.ok(onDisk.length >= 50, `${onDisk.length} files`);
    // Most bad files must produce something; the exceptions say why.
    for (const [name, e] of Object.entries(manifest)) if (!(e.server ?? e.expect).length) assert.ok(e.why, `${name}: no findings expected but no reason given`);
  });

  for (const file of corpus()) {
    test(file.name, () => {
      const { service, logged } = recordingService();
      const text = textOf(file);
      const started = performance.now();
      let findings: Finding[];
      if (file.name.startsWith('config/')) findings = service.parseConfig(text).findings;
      else if (file.name.startsWith('actors/')) findings = service.parseActors(text, file.name).findings;
      else {
        const flavor = flavorOf(file.name);
        findings = service.isArticle(flavor, text, undefined, undefined) ? service.analyze(text, { flavor }).findings : [];
      }
      const ms = performance.now() - started;
      assert.ok(ms < PER_FILE_MS, `took ${ms.toFixed(0)} ms`);
      assert.deepEqual(logged, []);
      assertWellPlaced(text, findings);
      const ids = new Set(findings.map((f) => f.ruleId));
      const { expect } = file.expectation;
      if (!expect.length) assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], file.expectation.why);
      for (const id of expect) assert.ok(ids.has(id), `expected ${id}, got ${[...ids].join(', ') || 'nothing'}`);
      // A skipped file gets one note and nothing else.
      if (ids.has('file-skipped')) assert.equal(findings.length, 1);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Through the built server.

const GOOD_ARTICLE = [
  'Publication: Tideline Weekly Volume: 4 Issue: 19',
  'Date: 2021-05-04',
  '',
  'Arlen Voss reopened the berth on Monday. “We are ready for the summer crossings,” Voss said (Coastline Radio, May 2).',
  '',
  'The harbour board met twice (Harbour Gazette May 3). “Nobody asked the ferry crews what they needed,” one captain said.',
  '',
].join('\n');

/** A publication for `uri` already seen that satisfies `predicate`, or the next one. */
function publication(server: ServerProcess, uri: string, predicate: (p: Publication) => boolean, timeoutMs = 20_000): Promise<Publication> {
  const seen = server.publications.find((p) => p.uri === uri && predicate(p));
  return seen ? Promise.resolve(seen) : server.waitForPublication(uri, predicate, timeoutMs);
}

function messageOf(d: { message: string | { value: string } }): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function startServer(): ServerProcess {
  if (!fs.existsSync(SERVER) || fs.statSync(SERVER).mtimeMs < startedAt) bundle('server/server.ts', path.relative(REPO, SERVER));
  return new ServerProcess({ serverPath: SERVER });
}
const startedAt = Date.now();

describe('bad-input corpus through the language server', () => {
  let dir: string;
  let root: string;
  let server: ServerProcess;
  const service = createLanguageService();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-bad-'));
    root = fs.realpathSync(dir);
    server = startServer();
    await server.initialize(pathToFileURL(root).toString());
  });

  after(async () => {
    const code = await server.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0);
    assert.deepEqual(server.violations, []);
  });

  test('a bad dateline.yaml or actors file gets diagnostics of its own, and the article beside it is still checked', async () => {
    const cases = corpus().filter((f) => !f.name.startsWith('articles/'));
    await Promise.all(
      cases.map(async (file, i) => {
        const folder = path.join(root, `case-${i}`);
        fs.mkdirSync(folder);
        let badFile: string;
        if (file.name.startsWith('config/')) {
          badFile = path.join(folder, 'dateline.yaml');
          fs.writeFileSync(badFile, file.bytes);
        } else {
          const registry = path.basename(file.name).endsWith('.json') ? 'actors.json' : 'actors.yaml';
          fs.writeFileSync(path.join(folder, 'dateline.yaml'), `actors: ${registry}\n`);
          badFile = path.join(folder, registry);
          fs.writeFileSync(badFile, file.bytes);
        }
        const article = pathToFileURL(path.join(folder, 'good.article')).toString();
        const badUri = pathToFileURL(badFile).toString();
        await server.open(article, 'article', 1, GOOD_ARTICLE);
        const published = await publication(server, article, (p) => p.version === 1);
        // The article's diagnostics are what the core gives with whatever of the config could be used.
        assert.deepEqual(diagnosticKeys(published.diagnostics), diagnosticKeys(expectedDiagnostics(service, article, 'article', GOOD_ARTICLE, root, {})), `${file.name}: the article beside it`);
        const own = await publication(server, badUri, () => true);
        const codes = new Set(own.diagnostics.map((d) => String(d.code)));
        const wanted = file.expectation.server ?? file.expectation.expect;
        for (const id of wanted) assert.ok(codes.has(id), `${file.name}: expected ${id} on the file itself, got ${[...codes].join(', ') || 'nothing'}`);
        if (file.name === 'config/generated-huge-scalar.yaml') assert.match(messageOf(own.diagnostics[0]), /larger than 1 MB/);
        await server.close(article);
      }),
    );
  });

  test('bad articles get what the core finds, and nothing for files it skips', async () => {
    const articles = corpus().filter((f) => f.name.startsWith('articles/'));
    await Promise.all(
      articles.map(async (file, i) => {
        const uri = pathToFileURL(path.join(root, `article-${i}-${path.basename(file.name)}`)).toString();
        const languageId = flavorOf(file.name);
        const text = textOf(file);
        await server.open(uri, languageId, 1, text);
        const published = await publication(server, uri, (p) => p.version === 1, 60_000);
        assert.deepEqual(diagnosticKeys(published.diagnostics), diagnosticKeys(expectedDiagnostics(service, uri, languageId, text, root, {})), file.name);
        await server.close(uri);
      }),
    );
  });

  test('the server keeps serving other files', async () => {
    const uri = pathToFileURL(path.join(root, 'elsewhere.article')).toString();
    await server.open(uri, 'article', 1, GOOD_ARTICLE);
    const published = await publication(server, uri, (p) => p.version === 1);
    assert.ok(published.diagnostics.some((d) => d.code === 'citation-malformed'));
    const symbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) && symbols.length > 0);
    const hover = await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.ok(hover);
  });
});

describe('limits over stdio', () => {
  let dir: string;
  let server: ServerProcess;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  const small = `${GOOD_ARTICLE}\n“An uncited quotation of quite a few words,” he said.\n`;

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-limits-')));
    server = startServer();
    // A lower limit for one file, to show the setting is read per resource.
    server.settings = (uri) => (uri?.endsWith('/limited.article') ? { maxFileSize: 20_000 } : {});
    await server.initialize(pathToFileURL(dir).toString());
  });

  after(async () => {
    const code = await server.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0);
    assert.deepEqual(server.violations, []);
  });

  /** Opens a small article, replaces its text with `big`, and returns the publication for that version. */
  async function growTo(name: string, big: string): Promise<Publication> {
    const uri = uriOf(name);
    await server.open(uri, 'article', 1, small);
    const first = await publication(server, uri, (p) => p.version === 1);
    assert.ok(first.diagnostics.length >= 2 && first.diagnostics.every((d) => d.code !== 'file-skipped'), `the small version has findings: ${JSON.stringify(first.diagnostics.map((d) => d.code))}`);
    await server.change(uri, 2, [{ text: big }]);
    return publication(server, uri, (p) => p.version === 2, 60_000);
  }

  function assertOnlySkipped(p: Publication, reason: RegExp): void {
    assert.equal(p.diagnostics.length, 1, `old diagnostics are cleared: ${JSON.stringify(p.diagnostics.map((d) => d.code))}`);
    const [d] = p.diagnostics;
    assert.equal(d.code, 'file-skipped');
    assert.equal(d.severity, 3, 'information');
    assert.match(messageOf(d), reason);
  }

  test('over the dateline.maxFileSize setting: one file-skipped note replaces the findings, and they return below it', async () => {
    const big = small + 'More words about the ferry. '.repeat(1000);
    assertOnlySkipped(await growTo('limited.article', big), /over the 19\.5 K limit/);
    await server.change(uriOf('limited.article'), 3, [{ text: small }]);
    const back = await publication(server, uriOf('limited.article'), (p) => p.version === 3);
    assert.ok(back.diagnostics.length >= 2 && back.diagnostics.every((d) => d.code !== 'file-skipped'), `findings again: ${JSON.stringify(back.diagnostics.map((d) => d.code))}`);
    // The same text is not skipped in a file without the lower limit.
    await server.open(uriOf('unlimited.article'), 'article', 1, big);
    const unlimited = await publication(server, uriOf('unlimited.article'), (p) => p.version === 1);
    assert.ok(unlimited.diagnostics.every((d) => d.code !== 'file-skipped'), `not skipped without the lower limit: ${JSON.stringify(unlimited.diagnostics.map((d) => d.code))}`);
  });

  test('over the default 5 MB: one file-skipped note', async () => {
    assertOnlySkipped(await growTo('six-mb.article', small + 'x'.repeat(6 * 1024 * 1024)), /over the 5\.0 M limit/);
  });

  test('binary text: one file-skipped note', async () => {
    assertOnlySkipped(await growTo('binary.article', `${small}\u0000\u0001\u0002 binary tail`), /binary/);
  });

  test('a 50 MB document does not hang the server', async () => {
    const uri = uriOf('fifty-mb.article');
    const text = `${GOOD_ARTICLE}${'The ferry ran late again. '.repeat((50 * 1024 * 1024) / 26)}`;
    await server.open(uri, 'article', 1, text);
    assertOnlySkipped(await publication(server, uri, (p) => p.version === 1, 120_000), /over the 5\.0 M limit/);
    // An edit to it, then ordinary work on another file, are handled at once.
    await server.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    const other = uriOf('after-fifty.article');
    await server.open(other, 'article', 1, small);
    await publication(server, other, (p) => p.version === 1, 20_000);
    const symbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: other } });
    assert.ok(symbols.length > 0);
    assertOnlySkipped(await publication(server, uri, (p) => p.version === 2, 120_000), /over the 5\.0 M limit/);
    await server.close(uri);
  });
});

describe('incremental edits over stdio', () => {
  test('after random incremental changes the server publishes what the core computes on the final text', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-incremental-')));
    const server = startServer();
    const service = createLanguageService();
    try {
      await server.initialize(pathToFileURL(dir).toString());
      const samples = fc.sample(incrementalInput, { numRuns: 25, seed: SEED });
      await Promise.all(
        samples.map(async (sample, i) => {
          const uri = pathToFileURL(path.join(dir, `edited-${i}.${sample.flavor === 'markdown' ? 'md' : 'article'}`)).toString();
          const model = TextDocument.create(uri, sample.flavor, 1, sample.initial);
          await server.open(uri, sample.flavor, 1, sample.initial);
          let version = 1;
          for (const batch of sample.changes) {
            const changes = batch.map((c) => (c.range ? { range: c.range, text: c.text } : { text: c.text }));
            documentsConfig.update(model, changes, ++version);
            await server.change(uri, version, changes);
          }
          const final = version;
          const published = await publication(server, uri, (p) => p.version === final);
          const expected = expectedDiagnostics(service, uri, sample.flavor, model.getText(), dir, {});
          assert.deepEqual(diagnosticKeys(published.diagnostics), diagnosticKeys(expected), `sample ${i}`);
        }),
      );
      assert.deepEqual(server.violations, []);
    } finally {
      await server.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the soak client flags a publication for a version older than one the server had answered after', async () => {
    const fake = new ServerProcess({ serverPath: path.join(__dirname, 'soak', 'staleServer.ts'), execArgv: ['--import', 'tsx'] });
    try {
      await fake.initialize(null);
      const uri = 'file:///fake.article';
      await fake.open(uri, 'article', 1, 'a');
      await fake.change(uri, 2, [{ text: 'b' }]);
      // Answered after the server read version 2; then it publishes version 2: fine.
      await fake.request('test/publish', { uri, version: 2 });
      await publication(fake, uri, (p) => p.version === 2);
      assert.equal(fake.violations.length, 0);
      // Answered after version 2, then publishes version 1: stale.
      await fake.request('test/publish', { uri, version: 1 });
      await publication(fake, uri, (p) => p.version === 1);
      assert.deepEqual(fake.violations.map((v) => v.kind).sort(), ['stale-version', 'version-went-back']);
    } finally {
      await fake.shutdown();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('regular expressions', () => {
  test('no pattern in server/, client/ or syntaxes/ backtracks super-linearly (npm run check:regex)', async () => {
    const { code, stdout, stderr } = await regexCheck;
    assert.ok(stdout.trim(), `no report: ${stderr}`);
    const report = JSON.parse(stdout) as { checked: number; failed: number; verdicts: { where: string; status: string; source: string; detail: string; attack?: string }[] };
    const bad = report.verdicts.filter((v) => v.status !== 'safe').map((v) => `${v.where} /${v.source}/: ${v.status} ${v.detail}${v.attack ? ` (attack: ${v.attack})` : ''}`);
    assert.deepEqual(bad, []);
    assert.equal(code, 0);
    assert.ok(report.checked > 100, `${report.checked} patterns checked`);
  });
});

function runRegexCheck(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts', 'check-regex.ts'), '--json'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
