/**
 * Writes the files derived from the rule registry: the rule table in README.md, the rule index in
 * docs/rules/README.md, the header block of each rule page, the VS Code settings in package.json
 * and the rule severities in schemas/dateline.schema.json.
 *
 *   npx tsx scripts/generate.ts           update the files
 *   npx tsx scripts/generate.ts --check   write nothing; list what is out of date and exit 1 if anything is
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../server/core/rules/index';
import type { Rule } from '../server/core/rules/rule';
import { DEFAULT_SCHEMA, describeTypes } from '../server/core/schema';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const SEVERITY_SETTINGS = ['off', 'hint', 'info', 'warning', 'error'] as const;
export const DEFAULT_MIN_WORDS = 4;
/** Bytes in the MB of `dateline.maxFileSizeMB`. */
const MB = 1024 * 1024;
export const DEFAULT_MAX_FILE_SIZE = 5 * MB;

const README_START = '<!-- rules:start -->';
const README_END = '<!-- rules:end -->';
export const META_START = '<!-- rule-meta:start: written by scripts/generate.ts from the rule registry -->';
export const META_END = '<!-- rule-meta:end -->';
export const RULE_DOCS_DIR = 'docs/rules';

/** A derived file as it is on disk and as the registry says it should be. */
export interface Target {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  what: string;
  current: string | undefined;
  expected: string;
  /** Compares what this generator owns in the file; by default the whole text. */
  upToDate?: () => boolean;
}

/** Something the generator cannot repair by itself, such as a missing docs page. */
export interface Problem {
  file: string;
  message: string;
}

export interface Plan {
  targets: Target[];
  problems: Problem[];
}

const SCOPE_TEXT: Record<Rule['scope'], string> = {
  article: 'articles (`.article` files, and Markdown files that are articles)',
  config: 'the workspace config file, `dateline.yaml`',
  file: 'any file Dateline is asked to check, before it is read as an article',
};

