import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { checkPackageFiles, listPackageFiles } from '../scripts/package.mjs';

const REPO = path.resolve(__dirname, '..');
const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/cli.js'];

describe('the .vsix package', () => {
  let files: string[];

  before(() => {
    // `vsce ls` lists what `vsce package` takes without building; the bundles must exist first.
    if (!BUNDLES.every((f) => fs.existsSync(path.join(REPO, f)))) {
      const built = spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { cwd: REPO, stdio: 'inherit' });
      assert.equal(built.status, 0, 'bundling failed');
    }
    files = listPackageFiles();
  });

  it('holds what the extension runs and shows, and nothing else', () => {
    assert.deepEqual(checkPackageFiles(files), []);
    for (const f of [...BUNDLES, 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'images/icon.png', 'language-configuration.json']) {
      assert.ok(files.includes(f), `${f} is packaged`);
    }
    for (const dir of ['syntaxes/', 'snippets/', 'schemas/', 'docs/rules/']) {
      assert.ok(files.some((f) => f.startsWith(dir)), `${dir} is packaged`);
    }
    for (const dir of ['server/', 'client/', 'test/', 'node_modules/', 'examples/', 'scripts/', '.cache/', 'test-results/']) {
      assert.deepEqual(files.filter((f) => f.startsWith(dir)), [], `nothing from ${dir}`);
    }
    assert.deepEqual(files.filter((f) => f.endsWith('.map') || f.endsWith('.ts')), [], 'no source maps or sources');
  });

  it('the check itself catches sources, maps, dependencies and missing pieces', () => {
    const good = files;
    assert.deepEqual(checkPackageFiles(good), []);
    assert.deepEqual(checkPackageFiles([...good, 'server/lsp/server.ts', 'dist/server.js.map', 'node_modules/yaml/index.js', 'examples/dateline.yaml']), [
      'should not ship server/lsp/server.ts',
      'should not ship dist/server.js.map',
      'should not ship node_modules/yaml/index.js',
      'should not ship examples/dateline.yaml',
    ]);
    assert.deepEqual(checkPackageFiles(good.filter((f) => f !== 'dist/server.js' && f !== 'LICENSE')), ['missing dist/server.js', 'missing LICENSE']);
    // Inside a .vsix vsce renames these; the check accepts both spellings.
    const renamed = good.map((f) => ({ 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' })[f] ?? f);
    assert.deepEqual(checkPackageFiles(renamed), []);
  });
});

describe('the bundles', () => {
  before(() => {
    if (!BUNDLES.every((f) => fs.existsSync(path.join(REPO, f)))) {
      const built = spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { cwd: REPO, stdio: 'inherit' });
      assert.equal(built.status, 0, 'bundling failed');
    }
  });

  it('take the yaml build that reads no environment variable per token (scripts/bundleOptions.mjs)', () => {
    for (const bundle of ['dist/server.js', 'dist/cli.js']) {
      const text = fs.readFileSync(path.join(REPO, bundle), 'utf8');
      assert.match(text, /function parseDocument\(/, `${bundle} holds the yaml library`);
      assert.doesNotMatch(text, /LOG_TOKENS|LOG_STREAM/, `${bundle} holds yaml's Node build`);
    }
  });
});
