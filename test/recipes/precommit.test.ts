// The pre-commit hook (.pre-commit-hooks.yaml) installed by the pre-commit framework itself, from a
// plain checkout, on a repository with one clean and one broken article.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { BAD_ARTICLE, GOOD_ARTICLE } from '../support/sampleArticles';
import { git, plainCheckout, REPO } from './checkout';

describe('the pre-commit hook', () => {
  let work: string;
  let hookRepo: string;
  let newsroom: string;

  before(() => {
    const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, 'pre-commit is not installed (Debian: apt-get install pre-commit)');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-pre-commit-'));
    hookRepo = plainCheckout(path.join(work, 'dateline'));
    newsroom = path.join(work, 'newsroom');
    fs.mkdirSync(newsroom);
    git(newsroom, 'init', '-q', '.');
    fs.writeFileSync(path.join(newsroom, 'good.article'), GOOD_ARTICLE);
    fs.writeFileSync(path.join(newsroom, 'bad.article'), BAD_ARTICLE);
    fs.writeFileSync(path.join(newsroom, 'notes.txt'), 'Not an article (, May 1).\n');
    git(newsroom, 'add', '-A');
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  function tryRepo(...args: string[]) {
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const r = spawnSync('pre-commit', ['try-repo', hookRepo, 'dateline', ...args], { cwd: newsroom, env, encoding: 'utf8', timeout: 600_000 });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  }

  it('declares one dateline hook that runs `dateline check` on articles', () => {
    const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8'));
    assert.deepEqual(
      hooks.map((h: { id: string; entry: string; language: string }) => [h.id, h.entry, h.language]),
      [['dateline', 'dateline check', 'node']],
    );
  });

  it('fails for the broken article and names its problems', () => {
    const r = tryRepo('--all-files');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /dateline\.+Failed/);
    assert.match(r.out, /bad\.article:1:1 error .*\[front-matter-required\]/);
    assert.match(r.out, /bad\.article:3:17 error .*\[citation-empty-source\]/);
    assert.doesNotMatch(r.out, /good\.article:|notes\.txt/);
  });

  it('passes for the clean article alone', () => {
    const r = tryRepo('--files', 'good.article');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /dateline\.+Passed/);
  });
});
