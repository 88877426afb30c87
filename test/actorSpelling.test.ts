import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { isCommonWord, spellingIndexFor, spellingKey } from '../server/core/actors/spelling';
import { addAliasEdit } from '../server/core/configEdits';
import { applyEdits, createLanguageService } from '../server/core/index';
import { bundle } from './support/build';
import { codes, repoRoot, TestClient } from './support/lspClient';

const service = createLanguageService();
const HEADER = 'Publication: Caspian Review Volume: 12 Issue: 48\n\n';

describe('actor-spelling: spelling keys and the index', () => {
  it('folds case, accents and the transliteration variants of the SPEC', () => {
    const same = [
      ['Khodorkovsky', 'Hodorkovski'],
      ['Tymoshenko', 'Timoshenko'],
      ['Əliyev', 'Aliev'],
      ['Aksyonov', 'Axionov'],
      ['Shevardnadze', 'Chevardnadze'],
      ['Dmitriy', 'Dmitri'],
      ['Dvořák', 'dvorak'],
      ['Medvedyev', 'Medvediev'],
      ['Mamedov', 'Mammedov'],
    ];
    for (const [a, b] of same) assert.equal(spellingKey(a), spellingKey(b), `${a} / ${b}`);
    assert.notEqual(spellingKey('Medvedev'), spellingKey('Medvdev'));
    assert.notEqual(spellingKey('Yanukovych'), spellingKey('Ianukovich'));
  });

  it('knows common English words, and no names among them', () => {
    for (const w of ['mayor', 'meanwhile', 'marshal', 'president', 'harbor', 'harbour', 'brown']) assert.ok(isCommonWord(w), w);
    for (const w of ['medvedev', 'sarkisian', 'tymoshenko', 'okafor']) assert.ok(!isCommonWord(w), w);
  });

  it('the shipped word list is what the generator writes from the pinned package', () => {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'common-words.ts'), '--check'], { cwd: repoRoot, stdio: 'pipe' });
  });

  it('is built once per registry', () => {
    const { config } = service.parseConfig('actors:\n  - id: a\n    name: Anja Holm\n');
    assert.equal(spellingIndexFor(config.actors), spellingIndexFor(config.actors));
    const other = service.parseConfig('actors:\n  - id: a\n    name: Anja Holm\n').config;
    assert.notEqual(spellingIndexFor(other.actors), spellingIndexFor(config.actors));
  });

  it('is silent when two registry spellings are as near as each other', () => {
    const { config } = service.parseConfig('actors:\n  - { id: a, name: Ilham Aliyev }\n  - { id: b, name: Rustam Aliev }\n');
    // `Əliyev` folds to both `Aliyev` and `Aliev`: which one is meant cannot be told.
    const findings = service.analyze(`${HEADER}Ilham Aliyev and Rustam Aliev met. Əliyev spoke.\n`, { config }).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), []);
  });
});

describe('actor-spelling: severities', () => {
  it('a near miss of the registry is a warning; variance inside an article without a registry is a hint', () => {
    const { config } = service.parseConfig('actors:\n  - { id: y, name: Yulia Tymoshenko }\n');
    const text = `${HEADER}Yulia Tymoshenko spoke. Later Timoshenko and Tymoshenko left.\n`;
    assert.deepEqual(service.analyze(text, { config }).findings.map((f) => [f.ruleId, f.severity, f.message]), [
      ['actor-spelling', 'warning', '‘Timoshenko’ is not how the registry spells this name; did you mean ‘Tymoshenko’ (Yulia Tymoshenko)?'],
    ]);
    assert.deepEqual(service.analyze(text).findings.map((f) => [f.ruleId, f.severity, f.message]), [
      ['actor-spelling', 'hint', '‘Timoshenko’ is also spelt ‘Tymoshenko’ in this article; use one spelling.'],
    ]);
    // A setting below hint keeps it off; a setting above leaves the variance a hint.
    const off = service.parseConfig('rules:\n  actor-spelling: off\n').config;
    assert.deepEqual(service.analyze(text, { config: off }).findings, []);
    const error = service.parseConfig('rules:\n  actor-spelling: error\n').config;
    assert.deepEqual(service.analyze(text, { config: error }).findings.map((f) => f.severity), ['hint']);
  });

  it('its fixes are editorial: fix all leaves the spelling alone', () => {
    const { config } = service.parseConfig('actors:\n  - { id: m, name: Dmitry Medvedev, aliases: [Medvedev] }\n');
    const text = `${HEADER}Dmitry Medvedev arrived. Medvdev left.\n`;
    const result = service.analyze(text, { config });
    assert.deepEqual(result.findings.map((f) => f.fixes?.map((x) => [x.title, x.safe])), [[['Change to ‘Medvedev’', false]]]);
    assert.equal(service.fixAll(text, { config }).text, text);
  });
});

