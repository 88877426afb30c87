// End-to-end: the packaged extension in a real VS Code (code-server), driven by headless Chromium.
// Checks run in two places: in the extension host (runner-extension/suite.js, through the vscode
// API) and in the page (what a person sees), three times: the examples trusted, the examples in
// Restricted Mode, and a trusted folder with no config and no articles. A fourth run installs the
// .vsix alone, as a user would, and checks from the page that it activates on an .article file.
// Screenshots and logs go to test-results/e2e/.
//
//   node test/e2e/run.mjs [--keep] [--only MODE]   --keep leaves the temp folder (workspaces, profiles)
//                                                   behind; --only runs one of trusted, restricted,
//                                                   empty, alone
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import {
  checkSystemPackages,
  codeServerCli,
  ensureCodeServer,
  freePort,
  repoRoot,
  startCodeServer,
  which,
  writeUserSettings,
} from '../../scripts/code-server.mjs';
import { packageExtension } from '../../scripts/package.mjs';

const outDir = path.join(repoRoot, 'test-results', 'e2e');
const runnerDir = path.join(repoRoot, 'test', 'e2e', 'runner-extension');
const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
/** The whole run, including a cold package build, stays under this. */
const OVERALL_MS = 10 * 60_000;
const STATUS_ITEM = '[id="dateline.dateline.dateline.articleStats"]';
/** The active tab of the active editor group (a webview may have opened a second group). */
const ACTIVE_TAB = '.editor-group-container.active .tab.active';

const outcomes = [];
const cleanups = [];
const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function record(name, status, detail) {
  outcomes.push({ name, status, detail });
  const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[status];
  console.log(`${mark} ${name}${detail && status !== 'passed' ? `\n       ${String(detail).split('\n').join('\n       ')}` : ''}`);
}

/** Runs one page-side check; a failure is recorded with a screenshot instead of ending the run. */
async function check(page, name, fn) {
  try {
    const result = await fn();
    if (result && result.skip) record(name, 'skipped', result.skip);
    else record(name, 'passed');
  } catch (e) {
    const shot = path.join(outDir, `failed-${outcomes.length + 1}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    record(name, 'failed', `${e.message.split('\n')[0]} (screenshot ${path.relative(repoRoot, shot)})`);
  }
}

async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    await Promise.resolve().then(fn).catch((e) => console.error(`cleanup: ${e.message}`));
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping code-server and chromium`);
    void cleanup().finally(() => process.exit(130));
  });
}

function step(label, since) {
  console.log(`---- ${label} (${seconds(Date.now() - since)})`);
}

/** Polls the results file the runner extension writes until it says finished, printing progress. */
async function waitForResults(file, mode, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let shown = 0;
  let report;
  while (Date.now() < deadline) {
    try {
      report = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      report = undefined;
    }
    for (const t of report?.tests.slice(shown) ?? []) {
      record(`[${mode}] ${t.name}`, t.status, t.error ?? t.reason);
      shown++;
    }
    if (report?.finished) return report;
    await new Promise((r) => setTimeout(r, 200));
  }
  record(`[${mode}] the extension host checks finish`, 'failed', `no finished results in ${file} within ${seconds(timeoutMs)}`);
  return report;
}

