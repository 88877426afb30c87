import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inferYear, INFERRED_YEAR_LOOKAHEAD_DAYS } from '../server/core/dates';
import { service } from './support/check';

const HEADER = 'Publication: Caspian Review Volume: 14 Issue: 27\nDate: July 9, 2009\n\n';

function findings(body: string, configText?: string) {
  const config = configText === undefined ? undefined : service.parseConfig(configText).config;
  const text = HEADER + body;
  return service.analyze(text, { config }).findings.map((f) => ({ ruleId: f.ruleId, text: text.slice(f.span.start, f.span.end) }));
}

const QUOTE = '“We will sign the agreement before the end of the month,” the minister said ';

describe('citation whitespace and format characters', () => {
  // Any Unicode space separates the words of a citation.
  for (const [name, space] of [
    ['thin space', '\u2009'],
    ['narrow no-break space', '\u202f'],
    ['figure space', '\u2007'],
    ['form feed', '\f'],
    ['no-break space', '\u00a0'],
    ['ideographic space', '\u3000'],
  ] as const) {
    test(`${name} inside the citation: a citation, so the quotation is cited`, () => {
      assert.deepEqual(findings(`${QUOTE}(APA,${space}July${space}3).`), []);
    });
  }

  // Format characters after the comma are ignored: no "comma is missing", nothing for --fix to add.
  for (const [name, mark] of [
    ['right-to-left mark', '\u200f'],
    ['left-to-right mark', '\u200e'],
    ['zero-width space', '\u200b'],
    ['word joiner', '\u2060'],
    ['line separator', '\u2028'],
  ] as const) {
    test(`${name} after the comma: no finding, and fix-all leaves the text alone`, () => {
      const body = `${QUOTE}(APA,${mark} July 3).`;
      assert.deepEqual(findings(body), []);
      const fixed = service.fixAll(HEADER + body);
      assert.equal(fixed.fixed, 0);
      assert.equal(fixed.text, HEADER + body);
    });
  }

  test('a format character inside the month name is ignored', () => {
    assert.deepEqual(findings(`${QUOTE}(APA, Ju\u200bly 3).`), []);
  });

  test('a format character before the missing comma: the fix inserts one comma, once', () => {
    const body = `${QUOTE}(APA\u200f July 3).`;
    assert.deepEqual(findings(body), [{ ruleId: 'citation-malformed', text: 'APA\u200f July 3' }]);
    const fixed = service.fixAll(HEADER + body);
    assert.equal(fixed.text, `${HEADER}${QUOTE}(APA,\u200f July 3).`);
    assert.deepEqual(fixed.result.findings, []);
  });

  test('a source that already ends in a comma gets no second one', () => {
    const body = `${QUOTE}(APA,* July 3).`;
    const result = findings(body);
    assert.deepEqual(result.map((f) => f.ruleId), ['citation-malformed']);
    const fixed = service.fixAll(HEADER + body);
    assert.equal((fixed.text.match(/,/g) ?? []).length, (HEADER + body).match(/,/g)!.length);
  });
});

describe('citation dates', () => {
  test('a numeric date under ap: malformed, with a fix only when one reading is a date', () => {
    assert.deepEqual(findings('The port closed (Harbor Wire, 01.03.09).'), [{ ruleId: 'citation-malformed', text: '01.03.09' }]);
    const text = `${HEADER}The port closed (Harbor Wire, 25.03.09).`;
    const result = service.analyze(text);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.fixes?.[0]?.edits[0].newText]), [['citation-malformed', 'March 25, 2009']]);
    const ambiguous = service.analyze(`${HEADER}The port closed (Harbor Wire, 01.03.09).`);
    assert.equal(ambiguous.findings[0].fixes, undefined);
  });

  test('year inference: a date just after the article is late, a date months after is last year', () => {
    assert.deepEqual(findings('The port closed (Harbor Wire, July 10) and had closed before (Harbor Wire, October 1).'), [
      { ruleId: 'citation-future-date', text: 'July 10' },
    ]);
  });

  test('year inference agrees with the calendar on every day of a common and a leap year', () => {
    const DAY = 86_400_000;
    for (const year of [2009, 2012]) {
      for (let ref = Date.UTC(year, 0, 1); ref < Date.UTC(year + 1, 0, 1); ref += DAY) {
        const r = new Date(ref);
        const reference = { year, month: r.getUTCMonth() + 1, day: r.getUTCDate() };
        for (let month = 1; month <= 12; month++) {
          for (const day of [1, 15, 28, 29, 30, 31]) {
            const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
            if (day > last && !(month === 2 && day === 29)) continue;
            // The calendar's answer: the same day this year unless that is over 60 days ahead.
            const expected = day > last ? year - 1 : Date.UTC(year, month - 1, day) - ref <= INFERRED_YEAR_LOOKAHEAD_DAYS * DAY ? year : year - 1;
            assert.equal(inferYear(month, day, reference), expected, `${month}/${day} against ${year}-${reference.month}-${reference.day}`);
          }
        }
      }
    }
  });

  test('dates in prose parentheses are not citations', () => {
    assert.deepEqual(findings('The war (1993-1994) and the loan ($2 billion) and the pages (pages 10-12) and version (v 1.2.3).'), []);
  });
});
