// The SARIF that `dateline check --format sarif` writes, checked by Microsoft's SARIF validator
// (`@microsoft/sarif-multitool validate`), installed from npm into .cache/ on first use.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../server/node/cliMain';
import { BAD_ARTICLE, GOOD_ARTICLE } from '../support/sampleArticles';
import { REPO } from './checkout';

const MULTITOOL_VERSION = '5.7.0';
const CACHE = path.join(REPO, '.cache', `sarif-multitool-${MULTITOOL_VERSION}`);

/** The validator's native program (it ships one per platform as an optional dependency). */
function multitool(): string {
  const binary = path.join(CACHE, 'node_modules', '@microsoft', `sarif-multitool-${process.platform}`, 'Sarif.Multitool');
  if (!fs.existsSync(binary)) {
    const r = spawnSync('npm', ['install', '--prefix', CACHE, '--no-save', '--no-audit', '--no-fund', `@microsoft/sarif-multitool@${MULTITOOL_VERSION}`], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `could not install the SARIF validator:\n${r.stdout}${r.stderr}`);
  }
  // Its install script only marks the program executable; npm may not run install scripts.
  fs.chmodSync(binary, 0o755);
  return binary;
}

interface ValidationResult {
  ruleId: string;
  level: string;
  message: { arguments?: string[] };
}

/** Runs `validate` and returns what it found, read from its own SARIF log. */
function validate(binary: string, file: string): ValidationResult[] {
  const log = `${file}.validation.sarif`;
  // Globalization-invariant mode: the program needs no ICU library on the machine.
  const r = spawnSync(binary, ['validate', file, '--output', log], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  assert.equal(r.status, 0, `sarif-multitool validate failed to run:\n${r.stdout}${r.stderr}`);
  return JSON.parse(fs.readFileSync(log, 'utf8')).runs[0].results;
}

async function sarifOf(dir: string, ...paths: string[]): Promise<string> {
  let stdout = '';
  await runCli(['check', ...paths, '--format', 'sarif'], {
    cwd: dir,
    stdin: Readable.from([]),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: () => true },
  });
  return stdout;
}

describe('SARIF output against Microsoft\'s SARIF validator', () => {
  let work: string;
  let binary: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-sarif-'));
    binary = multitool();
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const problems = (results: ValidationResult[]) => results.filter((r) => r.level === 'error' || r.level === 'warning').map((r) => `${r.ruleId} ${(r.message.arguments ?? []).join(' | ')}`);

  it('the examples\' report (every kind of finding, config and registry files too) is valid', async () => {
    const dir = path.join(work, 'examples');
    fs.cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
    const sarif = await sarifOf(dir, '.');
    assert.ok(JSON.parse(sarif).runs[0].results.length >= 10, 'the report has findings to validate');
    fs.writeFileSync(path.join(work, 'examples.sarif'), sarif);
    assert.deepEqual(problems(validate(binary, path.join(work, 'examples.sarif'))), []);
  });

  it('a report with no findings, and one with astral characters and a BOM, are valid', async () => {
    const dir = path.join(work, 'small');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'good.article'), GOOD_ARTICLE);
    fs.writeFileSync(path.join(dir, 'bad 𝒳.article'), `\uFEFF${BAD_ARTICLE.replace('The quay', '𝒳 The quay')}`);
    fs.writeFileSync(path.join(work, 'clean.sarif'), await sarifOf(dir, 'good.article'));
    fs.writeFileSync(path.join(work, 'astral.sarif'), await sarifOf(dir, '.'));
    assert.deepEqual(problems(validate(binary, path.join(work, 'clean.sarif'))), []);
    assert.deepEqual(problems(validate(binary, path.join(work, 'astral.sarif'))), []);
  });

  it('the validator does reject a broken report (so the checks above can fail)', async () => {
    const dir = path.join(work, 'broken');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'bad.article'), BAD_ARTICLE);
    const sarif = JSON.parse(await sarifOf(dir, '.'));
    delete sarif.runs[0].results[0].message;
    sarif.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    fs.writeFileSync(path.join(work, 'broken.sarif'), JSON.stringify(sarif, null, 2));
    const found = problems(validate(binary, path.join(work, 'broken.sarif')));
    assert.deepEqual(
      found.map((p) => p.split(' ')[0]),
      ['JSON1002', 'JSON1008'],
      found.join('\n'),
    );
  });
});
