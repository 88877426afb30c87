import { buildSync } from 'esbuild';
import * as path from 'node:path';
import { bundleOptions } from '../../scripts/bundleOptions.mjs';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Bundles one entry point the way scripts/build.mjs does, so a test file can run on its own (`outfile` relative to the repository, or absolute). */
export function bundle(entry: string, outfile: string, banner?: string): string {
  const out = path.resolve(repoRoot, outfile);
  buildSync({
    ...bundleOptions,
    banner: banner === undefined ? undefined : { js: banner },
    entryPoints: [path.join(repoRoot, entry)],
    outfile: out,
    sourcemap: true,
  });
  return out;
}
