import { runInProcess } from './support/cli';
import { bundle } from './support/build';
import { TestClient } from './support/lspClient';
import { ArticleStatsRequest, SourcingReportRequest } from '../server/lsp/protocol';
import { pathToFileURL } from 'node:url';
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

describe('the sourcing report the editor shows, over stdio', () => {
  const csp = "default-src 'none'; style-src vscode-webview: 'nonce-n0nce'; script-src 'nonce-n0nce'";
  /** Each article's section of a report page, by its id. */
  const sections = (html: string) => new Map([...html.matchAll(/<section id="([^"]+)">[^]*?<\/section>/g)].map((m) => [m[1], m[0]]));

  it('is the page dateline report writes for the workspace, with live text, a nonce policy and no inline handlers', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const dir = examples();
    const cliHtml = (await run(['report', '--format', 'html'], dir)).stdout;
    const cliJson = JSON.parse((await run(['report', '--format', 'json'], dir)).stdout) as { articles: { file: string }[]; total: { quotations: { total: number } } };
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(dir).toString());
      const result = await client.connection.sendRequest(SourcingReportRequest.type, { csp, nonce: 'n0nce' });
      assert.equal(result.restricted, false);
      assert.equal(result.articles, cliJson.articles.length);
      assert.equal(result.quotations, cliJson.total.quotations.total);
      assert.deepEqual(result.files, cliJson.articles.map((a) => ({ file: a.file, uri: pathToFileURL(path.join(dir, a.file)).toString() })));
      // Every article's part of the page is the CLI's, to the character.
      assert.deepEqual(sections(result.html), sections(cliHtml));
      assert.ok(result.html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp.replace(/'/g, '&#39;')}">`));
      assert.deepEqual(result.html.match(/<(script|style)[^>]*>/g), ['<style nonce="n0nce">', '<script nonce="n0nce">']);
      assert.doesNotMatch(result.html, /\son[a-z]+=|javascript:|<link|<iframe|src=/i);
      assert.match(result.html, /<button id="refresh" type="button">Refresh<\/button>/);

      // An open document counts with its unsaved text: one more cited quotation.
      const file = 'articles/clean-brief.article';
      const uri = pathToFileURL(path.join(dir, file)).toString();
      const before = (cliJson.articles as { file: string; quotations: { total: number } }[]).find((a) => a.file === file)!.quotations.total;
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      await client.open(uri, 'article', `${text}\n“The new timetable starts on the first of the month,” said the port authority (Harbour Gazette, June 1).\n`);
      const live = await client.connection.sendRequest(SourcingReportRequest.type, { csp, nonce: 'n0nce' });
      assert.equal(live.quotations, result.quotations + 1);
      const id = `article-${file.replace(/[^A-Za-z0-9]+/g, '-')}`;
      const items = (html: string) => (sections(html).get(id) ?? '').match(/<li>/g)?.length ?? 0;
      assert.equal(items(result.html), before);
      assert.equal(items(live.html), before + 1);
      assert.match(sections(live.html).get(id) ?? '', new RegExp(`data-file="${file}" data-line="${text.split('\n').length}" data-character="0">line ${text.split('\n').length + 1}</a>: 10 words, cited, the port authority</li>`));
    } finally {
      await client.shutdown();
    }
  });

  it('gives the same quotation and citation counts as the status bar', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-report-counts-'));
    dirs.push(dir);
    // A scare quote (too short to need a source), a cited and an uncited quotation, a dated
    // citation, a citation with two dated parts and a dateless parenthesis.
    const text = [
      'Publication: Harbour Review Volume: 3 Issue: 7',
      'Date: 2024-05-02',
      '',
      'The board called the plan a “reset” (Harbour Gazette, May 1). “The quay opens in June, on schedule,” the port authority said (Coastline Radio, April 30; Harbour Gazette, May 1).',
      '',
      '“We will believe it when the first ferry ties up here,” a fisherman said. Costs rose (about 40 percent).',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'quay.article'), text);
    const report = JSON.parse((await run(['report', '--format', 'json'], dir)).stdout) as { total: { quotations: { total: number; uncited: number }; citations: { total: number } } };
    assert.deepEqual([report.total.quotations.total, report.total.quotations.uncited, report.total.citations.total], [2, 1, 3]);
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(dir).toString());
      const uri = pathToFileURL(path.join(dir, 'quay.article')).toString();
      await client.open(uri, 'article', text);
      const stats = await client.connection.sendRequest(ArticleStatsRequest.type, { uri });
      assert.deepEqual([stats?.quotations, stats?.uncited, stats?.citations], [2, 1, 3]);
      const page = await client.connection.sendRequest(SourcingReportRequest.type, { csp, nonce: 'n0nce' });
      assert.equal(page.quotations, stats?.quotations);
    } finally {
      await client.shutdown();
    }
  });

  it('in Restricted Mode holds the open articles only, reads nothing else, and says so', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const dir = examples();
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(dir).toString(), { workspaceTrusted: false });
      const empty = await client.connection.sendRequest(SourcingReportRequest.type, { csp, nonce: 'n0nce' });
      assert.deepEqual({ ...empty, html: '' }, { html: '', articles: 0, quotations: 0, restricted: true, files: [] });
      const uri = pathToFileURL(path.join(dir, 'articles', 'ferry-terminal.article')).toString();
      await client.open(uri, 'article', fs.readFileSync(path.join(dir, 'articles', 'ferry-terminal.article'), 'utf8'));
      const result = await client.connection.sendRequest(SourcingReportRequest.type, { csp, nonce: 'n0nce' });
      assert.equal(result.restricted, true);
      assert.deepEqual(result.files, [{ file: 'articles/ferry-terminal.article', uri }]);
      assert.equal(result.articles, 1);
      assert.match(result.html, /<p class="notice">Restricted Mode: only the open articles are in this report/);
    } finally {
      await client.shutdown();
    }
  });

  it('refuses a nonce that could leave its attribute', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(examples()).toString());
      const result = await client.connection.sendRequest(SourcingReportRequest.type, { csp, nonce: '"><script>alert(1)</script>' });
      assert.deepEqual(result.html.match(/<(script|style)[^>]*>/g), ['<style nonce="">', '<script nonce="">']);
      assert.doesNotMatch(result.html, /alert/);
    } finally {
      await client.shutdown();
    }
  });
});
