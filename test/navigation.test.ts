import { yamlScalar } from '../server/core/yamlScalar';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Location, SymbolInformation, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { contextAt, mentionAt } from '../server/core/features/cursor';
import {
  findSourceDeclaration,
  matchScore,
  planRename,
  registryEdit,
  registryNameAt,
  renameEditsIn,
  sourceDeclarations,
} from '../server/core/features/navigation';
import { applyEdits, createLanguageService, LineIndex, type Actor, type Article, type DatelineConfig } from '../server/core/index';
import { bundle } from './support/build';
import { TestClient } from './support/lspClient';

const service = createLanguageService();

const REGISTRY = `# Invented people and bodies for the navigation tests.
- id: ilse-marveni
  name: Ilse Marveni
  kind: person
  aliases: [Minister Marveni]

- id: oskar-lindqvist
  name: Oskar Lindqvist
  kind: person
  aliases: [Lindqvist]

- id: ruben-lindqvist
  name: Ruben Lindqvist
  kind: person
  aliases: [Lindqvist]

- id: corran-port-authority
  name: "Corran Port Authority"
  kind: organization
  aliases: [the port authority, CPA]
`;

const CONFIG = `actors: actors.yaml
sources:
  - name: Tidewater Wire
    aliases: [TW]
  - name: Corran Evening Post
`;

const HEADER = 'Publication: Shoreline Review Volume: 4 Issue: 17\nDate: 2022-05-20\n\n';

/** The article text with the cursor marker removed, and the cursor's offset. */
function cursor(fixture: string): { text: string; offset: number } {
  const offset = fixture.indexOf('$0');
  assert.ok(offset >= 0, 'the fixture needs a $0 cursor marker');
  return { text: fixture.slice(0, offset) + fixture.slice(offset + 2), offset };
}

function configWith(registryText: string): DatelineConfig {
  const { config } = service.parseConfig(CONFIG);
  config.actors = service.parseActors(registryText, 'actors.yaml').actors;
  return config;
}

function parse(text: string, registryText = REGISTRY): { article: Article; actors: Actor[] } {
  const config = configWith(registryText);
  const article = service.analyze(text, { config }).article!;
  return { article, actors: config.actors };
}

/** Line of the registry entry a definition on the cursor lands on, one per candidate. */
function checkDefinition(fixture: string, expected: { id: string; line: number }[]): void {
  const { text, offset } = cursor(fixture);
  const { article, actors } = parse(HEADER + text);
  const mention = mentionAt(article, HEADER.length + offset);
  const lines = new LineIndex(REGISTRY);
  const got = (mention?.actorIds ?? []).map((id) => {
    const actor = actors.find((a) => a.id === id)!;
    return { id, line: lines.positionAt(actor.origin!.nameSpan!.start).line };
  });
  assert.deepEqual(got, expected);
}

/** The article and registry after renaming the form under the cursor; then re-checks both. */
function checkRename(fixture: string, newName: string, expected: { article: string; registryLine?: string } | { error: RegExp }): void {
  const { text, offset } = cursor(fixture);
  const before = parse(HEADER + text);
  const mention = mentionAt(before.article, HEADER.length + offset);
  assert.ok(mention, 'no mention under the cursor');
  assert.equal(mention.actorIds.length, 1, 'the mention is ambiguous');
  const actor = before.actors.find((a) => a.id === mention.actorIds[0])!;
  const plan = planRename(actor, mention.text, newName);
  if ('error' in expected) {
    assert.ok('error' in plan, 'expected the rename to be refused');
    assert.match(plan.error, expected.error);
    return;
  }
  assert.ok(!('error' in plan), 'error' in plan ? plan.error : '');
  const renamed = applyEdits(HEADER + text, renameEditsIn(before.article, plan)).slice(HEADER.length);
  assert.equal(renamed, expected.article);
  const edit = registryEdit(REGISTRY, service.parseActors(REGISTRY, 'actors.yaml').actors, plan);
  assert.ok(edit, 'the registry entry was not found');
  const registry = applyEdits(REGISTRY, [edit]);
  if (expected.registryLine) assert.ok(registry.split('\n').includes(expected.registryLine), registry);
  // Every mention still names the same actor, and nothing new is reported.
  const reparsed = service.parseActors(registry, 'actors.yaml');
  assert.deepEqual(reparsed.findings.filter((f) => f.severity === 'error'), []);
  const after = parse(HEADER + renamed, registry);
  assert.deepEqual(after.article.mentions.map((m) => m.actorIds), before.article.mentions.map((m) => m.actorIds));
  const codes = (t: string, r: string) => service.analyze(t, { config: configWith(r) }).findings.map((f) => f.ruleId).sort();
  assert.deepEqual(codes(HEADER + renamed, registry), codes(HEADER + text, REGISTRY));
}

