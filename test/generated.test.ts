/**
 * Derived files stay in step with the rule registry, the schemas describe what the config reader
 * accepts, and each rule's docs page shows what the rule really does.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { check, ROOT, RULE_DOCS_DIR, SEVERITY_SETTINGS, write } from '../scripts/generate';
import { parseActorRegistry } from '../server/core/actors/registry';
import { createLanguageService, RULES, RULE_IDS, WorkspaceIndex, type Rule } from '../server/core/index';

const service = createLanguageService();
const readText = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const readJson = (file: string) => JSON.parse(readText(file));

/** How each rule that checks a file of its own reads that file, and the schema for it. */
const CONFIG_FILES: Record<string, { problems: (text: string) => string[]; schema: string }> = {
  'config-invalid': { problems: (t) => service.parseConfig(t).findings.map((f) => f.message), schema: 'schemas/dateline.schema.json' },
  'actor-registry': { problems: (t) => parseActorRegistry(t).problems.map((p) => p.message), schema: 'schemas/actors.schema.json' },
};

// ---------------------------------------------------------------------------------------------
// Markdown helpers

interface CodeBlock {
  info: string[];
  text: string;
}

function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const re = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m; (m = re.exec(markdown)); ) blocks.push({ info: m[1].trim().split(/\s+/).filter(Boolean), text: m[2] });
  return blocks;
}

function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

function relativeLinks(markdown: string): string[] {
  const prose = withoutCode(markdown);
  const targets = [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
  ];
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'));
}

function markdownFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

function docsPage(rule: Rule): string {
  return readText(`${RULE_DOCS_DIR}/${rule.id}.md`);
}

// ---------------------------------------------------------------------------------------------
// A small JSON Schema (draft-07) validator: just the keywords our schemas use. The schemas are
// checked to use no others, so nothing is silently skipped.

type Schema = Record<string, any>;

const VALIDATED = ['$ref', 'type', 'enum', 'const', 'minLength', 'pattern', 'minimum', 'minItems', 'items', 'contains', 'required', 'properties', 'additionalProperties', 'anyOf', 'if', 'then'];
const ANNOTATIONS = ['$schema', 'title', 'description', 'markdownDescription', 'default', 'definitions', 'format'];

function resolveRef(root: Schema, ref: string): Schema {
  assert.ok(ref.startsWith('#/'), `only local $ref is supported: ${ref}`);
  return ref.slice(2).split('/').reduce((s: Schema, k) => s[k], root);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    default: return typeof value === type;
  }
}

function validate(schema: Schema, value: unknown, root: Schema = schema, at = '$'): string[] {
  if (schema.$ref) return validate(resolveRef(root, schema.$ref), value, root, at);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, t))) return [`${at}: expected ${types.join(' or ')}, got ${JSON.stringify(value)}`];
  }
  const errors: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && schema.const !== value) errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${at}: too short`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((v, i) => errors.push(...validate(schema.items, v, root, `${at}[${i}]`)));
    if (schema.contains && !value.some((v) => validate(schema.contains, v, root).length === 0)) errors.push(`${at}: contains no matching item`);
  }
  if (hasType(value, 'object')) {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${at}: missing \`${key}\``);
    for (const [key, v] of Object.entries(obj)) {
      const sub = schema.properties?.[key];
      if (sub) errors.push(...validate(sub, v, root, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown key \`${key}\``);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties, v, root, `${at}.${key}`));
    }
  }
  if (schema.anyOf && !schema.anyOf.some((s: Schema) => validate(s, value, root, at).length === 0)) {
    errors.push(`${at}: matches none of the allowed forms (${schema.anyOf.flatMap((s: Schema) => validate(s, value, root, at)).join('; ')})`);
  }
  if (schema.if && validate(schema.if, value, root, at).length === 0 && schema.then) errors.push(...validate(schema.then, value, root, at));
  return errors;
}