function read(root: string, file: string): string | undefined {
  try {
    return fs.readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** Keeps a description intact inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function ruleTable(rules: readonly Rule[], linkBase: string): string {
  const rows = rules.map((r) => `| [\`${r.id}\`](${linkBase}${r.id}.md) | ${r.defaultSeverity} | ${cell(r.description)} |`);
  return ['| Rule | Default | What it reports |', '|---|---|---|', ...rows].join('\n');
}

function readmeRegion(rules: readonly Rule[]): string {
  return [
    '',
    '',
    'Each diagnostic carries its rule id as its code. Set a rule to `off`, `hint`, `info`, `warning` or',
    '`error` under `rules:` in `dateline.yaml`, or with the `dateline.rules` setting in VS Code.',
    '',
    ruleTable(rules, `${RULE_DOCS_DIR}/`),
    '',
    '',
  ].join('\n');
}

function replaceRegion(text: string, start: string, end: string, body: string): string | undefined {
  const i = text.indexOf(start);
  const j = text.indexOf(end, i + start.length);
  if (i < 0 || j < 0) return undefined;
  return text.slice(0, i + start.length) + body + text.slice(j);
}

export function rulesIndex(rules: readonly Rule[]): string {
  return [
    '<!-- Written by scripts/generate.ts from the rule registry; edit the rules, not this file. -->',
    '# Rules',
    '',
    'Every diagnostic Dateline reports carries one of these ids as its code. An id never changes',
    'meaning; a new check gets a new id.',
    '',
    ruleTable(rules, ''),
    '',
    '## Changing a rule\'s severity',
    '',
    'In the workspace\'s `dateline.yaml`:',
    '',
    '```yaml',
    'rules:',
    `  ${rules[0]?.id ?? 'rule-id'}: warning   # off | hint | info | warning | error`,
    '```',
    '',
    'In VS Code, the `dateline.rules` setting takes the same ids and values. Where both set a rule,',
    '`dateline.yaml` wins, so a newsroom\'s shared config applies to everyone who opens the folder.',
    '',
  ].join('\n');
}

export function ruleMeta(rule: Rule): string {
  return [
    '',
    '',
    rule.description,
    '',
    `- Default severity: \`${rule.defaultSeverity}\``,
    `- Checks: ${SCOPE_TEXT[rule.scope]}`,
    '',
    '',
  ].join('\n');
}

function severityProperty(rule: Rule): Record<string, unknown> {
  return {
    type: 'string',
    enum: [...SEVERITY_SETTINGS],
    default: rule.defaultSeverity,
    markdownDescription: rule.description,
  };
}

/** The `contributes.configuration` of package.json. */
export function vscodeConfiguration(rules: readonly Rule[]): Record<string, unknown> {
  return {
    title: 'Dateline',
    // `order` is the order a writer meets them in: on or off, when, what, then the limits and the log.
    properties: {
      'dateline.enable': {
        type: 'boolean',
        scope: 'resource',
        default: true,
        order: 1,
        markdownDescription: 'Check articles in this editor. Turn off to silence Dateline for a folder (a workspace setting) without uninstalling it; `dateline check` is not affected.',
      },
      'dateline.run': {
        type: 'string',
        scope: 'resource',
        enum: ['onType', 'onSave'],
        enumItemLabels: ['As you type', 'On save'],
        enumDescriptions: ['Check as you type, after a short pause.', 'Check when the file is opened and each time it is saved.'],
        default: 'onType',
        order: 2,
        markdownDescription: 'When an open article is checked: as you type, or only when you save it.',
      },
      'dateline.rules': {
        type: 'object',
        scope: 'resource',
        order: 3,
        default: {},
        markdownDescription:
          'Severity of each rule: `off`, `hint`, `info`, `warning` or `error`. A rule not listed keeps its default. A severity set under `rules:` in the workspace\'s `dateline.yaml` wins over this setting.',
        properties: Object.fromEntries(rules.map((r) => [r.id, severityProperty(r)])),
        additionalProperties: false,
      },
      'dateline.quotes.minWords': {
        type: 'integer',
        scope: 'resource',
        minimum: 1,
        default: DEFAULT_MIN_WORDS,
        order: 4,
        markdownDescription:
          'A quotation of at least this many words needs a citation in its sentence; shorter ones (scare quotes) are never flagged. `quotes.minWords` in the workspace\'s `dateline.yaml` wins over this setting.',
      },
      'dateline.maxFileSizeMB': {
        type: 'number',
        scope: 'resource',
        minimum: 0.01,
        default: DEFAULT_MAX_FILE_SIZE / MB,
        order: 5,
        markdownDescription:
          'Largest file Dateline analyses, in MB (1 MB is 1,048,576 characters, or bytes for plain ASCII text); larger files are not analysed and get a `file-skipped` note instead.',
      },
      // The first form, in bytes, kept so a value a user already set still applies.
      'dateline.maxFileSize': {
        type: 'integer',
        scope: 'resource',
        minimum: 1,
        order: 6,
        markdownDeprecationMessage: 'Use `#dateline.maxFileSizeMB#`, the same limit in MB. While this setting (in bytes) is set, it still applies.',
        markdownDescription: 'Largest file, in characters (bytes, for plain ASCII text), that Dateline analyses. Replaced by `#dateline.maxFileSizeMB#`.',
      },
      'dateline.trace.server': {
        type: 'string',
        scope: 'resource',
        enum: ['off', 'messages', 'verbose'],
        default: 'off',
        order: 7,
        markdownDescription:
          'Logs the traffic between VS Code and the Dateline language server in the Dateline output channel. Useful when reporting a bug.',
        enumDescriptions: ['No log.', 'Log each request and notification by name.', 'Log each message with its contents.'],
      },
    },
  };
}

/** Serialises JSON the way npm and the rest of the repository do: two spaces, final newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function packageJsonTarget(root: string, rules: readonly Rule[], problems: Problem[]): Target | undefined {
  const file = 'package.json';
  const current = read(root, file);
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(current ?? '');
  } catch (e) {
    problems.push({ file, message: `cannot be read as JSON (${(e as Error).message})` });
    return undefined;
  }
  const configuration = vscodeConfiguration(rules);
  const contributes = (typeof pkg.contributes === 'object' && pkg.contributes !== null ? pkg.contributes : {}) as Record<string, unknown>;
  // Other keys of package.json belong to others: change only contributes.configuration, in place.
  const updated = { ...pkg, contributes: { ...contributes, configuration } };
  return {
    file,
    what: '`contributes.configuration`',
    current,
    expected: formatJson(updated),
    upToDate: () => JSON.stringify(contributes.configuration) === JSON.stringify(configuration),
  };
}

function schemaTarget(root: string, rules: readonly Rule[], problems: Problem[]): Target | undefined {
  const file = 'schemas/dateline.schema.json';
  const current = read(root, file);
  const actorsText = read(root, 'schemas/actors.schema.json');
  let schema: any;
  let actors: any;
  try {
    schema = JSON.parse(current ?? '');
    actors = JSON.parse(actorsText ?? '');
  } catch (e) {
    problems.push({ file, message: `the schemas cannot be read as JSON (${(e as Error).message})` });
    return undefined;
  }
  if (!schema?.properties?.rules || !actors?.definitions) {
    problems.push({ file, message: 'expected `properties.rules` here and `definitions` in schemas/actors.schema.json' });
    return undefined;
  }
  schema.properties.rules.properties = Object.fromEntries(
    rules.map((r) => [
      r.id,
      {
        description: r.description,
        // `false` is read as `off` too.
        enum: [...SEVERITY_SETTINGS, false],
        default: r.defaultSeverity,
      },
    ]),
  );
  // Built-in header fields may be given without a definition, which keeps them as they are.
  schema.properties.schema.properties.fields.properties = Object.fromEntries(
    DEFAULT_SCHEMA.map((f) => [
      f.name,
      {
        description: `${f.description ?? ''} Built in: by default ${describeTypes(f)}, ${f.required ? 'required' : 'optional'}; an empty entry keeps it so.`.trim(),
        anyOf: [{ $ref: '#/definitions/field' }, { type: 'null', description: 'Keeps the built-in definition.' }],
      },
    ]),
  );
  // Inline actor entries in dateline.yaml follow the actors file's own definitions, copied so each schema stands alone.
  schema.definitions = { ...schema.definitions, ...actors.definitions };
  return { file, what: 'rule severities, built-in fields and actor definitions', current, expected: formatJson(schema) };
}

function docsTargets(root: string, rules: readonly Rule[], problems: Problem[]): Target[] {
  const targets: Target[] = [];
  const dir = path.join(root, RULE_DOCS_DIR);
  const pages = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md') : [];
  const ids = new Set(rules.map((r) => r.id));
  for (const page of pages) {
    const id = page.slice(0, -3);
    if (!ids.has(id)) problems.push({ file: `${RULE_DOCS_DIR}/${page}`, message: `no rule \`${id}\` in the registry; delete the page or add the rule` });
  }
  for (const rule of rules) {
    const file = `${RULE_DOCS_DIR}/${rule.id}.md`;
    const current = read(root, file);
    if (current === undefined) {
      problems.push({ file, message: `rule \`${rule.id}\` has no docs page; write one (see the other pages for the sections)` });
      continue;
    }
    const firstHeading = /^#[ \t]+(.*)$/m.exec(current)?.[1]?.trim();
    if (firstHeading !== rule.id) problems.push({ file, message: `the first heading should be \`# ${rule.id}\`, not \`${firstHeading ?? '(none)'}\`` });
    const expected = replaceRegion(current, META_START, META_END, ruleMeta(rule));
    if (expected === undefined) {
      problems.push({ file, message: `the generated block is missing; put \`${META_START}\` and \`${META_END}\` under the title` });
      continue;
    }
    targets.push({ file, what: 'header block', current, expected });
  }
  targets.push({ file: `${RULE_DOCS_DIR}/README.md`, what: 'rule index', current: read(root, `${RULE_DOCS_DIR}/README.md`), expected: rulesIndex(rules) });
  return targets;
}

/** Everything the registry determines, compared with what is on disk. Reads only. */
export function plan(root: string = ROOT, rules: readonly Rule[] = RULES): Plan {
  const problems: Problem[] = [];
  const targets: Target[] = [];

  const readme = read(root, 'README.md');
  const readmeExpected = readme === undefined ? undefined : replaceRegion(readme, README_START, README_END, readmeRegion(rules));
  if (readmeExpected === undefined) problems.push({ file: 'README.md', message: `needs the markers \`${README_START}\` and \`${README_END}\`` });
  else targets.push({ file: 'README.md', what: 'rule table', current: readme, expected: readmeExpected });

  for (const target of docsTargets(root, rules, problems)) targets.push(target);
  const pkg = packageJsonTarget(root, rules, problems);
  if (pkg) targets.push(pkg);
  const schema = schemaTarget(root, rules, problems);
  if (schema) targets.push(schema);
  return { targets, problems };
}

export function isStale(t: Target): boolean {
  return t.upToDate ? !t.upToDate() : t.current !== t.expected;
}

/** What --check reports: out-of-date files and problems. Empty when everything is current. */
export function check(root: string = ROOT, rules: readonly Rule[] = RULES): string[] {
  const { targets, problems } = plan(root, rules);
  return [
    ...targets.filter(isStale).map((t) => `${t.file}: ${t.what} is out of date; run \`npx tsx scripts/generate.ts\``),
    ...problems.map((p) => `${p.file}: ${p.message}`),
  ];
}

/** Brings every derived file up to date. Returns the files written and what needs a person. */
export function write(root: string = ROOT, rules: readonly Rule[] = RULES): { written: string[]; problems: Problem[] } {
  const { targets, problems } = plan(root, rules);
  const written: string[] = [];
  for (const t of targets.filter(isStale)) {
    // Re-read package.json just before writing: others may have changed its other keys meanwhile.
    const fresh = t.file === 'package.json' ? packageJsonTarget(root, rules, []) ?? t : t;
    fs.writeFileSync(path.join(root, fresh.file), fresh.expected);
    written.push(`${fresh.file} (${fresh.what})`);
  }
  return { written, problems };
}

function main(argv: string[]): number {
  if (argv.includes('--check')) {
    const drift = check();
    for (const line of drift) console.error(line);
    if (drift.length === 0) console.log('Generated files are up to date.');
    return drift.length ? 1 : 0;
  }
  const { written, problems } = write();
  for (const w of written) console.log(`wrote ${w}`);
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  return problems.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