async function runMode(mode, { browser, work, extensionsDir }) {
  const t0 = Date.now();
  const workspace = path.join(work, `workspace-${mode}`);
  if (mode === 'empty') {
    // No dateline.yaml and nothing that is an article: the extension must stay quiet.
    fs.mkdirSync(workspace, { recursive: true });
    fs.writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n\nNothing here is an article yet.\n');
  } else {
    fs.cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  }
  const userDataDir = path.join(work, `profile-${mode}`);
  writeUserSettings(userDataDir);
  const resultsFile = path.join(work, `results-${mode}.json`);
  const server = await startCodeServer({
    port: await freePort(),
    userDataDir,
    extensionsDir,
    log: path.join(outDir, `code-server-${mode}.log`),
    env: { DATELINE_E2E_RESULTS: resultsFile, DATELINE_E2E_MODE: mode },
  });
  cleanups.push(server.stop);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  let shot = 0;
  const screenshot = async (name, locator) => {
    const file = path.join(outDir, `${mode}-${String(++shot).padStart(2, '0')}-${name}.png`);
    await (locator ?? page).screenshot({ path: file });
    return file;
  };
  try {
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await check(page, `[${mode}] the workbench loads`, () => page.locator('.monaco-workbench').waitFor({ timeout: 60_000 }));
    step(`${mode}: workbench up`, t0);

    // A fresh profile asks whether to trust the folder: answer on purpose, one way per run.
    const answer = mode === 'restricted' ? "No, I don't trust the authors" : 'Yes, I trust the authors';
    await check(page, `[${mode}] the Workspace Trust dialog asks, and "${answer}" is chosen`, async () => {
      const button = page.getByRole('button', { name: answer });
      await button.waitFor({ timeout: 60_000 });
      await screenshot('trust-dialog');
      await button.click();
      await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 10_000 });
    });

    const report = await waitForResults(resultsFile, mode, 180_000);
    step(`${mode}: extension host checks done`, t0);
    const facts = report?.facts ?? {};
    if (mode === 'empty') {
      await screenshot('no-articles');
      await check(page, '[empty] no article counts in the status bar for a non-article', async () => {
        await page.locator('.tab.active', { hasText: 'notes.md' }).waitFor({ timeout: 10_000 });
        await page.locator(STATUS_ITEM).waitFor({ state: 'hidden', timeout: 10_000 });
      });
      await check(page, '[empty] the Dateline output channel logs no errors', async () => {
        const log = findFile(path.join(userDataDir, 'logs'), 'Dateline.log');
        if (!log) throw new Error('no Dateline.log under the profile logs');
        fs.copyFileSync(log, path.join(outDir, `Dateline-${mode}.log`));
        const errors = fs.readFileSync(log, 'utf8').split('\n').filter((l) => /\[error\]/.test(l));
        if (errors.length) throw new Error(errors.join('\n'));
      });
      return;
    }
    await screenshot('article');

    await check(page, `[${mode}] squiggles are drawn under the problems in ferry-terminal.article`, async () => {
      await page.locator('.monaco-editor .view-overlays [class*="squiggly-"]').first().waitFor({ timeout: 15_000 });
    });

    await check(page, `[${mode}] hovering a squiggle shows the diagnostic's message`, async () => {
      if (!facts.squiggle) throw new Error('the extension host found no quote-anonymous diagnostic');
      await hover(page, facts.squiggle.word, facts.squiggle.message.slice(0, 40));
      await screenshot('squiggle-hover');
      await page.mouse.move(0, 0);
    });

    await check(page, `[${mode}] the status bar shows the article's counts`, async () => {
      if (!facts.statusText) throw new Error('the extension host reported no statistics');
      const item = page.locator(STATUS_ITEM);
      await item.filter({ hasText: facts.statusText }).waitFor({ timeout: 15_000 });
      await screenshot('status-bar', page.locator('#workbench\\.parts\\.statusbar'));
    });

    await check(page, `[${mode}] clicking the status bar item opens the Problems view with every problem`, async () => {
      await page.locator(STATUS_ITEM).click();
      const problems = page.locator('.markers-panel');
      await problems.waitFor({ timeout: 15_000 });
      // The status bar's problem counter and the view's rows settle once the last diagnostics land.
      const counter = page.locator('[id="status.problems"]');
      await waitForPage(`the problem counter to reach ${facts.problemCount}`, async () => sumCounts(await counter.getAttribute('aria-label')) === facts.problemCount, 15_000);
      await page.locator('.markers-panel .monaco-list-row').first().waitFor({ timeout: 15_000 });
      await screenshot('problems-view');
    });

    if (mode === 'trusted') {
      await check(page, '[trusted] the crash is announced in one notification', async () => {
        await page.locator('[id="status.notifications"]').click();
        const center = page.locator('.notifications-center');
        await center.waitFor({ timeout: 10_000 });
        const messages = await center.locator('.notification-list-item-message').allInnerTexts();
        const crashes = messages.filter((m) => /stopped unexpectedly/.test(m));
        await screenshot('notifications');
        if (crashes.length !== 1) throw new Error(`${crashes.length} crash notifications: ${JSON.stringify(messages)}`);
        await page.keyboard.press('Escape');
      });

      await check(page, '[trusted] the Dateline output channel logs the restart once', async () => {
        const log = findFile(path.join(userDataDir, 'logs'), 'Dateline.log');
        if (!log) throw new Error('no Dateline.log under the profile logs');
        fs.copyFileSync(log, path.join(outDir, `Dateline-${mode}.log`));
        const restarts = fs.readFileSync(log, 'utf8').split('\n').filter((l) => /stopped unexpectedly; restarting/.test(l));
        if (restarts.length !== 1) throw new Error(`${restarts.length} restart lines in the log`);
      });

      await check(page, '[trusted] hovering an actor in the editor shows its registry entry', async () => {
        if (!facts.hoverSupported) return { skip: 'the server has no hover provider yet' };
        if (!facts.hover) throw new Error('the extension host found no hover to look for');
        await hover(page, 'Okafor', 'Lena Okafor');
        await screenshot('actor-hover');
      });

      await check(page, '[trusted] a suppressed quotation is drawn as prose with no squiggle; the empty source below it has one', async () => {
        // The extension host's checks wrote this draft into the workspace and left it there.
        await palette(page, 'harbour-draft.article', 'harbour-draft.article');
        await page.locator(ACTIVE_TAB, { hasText: 'harbour-draft.article' }).waitFor({ timeout: 15_000 });
        await page.locator('.monaco-editor .view-overlays [class*="squiggly-"]').first().waitFor({ timeout: 15_000 });
        await screenshot('suppressed-quotation');
        const squiggles = await page.locator('.monaco-editor .view-overlays [class*="squiggly-"]').count();
        if (squiggles !== 1) throw new Error(`${squiggles} squiggles; only the empty source should have one`);
      });

      await check(page, '[trusted] the quick-fix menu on an empty source offers registry sources and the rule page, and no guess', async () => {
        const box = await wordBox(page, 'July');
        await page.mouse.click(box.x + 2, box.y + box.height / 2);
        await page.keyboard.press('Control+Period');
        const menu = page.locator('.action-widget');
        await menu.locator('.action-widget-action-label, .monaco-list-row').first().waitFor({ timeout: 15_000 });
        await screenshot('quick-fix-empty-source');
        const rows = (await menu.innerText()).split('\n').map((l) => l.trim()).filter(Boolean);
        if (!rows.some((r) => /^Cite ‘Baltic Wire’/.test(r))) throw new Error(`no "Cite ‘Baltic Wire’" among: ${rows.join(' | ')}`);
        if (!rows.includes('Open documentation for ‘citation-empty-source’')) throw new Error(`no rule page among: ${rows.join(' | ')}`);
        if (rows.some((r) => /Baltc Wire/.test(r))) throw new Error(`the misspelt source is offered: ${rows.join(' | ')}`);
        await page.keyboard.press('Escape');
      });

      await check(page, '[trusted] "Dateline: Open Rule Documentation" lists the rules with their descriptions and opens the one picked', async () => {
        await palette(page, '>Dateline: Open Rule Documentation', 'Open Rule Documentation');
        const input = page.locator('.quick-input-widget input');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'front-matter-missing' }).waitFor({ timeout: 15_000 });
        await input.fill('empty-source');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'A citation gives a date but no source' }).waitFor({ timeout: 10_000 });
        await screenshot('rule-documentation-pick');
        await page.keyboard.press('Enter');
        await page.locator(ACTIVE_TAB, { hasText: 'citation-empty-source.md' }).waitFor({ timeout: 15_000 });
        // Markdown preview draws the page in a webview inside a frame of its own.
        await page.frameLocator('iframe.webview.ready').frameLocator('iframe').locator('h1', { hasText: 'citation-empty-source' }).waitFor({ timeout: 30_000 });
        await screenshot('rule-documentation-page');
      });

      await check(page, '[trusted] the Settings editor lists the Dateline settings in order, the size limit in MB', async () => {
        // Room for the list: one editor group, no panel below.
        await palette(page, '>View: Single Column Editor Layout', 'Single Column Editor Layout');
        await palette(page, '>View: Hide Panel', 'Hide Panel');
        await palette(page, '>Preferences: Open Settings (UI)', 'Open Settings (UI)');
        const search = page.locator('.settings-editor .settings-header .suggest-input-container');
        await search.waitFor({ timeout: 15_000 });
        await search.click();
        await page.keyboard.type('@ext:dateline.dateline');
        const titles = page.locator('.settings-editor .setting-item-contents .setting-item-title');
        await titles.filter({ hasText: 'Max File Size MB' }).first().waitFor({ timeout: 15_000 });
        // Focus on the list closes the search box's suggestion, which would cover the first setting.
        await titles.first().click();
        await page.locator('.settings-editor .suggest-widget.visible').waitFor({ state: 'hidden', timeout: 5_000 });
        await screenshot('settings');
        const shown = (await titles.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        const expected = ['Enable', 'Run', 'Rules', 'Min Words', 'Max File Size MB'];
        const at = expected.map((t) => shown.findIndex((s) => s.endsWith(t)));
        if (at.some((i) => i < 0) || at.some((i, k) => k && i < at[k - 1])) throw new Error(`settings shown: ${shown.join(' | ')}`);
      });
    } else {
      await check(page, '[restricted] the window shows Restricted Mode', async () => {
        await page.locator('#workbench\\.parts\\.statusbar').getByText('Restricted Mode').first().waitFor({ timeout: 10_000 });
        await screenshot('restricted-mode');
      });
    }

    await checkSourcingReport(page, mode, screenshot);
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
    if (fs.existsSync(resultsFile)) fs.copyFileSync(resultsFile, path.join(outDir, `results-${mode}.json`));
    step(`${mode}: done`, t0);
  }
}

