// Try the extension in a real VS Code in the browser: packages it, installs it into code-server
// and serves a fresh copy of examples/ (or FOLDER, in place) on loopback until Ctrl-C.
//
//   node scripts/try.mjs [FOLDER] [--port N]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSystemPackages, codeServerCli, ensureCodeServer, freePort, repoRoot, startCodeServer, writeUserSettings } from './code-server.mjs';
import { packageExtension } from './package.mjs';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args.splice(portAt, 2)[1]) : await freePort();
const tryDir = path.join(repoRoot, '.cache', 'try');

checkSystemPackages({ browser: false });
ensureCodeServer();
fs.mkdirSync(tryDir, { recursive: true });

let folder;
if (args[0]) {
  folder = path.resolve(args[0]);
} else {
  // A copy, so edits made while trying things never touch the repository's examples.
  folder = path.join(tryDir, 'examples');
  fs.rmSync(folder, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, 'examples'), folder, { recursive: true });
}

console.log('Packaging the extension…');
const vsix = packageExtension({ out: path.join(tryDir, 'dateline.vsix'), quiet: true });
const profile = { userDataDir: path.join(tryDir, 'profile'), extensionsDir: path.join(tryDir, 'extensions') };
writeUserSettings(profile.userDataDir);
codeServerCli(['--install-extension', vsix, '--force'], profile);

const server = await startCodeServer({ port, ...profile, folder, log: path.join(tryDir, 'code-server.log') });
console.log(`\nVS Code with Dateline: ${server.url}?folder=${encodeURIComponent(folder)}`);
console.log(`(also ${server.url}; logs in ${path.relative(process.cwd(), path.join(tryDir, 'code-server.log'))}). Ctrl-C stops it.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server…');
    await server.stop();
    process.exit(0);
  });
}
const { code, signal } = await server.exit;
if (!stopping) {
  console.error(`code-server stopped by itself (${signal ?? `exit ${code}`})`);
  process.exit(1);
}
