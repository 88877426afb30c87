/**
 * Two core bundles timed in one process, their runs interleaved, so that other work on the machine
 * slows both alike: the process's CPU time per run, median and p95, with the load average.
 *
 *   node --import tsx test/bench/compare.ts --before=FILE [--after=FILE] [--only=TEXT] [--runs=N]
 *
 * Without `--after`, the working tree's core is bundled and timed against `--before`.
 */
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundleOptions.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DatelineConfig, LanguageService } from '../../server/core/index';
import { registryYaml } from './features';
import { generateArticle, registryConfigText } from './generate';
import { keepShortLivedObjectsYoung } from '../../server/node/gcTuning';

type Core = typeof import('../../server/core/index');

setFlagsFromString('--expose-gc');
// The core is timed as the CLI and the server run it (server/node/gcTuning.ts).
keepShortLivedObjectsYoung();
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;
const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = opt('only')?.toLowerCase();
const runsScale = Number(opt('runs') ?? 1);

async function bundleWorkingTree(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dateline-compare-'));
  const outfile = path.join(dir, 'core.js');
  await build({ ...bundleOptions, entryPoints: [path.resolve(__dirname, '..', '..', 'server', 'core', 'index.ts')], outfile });
  return outfile;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];
}

interface Side {
  core: Core;
  service: LanguageService;
}

/** A case prepares its work per side and returns one run of it. */
interface Case {
  name: string;
  runs: number;
  /** How many timed calls one run makes (a run of many small calls reports per call). */
  prepare(side: Side): () => void;
  perCall?: boolean;
}

function tenThousand(side: Side): DatelineConfig {
  const config = side.core.defaultConfig();
  config.actors = side.service.parseActors(registryYaml(10_000), 'actors.yaml').actors;
  config.sources = ['APA', 'Trend', 'Harbor Wire', 'Nordpress'].map((name) => ({ name, aliases: [], description: '' }));
  config.hasSourceRegistry = true;
  return config;
}

const CASES: Case[] = [
  { name: '1 MB', runs: 30, prepare: (s) => { const t = generateArticle({ targetBytes: MB, seed: 1 }); return () => s.service.analyze(t, { maxFileSize: Infinity }); } },
  { name: '8 MB', runs: 6, prepare: (s) => { const t = generateArticle({ targetBytes: 8 * MB, seed: 8 }); return () => s.service.analyze(t, { maxFileSize: Infinity }); } },
  { name: '1 MB, registries', runs: 15, prepare: (s) => { const t = generateArticle({ targetBytes: MB, seed: 4 }); const config = s.service.parseConfig(registryConfigText()).config; return () => s.service.analyze(t, { maxFileSize: Infinity, config }); } },
  { name: '1 MB, 10,000 actors', runs: 15, prepare: (s) => { const t = generateArticle({ targetBytes: MB, seed: 4 }); const config = { ...s.service.parseConfig(registryConfigText()).config, actors: tenThousand(s).actors }; return () => s.service.analyze(t, { maxFileSize: Infinity, config }); } },
  { name: '1 MB, style wire', runs: 15, prepare: (s) => { const t = generateArticle({ targetBytes: MB, seed: 1 }); const config = s.service.parseConfig('style: wire\n').config; return () => s.service.analyze(t, { maxFileSize: Infinity, config }); } },
  { name: '1 MB, style digest', runs: 15, prepare: (s) => { const t = generateArticle({ targetBytes: MB, seed: 1 }); const config = s.service.parseConfig('style: digest\n').config; return () => s.service.analyze(t, { maxFileSize: Infinity, config }); } },
  {
    name: 'keystroke 20 KB, 10,000 actors',
    runs: 400,
    perCall: true,
    prepare: (s) => {
      const config = tenThousand(s);
      const twenty = generateArticle({ targetBytes: 20 * 1024, seed: 33 });
      const at = twenty.lastIndexOf('. ');
      let i = 0;
      return () => {
        i++;
        s.service.analyze(`${twenty.slice(0, at)} ${String.fromCharCode(97 + (i % 26))}${twenty.slice(at)}`, { config });
      };
    },
  },
  {
    name: 'completion in 1 MB',
    runs: 1000,
    perCall: true,
    prepare: (s) => {
      const config = tenThousand(s);
      const big = generateArticle({ targetBytes: MB, seed: 32 });
      const article = s.service.analyze(big, { config }).article!;
      const index = new s.core.WorkspaceIndex();
      for (let i = 0; i < 50; i++) {
        const summary = s.service.summarize(`file:///ws/${i}.article`, generateArticle({ targetBytes: 4 * 1024, seed: 900 + i }), { config });
        if (summary) index.set(summary);
      }
      const spots = article.mentions.map((m) => m.span.start + 2);
      for (const c of article.body.citations) for (const p of c.parts) spots.push(p.sourceSpan.start + 1);
      let i = 0;
      return () => {
        i = (i * 7919 + 13) % spots.length;
        s.service.complete(big, spots[i], { article, config, workspace: index });
      };
    },
  },
];

async function main(): Promise<void> {
  const before = opt('before');
  if (!before) throw new Error('--before=FILE is required');
  const after = opt('after') ?? (await bundleWorkingTree());
  const req = createRequire(__filename);
  const sides: Side[] = [before, after].map((file) => {
    const core = req(path.resolve(file)) as Core;
    return { core, service: core.createLanguageService({ logger: { log: (m) => process.stderr.write(`CRASH: ${m}\n`) } }) };
  });
  process.stdout.write(`before ${before}\nafter  ${after}\n${os.cpus().length} CPUs, CPU time of this process per run (median, p95)\n`);
  for (const c of CASES) {
    if (only !== undefined && !c.name.toLowerCase().includes(only)) continue;
    const runs = sides.map((s) => c.prepare(s));
    // Warm-up, alternating.
    for (let i = 0; i < Math.min(20, c.runs); i++) for (const run of runs) run();
    gc();
    const load0 = os.loadavg()[0];
    const times: number[][] = [[], []];
    const n = Math.max(3, Math.round(c.runs * runsScale));
    for (let i = 0; i < n; i++) {
      // Alternate which goes first, so neither always runs right after a collection.
      const order = i % 2 ? [1, 0] : [0, 1];
      for (const k of order) {
        const t0 = cpuMs();
        runs[k]();
        times[k].push(cpuMs() - t0);
      }
    }
    const load1 = os.loadavg()[0];
    const fmt = (t: number[]) => {
      const s = [...t].sort((a, b) => a - b);
      return `${quantile(s, 0.5).toFixed(2)} / ${quantile(s, 0.95).toFixed(2)} ms`;
    };
    process.stdout.write(`${c.name.padEnd(34)} before ${fmt(times[0]).padEnd(22)} after ${fmt(times[1]).padEnd(22)} (${n} runs each, load ${load0.toFixed(1)}-${load1.toFixed(1)})\n`);
  }
  if (!opt('after')) rmSync(path.dirname(after), { recursive: true, force: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`CRASH: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