describe('actor-spelling: "Add as an alias" edits', () => {
  const alias = (text: string, id: string, name: string) => {
    const edit = addAliasEdit(text, id, name);
    return edit && applyEdits(text, [edit]);
  };

  it('appends to a flow list, a block list, or adds an aliases line after the name', () => {
    assert.equal(alias('- id: m\n  name: Dmitry Medvedev\n  aliases: [Medvedev]\n', 'm', 'Medvedyev'), '- id: m\n  name: Dmitry Medvedev\n  aliases: [Medvedev, Medvedyev]\n');
    assert.equal(alias('- id: m\n  name: Dmitry Medvedev\n  aliases: []\n', 'm', 'Medvedyev'), '- id: m\n  name: Dmitry Medvedev\n  aliases: [Medvedyev]\n');
    assert.equal(
      alias('- id: m\n  name: Dmitry Medvedev\n  aliases:\n    - Medvedev\n- id: s\n  name: Serzh Sarkisian\n', 'm', 'Medvedyev'),
      '- id: m\n  name: Dmitry Medvedev\n  aliases:\n    - Medvedev\n    - Medvedyev\n- id: s\n  name: Serzh Sarkisian\n',
    );
    assert.equal(alias('- id: m\n  name: Dmitry Medvedev\n- id: s\n  name: Serzh Sarkisian\n', 's', 'Sargsyan'), '- id: m\n  name: Dmitry Medvedev\n- id: s\n  name: Serzh Sarkisian\n  aliases: [Sargsyan]\n');
  });

  it('works in the inline actors of dateline.yaml, in CRLF files, and quotes what YAML would misread', () => {
    assert.equal(alias('rules: {}\r\nactors:\r\n  - id: m\r\n    name: Dmitry Medvedev\r\n', 'm', 'Medvedyev'), 'rules: {}\r\nactors:\r\n  - id: m\r\n    name: Dmitry Medvedev\r\n    aliases: [Medvedyev]\r\n');
    assert.equal(alias('- id: n\n  name: Yes\n  aliases: [No]\n', 'n', 'Off'), '- id: n\n  name: Yes\n  aliases: [No, "Off"]\n');
  });

  it('gives no edit for an unknown id or an entry it should not guess at', () => {
    assert.equal(alias('- id: m\n  name: Dmitry Medvedev\n', 'x', 'Medvedyev'), undefined);
    assert.equal(alias('- { id: m, name: Dmitry Medvedev }\n', 'm', 'Medvedyev'), undefined);
    assert.equal(alias('- id: m\n  name: Dmitry Medvedev\n  aliases: Medvedev\n', 'm', 'Medvedyev'), undefined);
    assert.equal(alias('not: [a, list\n', 'm', 'Medvedyev'), undefined);
  });

  it('is offered over stdio and edits the registry file that lists the actor', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-alias-'));
    fs.writeFileSync(path.join(dir, 'dateline.yaml'), 'actors: people.yaml\n');
    const registry = '- id: serzh-sarkisian\n  name: Serzh Sarkisian\n  kind: person\n  aliases: [Sarkisian]\n';
    fs.writeFileSync(path.join(dir, 'people.yaml'), registry);
    const client = new TestClient();
    await client.initialize(pathToFileURL(dir).toString());
    const uri = pathToFileURL(path.join(dir, 'a.article')).toString();
    const published = client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    await client.open(uri, 'article', `${HEADER}Serzh Sarkisian arrived. Sargsyan spoke.\n`);
    const { diagnostics } = await published;
    assert.deepEqual(codes(diagnostics), ['actor-spelling']);
    type Action = { title: string; edit: { changes: Record<string, { newText: string }[]> } };
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    })) as Action[];
    assert.deepEqual(actions.map((a) => a.title), ['Change to ‘Sarkisian’', 'Add ‘Sargsyan’ as an alias of Serzh Sarkisian', 'Ignore actor-spelling on this line']);
    const registryUri = pathToFileURL(path.join(dir, 'people.yaml')).toString();
    assert.deepEqual(actions[1].edit.changes[registryUri].map((e) => e.newText), [', Sargsyan']);
    assert.equal(await client.shutdown(), 0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
