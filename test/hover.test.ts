import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { defaultConfig, type DatelineConfig, type HoverResult, type WorkspaceData } from '../server/core/index';
import { coreConfig, cursor, FeatureServer, HEADER, service, WORKSPACE } from './support/features';

interface Expected {
  /** The text the hover is about. */
  span: string;
  /** Lines (paragraphs) the card must hold, in this order. */
  lines: string[];
}

/**
 * Hovers at `$0` through the core facade. `undefined` expects no hover; otherwise the hovered
 * text and the card's paragraphs, in order (others may stand between them).
 */
function checkHover(source: string, expected: Expected | undefined, options: { config?: DatelineConfig; workspace?: WorkspaceData | null } = {}): HoverResult | undefined {
  const { text, offset } = cursor(source);
  const result = service.hover(text, offset, {
    config: options.config ?? coreConfig(),
    workspace: options.workspace === null ? undefined : options.workspace ?? WORKSPACE,
  });
  if (!expected) {
    assert.equal(result, undefined, `expected no hover, got ${result?.markdown}`);
    return undefined;
  }
  assert.ok(result, 'expected a hover');
  assert.equal(text.slice(result.span.start, result.span.end), expected.span);
  const paragraphs = result.markdown.split('\n\n');
  let at = 0;
  for (const line of expected.lines) {
    const found = paragraphs.indexOf(line, at);
    assert.ok(found >= 0, `the card lacks ${JSON.stringify(line)} (after paragraph ${at}):\n${result.markdown}`);
    at = found + 1;
  }
  return result;
}

const dated = (date: string) => `Publication: Harbour Ledger Volume: 3 Issue: 12\nDate: ${date}\n\n`;

describe('hover on actors', () => {
  it('shows the card with the role held on the article’s date and the mention counts', () => {
    checkHover(`${HEADER}Tomas Va$0rga opened the talks. Varga later left.`, {
      span: 'Tomas Varga',
      lines: [
        '**Tomas Varga** · person',
        '*Minister of Agriculture* on March 15, 2021',
        "Affiliation: National Farmers' Party",
        'Leads the grain export talks.',
        'Also written: Varga, Minister Varga',
        'Roles: Deputy Minister of Agriculture (Feb. 1, 2016 – June 1, 2019); Minister of Agriculture (from June 1, 2019)',
        'Mentioned 2 times in this article · 7 in the workspace',
      ],
    });
  });

  it('follows the role as it changed between two dates', () => {
    const text = 'Tomas Varga opened the talks. Var$0ga later left.';
    checkHover(dated('2018-05-01') + text, { span: 'Varga', lines: ['*Deputy Minister of Agriculture* on May 1, 2018'] });
    checkHover(dated('June 1, 2019') + text, { span: 'Varga', lines: ['*Minister of Agriculture* on June 1, 2019'] });
    checkHover(dated('2015-05-01') + text, { span: 'Varga', lines: ['No role on record on May 1, 2015'] });
  });

  it('counts only this article without a workspace', () => {
    const card = checkHover(`${HEADER}Northgrid$0 raised tariffs.`, { span: 'Northgrid', lines: ['**Northgrid** · organization', 'National electricity transmission operator.', 'Mentioned 1 time in this article'] }, { workspace: null });
    assert.doesNotMatch(card!.markdown, /workspace/);
  });

  it('lists every candidate of an ambiguous mention', () => {
    checkHover(`${HEADER}Var$0ga spoke first.`, {
      span: 'Varga',
      lines: [
        '`Varga` could be any of 2 actors; give the full name earlier in the article to say which.',
        "- **Tomas Varga** · person · Minister of Agriculture · National Farmers' Party\n- **Petra Varga** · person · Leader of the Opposition · Civic Alliance",
      ],
    });
  });

  it('shows nothing on plain prose', () => {
    checkHover(`${HEADER}The talks$0 ended.`, undefined);
    checkHover(`${HEADER}Varga spoke.`.replace('spoke', 'sp$0oke'), undefined, { config: defaultConfig() });
  });
});

