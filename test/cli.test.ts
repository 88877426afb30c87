import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundleOptions.mjs';
import { version } from '../package.json';
import { RULES } from '../server/core/index';
import { runCli } from '../server/node/cliMain';
import { runInProcess, type CliRun } from './support/cli';

const REPO = path.resolve(__dirname, '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cli');
const SEED = path.resolve(REPO, '..', 'shared', 'reference', 'seed-article.txt');

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-cli-'));
  tempDirs.push(dir);
  return dir;
}

/** A private copy of a fixture, so no `dateline.yaml` above the repository can leak in. */
function workspace(name: string): string {
  const dir = tempDir();
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

type Run = CliRun;
const run = runInProcess;

interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
  fixes?: { title: string; safe: boolean; edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] }[];
}

async function runJson(argv: string[], cwd: string, stdin?: string | Buffer): Promise<{ code: number; findings: JsonFinding[] }> {
  const r = await run([...argv, '--format', 'json'], cwd, stdin);
  assert.equal(r.stderr, '');
  return { code: r.code, findings: JSON.parse(r.stdout) as JsonFinding[] };
}

/** The LSP position of the first occurrence of `needle` in a file, computed from its lines. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const lines = text.split(/\r\n|\r|\n/);
  for (let line = 0; line < lines.length; line++) {
    const character = lines[line].indexOf(needle);
    if (character >= 0) return { line, character };
  }
  throw new Error(`${needle} not in fixture`);
}

const CITED_HEADER = 'Publication: Test Desk Volume: 1 Issue: 1\n\n';

describe('dateline CLI, built and run as a program', () => {
  let cli = '';

  before(async () => {
    // Bundled the way the build does it, into a private folder so parallel builds of dist/ cannot race this.
    cli = path.join(tempDir(), 'cli.js');
    await build({
      ...bundleOptions,
      entryPoints: [path.join(REPO, 'server', 'cli.ts')],
      outfile: cli,
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'silent',
    });
  });

  function spawnCli(args: string[], cwd: string, input = '', env: Record<string, string> = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  it('checks many files on worker threads with the same output, and the same fixes, as on one thread', async () => {
    const make = () => {
      const dir = tempDir();
      const desk = path.join(dir, 'desk');
      fs.mkdirSync(desk);
      fs.writeFileSync(path.join(desk, 'dateline.yaml'), 'actors: actors.yaml\nrules:\n  quote-uncited: error\n');
      fs.writeFileSync(path.join(desk, 'actors.yaml'), '- id: arlen-voss\n  name: Arlen Voss\n  aliases: [Voss]\n- id: arlen-voss\n  name: Ilsa Brandt\n');
      for (let i = 0; i < 240; i++) {
        const where = i % 3 === 0 ? desk : dir;
        const body = [`Voss spoke (APA, July ${(i % 28) + 1}).`, `“Four words of quote” said someone.`, `The mill closed (, March 3).`, `Nothing to see here, item ${i} (APA, Juyl 3).`][i % 4];
        if (i % 10 === 9) fs.writeFileSync(path.join(where, `note-${i}.md`), i % 20 === 9 ? `---\npublication: Test Desk\n---\n\n${body}\n` : `# Notes ${i}\n\n${body}\n`);
        else fs.writeFileSync(path.join(where, `a-${i}.article`), `${CITED_HEADER}${body}\n`);
      }
      fs.writeFileSync(path.join(dir, 'latin1.article'), Buffer.from([0x50, 0xe9, 0x0a]));
      return dir;
    };
    const dir = make();
    const one = await spawnCli(['check', '.'], dir, '', { DATELINE_CLI_WORKERS: '0', DATELINE_CLI_STATS: '1' });
    const three = await spawnCli(['check', '.'], dir, '', { DATELINE_CLI_WORKERS: '2', DATELINE_CLI_STATS: '1' });
    assert.match(one.stderr, /^dateline: 241 files on 1 thread$/m);
    assert.match(three.stderr, /^dateline: 241 files on 3 threads$/m);
    assert.equal(three.code, one.code);
    assert.equal(three.stdout, one.stdout);
    assert.match(one.stdout, /\[actor-registry\]/);
    assert.match(one.stdout, /in 229 files; \d+ fixable with --fix$/m);
    for (const format of ['json', 'sarif']) {
      const a = await spawnCli(['check', '.', '--format', format], dir, '', { DATELINE_CLI_WORKERS: '0' });
      const b = await spawnCli(['check', '.', '--format', format], dir, '', { DATELINE_CLI_WORKERS: '2' });
      assert.equal(b.stdout, a.stdout, format);
    }
    const [fixOne, fixThree] = [make(), make()];
    const f1 = await spawnCli(['check', '.', '--fix'], fixOne, '', { DATELINE_CLI_WORKERS: '0' });
    const f3 = await spawnCli(['check', '.', '--fix'], fixThree, '', { DATELINE_CLI_WORKERS: '2' });
    assert.equal(f3.stdout, f1.stdout);
    assert.equal(f3.stderr, f1.stderr);
    assert.match(f1.stderr, /^Fixed [1-9]\d* problems? in [1-9]\d* files?\.$/m);
    for (const name of fs.readdirSync(fixOne)) {
      if (name.endsWith('.article')) assert.equal(fs.readFileSync(path.join(fixThree, name), 'utf8'), fs.readFileSync(path.join(fixOne, name), 'utf8'), name);
    }
  });

  it('sees the other part’s quotation on worker threads and from the cache, as on one thread', async () => {
    const dir = quoteWorkspace();
    // Enough files for the pool; the two conflicting articles fall in different parts.
    for (let i = 0; i < 230; i++) fs.writeFileSync(path.join(dir, `${i % 2 ? 'b' : 'p'}-${String(i).padStart(3, '0')}.article`), `${CITED_HEADER}The mill closed in ${i} (Harbor Wire, May 3).\n`);
    const args = ['check', '.', '--shard', '1/2', '--format', 'json'];
    const one = await spawnCli(args, dir, '', { DATELINE_CLI_WORKERS: '0' });
    const conflicts = (JSON.parse(one.stdout) as JsonFinding[]).filter((f) => f.code === 'quote-conflict');
    assert.deepEqual(conflicts.map((f) => f.file), ['m-earlier.article']);
    assert.match(conflicts[0].message, /n-later\.article/);
    const cacheDir = tempDir();
    const cached = [...args, '--cache', '--cache-location', cacheDir];
    for (const [label, argv, env] of [['pool', args, { DATELINE_CLI_WORKERS: '2', DATELINE_CLI_STATS: '1' }], ['cache, first run', cached, { DATELINE_CLI_WORKERS: '2', DATELINE_CLI_STATS: '1' }], ['cache, second run', cached, { DATELINE_CLI_WORKERS: '0', DATELINE_CLI_STATS: '1' }]] as const) {
      const r = await spawnCli([...argv], dir, '', env);
      assert.equal(r.stdout, one.stdout, label);
      assert.equal(r.code, one.code, label);
      if (label === 'pool') assert.match(r.stderr, /on 3 threads/);
      if (label === 'cache, first run') {
        // The other part's quotation is kept with its place, as plain data.
        const [cacheFile] = fs.readdirSync(cacheDir);
        const saved = JSON.parse(fs.readFileSync(path.join(cacheDir, cacheFile), 'utf8')) as { entries: [string, { outcome: { quotes?: { range?: unknown }[] } }][] };
        const other = saved.entries.find(([file]) => file.endsWith('n-later.article'))?.[1].outcome;
        assert.deepEqual(other?.quotes?.map((q) => q.range), [{ start: { line: 2, character: 25 }, end: { line: 2, character: 80 } }]);
      }
    }
  });

  it('exits 0 when there are only warnings', async () => {
    const r = await spawnCli(['check'], workspace('warn-only'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^memo\.article:3:\d+ warning .* \[quote-uncited\]$/m);
    assert.match(r.stdout, /^1 problem \(0 errors, 1 warning, 0 infos\) in 1 file; 0 fixable with --fix$/m);
  });

  it('exits 1 when an error is found', async () => {
    const r = await spawnCli(['check', '.'], workspace('basic'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\[citation-empty-source\]/);
  });

  it('exits 2 with one line on stderr when a glob matches nothing', async () => {
    const r = await spawnCli(['check', 'nowhere/*.article'], workspace('basic'));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "dateline: no files match 'nowhere/*.article'\n");
  });

  it('reads an article from standard input with -', async () => {
    const r = await spawnCli(['check', '-'], tempDir(), `${CITED_HEADER}The mill closed (, March 3).\n`);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:3:17 error .* \[citation-empty-source\]$/m);
  });

  it('prints the package version and the help', async () => {
    const v = await spawnCli(['--version'], tempDir());
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), version);
    const h = await spawnCli(['check', '--help'], tempDir());
    assert.equal(h.code, 0);
    assert.match(h.stdout, /--max-warnings/);
  });
});

describe('dateline check --format json', () => {
  it('prints one array with LSP positions for each finding', async () => {
    const dir = workspace('basic');
    const text = fs.readFileSync(path.join(dir, 'report.article'), 'utf8');
    const { code, findings } = await runJson(['check', 'report.article'], dir);
    assert.equal(code, 1);
    const empty = positionOf(text, '(, May 12)');
    const quoteStart = positionOf(text, '“We expect');
    const quoteEnd = positionOf(text, '” said');
    assert.deepEqual(findings, [
      {
        file: 'report.article',
        range: { start: empty, end: { line: empty.line, character: empty.character + '(, May 12)'.length } },
        severity: 'error',
        code: 'citation-empty-source',
        message: findings[0]?.message,
        fixes: [{ title: 'Cite ‘Harbor Wire’', safe: false, edits: [{ range: { start: { line: empty.line, character: empty.character + 1 }, end: { line: empty.line, character: empty.character + 1 } }, newText: 'Harbor Wire' }] }],
      },
      {
        file: 'report.article',
        range: { start: quoteStart, end: { line: quoteEnd.line, character: quoteEnd.character + 1 } },
        severity: 'warning',
        code: 'quote-uncited',
        message: findings[1]?.message,
        fixes: findings[1]?.fixes,
      },
    ]);
    for (const f of findings) assert.ok(f.message.length > 10, 'a message says what is wrong');
    assert.deepEqual(findings[1].fixes!.map((f) => [f.title, f.safe, f.edits.length]), [['Add a citation', false, 1]]);
  });

  it('counts columns in UTF-16 code units', async () => {
    const body = CITED_HEADER + 'The 🚢 ferry left early (, April 9).\n';
    const { findings } = await runJson(['check', '-'], tempDir(), body);
    assert.equal(findings.length, 1);
    // The ship is two UTF-16 units.
    assert.deepEqual(findings[0].range.start, { line: 2, character: 'The 🚢 ferry left early '.length });
    assert.equal(findings[0].file, '<stdin>');
  });

  it('does not count a UTF-8 BOM as a character, with CRLF line ends', async () => {
    const header = 'Publication: Test Desk Volume: zero Issue: 1';
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${header}\r\n\r\nQuiet day.\r\n`)]);
    const { findings } = await runJson(['check', '-'], tempDir(), body);
    assert.deepEqual(
      findings.map((f) => [f.code, f.range.start]),
      [['front-matter-type', { line: 0, character: header.indexOf('zero') }]],
    );
  });
});

describe('dateline check --format sarif', () => {
  it('writes SARIF 2.1.0 with every rule and 1-based regions', async () => {
    const dir = workspace('basic');
    const r = await run(['check', '.', '--format', 'sarif'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const [runOut] = sarif.runs;
    assert.equal(runOut.columnKind, 'utf16CodeUnits');
    const driver = runOut.tool.driver;
    assert.equal(driver.name, 'dateline');
    assert.equal(driver.version, version);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((x: { id: string }) => x.id),
      RULES.map((x) => x.id),
    );
    for (const [i, rule] of driver.rules.entries()) {
      assert.equal(rule.helpUri, `https://github.com/dateline-tools/dateline/blob/main/docs/rules/${RULES[i].id}.md`);
      assert.equal(rule.shortDescription.text, RULES[i].description);
      const expected = { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[RULES[i].defaultSeverity];
      assert.equal(rule.defaultConfiguration.level, expected);
    }

    const { findings } = await runJson(['check', '.'], dir);
    assert.equal(runOut.results.length, findings.length);
    assert.ok(findings.length >= 3);
    for (const [i, result] of runOut.results.entries()) {
      const f = findings[i];
      assert.equal(result.ruleId, f.code);
      assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.equal(result.level, f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note');
      assert.equal(result.message.text, f.message);
      const loc = result.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, f.file.split(path.sep).join('/'));
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(loc.region, {
        startLine: f.range.start.line + 1,
        startColumn: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
      });
    }
    assert.ok(runOut.results.some((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri === 'sub/deep.article'));
  });

  it('maps info findings to the note level', async () => {
    const r = await run(['check', 'report.article', '--format', 'sarif', '--max-file-size', '100'], workspace('basic'));
    const results = JSON.parse(r.stdout).runs[0].results;
    assert.equal(results.length, 1);
    assert.equal(results[0].ruleId, 'file-skipped');
    assert.equal(results[0].level, 'note');
  });
});

describe('dateline check --format text', () => {
  it('prints file:line:col severity message [rule-id], sorted, then a summary', async () => {
    const r = await run(['check'], workspace('basic'));
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    const summary = lines.pop();
    assert.equal(summary, '4 problems (2 errors, 2 warnings, 0 infos) in 4 files; 1 fixable with --fix');
    const parsed = lines.map((l) => {
      const m = /^(\S+):(\d+):(\d+) (error|warning|info|hint) (.+) \[([a-z-]+)\]$/.exec(l);
      assert.ok(m, `line format: ${l}`);
      return { file: m[1], line: Number(m[2]), col: Number(m[3]), rule: m[6] };
    });
    assert.deepEqual(
      parsed.map((p) => [p.file, p.rule]),
      [
        ['brief.md', 'citation-malformed'],
        ['report.article', 'citation-empty-source'],
        ['report.article', 'quote-uncited'],
        [path.join('sub', 'deep.article'), 'quote-uncited'],
      ],
    );
    const text = fs.readFileSync(path.join(FIXTURES, 'basic', 'report.article'), 'utf8');
    const empty = positionOf(text, '(, May 12)');
    assert.deepEqual([parsed[1].line, parsed[1].col], [empty.line + 1, empty.character + 1]);
  });
});

describe('which files are checked', () => {
  it('walks directories, skipping node_modules and dot-folders', async () => {
    const { findings } = await runJson(['check', '.'], workspace('basic'));
    const files = [...new Set(findings.map((f) => f.file))].sort();
    assert.deepEqual(files, ['brief.md', 'report.article', path.join('sub', 'deep.article')]);
  });

  it('checks Markdown with a publication field and ignores Markdown without one', async () => {
    const dir = workspace('basic');
    const withField = await runJson(['check', 'brief.md'], dir);
    assert.deepEqual(
      withField.findings.map((f) => f.code),
      ['citation-malformed'],
    );
    const without = await run(['check', 'notes.md'], dir);
    assert.equal(without.code, 0);
    assert.equal(without.stdout, '0 problems (0 errors, 0 warnings, 0 infos) in 0 files; 0 fixable with --fix\n');
    // Named on the command line, it gets one notice on standard error.
    assert.deepEqual(without.stderr.trimEnd().split('\n'), ["dateline: 'notes.md' is not an article (a Markdown file needs a 'publication' field in its front matter, or a match of 'include' in dateline.yaml); not checked"]);
  });

  it('checks Markdown matched by the config include globs', async () => {
    const dir = workspace('basic');
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'include: ["notes.md"]\n');
    const { findings } = await runJson(['check', 'notes.md'], dir);
    assert.ok(findings.some((f) => f.file === 'notes.md' && f.code === 'front-matter-missing'));
  });

  it('expands globs', async () => {
    const dir = workspace('basic');
    const one = await run(['check', 'sub/*.article'], dir);
    assert.equal(one.code, 0);
    assert.match(one.stdout, /^sub[\\/]deep\.article:3:\d+ warning/m);
    assert.match(one.stdout, /in 1 file; 0 fixable with --fix$/m);
    const all = await runJson(['check', '**/*.article'], dir);
    assert.deepEqual([...new Set(all.findings.map((f) => f.file))].sort(), ['report.article', path.join('sub', 'deep.article')]);
  });

  it('checks the current directory when no path is given', async () => {
    const r = await run(['check'], workspace('warn-only'));
    assert.match(r.stdout, /^memo\.article:/m);
  });
});