/** The sourcing report's page, inside the webview's two frames. */
const reportFrame = (page) => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

/**
 * "Dateline: Show Sourcing Report" as a person uses it: the page shows the workspace's articles
 * and both charts, a link opens the article at the quotation, Refresh draws the page again. In
 * Restricted Mode the page says it holds the open articles only.
 */
async function checkSourcingReport(page, mode, screenshot) {
  await check(page, `[${mode}] "Dateline: Show Sourcing Report" shows the report in a webview`, async () => {
    await palette(page, '>Dateline: Show Sourcing Report', 'Show Sourcing Report');
    await page.locator('.tab.active', { hasText: 'Sourcing Report' }).waitFor({ timeout: 15_000 });
    const frame = reportFrame(page);
    await frame.locator('h1', { hasText: 'Sourcing report' }).waitFor({ timeout: 30_000 });
    if ((await frame.locator('svg').count()) !== 2) throw new Error('the page does not hold two charts');
    const rows = await frame.locator('table tbody tr td:first-child').allInnerTexts();
    if (mode === 'trusted') {
      for (const name of ['articles/ferry-terminal.article', 'articles/council-vote.article', 'articles/energy-outlook.md', 'All']) {
        if (!rows.includes(name)) throw new Error(`no row for ${name}: ${JSON.stringify(rows)}`);
      }
    } else {
      await frame.locator('.notice', { hasText: 'Restricted Mode: only the open articles' }).waitFor({ timeout: 5_000 });
      if (rows.some((r) => r !== 'All' && !r.endsWith('ferry-terminal.article'))) throw new Error(`articles that are not open: ${JSON.stringify(rows)}`);
    }
    await screenshot('sourcing-report');
  });
  if (mode !== 'trusted') return;

  await check(page, '[trusted] a link in the sourcing report opens the article at the quotation', async () => {
    const link = reportFrame(page).locator('a[data-file="articles/council-vote.article"]').first();
    const line = Number(await link.getAttribute('data-line'));
    const character = Number(await link.getAttribute('data-character'));
    await link.click();
    await page.locator('.tab.active', { hasText: 'council-vote.article' }).waitFor({ timeout: 15_000 });
    await page.locator('[id="status.editor.selection"]').filter({ hasText: `Ln ${line + 1}, Col ${character + 1}` }).waitFor({ timeout: 10_000 });
    await screenshot('sourcing-report-link');
  });

  await check(page, '[trusted] the Refresh button in the sourcing report draws it again', async () => {
    const frame = reportFrame(page);
    // A mark on the page as it is: the page drawn again does not have it.
    await frame.locator('body').evaluate((b) => b.setAttribute('data-stale', ''));
    await frame.locator('#refresh').click();
    await frame.locator('body:not([data-stale]) h1', { hasText: 'Sourcing report' }).waitFor({ timeout: 15_000 });
  });
}

