import { runInProcess } from './support/cli';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const REPO = path.resolve(__dirname, '..');
const GOLDEN = path.join(REPO, 'test', 'fixtures', 'report');
/** `UPDATE_GOLDEN=1 node --import tsx --test test/report.test.ts` rewrites the golden files after a deliberate change. */
const update = process.env.UPDATE_GOLDEN === '1';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A private copy of the bundled examples, so nothing above the repository leaks in. */
function examples(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-report-'));
  dirs.push(dir);
  fs.cpSync(path.join(REPO, 'examples'), dir, { recursive: true });
  return dir;
}

const run = (argv: string[], cwd: string) => runInProcess(argv, cwd);

describe('dateline report on the bundled examples', () => {
  for (const format of ['md', 'json', 'html']) {
    it(`matches the golden ${format} file`, async () => {
      const r = await run(['report', 'articles', '--format', format], examples());
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      const golden = path.join(GOLDEN, `examples.${format}`);
      if (update) fs.writeFileSync(golden, r.stdout);
      assert.equal(r.stdout, fs.readFileSync(golden, 'utf8'));
    });
  }

  it('counts what the articles hold', async () => {
    const r = await run(['report', 'articles', '--format', 'json'], examples());
    const report = JSON.parse(r.stdout) as { articles: { file: string; quotations: { total: number; cited: number; uncited: number } }[]; total: { articles: number; quotations: { total: number; cited: number; uncited: number }; citations: { bySource: [string, number][] } } };
    assert.equal(report.total.articles, report.articles.length);
    assert.equal(report.total.quotations.total, report.articles.reduce((n, a) => n + a.quotations.total, 0));
    for (const a of report.articles) assert.equal(a.quotations.cited + a.quotations.uncited, a.quotations.total, a.file);
    // Aliases count under the registry's name.
    assert.ok(!report.total.citations.bySource.some(([name]) => name === 'BW' || name === 'MNA'));
  });

  it('the HTML is one self-contained page: no script, nothing loaded from elsewhere, a strict policy, two charts', async () => {
    const html = (await run(['report', 'articles', '--format', 'html'], examples())).stdout;
    assert.doesNotMatch(html, /<script|<link|<iframe|src=|url\(/i);
    assert.deepEqual(html.match(/https?:\/\/[^\s"']*/g), ['http://www.w3.org/2000/svg', 'http://www.w3.org/2000/svg']);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">/);
    assert.equal(html.match(/<svg /g)?.length, 2);
    assert.match(html, /@media print/);
  });

  it('writes --output-file, and rejects bad usage with exit 2', async () => {
    const dir = examples();
    assert.deepEqual(await run(['report', '--output-file', 'report.md'], dir), { code: 0, stdout: '', stderr: '' });
    assert.match(fs.readFileSync(path.join(dir, 'report.md'), 'utf8'), /^# Sourcing report\n/);
    for (const argv of [['report', '--format', 'pdf'], ['report', '--bogus'], ['report', '--output-file'], ['report', 'no-such-folder']]) {
      const r = await run(argv, dir);
      assert.equal(r.code, 2, argv.join(' '));
      assert.notEqual(r.stderr, '', argv.join(' '));
    }
    assert.match((await run(['report', '--help'], dir)).stdout, /^Usage: dateline report/);
  });
});