describe('files that cannot be analysed', () => {
  it('skips invalid UTF-8 with one info finding', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'latin1.article'), Buffer.concat([Buffer.from(`${CITED_HEADER}Caf`), Buffer.from([0xe9]), Buffer.from(' (, May 1).\n')]));
    const { code, findings } = await runJson(['check'], dir);
    assert.equal(code, 0);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].code, 'file-skipped');
    assert.equal(findings[0].severity, 'info');
    assert.match(findings[0].message, /not valid UTF-8/);
  });

  it('skips a file with NUL bytes as binary', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'blob.article'), Buffer.from([0x50, 0x00, 0x4b, 0x00, 0x03, 0x04]));
    const { findings } = await runJson(['check'], dir);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [['file-skipped', 'info']],
    );
    assert.match(findings[0].message, /binary/);
  });

  it('skips a file over --max-file-size', async () => {
    const dir = workspace('basic');
    const size = fs.statSync(path.join(dir, 'report.article')).size;
    const { code, findings } = await runJson(['check', 'report.article', '--max-file-size', String(size - 1)], dir);
    assert.equal(code, 0, 'the errors inside are not reported');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].code, 'file-skipped');
    assert.match(findings[0].message, new RegExp(`${size} bytes, over the ${size - 1}-byte limit`));
    const within = await runJson(['check', 'report.article', '--max-file-size', String(size)], dir);
    assert.equal(within.code, 1);
  });

  it('skips a file over the default limit by its size, before looking at its bytes', async () => {
    const dir = tempDir();
    // A sparse file of NUL bytes: "too large" must win over "binary", so the size was checked first.
    const huge = path.join(dir, 'huge.article');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 6 * 1024 * 1024);
    const { findings } = await runJson(['check'], dir);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /over the 5242880-byte limit/);
  });

  it('exits 2 when a file cannot be read', async () => {
    const dir = workspace('warn-only');
    fs.symlinkSync(path.join(dir, 'gone.article'), path.join(dir, 'dangling.article'));
    const r = await run(['check'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "dateline: cannot read 'dangling.article': no such file or directory\n");
    assert.match(r.stdout, /memo\.article/, 'the readable files are still checked');
  });
});

