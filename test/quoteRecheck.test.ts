// After an edit moves or changes an article's quotations, the other open articles are checked again
// (their quote-conflict findings may change), and the edited article is not checked a second time.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { bundle } from './support/build';
import { TestClient } from './support/lspClient';

const HEAD = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2021-03-15\n\n';
const A = `${HEAD}“The north channel stays closed until the dredging is finished,” the pilot said (Harbour Gazette, March 14).\n`;
const B = `${HEAD}“The ferry timetable will change again in the spring,” the operator said (Harbour Gazette, March 12).\n`;

describe('re-checks after quotations change, over stdio', () => {
  let dir: string;
  let client: TestClient;

  before(async () => {
    bundle('server/server.ts', 'dist/server.js');
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-requote-')));
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).toString());
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-checks the other open article, not the edited one', async () => {
    const a = pathToFileURL(path.join(dir, 'a.article')).toString();
    const b = pathToFileURL(path.join(dir, 'b.article')).toString();
    const count = (uri: string, version?: number) => client.published.filter((p) => p.uri === uri && (version === undefined || p.version === version)).length;
    await client.open(a, 'article', A);
    await client.open(b, 'article', B);
    // Each opening adds quotations to the index, so each article is checked again for the other's.
    await client.diagnostics(b, () => count(b) >= 2);
    await client.diagnostics(a, () => count(a) >= 2);

    const bBefore = count(b);
    // Words before the quotation move it: its fingerprint changes, its words do not.
    await client.change(a, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'On Monday, ' }]);
    // The re-check of b comes from the same timer that would re-check a a second time.
    await client.diagnostics(b, () => count(b) > bBefore);
    assert.equal(count(a, 2), 1, JSON.stringify(client.published.filter((p) => p.uri === a).map((p) => p.version)));
  });
});