describe('hover in citations', () => {
  it('shows a source’s registry entry, reached by an alias', () => {
    checkHover(`${HEADER}Prices rose (B$0W, March 14).`, {
      span: 'BW',
      lines: ['**Baltic Wire** · source', '`BW` is an alias of **Baltic Wire**.', 'Regional wire service.', 'Also cited as: BW', 'Cited in 2 articles in the workspace'],
    });
  });

  it('names a source that is not in the registry without repeating the diagnostic shown beside it', () => {
    checkHover(`${HEADER}Prices rose (Harbour Gaz$0ette, March 14).`, { span: 'Harbour Gazette', lines: ['**Harbour Gazette** · source, not in the registry', 'Cited in 3 articles in the workspace'] });
    checkHover(`${HEADER}Prices rose (Baltik Wi$0re, March 14).`, { span: 'Baltik Wire', lines: ['**Baltik Wire** · source, not in the registry'] });
  });

  it('gives a citation date its year from the article’s date', () => {
    checkHover(`${dated('2021-01-05')}Prices rose (BW, De$0c. 28).`, {
      span: 'Dec. 28',
      lines: ['**December 28, 2020**', "The year is the one that puts this date on or before the article's date, January 5, 2021."],
    });
  });
});

describe('hover on header fields', () => {
  it('shows the schema’s type, requirement and description', () => {
    checkHover('Publication: Harbour Ledger Vol$0ume: 3 Issue: 12\n\nBody.', { span: 'Volume', lines: ['**volume** · header field, required', 'An integer of 1 or more.', 'Volume number, 1 or more.'] });
    checkHover('---\npublication: Harbour Ledger\nsect$0ion: energy\n---\n\nBody.', {
      span: 'section',
      lines: ['**section** · header field', 'One of ‘politics’, ‘economy’, ‘energy’.', 'The desk that edits the article.'],
    });
  });

  it('names an unknown field’s nearest known one', () => {
    checkHover('Publication: Harbour Ledger Volume: 3 Issue: 12\nSectoin$0: energy\n\nBody.', { span: 'Sectoin', lines: ['`Sectoin` is not a field of the schema; did you mean `section`?'] });
  });
});

describe('hover over stdio', () => {
  const DOCS: Record<string, string> = {
    'actor.article': `${HEADER}Tomas Varga opened the talks. Var$0ga later left.`,
    'source.article': `${HEADER}Prices rose (Meridian News Ag$0ency, March 14).`,
    'field.article': 'Publication: Harbour Ledger Volume: 3 Issue: 12\nDa$0te: 2021-03-15\n\nBody.',
  };
  let server: FeatureServer;
  before(async () => {
    server = await FeatureServer.start(DOCS);
  });
  after(async () => {
    await server.stop();
  });

  async function hover(name: string): Promise<{ text: string; value: string; range: string }> {
    const { text, offset } = cursor(DOCS[name]);
    const uri = await server.open(name, text);
    const result = await server.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: server.position(text, offset) });
    assert.ok(result?.range, 'expected a hover with a range');
    const lines = text.split('\n');
    const { start, end } = result.range;
    assert.equal(start.line, end.line);
    return { text, value: (result.contents as MarkupContent).value, range: lines[start.line].slice(start.character, end.character) };
  }

  it('counts mentions across the articles on disk and the open one', async () => {
    const { value, range } = await hover('actor.article');
    assert.equal(range, 'Varga');
    assert.match(value, /\*Minister of Agriculture\* on March 15, 2021/);
    // a.article names him once; b.article's `Varga` is ambiguous there and counts for both.
    assert.match(value, /Mentioned 2 times in this article · 4 in the workspace/);
  });

  it('shows a source card and a field card', async () => {
    const source = await hover('source.article');
    assert.equal(source.range, 'Meridian News Agency');
    assert.match(source.value, /\*\*Meridian News Agency\*\* · source/);
    const field = await hover('field.article');
    assert.equal(field.range, 'Date');
    assert.match(field.value, /\*\*date\*\* · header field/);
  });
});
