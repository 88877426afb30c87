import { runInProcess } from './support/cli';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-words-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const run = (argv: string[], cwd: string) => runInProcess(argv, cwd);

const CONFIG = `actors: people.yaml
sources:
  - name: RIA-Novosti
    aliases: [RIA Novosti, RIA]
  - name: Coastline Radio
`;
const PEOPLE = `- id: dmitry-medvedev
  name: Dmitry Medvedev
  aliases: [Medvedev, President Medvedev]
- id: port-of-halden
  name: Port of Halden
  kind: place
- id: jean-paul-okafor
  name: Dr. Jean-Paul Okafor’s
`;

describe('dateline words', () => {
  it('lists the words of actor and source names and aliases, each once, sorted, without common words', async () => {
    const dir = workspace({ 'dateline.yaml': CONFIG, 'people.yaml': PEOPLE, 'articles/a.article': '' });
    const plain = await run(['words', '--format', 'plain'], dir);
    assert.equal(plain.code, 0);
    assert.equal(plain.stderr, '');
    assert.equal(plain.stdout, ['Dmitry', 'Halden', 'Jean', 'Jean-Paul', 'Medvedev', 'Novosti', 'Okafor', 'Paul', 'RIA', 'RIA-Novosti', ''].join('\n'));
    // From a folder below, the same dateline.yaml applies; cspell's words file may start with a comment.
    const cspell = await run(['words', 'articles'], dir);
    assert.equal(cspell.code, 0);
    assert.equal(cspell.stdout, `# Names from the Dateline registry (dateline words); regenerate, do not edit.\n${plain.stdout}`);
  });

  it('writes --output-file, takes --config, and says when no config applies', async () => {
    const dir = workspace({ 'conf/dateline.yaml': 'sources:\n  - name: Harbour Gazette\n  - name: Vesmark Radio\n' });
    assert.deepEqual(await run(['words', '--config', 'conf/dateline.yaml', '--output-file', 'names.txt', '--format=plain'], dir), { code: 0, stdout: '', stderr: '' });
    assert.equal(fs.readFileSync(path.join(dir, 'names.txt'), 'utf8'), 'Vesmark\n');
    const none = await run(['words', '--format', 'plain'], dir);
    assert.deepEqual(none, { code: 0, stdout: '', stderr: 'dateline: no dateline.yaml applies here; the list is empty\n' });
  });

  it('rejects bad usage with exit 2', async () => {
    const dir = workspace({});
    for (const argv of [['words', '--format', 'hunspell'], ['words', '--bogus'], ['words', '--output-file'], ['words', 'a', 'b'], ['words', 'missing-folder'], ['words', '--config', 'nope.yaml']]) {
      const r = await run(argv, dir);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, /^dateline/, argv.join(' '));
    }
    assert.match((await run(['words', '--help'], dir)).stdout, /^Usage: dateline words/);
  });
});
