import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse, loadFixtures, service } from './support/check';
import { parseMarkers } from './support/markers';

/** Markdown syntax a Problems view or a quick-fix menu would show literally. */
const MARKDOWN = /[`*]|\]\(|__/;

describe('messages are plain text in a writer’s words', () => {
  it('no finding message or fix title of any fixture carries Markdown syntax', () => {
    let seen = 0;
    for (const f of loadFixtures()) {
      const { text } = parseMarkers(f.source);
      for (const finding of analyse(text, { fileName: f.name, configText: f.configText }).findings) {
        seen++;
        assert.doesNotMatch(finding.message, MARKDOWN, `${f.name}: ${finding.ruleId}: ${finding.message}`);
        for (const fix of finding.fixes ?? []) assert.doesNotMatch(fix.title, MARKDOWN, `${f.name}: ${finding.ruleId}: fix ${fix.title}`);
      }
    }
    assert.ok(seen > 50, `only ${seen} findings`);
  });

  it('config problems carry no Markdown and repeat the bad value', () => {
    const { findings } = service.parseConfig('rules:\n  quote-uncited: loud\nquotes:\n  minWords: zero\ninclude: 12\n');
    assert.deepEqual(findings.map((f) => f.message), [
      'Rule ‘quote-uncited’ is set to ‘loud’; it should be one of off, hint, info, warning, error.',
      '‘quotes.minWords’ is ‘zero’; it should be a whole number of 1 or more.',
      '‘include’ is 12; it should be a glob or a list of globs, such as ["articles/**/*.md"].',
    ]);
  });

  it('YAML errors are told in plain words, with the line of the file they concern', () => {
    const text = '---\npublication: Harbour Ledger\ntags: [ports, fees\nvolume: 3\nissue: 2\n---\n\nText.\n';
    const messages = service.analyze(text, { flavor: 'markdown' }).findings.filter((f) => f.ruleId === 'front-matter-syntax').map((f) => f.message);
    assert.deepEqual(messages, ['The front matter cannot be read: on line 3, a list opened with ‘[’ never closes. End it with ‘]’ on the same line, or write one ‘- item’ per line.']);
    const colon = service.analyze('---\npublication: Harbour Ledger\nvolume: 3\nissue: 2\ntitle: Ports: the next decade\n---\n\nText.\n').findings.map((f) => f.message);
    assert.deepEqual(colon, ['The front matter cannot be read: on line 5, a value contains ‘: ’, which starts a second field on the line. Put the value in quotes, as in title: "Ports: the next decade".', '‘title’ should be a string, not a mapping (a value with ‘: ’ in it needs quotes, as in title: "Ports: the next decade").']);
    const nested = service.parseConfig('rules: quote-uncited: off\n').findings.map((f) => f.message);
    assert.deepEqual(nested, ['dateline.yaml cannot be read: on line 1, a value contains ‘: ’, which starts a second field on the line. Put the value in quotes, as in title: "Ports: the next decade".']);
    const config = service.parseConfig('rules:\n\tquote-uncited: off\n').findings.map((f) => f.message);
    assert.ok(config.every((m) => !/Tabs are not allowed|implicit/i.test(m)), config.join(' | '));
    assert.match(config[0], /^dateline\.yaml cannot be read: on line 2, /);
  });

  it('Markdown articles are told about front matter, header-line articles about header lines', () => {
    const config = service.parseConfig('include: ["**/*.md"]\n').config;
    const md = service.analyze('Just prose.\n', { flavor: 'markdown', config }).findings[0];
    assert.equal(md.message, 'This article has no front matter. Start it with a line ‘---’, then ‘publication:’, ‘volume:’, ‘issue:’, and a closing ‘---’.');
    assert.equal(md.fixes![0].title, 'Insert front matter');
    const article = service.analyze('Just prose.\n').findings[0];
    assert.equal(article.message, 'This article has no header. Start it with ‘Publication:’, ‘Volume:’, ‘Issue:’ lines, then a blank line.');
    const yaml = service.analyze('---\npublication: Harbour Ledger\nvolume: 3\n---\n\nText.\n').findings[0];
    assert.equal(yaml.message, 'Required field ‘issue’ is missing from the front matter.');
  });

  it('a date in another country’s numeric form is told which forms are read', () => {
    const { findings } = service.analyze('Publication: Harbour Ledger\nVolume: 3\nIssue: 2\nDate: 14/03/2024\n\nText.\n');
    assert.deepEqual(findings.map((f) => f.message), [
      '‘date’ is ‘14/03/2024’, which is not a date in a form Dateline reads. Write it as year-month-day (‘2008-07-09’) or with the month\'s name (‘July 9, 2008’); numbers alone such as 14/03/2024 are ambiguous between countries.',
    ]);
  });
});
