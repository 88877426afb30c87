import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ArticleMemo } from '../server/core/memo';

describe('per-article memos', () => {
  it('keep a value on its key where comparisons, clones and JSON do not see it', () => {
    const memo = new ArticleMemo<{ text: string }, number[]>();
    const key = { text: 'one' };
    assert.equal(memo.get(key), undefined);
    memo.set(key, [1, 2]);
    assert.deepEqual(memo.get(key), [1, 2]);
    assert.deepStrictEqual(key, { text: 'one' });
    assert.equal(JSON.stringify(key), '{"text":"one"}');
    assert.deepStrictEqual(structuredClone(key), { text: 'one' });
    memo.set(key, [3]);
    assert.deepEqual(memo.get(key), [3]);
    // Two memos never share a slot.
    const other = new ArticleMemo<{ text: string }, string>();
    assert.equal(other.get(key), undefined);
  });

  it('fall back to a WeakMap for a key that cannot take a property', () => {
    const memo = new ArticleMemo<object, string>();
    const frozen = Object.freeze({ text: 'two' });
    memo.set(frozen, 'kept');
    assert.equal(memo.get(frozen), 'kept');
  });

  it('are the only per-article memos of the core: no WeakMap keyed by an analysed article', () => {
    // WeakMap values of young keys survive young-generation collections (see memo.ts); the
    // WeakMaps left are keyed by long-lived registries and config lists.
    const core = path.join(__dirname, '..', 'server', 'core');
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/new WeakMap<([^,>]+)/g)) found.push(`${path.relative(core, p).split(path.sep).join('/')}: ${m[1]}`);
      }
    };
    walk(core);
    assert.deepEqual(found.sort(), ['actors/registry.ts: readonly Actor[]', 'service.ts: readonly string[]']);
  });
});
