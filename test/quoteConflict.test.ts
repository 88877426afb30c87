import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { after, describe, it, mock } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createLanguageService, QuoteIndex, quoteFingerprints, withQuoteConflicts } from '../server/core/index';
import { sequenceHash, skipHashes } from '../server/core/quoteIndex';
import { runCli } from '../server/node/cliMain';
import { bundle } from './support/build';
import { TestClient } from './support/lspClient';

const service = createLanguageService();
const CONFIG = 'actors:\n  - { id: lena-okafor, name: Lena Okafor, kind: person, aliases: [Okafor] }\n  - { id: tomas-varga, name: Tomas Varga, kind: person, aliases: [Varga] }\n';
const EARLIER = 'Publication: Harbour Ledger Volume: 3 Issue: 11\n\nTomas Varga opened the meeting. “We will not accept a deal that ignores our fishermen,” Varga said (Coastline Radio, Feb. 27).\n';
const LATER = 'Publication: Harbour Ledger Volume: 3 Issue: 12\n\nLena Okafor spoke first. “We will not accept a deal that ignores our fishermen,” Okafor said (Coastline Radio, March 14).\n';

/** Random integers below `n`, the same for the same seed. */
function xorshift(seed: number): (n: number) => number {
  return (n) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
}

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

describe('quote-conflict: the index against a comparison of every pair', () => {
  type Fp = { words: number[]; range: { start: { line: number; character: number }; end: { line: number; character: number } }; speaker?: string; speakerName?: string };
  /** Each word of `a` but `a[i]` equals each word of `b` but `b[j]` (-1: none left out). */
  const equalBut = (a: number[], i: number, b: number[], j: number) => {
    const x = a.filter((_, k) => k !== i);
    const y = b.filter((_, k) => k !== j);
    return x.length === y.length && x.every((w, k) => w === y[k]);
  };
  /** The relation read from the two word lists directly, with the first position that explains it. */
  const relationOf = (a: number[], b: number[]) => {
    if (equalBut(a, -1, b, -1)) return { kind: 'same' as const };
    if (b.length === a.length + 1) for (let j = 0; j < b.length; j++) if (equalBut(a, -1, b, j)) return { kind: 'dropped' as const, index: j };
    if (b.length + 1 === a.length) for (let i = 0; i < a.length; i++) if (equalBut(a, i, b, -1)) return { kind: 'added' as const, index: i };
    if (b.length === a.length) for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && equalBut(a, i, b, i)) return { kind: 'changed' as const, index: i };
    return undefined;
  };
  // Same words first, then dropped words, then by position an added word before a changed one; in the order added.
  const rank = (r: { kind: string; index?: number }) => (r.kind === 'same' ? 0 : r.kind === 'dropped' ? 1 : 2 + 2 * r.index! + (r.kind === 'added' ? 0 : 1));

  it('hashes a sequence with each word left out as the shorter sequence hashes', () => {
    const rnd = xorshift(99);
    for (let n = 0; n < 200; n++) {
      const words = Array.from({ length: n % 40 }, () => (n % 3 ? rnd(2 ** 32) : rnd(7)));
      assert.deepEqual([...skipHashes(words)], words.map((_, i) => sequenceHash(words.filter((__, k) => k !== i))));
    }
  });

  it('finds exactly what comparing every pair finds, in the same order, after any sets and deletes', () => {
    const rnd = xorshift(20261202);
    let compared = 0;
    for (let round = 0; round < 1500; round++) {
      const vocabulary = 3 + rnd(4);
      // One round in three is of long quotations, which are found by their anchors.
      const base = Array.from({ length: round % 3 === 2 ? 6 + rnd(12) : 2 + rnd(5) }, () => rnd(vocabulary));
      const quote = (line: number): Fp => {
        const w = base.slice();
        const op = rnd(5);
        const k = rnd(w.length);
        if (op === 1) w.splice(k, 0, rnd(vocabulary));
        else if (op === 2 && w.length > 1) w.splice(k, 1);
        else if (op === 3) w[k] = rnd(vocabulary);
        else if (op === 4) w.push(rnd(vocabulary), rnd(vocabulary));
        const speaker = rnd(4);
        return { words: w, range: { start: { line, character: 0 }, end: { line, character: 1 } }, ...(speaker ? { speaker: `s${speaker}`, speakerName: `S${speaker}` } : {}) };
      };
      const index = new QuoteIndex();
      // The reference: every entry with the order it was added in.
      let entries: { uri: string; quote: Fp; seq: number }[] = [];
      let seq = 0;
      // One round in ten is large: groups of the same words pass the size where tallies are kept.
      const large = round % 10 === 0;
      const uris = Array.from({ length: large ? 30 + rnd(20) : 1 + rnd(6) }, (_, i) => `u${i}`);
      for (let op = 0; op < (large ? 80 : 3) + rnd(10); op++) {
        const uri = uris[rnd(uris.length)];
        entries = entries.filter((e) => e.uri !== uri);
        if (rnd(5) === 0) {
          index.delete(uri);
          continue;
        }
        const quotes = Array.from({ length: rnd(4) }, (_, line) => quote(line));
        index.set(uri, quotes);
        for (const q of quotes) entries.push({ uri, quote: q, seq: seq++ });
      }
      for (let probe = 0; probe < 4; probe++) {
        const q = quote(9);
        const uri = rnd(2) ? uris[rnd(uris.length)] : 'elsewhere';
        const expected = entries
          .filter((e) => e.uri !== uri)
          .map((e) => ({ e, relation: relationOf(q.words, e.quote.words) }))
          .filter((x) => x.relation !== undefined)
          .sort((x, y) => rank(x.relation!) - rank(y.relation!) || x.e.seq - y.e.seq)
          .map(({ e, relation }) => ({ uri: e.uri, quote: e.quote, relation }));
        assert.deepEqual(index.matches(q, uri), expected);
        const articles = (list: typeof expected) => new Set(list.map((m) => m.uri)).size;
        const others = q.speaker === undefined ? [] : expected.filter((m) => m.relation!.kind === 'same' && m.quote.speaker !== undefined && m.quote.speaker !== q.speaker);
        const variants = expected.filter((m) => m.relation!.kind !== 'same');
        for (const limit of [1, 2, 5, Infinity]) {
          assert.deepEqual(index.conflicts(q, uri, limit), { otherSpeakers: others.slice(0, limit), otherSpeakerArticles: articles(others), variants: variants.slice(0, limit), variantArticles: articles(variants) });
        }
        if (expected.length) compared++;
      }
    }
    // The random workloads do find things: the comparison is not over empty lists.
    assert.ok(compared > 2000, `${compared} probes found something`);
  });

  it('stays exact as a large index grows, loses articles and is rebuilt', () => {
    const rnd = xorshift(77);
    const fp = (words: number[], line: number): Fp => ({ words, range: { start: { line, character: 0 }, end: { line, character: 1 } }, speaker: `s${rnd(3)}`, speakerName: 'S' });
    const index = new QuoteIndex();
    const live = new Map<string, Fp[]>();
    const order: string[] = [];
    // Thousands of one-word-less hashes: the tables grow, and deletes leave empty entries to drop.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 400; i++) {
        const uri = `a${rnd(500)}`;
        const quotes = Array.from({ length: 1 + rnd(3) }, (_, k) => fp(Array.from({ length: 5 + rnd(4) }, () => rnd(9)), k));
        index.set(uri, quotes);
        live.set(uri, quotes);
        // Set again, an article's quotations count as added last.
        if (order.includes(uri)) order.splice(order.indexOf(uri), 1);
        order.push(uri);
      }
      for (let i = 0; i < 150; i++) {
        const uri = `a${rnd(500)}`;
        index.delete(uri);
        live.delete(uri);
        if (order.includes(uri)) order.splice(order.indexOf(uri), 1);
      }
    }
    const entries = order.flatMap((uri) => live.get(uri)!.map((quote) => ({ uri, quote })));
    let found = 0;
    for (let probe = 0; probe < 300; probe++) {
      const base = entries[rnd(entries.length)].quote.words.slice();
      const k = rnd(base.length);
      if (probe % 3 === 1) base[k] = rnd(9);
      else if (probe % 3 === 2) base.splice(k, 1);
      const q = fp(base, 9);
      const expected = entries
        .map((e, seqIndex) => ({ e, seqIndex, relation: relationOf(q.words, e.quote.words) }))
        .filter((x) => x.relation !== undefined)
        .sort((x, y) => rank(x.relation!) - rank(y.relation!) || x.seqIndex - y.seqIndex)
        .map(({ e, relation }) => ({ uri: e.uri, quote: e.quote, relation }));
      assert.deepEqual(index.matches(q, 'probe'), expected);
      found += expected.length;
    }
    assert.ok(found > 300, `${found} matches`);
  });

  it('reads no other article’s quotation when many share it under one speaker', () => {
    const index = new QuoteIndex();
    let reads = 0;
    // Each article's fingerprint counts the reads of its fields once the index is built.
    const counted = (): Fp => {
      const fp = { words: [1, 2, 3, 4, 5, 6], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, speaker: 'varga', speakerName: 'Varga' };
      return new Proxy(fp, { get: (t, k) => (building || reads++, Reflect.get(t, k)) });
    };
    let building = true;
    for (let i = 0; i < 2000; i++) index.set(`a${i}.article`, [counted()]);
    building = false;
    const probe = (speaker: string): Fp => ({ words: [1, 2, 3, 4, 5, 6], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, speaker, speakerName: speaker });
    assert.deepEqual(index.conflicts(probe('varga'), 'a0.article', 5), { otherSpeakers: [], otherSpeakerArticles: 0, variants: [], variantArticles: 0 });
    assert.equal(reads, 0);
    // Another speaker for the same words is a conflict with every one of them: counted, and the first few read.
    const { otherSpeakers, otherSpeakerArticles } = index.conflicts(probe('okafor'), 'b.article', 5);
    assert.deepEqual([otherSpeakers.map((m) => m.uri), otherSpeakerArticles], [['a0.article', 'a1.article', 'a2.article', 'a3.article', 'a4.article'], 2000]);
    assert.ok(reads > 0 && reads < 100, `${reads} reads`);
  });
});

