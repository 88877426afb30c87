import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { applyEdits, createLanguageService, LineIndex, type Finding } from '../server/core/index';
import { analyse, check, loadFixtures, type Fixture } from './support/check';
import { parseMarkers } from './support/markers';

const fixtures = loadFixtures();

function toEol(text: string, eol: '\r\n' | '\r'): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

/** Offset in the converted text of an offset in the LF text: each earlier `\n` became `eol`. */
function shiftOffset(lfText: string, offset: number, extraPerBreak: number): number {
  let breaks = 0;
  for (let i = 0; i < offset; i++) if (lfText.charCodeAt(i) === 10) breaks++;
  return offset + breaks * extraPerBreak;
}

function summary(findings: readonly Finding[]) {
  return findings.map((f) => ({ ruleId: f.ruleId, range: f.range }));
}

function isInsideCrLf(text: string, offset: number): boolean {
  return offset > 0 && text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10;
}

function isInsideSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** What every finding must satisfy, whatever the text. */
function assertWellPlaced(text: string, findings: readonly Finding[], where: string): void {
  const lines = new LineIndex(text);
  for (const f of findings) {
    const { start, end } = f.span;
    const label = `${where}: ${f.ruleId} at ${start}-${end}`;
    assert.ok(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length, `${label}: span outside the text`);
    for (const o of [start, end]) {
      assert.ok(!isInsideCrLf(text, o), `${label}: offset ${o} falls between \\r and \\n`);
      assert.ok(!isInsideSurrogatePair(text, o), `${label}: offset ${o} splits a surrogate pair`);
    }
    const { start: s, end: e } = f.range;
    assert.ok(s.line < e.line || (s.line === e.line && s.character <= e.character), `${label}: range ends before it starts`);
    for (const p of [s, e]) {
      assert.ok(p.line >= 0 && p.line < lines.lineCount, `${label}: line ${p.line} outside the document`);
      assert.ok(p.character >= 0 && p.character <= lines.lineEnd(p.line) - lines.lineStart(p.line), `${label}: character ${p.character} past the end of line ${p.line}`);
    }
    assert.equal(lines.offsetAt(s), start, `${label}: range start does not map back to the span`);
    assert.equal(lines.offsetAt(e), end, `${label}: range end does not map back to the span`);
    for (const fix of f.fixes ?? []) {
      for (const edit of fix.edits) {
        assert.ok(0 <= edit.span.start && edit.span.start <= edit.span.end && edit.span.end <= text.length, `${label}: fix edit outside the text`);
        assert.ok(!isInsideCrLf(text, edit.span.start) && !isInsideCrLf(text, edit.span.end), `${label}: fix edit splits a line break`);
      }
      applyEdits(text, fix.edits);
    }
  }
}

function optionsOf(f: Fixture) {
  return { fileName: f.name, configText: f.configText, workspace: f.workspace };
}

describe('line endings', () => {
  for (const [label, eol] of [['CRLF', '\r\n'], ['CR', '\r']] as const) {
    describe(label, () => {
      for (const fixture of fixtures) {
        test(fixture.name, () => {
          const lf = parseMarkers(fixture.source).text;
          const converted = toEol(fixture.source, eol);
          // The markers still hold with the new line endings, and so do the fixes.
          const { text, findings } = check(converted, optionsOf(fixture));
          const base = analyse(lf, optionsOf(fixture)).findings;
          assert.deepEqual(summary(findings), summary(base), 'LSP ranges differ from the LF text');
          const extra = eol.length - 1;
          assert.deepEqual(
            findings.map((f) => f.span),
            base.map((f) => ({ start: shiftOffset(lf, f.span.start, extra), end: shiftOffset(lf, f.span.end, extra) })),
            'offsets do not follow the line breaks',
          );
          for (let i = 0; i < findings.length; i++) {
            assert.equal(text.slice(findings[i].span.start, findings[i].span.end), toEol(lf.slice(base[i].span.start, base[i].span.end), eol));
          }
          assertWellPlaced(text, findings, `${fixture.name} (${label})`);
        });
      }
    });
  }
});

