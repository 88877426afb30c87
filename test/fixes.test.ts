import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { addActorEdit, addSourceEdit, canonicalSource, unknownNameAt } from '../server/core/configEdits';
import { applyEdits, createLanguageService, suppressionFix, type Finding, type Fix } from '../server/core/index';
import { runCli } from '../server/node/cliMain';
import { analyse, FIXTURES, loadFixtures, open, type CheckOptions } from './support/check';
import { assertFixCloses } from './support/fixChecker';
import { parseMarkers } from './support/markers';

const service = createLanguageService();
const examplesDir = path.join(__dirname, '..', 'examples');

interface Case {
  name: string;
  text: string;
  options: CheckOptions;
}

/** Every fixture and example article, as written, with CRLF line ends, and after a line of astral characters. */
function cases(): Case[] {
  const base: Case[] = loadFixtures().map((f) => ({ name: f.name, text: parseMarkers(f.source).text, options: { fileName: f.name, configText: f.configText, workspace: f.workspace } }));
  const exampleConfig = service.parseConfig(fs.readFileSync(path.join(examplesDir, 'dateline.yaml'), 'utf8')).config;
  exampleConfig.actors = service.parseActors(fs.readFileSync(path.join(examplesDir, 'actors.yaml'), 'utf8')).actors;
  for (const name of fs.readdirSync(path.join(examplesDir, 'articles'))) {
    base.push({ name: `examples/${name}`, text: fs.readFileSync(path.join(examplesDir, 'articles', name), 'utf8'), options: { fileName: name, config: exampleConfig, relativePath: `articles/${name}` } });
  }
  const variants: Case[] = [];
  for (const c of base) {
    variants.push(c);
    variants.push({ ...c, name: `${c.name} (CRLF)`, text: c.text.replace(/\r\n?|\n/g, '\r\n') });
    // Astral characters on the line of each finding shift UTF-16 columns; put some in the body.
    variants.push({ ...c, name: `${c.name} (astral)`, text: c.text.replace(/(\n\n)([^\n])/, '$1𝒜𝒷 🗞️ $2') });
  }
  return variants;
}

/** Applies one fix and checks the closed loop: its finding goes, no error appears, nothing else moves. */
function assertClosedLoop(c: Case, finding: Finding, fix: Fix): void {
  assertFixCloses(c.text, finding, fix, (text) => analyse(text, c.options).findings, c.name);
}

describe('every quick fix closes its loop', () => {
  let checked = 0;
  for (const c of cases()) {
    it(c.name, () => {
      const { findings } = analyse(c.text, c.options);
      for (const finding of findings) {
        for (const fix of finding.fixes ?? []) {
          assertClosedLoop(c, finding, fix);
          checked++;
        }
      }
    });
  }
  it('checked a meaningful number of fixes', () => {
    assert.ok(checked >= 60, `only ${checked} fixes were exercised`);
  });
});

