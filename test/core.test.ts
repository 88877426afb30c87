import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RULES } from '../server/core/index';
import { analyse, check, loadFixtures, mapSpan, service } from './support/check';
import { parseMarkers } from './support/markers';

const SEED = join(__dirname, '..', '..', 'shared', 'reference', 'seed-article.txt');

const fixtures = loadFixtures();

describe('core fixtures', () => {
  for (const fixture of fixtures) {
    test(fixture.name, () => {
      check(fixture.source, { fileName: fixture.name, configText: fixture.configText, workspace: fixture.workspace });
    });
  }
});

describe('candidates for an empty source', () => {
  const fixture = fixtures.find((f) => f.name === 'empty-source-workspace.article')!;
  const titles = (configText?: string, workspace = fixture.workspace) => {
    const { findings } = analyse(parseMarkers(fixture.source).text, { fileName: fixture.name, configText, workspace });
    return findings.find((f) => f.ruleId === 'citation-empty-source')!.fixes?.map((f) => f.title) ?? [];
  };

  test('without a registry: the sources the workspace cites, most cited first; nothing when there is nothing to go on', () => {
    assert.deepEqual(titles(), ['Cite ‘Harbor Wire’', 'Cite ‘Nordpress’']);
    assert.deepEqual(titles(undefined, []), []);
  });

  test('with a registry: the article’s registry sources, then those the workspace cites, then the rest; never an unknown one', () => {
    const configText = 'sources:\n  - name: APA\n  - name: Kestrel Agency\n  - name: Nordpress\n  - name: Harbor Wire\n    aliases: [HW]\n';
    const workspace = [
      { name: 'one.article', text: 'Publication: Harbour Ledger Volume: 4 Issue: 1\n\nDues rose (HW, Feb. 27). The council met (Nordpres, Feb. 28).\n' },
      { name: 'two.article', text: 'Publication: Harbour Ledger Volume: 4 Issue: 3\n\nThe vote moved (HW, March 6). Boats waited (Nordpres, March 7).\n' },
      { name: 'three.article', text: 'Publication: Harbour Ledger Volume: 4 Issue: 4\n\nThe quay closed (Nordpres, March 9).\n' },
    ];
    const cited = { ...fixture, source: fixture.source.replace('this week', 'this week (APA, March 2) and again') };
    const { findings } = analyse(parseMarkers(cited.source).text, { fileName: fixture.name, configText, workspace });
    const candidates = findings.find((f) => f.ruleId === 'citation-empty-source')!.fixes!.map((f) => f.title);
    // ‘Nordpres’ is the workspace's most cited, but unknown: the registry's ‘Nordpress’ keeps its place.
    assert.deepEqual(candidates, ['Cite ‘APA’', 'Cite ‘Harbor Wire’', 'Cite ‘Kestrel Agency’', 'Cite ‘Nordpress’']);
    assert.deepEqual(titles(configText, workspace), ['Cite ‘Harbor Wire’', 'Cite ‘APA’', 'Cite ‘Kestrel Agency’', 'Cite ‘Nordpress’']);
  });
});

describe('fixture coverage', () => {
  test('every article rule is marked in some fixture', () => {
    const marked = new Set(fixtures.flatMap((f) => parseMarkers(f.source).expected.map((e) => e.ruleId)));
    const articleRules = RULES.filter((r) => r.scope === 'article').map((r) => r.id);
    assert.deepEqual(articleRules.filter((id) => !marked.has(id)), []);
  });

  test('every marked rule id exists', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const f of fixtures) {
      for (const e of parseMarkers(f.source).expected) assert.ok(ids.has(e.ruleId), `${f.name}: unknown rule id ${e.ruleId}`);
    }
  });

  test('every fixture with a config is one the config changes', () => {
    // A sidecar config that changes nothing would make the fixture test less than it claims.
    for (const f of fixtures.filter((x) => x.configText !== undefined)) {
      const { text, expected } = parseMarkers(f.source);
      const without = analyse(text, { fileName: f.name }).findings;
      const same = without.length === expected.length && without.every((x) => expected.some((e) => e.ruleId === x.ruleId && e.start === x.span.start && e.end === x.span.end));
      assert.ok(!same, `${f.name}: gives the same findings without its dateline.yaml`);
    }
  });
});

