import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, createLanguageService, createWorkspaceNavigation, LineIndex, type Position, type Range } from '../server/core/index';
import { MemoryWorkspace, memorySnapshot, uriOf } from './support/memoryWorkspace';

const service = createLanguageService();

const REGISTRY = `- id: hanne-solvik
  name: Hanne Solvik
  kind: person
  aliases: [Minister Solvik]
- id: piet-aalders
  name: Piet Aalders
  kind: person
  aliases: [Aalders]
- id: marit-aalders
  name: "Marit Aalders"
  kind: person
  aliases: [Aalders]
`;
const CONFIG = 'actors: actors.yaml\nsources:\n  - name: Tidewater Wire\n    aliases: [TW]\n';
const HEADER = 'Publication: Shoreline Review Volume: 4 Issue: 17\nDate: 2022-05-20\n\n';
const FIRST = `${HEADER}Hanne Solvik opened the harbour (tidewater wire, May 3). Aalders was there.\n`;
const SECOND = `${HEADER}Minister Solvik spoke later. Hanne Solvik’s aides left early.\n`;

function workspace(): MemoryWorkspace {
  return new MemoryWorkspace({ '/ws/dateline.yaml': CONFIG, '/ws/actors.yaml': REGISTRY, '/ws/first.article': FIRST, '/ws/desk/second.article': SECOND });
}

/** The position of the `n`-th occurrence of `needle` in a text, `shift` code units in. */
function at(text: string, needle: string, shift = 0): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  return new LineIndex(text).positionAt(offset + shift);
}

/** A location as `file:line:character`, relative to the workspace. */
const where = (l: { uri: string; range: Range }) => `${l.uri.replace('file:///ws/', '')}:${l.range.start.line}:${l.range.start.character}`;