/** Which registry name or alias the cursor is on. */
function checkRegistryName(fixture: string, expected: { id: string; form: string; kind: 'name' | 'alias' } | undefined): void {
  const { text, offset } = cursor(fixture);
  const found = registryNameAt(service.parseActors(text, 'actors.yaml').actors, offset);
  assert.deepEqual(found && { id: found.actor.id, form: found.form, kind: found.kind }, expected);
}

/** Names matching a query, best first. */
function checkSymbols(query: string, names: string[], expected: string[]): void {
  const scored = names.map((n) => ({ n, s: matchScore(query, n) })).filter((x) => x.s !== undefined);
  scored.sort((a, b) => b.s! - a.s! || a.n.localeCompare(b.n));
  assert.deepEqual(scored.map((x) => x.n), expected);
}

describe('navigation in the core', () => {
  it('finds the mention under the cursor, including just after it', () => {
    checkDefinition('Ilse Mar$0veni opened the session.', [{ id: 'ilse-marveni', line: 2 }]);
    checkDefinition('Ilse Marveni$0 opened the session.', [{ id: 'ilse-marveni', line: 2 }]);
    checkDefinition('The port authority and $0Oskar Lindqvist agreed.', [{ id: 'oskar-lindqvist', line: 7 }]);
    checkDefinition('Ilse Marveni met the $0harbour pilots.', []);
  });

  it('offers every candidate for a form two actors share', () => {
    checkDefinition('Lindq$0vist declined to comment.', [
      { id: 'oskar-lindqvist', line: 7 },
      { id: 'ruben-lindqvist', line: 12 },
    ]);
    // A full name in the article settles which one is meant.
    checkDefinition('Ruben Lindqvist arrived late. Lindq$0vist declined to comment.', [{ id: 'ruben-lindqvist', line: 12 }]);
  });

  it('finds the cited source under the cursor and its declaration', () => {
    const { text, offset } = cursor('Fares rose again (T$0W, May 18).');
    const { article } = parse(HEADER + text);
    const cited = contextAt(article, HEADER.length + offset);
    assert.ok(cited?.kind === 'source');
    assert.equal(cited.source, 'TW');
    const declared = findSourceDeclaration(sourceDeclarations(CONFIG), cited.source);
    assert.equal(declared?.name, 'Tidewater Wire');
    assert.equal(CONFIG.slice(declared.nameSpan.start, declared.nameSpan.end), 'Tidewater Wire');
  });

  it('finds a source written in lower case or with extra spaces, as hover does', () => {
    for (const written of ['tidewater wire', 'Tidewater  Wire', 'tw']) {
      assert.equal(findSourceDeclaration(sourceDeclarations(CONFIG), written)?.name, 'Tidewater Wire', written);
    }
  });

  it('finds the registry name or alias under the cursor', () => {
    checkRegistryName('- id: a\n  name: Ilse Mar$0veni\n  aliases: [Minister Marveni]\n', { id: 'a', form: 'Ilse Marveni', kind: 'name' });
    checkRegistryName('- id: a\n  name: Ilse Marveni\n  aliases: [Minister $0Marveni]\n', { id: 'a', form: 'Minister Marveni', kind: 'alias' });
    checkRegistryName('- id: a\n  name: Ilse Marveni\n  kind: per$0son\n', undefined);
  });

  it('renames a full name everywhere, keeping possessives and the surname taken from it', () => {
    checkRename(
      'Ilse Marv$0eni spoke first. Marveni’s deputy and Minister Marveni’s office agreed.',
      'Ilse Novak',
      { article: 'Ilse Novak spoke first. Novak’s deputy and Minister Marveni’s office agreed.', registryLine: '  name: Ilse Novak' },
    );
  });

  it('renames an alias only where the article uses that alias', () => {
    checkRename(
      'Ilse Marveni spoke first. Minister Marv$0eni’s office agreed, and Marveni left.',
      'Minister Novak',
      { article: 'Ilse Marveni spoke first. Minister Novak’s office agreed, and Marveni left.', registryLine: '  aliases: [Minister Novak]' },
    );
  });

  it('renames a surname by changing the last word of the full name', () => {
    checkRename(
      'Ilse Marveni spoke first, then Marv$0eni’s deputy.',
      'Novak',
      { article: 'Ilse Novak spoke first, then Novak’s deputy.', registryLine: '  name: Ilse Novak' },
    );
    checkRename('Ilse Marveni spoke, then Marv$0eni left.', 'van Novak', { error: /one word/ });
  });

  it('keeps the quoting style of the registry value and quotes when YAML needs it', () => {
    checkRename(
      'Corran Port Auth$0ority said the berths are ready.',
      'Corran Harbour Board',
      { article: 'Corran Harbour Board said the berths are ready.', registryLine: '  name: "Corran Harbour Board"' },
    );
    assert.equal(yamlScalar('Novak: the elder', 'Plain'), '"Novak: the elder"');
    assert.equal(yamlScalar("O'Neill", "'Single'"), "'O''Neill'");
    assert.equal(yamlScalar('O’Neill', 'Plain'), 'O’Neill');
    assert.equal(yamlScalar('yes', 'Plain'), '"yes"');
    assert.equal(yamlScalar('Kyiv, Ukraine'), '"Kyiv, Ukraine"', 'a comma would split a flow list');
  });

  it('refuses empty and multi-line names', () => {
    checkRename('Ilse Marv$0eni spoke.', '  ', { error: /empty/ });
    checkRename('Ilse Marv$0eni spoke.', 'Ilse\nNovak', { error: /one line/ });
  });

  it('matches symbol queries by prefix, word start, substring and letters in order', () => {
    const names = ['Ilse Marveni', 'Oskar Lindqvist', 'Corran Port Authority', 'Tidewater Wire', 'Marvin Hale'];
    checkSymbols('mar', names, ['Marvin Hale', 'Ilse Marveni']);
    checkSymbols('port', names, ['Corran Port Authority']);
    checkSymbols('cpa', names, ['Corran Port Authority']);
    checkSymbols('', names, [...names].sort((a, b) => a.localeCompare(b)));
    checkSymbols('zz', names, []);
  });
});

