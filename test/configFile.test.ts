import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { completeConfig, hoverConfig } from '../server/core/features/configFile';
import { RULE_IDS } from '../server/core/rules/index';
import schema from '../schemas/dateline.schema.json';
import { bundle } from './support/build';
import { cursor } from './support/features';
import { TestClient } from './support/lspClient';

/** Each item as `label [replaced text] → inserted text`, and `(default)` for the schema's default. */
function complete(source: string): string[] {
  const { text, offset } = cursor(source);
  return completeConfig(text, offset).items.map((i) => `${i.label}${i.detail ? ` (${i.detail})` : ''} [${text.slice(i.span.start, i.span.end)}] → ${JSON.stringify(i.insertText)}`);
}

const TOP = ['schema', 'style', 'citations', 'attribution', 'actors', 'sources', 'rules', 'quotes', 'include', 'exclude'];
const SEVERITIES = ['off []', 'hint []', 'info []', 'warning []', 'error []'];

describe('completion in dateline.yaml', () => {
  it('offers the top-level keys, each as a value on its line or a block below it', () => {
    assert.deepEqual(complete('$0'), [
      'schema [] → "schema:\\n  "',
      'style [] → "style: "',
      'citations [] → "citations:\\n  "',
      'attribution [] → "attribution:\\n  "',
      'actors [] → "actors: "',
      'sources [] → "sources:\\n  - "',
      'rules [] → "rules:\\n  "',
      'quotes [] → "quotes:\\n  "',
      'include [] → "include: "',
      'exclude [] → "exclude: "',
    ]);
  });

  it('leaves out keys already given, and replaces the word typed', () => {
    assert.deepEqual(complete('style: wire\nqu$0\nrules:\n  quote-uncited: off\n'), TOP.filter((k) => k !== 'style' && k !== 'rules').map((k) => `${k} [qu] → ${JSON.stringify(k === 'actors' || k === 'include' || k === 'exclude' ? `${k}: ` : k === 'sources' ? `${k}:\n  - ` : `${k}:\n  `)}`));
  });

  it('offers the style presets, with the default marked, and a space right after the colon', () => {
    assert.deepEqual(complete('style: $0'), ['edm (default) [] → "edm"', 'wire [] → "wire"', 'digest [] → "digest"']);
    assert.deepEqual(complete('style: wi$0re'), ['edm (default) [wire] → "edm"', 'wire [wire] → "wire"', 'digest [wire] → "digest"']);
    assert.deepEqual(complete('style:$0'), ['edm (default) [] → " edm"', 'wire [] → " wire"', 'digest [] → " digest"']);
  });

  it('knows the keys under citations, attribution and quotes, and their values', () => {
    assert.deepEqual(complete('citations:\n  $0'), ['dates [] → "dates: "', 'undated [] → "undated: "', 'afterSentence [] → "afterSentence: "']);
    assert.deepEqual(complete('citations:\n  undated: true\n  $0\n  dates: [ap]\n'), ['afterSentence [] → "afterSentence: "']);
    assert.deepEqual(complete('citations:\n  undated: $0'), ['true [] → "true"', 'false [] → "false"']);
    const dates = ['ap [] → "ap"', 'day-month [] → "day-month"', 'iso [] → "iso"', 'mdy [] → "mdy"', 'dmy [] → "dmy"'];
    assert.deepEqual(complete('citations:\n  dates: $0'), dates);
    assert.deepEqual(complete('citations:\n  dates: [ap, $0]'), dates);
    assert.deepEqual(complete('citations:\n  dates:\n    - ap\n    - $0'), dates);
    assert.deepEqual(complete('attribution:\n  $0'), ['prose [] → "prose: "', 'anonymous [] → "anonymous: "']);
    assert.deepEqual(complete('quotes:\n  minWords: 4\n  $0'), ['marks [] → "marks: "']);
    assert.deepEqual(complete('quotes:\r\n  marks: $0\r\n'), ['en (default) [] → "en"', 'en-GB [] → "en-GB"', 'de [] → "de"', 'fr [] → "fr"', 'ru [] → "ru"']);
  });

  it('offers every rule id under rules, and the severities as its values', () => {
    const { text, offset } = cursor('rules:\n  citation-unknown-source: warning\n  quote-$0\n');
    const items = completeConfig(text, offset).items;
    assert.deepEqual(items.map((i) => i.label), RULE_IDS.filter((id) => id !== 'citation-unknown-source'));
    assert.ok(items.every((i) => i.insertText === `${i.label}: ` && text.slice(i.span.start, i.span.end) === 'quote-'));
    assert.deepEqual(complete('rules:\n  quote-uncited: $0'), SEVERITIES.map((s) => `${s.split(' ')[0]}${s.startsWith('warning') ? ' (default)' : ''} [] → "${s.split(' ')[0]}"`));
  });

  it('offers the keys of a source entry and of an inline actor entry, and an actor kind', () => {
    assert.deepEqual(complete('sources:\n  - $0'), ['name [] → "name: "', 'aliases [] → "aliases: "', 'description [] → "description: "']);
    assert.deepEqual(complete('sources:\n  - name: Baltic Wire\n    $0\n  - name: Harbour Gazette\n    aliases: [HG]\n'), ['aliases [] → "aliases: "', 'description [] → "description: "']);
    assert.deepEqual(complete('actors:\n  - id: lena-okafor\n    name: Lena Okafor\n    $0'), ['kind [] → "kind: "', 'aliases [] → "aliases: "', 'roles [] → "roles:\\n      - "', 'affiliation [] → "affiliation: "', 'description [] → "description: "']);
    assert.deepEqual(complete('actors:\n  - name: Lena Okafor\n    kind: $0'), ['person [] → "person"', 'organization [] → "organization"', 'place [] → "place"']);
  });

  it('knows the header schema: built-in fields, and the keys of a field of the workspace’s own', () => {
    assert.deepEqual(complete('schema:\n  fields:\n    $0'), ['publication', 'volume', 'issue', 'date', 'title', 'author', 'tags'].map((f) => `${f} [] → ${JSON.stringify(`${f}:\n      `)}`));
    assert.deepEqual(complete('schema:\n  fields:\n    section:\n      type: enum\n      $0'), ['required [] → "required: "', 'description [] → "description: "', 'values [] → "values: "', 'min [] → "min: "', 'max [] → "max: "']);
    assert.deepEqual(complete('schema:\n  fields:\n    section:\n      type: $0'), ['string [] → "string"', 'integer [] → "integer"', 'date [] → "date"', 'list [] → "list"', 'enum [] → "enum"']);
  });

  it('offers nothing in a comment, inside a value that is not one of a list, under a key of an unknown name, or in a broken block', () => {
    for (const source of ['# sty$0', 'style: edm # $0', 'include: articles/$0', 'sources:\n  - name: Bal$0', 'unknown:\n  $0', 'quotes: { marks: en }\n  $0', 'style: edm\n  $0']) {
      assert.deepEqual(complete(source), [], source);
    }
  });

  it('documents each key with the schema’s own description, values and default', () => {
    const { text, offset } = cursor('quotes:\n  $0');
    const marks = completeConfig(text, offset).items.find((i) => i.label === 'marks')!;
    assert.equal(marks.documentation, `**marks**\n\n${schema.properties.quotes.properties.marks.description}\n\nValues: \`en\`, \`en-GB\`, \`de\`, \`fr\`, \`ru\`.\n\nDefault: \`en\`.`);
  });
});

