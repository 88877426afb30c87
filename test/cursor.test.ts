// contextAt: what the cursor is on, the one answer hover and navigation share.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextAt } from '../server/core/features/cursor';
import { coreConfig, cursor, service } from './support/features';

/** The kind under `$0` and the text it covers (undefined: nothing). */
function at(fixture: string): [string, string] | undefined {
  const { text, offset } = cursor(fixture);
  const article = service.analyze(text, { config: coreConfig() }).article!;
  const found = contextAt(article, offset);
  if (!found) return undefined;
  const span = found.kind === 'field' ? found.field.keySpan : found.kind === 'source' ? found.span : found.kind === 'date' ? found.part.date!.span : found.mention.span;
  return [found.kind, text.slice(span.start, span.end)];
}

const HEAD = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2021-03-15\n\n';

describe('what the cursor is on', () => {
  it('a header key, at its start, inside it and just after it', () => {
    assert.deepEqual(at(`$0${HEAD}Prose.`), ['field', 'Publication']);
    assert.deepEqual(at(`Publi$0cation: Harbour Ledger Volume: 3 Issue: 12\n\nProse.`), ['field', 'Publication']);
    assert.deepEqual(at(`Publication: Harbour Ledger Volume$0: 3 Issue: 12\n\nProse.`), ['field', 'Volume']);
  });

  it('a cited source and a citation date, in each part of a citation', () => {
    assert.deepEqual(at(`${HEAD}Fares rose (Baltic$0 Wire, March 14).`), ['source', 'Baltic Wire']);
    assert.deepEqual(at(`${HEAD}Fares rose (Baltic Wire$0, March 14).`), ['source', 'Baltic Wire']);
    assert.deepEqual(at(`${HEAD}Fares rose (Baltic Wire, Ma$0rch 14).`), ['date', 'March 14']);
    assert.deepEqual(at(`${HEAD}Fares rose (Baltic Wire, March 14; Harbour Ga$0zette, March 15).`), ['source', 'Harbour Gazette']);
  });

  it('an actor mention, also just after it', () => {
    assert.deepEqual(at(`${HEAD}Aram Sarka$0vian spoke first.`), ['mention', 'Aram Sarkavian']);
    assert.deepEqual(at(`${HEAD}Aram Sarkavian$0 spoke first.`), ['mention', 'Aram Sarkavian']);
  });

  it('nothing on a citation’s comma, on an empty source, or in a parenthesis that is not a citation', () => {
    assert.equal(at(`${HEAD}Fares rose (Baltic Wire,$0 March 14).`), undefined);
    assert.equal(at(`${HEAD}Fares rose ($0, March 14).`), undefined);
    assert.equal(at(`${HEAD}Fares rose (about a th$0ird).`), undefined);
    assert.equal(at(`${HEAD}Fares $0rose.`), undefined);
  });
});
