// The CLI as its own npm package: what the tarball holds, and that it installs from the file into
// an empty folder outside the repository, with no registry, and runs there.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { version } from '../package.json';
import { CLI_PACKAGE_FILES, packCli } from '../scripts/pack-cli.mjs';
import { PROJECT_URL } from '../server/node/ruleDocs';
import { bundle } from './support/build';
import { BAD_ARTICLE, BAD_ARTICLE_CODES, GOOD_ARTICLE } from './support/sampleArticles';
import { offlineEnv } from './support/npm';

const REPO = path.resolve(__dirname, '..');

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

describe('the dateline-cli package', () => {
  let work: string;
  let tgz: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-cli-package-'));
    // Its own bundle, so other tests rebuilding dist/ cannot change it under this one.
    const cli = bundle('server/cli.ts', path.join(work, 'bundle', 'cli.js'), '#!/usr/bin/env node');
    tgz = packCli({ cli, outDir: path.join(work, 'out') });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('is dateline-cli-<version>.tgz with the bundled CLI, README, LICENSE and schemas, and no dependencies', () => {
    assert.equal(path.basename(tgz), `dateline-cli-${version}.tgz`);
    const listed = spawnSync('tar', ['-tzf', tgz], { encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    const files = listed.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')).sort();
    assert.deepEqual(files, [...CLI_PACKAGE_FILES, 'package.json'].sort());
    const manifest = JSON.parse(spawnSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8' }).stdout);
    assert.equal(manifest.name, 'dateline-cli');
    assert.equal(manifest.version, version);
    assert.deepEqual(manifest.bin, { dateline: 'cli.js' });
    for (const key of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'scripts']) {
      assert.equal(manifest[key], undefined, `no ${key}`);
    }
    assert.equal(manifest.homepage, `${PROJECT_URL}#readme`);
    assert.equal(manifest.bugs.url, `${PROJECT_URL}/issues`);
    assert.equal(manifest.repository.url, `git+${PROJECT_URL}.git`);
  });

  it('installs from the file into an empty folder with no registry, and npx dateline runs there', () => {
    const home = path.join(work, 'home');
    const project = path.join(work, 'newsroom');
    fs.mkdirSync(home);
    fs.mkdirSync(project);
    const env = offlineEnv(home);
    const installed = npm(['install', tgz], project, env);
    assert.equal(installed.status, 0, `npm install failed:\n${installed.stdout}${installed.stderr}`);
    assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules')).filter((d) => !d.startsWith('.')), ['dateline-cli'], 'nothing else is installed');

    const npx = (args: string[]) => spawnSync('npx', ['--no-install', 'dateline', ...args], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
    const shown = npx(['--version']);
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal(shown.stdout.trim(), version);
    const help = npx(['--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: dateline check/);

    fs.writeFileSync(path.join(project, 'good.article'), GOOD_ARTICLE);
    const clean = npx(['check', 'good.article']);
    assert.equal(clean.status, 0, `${clean.stdout}${clean.stderr}`);
    assert.match(clean.stdout, /0 problems \(0 errors, 0 warnings, 0 infos\) in 1 file; 0 fixable with --fix/);

    fs.writeFileSync(path.join(project, 'bad.article'), BAD_ARTICLE);
    const found = npx(['check', '--format', 'json', '.']);
    assert.equal(found.status, 1, found.stderr);
    const codes = (JSON.parse(found.stdout) as { file: string; code: string }[]).map((f) => `${f.file} ${f.code}`);
    assert.deepEqual(codes, BAD_ARTICLE_CODES.map((code) => `bad.article ${code}`));
  });
});
