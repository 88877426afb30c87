import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoreCorpus } from './accuracy';
import { service } from './support/check';

describe('accuracy corpus (one folder per house style)', () => {
  test('every marked finding is found and nothing else is', () => {
    const { misses, files, presets } = scoreCorpus();
    assert.deepEqual(presets, ['digest', 'edm', 'wire']);
    assert.ok(files >= 6);
    assert.deepEqual(misses, []);
  });
});

describe('style examples (examples/styles/<preset>)', () => {
  const expected: Record<string, string[]> = {
    edm: ['quote-uncited: “The schedule has been promised every year since the line opened,”'],
    wire: ['quote-anonymous: "The schedule has been promised every year since the line opened,"', 'quote-unattributed: "Nobody has asked the crews whether they want to sail in January."'],
    digest: ['citation-malformed: 2009-07-08'],
  };
  for (const [preset, findings] of Object.entries(expected)) {
    test(`${preset}: the findings its style gives`, () => {
      const dir = join(__dirname, '..', 'examples', 'styles', preset);
      const { config, findings: problems } = service.parseConfig(readFileSync(join(dir, 'dateline.yaml'), 'utf8'));
      assert.deepEqual(problems, []);
      const text = readFileSync(join(dir, 'winter-ferries.article'), 'utf8');
      assert.deepEqual(service.analyze(text, { config }).findings.map((f) => `${f.ruleId}: ${text.slice(f.span.start, f.span.end)}`), findings);
    });
  }
});
