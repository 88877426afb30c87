import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createLanguageService, LineIndex, type Finding } from '../server/core/index';
import { analyse, check } from './support/check';

const service = createLanguageService();

/** The span of ‘needle’ in ‘text’, searching from the first ‘after’ (to tell repeated words apart). */
function spanOf(text: string, needle: string, after = ''): { start: number; end: number } {
  const from = after ? text.indexOf(after) : 0;
  assert.ok(from >= 0, `no ${JSON.stringify(after)} in the text`);
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `no ${JSON.stringify(needle)} after ${JSON.stringify(after)}`);
  return { start, end: start + needle.length };
}

function only(findings: readonly Finding[], pattern: RegExp): Finding {
  const matching = findings.filter((f) => pattern.test(f.message));
  assert.equal(matching.length, 1, `expected one finding matching ${pattern}, got: ${JSON.stringify(findings.map((f) => f.message))}`);
  return matching[0];
}

/** Asserts a finding points exactly at ‘needle’ (after ‘after’), in offsets and in LSP range. */
function assertAt(text: string, finding: Finding, needle: string, after = ''): void {
  const span = spanOf(text, needle, after);
  assert.deepEqual(finding.span, span, `${finding.message} points at ${JSON.stringify(text.slice(finding.span.start, finding.span.end))}, not ${JSON.stringify(needle)}`);
  assert.deepEqual(finding.range, new LineIndex(text).rangeOf(span));
  assert.equal(finding.ruleId, 'config-invalid');
}

/** A config without its source positions, which move with the line endings. */
function settingsOf(config: unknown): unknown {
  return JSON.parse(JSON.stringify(config, (key, value) => (key === 'origin' || key === 'span' || key.endsWith('Span') ? undefined : value)));
}

function assertInside(text: string, findings: readonly Finding[]): void {
  const lines = new LineIndex(text);
  for (const f of findings) {
    assert.ok(f.range.start.line < lines.lineCount && f.range.end.line < lines.lineCount, `${f.message}: range outside the document`);
    assert.ok(f.range.start.line < f.range.end.line || f.range.start.character <= f.range.end.character, `${f.message}: range ends before it starts`);
  }
}