describe('config', () => {
  it('a severity override in dateline.yaml changes the exit code', async () => {
    const plain = await run(['check'], workspace('warn-only'));
    assert.equal(plain.code, 0);
    const strict = await runJson(['check'], workspace('override'));
    assert.equal(strict.code, 1);
    assert.deepEqual(
      strict.findings.map((f) => [f.code, f.severity]),
      [['quote-uncited', 'error']],
    );
  });

  it('--config applies a given config to every file', async () => {
    const root = tempDir();
    fs.cpSync(path.join(FIXTURES, 'warn-only'), path.join(root, 'warn-only'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'override', 'dateline.yaml'), path.join(root, 'strict.yaml'));
    const r = await runJson(['check', 'warn-only', '--config', 'strict.yaml'], root);
    assert.equal(r.code, 1);
    assert.equal(r.findings[0].severity, 'error');
    const missing = await run(['check', 'warn-only', '--config', 'absent.yaml'], root);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "dateline: cannot read config file 'absent.yaml'\n");
  });

  it('reports a malformed dateline.yaml once and still checks the articles', async () => {
    const dir = workspace('broken-config');
    fs.copyFileSync(path.join(dir, 'piece.article'), path.join(dir, 'piece2.article'));
    const { code, findings } = await runJson(['check'], dir);
    assert.equal(code, 1);
    const configFindings = findings.filter((f) => f.file === 'dateline.yaml');
    assert.ok(configFindings.length >= 1);
    assert.ok(configFindings.every((f) => f.code === 'config-invalid'));
    const keys = configFindings.map((f) => JSON.stringify([f.range, f.message]));
    assert.equal(new Set(keys).size, keys.length, 'each config problem once, not once per article');
    assert.deepEqual(
      findings.filter((f) => f.file !== 'dateline.yaml').map((f) => [f.file, f.code]),
      [
        ['piece.article', 'citation-empty-source'],
        ['piece2.article', 'citation-empty-source'],
      ],
    );
  });
});