describe('fix-all snapshots next to the fixtures', () => {
  // `<fixture>.fixed` holds what fix-all makes of a fixture; UPDATE_FIXED=1 writes them afresh.
  const update = process.env.UPDATE_FIXED === '1';
  const fixtures = loadFixtures();
  for (const f of fixtures) {
    it(f.name, () => {
      const options: CheckOptions = { fileName: f.name, configText: f.configText, workspace: f.workspace };
      const text = parseMarkers(f.source).text;
      const fixed = open(text, options).fixAll().text;
      const file = path.join(FIXTURES, `${f.name}.fixed`);
      if (fixed === text) {
        if (update && fs.existsSync(file)) fs.rmSync(file);
        assert.equal(fs.existsSync(file), false, `${f.name}: fix-all changes nothing, but ${f.name}.fixed says it does`);
        return;
      }
      if (update) fs.writeFileSync(file, fixed);
      assert.ok(fs.existsSync(file), `${f.name}: fix-all changes the text; write ${f.name}.fixed (UPDATE_FIXED=1)`);
      assert.equal(fixed, fs.readFileSync(file, 'utf8'), `${f.name}: fix-all no longer gives ${f.name}.fixed`);
      // The snapshot re-checked: nothing left for fix-all, and no error it did not have before.
      assert.equal(open(fixed, options).fixAll().fixed, 0, `${f.name}.fixed: fix-all would still change it`);
      const before = new Map<string, number>();
      for (const x of analyse(text, options).findings) if (x.severity === 'error') before.set(x.ruleId, (before.get(x.ruleId) ?? 0) + 1);
      const after = new Map<string, number>();
      for (const x of analyse(fixed, options).findings) if (x.severity === 'error') after.set(x.ruleId, (after.get(x.ruleId) ?? 0) + 1);
      for (const [rule, n] of after) assert.ok(n <= (before.get(rule) ?? 0), `${f.name}.fixed: a new ${rule} error`);
    });
  }
  it('has no snapshot without its fixture, and some fixtures that fix-all changes', () => {
    const names = new Set(fixtures.map((f) => `${f.name}.fixed`));
    const snapshots = fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.fixed'));
    assert.deepEqual(snapshots.filter((n) => !names.has(n)), []);
    assert.ok(snapshots.length >= 5, `only ${snapshots.length} snapshots`);
  });
});