describe('valid config', () => {
  const text = [
    'schema:',
    '  fields:',
    '    desk:',
    '      type: enum',
    '      values: [Foreign, Economy]',
    '      required: true',
    '      description: The desk that edited the piece.',
    '    volume:',
    '      required: false',
    '    pages: { type: integer, min: 1, max: 40 }',
    'actors: actors.yaml',
    'sources:',
    '  - Caspian Wire',
    '  - name: Meridian Press',
    '    aliases: [Meridian, MP]',
    '    description: Regional business daily',
    'rules:',
    '  citation-unknown-source: warning',
    '  quote-uncited: OFF',
    '  quote-unbalanced: false',
    'quotes:',
    '  minWords: 3',
    'include: ["articles/**/*.md", "notes/*.md"]',
    '',
  ].join('\n');

  test('has no findings and applies every setting', () => {
    const { config, findings } = service.parseConfig(text);
    assert.deepEqual(findings, []);
    const desk = config.schema.find((f) => f.name === 'desk');
    assert.deepEqual(desk, { name: 'desk', types: ['enum'], required: true, description: 'The desk that edited the piece.', values: ['Foreign', 'Economy'] });
    assert.equal(config.schema.find((f) => f.name === 'volume')?.required, false);
    // A field given without `type` keeps its default type.
    assert.deepEqual(config.schema.find((f) => f.name === 'volume')?.types, ['integer']);
    assert.deepEqual(config.schema.find((f) => f.name === 'pages'), { name: 'pages', types: ['integer'], required: false, min: 1, max: 40 });
    assert.equal(config.schema.find((f) => f.name === 'issue')?.required, true, 'fields the config does not mention keep their defaults');
    assert.deepEqual(config.sources, [
      { name: 'Caspian Wire', aliases: [] },
      { name: 'Meridian Press', aliases: ['Meridian', 'MP'], description: 'Regional business daily' },
    ]);
    assert.equal(config.hasSourceRegistry, true);
    assert.deepEqual(config.severities, { 'citation-unknown-source': 'warning', 'quote-uncited': 'off', 'quote-unbalanced': 'off' });
    assert.equal(config.minWords, 3);
    assert.deepEqual(config.include, ['articles/**/*.md', 'notes/*.md']);
    assert.deepEqual(config.actorPaths, ['actors.yaml']);
  });

  test('an empty config gives the defaults', () => {
    for (const empty of ['', '\n', '# only a comment\n']) {
      const { config, findings } = service.parseConfig(empty);
      assert.deepEqual(findings, []);
      assert.equal(config.minWords, 4);
      assert.equal(config.hasSourceRegistry, false);
      assert.deepEqual(config.schema.filter((f) => f.required).map((f) => f.name), ['publication', 'volume', 'issue']);
    }
  });

  test('a single include glob is a list of one', () => {
    const { config, findings } = service.parseConfig('include: "articles/**/*.md"\n');
    assert.deepEqual(findings, []);
    assert.deepEqual(config.include, ['articles/**/*.md']);
    const notes = '---\ntitle: Harbor notes\n---\n\nText.\n';
    assert.equal(service.isArticle('markdown', notes, 'articles/2008/harbor.md', config), true);
    assert.equal(service.isArticle('markdown', notes, 'drafts/harbor.md', config), false);
  });

  test('CRLF line endings read the same', () => {
    const crlf = service.parseConfig(text.replace(/\n/g, '\r\n'));
    assert.deepEqual(crlf.findings, []);
    assert.deepEqual(settingsOf(crlf.config), settingsOf(service.parseConfig(text).config));
  });

  test('lone CR line endings read the same', () => {
    const cr = service.parseConfig(text.replace(/\n/g, '\r'));
    assert.deepEqual(cr.findings, []);
    assert.deepEqual(settingsOf(cr.config), settingsOf(service.parseConfig(text).config));
  });
});