describe('flags for CI', () => {
  const article = `${CITED_HEADER}Tolls rose (Harbor Wire May 3). “We will not pay these tolls this year,” said a skipper.\n`;
  const withIo = async (argv: string[], cwd: string, extra: { env?: Record<string, string>; isTTY?: boolean }) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      cwd,
      stdin: Readable.from([Buffer.from('')]),
      stdout: { write: (t: string) => (stdout += t), isTTY: extra.isTTY },
      stderr: { write: (t: string) => (stderr += t) },
      env: extra.env,
    });
    return { code, stdout, stderr };
  };

  it('--quiet reports errors only, and the exit code still counts what was found', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.article'), article);
    const all = await run(['check', 'a.article'], dir);
    assert.deepEqual(all.stdout.split('\n').slice(0, -2).map((l) => l.split(' ')[1]), ['error', 'warning']);
    const quiet = await run(['check', 'a.article', '--quiet'], dir);
    assert.equal(quiet.code, 1);
    assert.deepEqual(quiet.stdout.split('\n').slice(0, -2).map((l) => l.split(' ')[1]), ['error']);
    assert.match(quiet.stdout, /^1 problem \(1 error, 0 warnings, 0 infos\) in 1 file; 1 fixable with --fix$/m);
    const json = JSON.parse((await run(['check', 'a.article', '--quiet', '--format', 'json'], dir)).stdout) as JsonFinding[];
    assert.deepEqual(json.map((f) => f.severity), ['error']);
    const onlyWarnings = await run(['check', '-', '--quiet', '--max-warnings', '0'], dir, `${CITED_HEADER}“We will not pay these tolls this year,” said a skipper.\n`);
    assert.equal(onlyWarnings.code, 1, 'warnings still count for --max-warnings');
  });

  it('--output-file writes the report there and nothing to standard output; an unwritable one exits 2', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.article'), article);
    const r = await run(['check', 'a.article', '--format', 'json', '--output-file', 'report.json'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.deepEqual((JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonFinding[]).map((f) => f.code), ['citation-malformed', 'quote-uncited']);
    const bad = await run(['check', 'a.article', '--output-file', path.join(dir, 'missing', 'r.txt')], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cannot write/);
    assert.equal((await run(['check', 'a.article', '--output-file'], dir)).code, 2);
  });

  it('colours the text report on a terminal only, as --color, --no-color, NO_COLOR and FORCE_COLOR say', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.article'), article);
    const ansi = /\u001b\[/;
    const cases: [string[], { env?: Record<string, string>; isTTY?: boolean }, boolean][] = [
      [[], {}, false],
      [[], { isTTY: true }, true],
      [[], { isTTY: true, env: { NO_COLOR: '1' } }, false],
      [[], { env: { FORCE_COLOR: '1' } }, true],
      [[], { env: { FORCE_COLOR: '0' }, isTTY: true }, false],
      [['--color'], { env: { NO_COLOR: '1' } }, true],
      [['--no-color'], { isTTY: true, env: { FORCE_COLOR: '1' } }, false],
    ];
    for (const [flags, extra, coloured] of cases) {
      const r = await withIo(['check', 'a.article', ...flags], dir, extra);
      assert.equal(ansi.test(r.stdout), coloured, `${flags.join(' ')} ${JSON.stringify(extra)}`);
      // Without the colour codes the report is the same text.
      assert.equal(r.stdout.replace(/\u001b\[[0-9;]*m/g, ''), (await run(['check', 'a.article'], dir)).stdout);
    }
    const json = await withIo(['check', 'a.article', '--format', 'json', '--color'], dir, {});
    assert.ok(!ansi.test(json.stdout), 'JSON is never coloured');
  });

  it('counts the problems --fix would remove, and hints stay out of the text report', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.article'), `${CITED_HEADER}<!-- dateline-disable-next-line quote-uncited -->\nTolls rose (Harbor Wire May 3) and (Harbor Wire, Juyl 4) and (, May 5).\n`);
    const r = await run(['check', 'a.article'], dir);
    assert.match(r.stdout, /^3 problems \(3 errors, 0 warnings, 0 infos\) in 1 file; 2 fixable with --fix$/m);
    assert.doesNotMatch(r.stdout, /suppression-unused/);
    const json = JSON.parse((await run(['check', 'a.article', '--format', 'json'], dir)).stdout) as JsonFinding[];
    assert.deepEqual(json.map((f) => [f.code, f.severity]), [['suppression-unused', 'hint'], ['citation-malformed', 'error'], ['citation-invalid-date', 'error'], ['citation-empty-source', 'error']]);
  });

  it('exclude globs keep files out of a walk, and a named excluded file gets one notice', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'exclude: ["drafts/**"]\n');
    fs.mkdirSync(path.join(dir, 'drafts'));
    fs.writeFileSync(path.join(dir, 'drafts', 'd.article'), article);
    fs.writeFileSync(path.join(dir, 'a.article'), `${CITED_HEADER}Calm seas.\n`);
    const walk = await run(['check', '.'], dir);
    assert.equal(walk.code, 0);
    assert.equal(walk.stderr, '');
    assert.match(walk.stdout, /^0 problems \(0 errors, 0 warnings, 0 infos\) in 1 file; 0 fixable with --fix$/m);
    const named = await run(['check', 'drafts/d.article'], dir);
    assert.equal(named.code, 0);
    assert.equal(named.stderr, "dateline: 'drafts/d.article' is excluded by 'exclude' in dateline.yaml; not checked\n");
  });

  it('--print-config prints the settings that apply to a file, and checks nothing', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'rules:\n  quote-uncited: error\nexclude: ["drafts/**"]\nsources: [Harbor Wire]\n');
    const r = await run(['check', '--print-config', 'drafts/new.article'], dir);
    assert.equal(r.code, 0);
    const printed = JSON.parse(r.stdout) as { file: string; config: string; excluded: boolean; rules: Record<string, string>; sources: { name: string }[] };
    assert.deepEqual([printed.file, printed.config, printed.excluded], ['drafts/new.article', 'dateline.yaml', true]);
    assert.equal(printed.rules['quote-uncited'], 'error');
    assert.equal(printed.rules['citation-empty-source'], 'error');
    assert.equal(printed.rules['suppression-unused'], 'hint');
    assert.deepEqual(printed.sources.map((s) => s.name), ['Harbor Wire']);
    const elsewhere = JSON.parse((await run(['check', '--print-config', path.join(tempDir(), 'a.article')], dir)).stdout) as { config: string | null; rules: Record<string, string> };
    assert.equal(elsewhere.config, null);
    assert.equal(elsewhere.rules['quote-uncited'], 'warning');
  });

  it('suppression directives apply on the command line as in the editor', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.article'), `${CITED_HEADER}<!-- dateline-disable-next-line quote-uncited -->\n“We will not sail until the nets are mended,” said one trawler captain, who gave only his first name.\n`);
    const r = await run(['check', 'a.article'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^0 problems/m);
  });
});

