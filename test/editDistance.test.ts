import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { levenshtein } from '../server/core/text';

/** The table in full, as the textbook writes it: the reference the fast one is held to. */
function reference(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('levenshtein (edits with adjacent swaps)', () => {
  it('counts the edits of known pairs', () => {
    assert.equal(levenshtein('publication', 'publication'), 0);
    assert.equal(levenshtein('volmue', 'volume'), 1);
    assert.equal(levenshtein('isue', 'issue'), 1);
    assert.equal(levenshtein('', 'date'), 4);
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.ok(levenshtein('kitten', 'sitting', 1) > 1, 'past the limit');
  });

  it('agrees with the full table on random words, short and past the kept buffer, one call after another', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é'), maxLength: 12 });
    const long = fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 1020, maxLength: 1040 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof({ weight: 9, arbitrary: word }, { weight: 1, arbitrary: long }), word, fc.option(fc.integer({ min: 0, max: 4 }))), { minLength: 1, maxLength: 6 }), (pairs) => {
        for (const [a, b, max] of pairs) {
          const want = reference(a, b);
          if (max === null) assert.equal(levenshtein(a, b), want);
          else if (want <= max) assert.equal(levenshtein(a, b, max), want);
          // Past the limit it only says so: some count over the limit.
          else assert.ok(levenshtein(a, b, max) > max);
          assert.equal(levenshtein(b, a), want);
        }
      }),
      { numRuns: 400 },
    );
  });
});