/** Every keyword in a schema, with the path where it occurs; names under `properties` are data. */
function* keywords(schema: unknown, at = '$'): Generator<{ key: string; at: string }> {
  if (typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) {
    for (const [i, s] of schema.entries()) yield* keywords(s, `${at}[${i}]`);
    return;
  }
  for (const [key, value] of Object.entries(schema)) {
    yield { key, at };
    if (key === 'properties' || key === 'definitions') {
      for (const [name, sub] of Object.entries(value as object)) yield* keywords(sub, `${at}.${key}.${name}`);
    } else if (['items', 'additionalProperties', 'contains', 'if', 'then', 'anyOf'].includes(key)) {
      yield* keywords(value, `${at}.${key}`);
    }
  }
}

/** Named subschemas: each property and each definition. */
function* namedSchemas(schema: Schema, at = '$'): Generator<{ at: string; schema: Schema }> {
  for (const key of ['properties', 'definitions']) {
    for (const [name, sub] of Object.entries((schema[key] ?? {}) as Record<string, Schema>)) {
      yield { at: `${at}.${key}.${name}`, schema: sub };
      yield* namedSchemas(sub, `${at}.${key}.${name}`);
    }
  }
  for (const key of ['items', 'additionalProperties', 'then']) {
    if (typeof schema[key] === 'object') yield* namedSchemas(schema[key], `${at}.${key}`);
  }
  for (const [i, sub] of ((schema.anyOf ?? []) as Schema[]).entries()) yield* namedSchemas(sub, `${at}.anyOf[${i}]`);
}

// ---------------------------------------------------------------------------------------------

