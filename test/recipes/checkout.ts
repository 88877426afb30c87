import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

/**
 * A plain checkout of the repository as it stands, without build outputs or installed packages:
 * the files git tracks plus new files it does not ignore, copied to `dest`, and committed there
 * so tools that clone it (pre-commit) see them.
 */
export function plainCheckout(dest: string): string {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  if (listed.status === 0) {
    for (const file of listed.stdout.split('\0').filter(Boolean)) {
      const from = path.join(REPO, file);
      // A file deleted in the working tree but still in the index is not part of the checkout.
      if (!fs.existsSync(from)) continue;
      fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
      fs.copyFileSync(from, path.join(dest, file));
    }
  } else {
    // Not a git checkout (an unpacked archive): everything but what .gitignore lists.
    const ignored = new Set(['.git', 'node_modules', 'dist', '.cache', 'test-results']);
    fs.cpSync(REPO, dest, { recursive: true, filter: (src) => !ignored.has(path.basename(src)) && !/\.(vsix|tgz|log)$/.test(src) });
  }
  git(dest, 'init', '-q', '.');
  git(dest, 'add', '-A');
  git(dest, '-c', 'user.name=Dateline tests', '-c', 'user.email=tests@dateline.invalid', 'commit', '-q', '-m', 'checkout');
  return dest;
}

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}
