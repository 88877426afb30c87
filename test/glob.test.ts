import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLanguageService } from '../server/core/index';
import { compileGlobs, globProblem, MAX_GLOB_LENGTH } from '../server/core/glob';

const service = createLanguageService();

/** [glob, path, matches] */
const CASES: [string, string, boolean][] = [
  ['articles/**/*.md', 'articles/a.md', true],
  ['articles/**/*.md', 'articles/2024/03/a.md', true],
  ['articles/**/*.md', 'articles/a.article', false],
  ['articles/**/*.md', 'other/articles/a.md', false],
  ['*.md', 'a.md', true],
  ['*.md', 'notes/a.md', false],
  ['**/*.md', 'a.md', true],
  ['**/*.md', 'x/y/.hidden.md', true],
  ['notes/*.md', 'notes/.draft.md', true],
  ['./notes/*.md', 'notes/a.md', true],
  ['notes/?.md', 'notes/a.md', true],
  ['notes/?.md', 'notes/ab.md', false],
  ['notes/[ab].md', 'notes/b.md', true],
  ['notes/[!ab].md', 'notes/b.md', false],
  ['notes/[!ab].md', 'notes/c.md', true],
  ['notes/[a-c]x.md', 'notes/bx.md', true],
  ['notes/[a-c]x.md', 'notes/dx.md', false],
  ['{notes,drafts}/*.md', 'drafts/a.md', true],
  ['{notes,drafts}/*.md', 'other/a.md', false],
  ['notes/*.{md,markdown}', 'notes/a.markdown', true],
  ['notes/\\*.md', 'notes/*.md', true],
  ['notes/\\*.md', 'notes/a.md', false],
  ['drafts/**', 'drafts/a/b/c.md', true],
  ['a*b*c.md', 'axxbyyc.md', true],
  ['a*b*c.md', 'axxcyyb.md', false],
  ['**/x/**/y.md', 'a/x/b/c/y.md', true],
  ['**/x/**/y.md', 'a/x/b/c/z.md', false],
];

describe('config globs', () => {
  for (const [glob, path, expected] of CASES) {
    test(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compileGlobs([glob])(path), expected);
    });
  }

  test('any of several globs may match; none match with no globs', () => {
    const m = compileGlobs(['a/*.md', 'b/*.md']);
    assert.equal(m('b/x.md'), true);
    assert.equal(m('c/x.md'), false);
    assert.equal(compileGlobs([])('a.md'), false);
  });

  test('a hostile pattern is matched in linear time (it would not finish if matching backtracked)', () => {
    const glob = `${'*a'.repeat(15)}*b`;
    assert.equal(globProblem(glob), undefined);
    const name = 'a'.repeat(200_000);
    assert.equal(compileGlobs([glob])(name), false);
    assert.equal(compileGlobs([`${'**/a*/'.repeat(7)}b`])(Array(2_000).fill('aaaa').join('/')), false);
  });

  test('globs that are too long or have too many wildcards are refused', () => {
    assert.match(globProblem('a'.repeat(MAX_GLOB_LENGTH + 1)) ?? '', /longer than 256/);
    assert.match(globProblem(`${'*a'.repeat(17)}b`) ?? '', /17 wildcards, more than 16/);
    assert.match(globProblem('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}') ?? '', /more than 64 alternatives/);
    assert.equal(globProblem('articles/**/*.md'), undefined);
  });

  test('dateline.yaml reports a refused glob as config-invalid, ignores it and keeps the others', () => {
    const hostile = `${'*a'.repeat(24)}*b`;
    const { config, findings } = service.parseConfig(`include: ["notes/*.md", "${hostile}"]\n`);
    assert.deepEqual(config.include, ['notes/*.md']);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].ruleId, 'config-invalid');
    assert.match(findings[0].message, /25 wildcards, more than 16; it is ignored/);
    // The hostile file name does not hang the article check.
    assert.equal(service.isArticle('markdown', 'Just notes.\n', 'a'.repeat(100_000), config), false);
  });
});
