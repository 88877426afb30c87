import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createRegistryFromGrammars } from 'vscode-tmgrammar-test/dist/common/index.js';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index.js';

const REPO = path.resolve(__dirname, '..');
const FIXTURES = path.join(REPO, 'test', 'grammar');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

function read(rel: string): string {
  return fs.readFileSync(path.join(REPO, rel), 'utf8');
}

// The real YAML and Markdown grammars ship with VS Code, not with us. These stand-ins
// use the real grammars' scope names, so they show that our grammars call into them.
const YAML_STANDIN = JSON.stringify({
  scopeName: 'source.yaml',
  patterns: [{ match: '^([\\w-]+)(?=:)', captures: { 1: { name: 'entity.name.tag.yaml' } } }],
});
const MARKDOWN_STANDIN = JSON.stringify({
  scopeName: 'text.html.markdown',
  patterns: [
    { name: 'markup.fenced_code.block.markdown', begin: '^```', end: '^```' },
    { name: 'markup.inline.raw.string.markdown', match: '`[^`\\n]*`' },
  ],
});

function contributedGrammar(scopeName: string): { path: string; injectTo?: string[] } {
  const g = pkg.contributes.grammars.find((x: { scopeName: string }) => x.scopeName === scopeName);
  assert.ok(g, `package.json contributes a grammar for ${scopeName}`);
  return g;
}

const ARTICLE = contributedGrammar('source.article');
const INJECTION = contributedGrammar('markdown.dateline.citation');

const registry = createRegistryFromGrammars([
  { grammar: { path: ARTICLE.path, scopeName: 'source.article' }, content: read(ARTICLE.path) },
  {
    grammar: { path: INJECTION.path, scopeName: 'markdown.dateline.citation', injectTo: INJECTION.injectTo },
    content: read(INJECTION.path),
  },
  { grammar: { path: 'yaml.json', scopeName: 'source.yaml' }, content: YAML_STANDIN },
  { grammar: { path: 'markdown.json', scopeName: 'text.html.markdown' }, content: MARKDOWN_STANDIN },
]);

interface Token {
  text: string;
  scopes: string[];
}