describe('hover in dateline.yaml', () => {
  const hover = (source: string) => {
    const { text, offset } = cursor(source);
    const card = hoverConfig(text, offset);
    return card && { markdown: card.markdown, text: text.slice(card.span.start, card.span.end) };
  };

  it('shows a key’s description, values and default, for keys at every depth', () => {
    assert.deepEqual(hover('sty$0le: wire'), { text: 'style', markdown: `**style**\n\n${schema.properties.style.description}\n\nValues: \`edm\`, \`wire\`, \`digest\`.\n\nDefault: \`edm\`.` });
    assert.deepEqual(hover('citations:\n  $0undated: true'), { text: 'undated', markdown: `**undated**\n\n${schema.properties.citations.properties.undated.description}\n\nValues: \`true\`, \`false\`.\n\nDefault: \`false\`.` });
    assert.deepEqual(hover('rules:\n  quote-uncited$0: off'), { text: 'quote-uncited', markdown: `**quote-uncited**\n\n${schema.properties.rules.properties['quote-uncited'].description}\n\nValues: \`off\`, \`hint\`, \`info\`, \`warning\`, \`error\`.\n\nDefault: \`warning\`.` });
    assert.deepEqual(hover('sources:\n  - na$0me: Baltic Wire'), { text: 'name', markdown: `**name**\n\n${schema.definitions.source.properties.name.description}` });
  });

  it('shows nothing on a value, a comment, or a key the schema does not know', () => {
    for (const source of ['style: wi$0re', '# sty$0le', 'colour$0: red', 'rules:\n  no-such$0-rule: off']) assert.equal(hover(source), undefined, source);
  });
});

describe('dateline.yaml completion and hover over stdio', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers in dateline.yaml and leaves articles to article completion and hover', async () => {
    bundle('server/server.ts', 'dist/server.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-config-'));
    dirs.push(dir);
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(dir).toString());
      const config = pathToFileURL(path.join(dir, 'dateline.yaml')).toString();
      await client.open(config, 'yaml', 'style: edm\nquotes:\n  ma\n');
      const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: config }, position: { line: 2, character: 4 } })) as { label: string; textEdit: unknown; kind: number }[];
      assert.deepEqual(list.map((i) => [i.label, i.textEdit, i.kind]), [
        ['minWords', { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 4 } }, newText: 'minWords: ' }, 10],
        ['marks', { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 4 } }, newText: 'marks: ' }, 10],
      ]);
      const card = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: config }, position: { line: 0, character: 2 } })) as { contents: { value: string }; range: unknown };
      assert.equal(card.contents.value.split('\n')[0], '**style**');
      assert.deepEqual(card.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });

      // An article still gets the article features behind them.
      const article = pathToFileURL(path.join(dir, 'a.article')).toString();
      await client.open(article, 'article', 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDa\n\nText.\n');
      const header = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: article }, position: { line: 0, character: 3 } })) as { contents: { value: string } } | null;
      assert.match(header?.contents.value ?? '', /publication/i);
      const fields = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: article }, position: { line: 1, character: 2 } })) as { items: { label: string }[] } | null;
      assert.ok(fields && fields.items.some((i) => /date/i.test(i.label)), JSON.stringify(fields));
    } finally {
      await client.shutdown();
    }
  });
});

describe('dateline.yaml completion and hover on any text', () => {
  it('never throw, and every span lies inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'r', 's', '-', ' ', ':', '\n', '\r', '#', '[', ',', ']', '"', 'quotes', 'rules', 'marks', '  - ', '\t', '𝒳') }), fc.nat(), (text, n) => {
        const offset = text.length ? n % (text.length + 1) : 0;
        for (const item of completeConfig(text, offset).items) assert.ok(item.span.start >= 0 && item.span.start <= item.span.end && item.span.end <= text.length);
        const card = hoverConfig(text, offset);
        if (card) assert.ok(card.span.start >= 0 && card.span.end <= text.length);
      }),
      { numRuns: 2000 },
    );
  });
});
