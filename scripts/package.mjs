// Packages the extension as dateline-<version>.vsix and checks what went in. vsce runs
// `vscode:prepublish` (the build) first, then zips what .vscodeignore lets through. Everything
// that runs is bundled in dist/, so no node_modules go in (--no-dependencies).
//
//   node scripts/package.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

export function defaultVsixPath() {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return path.join(repoRoot, `dateline-${version}.vsix`);
}

/** Builds and packages the extension, checks the result, and returns the path of the .vsix. */
export function packageExtension({ out = defaultVsixPath(), quiet = false } = {}) {
  const args = [
    vsce, 'package',
    '--no-dependencies',
    // README links stay relative, so they open inside the installed extension.
    '--no-rewrite-relative-links',
    '--out', out,
  ];
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`vsce package failed (exit ${r.status})`);
  }
  const problems = checkPackageFiles(vsixFiles(out));
  if (problems.length) throw new Error(`${path.basename(out)} is not right:\n  ${problems.join('\n  ')}`);
  return out;
}

/** The files `vsce package` would take, from `vsce ls` (no build, nothing written). */
export function listPackageFiles() {
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce ls failed: ${r.stderr}`);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** The extension's files in a .vsix, read from the zip's central directory, relative to the extension. */
export function vsixFiles(vsix) {
  const zip = fs.readFileSync(vsix);
  // The end-of-central-directory record sits in the last 64 KB (its comment is at most that long).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${vsix} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${vsix}: bad central directory entry`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  // extension.vsixmanifest and [Content_Types].xml are the package's own bookkeeping.
  return names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
}

/** What may ship: only what the extension runs or shows. */
const ALLOWED = [
  /^package\.json$/,
  /^readme\.md$/i,
  /^changelog\.md$/i,
  /^license(\.txt)?$/i,
  /^language-configuration\.json$/,
  /^images\/icon\.png$/,
  /^dist\/[^/]+\.js$/,
  /^syntaxes\/[^/]+\.json$/,
  /^snippets\/[^/]+\.code-snippets$/,
  /^schemas\/[^/]+\.json$/,
  /^docs\/.+\.md$/,
];

/**
 * Problems with a package's file list: a file that must ship and is missing (everything
 * package.json points to, every rule page), or a file that has no business there.
 */
export function checkPackageFiles(files) {
  const have = new Set(files.map((f) => f.toLowerCase()));
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const c = manifest.contributes ?? {};
  const referenced = [
    manifest.main,
    manifest.icon,
    'dist/server.js',
    'readme.md',
    'changelog.md',
    ...(c.languages ?? []).map((l) => l.configuration),
    ...(c.grammars ?? []).map((g) => g.path),
    ...(c.snippets ?? []).map((s) => s.path),
    ...(c.yamlValidation ?? []).map((y) => y.url),
    ...fs.readdirSync(path.join(repoRoot, 'docs', 'rules')).map((f) => `docs/rules/${f}`),
  ]
    .filter((p) => typeof p === 'string' && !/^[a-z]+:/i.test(p))
    .map((p) => path.posix.normalize(p.replace(/^\.\//, '')).toLowerCase());
  const problems = [];
  for (const p of new Set(referenced)) if (!have.has(p)) problems.push(`missing ${p}`);
  if (!have.has('license') && !have.has('license.txt')) problems.push('missing LICENSE');
  for (const f of files) if (!ALLOWED.some((re) => re.test(f))) problems.push(`should not ship ${f}`);
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    const out = packageExtension({ out: i > 0 ? path.resolve(process.argv[i + 1]) : undefined });
    console.log(`${path.relative(process.cwd(), out)}: ${(fs.statSync(out).size / 1024).toFixed(0)} KB, contents checked`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