/** Tokenizes a whole document line by line, carrying the rule stack like the editor does. */
async function tokenize(text: string, scopeName = 'source.article'): Promise<Token[][]> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} loads`);
  let stack = null;
  const lines: Token[][] = [];
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    lines.push(result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
  }
  return lines;
}

/** The scopes of the token that starts with `fragment` on the given line (0-based). */
function scopesOf(lines: Token[][], line: number, fragment: string): string[] {
  const token = lines[line].find((t) => t.text.startsWith(fragment));
  assert.ok(token, `a token starting with ${JSON.stringify(fragment)} on line ${line}: ${JSON.stringify(lines[line].map((t) => t.text))}`);
  return token.scopes;
}

/** Every scope that applies to any character of `fragment` on the line. */
function scopesOver(lines: Token[][], line: number, fragment: string): Set<string> {
  const text = lines[line].map((t) => t.text).join('');
  const from = text.indexOf(fragment);
  assert.ok(from >= 0, `${JSON.stringify(fragment)} occurs on line ${line}`);
  const to = from + fragment.length;
  const result = new Set<string>();
  let pos = 0;
  for (const t of lines[line]) {
    const end = pos + t.text.length;
    if (pos < to && end > from) for (const s of t.scopes) result.add(s);
    pos = end;
  }
  return result;
}

function hasScopeStartingWith(scopes: Iterable<string>, prefix: string): boolean {
  for (const s of scopes) if (s === prefix || s.startsWith(prefix + '.')) return true;
  return false;
}

describe('article grammar', () => {
  it('scopes three header fields that share one line', async () => {
    const lines = await tokenize('Publication: Ferry Line Review Volume: 4 Issue: 77\n\nBody.');
    const keys = lines[0].filter((t) => t.scopes.includes('entity.name.tag.header-key.article')).map((t) => t.text);
    assert.deepEqual(keys, ['Publication', 'Volume', 'Issue']);
    assert.ok(scopesOver(lines, 0, 'Ferry Line Review').has('string.unquoted.header-value.article'));
    assert.ok(scopesOf(lines, 0, '4').includes('constant.numeric.integer.article'));
    assert.ok(scopesOf(lines, 0, '77').includes('constant.numeric.integer.article'));
    // The header ends at the first blank line.
    assert.ok(!hasScopeStartingWith(scopesOver(lines, 2, 'Body.'), 'meta.header'));
  });

  it('scopes a citation with two parts', async () => {
    const lines = await tokenize('Rates fell (Ferry Gazette, June 30; Harbor Wire, Aug. 2, 2020).');
    const sources = lines[0].filter((t) => t.scopes.includes('entity.name.type.source.article')).map((t) => t.text);
    const dates = lines[0].filter((t) => t.scopes.includes('constant.other.date.article')).map((t) => t.text);
    assert.deepEqual(sources, ['Ferry Gazette', 'Harbor Wire']);
    assert.deepEqual(dates, ['June 30', 'Aug. 2, 2020']);
    assert.ok(scopesOf(lines, 0, ';').includes('punctuation.separator.citation.article'));
    assert.ok(scopesOf(lines, 0, '(').includes('punctuation.definition.citation.begin.article'));
    assert.ok(scopesOf(lines, 0, ')').includes('punctuation.definition.citation.end.article'));
    assert.ok(!scopesOf(lines, 0, 'Rates').includes('meta.citation.article'));
  });

  it('keeps an apostrophe inside a quotation and scopes a nested single quote', async () => {
    const lines = await tokenize('“The port’s ‘ferry’s berth’ policy is over,” she said.');
    assert.ok(scopesOf(lines, 0, 'The port’s ').includes('markup.quote.double.article'));
    assert.ok(!scopesOf(lines, 0, 'The port’s ').includes('markup.quote.single.article'));
    assert.deepEqual(
      lines[0].filter((t) => t.scopes.includes('markup.quote.single.article')).map((t) => t.text).join(''),
      '‘ferry’s berth’',
    );
    // The quotation closes at ” and the rest of the sentence is prose.
    assert.ok(!hasScopeStartingWith(scopesOver(lines, 0, ' she said.'), 'markup.quote'));
  });

  it('scopes quotations as quoted prose, never as strings or errors, in every quotation mark set', async () => {
    // Themes paint `string` in their string colour (dark red in VS Code's default light theme) and
    // `invalid` or `markup.deleted` as errors; `markup.quote` is quoted text in prose.
    const lines = await tokenize(['“A long quotation from the harbour master,” she said.', '„Ein Zitat“, «une citation», »noch eins« and "straight".'].join('\n'));
    const quoted = lines.flat().filter((t) => t.scopes.some((s) => s.startsWith('markup.quote.')));
    assert.equal(quoted.map((t) => t.text).join('|'), '“|A long quotation from the harbour master,|”|„|Ein Zitat|“|«|une citation|»|»|noch eins|«|"|straight|"');
    for (const t of lines.flat()) {
      for (const bad of ['string', 'invalid', 'markup.deleted']) assert.ok(!hasScopeStartingWith(t.scopes, bad), `${JSON.stringify(t.text)}: ${t.scopes.join(' ')}`);
    }
  });

  it('does not open a string at an apostrophe outside quotations', async () => {
    const lines = await tokenize("Norway’s fleet and the captains' guild met O'Hara's crew.\nNext line.");
    for (const fragment of ['Norway’s', "captains' guild", "O'Hara's", 'crew.']) {
      assert.ok(!hasScopeStartingWith(scopesOver(lines, 0, fragment), 'markup.quote'), fragment);
    }
    assert.ok(!hasScopeStartingWith(scopesOver(lines, 1, 'Next line.'), 'markup.quote'));
  });

  it('leaves a parenthesis without a date as prose', async () => {
    const lines = await tokenize('Allies (NATO) and partners (see the 2004 map) met ($3 billion) in (1993-1994).');
    for (const t of lines[0]) assert.ok(!t.scopes.includes('meta.citation.article'), JSON.stringify(t.text));
  });

  it('runs a quotation over a line break but not past a blank line', async () => {
    const lines = await tokenize('“First line\nsecond line\n\nNew paragraph.');
    assert.ok(scopesOf(lines, 1, 'second line').includes('markup.quote.double.article'));
    assert.ok(!hasScopeStartingWith(scopesOver(lines, 3, 'New paragraph.'), 'markup.quote'));
  });

  it('tokenizes long pathological lines quickly', async () => {
    // Guards against catastrophic backtracking in the begin patterns.
    const grammar = await registry.loadGrammar('source.article');
    assert.ok(grammar);
    const lines = [
      '(' + 'a b; '.repeat(4000),
      '(x, '.repeat(5000),
      '“' + '‘a ’b '.repeat(4000),
      'Publication:' + ' Volume: 1'.repeat(2000),
      '(' + 'word, '.repeat(4000) + 'July',
    ];
    for (const line of lines) {
      const started = performance.now();
      grammar.tokenizeLine(line, null);
      assert.ok(performance.now() - started < 2000, `${line.slice(0, 20)}… took too long`);
    }
  });

  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.article')).sort()) {
    it(`matches the scope assertions in test/grammar/${file}`, async () => {
      const testCase = parseGrammarTestCase(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
      assert.ok(testCase.assertions.length > 0, 'the fixture has assertions');
      const failures = await runGrammarTestCase(registry, testCase);
      const report = failures.map(
        (f) =>
          `line ${f.line + 1} [${f.start}, ${f.end}): missing ${JSON.stringify(f.missing)}, ` +
          `unexpected ${JSON.stringify(f.unexpected)}, actual ${JSON.stringify(f.actual)}`,
      );
      assert.deepEqual(report, []);
    });
  }
});

describe('Markdown citation injection', () => {
  it('scopes citations in prose but not in code', async () => {
    const text = ['Shipping slowed (Ferry Gazette, July 3).', 'Code `(Ferry Gazette, July 3)` stays.', '```', '(Ferry Gazette, July 3)', '```'].join('\n');
    const lines = await tokenize(text, 'text.html.markdown');
    assert.ok(scopesOf(lines, 0, 'Ferry Gazette').includes('entity.name.type.source.article'));
    assert.ok(scopesOf(lines, 0, 'July 3').includes('constant.other.date.article'));
    assert.ok(!scopesOver(lines, 1, '(Ferry Gazette, July 3)').has('meta.citation.article'));
    assert.ok(!scopesOver(lines, 3, '(Ferry Gazette, July 3)').has('meta.citation.article'));
  });
});

// A small expander for the snippet syntax we use: tab stops, placeholders, variables and
// variable transforms. It fails on anything it does not understand, so typos surface here.
function expandSnippet(body: string, vars: Record<string, string>): string {
  let i = 0;
  function parse(stopAt: string): string {
    let out = '';
    while (i < body.length) {
      const c = body[i];
      if (stopAt && c === stopAt) return out;
      if (c === '\\' && i + 1 < body.length) {
        out += body[i + 1];
        i += 2;
      } else if (c === '$') {
        out += dollar();
      } else {
        out += c;
        i++;
      }
    }
    assert.equal(stopAt, '', `unterminated snippet element in ${JSON.stringify(body)}`);
    return out;
  }
  function variable(name: string): string {
    assert.ok(name in vars, `unknown snippet variable ${name}`);
    return vars[name];
  }
  function dollar(): string {
    i++; // $
    const simple = /^(\d+|[A-Z_]+)/.exec(body.slice(i));
    if (simple) {
      i += simple[0].length;
      return /^\d/.test(simple[1]) ? '' : variable(simple[1]);
    }
    assert.equal(body[i], '{', `bad $ in ${JSON.stringify(body)}`);
    i++;
    const head = /^(\d+|[A-Z_]+)/.exec(body.slice(i));
    assert.ok(head, `bad \${ in ${JSON.stringify(body)}`);
    i += head[0].length;
    const isTabStop = /^\d/.test(head[1]);
    let value = isTabStop ? '' : variable(head[1]);
    const sep = body[i];
    if (sep === ':') {
      i++;
      const inner = parse('}');
      if (isTabStop) value = inner;
    } else if (sep === '/') {
      assert.ok(!isTabStop, 'transforms apply to variables here');
      const end = body.indexOf('}', i);
      const [, regex, format, flags] = /^\/((?:[^/\\]|\\.)*)\/((?:[^/\\]|\\.)*)\/([a-z]*)$/.exec(body.slice(i, end)) ?? [];
      assert.ok(regex !== undefined, `bad transform in ${JSON.stringify(body)}`);
      value = value.replace(new RegExp(regex, flags), format);
      i = end;
    } else {
      assert.equal(sep, '}', `bad snippet element in ${JSON.stringify(body)}`);
    }
    assert.equal(body[i], '}');
    i++;
    return value;
  }
  return parse('');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const AP_MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

function dateVars(month: number, day: number): Record<string, string> {
  return {
    CURRENT_YEAR: '2021',
    CURRENT_MONTH: String(month).padStart(2, '0'),
    CURRENT_DATE: String(day).padStart(2, '0'),
    CURRENT_MONTH_NAME: MONTHS[month - 1],
  };
}

describe('snippets', () => {
  type Snippet = { scope: string; prefix: string | string[]; body: string | string[]; description: string };
  const snippets: Record<string, Snippet> = JSON.parse(read('snippets/article.code-snippets'));
  const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

  it('is JSON with a scope, prefix and description on every snippet', () => {
    assert.ok(Object.keys(snippets).length >= 4);
    for (const [name, s] of Object.entries(snippets)) {
      for (const scope of s.scope.split(',')) assert.ok(['article', 'markdown'].includes(scope), `${name}: ${scope}`);
      assert.ok(s.prefix.length > 0 && s.description.length > 0, name);
    }
  });

  it('expands with every month in AP style', async () => {
    const quote = Object.values(snippets).find((s) => bodyOf(s).includes('said'));
    assert.ok(quote);
    for (let m = 1; m <= 12; m++) {
      const text = expandSnippet(bodyOf(quote), dateVars(m, 5));
      assert.ok(text.endsWith(`(Source, ${AP_MONTHS[m - 1]} 5).`), text);
      // What the snippet writes is a citation to the grammar too.
      const lines = await tokenize(text);
      assert.equal(lines[0].find((t) => t.scopes.includes('constant.other.date.article'))?.text, `${AP_MONTHS[m - 1]} 5`);
    }
    assert.ok(expandSnippet(bodyOf(quote), dateVars(11, 28)).endsWith('(Source, Nov. 28).'));
  });

  it('writes article headers that the grammar reads as a header', async () => {
    for (const s of Object.values(snippets)) expandSnippet(bodyOf(s), dateVars(3, 9));
    const skeleton = Object.values(snippets).find((s) => s.scope === 'article' && bodyOf(s).startsWith('Publication:'));
    assert.ok(skeleton);
    const text = expandSnippet(bodyOf(skeleton), dateVars(3, 9));
    assert.match(text, /^Date: March 9, 2021$/m);
    const lines = await tokenize(text);
    const keys = lines.flat().filter((t) => t.scopes.includes('entity.name.tag.header-key.article')).map((t) => t.text);
    assert.deepEqual(keys, ['Publication', 'Volume', 'Issue', 'Date']);
    const front = Object.values(snippets).find((s) => bodyOf(s).startsWith('---'));
    assert.ok(front && front.scope.split(',').includes('markdown'));
    assert.match(expandSnippet(bodyOf(front), dateVars(3, 9)), /^date: 2021-03-09$/m);
  });
});

describe('language configuration', () => {
  const config = JSON.parse(read(pkg.contributes.languages[0].configuration));

  it('auto-closes curly quotes and parentheses', () => {
    const pairs = config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close);
    for (const pair of ['“”', '()', '""']) assert.ok(pairs.includes(pair), pair);
    const surround = config.surroundingPairs.map((p: string[]) => p.join(''));
    for (const pair of ['“”', '‘’']) assert.ok(surround.includes(pair), pair);
  });

  it('keeps hyphenated and apostrophed names whole as words', () => {
    const word = new RegExp(config.wordPattern.pattern, config.wordPattern.flags);
    const words = '“O’Brien met Novosti-Azerbaijan staff,” (RIA-Novosti, July 3).'.match(word);
    assert.deepEqual(words, ['O’Brien', 'met', 'Novosti-Azerbaijan', 'staff', 'RIA-Novosti', 'July', '3']);
  });
});

describe('package.json contributions', () => {
  const c = pkg.contributes;

  it('points only at files that exist', () => {
    const paths = [
      pkg.icon,
      ...c.languages.map((l: { configuration: string }) => l.configuration),
      ...c.grammars.map((g: { path: string }) => g.path),
      ...c.snippets.map((s: { path: string }) => s.path),
      ...c.yamlValidation.map((y: { url: string }) => y.url),
    ];
    for (const p of paths) assert.ok(fs.existsSync(path.join(REPO, p)), p);
  });

  it('ties the article language to its grammar', () => {
    assert.deepEqual(c.languages[0].extensions, ['.article']);
    assert.equal(c.languages[0].id, 'article');
    assert.equal(contributedGrammar('source.article').path, ARTICLE.path);
    assert.equal(JSON.parse(read(ARTICLE.path)).scopeName, 'source.article');
    assert.equal(JSON.parse(read(INJECTION.path)).scopeName, 'markdown.dateline.citation');
  });

  it('ships a 128x128 PNG icon', () => {
    const png = fs.readFileSync(path.join(REPO, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
  });
});