describe('"Ignore ‹rule› on this line" silences exactly its finding', () => {
  let checked = 0;
  for (const c of cases()) {
    it(c.name, () => {
      const { findings, result } = analyse(c.text, c.options);
      for (const finding of findings) {
        if (finding.ruleId === 'suppression-unused') continue;
        const fix = suppressionFix(result!.article!, finding);
        assert.ok(fix, `${c.name}: no ignore fix for ${finding.ruleId}`);
        assert.equal(fix.safe, false);
        assertClosedLoop(c, finding, fix);
        const after = analyse(applyEdits(c.text, fix.edits), c.options).findings;
        const label = `${c.name}: ignoring ${finding.ruleId} at ${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
        const unused = (list: readonly Finding[]) => list.filter((f) => f.ruleId === 'suppression-unused').length;
        assert.equal(unused(after), unused(findings), `${label}: the new directive is unused`);
        // Every finding of the rule on that line goes (or in the file, for one in the header); nothing else changes.
        const inFile = fix.title.endsWith('in this file');
        const gone = findings.filter((f) => f.ruleId === finding.ruleId && (inFile || f.range.start.line === finding.range.start.line)).length;
        assert.equal(after.length, findings.length - gone, `${label}: other findings changed:\n${after.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
        checked++;
      }
    });
  }
  it('checked a meaningful number of findings', () => {
    assert.ok(checked >= 60, `only ${checked} findings were ignored`);
  });

  it('adds the id to a directive already above the line, and keeps the line ending', () => {
    const text = 'Publication: X Volume: 1 Issue: 1\r\n\r\n<!-- dateline-disable-next-line citation-empty-source -->\r\n“A quotation of many words here,” she said (, July 3).\r\n';
    const { findings, result } = analyse(text.replace('(, July 3)', 'today'));
    const fix = suppressionFix(result!.article!, findings.find((f) => f.ruleId === 'quote-uncited')!)!;
    assert.equal(applyEdits(text.replace('(, July 3)', 'today'), fix.edits), text.replace('citation-empty-source', 'citation-empty-source quote-uncited').replace('(, July 3)', 'today'));
    const fresh = 'Publication: X Volume: 1 Issue: 1\r\n\r\n“A quotation of many words here,” she said.\r\n';
    const one = analyse(fresh);
    const f2 = suppressionFix(one.result!.article!, one.findings[0])!;
    assert.equal(f2.title, 'Ignore quote-uncited on this line');
    assert.equal(applyEdits(fresh, f2.edits), fresh.replace('\r\n\r\n“', '\r\n\r\n<!-- dateline-disable-next-line quote-uncited -->\r\n“'));
  });
});

describe('fixes for each rule', () => {
  const fixOf = (text: string, rule: string, config?: CheckOptions) => {
    const finding = analyse(text, config).findings.find((f) => f.ruleId === rule);
    assert.ok(finding, `no ${rule} finding`);
    return { finding, fixed: (i = 0) => applyEdits(text, finding.fixes![i].edits) };
  };
  const header = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2021-03-15\n\n';

  it('an empty source gets one action per registry source, those the article cites first, never a flagged one', () => {
    const config = { configText: 'sources:\n  - name: Baltic Wire\n  - name: Coastline Radio\n    aliases: [CR]\n' };
    // `Baltc Wire` is the article's most cited source, but the registry does not know it.
    const text = `${header}The vote passed (Baltc Wire, March 12). Fishermen objected (, March 13). Others agreed (Baltc Wire, March 14; CR, March 14).\n`;
    const { finding, fixed } = fixOf(text, 'citation-empty-source', config);
    assert.deepEqual(finding.fixes!.map((f) => f.title), ['Cite ‘Coastline Radio’', 'Cite ‘Baltic Wire’']);
    assert.ok(fixed(1).includes('(Baltic Wire, March 13)'));
    // Without a registry the article's own sources are all there is to go on.
    const bare = fixOf(text, 'citation-empty-source').finding;
    assert.deepEqual(bare.fixes!.map((f) => f.title), ['Cite ‘Baltc Wire’', 'Cite ‘CR’']);
    assert.ok(finding.fixes!.every((f) => !f.safe), 'a choice is never applied by fix-all');
  });

  it('add citation goes after the attribution and before the final punctuation', () => {
    const text = `${header}The mayor spoke first (Coastline Radio, March 14). “We have waited eleven years for this,” she said.\n`;
    const { fixed, finding } = fixOf(text, 'quote-uncited');
    assert.ok(fixed().includes('” she said (Coastline Radio, March 15).'), fixed());
    assert.equal(finding.fixes![0].snippetText, ' (${1:Coastline Radio}, ${2:March 15})');
  });

  it('add citation never prefills a flagged source, and leaves the source empty with nothing to go on', () => {
    const configText = 'sources:\n  - name: Baltic Wire\n';
    const text = `${header}It rained (Baltc Wire, March 14). “We have waited eleven years for this,” she said.\n`;
    assert.equal(fixOf(text, 'quote-uncited', { configText }).finding.fixes![0].snippetText, ' (${1:Baltic Wire}, ${2:March 15})');
    const none = `${header}“We have waited eleven years for this,” she said.\n`;
    assert.equal(fixOf(none, 'quote-uncited').finding.fixes![0].snippetText, ' (${1:}, ${2:March 15})');
  });

  it('add citation after a quotation that ends its sentence', () => {
    const text = `${header}She was blunt: “We have waited eleven years for this.” Then she left.\n`;
    // Nothing to go on (no registry, no citation in the article): the source is left empty, not guessed.
    assert.ok(fixOf(text, 'quote-uncited').fixed().includes('for this.” (, March 15) Then'));
  });

  it('a missing required field is added in the header’s own spelling', () => {
    const lines = 'Publication: Harbour Ledger\nVolume: 3\n\nBody text.\n';
    assert.equal(fixOf(lines, 'front-matter-required').fixed(), 'Publication: Harbour Ledger\nVolume: 3\nIssue: 1\n\nBody text.\n');
    const yaml = '---\npublication: Harbour Ledger\nissue: 4\n---\n\nBody text.\n';
    assert.equal(fixOf(yaml, 'front-matter-required').fixed(), '---\npublication: Harbour Ledger\nissue: 4\nvolume: 1\n---\n\nBody text.\n');
  });

  it('an unknown field is renamed, a duplicate removed, a month respelt, a comma inserted, a date normalised', () => {
    assert.ok(fixOf(`Publication: X\nVolumee: 3\nIssue: 2\n\nText.\n`, 'front-matter-unknown-field').fixed().includes('\nVolume: 3\n'));
    assert.equal(fixOf(`${header}Issue: 13\n\nText.\n`.replace('\n\nIssue', '\nIssue'), 'front-matter-duplicate-field').fixed(), `${header}Text.\n`.replace('\n\nText', '\n\nText'));
    assert.ok(fixOf(`${header}It rained (APA, Juyl 3).\n`, 'citation-invalid-date').fixed().includes('(APA, July 3)'));
    assert.ok(fixOf(`${header}It rained (APA July 3).\n`, 'citation-malformed').fixed().includes('(APA, July 3)'));
    assert.ok(fixOf(`${header}It rained (APA, 3 Aug).\n`, 'citation-malformed').fixed().includes('(APA, Aug. 3)'));
  });

  it('actor-first-mention uses the full name, keeping a possessive', () => {
    const configText = 'actors:\n  - id: anja-holm\n    name: Anja Holm\n    aliases: [Holm]\n';
    const text = `${header}Holm’s plan passed. Anja Holm thanked the council (Harbour Gazette, March 14).\n`;
    assert.ok(fixOf(text, 'actor-first-mention', { configText }).fixed().startsWith(`${header}Anja Holm’s plan passed.`));
  });
});

describe('safe and editorial fixes', () => {
  const header = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2021-03-15\n\n';
  const kinds = (text: string, configText?: string) =>
    [...new Set(analyse(text, { configText }).findings.flatMap((f) => (f.fixes ?? []).map((x) => `${f.ruleId}: ${x.safe ? 'safe' : 'editorial'}`)))];

  it('restoring what the text meant is safe; choosing words is editorial', () => {
    const configText = 'sources:\n  - name: Baltic Wire\nactors:\n  - id: anja-holm\n    name: Anja Holm\n    aliases: [Holm]\n';
    const text = `${header}Holm spoke (Baltic Wire March 3). It rained (Baltic Wire, Juyl 4). It poured (Baltc Wire, March 5). Then (, March 6). “We have waited eleven years for this,” she said.\n`;
    assert.deepEqual(kinds(text, configText), [
      'actor-first-mention: editorial',
      'citation-malformed: safe',
      'citation-invalid-date: safe',
      'citation-unknown-source: editorial',
      'citation-empty-source: editorial',
      'quote-uncited: editorial',
    ]);
    assert.deepEqual(kinds('Publication: Harbour Ledger\nIssue: 2\n\nText.\n'), ['front-matter-required: editorial']);
    assert.deepEqual(kinds('Just prose, no header at all.\n'), ['front-matter-missing: editorial']);
  });

  it('a repeated field is safe to remove only when it repeats the same value', () => {
    assert.deepEqual(kinds('Publication: X\nVolume: 3\nIssue: 2\nVolume: 3\n\nText.\n'), ['front-matter-duplicate-field: safe']);
    assert.deepEqual(kinds('Publication: X\nVolume: 3\nIssue: 2\nVolume: 4\n\nText.\n'), ['front-matter-duplicate-field: editorial']);
  });

  it('actor-first-mention is an info finding that fix-all leaves to the writer', () => {
    const configText = 'actors:\n  - id: anja-holm\n    name: Anja Holm\n    aliases: [Holm]\n';
    const text = `${header}Holm’s plan passed (Baltic Wire, March 3). It rained (APA July 3).\n`;
    const config = service.parseConfig(configText).config;
    const { text: fixed, result } = service.fixAll(text, { config });
    assert.equal(fixed, text.replace('(APA July 3)', '(APA, July 3)'));
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.severity]), [['actor-first-mention', 'info']]);
  });
});