describe('byte order mark', () => {
  for (const fixture of fixtures) {
    test(fixture.name, () => {
      const lf = parseMarkers(fixture.source).text;
      const base = analyse(lf, optionsOf(fixture)).findings;
      const bom = '\ufeff' + lf;
      const findings = analyse(bom, optionsOf(fixture)).findings;
      // The BOM is one UTF-16 unit of line 0: it shifts that line's columns and nothing else.
      assert.deepEqual(
        findings.map((f) => ({ ruleId: f.ruleId, span: f.span, range: f.range })),
        base.map((f) => ({
          ruleId: f.ruleId,
          span: { start: f.span.start + 1, end: f.span.end + 1 },
          range: {
            start: { line: f.range.start.line, character: f.range.start.character + (f.range.start.line === 0 ? 1 : 0) },
            end: { line: f.range.end.line, character: f.range.end.character + (f.range.end.line === 0 ? 1 : 0) },
          },
        })),
      );
      for (const f of findings) assert.ok(f.span.start >= 1, `${f.ruleId} covers the BOM`);
      assertWellPlaced(bom, findings, `${fixture.name} (BOM)`);
    });
  }

  test('a header after a BOM is read as a header', () => {
    const text = '\ufeffPublication: Caspian Review Volume: 12 Issue: 0\n\nText.\n';
    const { findings } = analyse(text);
    // Only the bad issue number: the BOM does not turn `Publication` into an unknown key.
    const at = text.indexOf(': 0') + 2;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start, f.range.end]), [
      ['front-matter-type', { line: 0, character: at }, { line: 0, character: at + 1 }],
    ]);
  });

  test('the missing-header fix goes after the BOM', () => {
    const text = '\ufeffA paragraph with no header.\n';
    const { findings } = analyse(text);
    assert.deepEqual(findings.map((f) => [f.ruleId, f.span.start, f.range.start.character]), [['front-matter-missing', 1, 1]]);
    const fixed = applyEdits(text, findings[0].fixes![0].edits);
    assert.ok(fixed.startsWith('\ufeffPublication: '), JSON.stringify(fixed.slice(0, 20)));
  });
});

describe('UTF-16 columns', () => {
  test('astral characters before a finding count two units each', () => {
    const line = 'The 𝒜-index rose 😀😀 after the vote (, July 1).';
    const { findings } = analyse(`Publication: Caspian Review Volume: 12 Issue: 48\n\n${line}\n`);
    assert.equal(findings.length, 1);
    const f = findings[0];
    assert.equal(f.ruleId, 'citation-empty-source');
    // Three astral characters: the UTF-16 column is three more than the code-point column.
    const codePoints = [...line.slice(0, line.indexOf('('))].length;
    assert.deepEqual(f.range, { start: { line: 2, character: codePoints + 3 }, end: { line: 2, character: codePoints + 3 + '(, July 1)'.length } });
  });

  test('a quotation made of astral letters is counted in words and placed in UTF-16', () => {
    const body = '😀 said 𝒜𝒷𝒸 that “𝒜𝒷𝒸 𝒹𝑒𝒻 𝑔𝒽𝒾 𝒿𝓀𝓁 𝓂𝓃𝑜” today.';
    const { findings } = analyse(`Publication: Caspian Review Volume: 12 Issue: 48\n\n${body}\n`);
    assert.deepEqual(findings.map((f) => f.ruleId), ['quote-uncited']);
    const open = body.indexOf('“');
    assert.deepEqual(findings[0].range, { start: { line: 2, character: open }, end: { line: 2, character: body.indexOf('”') + 1 } });
    assert.equal(findings[0].message.includes('5 words'), true, findings[0].message);
  });

  test('a header value after an emoji is placed in UTF-16', () => {
    const { findings } = analyse('Publication: Caspian 🚢 Review Volume: 😀 Issue: 48\n\nText.\n');
    assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.character, f.range.end.character]), [['front-matter-type', 39, 41]]);
  });
});

