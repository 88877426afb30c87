/**
 * fast-check generators for article-like text, `dateline.yaml` files, actors registries and
 * editor changes. They build text from the pieces the parser reacts to (header keys, YAML,
 * quotation marks, citations, months, parentheses, semicolons, apostrophes, code fences, line
 * breaks of every kind) rather than from random bytes, so most inputs reach deep into the rules.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

// ---------------------------------------------------------------------------------------------
// Pieces of prose.

const WORDS = [
  'the', 'ministry', 'said', 'says', 'told', 'reporters', 'added', 'port', 'talks', 'we', 'are', 'not', 'leaving', 'this',
  'table', 'until', 'fees', 'settled', 'Harbour', 'board', 'Veltra', 'Okafor', 'Lena', 'Arlen', 'Voss', 'Brandt', 'Ilsa',
  'Mr.', 'Dr.', 'St.', 'U.S.', 'e.g.', 'Gen.', 'No.', 'Sept.', 'Jan.', 'a.m.', 'Russia’s', 'analysts’', "don't", 'it’s',
  'Вести', 'Łódź', 'naïve', 'café', 'İzmir', '𝔰𝔱𝔯𝔞𝔫𝔡', '📈', '🇦🇿', 'x\u0301', '1993-1994', '$2', '10%', '2008', 'NATO',
  'OSCE', '—', '–', '…', 'cf.', 'ibid.', 'said:', 'said,', 'Board', 'Harbor', 'Minister',
];
const SOURCES = ['APA', 'RIA-Novosti', 'RIA Novosti', 'Interfax', 'Meridian Press', 'Caspian Wire', 'Valda News Agency', 'Board', '', ' ', 'see the annex', 'Voss'];
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Jan.', 'Feb.', 'Aug.', 'Sept.', 'Sep.', 'Oct.', 'Nov.', 'Dec.', 'Jul', 'Mar.', 'Juyl', 'Febuary', 'august', 'JULY', 'Sept', 'Mayy', 'Dcember',
];
const DAYS = ['1', '3', '9', '12', '28', '29', '30', '31', '0', '32', '99', '007', ''];
const YEARS = ['2008', '2007', '1999', '2024', '08', '20088', ''];
const SPACES = [' ', ' ', ' ', '  ', '\t', '\u00a0', '\u2009', '\u202f'];
const BREAKS = ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\r\r', '\n\r', '\u2028', '\u0085'];
const PUNCT = ['.', '.', ',', ',', ';', ':', '!', '?', '-', '/', '*', '#', '&', '[', ']', '{', '}', '<', '>'];
const QUOTES = ['“', '”', '"', '‘', '’', "'", '«', '»', '„'];
const MARKDOWN = ['```', '```text', '~~~', '`', '``', '<!--', '-->', '# ', '> ', '- ', '    ', '\\'];
const ODD = ['\ufeff', '\ud800', '\udfff', '\udbff\udfff', '\ufffd', '\u0000', '\u200b', '\u202e', '\u0007', '\x7f'];

export const HEADER_KEYS = ['Publication', 'Volume', 'Issue', 'Date', 'Title', 'Author', 'Tags', 'publication', 'VOLUME', 'Volumx', 'Isue', 'Publisher', 'Edition', 'Desk'];
const HEADER_VALUES = [
  'Caspian Review', 'Harbour Ledger', '5', '131', '0', '-3', 'five', '1.5', '2008-07-09', 'July 9, 2008', '2008-02-30', 'Juyl 9, 2008', '9 July 2008',
  '[a, b]', '"quoted', '', ' ', 'Lena Ortiz; Pavel Dunn', 'Volume: 5', 'x Issue: 131', '𝔰', '#', '& *', '---',
];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** A citation, well formed or broken in one of the ways writers break them. */
export const citation: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(pick(SOURCES), pick(MONTHS), pick(DAYS), pick(YEARS), fc.nat(9)), { minLength: 1, maxLength: 3 }),
    pick(['; ', ';', ' ; ', ', ', ';;']),
    fc.nat(9),
  )
  .map(([parts, sep, closing]) => {
    const body = parts
      .map(([source, month, day, year, shape]) => {
        switch (shape) {
          case 0: return `${source} ${month} ${day}`;
          case 1: return `${source}, ${day} ${month}`;
          case 2: return `${source}, ${year || '2008'}-07-0${day.slice(0, 1) || '1'}`;
          case 3: return `${source}, ${month}`;
          case 4: return `${source},${month} ${day},${year}`;
          case 5: return `, ${month} ${day}`;
          default: return `${source}, ${month} ${day}${year ? `, ${year}` : ''}`;
        }
      })
      .join(sep);
    return closing === 0 ? `(${body}` : closing === 1 ? `((${body}))` : `(${body})`;
  });