describe('edits to dateline.yaml and the actors file', () => {
  it('adds a source in the list’s own style', () => {
    const block = 'sources:\n  - name: Baltic Wire\n    aliases: [BW]\nrules: {}\n';
    assert.equal(applyEdits(block, [addSourceEdit(block, 'Harbour Gazette')]), 'sources:\n  - name: Baltic Wire\n    aliases: [BW]\n  - name: Harbour Gazette\nrules: {}\n');
    const flow = 'sources: [BW, MNA]\n';
    assert.equal(applyEdits(flow, [addSourceEdit(flow, 'Harbour Gazette')]), 'sources: [BW, MNA, Harbour Gazette]\n');
    const scalars = 'sources:\n- BW\n- MNA\n';
    assert.equal(applyEdits(scalars, [addSourceEdit(scalars, 'Harbour Gazette')]), 'sources:\n- BW\n- MNA\n- Harbour Gazette\n');
    const none = 'quotes:\n  minWords: 5';
    const added = applyEdits(none, [addSourceEdit(none, 'Harbour Gazette')]);
    assert.equal(added, 'quotes:\n  minWords: 5\nsources:\n  - name: Harbour Gazette\n');
    for (const text of [block, flow, scalars, none, block.replace(/\n/g, '\r\n')]) {
      const { config, findings } = service.parseConfig(applyEdits(text, [addSourceEdit(text, 'Harbour Gazette')]));
      assert.deepEqual(findings, []);
      assert.ok(config.sources.some((s) => s.name === 'Harbour Gazette'));
    }
  });

  it('adds an actor entry that the registry reads back', () => {
    for (const text of ['', '- id: anja-holm\n  name: Anja Holm\n', 'actors:\n  - id: anja-holm\n    name: Anja Holm\n']) {
      const edited = applyEdits(text, [addActorEdit(text, 'Peter Lund', 'person', ['anja-holm'])]);
      const { actors, findings } = service.parseActors(edited);
      assert.deepEqual(findings, [], edited);
      const peter = actors.find((a) => a.name === 'Peter Lund');
      assert.deepEqual({ id: peter?.id, aliases: peter?.aliases }, { id: 'peter-lund', aliases: ['Lund'] });
    }
  });

  it('finds a capitalised name nobody registered, and knows aliases', () => {
    const text = 'Publication: X Volume: 1 Issue: 1\n\nOn Monday Anja Holm’s deputy spoke to the council.\n';
    const article = service.analyze(text).article!;
    const at = text.indexOf('Holm');
    assert.deepEqual(unknownNameAt(article, at, new Set()), { span: { start: text.indexOf('Anja'), end: text.indexOf('’s deputy') }, name: 'Anja Holm' });
    assert.equal(unknownNameAt(article, at, new Set(['Anja Holm'])), undefined);
    assert.equal(unknownNameAt(article, text.indexOf('deputy'), new Set()), undefined);
    assert.equal(canonicalSource('BW', [{ name: 'Baltic Wire', aliases: ['BW'] }]), 'Baltic Wire');
    assert.equal(canonicalSource('Baltic Wire', [{ name: 'Baltic Wire', aliases: ['BW'] }]), undefined);
  });
});

