// After an edit changes an article's quotations, the other open articles are checked again (their
// quote-conflict findings may change); after an edit only moves them, only the articles whose
// findings link to them are; the edited article is never checked a second time.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { bundle } from './support/build';
import { TestClient } from './support/lspClient';

const HEAD = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2021-03-15\n\n';
const A = `${HEAD}“The north channel stays closed until the dredging is finished,” the pilot said (Harbour Gazette, March 14).\n`;
const B = `${HEAD}“The ferry timetable will change again in the spring,” the operator said (Harbour Gazette, March 12).\n`;
const C = `${HEAD}“The north channel stays shut until the dredging is finished,” the pilot said (Harbour Gazette, March 14).\n`;

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

  it('re-checks the open articles a moved quotation concerns, every other one when its words change, never the edited one', async () => {
    const a = pathToFileURL(path.join(dir, 'a.article')).toString();
    const b = pathToFileURL(path.join(dir, 'b.article')).toString();
    const c = pathToFileURL(path.join(dir, 'c.article')).toString();
    const count = (uri: string, version?: number) => client.published.filter((p) => p.uri === uri && (version === undefined || p.version === version)).length;
    const last = (uri: string) => client.published.filter((p) => p.uri === uri).at(-1);
    // The latest publication for `uri` when it already satisfies `predicate`, else the next that does.
    const latest = async (uri: string, predicate: (p: PublishDiagnosticsParams) => boolean) => {
      const now = last(uri);
      return now && predicate(now) ? now : client.diagnostics(uri, predicate);
    };
    const pointsAt = (p: { diagnostics: { code?: unknown; relatedInformation?: { location: { uri: string; range: { start: { line: number; character: number } } } }[] }[] }, other: string) =>
      p.diagnostics.filter((d) => d.code === 'quote-conflict').flatMap((d) => d.relatedInformation ?? []).filter((r) => r.location.uri === other);
    // b shares no quotation; c has a's quotation with one word different.
    await client.open(b, 'article', B);
    await client.open(a, 'article', A);
    await client.open(c, 'article', C);
    await latest(c, (p) => pointsAt(p, a).length > 0);
    await latest(a, (p) => pointsAt(p, c).length > 0);
    await quiet();

    // Words before the quotation move it: its words and speaker stay, so only c, whose finding links to it, changes.
    const [bBefore, cBefore] = [count(b), count(c)];
    await client.change(a, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'On Monday, ' }]);
    const moved = await latest(c, (p) => count(c) > cBefore && pointsAt(p, a).some((r) => r.location.range.start.character === 11));
    assert.equal(pointsAt(moved, a).length, 1);
    // b was opened before c, so its re-check would have been published first.
    assert.equal(count(b), bBefore, 'b was checked again for a quotation that only moved');
    assert.equal(count(a, 2), 1, JSON.stringify(client.published.filter((p) => p.uri === a).map((p) => p.version)));
    await quiet();

    // A word of the quotation changes: any open article may gain or lose a conflict, so both are checked again.
    const [bThen, cThen] = [count(b), count(c)];
    await client.change(a, 3, [{ range: { start: { line: 3, character: 36 }, end: { line: 3, character: 42 } }, text: 'opened' }]);
    await latest(b, () => count(b) > bThen);
    await latest(c, () => count(c) > cThen);
    assert.equal(count(a, 3), 1);
    assert.deepEqual(last(a)?.version, 3);
  });

  /** Until nothing has been published for longer than the index's and the validator's pauses. */
  async function quiet(): Promise<void> {
    let seen = -1;
    while (seen !== client.published.length) {
      seen = client.published.length;
      await new Promise((resolve) => setTimeout(resolve, 800));
    }
  }
});