const quotation: fc.Arbitrary<string> = fc
  .tuple(pick(QUOTES), fc.array(pick(WORDS), { minLength: 1, maxLength: 9 }), pick(QUOTES), fc.boolean())
  .map(([open, words, close, comma]) => `${open}${words.join(' ')}${comma ? ',' : ''}${close}`);

const proseToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: pick(WORDS) },
  { weight: 25, arbitrary: pick(SPACES) },
  { weight: 8, arbitrary: pick(PUNCT) },
  { weight: 8, arbitrary: pick(QUOTES) },
  { weight: 6, arbitrary: quotation },
  { weight: 8, arbitrary: citation },
  { weight: 4, arbitrary: pick(['(', ')', '(NATO)', '(cf. table below)', '($2 billion)', '(1993-1994)', '()', '(;)', '(,)']) },
  { weight: 3, arbitrary: pick(MONTHS) },
  { weight: 8, arbitrary: pick(BREAKS) },
  { weight: 3, arbitrary: pick(MARKDOWN) },
  { weight: 2, arbitrary: fc.tuple(pick(HEADER_KEYS), pick(HEADER_VALUES)).map(([k, v]) => `${k}: ${v}`) },
  { weight: 1, arbitrary: pick(ODD) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);

/** Prose: words, quotations, citations and line breaks in any order. */
export const prose: fc.Arbitrary<string> = fc.array(proseToken, { maxLength: 70 }).map((t) => t.join(''));

// ---------------------------------------------------------------------------------------------
// Headers.

const headerLines: fc.Arbitrary<string> = fc
  .array(
    fc.array(fc.tuple(pick(HEADER_KEYS), pick([':', ': ', ' : ', ':\t', '']), pick(HEADER_VALUES)), { minLength: 1, maxLength: 3 }),
    { minLength: 1, maxLength: 6 },
  )
  .map((lines) => lines.map((fields) => fields.map(([k, sep, v]) => `${k}${sep}${v}`).join(' ')).join('\n'));

const YAML_LINES = [
  'publication: Caspian Review', 'volume: 12', 'issue: 48', 'date: 2008-07-09', 'date: July 9, 2008', 'title: "Port talks: what stalled"',
  'author:', '  - Lena Ortiz', '  - 7', 'tags: [ports, trade]', 'tags: [ports, trade', 'tags: ports', 'volume: five', 'issue: 0',
  'volume: 1', 'Volume: 2', 'publisher: x', 'key: &a [1, 2]', 'other: *a', 'bad: *missing', '  indented: wrong', '- a list item',
  '{ flow: map }', '"unterminated', "'single", 'title: |', '  block text', 'x: !!binary aGVsbG8=', '? complex key', ': value',
  '\ttab: indented', 'publication:', 'date: 2008-13-45', 'volume: 1e3', 'issue: 0x10', '# comment', '---', '...', '',
];

const yamlHeader: fc.Arbitrary<string> = fc
  .tuple(fc.array(pick(YAML_LINES), { maxLength: 10 }), pick(['---', '...', '--- ', '', '----']))
  .map(([lines, close]) => ['---', ...lines, close].join('\n'));

export const header: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 5, arbitrary: headerLines },
  { weight: 4, arbitrary: yamlHeader },
  { weight: 1, arbitrary: fc.constant('Publication: Caspian Review Volume: 12 Issue: 48\nDate: 2008-07-09') },
);

export type Eol = 'keep' | '\n' | '\r\n' | '\r' | 'mixed';

/** Rewrites every line break; `mixed` picks one per break from `choices`. */
export function withEol(text: string, eol: Eol, choices: readonly number[] = [0]): string {
  if (eol === 'keep') return text;
  let i = 0;
  return text.replace(/\r\n|\r|\n/g, () => (eol === 'mixed' ? ['\n', '\r\n', '\r'][choices[i++ % choices.length] % 3] : eol));
}

/** A whole article: maybe a BOM, maybe a header, a blank line, prose; line breaks of one kind or mixed. */
export const articleText: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    header,
    pick(['\n\n', '\n', '\n\n\n', '']),
    prose,
    pick<Eol>(['keep', 'keep', '\n', '\r\n', '\r', 'mixed']),
    fc.array(fc.nat(2), { minLength: 1, maxLength: 5 }),
  )
  .map(([bom, h, gap, body, eol, choices]) => withEol(`${bom ? '\ufeff' : ''}${h}${h ? gap : ''}${body}`, eol, choices));

