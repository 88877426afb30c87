import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DocumentSymbolRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  type DocumentSymbol as LspSymbol,
  type SemanticTokensLegend,
} from 'vscode-languageserver-protocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, TOKEN_TYPES, type DocumentSymbol } from '../server/core/index';
import { coreConfig, cursor, FeatureServer, HEADER, service } from './support/features';

const ARTICLE = `${HEADER}Tomas Varga returned from the talks. “The text is ready, and we only need a signature,” Varga said after the session (Baltic Wire, March 14).

“We will not sign anything that leaves our growers worse off,” said one grain trader in Halden (MNA, March 13).

“The quota has to follow the harvest and nothing else,” the deputy head of Northgrid’s board told parliament.

The board chair told reporters: “Nobody here has seen the final text yet” (BW, March 12).
`;

/** A symbol tree as lines: `kind name — detail @ selected text`, children indented. */
function outline(text: string, symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.kind} ${s.name}${s.detail ? ` — ${s.detail}` : ''} @ ${text.slice(s.selectionSpan.start, s.selectionSpan.end)}`,
    ...outline(text, s.children, depth + 1),
  ]);
}

/** The tokens of the sample text, from the core and over stdio alike. */
const EXPECTED_TOKENS = [
  // The ship is one character but two UTF-16 code units: Tomas starts at column 19.
  'actor "Tomas Varga" 3:19',
  'citation "BW" 3:32',
  'citation "March 14" 3:36',
  'actor "Halden" 4:0',
  'actor "Aram" 4:25',
  'actor "Sarkavian" 5:0',
  'citation "Meridian News Agency" 5:11',
  'citation "March 13" 5:33',
  // A source that is also an actor's name is a citation, not both.
  'citation "Northgrid" 5:43',
  'citation "March 12" 5:54',
];

describe('document symbols', () => {
  it('outlines the header, quotations with their speakers, citations and actors', () => {
    const symbols = service.documentSymbols(ARTICLE, { config: coreConfig() });
    assert.deepEqual(outline(ARTICLE, symbols), [
      'header Header — header lines @ Publication',
      '  field Publication — Harbour Ledger @ Publication',
      '  field Volume — 3 @ Volume',
      '  field Issue — 12 @ Issue',
      '  field Date — 2021-03-15 @ Date',
      'group Quotations — 4 @ “The text is ready, and we only need a signature,”',
      '  quotation “The text is ready, and we only need a signature,” — — Tomas Varga @ “The text is ready, and we only need a signature,”',
      '    speaker Tomas Varga @ Varga',
      '  quotation “We will not sign anything that leaves our growers…” — — one grain trader @ “We will not sign anything that leaves our growers ',
      '    speaker one grain trader @ one grain trader',
      '  quotation “The quota has to follow the harvest and nothing e…” — — the deputy head of Northgrid’s board @ “The quota has to follow the harvest and nothing el',
      '    speaker the deputy head of Northgrid’s board @ the deputy head of Northgrid’s board',
      '  quotation “Nobody here has seen the final text yet” — — The board chair @ “Nobody here has seen the final text yet”',
      '    speaker The board chair @ The board chair',
      'group Citations — 3 @ Baltic Wire, March 14',
      '  citation Baltic Wire, March 14 @ Baltic Wire, March 14',
      '  citation MNA, March 13 @ MNA, March 13',
      '  citation BW, March 12 @ BW, March 12',
      'group Actors — 3 @ Tomas Varga',
      '  actor Tomas Varga — Minister of Agriculture @ Tomas Varga',
      '  actor Port Halden — place @ Halden',
      '  actor Northgrid — organization @ Northgrid',
    ]);
    // Every child lies within its parent, and every selection within its symbol.
    const within = (s: DocumentSymbol) => {
      assert.ok(s.span.start <= s.selectionSpan.start && s.selectionSpan.end <= s.span.end, s.name);
      for (const c of s.children) {
        assert.ok(s.span.start <= c.span.start && c.span.end <= s.span.end, `${c.name} in ${s.name}`);
        within(c);
      }
    };
    symbols.forEach(within);
  });

  it('names a speaker by the nearest person before the quotation too, and lists an ambiguous actor once per candidate', () => {
    const text = `${HEADER}Varga insisted: “Nothing will change in the grain quota this year.”\n`;
    const symbols = service.documentSymbols(text, { config: coreConfig() });
    assert.deepEqual(outline(text, symbols).slice(5), [
      'group Quotations — 1 @ “Nothing will change in the grain quota this year.”',
      '  quotation “Nothing will change in the grain quota this year.” — — Varga @ “Nothing will change in the grain quota this year.”',
      '    speaker Varga @ Varga',
      'group Actors — 2 @ Varga',
      '  actor Tomas Varga — Minister of Agriculture · first named ambiguously as Varga @ Varga',
      '  actor Petra Varga — Leader of the Opposition · first named ambiguously as Varga @ Varga',
    ]);
  });
});

/** Decodes LSP semantic tokens into `type "text"` on their lines. */
function decode(text: string, data: number[], legend: SemanticTokensLegend): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    out.push(`${legend.tokenTypes[data[i + 3]]} ${JSON.stringify(lines[line].slice(character, character + data[i + 2]))} ${line}:${character}`);
  }
  return out;
}

describe('semantic tokens', () => {
  const text = `${HEADER}🚢 ferries carried Tomas Varga (BW, March 14).\nHalden’s port waited for Aram\nSarkavian (Meridian News Agency, March 13; Northgrid, March 12).\n`;

  it('marks actor mentions and citation sources and dates, in UTF-16 columns, split at line breaks', () => {
    const tokens = service.semanticTokens(text, { config: coreConfig() });
    const lines = new LineIndex(text);
    const shown = tokens.map((t) => {
      const at = lines.positionAt(t.span.start);
      return `${t.type} ${JSON.stringify(text.slice(t.span.start, t.span.end))} ${at.line}:${at.character}`;
    });
    assert.deepEqual(shown, EXPECTED_TOKENS);
  });

  it('declares every token type in package.json, with a TextMate scope for themes without semantic colours', () => {
    const contributes = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).contributes;
    assert.deepEqual(contributes.semanticTokenTypes.map((t: { id: string }) => t.id), [...TOKEN_TYPES]);
    for (const type of TOKEN_TYPES) assert.ok(contributes.semanticTokenScopes[0].scopes[type]?.length, type);
  });

  it('gives only the tokens that overlap a range', () => {
    const { offset: from } = cursor(text.replace('Halden’s', '$0Halden’s'));
    const to = text.indexOf('Sarkavian') + 2;
    const tokens = service.semanticTokens(text, { config: coreConfig(), span: { start: from, end: to } });
    assert.deepEqual(tokens.map((t) => text.slice(t.span.start, t.span.end)), ['Halden', 'Aram', 'Sarkavian']);
  });

  describe('over stdio', () => {
    let server: FeatureServer;
    before(async () => {
      server = await FeatureServer.start({ 'tokens.article': text, 'outline.article': ARTICLE });
    });
    after(async () => {
      await server.stop();
    });

    it('declares the legend and sends the same tokens, full and by range', async () => {
      const legend = server.init!.capabilities.semanticTokensProvider!.legend;
      assert.deepEqual(legend, { tokenTypes: ['actor', 'citation'], tokenModifiers: [] });
      const uri = await server.open('tokens.article', text);
      const full = await server.client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
      assert.deepEqual(decode(text, full!.data, legend), EXPECTED_TOKENS);
      const range = await server.client.connection.sendRequest(SemanticTokensRangeRequest.type, {
        textDocument: { uri },
        range: { start: { line: 5, character: 0 }, end: { line: 5, character: 20 } },
      });
      assert.deepEqual(decode(text, range!.data, legend), ['actor "Sarkavian" 5:0', 'citation "Meridian News Agency" 5:11']);
    });

    it('sends the outline as hierarchical symbols', async () => {
      const uri = await server.open('outline.article', ARTICLE);
      const symbols = (await server.client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as LspSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['Header', 'Quotations', 'Citations', 'Actors']);
      const quotes = symbols[1].children!;
      assert.deepEqual(quotes.map((q) => q.detail), ['— Tomas Varga', '— one grain trader', '— the deputy head of Northgrid’s board', '— The board chair']);
      const speaker = quotes[0].children![0];
      assert.equal(speaker.name, 'Tomas Varga');
      const column = ARTICLE.split('\n')[3].indexOf('Varga said');
      assert.deepEqual(speaker.selectionRange, { start: { line: 3, character: column }, end: { line: 3, character: column + 'Varga'.length } });
      assert.deepEqual(symbols[3].children!.map((a) => a.name), ['Tomas Varga', 'Port Halden', 'Northgrid']);
    });
  });
});
