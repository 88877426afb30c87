import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, CompletionResolveRequest, type CompletionItem as LspItem, type CompletionList as LspList } from 'vscode-languageserver-protocol';
import { defaultConfig, LineIndex, type CompletionList, type DatelineConfig, type WorkspaceData } from '../server/core/index';
import { createCompletionFeature, plainText, withDefaultRange } from '../server/lsp/features/completion';
import { coreConfig, cursor, FeatureServer, HEADER, service, WORKSPACE } from './support/features';

interface Options {
  config?: DatelineConfig;
  workspace?: WorkspaceData | null;
  trigger?: string;
}

/**
 * Completes at `$0` through the core facade and asserts the labels are exactly `expected`, in
 * order. Every item must replace a single-line span around the cursor, in sortText order.
 */
function checkCompletion(source: string, expected: string[], options: Options = {}): CompletionList {
  const { text, offset } = cursor(source);
  const list = service.complete(text, offset, {
    config: options.config ?? coreConfig(),
    workspace: options.workspace === null ? undefined : options.workspace ?? WORKSPACE,
    triggerCharacter: options.trigger,
    today: { year: 2021, month: 3, day: 16 },
  });
  const lines = new LineIndex(text);
  for (const item of list.items) {
    assert.ok(item.span.start <= offset && offset <= item.span.end, `${item.label}: its span ${item.span.start}-${item.span.end} does not hold the cursor ${offset}`);
    assert.equal(lines.positionAt(item.span.start).line, lines.positionAt(item.span.end).line, `${item.label}: its span crosses a line`);
    assert.ok(item.filterText, `${item.label}: no filterText`);
  }
  const sorted = [...list.items].sort((a, b) => a.sortText.localeCompare(b.sortText));
  assert.deepEqual(sorted.map((i) => i.label), list.items.map((i) => i.label), 'items come in sortText order');
  assert.deepEqual(list.items.map((i) => i.label), expected);
  return list;
}