describe('LineIndex', () => {
  const text = 'a\r\nb\rc\n\r\n\r\rd😀\n\n𝒜e\r';

  test('positionAt and offsetAt round-trip for every offset', () => {
    const lines = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const p = lines.positionAt(o);
      if (isInsideCrLf(text, o)) {
        // Between \r and \n is still the end of the line, so it maps back before the \r.
        assert.deepEqual(p, lines.positionAt(o - 1), `offset ${o}`);
        assert.equal(lines.offsetAt(p), o - 1);
      } else {
        assert.equal(lines.offsetAt(p), o, `offset ${o} -> ${JSON.stringify(p)}`);
      }
    }
  });

  test('lines break at LF, CRLF and lone CR alike', () => {
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 10);
    const contents = Array.from({ length: lines.lineCount }, (_, l) => text.slice(lines.lineStart(l), lines.lineEnd(l)));
    assert.deepEqual(contents, ['a', 'b', 'c', '', '', '', 'd😀', '', '𝒜e', '']);
    assert.deepEqual(lines.positionAt(text.length), { line: 9, character: 0 });
  });

  test('positions past a line end or the document clamp', () => {
    const lines = new LineIndex(text);
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 1);
    assert.equal(lines.offsetAt({ line: 99, character: 0 }), text.length);
    assert.equal(lines.offsetAt({ line: -1, character: 5 }), 0);
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(text.length + 5), lines.positionAt(text.length));
  });

  test('every valid position round-trips', () => {
    const lines = new LineIndex(text);
    for (let line = 0; line < lines.lineCount; line++) {
      const width = lines.lineEnd(line) - lines.lineStart(line);
      for (let character = 0; character <= width; character++) {
        assert.deepEqual(lines.positionAt(lines.offsetAt({ line, character })), { line, character });
      }
    }
  });
});

describe('random text', () => {
  const tokens = [
    '“', '”', '"', '‘', '’', "'", '(', ')', '(, ', '; ', ', ', '.', ' ', ' ', ' ', '\n', '\r', '\r\n', '\n\n', '\r\n\r\n',
    'July', 'Juyl', 'Sept.', 'Sep.', 'Feb.', 'Jul', 'June', '29', '31', '3', '2008', '2009', '-',
    '𝒜', '😀', 'APA', 'Caspian Wire', 'Mr.', 'U.S.', 'St.', 'said', 'the port will reopen',
    '---', '...', 'Publication:', 'Volume: 5', 'Issue: 0', 'Date: 2008-07-09', 'date: 2009-01-05', ':', '- ', '[',
    '`', '```', '~~~', '<!--', '-->', '\ufeff', '\t',
  ];
  const token = fc.constantFrom(...tokens);
  const header = fc.constantFrom('', 'Publication: Caspian Review Volume: 5 Issue: 2\nDate: 2008-07-09\n\n', '---\npublication: Caspian Review\nvolume: 5\nissue: 2\ndate: 2009-01-05\n---\n\n');
  const doc = fc.tuple(header, fc.array(token, { maxLength: 60 })).map(([h, t]) => h + t.join(''));

  function run(text: string, flavor: 'article' | 'markdown') {
    const logged: string[] = [];
    const service = createLanguageService({ logger: { log: (m) => logged.push(m) } });
    const config = service.parseConfig('sources:\n  - Caspian Wire\nquotes:\n  minWords: 2\n').config;
    const result = service.analyze(text, { flavor, config });
    // The facade catches exceptions and logs them; a log line means the core threw.
    assert.deepEqual(logged, []);
    assertWellPlaced(text, result.findings, JSON.stringify(text));
    return result;
  }

  test('analysis never throws and places every finding inside the document', () => {
    fc.assert(fc.property(doc, fc.constantFrom('article' as const, 'markdown' as const), (text, flavor) => {
      run(text, flavor);
    }), { numRuns: 300 });
  });

  test('CRLF and lone CR give the same ranges as LF', () => {
    const lfDoc = doc.map((t) => t.replace(/\r\n?/g, '\n'));
    fc.assert(fc.property(lfDoc, (text) => {
      const base = summary(run(text, 'article').findings);
      assert.deepEqual(summary(run(toEol(text, '\r\n'), 'article').findings), base);
      assert.deepEqual(summary(run(toEol(text, '\r'), 'article').findings), base);
    }), { numRuns: 200 });
  });

  test('offsets round-trip through LineIndex for random text', () => {
    fc.assert(fc.property(doc, (text) => {
      const lines = new LineIndex(text);
      for (let o = 0; o <= text.length; o++) {
        const back = lines.offsetAt(lines.positionAt(o));
        assert.equal(back, isInsideCrLf(text, o) ? o - 1 : o);
      }
    }), { numRuns: 300 });
  });
});
