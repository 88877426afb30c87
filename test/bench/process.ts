/**
 * Whole-process benchmarks of `dist/cli.js`, start-up included, each next to a comparison measured
 * in the same run with the runs interleaved, so that other load on the machine hits both alike:
 *
 * - one 1 MB and one 8 MB article, next to a floor: a Node process that reads the same file and
 *   scans it with one regular expression;
 * - 10,000 small articles on one thread and on the worker pool (threads as the CLI reports them);
 * - one 20 KB article with a registry of 10,000 actors.
 *
 *   node --import tsx test/bench/process.ts [--quick] [--only=TEXT]
 *
 * Run from `bench.ts` after the other benchmarks. A missed target prints "MISSED TARGET".
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { registryYaml } from './features';
import { generateArticle } from './generate';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const MB = 1024 * 1024;
/** At 8 MB the CLI's time per MB is at most this many times the floor's. */
const TARGET_FLOOR_RATIO = 2;
/** 1 MB costs at most this much more than start-up. */
const TARGET_1MB_ABOVE_STARTUP_MS = 30;
/** The pool against one thread on 10,000 small articles. */
const TARGET_POOL_SPEEDUP = 1.7;

/** The floor: read the file and scan it once with a regular expression, as little as any checker must do. */
const FLOOR_SCRIPT = `const t=require('fs').readFileSync(process.argv[1],'utf8');const re=/[\\u201c\\u201d"().!?]/g;let n=0;while(re.exec(t))n++;if(n<0)console.log(n);`;

interface Run {
  ms: number;
  code: number | null;
  stderr: string;
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, code, stderr }));
  });
}

/** Runs each command `runs` times, interleaved; the median wall time of each. */
async function paired(commands: { args: string[]; cwd: string; env?: Record<string, string> }[], runs: number): Promise<{ medians: number[]; last: Run[] }> {
  const times = commands.map((): number[] => []);
  let last: Run[] = [];
  for (let r = 0; r < runs; r++) {
    last = [];
    for (let k = 0; k < commands.length; k++) {
      const c = commands[k];
      const result = await run(c.args, c.cwd, c.env);
      if (result.code !== 0 && result.code !== 1) throw new Error(`${c.args.join(' ')} exited ${result.code}: ${result.stderr.slice(0, 300)}`);
      times[k].push(result.ms);
      last.push(result);
    }
  }
  return { medians: times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]), last };
}

