// A real VS Code for tests and for trying the extension: code-server from npm, kept in a
// git-ignored cache so it never becomes a project dependency.
//
//   node scripts/code-server.mjs install    installs it into .cache/code-server if absent
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The last code-server line that runs on Node 20 (VS Code 1.100.3). */
export const CODE_SERVER_VERSION = '4.100.3';
const cacheDir = path.join(repoRoot, '.cache', 'code-server');
const prefix = path.join(cacheDir, CODE_SERVER_VERSION);
export const codeServerBin = path.join(prefix, 'node_modules', '.bin', 'code-server');

/** Finds a command on PATH, or undefined. */
export function which(command) {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Exits with a clear message when the Debian packages code-server and the browser need are absent. */
export function checkSystemPackages({ browser = true } = {}) {
  const missing = [];
  if (!which('rg')) missing.push('ripgrep');
  // Headers for a native module that is compiled at install time only.
  if (!isInstalled() && !fs.existsSync('/usr/include/krb5.h')) missing.push('libkrb5-dev');
  if (browser && !which('chromium')) missing.push('chromium');
  if (missing.length) {
    console.error(`Missing system packages: ${missing.join(' ')}`);
    console.error(`Install them first:  apt-get update && apt-get install -y ${missing.join(' ')}`);
    process.exit(2);
  }
}

export function isInstalled() {
  return fs.existsSync(codeServerBin);
}

/**
 * Installs code-server into the cache if it is not there. Its install fetches ripgrep from a
 * site these machines cannot reach; @vscode/ripgrep looks in a temp-dir cache first, so Debian's
 * rg is packed there as the asset it expects.
 */
export function ensureCodeServer() {
  if (isInstalled()) return codeServerBin;
  checkSystemPackages({ browser: false });
  const started = Date.now();
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(repoRoot, prefix)} (a few minutes, once)…`);
  const rgCache = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const asset = path.join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (!fs.existsSync(asset)) {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-rg-'));
    fs.mkdirSync(rgCache, { recursive: true });
    fs.copyFileSync(which('rg'), path.join(staging, 'rg'));
    execFileSync('tar', ['czf', asset, '-C', staging, 'rg']);
    fs.rmSync(staging, { recursive: true, force: true });
  }
  fs.mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's.
  fs.writeFileSync(path.join(prefix, 'package.json'), '{ "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: prefix,
    stdio: 'inherit',
    // As root npm skips install scripts unless told; node-pty's script calls npx.
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  if (r.status !== 0 || !isInstalled()) {
    fs.rmSync(prefix, { recursive: true, force: true });
    throw new Error(`code-server install failed (npm exit ${r.status})`);
  }
  console.log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return codeServerBin;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Arguments naming the profile folders, and a config file inside the profile: without one,
 * code-server writes a default config into the user's home.
 */
function profileArgs(userDataDir, extensionsDir) {
  fs.mkdirSync(userDataDir, { recursive: true });
  const config = path.join(userDataDir, 'code-server.yaml');
  if (!fs.existsSync(config)) fs.writeFileSync(config, 'auth: none\ncert: false\n');
  return ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

/** Runs the code-server CLI once (for example to install an extension) and returns its output. */
export function codeServerCli(args, { userDataDir, extensionsDir }) {
  return execFileSync(codeServerBin, [...profileArgs(userDataDir, extensionsDir), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Writes user settings that keep a fresh profile quiet: no welcome page, tips or update checks. */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.commandCenter.enabled': false,
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server on loopback in its own process group, so stop() ends it and every process
 * it started (extension host, language server). Resolves once /healthz answers.
 */
export async function startCodeServer({ port, userDataDir, extensionsDir, folder, env = {}, log, timeoutMs = 30_000 }) {
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...profileArgs(userDataDir, extensionsDir),
  ];
  if (folder) args.push(folder);
  const out = log ? fs.openSync(log, 'a') : 'ignore';
  const child = spawn(codeServerBin, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exit;
    clearTimeout(timer);
    // The group may outlive its leader for a moment; make sure nothing is left.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
  };
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited before it answered${log ? `; see ${log}` : ''}`);
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid, stop, exit };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'install') {
    ensureCodeServer();
    console.log(codeServerBin);
  } else {
    console.error('usage: node scripts/code-server.mjs install');
    process.exit(2);
  }
}