describe('workspace navigation in the core, over an in-memory workspace', () => {
  it('definition: a mention goes to its registry entry, a cited source to dateline.yaml, lower case or not', () => {
    const nav = createWorkspaceNavigation(service, memorySnapshot(workspace(), '/ws/dateline.yaml', service));
    const first = uriOf('/ws/first.article');
    assert.deepEqual(nav.definition(first, at(FIRST, 'Hanne Solvik', 2)).map(where), ['actors.yaml:1:8']);
    assert.deepEqual(nav.definition(first, at(FIRST, 'tidewater wire', 3)).map(where), ['dateline.yaml:2:10']);
    // A form two actors share has both entries.
    assert.deepEqual(nav.definition(first, at(FIRST, 'Aalders', 1)).map(where), ['actors.yaml:5:8', 'actors.yaml:9:8']);
    assert.deepEqual(nav.definition(first, at(FIRST, 'opened')), []);
  });

  it('references: every mention the index holds, from an article or from the registry, with the declaration when asked', () => {
    const nav = createWorkspaceNavigation(service, memorySnapshot(workspace(), '/ws/dateline.yaml', service));
    const expected = ['desk/second.article:3:0', 'desk/second.article:3:29', 'first.article:3:0'];
    assert.deepEqual(nav.references(uriOf('/ws/first.article'), at(FIRST, 'Hanne'), false).map(where).sort(), expected);
    assert.deepEqual(nav.references(uriOf('/ws/actors.yaml'), at(REGISTRY, 'Hanne Solvik', 1), true).map(where).sort(), ['actors.yaml:1:8', ...expected]);
  });

  it('rename: the registry value and every mention, possessive kept, the alias left as written', () => {
    const files = workspace();
    const nav = createWorkspaceNavigation(service, memorySnapshot(files, '/ws/dateline.yaml', service));
    const answer = nav.rename(uriOf('/ws/first.article'), at(FIRST, 'Solvik'), 'Hanne Varga');
    assert.ok(answer && !('error' in answer));
    const texts: Record<string, string> = { [uriOf('/ws/actors.yaml')]: REGISTRY, [uriOf('/ws/first.article')]: FIRST, [uriOf('/ws/desk/second.article')]: SECOND };
    assert.deepEqual(Object.keys(answer.changes).sort(), Object.keys(texts).sort());
    const renamed = Object.fromEntries(Object.entries(answer.changes).map(([uri, edits]) => {
      const lines = new LineIndex(texts[uri]);
      return [uri, applyEdits(texts[uri], edits.map((e) => ({ span: { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }, newText: e.newText })))];
    }));
    assert.match(renamed[uriOf('/ws/actors.yaml')], /name: Hanne Varga\n/);
    assert.equal(renamed[uriOf('/ws/first.article')], FIRST.replace('Hanne Solvik', 'Hanne Varga'));
    // The alias is another form: it stays; the full name and its possessive change.
    assert.equal(renamed[uriOf('/ws/desk/second.article')], SECOND.replace('Hanne Solvik’s', 'Hanne Varga’s'));
  });

  it('prepareRename and rename refuse a form two actors share, with the reason', () => {
    const nav = createWorkspaceNavigation(service, memorySnapshot(workspace(), '/ws/dateline.yaml', service));
    const shared = at(FIRST, 'Aalders');
    assert.deepEqual(nav.prepareRename(uriOf('/ws/first.article'), shared), { error: '‘Aalders’ could mean Piet Aalders or Marit Aalders; rename it from the registry entry instead.' });
    assert.deepEqual(nav.rename(uriOf('/ws/first.article'), shared, 'Lund'), nav.prepareRename(uriOf('/ws/first.article'), shared));
    // From the registry, a quoted name is prepared inside its quotes.
    const quoted = nav.prepareRename(uriOf('/ws/actors.yaml'), at(REGISTRY, 'Marit', 2));
    assert.deepEqual(quoted, { range: { start: { line: 9, character: 9 }, end: { line: 9, character: 22 } }, placeholder: 'Marit Aalders' });
  });

  it('rename looks at open articles the index does not list yet', () => {
    const files = workspace();
    const snapshot = memorySnapshot(files, '/ws/dateline.yaml', service);
    // Written after the index was built, and open in the editor.
    files.set('/ws/late.article', `${HEADER}Hanne Solvik arrived late.\n`);
    files.open.set(uriOf('/ws/late.article'), 3);
    const answer = createWorkspaceNavigation(service, snapshot).rename(uriOf('/ws/first.article'), at(FIRST, 'Hanne'), 'Hanne Varga');
    assert.ok(answer && !('error' in answer));
    assert.deepEqual(answer.changes[uriOf('/ws/late.article')], [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } }, newText: 'Hanne Varga' }]);
  });

  it('workspace symbols: actors and sources matched by the query, best first', () => {
    const nav = createWorkspaceNavigation(service, memorySnapshot(workspace(), '/ws/dateline.yaml', service));
    assert.deepEqual(nav.symbols('aal').map((s) => [s.name, s.kind, where(s.location)]), [
      ['Marit Aalders', 'person', 'actors.yaml:9:8'],
      ['Piet Aalders', 'person', 'actors.yaml:5:8'],
    ]);
    assert.deepEqual(nav.symbols('tw').map((s) => [s.name, s.kind, s.containerName, where(s.location)]), [['Tidewater Wire', 'source', 'source', 'dateline.yaml:2:10']]);
    assert.equal(nav.symbols('').length, 4);
  });

  it('reads nothing where the snapshot gives no config (Restricted Mode)', () => {
    const snapshot = { ...memorySnapshot(workspace(), '/ws/dateline.yaml', service), configOf: () => undefined };
    const nav = createWorkspaceNavigation(service, snapshot);
    assert.deepEqual(nav.definition(uriOf('/ws/first.article'), at(FIRST, 'Hanne')), []);
    assert.deepEqual(nav.references(uriOf('/ws/actors.yaml'), at(REGISTRY, 'Hanne Solvik', 1), true), []);
  });
});
