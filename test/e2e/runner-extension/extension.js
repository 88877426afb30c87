// Runs suite.js in the extension host and writes the results as JSON, after each test, so the
// runner outside can follow progress. Does nothing unless DATELINE_E2E_RESULTS names a file.
const fs = require('fs');
const vscode = require('vscode');
const { tests, finish, Skip } = require('./suite');

exports.activate = function activate() {
  const out = process.env.DATELINE_E2E_RESULTS;
  if (!out) return;
  const mode = process.env.DATELINE_E2E_MODE || 'trusted';
  // Activation must not wait for the tests: other extensions would be held up.
  void run(out, mode);
};

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: no result within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function run(out, mode) {
  const report = { mode, vscodeVersion: vscode.version, finished: false, tests: [], facts: {} };
  const write = () => {
    // Written whole and renamed, so the runner never reads half a file.
    fs.writeFileSync(`${out}.tmp`, JSON.stringify(report, null, 2));
    fs.renameSync(`${out}.tmp`, out);
  };
  write();
  const context = { mode, facts: report.facts, skip: (reason) => { throw new Skip(reason); } };
  for (const test of tests) {
    if (test.modes && !test.modes.includes(mode)) continue;
    const started = Date.now();
    const entry = { name: test.name, status: 'passed' };
    try {
      await withTimeout(Promise.resolve().then(() => test.fn(context)), test.timeoutMs ?? 30_000, test.name);
    } catch (e) {
      if (e instanceof Skip) {
        entry.status = 'skipped';
        entry.reason = e.message;
      } else {
        entry.status = 'failed';
        entry.error = e && e.stack ? e.stack : String(e);
      }
    }
    entry.ms = Date.now() - started;
    report.tests.push(entry);
    write();
  }
  try {
    await withTimeout(finish(context), 30_000, 'final state for the page checks');
  } catch (e) {
    report.tests.push({ name: 'final state for the page checks', status: 'failed', error: e && e.stack ? e.stack : String(e), ms: 0 });
  }
  report.finished = true;
  write();
}