/** Articles for a run in parts: a quotation two of them give to different speakers, and plain problems. */
function quoteWorkspace(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'actors:\n  - { id: lena-okafor, name: Lena Okafor, kind: person, aliases: [Okafor] }\n  - { id: tomas-varga, name: Tomas Varga, kind: person, aliases: [Varga] }\n');
  const quote = '“We will not accept a deal that ignores our fishermen,”';
  fs.writeFileSync(path.join(dir, 'm-earlier.article'), `${CITED_HEADER}Tomas Varga opened the meeting. ${quote} Varga said (Coastline Radio, Feb. 27).\n`);
  fs.writeFileSync(path.join(dir, 'n-later.article'), `${CITED_HEADER}Lena Okafor spoke first. ${quote} Okafor said (Coastline Radio, March 14).\n`);
  for (const name of ['a-0', 'a-1', 'a-2', 'z-0', 'z-1', 'z-2']) fs.writeFileSync(path.join(dir, `${name}.article`), `${CITED_HEADER}The mill closed (Harbor Wire May 3) in ${name}.\n`);
  return dir;
}

describe('--shard K/N', () => {
  it('splits the sorted file list into parts that together are the whole run, quote-conflict included', async () => {
    const dir = quoteWorkspace();
    const whole = await runJson(['check', '.'], dir);
    assert.equal(whole.code, 1);
    const conflicts = whole.findings.filter((f) => f.code === 'quote-conflict').map((f) => f.file);
    assert.deepEqual(conflicts, ['m-earlier.article', 'n-later.article']);
    for (const count of [1, 2, 3, 8, 11]) {
      const parts: JsonFinding[][] = [];
      const files: string[] = [];
      for (let k = 1; k <= count; k++) {
        const part = await runJson(['check', '.', '--shard', `${k}/${count}`], dir);
        parts.push(part.findings);
        const text = await run(['check', '.', `--shard=${k}/${count}`], dir);
        assert.equal(text.code, part.findings.some((f) => f.severity === 'error') ? 1 : 0);
        files.push(text.stdout.match(/in (\d+) files?/)![1]);
      }
      // Each file is in one part only; the parts' sizes differ by one at most.
      assert.equal(files.reduce((n, f) => n + Number(f), 0), 8, `${count} parts`);
      assert.ok(Math.max(...files.map(Number)) - Math.min(...files.map(Number)) <= 1);
      const union = parts.flat();
      union.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      assert.deepEqual(union, whole.findings, `${count} parts`);
    }
    // With two parts the two conflicting articles fall in different parts, and each still sees the other.
    const first = await runJson(['check', '.', '--shard', '1/2'], dir);
    assert.deepEqual(first.findings.filter((f) => f.code === 'quote-conflict').map((f) => f.file), ['m-earlier.article']);
  });

  it('gives the same part however the paths are given', async () => {
    const dir = quoteWorkspace();
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.article'));
    const forward = await run(['check', ...names, '--shard', '2/3', '--format', 'json'], dir);
    const backward = await run(['check', ...names.slice().reverse(), '--shard', '2/3', '--format', 'json'], dir);
    const walked = await run(['check', '.', '--shard', '2/3', '--format', 'json'], dir);
    assert.equal(backward.stdout, forward.stdout);
    assert.equal(walked.stdout, forward.stdout);
    assert.deepEqual([...new Set((JSON.parse(forward.stdout) as JsonFinding[]).map((f) => f.file))], ['a-2.article', 'm-earlier.article', 'n-later.article']);
  });

  for (const bad of ['0/3', '4/3', '1/0', 'two/3', '1/3/4', '-1/2', '1']) {
    it(`exits 2 on --shard ${bad}`, async () => {
      const r = await run(['check', '.', '--shard', bad], quoteWorkspace());
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `dateline: --shard must be K/N with 1 <= K <= N (for example 2/4), not '${bad}'; run 'dateline --help' for usage\n`);
    });
  }

  it('exits 2 on --shard with standard input', async () => {
    const r = await run(['check', '-', '--shard', '1/2'], tempDir(), 'x');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dateline: --shard splits the files to check, so it cannot take standard input/);
  });
});

