// The GitHub Action (action.yml) run step by step with the environment GitHub gives it, from a
// plain checkout of the action that has no dist/ and no node_modules.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BAD_ARTICLE, BAD_ARTICLE_CODES, GOOD_ARTICLE } from '../support/sampleArticles';
import { readAction, runAction, type ActionRun } from './actionRunner';
import { plainCheckout, REPO } from './checkout';

describe('the GitHub Action', () => {
  let work: string;
  let actionPath: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-action-'));
    actionPath = plainCheckout(path.join(work, 'action'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  function newsroom(name: string, articles: Record<string, string>): string {
    const workspace = path.join(work, name);
    for (const [file, text] of Object.entries(articles)) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), text);
    }
    return workspace;
  }

  const statuses = (run: ActionRun) => Object.fromEntries(run.steps.map((s) => [s.name, s.status]));
  const log = (run: ActionRun) => run.steps.map((s) => `## ${s.name}: ${s.status}\n${s.stdout}${s.stderr}`).join('\n');

  it('documents every input and runs on Node 20', () => {
    const action = readAction(REPO);
    assert.equal(action.runs.using, 'composite');
    for (const [name, input] of Object.entries(action.inputs)) assert.ok(input.description && input.description.length > 20, `input ${name} is described`);
    assert.deepEqual(Object.keys(action.inputs), ['paths', 'sarif-file', 'upload', 'max-warnings', 'config']);
    const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    assert.equal(String(setup?.with?.['node-version']), '20');
  });

  it('writes SARIF for the given paths, hands it to the upload step, and fails on errors', () => {
    assert.ok(!fs.existsSync(path.join(actionPath, 'dist')) && !fs.existsSync(path.join(actionPath, 'node_modules')), 'the checkout has no build outputs');
    const workspace = newsroom('newsroom', { 'articles/good.article': GOOD_ARTICLE, 'articles/bad.article': BAD_ARTICLE, 'drafts/ignored.article': BAD_ARTICLE });
    const run = runAction(actionPath, workspace, { paths: 'articles/good.article\narticles/bad.article', 'sarif-file': 'reports/dateline.sarif' }, fs.mkdtempSync(path.join(work, 'runner-')));
    assert.deepEqual(
      statuses(run),
      { 'Set up Node': 'not-run-here', 'Build Dateline': 'success', 'Check articles': 'success', 'Upload SARIF': 'not-run-here', 'Fail on errors': 'failure' },
      log(run),
    );
    assert.equal(run.status, 'failure');
    assert.deepEqual(run.outputs, { 'sarif-file': 'reports/dateline.sarif', 'exit-code': '1' });

    const upload = run.steps.find((s) => s.name === 'Upload SARIF');
    assert.match(upload?.uses ?? '', /^github\/codeql-action\/upload-sarif@v\d+$/);
    assert.equal(upload?.with?.sarif_file, 'reports/dateline.sarif');
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'reports', 'dateline.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0].results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => `${r.locations[0].physicalLocation.artifactLocation.uri} ${r.ruleId}`);
    assert.deepEqual(results, BAD_ARTICLE_CODES.map((code) => `articles/bad.article ${code}`));
    // The text report is in the log too, for a person reading the job.
    const check = run.steps.find((s) => s.name === 'Check articles');
    assert.match(check?.stdout ?? '', /articles\/bad\.article:1:1 error .*\[front-matter-required\]/);
    assert.ok(fs.existsSync(path.join(actionPath, 'dist', 'cli.js')), 'the build step bundled the CLI');
  });

  // The runs below reuse the bundle, as a second use of the action in one job would.

  it('passes on clean articles, and upload: false leaves the SARIF file only', () => {
    const workspace = newsroom('clean', { 'good.article': GOOD_ARTICLE });
    const run = runAction(actionPath, workspace, { upload: 'false' }, fs.mkdtempSync(path.join(work, 'runner-')));
    assert.deepEqual(
      statuses(run),
      { 'Set up Node': 'not-run-here', 'Build Dateline': 'success', 'Check articles': 'success', 'Upload SARIF': 'skipped', 'Fail on errors': 'skipped' },
      log(run),
    );
    assert.equal(run.status, 'success');
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'dateline.sarif'), 'utf8'));
    assert.deepEqual(sarif.runs[0].results, []);
  });

  it('fails at the check step when a path does not exist', () => {
    const workspace = newsroom('missing', { 'good.article': GOOD_ARTICLE });
    const run = runAction(actionPath, workspace, { paths: 'no-such-folder' }, fs.mkdtempSync(path.join(work, 'runner-')));
    const s = statuses(run);
    assert.equal(s['Check articles'], 'failure', log(run));
    assert.equal(s['Fail on errors'], 'skipped');
    assert.equal(run.status, 'failure');
  });
});
