import { buildSync } from 'esbuild';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Bundles one entry point the way scripts/build.mjs does, so a test file can run on its own (`outfile` relative to the repository, or absolute). */
export function bundle(entry: string, outfile: string, banner?: string): string {
  const out = path.resolve(repoRoot, outfile);
  buildSync({
    banner: banner === undefined ? undefined : { js: banner },
    entryPoints: [path.join(repoRoot, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
  });
  return out;
}