describe('malformed config', () => {
  test('a YAML syntax error is reported, and what parsed still applies', () => {
    const text = 'quotes:\n  minWords: 2\nrules: {quote-uncited: error\n';
    const { config, findings } = service.parseConfig(text);
    const syntax = only(findings, /^dateline\.yaml cannot be read: on line \d+, /);
    assert.equal(syntax.severity, 'error');
    assert.equal(syntax.ruleId, 'config-invalid');
    // The flow mapping opened on line 2 never closes; the error is at or after that line.
    assert.ok(syntax.range.start.line >= 2, JSON.stringify(syntax.range));
    assertInside(text, findings);
    assert.equal(config.minWords, 2);
    assert.deepEqual(config.severities, { 'quote-uncited': 'error' });
  });

  test('a YAML error past the last line stays inside the text', () => {
    const text = 'quotes:\n  minWords: 2\nrules: {quote-uncited: error\n';
    for (const f of service.parseConfig(text).findings) assert.ok(f.span.end <= text.length, `${f.message}: ${f.span.start}-${f.span.end} of ${text.length}`);
  });

  test('a broken quotes section does not lose rules', () => {
    const text = 'quotes:\n  minWords: many\nrules:\n  quote-uncited: error\n';
    const { config, findings } = service.parseConfig(text);
    assert.equal(findings.length, 1);
    assertAt(text, findings[0], 'many');
    assert.match(findings[0].message, /minWords/);
    assert.equal(config.minWords, 4);
    assert.deepEqual(config.severities, { 'quote-uncited': 'error' });
  });

  test('values of the wrong type are reported at the value', () => {
    const text = [
      'schema: strict',
      'sources: Caspian Wire',
      'rules: [quote-uncited]',
      'quotes: 5',
      'include: 7',
      'actors: 12',
      '',
    ].join('\n');
    const { config, findings } = service.parseConfig(text);
    assert.equal(findings.length, 6, JSON.stringify(findings.map((f) => f.message)));
    assertAt(text, only(findings, /‘schema’ should be/), 'strict');
    assertAt(text, only(findings, /‘sources’ should be/), 'Caspian Wire');
    assertAt(text, only(findings, /‘rules’ should/), '[quote-uncited]');
    assertAt(text, only(findings, /‘quotes’ should be/), '5');
    assertAt(text, only(findings, /‘include’ is .*; it should be/), '7');
    assertAt(text, only(findings, /‘actors’ should be/), '12');
    for (const f of findings) assert.equal(f.severity, 'error');
    // Nothing half-applied: every setting keeps its default.
    assert.equal(config.hasSourceRegistry, false);
    assert.deepEqual(config.include, []);
    assert.equal(config.minWords, 4);
  });

  test('a list that mixes globs and numbers is not an include list', () => {
    const text = 'include: ["articles/*.md", 3]\n';
    const { config, findings } = service.parseConfig(text);
    assertAt(text, only(findings, /‘include’/), '["articles/*.md", 3]');
    assert.deepEqual(config.include, []);
  });

  test('unknown settings are warnings at the key, with a did-you-mean when one is close', () => {
    const text = 'rulez:\n  quote-uncited: off\ncolour: red\nquotes:\n  minWord: 2\nschema:\n  field: {}\n';
    const { findings } = service.parseConfig(text);
    assert.equal(findings.length, 4, JSON.stringify(findings.map((f) => f.message)));
    const rulez = only(findings, /‘rulez’/);
    assertAt(text, rulez, 'rulez');
    assert.match(rulez.message, /did you mean ‘rules’\?/);
    assert.equal(rulez.severity, 'warning');
    const colour = only(findings, /‘colour’/);
    assertAt(text, colour, 'colour');
    assert.doesNotMatch(colour.message, /did you mean/);
    assert.match(colour.message, /Known settings: schema, style, citations, attribution, actors, sources, rules, quotes, include/);
    assertAt(text, only(findings, /quotes setting ‘minWord’/), 'minWord');
    assertAt(text, only(findings, /schema setting ‘field’/), 'field');
    for (const f of findings) assert.equal(f.severity, 'warning');
  });

  test('unknown rule ids and bad severities point at the key and the value', () => {
    const text = 'rules:\n  quote-uncitd: off\n  quote-unbalanced: loud\n  citation-malformed: Warning\n  no-such-check-anywhere: error\n';
    const { config, findings } = service.parseConfig(text);
    assert.equal(findings.length, 3, JSON.stringify(findings.map((f) => f.message)));
    const unknown = only(findings, /‘quote-uncitd’/);
    assertAt(text, unknown, 'quote-uncitd');
    assert.match(unknown.message, /did you mean ‘quote-uncited’\?/);
    assert.equal(unknown.severity, 'warning');
    const far = only(findings, /‘no-such-check-anywhere’/);
    assertAt(text, far, 'no-such-check-anywhere');
    assert.doesNotMatch(far.message, /did you mean/);
    const loud = only(findings, /Rule ‘quote-unbalanced’ is set to ‘loud’; it should be/);
    assertAt(text, loud, 'loud');
    assert.equal(loud.severity, 'error');
    // Severity words are case-insensitive; the good entry still applies.
    assert.deepEqual(config.severities, { 'citation-malformed': 'warning' });
  });

  test('a config that is not a mapping is one error, and the defaults apply', () => {
    const text = '- schema\n- rules\n';
    const { config, findings } = service.parseConfig(text);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /should be a mapping of settings/);
    assert.equal(findings[0].range.start.line, 0);
    assert.equal(config.minWords, 4);
  });

  test('a setting given twice warns at the second key, and the later one wins', () => {
    const text = 'quotes:\n  minWords: 2\nquotes:\n  minWords: 6\n';
    const { config, findings } = service.parseConfig(text);
    assert.equal(findings.length, 1);
    assertAt(text, findings[0], 'quotes', 'minWords: 2');
    assert.equal(findings[0].severity, 'warning');
    assert.equal(config.minWords, 6);
  });
});

