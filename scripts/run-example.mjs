// Checks the bundled example workspace. Its articles hold deliberate problems, so the CLI's
// exit code 1 ("problems found") is the expected outcome here; 2 (usage or I/O error) is not.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples', ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.status === 1) console.log('\nThe example articles contain deliberate problems; `dateline check` exits 1 when it finds errors.');
process.exit(result.status === 0 || result.status === 1 ? 0 : (result.status ?? 2));