describe('--cache', () => {
  const CACHE_FILE = path.join('node_modules', '.cache', 'dateline', 'check-cache.json');
  const readCacheFile = (dir: string, file = CACHE_FILE) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { entries: [string, { key: string; outcome: { findings: { message: string }[] } }][] };
  /** Changes every cached message of one file, so a report that shows it came from the cache. */
  const poison = (dir: string, name: string, file = CACHE_FILE) => {
    const cache = readCacheFile(dir, file);
    const entry = cache.entries.find(([p]) => p === path.join(dir, name));
    assert.ok(entry, `${name} is cached`);
    for (const f of entry[1].outcome.findings) f.message = `cached: ${f.message}`;
    fs.writeFileSync(path.join(dir, file), JSON.stringify(cache));
  };

  it('prints exactly what a run without it prints, in every format, with the same exit codes', async () => {
    const dir = quoteWorkspace();
    fs.writeFileSync(path.join(dir, 'broken.article'), `${CITED_HEADER}The mill (, March 3) closed.\n`);
    fs.writeFileSync(path.join(dir, 'notes.md'), '# Notes\n');
    for (const argv of [['check', '.'], ['check', '.', '--format', 'json'], ['check', '.', '--format', 'sarif'], ['check', 'notes.md', 'a-0.article'], ['check', 'a-0.article']]) {
      const plain = await run(argv, dir);
      const cold = await run([...argv, '--cache'], dir);
      const warm = await run([...argv, '--cache'], dir);
      for (const r of [cold, warm]) assert.deepEqual(r, plain, argv.join(' '));
    }
    assert.ok(fs.statSync(path.join(dir, CACHE_FILE)).isFile());
  });

  it('reports unchanged files from the cache, and checks a changed file, config or neighbour again', async () => {
    const dir = quoteWorkspace();
    await run(['check', '.', '--cache'], dir);
    poison(dir, 'a-0.article');
    poison(dir, 'z-0.article');
    poison(dir, 'n-later.article');
    fs.appendFileSync(path.join(dir, 'z-0.article'), 'A new sentence (Harbor Wire, May 4).\n');
    const warm = await runJson(['check', '.', '--cache'], dir);
    const messages = (name: string) => warm.findings.filter((f) => f.file === name).map((f) => f.message);
    assert.ok(messages('a-0.article').every((m) => m.startsWith('cached: ')) && messages('a-0.article').length > 0);
    assert.ok(messages('z-0.article').every((m) => !m.startsWith('cached: ')));
    // quote-conflict is worked out again from every file's quotations, cached or not.
    const conflict = warm.findings.find((f) => f.file === 'n-later.article' && f.code === 'quote-conflict');
    assert.equal(conflict?.message, "The same quotation is attributed to Tomas Varga in m-earlier.article; here it is Lena Okafor's.");

    // The other article changes its speaker: the unchanged one's conflict goes.
    fs.rmSync(path.join(dir, CACHE_FILE));
    await run(['check', '.', '--cache'], dir);
    fs.writeFileSync(path.join(dir, 'm-earlier.article'), fs.readFileSync(path.join(dir, 'm-earlier.article'), 'utf8').replace('” Varga said', '” Okafor said'));
    const after = await runJson(['check', '.', '--cache'], dir);
    const plain = await runJson(['check', '.'], dir);
    assert.deepEqual(after, plain);
    assert.deepEqual(after.findings.filter((f) => f.code === 'quote-conflict'), []);

    // A changed config changes every key.
    poison(dir, 'a-0.article');
    fs.appendFileSync(path.join(dir, 'dateline.yaml'), 'rules:\n  citation-malformed: error\n');
    const reconfigured = await runJson(['check', '.', '--cache'], dir);
    assert.deepEqual(reconfigured, await runJson(['check', '.'], dir));
  });

  it('keys on the registry the config names, not only the config', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'actors: actors.yaml\n');
    fs.writeFileSync(path.join(dir, 'actors.yaml'), '- id: arlen-voss\n  name: Arlen Voss\n');
    fs.writeFileSync(path.join(dir, 'a.article'), `${CITED_HEADER}Arlen Vos spoke (APA, July 3).\n`);
    const before = await runJson(['check', '.', '--cache'], dir);
    assert.ok(before.findings.some((f) => f.code === 'actor-spelling'));
    fs.writeFileSync(path.join(dir, 'actors.yaml'), '- id: arlen-voss\n  name: Arlen Voss\n  aliases: [Arlen Vos]\n  bad: [\n');
    const after = await runJson(['check', '.', '--cache'], dir);
    assert.deepEqual(after, await runJson(['check', '.'], dir));
    assert.notDeepEqual(after, before);
    // The registry's own problems are reported from the cache too.
    assert.deepEqual(await runJson(['check', '.', '--cache'], dir), after);
    assert.ok(after.findings.some((f) => f.file === 'actors.yaml'));
  });

  it('keeps the parsed registry: a changed article is checked without parsing an unchanged registry again', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'actors: actors.yaml\n');
    fs.writeFileSync(path.join(dir, 'actors.yaml'), '- id: arlen-voss\n  name: Arlen Voss\n  kind: person\n');
    fs.writeFileSync(path.join(dir, 'a.article'), `${CITED_HEADER}Arlen Vos spoke (APA, July 3).\n`);
    await run(['check', '.', '--cache'], dir);
    type Kept = { registries: [string, { actors: { name: string; aliases: string[] }[] }][] };
    const cache = JSON.parse(fs.readFileSync(path.join(dir, CACHE_FILE), 'utf8')) as Kept;
    assert.deepEqual(cache.registries.map(([, r]) => r.actors.map((a) => a.name)), [['Arlen Voss']]);
    // An alias only the cached parse has shows that the changed article used it.
    cache.registries[0][1].actors[0].aliases = ['Arlen Vos'];
    fs.writeFileSync(path.join(dir, CACHE_FILE), JSON.stringify(cache));
    fs.appendFileSync(path.join(dir, 'a.article'), 'Arlen Vos left early (APA, July 3).\n');
    const warm = await runJson(['check', '.', '--cache'], dir);
    assert.deepEqual(warm.findings.filter((f) => f.code === 'actor-spelling'), []);
    // The registry itself changed: parsed again, and kept in its place.
    fs.appendFileSync(path.join(dir, 'actors.yaml'), '- id: lena-okafor\n  name: Lena Okafor\n');
    const edited = await runJson(['check', '.', '--cache'], dir);
    assert.deepEqual(edited, await runJson(['check', '.'], dir));
    assert.ok(edited.findings.some((f) => f.code === 'actor-spelling'));
    const again = JSON.parse(fs.readFileSync(path.join(dir, CACHE_FILE), 'utf8')) as Kept;
    assert.deepEqual(again.registries.map(([, r]) => r.actors.map((a) => a.name)), [['Arlen Voss', 'Lena Okafor'], ['Arlen Voss']]);
    // A cached actor of a kind no registry has drops the whole cache.
    again.registries[0][1].actors[0] = { ...again.registries[0][1].actors[0], kind: 'alien' } as never;
    fs.writeFileSync(path.join(dir, CACHE_FILE), JSON.stringify(again));
    fs.appendFileSync(path.join(dir, 'a.article'), 'Lena Okafor agreed (APA, July 3).\n');
    assert.deepEqual(await runJson(['check', '.', '--cache'], dir), await runJson(['check', '.'], dir));
  });

  it('--cache-location keeps it elsewhere; --fix keeps the fixed text under its key', async () => {
    const dir = tempDir();
    const text = `${CITED_HEADER}Tolls rose (Harbor Wire May 3). “We will not pay these tolls this year,” said a skipper.\n`;
    fs.writeFileSync(path.join(dir, 'a.article'), text);
    const plainDir = tempDir();
    fs.writeFileSync(path.join(plainDir, 'a.article'), text);
    const fixed = await run(['check', '.', '--fix', '--cache', '--cache-location', 'ci-cache'], dir);
    assert.deepEqual(fixed, await run(['check', '.', '--fix'], plainDir));
    assert.match(fixed.stderr, /^Fixed 1 problem in 1 file\.$/m);
    assert.equal(fs.existsSync(path.join(dir, 'node_modules')), false);
    poison(dir, 'a.article', path.join('ci-cache', 'check-cache.json'));
    const again = await run(['check', '.', '--fix', '--cache', '--cache-location', 'ci-cache'], dir);
    assert.match(again.stderr, /^Fixed 0 problems in 0 files\.$/m);
    assert.match(again.stdout, /cached: /);
    assert.equal(fs.readFileSync(path.join(dir, 'a.article'), 'utf8'), fs.readFileSync(path.join(plainDir, 'a.article'), 'utf8'));
  });

  it('ignores a corrupt, foreign or malformed cache and writes a good one', async () => {
    const dir = quoteWorkspace();
    const plain = await run(['check', '.', '--format', 'json'], dir);
    const file = path.join(dir, CACHE_FILE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const good = () => {
      fs.rmSync(file, { force: true });
      return run(['check', '.', '--cache'], dir).then(() => readCacheFile(dir));
    };
    const valid = await good();
    const tamper = (edit: (c: any) => void) => {
      const c = structuredClone(valid) as any;
      edit(c);
      return JSON.stringify(c);
    };
    const bad = [
      '{"format": 2, "entr',
      '[]',
      'null',
      tamper((c) => (c.version = '0.0.0-other')),
      tamper((c) => (c.format = 99)),
      tamper((c) => (c.entries[0][1].outcome.findings = 'none')),
      tamper((c) => (c.entries[0][1].outcome.findings[0].range.start.line = -1)),
      tamper((c) => (c.entries[0][1].outcome.findings[0].ruleId = 'no-such-rule')),
      tamper((c) => (c.entries[0][1].outcome.findings[0].severity = 'fatal')),
      tamper((c) => (c.entries[0][1].outcome.counted = 'yes')),
      tamper((c) => (c.entries[0][1] = { __proto__: { key: c.entries[0][1].key } })),
      tamper((c) => (c.configs = {})),
      tamper((c) => (c.registries = {})),
      '{"__proto__": {"polluted": true}, "format": 2, "entries": [["__proto__", {"key": "x", "outcome": {"findings": [], "counted": true, "fixes": 0, "__proto__": {"polluted": true}}}]], "configs": [], "registries": []}',
    ];
    for (const text of bad) {
      fs.writeFileSync(file, text);
      const r = await run(['check', '.', '--format', 'json', '--cache'], dir);
      assert.deepEqual(r, plain, text.slice(0, 80));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      // Rebuilt: the next run reads it.
      assert.equal(readCacheFile(dir).entries.length, valid.entries.length, text.slice(0, 80));
    }
    // A finding with a field no report prints is kept without it.
    fs.writeFileSync(file, tamper((c) => (c.entries[0][1].outcome.findings[0].constructor = { prototype: { polluted: true } })));
    assert.deepEqual(await run(['check', '.', '--format', 'json', '--cache'], dir), plain);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('never reads or writes through a link planted in the cache folder, and never leaves it', async () => {
    const dir = quoteWorkspace();
    const outside = tempDir();
    const target = path.join(outside, 'precious.json');
    fs.writeFileSync(target, 'keep me');
    const folder = path.join(dir, 'node_modules', '.cache', 'dateline');
    fs.mkdirSync(folder, { recursive: true });
    fs.symlinkSync(target, path.join(folder, 'check-cache.json'));
    const plain = await run(['check', '.'], dir);
    assert.deepEqual(await run(['check', '.', '--cache'], dir), plain);
    assert.equal(fs.readFileSync(target, 'utf8'), 'keep me');
    // The link was replaced by a file of the cache's own.
    assert.ok(fs.lstatSync(path.join(folder, 'check-cache.json')).isFile());
    assert.deepEqual(fs.readdirSync(folder), ['check-cache.json']);

    // A cache folder (or one on the way to it) that is a link to elsewhere is not written at all.
    const other = quoteWorkspace();
    fs.mkdirSync(path.join(other, 'node_modules'));
    fs.symlinkSync(outside, path.join(other, 'node_modules', '.cache'));
    const r = await run(['check', '.', '--cache'], other);
    assert.equal(r.stdout, plain.stdout);
    assert.equal(r.code, plain.code);
    assert.equal(r.stderr, "dateline: cannot write the cache in 'node_modules/.cache/dateline': 'node_modules/.cache' is a symbolic link\n");
    assert.deepEqual(fs.readdirSync(outside), ['precious.json']);
    // Nor read through: this workspace's own cache, poisoned and moved behind a link, is not taken.
    const third = quoteWorkspace();
    await run(['check', '.', '--cache'], third);
    poison(third, 'a-0.article');
    const away = path.join(tempDir(), 'moved');
    fs.renameSync(path.join(third, 'node_modules', '.cache'), away);
    fs.symlinkSync(away, path.join(third, 'node_modules', '.cache'));
    const again = await run(['check', '.', '--cache'], third);
    assert.doesNotMatch(again.stdout, /cached: /);
    assert.equal(again.stdout, plain.stdout);
  });

  it('is not used without --cache, and --cache-location needs a value', async () => {
    const dir = quoteWorkspace();
    await run(['check', '.'], dir);
    assert.equal(fs.existsSync(path.join(dir, 'node_modules')), false);
    const r = await run(['check', '.', '--cache-location'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dateline: option '--cache-location' needs a value/);
  });
});

describe('the files checked together', () => {
  it('offer the sources they cite for an empty source, in every format and from the cache too', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'empty.article'), `${CITED_HEADER}The ferry timetable changed (, March 3).\n`);
    fs.writeFileSync(path.join(dir, 'other.article'), `${CITED_HEADER}Dues rose (Harbor Wire, March 1). The vote moved (Nordpress, March 2; Harbor Wire, March 2).\n`);
    fs.writeFileSync(path.join(dir, 'third.article'), `${CITED_HEADER}The quay closed (Nordpress, March 4).\n`);
    const titles = (r: { findings: JsonFinding[] }) => r.findings.find((f) => f.code === 'citation-empty-source')?.fixes?.map((f) => f.title);
    const together = await runJson(['check', '.'], dir);
    // Most cited by articles first: two cite Nordpress, one Harbor Wire.
    assert.deepEqual(titles(together), ['Cite ‘Nordpress’', 'Cite ‘Harbor Wire’']);
    assert.deepEqual(titles(await runJson(['check', 'empty.article'], dir)), undefined);
    assert.deepEqual(await runJson(['check', '.', '--cache'], dir), together);
    fs.writeFileSync(path.join(dir, 'third.article'), `${CITED_HEADER}The quay closed (Coastline Radio, March 4).\n`);
    assert.deepEqual(titles(await runJson(['check', '.', '--cache'], dir)), ['Cite ‘Coastline Radio’', 'Cite ‘Harbor Wire’', 'Cite ‘Nordpress’']);
  });
});