/**
 * The .vsix on its own, as a user installs it: a fresh profile and extensions folder with nothing
 * else in them (no test runner), and only what a person sees to tell whether it works.
 */
async function runAlone({ browser, work, vsix }) {
  const t0 = Date.now();
  const mode = 'alone';
  const extensionsDir = path.join(work, `extensions-${mode}`);
  const userDataDir = path.join(work, `profile-${mode}`);
  const installed = codeServerCli(['--install-extension', vsix], { userDataDir, extensionsDir });
  record(`[${mode}] code-server installs the .vsix from the file into an empty extensions folder`, /was successfully installed/.test(installed) ? 'passed' : 'failed', installed);
  const listed = codeServerCli(['--list-extensions', '--show-versions'], { userDataDir, extensionsDir }).split('\n').filter(Boolean);
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  record(`[${mode}] Dateline is the only extension installed`, listed.length === 1 && listed[0] === `dateline.dateline@${version}` ? 'passed' : 'failed', listed.join(', '));

  // The examples without their config, so "Create dateline.yaml" has a folder to start one in.
  const workspace = path.join(work, `workspace-${mode}`);
  fs.cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
  for (const f of ['dateline.yaml', 'actors.yaml']) fs.rmSync(path.join(workspace, f));
  writeUserSettings(userDataDir);
  const server = await startCodeServer({ port: await freePort(), userDataDir, extensionsDir, log: path.join(outDir, `code-server-${mode}.log`) });
  cleanups.push(server.stop);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const screenshot = (name) => page.screenshot({ path: path.join(outDir, `${mode}-${name}.png`) });
  try {
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await check(page, `[${mode}] the workbench loads`, () => page.locator('.monaco-workbench').waitFor({ timeout: 60_000 }));
    await check(page, `[${mode}] the folder is trusted from the Workspace Trust dialog`, async () => {
      const button = page.getByRole('button', { name: 'Yes, I trust the authors' });
      await button.waitFor({ timeout: 60_000 });
      await button.click();
      await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 10_000 });
    });
    step(`${mode}: workbench up`, t0);

    await check(page, `[${mode}] opening an .article file activates the extension: squiggles and the status bar counts appear`, async () => {
      // Without the leading `>` the palette opens files.
      await palette(page, 'ferry-terminal.article', 'ferry-terminal.article');
      await page.locator('.tab.active', { hasText: 'ferry-terminal.article' }).waitFor({ timeout: 15_000 });
      await page.locator('.monaco-editor .view-overlays [class*="squiggly-"]').first().waitFor({ timeout: 60_000 });
      await page.locator(STATUS_ITEM).filter({ hasText: /\d/ }).waitFor({ timeout: 15_000 });
      await screenshot('article');
    });

    await check(page, `[${mode}] "Dateline: Create dateline.yaml" writes dateline.yaml and actors.yaml and opens the config`, async () => {
      await palette(page, '>Dateline: Create dateline.yaml', 'Create dateline.yaml');
      await page.locator('.tab.active', { hasText: 'dateline.yaml' }).waitFor({ timeout: 30_000 });
      await screenshot('created-config');
      const config = fs.readFileSync(path.join(workspace, 'dateline.yaml'), 'utf8');
      if (!/^sources:\n {2}- name: /m.test(config)) throw new Error(`dateline.yaml lists no sources:\n${config}`);
      if (!fs.existsSync(path.join(workspace, 'actors.yaml'))) throw new Error('no actors.yaml');
    });
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
    step(`${mode}: done`, t0);
  }
}

