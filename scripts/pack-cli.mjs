// Packs the command-line tool as its own npm package, dateline-cli-<version>.tgz: the bundled CLI,
// its README, the LICENSE and the JSON Schemas. Everything the CLI runs is in the bundle, so the
// package has no dependencies and installs from the file without a registry.
//
//   node scripts/pack-cli.mjs [--cli FILE] [--out-dir DIR]     (npm run pack:cli builds first)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the package holds, relative to its root; npm adds package.json itself. */
export const CLI_PACKAGE_FILES = ['cli.js', 'README.md', 'LICENSE', 'schemas/actors.schema.json', 'schemas/dateline.schema.json'];

/** The package's manifest: the extension's identity fields, the CLI's own name and binary. */
export function cliManifest() {
  const root = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return {
    name: 'dateline-cli',
    version: root.version,
    description: 'Checks sourced articles from the command line and in CI: headers, citations, quotations and the people in them.',
    keywords: root.keywords,
    license: root.license,
    repository: root.repository,
    bugs: root.bugs,
    homepage: root.homepage,
    engines: { node: root.engines.node },
    bin: { dateline: 'cli.js' },
    files: CLI_PACKAGE_FILES,
  };
}

/** Stages the package in a temporary folder, runs `npm pack` there and returns the tarball's path. */
export function packCli({ cli = path.join(repoRoot, 'dist', 'cli.js'), outDir = repoRoot } = {}) {
  if (!fs.existsSync(cli)) throw new Error(`${cli} does not exist; run npm run build first`);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-cli-pack-'));
  try {
    const manifest = cliManifest();
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    fs.copyFileSync(cli, path.join(stage, 'cli.js'));
    fs.chmodSync(path.join(stage, 'cli.js'), 0o755);
    fs.copyFileSync(path.join(repoRoot, 'cli', 'README.md'), path.join(stage, 'README.md'));
    fs.copyFileSync(path.join(repoRoot, 'LICENSE'), path.join(stage, 'LICENSE'));
    fs.mkdirSync(path.join(stage, 'schemas'));
    for (const f of CLI_PACKAGE_FILES.filter((f) => f.startsWith('schemas/'))) fs.copyFileSync(path.join(repoRoot, f), path.join(stage, f));
    fs.mkdirSync(outDir, { recursive: true });
    // --ignore-scripts: nothing of ours runs at pack time; the staged manifest has no scripts anyway.
    const r = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm pack failed (exit ${r.status}):\n${r.stderr}`);
    const [{ filename }] = JSON.parse(r.stdout);
    return path.join(outDir, filename);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
  };
  try {
    const tgz = packCli({ cli: option('--cli'), outDir: option('--out-dir') });
    console.log(`${path.relative(process.cwd(), tgz)}: ${(fs.statSync(tgz).size / 1024).toFixed(0)} KB`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