describe('generated files', () => {
  it('are up to date with the rule registry (npx tsx scripts/generate.ts --check)', () => {
    assert.deepEqual(check(), []);
  });

  it('the command line check exits 0 when nothing drifted', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.match(out, /up to date/);
  });

  describe('drift detection, on a copy of the repository', () => {
    const copies: string[] = [];
    after(() => {
      for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
    });
    function copy(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-generate-'));
      copies.push(dir);
      for (const f of ['README.md', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
      fs.cpSync(path.join(ROOT, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
      fs.cpSync(path.join(ROOT, RULE_DOCS_DIR), path.join(dir, RULE_DOCS_DIR), { recursive: true });
      return dir;
    }
    const edit = (dir: string, file: string, fn: (s: string) => string) => fs.writeFileSync(path.join(dir, file), fn(fs.readFileSync(path.join(dir, file), 'utf8')));

    it('finds nothing on an unchanged copy', () => {
      assert.deepEqual(check(copy()), []);
    });

    it('reports each hand-edited derived file, and write() repairs them', () => {
      const dir = copy();
      const rule = RULES[0];
      edit(dir, 'README.md', (s) => s.replace(`| ${rule.defaultSeverity} |`, '| hint |'));
      edit(dir, `${RULE_DOCS_DIR}/README.md`, (s) => s.replace(`[\`${rule.id}\`]`, '[`renamed`]'));
      edit(dir, `${RULE_DOCS_DIR}/${rule.id}.md`, (s) => s.replace(rule.description, 'Something else.'));
      edit(dir, 'package.json', (s) => s.replace('"dateline.quotes.minWords"', '"dateline.quotes.minimumWords"'));
      edit(dir, 'schemas/dateline.schema.json', (s) => s.replace(`"${RULE_IDS[1]}": {`, '"some-old-rule": {'));
      const drift = check(dir);
      for (const file of ['README.md', `${RULE_DOCS_DIR}/README.md`, `${RULE_DOCS_DIR}/${rule.id}.md`, 'package.json', 'schemas/dateline.schema.json']) {
        assert.ok(drift.some((d) => d.startsWith(`${file}:`)), `${file} should be reported: ${drift.join('\n')}`);
      }
      assert.deepEqual(write(dir).problems, []);
      assert.deepEqual(check(dir), []);
    });

    it('changes only `contributes.configuration` in package.json', () => {
      const dir = copy();
      edit(dir, 'package.json', (s) => {
        const pkg = JSON.parse(s);
        pkg.contributes.configuration.title = 'Stale';
        pkg.zzzLast = { kept: true };
        return `${JSON.stringify(pkg, null, 2)}\n`;
      });
      write(dir);
      const before = JSON.parse(readText('package.json'));
      const after = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      assert.deepEqual(after.zzzLast, { kept: true });
      assert.deepEqual(Object.keys(after), [...Object.keys(before), 'zzzLast']);
      assert.deepEqual(Object.keys(after.contributes), Object.keys(before.contributes));
      assert.equal(after.contributes.configuration.title, 'Dateline');
    });

    it('reports a rule without a page, a page without a rule, and a page with the wrong title', () => {
      const dir = copy();
      const newRule: Rule = { id: 'quote-invented', description: 'A rule that exists only in this test.', defaultSeverity: 'hint', scope: 'article' };
      fs.writeFileSync(path.join(dir, RULE_DOCS_DIR, 'not-a-rule.md'), '# not-a-rule\n');
      edit(dir, `${RULE_DOCS_DIR}/${RULES[2].id}.md`, (s) => s.replace(`# ${RULES[2].id}`, '# Wrong title'));
      const drift = check(dir, [...RULES, newRule]);
      assert.ok(drift.some((d) => d.startsWith(`${RULE_DOCS_DIR}/quote-invented.md:`) && d.includes('no docs page')), drift.join('\n'));
      assert.ok(drift.some((d) => d.startsWith(`${RULE_DOCS_DIR}/not-a-rule.md:`) && d.includes('no rule')), drift.join('\n'));
      assert.ok(drift.some((d) => d.startsWith(`${RULE_DOCS_DIR}/${RULES[2].id}.md:`) && d.includes('first heading')), drift.join('\n'));
      assert.ok(drift.some((d) => d.startsWith('README.md:')), 'the README table lacks the new rule');
    });
  });
});

describe('rule docs', () => {
  const pages = fs.readdirSync(path.join(ROOT, RULE_DOCS_DIR)).filter((f) => f.endsWith('.md') && f !== 'README.md');

  it('every rule has a page whose first heading is its id', () => {
    for (const rule of RULES) {
      const first = /^#\s+(.+)$/m.exec(docsPage(rule))?.[1].trim();
      assert.equal(first, rule.id, `${RULE_DOCS_DIR}/${rule.id}.md`);
    }
  });

  it('every page belongs to a rule', () => {
    assert.deepEqual(pages.map((p) => p.slice(0, -3)).sort(), [...RULE_IDS].sort());
  });

  it('every page tells how to configure the rule in dateline.yaml', () => {
    for (const rule of RULES) {
      const page = docsPage(rule);
      assert.match(page, /^## Configuration$/m, rule.id);
      // Config problems are found while reading the file that holds `rules:`, so they have no such example.
      if (rule.scope !== 'config') assert.ok(page.includes(`  ${rule.id}: `), `${rule.id}: no \`rules:\` example`);
    }
  });

  // The examples are executable: `triggers` blocks must raise the rule, `corrected` blocks must be clean.
  for (const rule of RULES.filter((r) => r.scope !== 'file')) {
    describe(rule.id, () => {
      const page = docsPage(rule);
      const blocks = codeBlocks(page.slice(page.search(/^## Example$/m)));
      const configBlock = blocks.find((b) => b.info[0] === 'yaml' && b.info[1] === 'dateline.yaml');
      const triggers = blocks.filter((b) => b.info[1] === 'triggers');
      const corrected = blocks.filter((b) => b.info[1] === 'corrected');
      const analyse = (b: CodeBlock, extra = '') => {
        const { config, findings } = service.parseConfig((configBlock?.text ?? '') + extra);
        assert.deepEqual(findings, [], 'the example dateline.yaml is valid');
        // Blocks marked `other` are another article of the same workspace (for quote-conflict).
        const quotes = new WorkspaceIndex();
        blocks.filter((o) => o.info[1] === 'other').forEach((o, i) => {
          const summary = service.summarize(`file:///workspace/other-${i + 1}.article`, o.text, { config });
          if (summary) quotes.set(summary);
        });
        return service.analyze(b.text, { flavor: b.info[0] === 'markdown' ? 'markdown' : 'article', config, quotes, uri: 'file:///workspace/example.article' }).findings;
      };

      it('has an example that triggers it and a corrected one', () => {
        assert.ok(page.search(/^## Example$/m) >= 0, 'an `## Example` section');
        assert.ok(triggers.length > 0 && corrected.length > 0, 'blocks marked `triggers` and `corrected`');
      });

      if (rule.scope === 'config') {
        it('the examples behave as the page says', () => {
          const file = CONFIG_FILES[rule.id];
          assert.ok(file, `add a reader for the files ${rule.id} checks to CONFIG_FILES`);
          for (const b of triggers) assert.notDeepEqual(file.problems(b.text), [], `should trigger:\n${b.text}`);
          for (const b of corrected) {
            assert.deepEqual(file.problems(b.text), [], `should be clean:\n${b.text}`);
            assert.deepEqual(validate(readJson(file.schema), parseYaml(b.text)), [], `the schema accepts:\n${b.text}`);
          }
        });
        return;
      }

      it('the examples behave as the page says', () => {
        for (const b of triggers) assert.ok(analyse(b).some((f) => f.ruleId === rule.id), `should trigger:\n${b.text}`);
        for (const b of corrected) assert.deepEqual(analyse(b).map((f) => `${f.ruleId}: ${f.message}`), [], `should be clean:\n${b.text}`);
      });

      it('the page describes a quick fix exactly when the rule offers one, by its title', () => {
        const fixes = triggers.flatMap((b) => analyse(b).filter((f) => f.ruleId === rule.id).flatMap((f) => f.fixes ?? []));
        assert.equal(/^## Quick fix$/m.test(page), fixes.length > 0, fixes.length ? 'a `## Quick fix` section' : 'no `## Quick fix` section');
        for (const fix of fixes) assert.ok(page.includes(`**${fix.title}**`), `the page names the fix **${fix.title}**`);
      });

      it('the severity set in dateline.yaml applies, as the Configuration section says', () => {
        for (const b of triggers) {
          const rules = (setting: string) => `${configBlock ? '\n' : ''}rules:\n  ${rule.id}: ${setting}\n`;
          assert.ok(!analyse(b, rules('off')).some((f) => f.ruleId === rule.id), 'off silences it');
          const hinted = analyse(b, rules('hint')).filter((f) => f.ruleId === rule.id);
          assert.ok(hinted.length > 0 && hinted.every((f) => f.severity === 'hint'), 'hint lowers it');
        }
      });
    });
  }

  it('every dateline.yaml snippet in the docs is a valid config, for the reader and the schema', () => {
    const schema = readJson('schemas/dateline.schema.json');
    let count = 0;
    for (const rule of RULES) {
      // Plain `yaml` blocks show dateline.yaml settings; labelled ones are examples of other kinds.
      for (const b of codeBlocks(docsPage(rule)).filter((x) => x.info[0] === 'yaml' && (x.info.length === 1 || x.info[1] === 'dateline.yaml'))) {
        count++;
        assert.deepEqual(service.parseConfig(b.text).findings, [], `${rule.id}:\n${b.text}`);
        assert.deepEqual(validate(schema, parseYaml(b.text)), [], `${rule.id}:\n${b.text}`);
      }
    }
    assert.ok(count >= RULES.length - Object.keys(CONFIG_FILES).length, 'each page shows at least one dateline.yaml snippet');
  });

  it('every actors file snippet in the docs is valid, for the reader and the schema', () => {
    const schema = readJson('schemas/actors.schema.json');
    const snippets = RULES.flatMap((r) => codeBlocks(docsPage(r)).filter((b) => b.info[1] === 'actors.yaml'));
    assert.ok(snippets.length > 0);
    for (const b of snippets) {
      assert.deepEqual(parseActorRegistry(b.text).problems, [], b.text);
      assert.deepEqual(validate(schema, parseYaml(b.text)), [], b.text);
    }
  });

  it('every relative link in README.md and docs/ points to an existing file', () => {
    const files = [path.join(ROOT, 'README.md'), ...markdownFiles(path.join(ROOT, 'docs'))];
    let count = 0;
    for (const file of files) {
      for (const link of relativeLinks(fs.readFileSync(file, 'utf8'))) {
        count++;
        const target = decodeURIComponent(link.replace(/[#?].*$/, ''));
        const resolved = target.startsWith('/') ? path.join(ROOT, target) : path.resolve(path.dirname(file), target);
        assert.ok(fs.existsSync(resolved), `${path.relative(ROOT, file)}: broken link ${link}`);
      }
    }
    assert.ok(count >= RULES.length, 'the rule tables link every page');
  });
});

describe('schemas', () => {
  const dateline = readJson('schemas/dateline.schema.json');
  const actors = readJson('schemas/actors.schema.json');

  it('declare draft-07 and use only keywords the test validator understands', () => {
    for (const schema of [dateline, actors]) {
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      for (const { key, at } of keywords(schema)) assert.ok([...VALIDATED, ...ANNOTATIONS].includes(key), `${at}: keyword ${key}`);
    }
  });

  it('describe every setting, for hover in the editor', () => {
    for (const schema of [dateline, actors]) {
      for (const { at, schema: s } of namedSchemas(schema)) {
        assert.ok(typeof s.description === 'string' || s.$ref, `${at} has no description`);
      }
    }
  });

  it('list exactly the registry rules, each with the severities and its default', () => {
    const rules = dateline.properties.rules;
    assert.deepEqual(Object.keys(rules.properties), RULE_IDS);
    assert.equal(rules.additionalProperties, false);
    for (const rule of RULES) {
      const p = rules.properties[rule.id];
      assert.deepEqual(p.enum.filter((v: unknown) => typeof v === 'string'), [...SEVERITY_SETTINGS]);
      assert.equal(p.default, rule.defaultSeverity);
      assert.equal(p.description, rule.description);
    }
  });

  it('package.json settings list the registry rules too', () => {
    const props = readJson('package.json').contributes.configuration.properties;
    assert.deepEqual(Object.keys(props['dateline.rules'].properties), RULE_IDS);
    for (const [name, setting] of Object.entries(props as Record<string, Schema>)) {
      assert.ok(setting.markdownDescription, `${name} has a markdownDescription`);
      // Every setting may differ per folder of a multi-root workspace.
      assert.equal(setting.scope, 'resource', `${name} is resource-scoped`);
    }
  });

  it('accept a complete dateline.yaml, with only keys the schema declares', () => {
    const text = [
      'schema:',
      '  fields:',
      '    title:',
      '    desk:',
      '      type: enum',
      '      values: [news, analysis]',
      '      required: true',
      '      description: The desk that commissioned the piece.',
      '    pages: { type: integer, min: 1, max: 40 }',
      '    author: { type: [string, list] }',
      'actors:',
      '  - actors.yaml',
      '  - id: ivo-brandt',
      '    name: Ivo Brandt',
      '    kind: person',
      '    aliases: [Brandt]',
      '    roles:',
      '      - { title: Mayor of Vesmark, from: 2019-06-01 }',
      'sources:',
      '  - Coastal Herald',
      '  - name: Baltic Wire',
      '    aliases: [BW]',
      '    description: Regional news agency',
      'rules:',
      '  citation-unknown-source: warning',
      '  quote-uncited: false',
      'quotes:',
      '  minWords: 5',
      'include: "articles/**/*.md"',
      '',
    ].join('\n');
    assert.deepEqual(service.parseConfig(text).findings, [], 'the config reader accepts it');
    assert.deepEqual(validate(dateline, parseYaml(text)), [], 'the schema accepts it');
  });

  // The schema and the config reader agree: what one rejects, the other rejects.
  const configs: [string, boolean][] = [
    ['actors: [people.yaml, places.yaml]', true],
    ['actors: people.yaml', true],
    ['include: [a/*.md, b/*.md]', true],
    ['rules: { quote-unbalanced: hint }', true],
    ['quote: { minWords: 4 }', false],
    ['quotes: { minWords: 0 }', false],
    ['quotes: { minWords: 2.5 }', false],
    ['quotes: { minWord: 4 }', false],
    ['rules: { quote-uncited: loud }', false],
    ['rules: { quote-uncitd: warning }', false],
    ['rules: [quote-uncited]', false],
    ['schema: { fieldz: {} }', false],
    ['schema: { fields: { desk: { type: enum } } }', false],
    ['schema: { fields: { desk: { type: enum, values: [] } } }', false],
    ['schema: { fields: { desk: { type: text } } }', false],
    ['schema: { fields: { desk: { type: [] } } }', false],
    ['schema: { fields: { desk: { type: string, requird: true } } }', false],
    ['schema: { fields: { desk: { required: yes } } }', false],
    ['schema: { fields: { pages: { type: integer, min: one } } }', false],
    ['schema: { fields: { desk: } }', false],
    ['sources: { name: Baltic Wire }', false],
    ['sources: [{ aliases: [BW] }]', false],
    ['sources: [{ name: Baltic Wire, aliases: BW }]', false],
    ['include: 5', false],
    ['actors: 5', false],
  ];
  for (const [text, valid] of configs) {
    it(`${valid ? 'accept' : 'reject'} \`${text}\` as the config reader does`, () => {
      const readerErrors = service.parseConfig(text).findings.map((f) => f.message);
      const schemaErrors = validate(dateline, parseYaml(text));
      assert.equal(readerErrors.length === 0, valid, `config reader: ${readerErrors.join('; ')}`);
      assert.equal(schemaErrors.length === 0, valid, `schema: ${schemaErrors.join('; ')}`);
    });
  }

  it('accept an actors file as SPEC section 5 writes it', () => {
    const file = [
      '- id: ivo-brandt',
      '  name: Ivo Brandt',
      '  kind: person',
      '  aliases: [Brandt, Mayor Brandt]',
      '  roles:',
      '    - title: Mayor of Vesmark',
      '      from: 2019-06-01',
      '      to: 2024-05-31',
      '  affiliation: Vesmark Civic List',
      '  description: Mayor during the harbour expansion.',
      '- id: vesmark-port-authority',
      '  name: Vesmark Port Authority',
      '  kind: organization',
    ].join('\n');
    assert.deepEqual(parseActorRegistry(file).problems, [], 'the registry reader accepts it');
    assert.deepEqual(validate(actors, parseYaml(file)), [], 'the schema accepts it');
  });

  // As for dateline.yaml: the actors schema flags what the registry reader flags.
  const registries: [string, boolean][] = [
    ['actors: [{ id: x, name: X }]', true],
    ['- { id: x, name: X, aliases: Ex }', true],
    ['- { id: x, name: X, roles: [Mayor] }', true],
    ['- { id: x, name: X, roles: [{ title: Mayor, from: "June 1, 2019" }] }', true],
    ['- id: x', false],
    ['- name: X', false],
    ['- plain text', false],
    ['- { id: x, name: "" }', false],
    ['- { id: x, name: X, kind: animal }', false],
    ['- { id: x, name: X, aliases: [E] }', false],
    ['- { id: x, name: X, aliases: { short: Ex } }', false],
    ['- { id: x, name: X, roles: [{ title: Mayor, from: 1 June 2019 }] }', false],
    ['- { id: x, name: X, roles: [{ from: 2019-06-01 }] }', false],
    ['- { id: x, name: X, role: Mayor }', false],
  ];
  for (const [text, valid] of registries) {
    it(`${valid ? 'accept' : 'reject'} the actors file \`${text}\` as the registry reader does`, () => {
      const readerProblems = parseActorRegistry(text).problems.map((p) => p.message);
      const schemaErrors = validate(actors, parseYaml(text));
      assert.equal(readerProblems.length === 0, valid, `registry reader: ${readerProblems.join('; ')}`);
      assert.equal(schemaErrors.length === 0, valid, `schema: ${schemaErrors.join('; ')}`);
    });
  }

  it('inline actors in dateline.yaml follow the actors file definitions', () => {
    assert.deepEqual(dateline.definitions.actor, actors.definitions.actor);
    assert.deepEqual(dateline.definitions.role, actors.definitions.role);
    assert.notDeepEqual(validate(dateline, parseYaml('actors: [{ id: x }]')), [], 'an inline actor needs a name');
  });
});