describe('seed article', { skip: !existsSync(SEED) && 'the shared reference folder is absent' }, () => {
  test('exactly the two empty-source citations', () => {
    const text = readFileSync(SEED, 'utf8');
    const { findings } = analyse(text, { fileName: 'seed-article.txt' });
    const summary = findings.map((f) => ({ ruleId: f.ruleId, text: text.slice(f.span.start, f.span.end), range: f.range }));
    assert.deepEqual(summary, [
      { ruleId: 'citation-empty-source', text: '(, July 1)', range: { start: { line: 12, character: 272 }, end: { line: 12, character: 282 } } },
      { ruleId: 'citation-empty-source', text: '(, June 28)', range: { start: { line: 14, character: 457 }, end: { line: 14, character: 468 } } },
    ]);
  });
});

describe('analysis facade', () => {
  test('a config severity replaces the default one', () => {
    const fixture = fixtures.find((f) => f.name === 'rules-severity.article')!;
    const { findings } = check(fixture.source, { fileName: fixture.name, configText: fixture.configText });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['quote-uncited', 'error']]);
  });

  test('editor overrides apply, and the workspace config wins over them', () => {
    const text = 'Publication: Caspian Review Volume: 12 Issue: 48\n\nA quotation “with enough words to count here” and no citation.\n';
    const override = service.analyze(text, { severityOverrides: { 'quote-uncited': 'hint' } });
    assert.deepEqual(override.findings.map((f) => [f.ruleId, f.severity]), [['quote-uncited', 'hint']]);
    const config = service.parseConfig('rules:\n  quote-uncited: error\n').config;
    const both = service.analyze(text, { config, severityOverrides: { 'quote-uncited': 'off' } });
    assert.deepEqual(both.findings.map((f) => [f.ruleId, f.severity]), [['quote-uncited', 'error']]);
  });

  test('a file over the size limit is skipped with one file-skipped finding', () => {
    const text = 'Publication: Caspian Review Volume: 12 Issue: 48\n\n(, July 1)\n';
    const result = service.analyze(text, { maxFileSize: 20 });
    assert.equal(result.skipped, 'too-large');
    assert.equal(result.article, undefined);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.span.start, f.span.end]), [['file-skipped', 0, 0]]);
    // At the limit exactly the file is still analysed.
    assert.equal(service.analyze(text, { maxFileSize: text.length }).skipped, undefined);
  });

  test('a binary file is skipped', () => {
    const result = service.analyze('Publication: X\u0000\u0000\u0001');
    assert.equal(result.skipped, 'binary');
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['file-skipped']);
  });

  test('turning file-skipped off leaves a skipped file silent', () => {
    const config = service.parseConfig('rules:\n  file-skipped: off\n').config;
    const result = service.analyze('x'.repeat(30), { maxFileSize: 10, config });
    assert.equal(result.skipped, 'too-large');
    assert.deepEqual(result.findings, []);
  });

  test('per-registry structures are built once per registry, and again for a new one', () => {
    const config = service.parseConfig(readFileSync(join(__dirname, 'fixtures', 'core', 'actors.dateline.yaml'), 'utf8')).config;
    // Count reads of the registry's entries: building any structure from it reads them all.
    let reads = 0;
    const counted = (actors: typeof config.actors) =>
      new Proxy(actors, {
        get(target, key, receiver) {
          if (key === Symbol.iterator || (typeof key === 'string' && /^\d+$/.test(key))) reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    const text = 'Publication: Caspian Review Volume: 1 Issue: 1\nDate: July 9, 2008\n\nVoss spoke first. Then Arlen Voss and Brandt left.\n';
    const first = { ...config, actors: counted(config.actors) };
    const findings = service.analyze(text, { config: first }).findings.map((f) => f.ruleId);
    assert.ok(findings.includes('actor-first-mention'), 'the registry is used');
    service.complete(text, text.indexOf('Brandt') + 2, { config: first });
    assert.ok(reads > 0);
    const afterFirst = reads;
    service.analyze(text.replace('left', 'went home'), { config: first });
    service.complete(text, text.indexOf('Brandt') + 2, { config: first });
    assert.equal(reads, afterFirst, 'the same registry is not read again');
    // A new registry version (another array) gets its own structures.
    service.analyze(text, { config: { ...config, actors: counted([...config.actors]) } });
    assert.ok(reads > afterFirst);
  });

  test('a registry file is parsed once per version', () => {
    const text = readFileSync(join(__dirname, '..', 'examples', 'actors.yaml'), 'utf8');
    const first = service.parseActors(text, 'actors.yaml');
    assert.ok(first.actors.length > 0);
    assert.equal(service.parseActors(text, 'actors.yaml').actors, first.actors, 'the same text gives the same parse');
    const changed = service.parseActors(text.replace('Tomas Varga', 'Tomas Vargha'), 'actors.yaml');
    assert.notEqual(changed.actors, first.actors);
    assert.ok(changed.actors.some((a) => a.name === 'Tomas Vargha'));
    assert.notEqual(service.parseActors(text, 'other.yaml').actors, first.actors, 'another file has its own parse');
    // Callers may change the findings they get; the kept parse does not change.
    const duplicate = `${text}\n- id: tomas-varga\n  name: Tomas Varga Jr\n`;
    const count = service.parseActors(duplicate, 'actors.yaml').findings.length;
    assert.ok(count > 0);
    service.parseActors(duplicate, 'actors.yaml').findings.splice(0);
    assert.equal(service.parseActors(duplicate, 'actors.yaml').findings.length, count);
  });

  test('Markdown counts as an article only with publication front matter or an include match', () => {
    const withField = '---\npublication: Caspian Review\n---\n\nText.\n';
    const withoutField = '---\ntitle: Notes\n---\n\nText.\n';
    assert.equal(service.isArticle('markdown', withField, undefined, undefined), true);
    assert.equal(service.isArticle('markdown', withoutField, undefined, undefined), false);
    assert.equal(service.isArticle('markdown', 'Publication: Caspian Review\n\nText.\n', undefined, undefined), false);
    assert.equal(service.isArticle('markdown', '\ufeff' + withField, undefined, undefined), true);
    assert.equal(service.isArticle('markdown', withField.replace(/\n/g, '\r\n'), undefined, undefined), true);
    const config = service.parseConfig('include: ["articles/**/*.md"]\n').config;
    assert.equal(service.isArticle('markdown', withoutField, 'articles/2008/port.md', config), true);
    assert.equal(service.isArticle('markdown', withoutField, 'articles\\2008\\port.md', config), true);
    assert.equal(service.isArticle('markdown', withoutField, 'drafts/port.md', config), false);
    assert.equal(service.isArticle('article', '', undefined, undefined), true);
    // Front matter of any size; unclosed front matter ends at its first blank line.
    const keys = Array.from({ length: 5000 }, (_, i) => `key${i}: value ${i}\n`).join('');
    assert.ok(keys.length > 64 * 1024);
    assert.equal(service.isArticle('markdown', `---\n${keys}publication: Caspian Review\n---\n\nText.\n`, undefined, undefined), true);
    assert.equal(service.isArticle('markdown', `---\n${keys}title: Notes\n---\n\npublication: no\n`, undefined, undefined), false);
    assert.equal(service.isArticle('markdown', '---\npublication: Caspian Review\n\nText.\n', undefined, undefined), true);
    assert.equal(service.isArticle('markdown', '---\ntitle: Notes\n\npublication: no\n', undefined, undefined), false);
  });

  test('a file the exclude globs match is never an article, whatever its flavor', () => {
    const { config, findings } = service.parseConfig('include: ["**/*.md"]\nexclude: ["drafts/**", "*.tmp.article"]\n');
    assert.deepEqual(findings, []);
    const md = '---\npublication: Caspian Review\n---\n\nText.\n';
    assert.equal(service.isArticle('markdown', md, 'drafts/port.md', config), false);
    assert.equal(service.isArticle('article', '', 'drafts/2024/port.article', config), false);
    assert.equal(service.isArticle('article', '', 'drafts\\port.article', config), false);
    assert.equal(service.isArticle('article', '', 'notes.tmp.article', config), false);
    assert.equal(service.isArticle('article', '', 'articles/port.article', config), true);
    assert.equal(service.isArticle('markdown', md, 'articles/port.md', config), true);
    const bad = service.parseConfig('exclude: 3\n').findings.map((f) => f.message);
    assert.deepEqual(bad, ['‘exclude’ is 3; it should be a glob or a list of globs, such as ["drafts/**"].']);
    const long = service.parseConfig(`exclude: ["${'a/'.repeat(200)}**"]\n`);
    assert.deepEqual(long.config.exclude, []);
    assert.equal(long.findings.length, 1);
  });

  test('the marker parser rejects broken markers', () => {
    assert.throws(() => parseMarkers('a ⟦b'), /never closes/);
    assert.throws(() => parseMarkers('a b⟧{x}'), /closes nothing/);
    assert.throws(() => parseMarkers('a ⟦b⟧ c'), /needs a \{rule-id\}/);
    assert.throws(() => parseMarkers('a ⟦b⟧{Bad Id}'), /bad rule id/);
    assert.deepEqual(parseMarkers('a⟦⟦b⟧{x}c⟧{y,z}⟦⟧{w}'), {
      text: 'abc',
      expected: [
        { ruleId: 'x', start: 1, end: 2 },
        { ruleId: 'y', start: 1, end: 3 },
        { ruleId: 'z', start: 1, end: 3 },
        { ruleId: 'w', start: 3, end: 3 },
      ],
    });
  });

  test('an impossible day names the year only when the writer gave it or it decides February', () => {
    const header = 'Publication: Caspian Review Volume: 12 Issue: 48\nDate: 2010-03-01\n\n';
    const messages = (body: string) => service.analyze(header + body).findings.map((f) => f.message);
    assert.deepEqual(messages('Late (Caspian Wire, Sept. 31).'), ['September has 30 days; there is no September 31.']);
    assert.deepEqual(messages('Late (Caspian Wire, Sept. 31, 2009).'), ['September 2009 has 30 days; there is no September 31.']);
    assert.deepEqual(messages('Late (Caspian Wire, Feb. 29).'), ['February 2010 has 28 days; there is no February 29.']);
    // Without an article date the year of a leap day is unknown, so it may be real.
    assert.deepEqual(service.analyze('Publication: Caspian Review Volume: 12 Issue: 48\n\nLate (Caspian Wire, Feb. 29).').findings, []);
  });

  test('spans map through fix edits the way the fixed text moves', () => {
    const insert = [{ span: { start: 5, end: 5 }, newText: ',' }];
    assert.deepEqual(mapSpan({ start: 0, end: 9 }, insert), { start: 0, end: 10 });
    assert.deepEqual(mapSpan({ start: 5, end: 9 }, insert), { start: 5, end: 10 });
    assert.deepEqual(mapSpan({ start: 0, end: 5 }, insert), { start: 0, end: 6 });
    assert.deepEqual(mapSpan({ start: 7, end: 9 }, insert), { start: 8, end: 10 });
    const replace = [{ span: { start: 4, end: 8 }, newText: 'July' }, { span: { start: 10, end: 12 }, newText: '' }];
    assert.deepEqual(mapSpan({ start: 4, end: 8 }, replace), { start: 4, end: 8 });
    assert.deepEqual(mapSpan({ start: 0, end: 4 }, replace), { start: 0, end: 4 });
    assert.deepEqual(mapSpan({ start: 12, end: 15 }, replace), { start: 10, end: 13 });
    assert.deepEqual(mapSpan({ start: 6, end: 11 }, [{ span: { start: 4, end: 8 }, newText: 'Jul' }]), { start: 4, end: 10 });
  });

  test('check reports missing and unexpected findings with their place and text', () => {
    const source = 'Publication: Caspian Review Volume: 12 Issue: 48\n\nUnsourced ⟦(Caspian Wire, July 2)⟧{citation-empty-source} and (, July 1).\n';
    assert.throws(() => check(source), (e: Error) => {
      assert.match(e.message, /Missing \(marked, not found\):\n {2}citation-empty-source at 3:11-3:33 "\(Caspian Wire, July 2\)"/);
      assert.match(e.message, /Unexpected \(found, not marked\):\n {2}citation-empty-source at 3:38-3:48 "\(, July 1\)"/);
      return true;
    });
  });
});