const item = (list: CompletionList, label: string) => {
  const found = list.items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} in ${list.items.map((i) => i.label).join(', ')}`);
  return found;
};

/** What an item's edit would make of the text. */
function applied(source: string, list: CompletionList, label: string): string {
  const { text } = cursor(source);
  const it = item(list, label);
  return text.slice(0, it.span.start) + it.insertText + text.slice(it.span.end);
}

describe('actor completion', () => {
  it('offers the full name first, then title and name, before the first mention', () => {
    const list = checkCompletion(`${HEADER}Grain talks resumed when Var$0`, ['Petra Varga', 'Leader of the Opposition Petra Varga', 'Tomas Varga', 'Minister of Agriculture Tomas Varga']);
    assert.match(item(list, 'Tomas Varga').detail!, /first mention/);
    assert.equal(applied(`${HEADER}Grain talks resumed when Var$0`, list, 'Tomas Varga'), `${HEADER}Grain talks resumed when Tomas Varga`);
  });

  it('leaves actors’ cards out when asked, and gives the same card by id later', () => {
    const { text, offset } = cursor(`${HEADER}Tomas Varga flew to Riga. Later that day Var$0`);
    const options = { config: coreConfig(), workspace: WORKSPACE };
    const eager = service.complete(text, offset, options);
    const lazy = service.complete(text, offset, { ...options, lazyDocumentation: true });
    assert.deepEqual(lazy.items.map((i) => i.label), eager.items.map((i) => i.label));
    assert.deepEqual(lazy.items.filter((i) => i.documentation !== undefined), []);
    for (const [i, item] of eager.items.entries()) {
      assert.ok(item.actorId && item.documentation, `${item.label}: an eager actor item has an id and a card`);
      assert.equal(service.actorDocumentation(text, lazy.items[i].actorId!, options), item.documentation);
    }
    assert.match(eager.items[0].documentation!, /Mentioned 1 time in this article/);
    assert.equal(service.actorDocumentation(text, 'nobody-of-that-id', options), undefined);
  });

  it('takes the title from the role held on the article’s date', () => {
    const dated2018 = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2018-05-01\n\n';
    checkCompletion(`${dated2018}Grain talks resumed when Tomas$0`, ['Tomas Varga', 'Deputy Minister of Agriculture Tomas Varga']);
  });

  it('offers the short form first once the article has named the actor', () => {
    const list = checkCompletion(`${HEADER}Tomas Varga flew to Riga. Later that day Var$0`, ['Varga', 'Tomas Varga', 'Petra Varga', 'Leader of the Opposition Petra Varga']);
    assert.match(item(list, 'Varga').detail!, /Tomas Varga/);
  });

  it('puts the full name first again when the short form is ambiguous in the article', () => {
    const list = checkCompletion(`${HEADER}Tomas Varga met Petra Varga. Afterwards Var$0`, ['Petra Varga', 'Varga', 'Tomas Varga', 'Varga']);
    assert.match(list.items[1].detail!, /ambiguous here: also Tomas Varga/);
  });

  it('finds actors by fuzzy match, by surname, across accents and over two words', () => {
    checkCompletion(`${HEADER}Talks with sark$0`, ['Aram Sarkavian', 'Mayor of Kessel Aram Sarkavian']);
    checkCompletion(`${HEADER}Talks with arsav$0`, ['Aram Sarkavian', 'Mayor of Kessel Aram Sarkavian']);
    checkCompletion(`${HEADER}Talks with srkvn$0`, ['Aram Sarkavian', 'Mayor of Kessel Aram Sarkavian']);
    checkCompletion(`${HEADER}Talks with dvor$0`, ['Irena Dvořák']);
    checkCompletion(`${HEADER}Talks with tva$0`, ['Tomas Varga', 'Minister of Agriculture Tomas Varga']);
    checkCompletion(`${HEADER}The operator northg$0`, ['Northgrid']);
    const list = checkCompletion(`${HEADER}Talks with Tomas Va$0`, ['Tomas Varga', 'Minister of Agriculture Tomas Varga']);
    assert.equal(cursor(`${HEADER}Talks with Tomas Va$0`).text.slice(list.items[0].span.start, list.items[0].span.end), 'Tomas Va');
  });

  it('waits for three letters of a lower-case word, and skips common words', () => {
    assert.equal(checkCompletion(`${HEADER}Talks with va$0`, []).isIncomplete, true);
    assert.equal(checkCompletion(`${HEADER}Talks with the$0`, []).isIncomplete, true);
    checkCompletion(`${HEADER}Talks with Va$0`, ['Petra Varga', 'Leader of the Opposition Petra Varga', 'Tomas Varga', 'Minister of Agriculture Tomas Varga']);
    // A lower-case alias is still found once the words after the common one say which.
    const list = checkCompletion(`${HEADER}Power cuts worried the g$0`, ['Northgrid']);
    assert.equal(cursor(`${HEADER}Power cuts worried the g$0`).text.slice(list.items[0].span.start, list.items[0].span.end), 'the g');
  });

  it('replaces the whole word under the cursor', () => {
    const source = `${HEADER}Talks with Var$0ga today.`;
    const list = checkCompletion(source, ['Petra Varga', 'Leader of the Opposition Petra Varga', 'Tomas Varga', 'Minister of Agriculture Tomas Varga']);
    assert.equal(applied(source, list, 'Tomas Varga'), `${HEADER}Talks with Tomas Varga today.`);
  });

  it('stays quiet after punctuation in prose and without a registry', () => {
    checkCompletion(`${HEADER}Varga said,$0`, [], { trigger: ',' });
    assert.equal(service.complete(`${HEADER}Varga said,`, HEADER.length + 11, { config: coreConfig(), triggerCharacter: ',' }).items.length, 0);
    const none = service.complete(`${HEADER}Talks with Var`, HEADER.length + 14, { config: defaultConfig() });
    assert.equal(none.items.length, 0);
  });
});

describe('citation completion', () => {
  it('offers registry sources, sources cited in the workspace, then aliases', () => {
    const list = checkCompletion(`${HEADER}The quota was raised (Bal$0`, ['Baltic Wire', 'Meridian News Agency', 'Harbour Gazette', 'BW', 'MNA']);
    assert.equal(item(list, 'Baltic Wire').insertText, 'Baltic Wire, ${1:March 15})');
    assert.equal(item(list, 'Baltic Wire').isSnippet, true);
    assert.equal(item(list, 'Baltic Wire').labelDetail, ', March 15)');
    assert.match(item(list, 'Baltic Wire').detail!, /also BW · cited in 2 articles/);
    assert.equal(item(list, 'Harbour Gazette').detail, 'cited in 3 articles · not in the source registry');
    assert.equal(item(list, 'MNA').detail, 'alias of Meridian News Agency');
    assert.equal(item(list, 'Meridian News Agency').documentation, 'Independent news agency.');
  });

  it('offers `Source, date` snippets for an empty parenthesis, without a second `)`', () => {
    const source = `${HEADER}The quota was raised ($0)`;
    const list = checkCompletion(source, ['Baltic Wire', 'Meridian News Agency', 'BW', 'MNA'], { trigger: '(', workspace: null });
    assert.equal(applied(source, list, 'Meridian News Agency'), `${HEADER}The quota was raised (Meridian News Agency, \${1:March 15})`);
  });

  it('puts the registry sources this article already cites first, as the empty-source fixes do', () => {
    // The article cites Meridian News Agency by its alias; the workspace cites Baltic Wire more.
    const source = `${HEADER}The quota rose (MNA, March 3). Then it fell ($0, March 4).`;
    checkCompletion(source, ['Meridian News Agency', 'Baltic Wire', 'Harbour Gazette', 'MNA', 'BW']);
  });

  it('replaces only the source when the date is already there', () => {
    const source = `${HEADER}The quota was raised (Bal$0tc Wire, March 3).`;
    const list = checkCompletion(source, ['Baltic Wire', 'Meridian News Agency', 'Harbour Gazette', 'BW', 'MNA']);
    assert.equal(applied(source, list, 'Baltic Wire'), `${HEADER}The quota was raised (Baltic Wire, March 3).`);
  });

  it('completes the date with the article’s date in AP style after the comma', () => {
    const list = checkCompletion(`${HEADER}The quota was raised (BW,$0`, ['March 15', 'March 14', 'March 13', 'March 12', 'March 11', 'March 10', 'March 9', 'Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'], { trigger: ',' });
    assert.equal(list.items[0].insertText, ' March 15)');
    assert.equal(list.items[0].detail, "the article's date");
    const source = `${HEADER}The quota was raised (BW, Mar$0) today.`;
    const typed = checkCompletion(source, ['March 15', 'March 14', 'March 13', 'March 12', 'March 11', 'March 10', 'March 9', 'Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']);
    assert.equal(applied(source, typed, 'March 15'), `${HEADER}The quota was raised (BW, March 15) today.`);
  });

  it('abbreviates months the AP way and crosses month ends', () => {
    const september = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: September 5, 2020\n\n';
    checkCompletion(`${september}Prices fell (MNA, $0`, ['Sept. 5', 'Sept. 4', 'Sept. 3', 'Sept. 2', 'Sept. 1', 'Aug. 31', 'Aug. 30', 'Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']);
    const march = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2021-03-02\n\n';
    checkCompletion(`${march}Prices fell (MNA, $0`, ['March 2', 'March 1', 'Feb. 28', 'Feb. 27', 'Feb. 26', 'Feb. 25', 'Feb. 24', 'Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']);
  });

  it('offers months alone when the article has no date', () => {
    const undated = 'Publication: Harbour Ledger Volume: 3 Issue: 12\n\n';
    const list = checkCompletion(`${undated}Prices fell (MNA, $0`, ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']);
    assert.equal(list.items[8].insertText, ' Sept. ${1:1})');
  });

  it('completes a year that keeps the cited date on or before the article’s', () => {
    const january = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: 2021-01-05\n\n';
    checkCompletion(`${january}Prices fell (MNA, Dec. 28, $0)`, ['2020']);
  });

  it('leaves asides in parentheses to actor completion', () => {
    checkCompletion(`${HEADER}The ministry (which had been silent for weeks and told nobody about Var$0`, ['Petra Varga', 'Leader of the Opposition Petra Varga', 'Tomas Varga', 'Minister of Agriculture Tomas Varga']);
  });
});

describe('header completion', () => {
  it('offers the schema fields not yet present, in header-line style', () => {
    const source = 'Publication: Harbour Ledger Volume: 3 Issue: 12\nSe$0\n\nBody.';
    const list = checkCompletion(source, ['Date', 'Title', 'Author', 'Tags', 'Section']);
    assert.equal(list.items.length, 5);
    assert.equal(item(list, 'Section').insertText, 'Section: ${1|politics,economy,energy|}');
    assert.equal(item(list, 'Section').documentation, 'The desk that edits the article.');
    assert.equal(item(list, 'Date').insertText, 'Date: ');
  });

  it('puts missing required fields first, in YAML style', () => {
    const list = checkCompletion('---\ntitle: Grain\n$0\n---\n\nBody.', ['publication', 'volume', 'issue', 'date', 'author', 'tags', 'section']);
    assert.match(item(list, 'publication').detail!, /^required/);
    assert.equal(item(list, 'tags').insertText, 'tags: [$1]');
  });

  it('starts a header in an empty article', () => {
    checkCompletion('Pub$0', ['Publication', 'Volume', 'Issue', 'Date', 'Title', 'Author', 'Tags', 'Section']);
  });

  it('offers enum values, with a space after a bare colon', () => {
    checkCompletion('---\npublication: Harbour Ledger\nsection: $0\n---\n\nBody.', ['politics', 'economy', 'energy']);
    const list = checkCompletion('Publication: Harbour Ledger Volume: 3 Issue: 12\nSection:$0\n\nBody.', ['politics', 'economy', 'energy'], { trigger: ':' });
    assert.equal(list.items[0].insertText, ' politics');
  });

  it('offers the publications of the workspace, the most used first', () => {
    const list = checkCompletion('---\npublication: $0\n---\n\nBody.', ['Northern Policy Review', 'Harbour Ledger']);
    assert.equal(list.items[0].detail, 'used by 4 articles in the workspace');
  });

  it('offers today for a date field, and the next key in a header line', () => {
    checkCompletion('Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: $0\n\nBody.', ['March 16, 2021']);
    checkCompletion('---\npublication: Harbour Ledger\ndate: $0\n---\n\nBody.', ['2021-03-16']);
    const list = checkCompletion('Publication: Harbour Ledger Sec$0\n\nBody.', ['Northern Policy Review', 'Harbour Ledger', 'Volume', 'Issue', 'Date', 'Title', 'Author', 'Tags', 'Section']);
    assert.equal(item(list, 'Section').insertText, 'Section: ${1|politics,economy,energy|}');
  });

  it('keeps edits on the cursor’s line with a BOM, CRLF and a citation wrapped over two lines', () => {
    checkCompletion('\ufeffPub$0', ['Publication', 'Volume', 'Issue', 'Date', 'Title', 'Author', 'Tags', 'Section']);
    checkCompletion('\ufeff---\r\npublication: X\r\nsection: $0\r\n---\r\n\r\nBody.', ['politics', 'economy', 'energy']);
    const list = checkCompletion('Publication: X Volume: 3 Issue: 1\r\nDate: 2021-03-15\r\n\r\nPrices rose (BW,\r\nMar$0', ['March 15', 'March 14', 'March 13', 'March 12', 'March 11', 'March 10', 'March 9', 'Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.']);
    // The comma is on the line above: no space is added at the start of this one.
    assert.equal(list.items[0].insertText, 'March 15)');
  });

  it('offers nothing on the YAML fences', () => {
    checkCompletion('---$0\npublication: X\n---\n\nBody.', []);
  });
});

describe('snippets for clients without them', () => {
  it('keep each placeholder’s default and drop escapes', () => {
    assert.equal(plainText('Baltic Wire, ${1:March 15})'), 'Baltic Wire, March 15)');
    assert.equal(plainText('Section: ${1|politics,economy|}'), 'Section: politics');
    assert.equal(plainText('tags: [$1]'), 'tags: []');
    assert.equal(plainText(' Sept. ${1:1})'), ' Sept. 1)');
    assert.equal(plainText('Cost \\$5 \\} ${1:a\\}b}'), 'Cost $5 } a}b');
  });
});

describe('completion over stdio', () => {
  const DOCS: Record<string, string> = {
    'first.article': `${HEADER}Grain talks resumed when Var$0`,
    'later.article': `${HEADER}Tomas Varga flew to Riga. Later that day Var$0`,
    'cite.article': `${HEADER}The quota was raised ($0)`,
    'date.article': `${HEADER}The quota was raised (BW,$0`,
    'fields.article': 'Publication: Harbour Ledger Volume: 3 Issue: 12\nSe$0\n\nBody.',
    'values.article': '---\npublication: $0\n---\n\nBody.',
  };
  let server: FeatureServer;
  before(async () => {
    server = await FeatureServer.start(DOCS);
  });
  after(async () => {
    await server.stop();
  });

  async function complete(name: string, triggerCharacter?: string): Promise<{ text: string; list: LspList }> {
    const { text, offset } = cursor(DOCS[name]);
    const uri = await server.open(name, text);
    const result = await server.client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: server.position(text, offset),
      context: triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 },
    });
    assert.ok(result && !Array.isArray(result));
    return { text, list: result };
  }

  const labels = (items: LspItem[]) => [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);

  it('declares its trigger characters, never a space', () => {
    const triggers = server.init!.capabilities.completionProvider?.triggerCharacters;
    assert.deepEqual(triggers, ['(', ';', ',', ':']);
  });

  it('orders a first mention and a later one as the core does, with edits on the typed word', async () => {
    const first = await complete('first.article');
    assert.deepEqual(labels(first.list.items).slice(0, 4), ['Petra Varga', 'Leader of the Opposition Petra Varga', 'Tomas Varga', 'Minister of Agriculture Tomas Varga']);
    const edit = first.list.items[0].textEdit as { range: { start: { line: number; character: number }; end: { character: number } }; newText: string };
    assert.deepEqual(edit.range.start, { line: 3, character: 'Grain talks resumed when '.length });
    assert.equal(edit.range.end.character, 'Grain talks resumed when Var'.length);
    const later = await complete('later.article');
    assert.deepEqual(labels(later.list.items).slice(0, 3), ['Varga', 'Tomas Varga', 'Petra Varga']);
    assert.equal(later.list.items.find((i) => i.label === 'Varga' && /Tomas/.test(i.detail ?? ''))?.documentation && true, true);
  });

  it('offers sources from the registry and from the articles on disk, as snippets', async () => {
    const { list } = await complete('cite.article', '(');
    assert.deepEqual(labels(list.items).slice(0, 5), ['Baltic Wire', 'Meridian News Agency', 'Harbour Gazette', 'BW', 'MNA']);
    const baltic = list.items.find((i) => i.label === 'Baltic Wire')!;
    assert.equal(baltic.insertTextFormat, 2);
    assert.equal((baltic.textEdit as { newText: string }).newText, 'Baltic Wire, ${1:March 15}');
    assert.deepEqual(baltic.labelDetails, { detail: ', March 15' });
    assert.match(baltic.detail!, /cited in 1 article/);
    assert.match(list.items.find((i) => i.label === 'Harbour Gazette')!.detail!, /cited in 2 articles · not in the source registry/);
  });

  it('completes the article’s date after the comma', async () => {
    const { list } = await complete('date.article', ',');
    assert.deepEqual(labels(list.items).slice(0, 2), ['March 15', 'March 14']);
    assert.equal((list.items[0].textEdit as { newText: string }).newText, ' March 15)');
  });

  it('offers header fields and enum values, and the workspace’s publications', async () => {
    const fields = await complete('fields.article');
    assert.deepEqual(labels(fields.list.items), ['Date', 'Title', 'Author', 'Tags', 'Section']);
    // Five of these tests' articles use Harbour Ledger; the two others on disk, Northern Policy Review.
    const values = await complete('values.article');
    assert.deepEqual(labels(values.list.items), ['Harbour Ledger', 'Northern Policy Review']);
    assert.equal(values.list.items.find((i) => i.label === 'Northern Policy Review')!.detail, 'used by 2 articles in the workspace');
  });
});

describe('completion over stdio, for a client that resolves items and reads list defaults', () => {
  const DOCS: Record<string, string> = {
    'later.article': `${HEADER}Tomas Varga flew to Riga. Later that day Var$0`,
    'cite.article': `${HEADER}The quota was raised ($0)`,
  };
  let server: FeatureServer;
  before(async () => {
    server = await FeatureServer.start(DOCS, {
      completionItem: { snippetSupport: true, labelDetailsSupport: true, resolveSupport: { properties: ['documentation', 'detail'] } },
      completionList: { itemDefaults: ['editRange', 'data'] },
    });
  });
  after(async () => {
    await server.stop();
  });

  async function complete(name: string): Promise<{ text: string; offset: number; list: LspList }> {
    const { text, offset } = cursor(DOCS[name]);
    const uri = await server.open(name, text);
    const list = await server.client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: server.position(text, offset), context: { triggerKind: 1 } });
    assert.ok(list && !Array.isArray(list));
    return { text, offset, list };
  }

  it('says the shared range once and sends actors’ cards on resolve', async () => {
    const { text, offset, list } = await complete('later.article');
    const start = server.position(text, offset - 'Var'.length);
    assert.deepEqual(list.itemDefaults, { editRange: { start, end: server.position(text, offset) } });
    assert.deepEqual(list.items.filter((i) => i.textEdit !== undefined || i.documentation !== undefined), []);
    // An item whose text is its label leaves the text out; the title-and-name forms too.
    const varga = list.items.find((i) => i.label === 'Varga' && /Tomas/.test(i.detail ?? ''))!;
    assert.equal(varga.textEditText, undefined);
    assert.deepEqual(varga.data, { uri: server.uri('later.article'), actorId: 'tomas-varga' });
    const resolved = await server.client.connection.sendRequest(CompletionResolveRequest.type, varga);
    assert.equal(resolved.documentation && typeof resolved.documentation === 'object' && resolved.documentation.kind, 'markdown');
    assert.match((resolved.documentation as { value: string }).value, /^\*\*Tomas Varga\*\* · person[^]*Mentioned 1 time in this article/);
    assert.equal(resolved.label, varga.label);
  });

  it('keeps an item as it is when its data is not its own', async () => {
    for (const data of [undefined, null, 'tomas-varga', { uri: 42, actorId: 'tomas-varga' }, { uri: server.uri('later.article'), actorId: 'nobody' }, { uri: 'file:///nowhere.article', actorId: 'tomas-varga' }]) {
      const item = { label: 'Varga', ...(data === undefined ? {} : { data }) };
      assert.deepEqual(await server.client.connection.sendRequest(CompletionResolveRequest.type, item), item);
    }
  });

  it('sends a snippet’s text over the shared range, and sources’ descriptions in the list', async () => {
    const { text, offset, list } = await complete('cite.article');
    assert.deepEqual(list.itemDefaults, { editRange: { start: server.position(text, offset), end: server.position(text, offset) } });
    const baltic = list.items.find((i) => i.label === 'Baltic Wire')!;
    assert.equal(baltic.textEditText, 'Baltic Wire, ${1:March 15}');
    assert.equal(baltic.insertTextFormat, 2);
    assert.deepEqual(baltic.documentation, { kind: 'markdown', value: 'Regional wire service.' });
    assert.equal(baltic.data, undefined);
  });
});

describe('one edit range for the whole list', () => {
  const at = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });
  const list = (...ranges: ReturnType<typeof at>[]) => ({ isIncomplete: false, items: ranges.map((range, i) => ({ label: `a${i}`, textEdit: { range, newText: i ? `b${i}` : 'a0' } })) });

  it('is used when every item replaces the same range and the client reads it', () => {
    assert.deepEqual(withDefaultRange(list(at(1, 2, 5), at(1, 2, 5)), true), {
      isIncomplete: false,
      itemDefaults: { editRange: at(1, 2, 5) },
      items: [{ label: 'a0' }, { label: 'a1', textEditText: 'b1' }],
    });
  });

  it('is not used when one range differs, when the client does not read it, or for an empty list', () => {
    for (const ranges of [[at(1, 2, 5), at(1, 2, 6)], [at(1, 2, 5), at(2, 2, 5)], [at(1, 2, 5), at(1, 3, 5)]]) {
      const items = list(...ranges);
      assert.equal(withDefaultRange(items, true), items);
    }
    const same = list(at(1, 2, 5), at(1, 2, 5));
    assert.equal(withDefaultRange(same, false), same);
    assert.deepEqual(withDefaultRange({ isIncomplete: true, items: [] }, true), { isIncomplete: true, items: [] });
  });
});

describe('every offset of the example articles', () => {
  it('completes and hovers without failing, with edits around the cursor on its line', () => {
    const dir = join(__dirname, '..', 'examples');
    const { config } = service.parseConfig(readFileSync(join(dir, 'dateline.yaml'), 'utf8'));
    config.actors = service.parseActors(readFileSync(join(dir, 'actors.yaml'), 'utf8'), 'actors.yaml').actors;
    let items = 0;
    let hovers = 0;
    for (const name of readdirSync(join(dir, 'articles'))) {
      const text = readFileSync(join(dir, 'articles', name), 'utf8');
      const flavor = name.endsWith('.md') ? 'markdown' : 'article';
      const article = service.analyze(text, { config, flavor }).article!;
      const lines = new LineIndex(text);
      for (let offset = 0; offset <= text.length; offset++) {
        const list = service.complete(text, offset, { article, config, workspace: WORKSPACE });
        for (const item of list.items) {
          assert.ok(item.span.start <= offset && offset <= item.span.end, `${name}@${offset}: ${item.label}`);
          assert.equal(lines.positionAt(item.span.start).line, lines.positionAt(item.span.end).line, `${name}@${offset}: ${item.label}`);
        }
        items += list.items.length;
        const card = service.hover(text, offset, { article, config, workspace: WORKSPACE });
        if (card) {
          hovers++;
          assert.ok(card.span.start <= offset && offset <= card.span.end, `${name}@${offset}: hover span`);
        }
      }
    }
    assert.ok(items > 1000 && hovers > 100, `${items} items, ${hovers} hovers`);
  });
});

describe('completion prepares the registry when a document opens', () => {
  it('completes a name in a body, so the actor search is built before the first request', async () => {
    const config = coreConfig();
    assert.ok(config.actors.length);
    const asked: CompletionList[] = [];
    let opened: ((e: { document: { uri: string } }) => void) | undefined;
    const ctx = {
      documents: { onDidOpen: (listener: typeof opened) => void (opened = listener) },
      configFor: () => config,
      service: {
        complete: (text: string, offset: number, options: Parameters<typeof service.complete>[2]) => {
          const list = service.complete(text, offset, options);
          asked.push(list);
          return list;
        },
      },
      connection: { onCompletion: () => undefined, onCompletionResolve: () => undefined, console: { error: (m: string) => assert.fail(m) } },
    } as unknown as Parameters<ReturnType<typeof createCompletionFeature>['register']>[0];
    createCompletionFeature().register(ctx);
    opened!({ document: { uri: 'file:///story.article' } });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(asked.length, 1);
    // Actor items come only from the actor search: that is what the first real request then finds built.
    assert.ok(asked[0].items.some((item) => item.kind === 'actor'), JSON.stringify(asked[0].items.map((i) => i.label)));
  });
});
