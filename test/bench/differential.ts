/**
 * Two core bundles on the same random articles: the findings must be the same. Words near
 * quotations are drawn from the anonymous phrases, registry names and their near misses, in
 * mixed case, with the characters whose lower case is special (`Σ`, `İ`, astral letters).
 *
 *   node --import tsx test/bench/differential.ts --before=FILE --after=FILE [--runs=N] [--seed=N]
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Random } from './generate';

type Core = typeof import('../../server/core/index');
const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const req = createRequire(__filename);
const [before, after] = [opt('before'), opt('after')].map((f) => {
  if (!f) throw new Error('--before=FILE and --after=FILE are required');
  const core = req(path.resolve(f)) as Core;
  return { core, service: core.createLanguageService({ logger: { log: (m) => process.stderr.write(`CRASH: ${m}\n`) } }) };
});

const WORDS = ['asked', 'not', 'to', 'be', 'named', 'declined', 'on', 'condition', 'of', 'anonymity', 'requested', 'speaking', 'anonymously', 'authorized', 'speak', 'ASKED', 'Named', 'AnOnYmItY', 'said', 'told', 'Reuters', 'according', 'Interfax', 'reported', 'he', 'She', 'minister', 'the', 'Vesk', 'Anton', 'Antom', 'Vesks', 'Dvořák', 'Dvorak', 'Irena', 'Saarinen', 'Sarinen', 'Brandt', 'Brant', 'Σίσυφος', 'İstanbul', '𐐀𐐨', '😀', 'St.', 'Mr.', 'anonym-ity', 'name’s', 'Anton’s'];
const PUNCT = [' ', ' ', ' ', ' ', ', ', '. ', '! ', '? ', '\n', '\n\n', '\r\n', ' “', '” ', '"', ' (APA, July 3)', ' (, June 2)', ' (Trend, Jly 4)', ': ', ' ‘', '’ ', '\u00a0', '\t'];

function article(r: Random): string {
  const parts = ['Publication: Bench Review Volume: 1 Issue: 1\nDate: July 9, 2008\n\n'];
  const n = r.int(5, 400);
  for (let i = 0; i < n; i++) parts.push(r.pick(WORDS), r.pick(PUNCT));
  return parts.join('');
}

function canonical(core: { service: ReturnType<Core['createLanguageService']> }, text: string, config: unknown): string {
  const findings = core.service.analyze(text, { config: config as never }).findings;
  return JSON.stringify(findings.map((f) => [f.ruleId, f.severity, f.span, f.message, f.fixes ?? null, f.data ?? null]));
}

const runs = Number(opt('runs') ?? 3000);
const r = new Random(Number(opt('seed') ?? 1));
const configs = (side: typeof before) => [
  undefined,
  side.service.parseConfig('style: wire\n').config,
  side.service.parseConfig('style: digest\nattribution:\n  anonymous: ["a source said", "named", "speaking  anonymously", "σ"]\n').config,
  { ...side.core.defaultConfig(), actors: side.service.parseActors('- id: a\n  name: Anton Vesk\n  kind: person\n- id: b\n  name: Irena Dvořák\n  kind: person\n- id: c\n  name: Mikko Saarinen\n  kind: person\n  aliases: [Saarinen]\n', 'a.yaml').actors },
];
const cb = configs(before);
const ca = configs(after);
let differ = 0;
for (let i = 0; i < runs; i++) {
  const text = article(r);
  for (let k = 0; k < cb.length; k++) {
    if (canonical(before, text, cb[k]) !== canonical(after, text, ca[k])) {
      differ++;
      if (differ <= 3) process.stdout.write(`differs (config ${k}):\n${JSON.stringify(text)}\n`);
    }
  }
}
const counts = new Map<string, number>();
for (let i = 0; i < 200; i++) for (const f of after.service.analyze(article(new Random(900 + i)), { config: ca[i % ca.length] as never }).findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
process.stdout.write(`rules seen in a sample: ${[...counts].map(([id, n]) => `${id} ${n}`).join(", ")}\n`);
process.stdout.write(`${runs} articles x ${cb.length} configs: ${differ} differ\n`);
if (differ) process.exitCode = 1;
