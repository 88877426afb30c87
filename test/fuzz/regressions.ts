/**
 * Failing fuzz inputs, kept as JSON files in `test/fixtures/regressions/` and replayed by the unit
 * tests through the property that found them. JSON keeps lone surrogates (as `\ud800` escapes),
 * CR and NUL exactly.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REGRESSIONS_DIR = path.resolve(__dirname, '..', 'fixtures', 'regressions');

export interface Regression {
  property: string;
  input: unknown;
  /** The first line of the failure when it was found. */
  error: string;
  /** How to find it again with fast-check: `fc.check(…, { seed, path })`. */
  seed?: number;
  path?: string;
}

/** Writes a failing input; the name is a hash of it, so the same input is saved once. */
export function saveRegression(regression: Regression, dir = REGRESSIONS_DIR): string {
  const body = JSON.stringify(regression.input);
  const name = `${regression.property}-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.json`;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${JSON.stringify(regression, null, 2)}\n`);
  return file;
}

export function loadRegressions(dir = REGRESSIONS_DIR): { file: string; regression: Regression }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, regression: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Regression }));
}