/** Types into the command palette (F1) and picks the row that shows `row`. */
async function palette(page, text, row) {
  const input = page.locator('.quick-input-widget input');
  // A webview that takes the focus back as it loads (a Markdown preview) closes the palette before
  // it is typed into, so it is opened again, a bounded number of times.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ timeout: 10_000 });
      await input.fill(text, { timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  await page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Total of the status bar's "Errors: 1, Warnings: 2, Infos: 1" label. */
function sumCounts(label) {
  return [...(label ?? '').matchAll(/(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

async function waitForPage(what, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds(timeoutMs)} waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Moves the mouse onto a word in the editor and waits for a hover widget holding the text. */
async function hover(page, word, text) {
  const box = await wordBox(page, word);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('.monaco-hover').filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
}

/** The on-screen box of a word in the visible editor text. */
async function wordBox(page, word) {
  const box = await page.evaluate((w) => {
    for (const span of document.querySelectorAll('.monaco-editor .view-lines span span')) {
      const text = span.firstChild;
      const at = text && text.textContent ? text.textContent.indexOf(w) : -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + w.length);
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return undefined;
  }, word);
  if (!box) throw new Error(`"${word}" is not on screen`);
  return box;
}

function findFile(dir, name) {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return p;
    if (entry.isDirectory()) {
      const found = findFile(p, name);
      if (found) return found;
    }
  }
  return undefined;
}

async function main() {
  const keep = process.argv.includes('--keep');
  checkSystemPackages();
  let t = Date.now();
  ensureCodeServer();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-e2e-'));
  if (!keep) cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
  else console.log(`Keeping ${work}`);

  t = Date.now();
  const vsix = packageExtension({ out: path.join(work, 'dateline.vsix'), quiet: true });
  record('the extension packages into a .vsix with only what runs', 'passed');
  const runnerVsix = path.join(work, 'runner.vsix');
  const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', runnerVsix], { cwd: runnerDir, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`could not package the runner extension:\n${packed.stdout}${packed.stderr}`);
  step('packaged', t);

  t = Date.now();
  const extensionsDir = path.join(work, 'extensions');
  const installed = codeServerCli(['--install-extension', vsix, '--install-extension', runnerVsix], {
    userDataDir: path.join(work, 'profile-install'),
    extensionsDir,
  });
  const ok = /Extension 'dateline\.vsix' was successfully installed/.test(installed);
  record('code-server installs the .vsix with --install-extension', ok ? 'passed' : 'failed', installed);
  step('installed', t);

  const browser = await chromium.launch({
    executablePath: which('chromium'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    // Our own handlers stop code-server too.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanups.push(() => browser.close());
  const i = process.argv.indexOf('--only');
  const only = i > 0 ? process.argv[i + 1] : undefined;
  for (const mode of ['trusted', 'restricted', 'empty']) if (!only || only === mode) await runMode(mode, { browser, work, extensionsDir });
  if (!only || only === 'alone') await runAlone({ browser, work, vsix });
}

const watchdog = setTimeout(() => {
  record('the run finishes in time', 'failed', `still running after ${seconds(OVERALL_MS)}`);
  void cleanup().finally(() => process.exit(1));
}, OVERALL_MS);

try {
  await main();
} catch (e) {
  record('the end-to-end run completes', 'failed', e.stack ?? e);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
const count = (s) => outcomes.filter((o) => o.status === s).length;
console.log(`\nScreenshots and logs: ${path.relative(process.cwd(), outDir) || '.'} (${seconds(Date.now() - started)} in all)`);
console.log(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
process.exitCode = count('failed') || !outcomes.length ? 1 : 0;
