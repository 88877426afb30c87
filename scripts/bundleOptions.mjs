// The esbuild options of every bundle of Dateline's own code: the shipped ones (scripts/build.mjs),
// the tests' and the benchmarks'. One home, so what is tested and timed is what ships.
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The yaml package's browser build: the same code as its Node build, but for the Node build's two
 * reads of an environment variable (LOG_TOKENS per token, LOG_STREAM per document). Each read of
 * `process.env` is a call into the runtime; without them a front matter of 10,000 keys is
 * analysed in about 30% less time.
 */
const yamlBrowserBuild = path.join(path.dirname(require.resolve('yaml/package.json')), 'browser', 'index.js');

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  alias: { yaml: yamlBrowserBuild },
};
