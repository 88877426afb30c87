// A second real LSP client: headless Neovim attaches `node dist/server.js --stdio` to an example
// article, and the diagnostics it receives must be the ones `dateline check --format json` prints
// for the same file: same codes, ranges, severities and messages.
//
//   node test/nvim/run.mjs [FILE]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(repoRoot, 'test-results', 'nvim');
const relativeFile = process.argv[2] ?? 'examples/articles/ferry-terminal.article';
const file = fs.realpathSync(path.join(repoRoot, relativeFile));
const WAIT_MS = 20_000;
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

const outcomes = [];
function record(name, passed, detail) {
  outcomes.push(passed);
  console.log(`${passed ? 'ok  ' : 'FAIL'} ${name}${!passed && detail ? `\n       ${detail}` : ''}`);
}

/** Nearest folder above the file holding dateline.yaml, as an editor would pick the root. */
function workspaceRoot(start) {
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'dateline.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(start);
  }
}

function runNeovim(out) {
  return spawnNeovim(['--headless', '--clean', '-n', '-c', `luafile ${path.join(repoRoot, 'test', 'nvim', 'attach.lua')}`], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATELINE_FILE: file,
      DATELINE_ROOT: workspaceRoot(file),
      DATELINE_OUT: out,
      DATELINE_SERVER: path.join(repoRoot, 'dist', 'server.js'),
      DATELINE_TIMEOUT_MS: String(WAIT_MS),
    },
  });
}

/** Runs nvim and collects its output. Neovim waits at most WAIT_MS itself; the timer only catches a hang. */
function spawnNeovim(args, { cwd, env = process.env }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('nvim', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), WAIT_MS + 15_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
}

const key = (d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`;
const position = (p) => ({ line: p.line, character: p.character });
// Neovim's JSON orders keys its own way; compare fields, not text.
const normalise = (list) =>
  list
    .map((d) => ({ code: d.code, range: { start: position(d.range.start), end: position(d.range.end) }, severity: d.severity, message: d.message }))
    .sort((a, b) => key(a).localeCompare(key(b)));

async function main() {
  if (spawnSync('sh', ['-c', 'command -v nvim']).status !== 0) {
    console.error('nvim is not installed: apt-get install -y neovim');
    process.exit(2);
  }
  // Bundle only: the type check belongs to npm run build and npm test.
  const built = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--no-typecheck'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('build failed');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, 'neovim.json');

  const nvim = await runNeovim(out);
  const result = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
  record(`Neovim attached the server to ${relativeFile} and received diagnostics (${(nvim.ms / 1000).toFixed(1)} s)`, Boolean(result?.published) && nvim.code === 0, result?.error ?? `exit ${nvim.code ?? nvim.signal}; ${nvim.output.trim() || 'no output'}`);
  if (!result?.published) return;
  record('the server answered initialize with a code action provider', Boolean(result.capabilities?.codeActionProvider), JSON.stringify(result.capabilities));

  const cli = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', relativeFile, '--format', 'json'], { cwd: repoRoot, encoding: 'utf8' });
  record('dateline check --format json ran', cli.status === 0 || cli.status === 1, `exit ${cli.status}: ${cli.stderr}`);
  if (cli.status !== 0 && cli.status !== 1) return;
  // The CLI also reports problems in the registry files the article's config names; Neovim
  // receives those for their own URIs, so only the article's findings are compared.
  const expected = normalise(JSON.parse(cli.stdout).filter((f) => path.resolve(repoRoot, f.file) === file));
  const received = normalise(result.diagnostics.map((d) => ({ ...d, severity: SEVERITY[d.severity ?? 1] })));
  fs.writeFileSync(path.join(outDir, 'cli.json'), JSON.stringify(expected, null, 2));
  fs.writeFileSync(path.join(outDir, 'received.json'), JSON.stringify(received, null, 2));
  record(`Neovim's ${received.length} diagnostics equal the CLI's ${expected.length} (codes, ranges, severities, messages)`,
    received.length > 0 && JSON.stringify(received) === JSON.stringify(expected),
    `neovim: ${received.map(key).join(', ')}\n       cli:    ${expected.map(key).join(', ')}`);
  const sources = new Set(result.diagnostics.map((d) => d.source));
  record('every diagnostic has source dateline', sources.size === 1 && sources.has('dateline'), [...sources].join(', '));

  const pasted = await runReadmeConfig();
  record(`the README's Neovim config, pasted into init.lua, attaches the server and shows the ${expected.length} diagnostics`,
    pasted.result?.filetype === 'article' && pasted.result?.clients === 1 && pasted.result?.count === expected.length,
    `${JSON.stringify(pasted.result)}; exit ${pasted.code ?? pasted.signal}; ${pasted.output.trim() || 'no output'}`);
}

/** The Lua block under `<!-- neovim-config -->` in the README, with the server's real path. */
function readmeConfig() {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const block = /<!-- neovim-config -->\n```lua\n([^`]*)```/.exec(readme)?.[1];
  const placeholder = "vim.fn.expand('~/dateline/dist/server.js')";
  if (!block?.includes(placeholder)) throw new Error(`README.md has no Neovim config naming ${placeholder}`);
  return block.replace(placeholder, JSON.stringify(path.join(repoRoot, 'dist', 'server.js')));
}

/** Opens the article in Neovim with only the README's config and counts what it shows. */
async function runReadmeConfig() {
  const init = path.join(outDir, 'init.lua');
  const report = path.join(outDir, 'readme-config.json');
  fs.writeFileSync(init, readmeConfig());
  const wait = `lua local ok = vim.wait(${WAIT_MS}, function() return #vim.diagnostic.get(0) > 0 end, 20)
    local f = io.open('${report}', 'w')
    f:write(vim.fn.json_encode({ filetype = vim.bo.filetype, clients = #vim.tbl_keys(vim.lsp.buf_get_clients(0)), count = #vim.diagnostic.get(0) }))
    f:close()
    vim.cmd('qall!')`.replace(/\n\s*/g, ' ');
  const run = await spawnNeovim(['--headless', '-n', '-i', 'NONE', '-u', init, file, '-c', wait], { cwd: workspaceRoot(file) });
  return { ...run, result: fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : undefined };
}

try {
  await main();
} catch (e) {
  record('the Neovim run completes', false, e.stack ?? e);
}
const passed = outcomes.filter(Boolean).length;
console.log(`${passed} passed, ${outcomes.length - passed} failed`);
process.exitCode = outcomes.length && passed === outcomes.length ? 0 : 1;