describe('quote-conflict added after the analysis', () => {
  const config = service.parseConfig(CONFIG).config;
  const VARIANT = 'Publication: Harbour Ledger Volume: 3 Issue: 13\n\nThe mayor was blunt. “We will not accept any deal that ignores our fishermen,” Tomas Varga said (Coastline Radio, March 20). “Short one,” he added.\n';
  const cases: [string, string][] = [
    ['another speaker', LATER],
    ['one word changed', VARIANT],
    ['no conflict', 'Publication: X Volume: 1 Issue: 1\n\n“We are only here to talk about the harbour,” Varga said (Coastline Radio, March 1).\n'],
    ['a directive that suppresses nothing', `Publication: X Volume: 1 Issue: 1\n\n<!-- dateline-disable-next-line quote-uncited -->\n“We will not accept a deal that ignores our fishermen,” Okafor said.\n`],
  ];
  for (const [name, text] of cases) {
    it(`gives what analysing with the quotations gives: ${name}`, () => {
      const index = new QuoteIndex();
      index.set('earlier.article', fingerprints(EARLIER));
      const full = service.open(text, { config, quotes: index, uri: 'b.article' }).result.findings;
      const alone = service.open(text, { config });
      const merged = withQuoteConflicts(alone.result.findings, alone.quotePart()!, index, 'b.article');
      if (name.startsWith('a directive')) {
        // Directives decide what is left of a conflict: the caller analyses again.
        assert.equal(merged, undefined);
        assert.ok(full.some((f) => f.ruleId === 'quote-conflict'));
        return;
      }
      assert.deepEqual(merged, full);
      assert.equal(full.some((f) => f.ruleId === 'quote-conflict'), name !== 'no conflict');
    });
  }

  it('says which word differs in plain text, for each kind of difference', () => {
    const index = new QuoteIndex();
    index.set('earlier.article', fingerprints(EARLIER));
    const said = (quote: string) =>
      service
        .open(`Publication: X Volume: 1 Issue: 1\n\n“${quote},” Tomas Varga said (Coastline Radio, March 20).\n`, { config, quotes: index, uri: 'b.article' })
        .result.findings.filter((f) => f.ruleId === 'quote-conflict')
        .map((f) => f.message);
    assert.deepEqual(said('We will not accept any deal that ignores our fishermen'), ['A quotation in earlier.article has the same words but one: one word is different: ‘any’ here.']);
    assert.deepEqual(said('We will not accept a deal that ignores our own fishermen'), ['A quotation in earlier.article has the same words but one: this one adds the word ‘own’.']);
    assert.deepEqual(said('We will not accept a deal that ignores fishermen'), ['A quotation in earlier.article has the same words but one: this one drops a word after ‘ignores’.']);
  });

  it('adds nothing when the rule is off', () => {
    const off = service.parseConfig(`${CONFIG}rules:\n  quote-conflict: off\n`).config;
    const index = new QuoteIndex();
    index.set('earlier.article', fingerprints(EARLIER));
    const alone = service.open(LATER, { config: off });
    assert.equal(alone.quotePart()!.severity, 'off');
    assert.deepEqual(withQuoteConflicts(alone.result.findings, alone.quotePart()!, index, 'b.article'), service.open(LATER, { config: off, quotes: index, uri: 'b.article' }).result.findings);
  });

  function fingerprints(text: string) {
    return quoteFingerprints(service.analyze(text, { config }).article!, config);
  }
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

  it('reads each file once, and lets directives decide what is left of a conflict', async () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'third.article'), LATER.replace('Lena Okafor spoke first. ', 'Lena Okafor spoke first.\n<!-- dateline-disable-next-line quote-conflict -->\n'));
    fs.writeFileSync(path.join(dir, 'unused.article'), 'Publication: X Volume: 1 Issue: 1\n\n<!-- dateline-disable-next-line quote-conflict -->\n“Nobody else says this sentence anywhere,” Okafor said (Coastline Radio, March 1).\n');
    const opened: string[] = [];
    // The module object itself, which files.ts calls through (the import above is a frozen namespace).
    const fsModule = createRequire(__filename)('node:fs') as typeof fs;
    const original = fsModule.openSync;
    const spy = mock.method(fsModule, 'openSync', (file: fs.PathLike, ...rest: unknown[]) => {
      opened.push(String(file));
      return (original as (...a: unknown[]) => number)(file, ...rest);
    });
    let stdout = '';
    try {
      await runCli(['check', '.', '--format', 'json'], { cwd: dir, stdin: Readable.from([]), stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined } });
    } finally {
      spy.mock.restore();
    }
    const found = (JSON.parse(stdout) as { file: string; code: string }[]).filter((f) => f.code === 'quote-conflict' || f.code === 'suppression-unused').map((f) => [f.file, f.code]);
    assert.deepEqual(found, [
      ['earlier.article', 'quote-conflict'],
      ['later.article', 'quote-conflict'],
      ['unused.article', 'suppression-unused'],
    ]);
    const articles = opened.filter((f) => f.endsWith('.article')).map((f) => path.basename(f)).sort();
    // third.article has a directive and a conflict: it is read a second time; the others once.
    assert.deepEqual(articles, ['earlier.article', 'later.article', 'third.article', 'third.article', 'unused.article']);
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