describe('--max-warnings', () => {
  it('fails the run when warnings exceed the maximum', async () => {
    const dir = workspace('warn-only');
    assert.equal((await run(['check', '--max-warnings', '1'], dir)).code, 0);
    const over = await run(['check', '--max-warnings', '0'], dir);
    assert.equal(over.code, 1);
    assert.match(over.stdout, /Too many warnings: 1, more than --max-warnings 0/);
    assert.equal((await run(['check', '--max-warnings=-1'], dir)).code, 0);
  });
});

describe('usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['check', '--fast'], /^dateline: unknown option '--fast'/],
    ['a bad format', ['check', '--format', 'xml'], /^dateline: --format must be one of text, json, sarif/],
    ['a non-integer --max-warnings', ['check', '--max-warnings', 'many'], /^dateline: --max-warnings must be a whole number/],
    ['a bad --max-file-size', ['check', '--max-file-size', '5MB'], /^dateline: --max-file-size must be a whole number/],
    ['a flag with no value', ['check', '--format'], /^dateline: option '--format' needs a value/],
    ['an unknown command', ['lint'], /^dateline: unknown command 'lint'/],
    ['a missing path', ['check', 'absent.article'], /^dateline: no such file or directory 'absent.article'\n$/],
  ];
  for (const [name, argv, message] of cases) {
    it(`exits 2 on ${name}`, async () => {
      const r = await run(argv, workspace('warn-only'));
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('prints the usage and exits 2 with no command', async () => {
    const r = await run([], tempDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^Usage: dateline check/);
  });
});

describe('the seed article', () => {
  it('has exactly two citations with an empty source', { skip: !fs.existsSync(SEED) && 'seed article not present' }, async () => {
    const dir = tempDir();
    fs.copyFileSync(SEED, path.join(dir, 'seed.article'));
    const { code, findings } = await runJson(['check', 'seed.article'], dir);
    assert.equal(code, 1);
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => f.code),
      ['citation-empty-source', 'citation-empty-source'],
    );
  });
});

describe('the one command-line reader of every dateline command', () => {
  const spec = { flags: ['--fix', '--help'], values: ['--format'] };
  it('reads flags in order, values in both spellings, - and -- as positionals', async () => {
    const { readOptions } = await import('../server/node/cliArgs');
    assert.deepEqual(readOptions(['--fix', 'a.article', '--format=json', '-', '--format', 'sarif', '--', '--help'], spec), {
      flags: ['--fix'],
      values: { '--format': 'sarif' },
      positional: ['a.article', '-', '--help'],
    });
  });
  it('names an unknown option, and a value option with no value', async () => {
    const { readOptions } = await import('../server/node/cliArgs');
    assert.deepEqual(readOptions(['--fast'], spec), { error: "unknown option '--fast'" });
    assert.deepEqual(readOptions(['--format=json', '--bogus=1'], spec), { error: "unknown option '--bogus'" });
    assert.deepEqual(readOptions(['--format'], spec), { error: "option '--format' needs a value" });
    assert.deepEqual(readOptions(['--format='], spec), { error: "option '--format' needs a value" });
  });
});