describe('schema in config', () => {
  const text = [
    'schema:',
    '  fields:',
    '    desk:',
    '      type: enum',
    '      description: The desk.',
    '    pages:',
    '      type: integr',
    '      required: maybe',
    '      colour: red',
    '    section:',
    '      type: [string, list]',
    '    editor: plain text',
    '    volume:',
    '',
  ].join('\n');
  const { config, findings } = service.parseConfig(text);

  test('each problem is reported, within its field', () => {
    const messages = findings.map((f) => f.message);
    assert.equal(findings.length, 5, JSON.stringify(messages));
    const within = (f: Finding, field: string, next: string) => {
      const from = text.indexOf(`    ${field}:`);
      const to = next ? text.indexOf(`    ${next}:`) : text.length;
      assert.ok(f.span.start >= from && f.span.end <= to, `${f.message} at ${f.span.start}-${f.span.end}, not within ${field} (${from}-${to})`);
    };
    within(only(findings, /‘desk’ is an enum and needs ‘values’/), 'desk', 'pages');
    within(only(findings, /unknown type ‘integr’/), 'pages', 'section');
    within(only(findings, /‘required’ of field ‘pages’ is ‘maybe’; it should be true or false/), 'pages', 'section');
    within(only(findings, /unknown property ‘colour’/), 'pages', 'section');
    within(only(findings, /‘editor’ should be a mapping/), 'editor', 'volume');
    assert.equal(only(findings, /unknown property ‘colour’/).severity, 'warning');
  });

  test('each problem points at the offending key or value', () => {
    assertAt(text, only(findings, /‘desk’ is an enum/), 'enum');
    assertAt(text, only(findings, /unknown type ‘integr’/), 'integr');
    assertAt(text, only(findings, /‘required’ of field ‘pages’/), 'maybe');
    assertAt(text, only(findings, /unknown property ‘colour’/), 'colour');
    assertAt(text, only(findings, /‘editor’ should be a mapping/), 'plain text');
  });

  test('the valid parts of each field still apply', () => {
    // An enum without values falls back to a string field; an unknown type to the default.
    assert.deepEqual(config.schema.find((f) => f.name === 'desk')?.types, ['string']);
    assert.deepEqual(config.schema.find((f) => f.name === 'pages'), { name: 'pages', types: ['string'], required: false });
    assert.deepEqual(config.schema.find((f) => f.name === 'section')?.types, ['string', 'list']);
    assert.equal(config.schema.find((f) => f.name === 'editor'), undefined);
    // `volume:` with no definition keeps the default field.
    assert.deepEqual(config.schema.find((f) => f.name === 'volume'), { name: 'volume', types: ['integer'], required: true, min: 1, description: 'Volume number, 1 or more.' });
  });
});