// ---------------------------------------------------------------------------------------------
// Over stdio, against the built server.

const ARTICLES: Record<string, string> = {
  'first.article': `${HEADER}Ilse Marveni opened the talks in Corran (Tidewater Wire, May 18). Marveni’s deputy took notes.\n`,
  'second.article': `${HEADER}The port authority met Oskar Lindqvist. “The berths are not ready yet,” said Ilse Marveni (TW, May 19).\n`,
  'third.article': `${HEADER}Nobody from the ministry attended. Later, Oskar Lindqvist wrote to the board (Corran Evening Post, May 17).\n`,
};

describe('navigation over stdio', () => {
  let dir: string;
  let client: TestClient;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  const pos = (text: string, needle: string, shift = 1) => {
    const lines = new LineIndex(text);
    const at = text.indexOf(needle);
    assert.ok(at >= 0, needle);
    return lines.positionAt(at + shift);
  };
  /** The open second article has unsaved edits that mention the minister once more. */
  const secondLive = `${ARTICLES['second.article']}\nIlse Marveni returned in the evening.\n`;
  let secondCodes: string[];

  before(async () => {
    bundle('server/server.ts', 'dist/server.js');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-nav-'));
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), CONFIG);
    fs.writeFileSync(path.join(dir, 'actors.yaml'), REGISTRY);
    fs.mkdirSync(path.join(dir, 'desk'));
    for (const [name, text] of Object.entries(ARTICLES)) fs.writeFileSync(path.join(dir, 'desk', name), text);
    client = new TestClient();
    await client.initialize(pathToFileURL(dir).toString());
    const published = client.diagnostics(uriOf('desk/second.article'), (p) => p.version === 2);
    await client.open(uriOf('desk/second.article'), 'article', ARTICLES['second.article']);
    await client.change(uriOf('desk/second.article'), 2, [{ text: secondLive }]);
    secondCodes = (await published).diagnostics.map((d) => String(d.code)).sort();
  });

  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
    assert.deepEqual(client.stderr.filter((l) => /Error|failed/.test(l)), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('jumps from a mention to its line in actors.yaml', async () => {
    const uri = uriOf('desk/second.article');
    const result = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: pos(secondLive, 'Oskar Lindqvist') })) as Location[];
    assert.equal(result.length, 1);
    assert.equal(result[0].uri, uriOf('actors.yaml'));
    assert.deepEqual(result[0].range, { start: { line: 7, character: 8 }, end: { line: 7, character: 23 } });
  });

  it('jumps from a cited source to its entry in dateline.yaml', async () => {
    const uri = uriOf('desk/second.article');
    const result = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: pos(secondLive, '(TW', 2) })) as Location[];
    assert.deepEqual(result, [{ uri: uriOf('dateline.yaml'), range: { start: { line: 2, character: 10 }, end: { line: 2, character: 24 } } }]);
  });

  it('finds references across the workspace, with the open document’s unsaved text', async () => {
    const uri = uriOf('desk/second.article');
    const refs = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: pos(secondLive, 'Ilse Marveni'),
      context: { includeDeclaration: true },
    })) as Location[];
    const byFile = refs.map((r) => `${path.relative(dir, new URL(r.uri).pathname)}:${r.range.start.line}`).sort();
    assert.deepEqual(byFile, ['actors.yaml:2', 'desk/first.article:3', 'desk/first.article:3', 'desk/second.article:3', 'desk/second.article:5']);
    // From the entry in actors.yaml, without the declaration.
    const fromRegistry = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: uriOf('actors.yaml') },
      position: pos(REGISTRY, 'Oskar Lindqvist'),
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(fromRegistry.map((r) => path.basename(new URL(r.uri).pathname)).sort(), ['second.article', 'third.article']);
  });

  it('lists actors and sources as workspace symbols, filtered by the query', async () => {
    const all = (await client.connection.sendRequest('workspace/symbol', { query: '' })) as SymbolInformation[];
    assert.deepEqual(all.map((s) => s.name).sort(), ['Corran Evening Post', 'Corran Port Authority', 'Ilse Marveni', 'Oskar Lindqvist', 'Ruben Lindqvist', 'Tidewater Wire']);
    const corran = (await client.connection.sendRequest('workspace/symbol', { query: 'corran' })) as SymbolInformation[];
    assert.deepEqual(corran.map((s) => [s.name, path.basename(new URL(s.location.uri).pathname), s.location.range.start.line]), [
      ['Corran Evening Post', 'dateline.yaml', 4],
      ['Corran Port Authority', 'actors.yaml', 17],
    ]);
  });

  it('refuses to rename a form two actors share, from an article', async () => {
    const uri = uriOf('desk/ambiguous.article');
    const text = `${HEADER}Lindqvist declined to comment.\n`;
    await client.open(uri, 'article', text);
    await assert.rejects(
      client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: pos(text, 'Lindqvist') }),
      /could mean Oskar Lindqvist or Ruben Lindqvist/,
    );
    await client.close(uri);
  });

  it('renames from the registry entry, and prepares a quoted name inside its quotes', async () => {
    const registry = uriOf('actors.yaml');
    const prepared = (await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: registry }, position: pos(REGISTRY, 'Corran Port Authority') })) as { range: unknown; placeholder: string };
    assert.deepEqual(prepared, { range: { start: { line: 17, character: 9 }, end: { line: 17, character: 30 } }, placeholder: 'Corran Port Authority' });
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri: registry }, position: pos(REGISTRY, 'Oskar Lindqvist'), newName: 'Oskar Lindgren' })) as WorkspaceEdit;
    const changes = edit.changes!;
    assert.deepEqual(Object.keys(changes).map((u) => path.relative(dir, new URL(u).pathname)).sort(), ['actors.yaml', 'desk/second.article', 'desk/third.article']);
    assert.deepEqual(changes[registry], [{ range: { start: { line: 7, character: 8 }, end: { line: 7, character: 23 } }, newText: 'Oskar Lindgren' }]);
    assert.equal(apply(secondLive, changes[uriOf('desk/second.article')]).includes('met Oskar Lindgren.'), true);
  });

  it('renames an actor in the registry and in every article; the result checks clean', async () => {
    const uri = uriOf('desk/second.article');
    const at = pos(secondLive, 'Ilse Marveni', 3);
    const prepared = (await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: at })) as { placeholder: string };
    assert.equal(prepared.placeholder, 'Ilse Marveni');
    const before = problemsOf(REGISTRY, ARTICLES);
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: at, newName: 'Ilse Novak' })) as WorkspaceEdit;
    const changes = edit.changes!;
    assert.deepEqual(Object.keys(changes).map((u) => path.relative(dir, new URL(u).pathname)).sort(), ['actors.yaml', 'desk/first.article', 'desk/second.article']);
    assert.equal(changes[uriOf('actors.yaml')].length, 1);
    assert.equal(changes[uriOf('desk/first.article')].length, 2);
    // The open document is edited from its unsaved text: two mentions.
    assert.equal(changes[uri].length, 2);

    const renamedRegistry = apply(REGISTRY, changes[uriOf('actors.yaml')]);
    assert.match(renamedRegistry, /\n {2}name: Ilse Novak\n/);
    const first = apply(ARTICLES['first.article'], changes[uriOf('desk/first.article')]);
    assert.match(first, /Ilse Novak opened the talks .* Novak’s deputy/);
    const second = apply(secondLive, changes[uri]);
    assert.equal(second.includes('Marveni'), false);

    // Save the registry and the closed article as an editor would, then re-check everything.
    fs.writeFileSync(path.join(dir, 'actors.yaml'), renamedRegistry);
    fs.writeFileSync(path.join(dir, 'desk', 'first.article'), first);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf('actors.yaml'), type: 2 }, { uri: uriOf('desk/first.article'), type: 2 }],
    });
    const published = client.diagnostics(uri, (p) => p.version === 3);
    await client.change(uri, 3, [{ text: second }]);
    assert.deepEqual((await published).diagnostics.map((d) => String(d.code)).sort(), secondCodes);
    const renamed = { ...ARTICLES, 'first.article': first, 'second.article': apply(ARTICLES['second.article'], changes[uri].slice(0, 1)) };
    assert.deepEqual(problemsOf(renamedRegistry, renamed), before);
    // The index follows: the new name has the references the old one had.
    const refs = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: pos(second, 'Ilse Novak'),
      context: { includeDeclaration: false },
    })) as Location[];
    assert.equal(refs.length, 4);
  });

});

/** Problems of each article, by rule id, with a given registry. */
function problemsOf(registryText: string, articles: Record<string, string>): string[] {
  const config = configWith(registryText);
  const out: string[] = [];
  for (const [name, text] of Object.entries(articles)) for (const f of service.analyze(text, { config }).findings) out.push(`${name}:${f.ruleId}`);
  return out.sort();
}

function apply(text: string, edits: LspTextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(text, edits.map((e) => ({ span: { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }, newText: e.newText })));
}
