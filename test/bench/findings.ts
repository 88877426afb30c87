/**
 * A hash of every finding (rule id, span, range, severity, message, fixes) over the fixtures, the
 * corpus, the examples and the benchmark's generated and adversarial inputs. A speed-up must leave
 * it unchanged: run it on the sources and on a core bundle built from an older commit.
 *
 *   node --import tsx test/bench/findings.ts [--core=FILE] [--verbose]
 *
 * `--verbose` prints one hash per input, to find which one differs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DatelineConfig, Finding, LanguageService } from '../../server/core/index';
import { ADVERSARIAL } from '../fuzz/adversarial';
import { registryYaml } from './features';
import { generateArticle, registryConfigText } from './generate';

type Core = typeof import('../../server/core/index');

const ROOT = path.resolve(__dirname, '..', '..');
const MB = 1024 * 1024;

function loadCore(argv: readonly string[]): Core {
  const file = argv.find((a) => a.startsWith('--core='))?.slice('--core='.length);
  if (file) return createRequire(__filename)(path.resolve(file)) as Core;
  return createRequire(__filename)('../../server/core/index') as Core;
}

/** Every field of a finding that a writer or a fix could see. */
function canonical(findings: readonly Finding[]): string {
  return JSON.stringify(findings.map((f) => [f.ruleId, f.severity, f.span.start, f.span.end, f.range, f.message, f.fixes ?? null, f.data ?? null, f.related ?? null]));
}

interface Input {
  name: string;
  text: string;
  flavor: 'article' | 'markdown';
  config?: DatelineConfig;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(article|md|txt)$/.test(entry.name) && statSync(p).size < 16 * MB) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The fixture's sidecar `<name>.dateline.yaml`, else the nearest `dateline.yaml` up to `top`, with its actors files read. */
function configFor(service: LanguageService, file: string, top: string): DatelineConfig | undefined {
  const sidecar = file.replace(/\.(article|md|txt)$/, '.dateline.yaml');
  let configPath: string | undefined = existsSync(sidecar) ? sidecar : undefined;
  for (let d = path.dirname(file); !configPath && d.startsWith(top); d = path.dirname(d)) {
    if (existsSync(path.join(d, 'dateline.yaml'))) configPath = path.join(d, 'dateline.yaml');
    if (d === top) break;
  }
  if (!configPath) return undefined;
  const { config } = service.parseConfig(readFileSync(configPath, 'utf8'));
  for (const p of config.actorPaths) {
    const actorsFile = path.resolve(path.dirname(configPath), p);
    if (existsSync(actorsFile) && statSync(actorsFile).isFile()) config.actors = [...config.actors, ...service.parseActors(readFileSync(actorsFile, 'utf8'), actorsFile).actors];
  }
  return config;
}

function inputs(service: LanguageService): Input[] {
  const list: Input[] = [];
  for (const top of ['test/fixtures', 'test/corpus', 'examples'].map((d) => path.join(ROOT, d))) {
    for (const file of filesUnder(top)) {
      const text = readFileSync(file, 'utf8');
      const flavor = file.endsWith('.md') ? 'markdown' : 'article';
      const config = configFor(service, file, top);
      list.push({ name: path.relative(ROOT, file), text, flavor, config });
      // Without the config too: every fixture under the default style.
      if (config) list.push({ name: `${path.relative(ROOT, file)} (defaults)`, text, flavor });
      // CRLF, as editors on Windows save it.
      if (text.includes('\n') && !text.includes('\r')) list.push({ name: `${path.relative(ROOT, file)} (CRLF)`, text: text.replace(/\n/g, '\r\n'), flavor, config });
    }
  }
  const registry = service.parseConfig(registryConfigText()).config;
  const actors10k = { ...registry, actors: service.parseActors(registryYaml(10_000), 'bench-actors.yaml').actors };
  const styled = (style: string) => service.parseConfig(`style: ${style}\n`).config;
  const generated: [string, number, number, Partial<{ eol: '\r\n'; flavor: 'markdown' }>, DatelineConfig | undefined][] = [
    ['20 KB', 20 * 1024, 20, {}, undefined],
    ['20 KB, 10,000 actors', 20 * 1024, 33, {}, actors10k],
    ['1 MB', MB, 1, {}, undefined],
    ['1 MB CRLF', MB, 2, { eol: '\r\n' }, undefined],
    ['1 MB Markdown', MB, 3, { flavor: 'markdown' }, undefined],
    ['1 MB, registries', MB, 4, {}, registry],
    ['1 MB, 10,000 actors', MB, 4, {}, actors10k],
    ['1 MB, wire', MB, 1, {}, styled('wire')],
    ['1 MB, digest', MB, 1, {}, styled('digest')],
    ['8 MB', 8 * MB, 8, {}, undefined],
  ];
  for (const [name, bytes, seed, options, config] of generated) {
    list.push({ name: `generated ${name}`, text: generateArticle({ targetBytes: bytes, seed, ...options }), flavor: options.flavor ?? 'article', config });
  }
  for (let seed = 100; seed < 140; seed++) {
    const style = ['edm', 'wire', 'digest'][seed % 3];
    list.push({ name: `generated 8 KB seed ${seed} ${style}`, text: generateArticle({ targetBytes: 8 * 1024, seed, eol: seed % 4 === 3 ? '\r\n' : '\n' }), flavor: 'article', config: seed % 2 ? { ...styled(style), actors: actors10k.actors } : styled(style) });
  }
  for (const c of ADVERSARIAL) {
    for (const units of [c.units, Math.floor(c.units / 2), 7]) {
      list.push({ name: `adversarial ${c.name} x${units}`, text: c.build(units), flavor: c.flavor ?? 'article', config: c.registry ? registry : undefined });
    }
  }
  return list;
}

export function findingsHash(core: Core, verbose: boolean): { hash: string; inputs: number; findings: number; lines: string[] } {
  const service = core.createLanguageService({ logger: { log: (m) => process.stderr.write(`CRASH: ${m}\n`) } });
  const all = createHash('sha256');
  const lines: string[] = [];
  let count = 0;
  const list = inputs(service);
  for (const input of list) {
    const findings = service.analyze(input.text, { flavor: input.flavor, config: input.config, maxFileSize: Infinity }).findings;
    count += findings.length;
    const one = canonical(findings);
    all.update(input.name).update('\0').update(one).update('\0');
    if (verbose) lines.push(`${createHash('sha256').update(one).digest('hex').slice(0, 16)} ${String(findings.length).padStart(6)} ${input.name}`);
  }
  return { hash: all.digest('hex'), inputs: list.length, findings: count, lines };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const result = findingsHash(loadCore(argv), argv.includes('--verbose'));
  for (const line of result.lines) process.stdout.write(`${line}\n`);
  process.stdout.write(`${result.hash} ${result.findings} findings in ${result.inputs} inputs\n`);
}
