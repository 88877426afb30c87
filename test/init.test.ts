// `dateline init`: a first dateline.yaml and actors.yaml from the articles of a folder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { createLanguageService } from '../server/core/index';
import { runCli } from '../server/node/cliMain';
import { pathToFileURL } from 'node:url';
import { InitWorkspaceRequest } from '../server/lsp/protocol';
import { bundle } from './support/build';
import { TestClient } from './support/lspClient';

const REPO = path.resolve(__dirname, '..');
const service = createLanguageService();

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-init-'));
  tempDirs.push(dir);
  return dir;
}

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd, stdin: Readable.from([]), stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

/** Every finding `dateline check . --format json` gives in `dir`, as one line each. */
async function findings(dir: string): Promise<string[]> {
  const r = await cli(['check', '.', '--format', 'json'], dir);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return (JSON.parse(r.stdout) as { file: string; range: { start: { line: number; character: number } }; code: string; message: string }[]).map(
    (f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.code} ${f.message}`,
  );
}

function articleFolder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const header = (issue: number) => `Publication: Lake District Courier Volume: 4 Issue: ${issue}\nDate: 2023-06-20\n\n`;

describe('dateline init', () => {
  it('on the bundled examples, gives a config under which the findings are those of the hand-written one, actors aside', async () => {
    const hand = tempDir();
    fs.cpSync(path.join(REPO, 'examples'), hand, { recursive: true });
    const generated = tempDir();
    fs.cpSync(path.join(REPO, 'examples'), generated, { recursive: true });
    fs.rmSync(path.join(generated, 'dateline.yaml'));
    fs.rmSync(path.join(generated, 'actors.yaml'));

    const r = await cli(['init'], generated);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Wrote dateline.yaml\nWrote actors.yaml\n9 articles, 9 sources, 3 candidate actors\n');
    const configText = fs.readFileSync(path.join(generated, 'dateline.yaml'), 'utf8');
    assert.deepEqual(service.parseConfig(configText).findings, [], 'the config is valid as written');
    const registry = service.parseActors(fs.readFileSync(path.join(generated, 'actors.yaml'), 'utf8'));
    assert.deepEqual([registry.actors, registry.findings], [[], []], 'every actor waits for a person to confirm it');

    // A registry of people needs a person: without one, only the actor rules have nothing to say.
    const isActorFinding = (line: string) => / actor-[a-z-]+ /.test(line) || line.startsWith('actors.yaml:');
    const withHandWritten = await findings(hand);
    assert.ok(withHandWritten.some((l) => / citation-unknown-source .*Baltc Wire/.test(l)), 'the typo is reported under the hand-written config');
    assert.deepEqual(await findings(generated), withHandWritten.filter((l) => !isActorFinding(l)));

    // With the hand-written actors in place of the candidates, every finding is the same.
    fs.copyFileSync(path.join(hand, 'actors.yaml'), path.join(generated, 'actors.yaml'));
    assert.deepEqual(await findings(generated), withHandWritten);
  });

  it('lists sources most cited first with counts, spellings of one name as aliases, typos as comments', async () => {
    const dir = articleFolder({
      'a.article': `${header(1)}The pipeline deal was signed (RIA Novosti, June 18; Interfax, June 18). Talks resume (Interfax, June 19).\n`,
      'b.article': `${header(2)}Prices rose (RIA-Novosti, June 17) and fell (RIA Novosti, June 18; Interfax, June 19).\n`,
      'notes/c.article': `${header(3)}A later report (Interfacks, June 19) and a single one (Kommersant, June 2).\n`,
      'readme.md': '# Not an article\n\nA citation-like note (Reuters, June 1).\n',
    });
    const r = await cli(['init', '--dry-run'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.existsSync(path.join(dir, 'dateline.yaml')), false, '--dry-run writes nothing');
    const config = r.stdout.slice(0, r.stdout.indexOf('# ---- actors.yaml'));
    assert.equal(
      config.slice(config.indexOf('actors:')),
      [
        'actors: actors.yaml   # candidates, commented out until you confirm them',
        'sources:',
        '  - name: Interfax   # 3 citations',
        '    # also cited as "Interfacks" (1 citation): a typo? fix the article, or add it to aliases',
        '  - name: RIA Novosti   # 3 citations: RIA Novosti 2, RIA-Novosti 1',
        '    aliases: [RIA-Novosti]',
        '  - name: Kommersant   # 1 citation',
        '',
        '',
      ].join('\n'),
    );
    assert.match(r.stdout, /^# ---- dateline\.yaml\n# A first dateline\.yaml, written by `dateline init` from 3 articles\./);
    assert.equal(r.stderr, '3 articles, 3 sources, 0 candidate actors; nothing written (--dry-run)\n');
  });

  it('proposes quoted speakers and repeated full names as commented-out actors, organisations by their last word', async () => {
    const dir = articleFolder({
      'a.article': `${header(1)}Mayor Anna Lindqvist opened the new pier. “The pier will carry the ferries for fifty years,” said Anna Lindqvist (Courier Radio, June 19). The Harbour Workers Union welcomed it.\n`,
      'b.article': `${header(2)}The Harbour Workers Union voted on Monday. Lindqvist was not there (Courier Radio, June 19). Jonas Berg and the Lake District Courier were not asked.\n`,
    });
    const r = await cli(['init', '--dry-run', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    const actors = r.stdout.slice(r.stdout.indexOf('# ---- actors.yaml\n') + '# ---- actors.yaml\n'.length);
    assert.equal(
      actors.slice(actors.indexOf('\n\n') + 2),
      [
        '# - id: anna-lindqvist   # quoted 1 time, named 2 times',
        '#   name: Anna Lindqvist',
        '#   kind: person',
        '#   aliases: [Lindqvist]',
        '',
        '# - id: harbour-workers-union   # named 2 times',
        '#   name: Harbour Workers Union',
        '#   kind: organization',
        '',
        '',
      ].join('\n'),
    );
    // Uncommented, the candidates are a valid registry.
    const confirmed = service.parseActors(actors.replace(/^# (?=- |  )/gm, ''));
    assert.deepEqual(confirmed.findings, []);
    assert.deepEqual(confirmed.actors.map((a) => `${a.id} ${a.kind}`), ['anna-lindqvist person', 'harbour-workers-union organization']);
  });

  it('never overwrites: an existing dateline.yaml, or anything at the path, is left as it is', async () => {
    const dir = articleFolder({ 'a.article': `${header(1)}Fares rose (Courier Radio, June 19).\n`, 'dateline.yaml': 'rules: {}\n' });
    fs.symlinkSync(path.join(dir, 'elsewhere.yaml'), path.join(dir, 'actors.yaml'));
    const r = await cli(['init', dir], os.tmpdir());
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'dateline.yaml'), 'utf8'), 'rules: {}\n');
    assert.equal(fs.existsSync(path.join(dir, 'elsewhere.yaml')), false, 'a symlink is not written through');
    assert.match(r.stderr, /dateline\.yaml exists; left as it is/);
    assert.match(r.stderr, /actors\.yaml exists; left as it is/);
  });

  it('says so when the folder is not one, or the arguments are wrong', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'file.article'), header(1));
    assert.deepEqual(await cli(['init', 'file.article'], dir), { code: 2, stdout: '', stderr: "dateline: 'file.article' is not a folder\n" });
    assert.equal((await cli(['init', '--force'], dir)).code, 2);
    assert.equal((await cli(['init', 'a', 'b'], dir)).code, 2);
    const help = await cli(['init', '--help'], dir);
    assert.match(help.stdout, /^Usage: dateline init \[DIR\] \[--dry-run\]/);
  });

  it('runs in the language server for a trusted workspace folder, as "Dateline: Create dateline.yaml" asks', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const dir = articleFolder({ 'a.article': `${header(1)}“The ferry will run all winter this year,” said Anna Lindqvist (Courier Radio, June 19).\n` });
    const folder = pathToFileURL(dir).toString();
    const uri = (name: string) => pathToFileURL(path.join(dir, name)).toString();
    const untrusted = new TestClient();
    try {
      await untrusted.initialize(folder, { workspaceTrusted: false });
      const refused = await untrusted.connection.sendRequest(InitWorkspaceRequest.type, { folder });
      assert.deepEqual(refused, { config: null, written: [], kept: [], articles: 0, sources: 0, actors: 0, error: 'the folder is not trusted' });
      assert.equal(fs.existsSync(path.join(dir, 'dateline.yaml')), false);
    } finally {
      await untrusted.shutdown();
    }
    const client = new TestClient();
    try {
      await client.initialize(folder);
      const other = await client.connection.sendRequest(InitWorkspaceRequest.type, { folder: pathToFileURL(tempDir()).toString() });
      assert.equal(other.error, 'not a workspace folder');
      const created = await client.connection.sendRequest(InitWorkspaceRequest.type, { folder });
      assert.deepEqual(created, { config: uri('dateline.yaml'), written: [uri('dateline.yaml'), uri('actors.yaml')], kept: [], articles: 1, sources: 1, actors: 1 });
      const cliPlan = await cli(['init', '--dry-run'], dir);
      assert.ok(cliPlan.stdout.includes(fs.readFileSync(path.join(dir, 'dateline.yaml'), 'utf8')), 'the same file the CLI writes');
      const again = await client.connection.sendRequest(InitWorkspaceRequest.type, { folder });
      assert.deepEqual(again.kept, [uri('dateline.yaml'), uri('actors.yaml')]);
      assert.deepEqual(again.written, []);
    } finally {
      await client.shutdown();
    }
  });
});