export async function benchProcesses(argv: readonly string[]): Promise<{ missed: string[] } | undefined> {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).toLowerCase();
  if (only !== undefined && !'whole process cli'.includes(only)) return undefined;
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const runs = quick ? 3 : 7;
  const missed: string[] = [];
  const out: string[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dateline-process-bench-'));
  const load0 = os.loadavg()[0];
  try {
    // 1. Per MB, against the floor.
    log('process: writing 1 MB and 8 MB articles');
    const tiny = path.join(dir, 'tiny.article');
    writeFileSync(tiny, generateArticle({ targetBytes: 1024, seed: 70 }));
    const files: Record<string, string> = {};
    for (const [name, bytes] of [['1 MB', MB], ['8 MB', 8 * MB]] as const) {
      files[name] = path.join(dir, `${name.replace(' ', '')}.article`);
      writeFileSync(files[name], generateArticle({ targetBytes: bytes, seed: 71 }));
    }
    log('process: CLI and floor at 1 and 8 MB');
    // Over the default 5 MB limit the 8 MB file would be skipped, not checked.
    const cli = (file: string) => ({ args: [CLI, 'check', file, '--format', 'json', '--max-file-size', String(16 * MB)], cwd: dir });
    const floor = (file: string) => ({ args: ['-e', FLOOR_SCRIPT, file], cwd: dir });
    const { medians } = await paired([cli(tiny), cli(files['1 MB']), cli(files['8 MB']), { args: ['-e', '0'], cwd: dir }, floor(files['1 MB']), floor(files['8 MB'])], runs);
    const [start, one, eight, nodeStart, floorOne, floorEight] = medians;
    const perMb = (eight - start) / 8;
    const floorPerMb = (floorEight - nodeStart) / 8;
    const ratio = perMb / Math.max(floorPerMb, 1e-6);
    const oneAbove = one - start;
    if (ratio > TARGET_FLOOR_RATIO) missed.push(`CLI at 8 MB: ${perMb.toFixed(1)} ms/MB, ${ratio.toFixed(1)}x the floor's ${floorPerMb.toFixed(1)} ms/MB`);
    if (oneAbove > TARGET_1MB_ABOVE_STARTUP_MS) missed.push(`CLI at 1 MB: ${oneAbove.toFixed(0)} ms above start-up`);
    out.push(
      `Whole process, wall ms (median of ${runs} interleaved runs): CLI start-up (1 KB article) ${start.toFixed(0)}, Node start-up ${nodeStart.toFixed(0)}`,
      `  1 MB: CLI ${one.toFixed(0)} (${oneAbove.toFixed(0)} above start-up; target <= ${TARGET_1MB_ABOVE_STARTUP_MS}: ${oneAbove <= TARGET_1MB_ABOVE_STARTUP_MS ? 'ok' : 'MISSED TARGET'}), floor ${floorOne.toFixed(0)} (${(floorOne - nodeStart).toFixed(0)} above Node start-up)`,
      `  8 MB: CLI ${eight.toFixed(0)} = ${perMb.toFixed(1)} ms/MB above start-up; floor ${floorEight.toFixed(0)} = ${floorPerMb.toFixed(1)} ms/MB; ${ratio.toFixed(2)}x the floor (target <= ${TARGET_FLOOR_RATIO}: ${ratio <= TARGET_FLOOR_RATIO ? 'ok' : 'MISSED TARGET'})`,
    );

    // 2. Many small articles: the pool against one thread.
    const count = quick ? 2000 : 10_000;
    log(`process: writing ${count} small articles`);
    const many = path.join(dir, 'many');
    for (let i = 0; i < count; i++) {
      const markdown = i % 10 === 9;
      const sub = path.join(many, `desk-${i % 20}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `a-${i}.${markdown ? 'md' : 'article'}`), generateArticle({ targetBytes: 600, seed: 80_000 + i, flavor: markdown ? 'markdown' : 'article' }));
    }
    log('process: many files on one thread and on the pool');
    const manyRuns = quick ? 2 : 5;
    const stats = { DATELINE_CLI_STATS: '1' };
    const pool = await paired([
      { args: [CLI, 'check', many, '--format', 'json'], cwd: dir, env: { ...stats, DATELINE_CLI_WORKERS: '0' } },
      // The pool as on an idle machine: the CLI starts no workers while the cores are busy.
      { args: [CLI, 'check', many, '--format', 'json'], cwd: dir, env: { ...stats, DATELINE_CLI_WORKERS: String(Math.max(1, Math.min(os.availableParallelism() - 1, 3))) } },
    ], manyRuns);
    const threads = /on (\d+) threads?/.exec(pool.last[1].stderr)?.[1] ?? '?';
    const speedup = pool.medians[0] / pool.medians[1];
    if (speedup < TARGET_POOL_SPEEDUP) missed.push(`${count} small articles: the pool is ${speedup.toFixed(2)}x one thread`);
    out.push(
      `${count} small articles (${manyRuns} interleaved runs): one thread ${pool.medians[0].toFixed(0)} ms, the pool (${threads} threads) ${pool.medians[1].toFixed(0)} ms: ${speedup.toFixed(2)}x (target >= ${TARGET_POOL_SPEEDUP}: ${speedup >= TARGET_POOL_SPEEDUP ? 'ok' : 'MISSED TARGET'})`,
    );

    // 3. One article with a big registry.
    log('process: one 20 KB article with 10,000 actors');
    const desk = path.join(dir, 'registry');
    mkdirSync(desk);
    writeFileSync(path.join(desk, 'dateline.yaml'), 'actors: actors.yaml\n');
    writeFileSync(path.join(desk, 'actors.yaml'), registryYaml(10_000));
    writeFileSync(path.join(desk, 'story.article'), generateArticle({ targetBytes: 20 * 1024, seed: 90 }));
    const withRegistry = await paired([{ args: [CLI, 'check', 'story.article', '--format', 'json'], cwd: desk }, { args: [CLI, 'check', tiny, '--format', 'json'], cwd: dir }], runs);
    out.push(`One 20 KB article with 10,000 actors: ${withRegistry.medians[0].toFixed(0)} ms (start-up without a registry ${withRegistry.medians[1].toFixed(0)} ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const load1 = os.loadavg()[0];
  process.stdout.write(`\n${out.join('\n')}\nLoad average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after, on ${os.cpus().length} cores.\n`);
  if (missed.length) process.stdout.write(`MISSED TARGET:\n${missed.map((m) => `  - ${m}`).join('\n')}\n`);
  return { missed };
}

if (require.main === module) {
  benchProcesses(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`CRASH: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}
