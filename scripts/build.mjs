// Type-checks, then bundles the extension, the language server and the CLI.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { bundleOptions } from './bundleOptions.mjs';

const watch = process.argv.includes('--watch');
const skipTypecheck = process.argv.includes('--no-typecheck');

if (!skipTypecheck) {
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  } catch {
    console.error('build: type errors above; nothing was bundled.');
    process.exit(1);
  }
}

const common = { ...bundleOptions, sourcemap: true };

await Promise.all([
  build({ ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync('dist/cli.js', 0o755);
if (watch) console.log('watch mode is not supported; run npm run build again');