describe('dateline check --fix', () => {
  const run = async (cwd: string, ...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { cwd, stdin: (async function* () {})(), stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
    return { code, stdout, stderr };
  };

  it('writes only files that change, atomically, keeping BOM and CRLF, and never touches an unparsable file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-fix-'));
    const fixable = '\uFEFFPublication: Harbour Ledger\r\nVolumee: 3\r\nIssue: 2\r\n\r\nIt rained (APA July 3). It poured (APA, Juyl 4).\r\n';
    const clean = 'Publication: Harbour Ledger Volume: 3 Issue: 2\n\nIt rained (APA, July 3).\n';
    const broken = '---\npublication: [unclosed\n---\n\nIt rained (APA July 3).\n';
    fs.writeFileSync(path.join(dir, 'fixable.article'), fixable);
    fs.writeFileSync(path.join(dir, 'clean.article'), clean);
    fs.writeFileSync(path.join(dir, 'broken.article'), broken);
    const cleanStat = fs.statSync(path.join(dir, 'clean.article'));
    const brokenStat = fs.statSync(path.join(dir, 'broken.article'));

    const first = await run(dir, 'check', '.', '--fix', '--format', 'json');
    const after = fs.readFileSync(path.join(dir, 'fixable.article'), 'utf8');
    assert.equal(after, '\uFEFFPublication: Harbour Ledger\r\nVolume: 3\r\nIssue: 2\r\n\r\nIt rained (APA, July 3). It poured (APA, July 4).\r\n');
    assert.match(first.stderr, /Fixed 3 problems in 1 file\./);
    // The report is of what is left: the broken file's problems, nothing of the fixed one.
    const left = JSON.parse(first.stdout) as { file: string; code: string }[];
    assert.ok(left.every((f) => f.file === 'broken.article'), JSON.stringify(left));
    assert.ok(left.some((f) => f.code === 'front-matter-syntax'));
    assert.equal(fs.statSync(path.join(dir, 'clean.article')).mtimeMs, cleanStat.mtimeMs);
    assert.equal(fs.statSync(path.join(dir, 'broken.article')).mtimeMs, brokenStat.mtimeMs);
    assert.equal(fs.readFileSync(path.join(dir, 'broken.article'), 'utf8'), broken);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['broken.article', 'clean.article', 'fixable.article']);

    const second = await run(dir, 'check', 'fixable.article', '--fix');
    assert.equal(second.code, 0);
    assert.match(second.stderr, /Fixed 0 problems in 0 files\./);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies safe fixes only: an editorial one stays for the writer to choose', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-fix-'));
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'actors:\n  - id: anja-holm\n    name: Anja Holm\n    aliases: [Holm]\n');
    const text = 'Publication: Harbour Ledger Volume: 3 Issue: 2\n\nHolm had warned (APA July 3). Then (, July 4).\n';
    fs.writeFileSync(path.join(dir, 'a.article'), text);
    const r = await run(dir, 'check', '.', '--fix', '--format', 'json');
    assert.equal(fs.readFileSync(path.join(dir, 'a.article'), 'utf8'), text.replace('(APA July 3)', '(APA, July 3)'));
    assert.deepEqual((JSON.parse(r.stdout) as { code: string }[]).map((f) => f.code), ['actor-first-mention', 'citation-empty-source']);
    assert.equal(r.code, 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fixes standard input to standard output, with the report on standard error', async () => {
    const runIn = async (cwd: string, input: string, ...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, { cwd, stdin: (async function* () { yield Buffer.from(input); })(), stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
      return { code, stdout, stderr };
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-fix-'));
    const text = 'Publication: Harbour Ledger Volume: 3 Issue: 2\r\n\r\nIt rained (APA July 3). Then (, July 4).\r\n';
    const r = await runIn(dir, text, 'check', '-', '--fix');
    assert.equal(r.stdout, text.replace('(APA July 3)', '(APA, July 3)'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^<stdin>:3:\d+ error .*\[citation-empty-source\]$/m);
    assert.match(r.stderr, /^Fixed 1 problem in 1 file\.$/m);
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing is written');
    // A name that dateline.yaml excludes: reported as excluded, the text passes through unchanged.
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'exclude: ["drafts/**"]\n');
    const excluded = await runIn(dir, text, 'check', '-', '--fix', '--stdin-filename', 'drafts/a.article');
    assert.equal(excluded.stdout, text);
    assert.match(excluded.stderr, /'drafts\/a\.article' is excluded/);
    const named = await runIn(dir, text, 'check', '-', '--stdin-filename', 'desk/a.article', '--format', 'json');
    assert.deepEqual((JSON.parse(named.stdout) as { file: string }[]).map((f) => f.file), ['desk/a.article', 'desk/a.article']);
    assert.equal((await runIn(dir, text, 'check', 'x.article', '--stdin-filename', 'a.article')).code, 2, '--stdin-filename needs -');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