describe('sources in config', () => {
  test('names and mappings are both sources; bad entries are reported and skipped', () => {
    const text = [
      'sources:',
      '  - Caspian Wire',
      '  - name: Meridian Press',
      '    aliases: Meridian',
      '  - aliases: [VNA]',
      '  - 5',
      '  - name: Valda News Agency',
      '    aliases: [VNA, Valda]',
      '',
    ].join('\n');
    const { config, findings } = service.parseConfig(text);
    assert.equal(findings.length, 3, JSON.stringify(findings.map((f) => f.message)));
    assert.match(only(findings, /aliases of source ‘Meridian Press’/).message, /list of strings/);
    assert.ok(only(findings, /has no ‘name’/).range.start.line === 4);
    assertAt(text, only(findings, /should be a name or a mapping/), '5');
    assert.deepEqual(config.sources.map((s) => [s.name, s.aliases]), [
      ['Caspian Wire', []],
      ['Meridian Press', []],
      ['Valda News Agency', ['VNA', 'Valda']],
    ]);
  });

  test('aliases count as known sources, and an empty registry knows none', () => {
    const article = 'Publication: Caspian Review Volume: 12 Issue: 48\n\nAs reported (Valda, July 2; Caspian Wire, July 3).\n';
    const registry = service.parseConfig('sources:\n  - name: Valda News Agency\n    aliases: [Valda]\n');
    const withAlias = service.analyze(article, { config: registry.config }).findings;
    assert.deepEqual(withAlias.map((f) => [f.ruleId, article.slice(f.span.start, f.span.end)]), [['citation-unknown-source', 'Caspian Wire']]);
    const empty = service.parseConfig('sources: []\n');
    assert.deepEqual(empty.findings, []);
    const none = service.analyze(article, { config: empty.config }).findings;
    assert.deepEqual(none.map((f) => article.slice(f.span.start, f.span.end)), ['Valda', 'Caspian Wire']);
    // Without a `sources` key there is no registry, so no source is unknown.
    assert.deepEqual(service.analyze(article).findings, []);
  });
});

describe('schema from config changes analysis', () => {
  const configText = [
    'schema:',
    '  fields:',
    '    issue:',
    '      required: false',
    '    desk:',
    '      type: enum',
    '      values: [Foreign, Economy]',
    '      required: true',
    '    pages:',
    '      type: integer',
    '      max: 40',
    '',
  ].join('\n');

  test('a new required field is reported, and a field no longer required is not', () => {
    check('⟦Publication: Caspian Review Volume: 12⟧{front-matter-required}\n\nThe talks resumed (Meridian Press, July 8).\n', { configText });
    const { findings } = analyse('Publication: Caspian Review Volume: 12\n\nText.\n', { configText });
    assert.match(findings[0].message, /‘desk’/);
    assert.equal(findings[0].fixes?.[0].edits[0].newText, 'Desk: Foreign\n');
  });

  test('an enum field takes only its values', () => {
    check('Publication: Caspian Review Volume: 12 Desk: Economy\n\nThe talks resumed (Meridian Press, July 8).\n', { configText });
    check('Publication: Caspian Review Volume: 12 Desk: ⟦Sports⟧{front-matter-type}\n\nThe talks resumed (Meridian Press, July 8).\n', { configText });
    check('---\npublication: Caspian Review\nvolume: 12\ndesk: ⟦economy⟧{front-matter-type}\n---\n\nThe talks resumed (Meridian Press, July 8).\n', { configText });
  });

  test('bounds apply to an integer field', () => {
    check('Publication: Caspian Review Volume: 12 Desk: Foreign Pages: ⟦41⟧{front-matter-type}\n\nText.\n', { configText });
    check('Publication: Caspian Review Volume: 12 Desk: Foreign Pages: 40\n\nText.\n', { configText });
  });

  test('a new field is split out of a header line only once the schema knows it', () => {
    const text = 'Publication: Caspian Review Volume: 12 Issue: 3 Pages: 5\n\nText.\n';
    const withSchema = analyse(text, { configText }).findings;
    assert.deepEqual(withSchema.map((f) => f.ruleId), ['front-matter-required']);
    // Unknown to the default schema, `Pages: 5` stays part of the issue value, which is then no integer.
    const without = analyse(text).findings;
    assert.deepEqual(without.map((f) => [f.ruleId, text.slice(f.span.start, f.span.end)]), [['front-matter-type', '3 Pages: 5']]);
  });

  test('quotes.minWords from config changes what counts as a quotation to cite', () => {
    const article = 'Publication: Caspian Review Volume: 12 Issue: 48\n\nCritics called it a “paper promise” and moved on.\n';
    assert.deepEqual(analyse(article).findings, []);
    check(article.replace('“paper promise”', '⟦“paper promise”⟧{quote-uncited}'), { configText: 'quotes:\n  minWords: 2\n' });
  });
});