// ---------------------------------------------------------------------------------------------
// Workspace files.

const ACTORS = [
  { id: 'arlen-voss', name: 'Arlen Voss', kind: 'person', aliases: ['Voss', 'Deputy Minister Voss'] },
  { id: 'ilsa-brandt', name: 'Ilsa Brandt', kind: 'person', aliases: ['Brandt'] },
  { id: 'veltra-harbor-board', name: 'Veltra Harbor Board', kind: 'organization', aliases: ['The Board', 'Harbor Board'] },
  { id: 'lena-okafor', name: 'Lena Okafor', kind: 'person', aliases: ['Okafor'], roles: [{ title: 'Mayor', from: '2019-01-01', to: '2023-12-31' }] },
];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 40 }),
  fc.double({ noNaN: false }),
  pick(['', ' ', 'x', 'off', 'warning', 'loud', 'string', 'integer', 'enum', 'date', 'list', 'person', '**/*.md', '[', '~', '𝔰', '\t']),
  fc.array(pick(['a', 'b', 'APA', '**/*.md', '']), { maxLength: 3 }),
  fc.dictionary(pick(['a', 'type', 'name', 'required']), pick(['x', 'string', 'true']), { maxKeys: 2 }),
);

const fieldSpec: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      type: fc.oneof(pick(['string', 'integer', 'date', 'list', 'enum', 'number', '']), fc.array(pick(['string', 'list', 'bool']), { maxLength: 2 }), junk),
      required: fc.oneof(fc.boolean(), junk),
      values: fc.oneof(fc.array(pick(['a', 'b', 'Daily', 'Weekly', '']), { maxLength: 3 }), junk),
      min: fc.oneof(fc.integer({ min: -2, max: 5 }), junk),
      max: fc.oneof(fc.integer({ min: -2, max: 5 }), junk),
      description: fc.oneof(pick(['A field.', '']), junk),
    },
    { requiredKeys: [] },
  ),
  junk,
);

const configObject: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    schema: fc.oneof(fc.record({ fields: fc.dictionary(pick(['publication', 'volume', 'desk', 'edition', 'Date', '']), fieldSpec, { maxKeys: 4 }) }, { requiredKeys: [] }), junk),
    sources: fc.oneof(
      fc.array(fc.oneof(fc.record({ name: fc.oneof(pick(SOURCES), junk), aliases: fc.oneof(fc.array(pick(SOURCES), { maxLength: 3 }), junk), description: junk }, { requiredKeys: [] }), pick(SOURCES), junk), { maxLength: 4 }),
      junk,
    ),
    rules: fc.oneof(fc.dictionary(pick(['quote-uncited', 'citation-malformed', 'citation-unknown-source', 'config-invalid', 'file-skipped', 'no-such-rule', 'actor-first-mention']), fc.oneof(pick(['off', 'hint', 'info', 'warning', 'error', 'loud']), junk), { maxKeys: 4 }), junk),
    quotes: fc.oneof(fc.record({ minWords: fc.oneof(fc.integer({ min: -1, max: 8 }), junk) }, { requiredKeys: [] }), junk),
    include: fc.oneof(fc.array(pick(['**/*.md', 'articles/**', '[', '!x', '']), { maxLength: 3 }), junk),
    actors: fc.oneof(pick(['actors.yaml', 'missing.yaml', '../x.yaml', '']), fc.array(fc.oneof(pick(ACTORS), junk), { maxLength: 3 }), junk),
    unknown: junk,
  },
  { requiredKeys: [] },
);

const actorEntry: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: pick(ACTORS) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        id: fc.oneof(pick(['arlen-voss', 'x', 'Lena Okafor', '']), junk),
        name: fc.oneof(pick(['Arlen Voss', 'Ilsa Brandt', 'A', 'Voss', '']), junk),
        kind: fc.oneof(pick(['person', 'organization', 'place', 'robot']), junk),
        aliases: fc.oneof(fc.array(pick(['Voss', 'V', 'Brandt', 'The Board', '', 'voss']), { maxLength: 3 }), junk),
        roles: fc.oneof(fc.array(fc.record({ title: junk, from: fc.oneof(pick(['2008-05-07', '2008-13-01', 'soon']), junk), to: junk }, { requiredKeys: [] }), { maxLength: 2 }), junk),
        affiliation: junk,
        description: junk,
        extra: junk,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: junk },
);

const actorsObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(actorEntry, { maxLength: 5 }),
  fc.record({ actors: fc.array(actorEntry, { maxLength: 5 }) }),
  junk,
);

const YAML_NOISE = ['&a [x, x, x]', '*a', '<<: *a', '{', '}', '[', ']', '- ', ': ', '\t', '  ', '"', "'", '#', '!!str', '!tag', '? ', '|', '>', '%YAML 1.2', '---', '...', '\ufeff', '\u0000', 'a: b: c', '\n', '\r\n', '\r'];

/** YAML text from an object, then perhaps broken: cut short, noise spliced in, lines doubled, tabs for spaces. */
function brokenYaml(objects: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .tuple(objects, fc.nat(5), fc.nat(), fc.array(pick(YAML_NOISE), { maxLength: 4 }), pick<Eol>(['keep', 'keep', '\r\n', '\r']))
    .map(([value, how, at, noise, eol]) => {
      let text = stringify(value);
      const cut = text.length ? at % (text.length + 1) : 0;
      if (how === 1) text = text.slice(0, cut);
      else if (how === 2) text = text.slice(0, cut) + noise.join('') + text.slice(cut);
      else if (how === 3) {
        const lines = text.split('\n');
        const i = lines.length ? at % lines.length : 0;
        lines.splice(i, 0, lines[i] ?? '');
        text = lines.join('\n');
      } else if (how === 4) text = text.replace(/^ {2}/gm, '\t');
      return withEol(text, eol);
    });
}

export const configText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: brokenYaml(configObject) },
  { weight: 1, arbitrary: fc.array(pick([...YAML_NOISE, ...YAML_LINES, 'rules:', 'quotes:', '  minWords: 3', 'sources:', '  - APA']), { maxLength: 12 }).map((l) => l.join('\n')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

export const actorsText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: brokenYaml(actorsObject) },
  { weight: 1, arbitrary: fc.array(pick([...YAML_NOISE, '- id: x', '  name: X', '  aliases: [X]', 'actors:', '  - id: y']), { maxLength: 12 }).map((l) => l.join('\n')) },
);

/** Pieces of the common registry shape, and near misses that the fast reader must decline. */
const REGISTRY_FIRST = ['- id: arlen-voss', '- id: ilsa-brandt', '- name: Ilsa Brandt', '- aliases:\n    - Voss'];
const REGISTRY_PAIRS = [
  '  name: Arlen Voss', '  name: "Arlen Voss"', '  name: Brandt  ', '  name: Ünal Örs', '  kind: person', '  kind: place', '  kind: organization',
  '  aliases: [Voss, "Deputy Minister Voss"]', '  aliases: []', '  aliases: [ Voss ,Brandt ]', '  aliases: ["Voss, Jr", a]', '  aliases: [Voss]',
  '  aliases:\n    - Voss\n    - "Brandt, Sr"', '  roles:\n    - title: Mayor\n      from: 2019-01-01\n      to: 2023-12-31', '  roles:\n    - title: Mayor\n    - Mayor',
  '  roles:\n    - Mayor', '  description: It’s "quoted" here', '  affiliation: Civic Alliance', '  id: 2008-01-02', '  unknown: x',
];
const REGISTRY_MISSES = [
  '', '# a comment', '  # indented comment', '  name:', '  name: x\ty', '  name: "a\\"b"', '  kind: null', '  kind: True', '  id: 12', '  aliases: [Voss,]',
  '  aliases: [[x]]', '    -Voss', '  - Voss', '      to:', '        deeper: x', '   odd: indent', '  description: One: two', '  description: A # b',
  '  __proto__: x', '- id: 7', '- ', '-id: x', '  name: x: y', '  name: &a x', '  name: *a', '  name: !tag x', '---', '...', '  ', 'key:value', '  name: 3M', '  name: .inf',
];
const registryEntry = fc
  .tuple(pick(REGISTRY_FIRST), fc.array(fc.oneof({ weight: 40, arbitrary: pick(REGISTRY_PAIRS) }, { weight: 1, arbitrary: pick(REGISTRY_MISSES) }), { maxLength: 7 }))
  .map(([first, pairs]) => [first, ...pairs].join('\n'));

