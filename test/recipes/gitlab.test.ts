// The README's GitLab CI job: its script lines run as a GitLab runner runs them (one shell, stop at
// the first failing line) in a newsroom where the packed CLI is what `npx dateline-cli` finds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { packCli } from '../../scripts/pack-cli.mjs';
import { bundle } from '../support/build';
import { BAD_ARTICLE, BAD_ARTICLE_CODES, GOOD_ARTICLE } from '../support/sampleArticles';
import { offlineEnv } from '../support/npm';
import { REPO } from './checkout';

interface Job {
  image: string;
  script: string[];
  artifacts: { when: string; paths: string[] };
}

function readmeJob(): Job {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const block = /<!-- gitlab-ci -->\n```yaml\n([^`]*)```/.exec(readme)?.[1];
  assert.ok(block, 'the README has a yaml block under <!-- gitlab-ci -->');
  return parse(block).dateline as Job;
}

describe('the GitLab CI job in the README', () => {
  const job = readmeJob();
  let work: string;
  let tgz: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-gitlab-'));
    const cli = bundle('server/cli.ts', path.join(work, 'bundle', 'cli.js'), '#!/usr/bin/env node');
    tgz = packCli({ cli, outDir: path.join(work, 'out') });
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A project with these articles and the CLI installed from the tarball; the job's script run in it. */
  function runJob(name: string, articles: Record<string, string>) {
    const project = path.join(work, name);
    const home = path.join(work, `${name}-home`);
    fs.mkdirSync(project, { recursive: true });
    fs.mkdirSync(home);
    for (const [file, text] of Object.entries(articles)) {
      fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      fs.writeFileSync(path.join(project, file), text);
    }
    const env = offlineEnv(home);
    const installed = spawnSync('npm', ['install', tgz], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
    assert.equal(installed.status, 0, `npm install failed:\n${installed.stdout}${installed.stderr}`);
    // A GitLab runner joins the lines into one script that stops at the first failing command.
    const script = ['set -eo pipefail', ...job.script].join('\n');
    const run = spawnSync('bash', ['-c', script], { cwd: project, env, encoding: 'utf8', timeout: 120_000 });
    const sarifPath = path.join(project, job.artifacts.paths[0]);
    const sarif = fs.existsSync(sarifPath) && fs.statSync(sarifPath).size > 0 ? JSON.parse(fs.readFileSync(sarifPath, 'utf8')) : undefined;
    return { code: run.status, out: `${run.stdout}${run.stderr}`, stdout: run.stdout, sarif };
  }

  const results = (sarif: { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }) =>
    sarif.runs[0].results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri} ${r.ruleId}`);

  it('runs on Node 20 and keeps the SARIF report even when the job fails', () => {
    assert.equal(job.image, 'node:20');
    assert.equal(job.artifacts.when, 'always');
    assert.deepEqual(job.artifacts.paths, ['dateline.sarif']);
    assert.equal(job.script.length, 2);
  });

  it('fails the job on an article with errors, after writing them to the SARIF report and the log', () => {
    const run = runJob('broken', { 'articles/good.article': GOOD_ARTICLE, 'articles/bad.article': BAD_ARTICLE });
    assert.equal(run.code, 1, run.out);
    assert.equal(run.sarif?.version, '2.1.0', run.out);
    assert.deepEqual(results(run.sarif).sort(), BAD_ARTICLE_CODES.map((code) => `articles/bad.article ${code}`).sort());
    // The second line is the one that fails: its text report is in the log.
    assert.match(run.stdout, /articles\/bad\.article/);
    assert.match(run.stdout, /citation-empty-source/);
  });

  it('passes on clean articles, with an empty SARIF report', () => {
    const run = runJob('clean', { 'articles/good.article': GOOD_ARTICLE });
    assert.equal(run.code, 0, run.out);
    assert.deepEqual(results(run.sarif), []);
  });

  it('fails at the first line when the CLI cannot run the check at all (exit 2 is not tolerated)', () => {
    const run = runJob('no-articles', { 'notes/readme.txt': 'Not an article.\n' });
    assert.notEqual(run.code, 0, run.out);
    // Only the first line ran: the second would have said it again.
    assert.equal(run.out.match(/no such file or directory 'articles\/'/g)?.length, 1, run.out);
  });
});