describe('random config text', () => {
  const tokens = [
    'schema:', 'fields:', 'sources:', 'rules:', 'quotes:', 'include:', 'actors:', 'minWords:', 'type:', 'values:', 'required:',
    'name:', 'aliases:', 'enum', 'integer', 'true', 'maybe', 'off', 'loud', 'quote-uncited', '4', '-1', '"', "'",
    '[', ']', '{', '}', ',', ':', '- ', '  ', '    ', '\n', '\r\n', '\r', '#', '&a', '*a', '!!str', '|', '>', '---', '...', '𝒜', '\t',
  ];
  test('parseConfig never throws and keeps every finding inside the file', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 50 }), (parts) => {
      const text = parts.join('');
      const logged: string[] = [];
      const quiet = createLanguageService({ logger: { log: (m) => logged.push(m) } });
      const { config, findings } = quiet.parseConfig(text);
      assert.deepEqual(logged, []);
      assert.ok(Number.isInteger(config.minWords) && config.minWords >= 1);
      assertInside(text, findings);
      for (const f of findings) {
        assert.equal(f.ruleId, 'config-invalid');
        assert.ok(f.span.start >= 0 && f.span.start <= f.span.end, `${f.message}: ${f.span.start}-${f.span.end}`);
      }
    }), { numRuns: 300 });
  });
});

describe('house style keys', () => {
  const parse = (text: string) => service.parseConfig(text);
  test('a preset and the keys that override it, in any order', () => {
    const { config, findings } = parse('citations:\n  undated: false\nstyle: wire\nquotes:\n  marks: de\n');
    assert.deepEqual(findings, []);
    assert.equal(config.style.name, 'wire');
    assert.equal(config.style.citations.undated, false);
    assert.equal(config.style.attribution.prose, true);
    assert.equal(config.style.quotes.marks, 'de');
    assert.deepEqual(config.style.rules, { 'quote-uncited': 'off', 'quote-unattributed': 'warning' });
  });

  test('digest accepts numeric dates first, and the explicit list replaces it', () => {
    assert.deepEqual(parse('style: digest\n').config.style.citations.dates, ['mdy', 'ap']);
    assert.deepEqual(parse('style: digest\ncitations: { dates: [dmy] }\n').config.style.citations.dates, ['dmy']);
    assert.deepEqual(parse('attribution:\n  anonymous: ["Spoke Off The Record"]\n').config.style.attribution.anonymous, ['spoke off the record']);
    assert.deepEqual(parse('quotes:\n  marks: [["«", "»"], ["„", "“"]]\n').config.style.quotes.marks, [['«', '»'], ['„', '“']]);
  });

  test('bad values are config-invalid at the value, and the defaults stay', () => {
    const text = 'style: wirre\ncitations:\n  dates: [ap, roman]\n  undated: yes please\n  footnotes: true\nattribution:\n  prose: 1\nquotes:\n  marks: klingon\n';
    const { config, findings } = parse(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, text.slice(f.span.start, f.span.end), f.message]), [
      ['config-invalid', 'wirre', '‘style’ should be one of edm, wire, digest; did you mean ‘wire’?'],
      ['config-invalid', 'footnotes', 'Unknown citations setting ‘footnotes’; expected ‘dates’, ‘undated’, ‘afterSentence’.'],
      ['config-invalid', '[ap, roman]', '‘citations.dates’ should be a list of date forms, the preferred first: ap, day-month, iso, mdy, dmy.'],
      ['config-invalid', 'yes please', '‘citations.undated’ should be true or false.'],
      ['config-invalid', '1', '‘attribution.prose’ should be true or false.'],
      ['config-invalid', 'klingon', '‘quotes.marks’ should be one of en, en-GB, de, fr, ru, or a list of up to 8 ‘[open, close]’ pairs of single marks, such as ‘[["«", "»"], ["„", "“"]]’.'],
    ]);
    assert.equal(config.style.name, 'edm');
    assert.deepEqual(config.style.citations.dates, ['ap']);
    assert.equal(config.style.quotes.marks, 'en');
  });
});