/** Registries in the common shape, broken now and then: the fast reader either declines or agrees with the YAML library. */
export const registryShapeText: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(registryEntry, pick(['\n', '\n', '\n\n', '\n# between\n'])), { minLength: 1, maxLength: 8 }), pick(['', '\n', '\n', '\n', '\r\n', '\ufeff', ' ']))
  .map(([entries, end]) => entries.map(([e, sep], i) => (i ? sep : '') + e).join('') + end)
  // Saved on Windows: CRLF everywhere, or on some lines only; now and then a lone CR.
  .chain((text) => pick([text, text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r\n'), text.replace(/\n(?=\n)/g, '\r\n'), text.replace(/\n(?=  )/g, '\r\n'), text.replace('\n', '\r')]));

/** A config that always parses: actors inline, sources, severities and a lower word count. */
export const KNOWN_CONFIG = stringify({
  sources: [{ name: 'APA', aliases: ['Azerbaijan Press Agency'] }, { name: 'RIA-Novosti', aliases: ['RIA Novosti', 'RIA'] }, { name: 'Interfax' }],
  rules: { 'citation-unknown-source': 'warning', 'actor-first-mention': 'info' },
  quotes: { minWords: 3 },
  actors: ACTORS,
});

// ---------------------------------------------------------------------------------------------
// Analysis inputs and editor changes.

export interface AnalysisInput {
  text: string;
  flavor: 'article' | 'markdown';
  configText?: string;
  actorsText?: string;
  severityOverrides?: Record<string, string>;
  maxFileSize?: number;
  /** Where completion and hover are asked for, as fractions of the text's length. */
  at: number[];
}

/** Mostly no config or the known one (parsing YAML is the slow part); sometimes a fuzzed one, with a fuzzed registry. */
const workspace: fc.Arbitrary<{ configText?: string; actorsText?: string }> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  { weight: 4, arbitrary: fc.constant({ configText: KNOWN_CONFIG }) },
  { weight: 1, arbitrary: fc.record({ configText, actorsText }) },
);

export const analysisInput: fc.Arbitrary<AnalysisInput> = fc
  .tuple(
    workspace,
    fc.record(
      {
        text: articleText,
        flavor: fc.constantFrom('article' as const, 'article' as const, 'markdown' as const),
        severityOverrides: fc.dictionary(pick(['quote-uncited', 'citation-malformed', 'front-matter-missing', 'file-skipped', 'nope']), pick(['off', 'hint', 'info', 'warning', 'error', 'bad']), { maxKeys: 3 }),
        maxFileSize: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 }) }),
        at: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: ['text', 'flavor', 'at'] },
    ),
  )
  .map(([files, rest]) => ({ ...files, ...rest }));

/** An LSP content change before it is placed: a range in lines and UTF-16 columns, or the whole text. */
export interface RawChange {
  /** Absent for a full-text change. */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

const insertion: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.array(proseToken, { maxLength: 4 }).map((t) => t.join('')) },
  { weight: 2, arbitrary: pick(['', '', '\n', '\r', '\r\n', '\n\n', '“', '”', '(', ')', ';', ',', '---\n', '\ud83d', '\ude00', '\ufeff']) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);

const position = fc.record({ line: fc.integer({ min: -1, max: 14 }), character: fc.integer({ min: -1, max: 90 }) });

export const rawChange: fc.Arbitrary<RawChange> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text: insertion }) },
  { weight: 1, arbitrary: articleText.map((text) => ({ text })) },
);

export interface IncrementalInput {
  initial: string;
  flavor: 'article' | 'markdown';
  /** Each inner list is one `didChange` notification, applied in order. */
  changes: RawChange[][];
}

export const incrementalInput: fc.Arbitrary<IncrementalInput> = fc.record({
  initial: articleText,
  flavor: fc.constantFrom('article' as const, 'markdown' as const),
  changes: fc.array(fc.array(rawChange, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
});

/** Text for offset and position round trips: line breaks of every kind, astral characters, a BOM. */
export const positionsText: fc.Arbitrary<string> = fc
  .array(fc.oneof(pick(['a', 'é', 'я', ' ', '\n', '\r', '\r\n', '\n\r', '\r\r\n', '𝔰', '📈', '\ud800', '\udc00', '\ufeff', '\u2028', '\u0085', '\t', '']), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 40 })
  .chain((parts) => fc.boolean().map((bom) => (bom ? '\ufeff' : '') + parts.join('')));

export interface PositionsInput {
  text: string;
  positions: { line: number; character: number }[];
}

export const positionsInput: fc.Arbitrary<PositionsInput> = fc.record({
  text: positionsText,
  positions: fc.array(fc.record({ line: fc.integer({ min: -2, max: 30 }), character: fc.integer({ min: -2, max: 50 }) }), { maxLength: 12 }),
});
