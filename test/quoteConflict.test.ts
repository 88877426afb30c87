import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createLanguageService, QuoteIndex, quoteFingerprints } from '../server/core/index';
import { runCli } from '../server/node/cliMain';
import { bundle } from './support/build';
import { TestClient } from './support/lspClient';

const service = createLanguageService();
const CONFIG = 'actors:\n  - { id: lena-okafor, name: Lena Okafor, kind: person, aliases: [Okafor] }\n  - { id: tomas-varga, name: Tomas Varga, kind: person, aliases: [Varga] }\n';
const EARLIER = 'Publication: Harbour Ledger Volume: 3 Issue: 11\n\nTomas Varga opened the meeting. “We will not accept a deal that ignores our fishermen,” Varga said (Coastline Radio, Feb. 27).\n';
const LATER = 'Publication: Harbour Ledger Volume: 3 Issue: 12\n\nLena Okafor spoke first. “We will not accept a deal that ignores our fishermen,” Okafor said (Coastline Radio, March 14).\n';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-quotes-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'dateline.yaml'), CONFIG);
  fs.writeFileSync(path.join(dir, 'earlier.article'), EARLIER);
  fs.writeFileSync(path.join(dir, 'later.article'), LATER);
  return dir;
}

describe('quote-conflict: the quotation index', () => {
  const config = service.parseConfig(CONFIG).config;
  const fingerprints = (text: string) => quoteFingerprints(service.analyze(text, { config }).article!, config);

  it('keeps word hashes and speakers, not text', () => {
    const [fp] = fingerprints(EARLIER);
    assert.equal(fp.words.length, 10);
    assert.ok(fp.words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32));
    assert.equal(fp.speaker, 'tomas-varga');
    assert.equal(JSON.stringify(fp).includes('fishermen'), false);
  });

  it('finds the same words and each kind of one-word difference, and nothing two words away', () => {
    const index = new QuoteIndex();
    index.set('a', fingerprints(EARLIER));
    const relation = (quote: string) => {
      const [fp] = fingerprints(`Publication: X Volume: 1 Issue: 1\n\n“${quote}” (Coastline Radio, March 1).\n`);
      return index.matches(fp, 'b').map((m) => m.relation);
    };
    assert.deepEqual(relation('WE will NOT accept a deal, that ignores our fishermen!'), [{ kind: 'same' }]);
    assert.deepEqual(relation('We will not accept any deal that ignores our fishermen'), [{ kind: 'changed', index: 4 }]);
    assert.deepEqual(relation('We will not accept a deal that ignores fishermen'), [{ kind: 'dropped', index: 8 }]);
    assert.deepEqual(relation('We will not accept a deal that ignores all our fishermen'), [{ kind: 'added', index: 8 }]);
    assert.deepEqual(relation('We will not accept a deal that ignores their farmers'), []);
    // Its own article is never a match.
    const [own] = fingerprints(EARLIER);
    assert.deepEqual(index.matches(own, 'a'), []);
    index.delete('a');
    assert.deepEqual(relation('We will not accept a deal that ignores our fishermen'), []);
  });
});

describe('quote-conflict in the CLI and the editor', () => {
  it('compares the files the CLI checks together, and only then', async () => {
    const dir = workspace();
    const run = async (argv: string[]) => {
      let stdout = '';
      await runCli(argv, { cwd: dir, stdin: Readable.from([]), stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined } });
      return JSON.parse(stdout) as { file: string; code: string; message: string }[];
    };
    const both = await run(['check', '.', '--format', 'json']);
    assert.deepEqual(both.filter((f) => f.code === 'quote-conflict').map((f) => [f.file, f.message]), [
      ['earlier.article', 'The same quotation is attributed to Lena Okafor in later.article; here it is Tomas Varga\'s.'],
      ['later.article', 'The same quotation is attributed to Tomas Varga in earlier.article; here it is Lena Okafor\'s.'],
    ]);
    const one = await run(['check', 'later.article', '--format', 'json']);
    assert.deepEqual(one.filter((f) => f.code === 'quote-conflict'), []);
  });

  it('the server reports it with related information pointing at the other quotation', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const dir = workspace();
    const client = new TestClient();
    await client.initialize(pathToFileURL(dir).toString());
    const uri = pathToFileURL(path.join(dir, 'later.article')).toString();
    // The index is built in the background; the diagnostics are published again once it has the other article.
    const published = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'quote-conflict'));
    await client.open(uri, 'article', LATER);
    const { diagnostics } = await published;
    const conflict = diagnostics.find((d) => d.code === 'quote-conflict')!;
    assert.equal(conflict.message, 'The same quotation is attributed to Tomas Varga in earlier.article; here it is Lena Okafor\'s.');
    assert.deepEqual(conflict.relatedInformation, [
      {
        location: { uri: pathToFileURL(path.join(dir, 'earlier.article')).toString(), range: { start: { line: 2, character: 32 }, end: { line: 2, character: 87 } } },
        message: 'Attributed to Tomas Varga here.',
      },
    ]);
    // Once the other article gives the quotation to Okafor too, the finding goes away.
    const cleared = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'quote-conflict'));
    const other = pathToFileURL(path.join(dir, 'earlier.article')).toString();
    await client.open(other, 'article', EARLIER.replace('” Varga said', '” Lena Okafor said'));
    await cleared;
    assert.equal(await client.shutdown(), 0);
  });
});
