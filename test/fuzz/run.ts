/**
 * The long fuzz run: every robustness property with random article-like inputs, then the
 * adversarial inputs of the core benchmark at full size, timed.
 *
 *   npm run fuzz [-- --iterations N] [--seed S] [--jobs J] [--only analysis,config] [--no-adversarial]
 *
 * Iterations (default 1,000,000 in total) are shared out by each property's weight and split over
 * J worker processes (default: one per CPU, at most 4). A failing input is shrunk by fast-check and
 * saved to test/fixtures/regressions/, where the unit tests replay it. Exit 1 when a property failed.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { createLanguageService } from '../../server/core/index';
import { ADVERSARIAL } from './adversarial';
import { PROPERTIES, propertyByName } from './properties';
import { saveRegression } from './regressions';

const TARGET_ADVERSARIAL_MS = 100;
/** Runs per fast-check call: each call reports progress and gets its own seed. */
const BATCH = 5_000;
/** After this many failures of one property in one worker, its other batches are skipped: they tend to repeat. */
const MAX_FAILURES = 3;

interface Options {
  iterations: number;
  seed: number;
  jobs: number;
  only?: string[];
  adversarial: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { iterations: 1_000_000, seed: Date.now() % 2_147_483_647, jobs: Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length)), adversarial: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--iterations') opts.iterations = positive(value(), arg);
    else if (arg === '--seed') opts.seed = Number(value());
    else if (arg === '--jobs') opts.jobs = positive(value(), arg);
    else if (arg === '--only') opts.only = value().split(',');
    else if (arg === '--no-adversarial') opts.adversarial = false;
    else usage(`unknown argument ${arg}`);
  }
  for (const name of opts.only ?? []) if (!propertyByName(name)) usage(`unknown property ${name}; known: ${PROPERTIES.map((p) => p.name).join(', ')}`);
  return opts;
}

function positive(v: string, arg: string): number {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) usage(`${arg} takes a positive integer`);
  return n;
}

function usage(message: string): never {
  console.error(`fuzz: ${message}\nusage: npm run fuzz -- [--iterations N] [--seed S] [--jobs J] [--only NAMES] [--no-adversarial]`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Workers: each runs its share of every property and reports back over IPC.

interface Task {
  property: string;
  runs: number;
  seed: number;
}

type WorkerMessage =
  | { kind: 'progress'; property: string; runs: number; ms: number }
  | { kind: 'failure'; property: string; file: string; error: string }
  | { kind: 'done' };

function runWorker(tasks: readonly Task[]): void {
  const send = (m: WorkerMessage) => process.send!(m);
  for (const task of tasks) {
    const property = propertyByName(task.property)!;
    let failures = 0;
    for (let done = 0, batch = 0; done < task.runs; batch++) {
      const runs = Math.min(BATCH, task.runs - done);
      const seed = (task.seed + batch * 7919) | 0;
      const started = performance.now();
      if (failures < MAX_FAILURES) {
        const details = fc.check(fc.property(property.arbitrary, (input) => property.check(input)), { numRuns: runs, seed });
        if (details.failed && details.counterexample) {
          failures++;
          const error = String((details.errorInstance as Error)?.message ?? details.errorInstance).split('\n')[0];
          const file = saveRegression({ property: property.name, input: details.counterexample[0], error, seed, path: details.counterexamplePath ?? undefined });
          send({ kind: 'failure', property: property.name, file, error });
        }
        // A failed batch stops at its failure; the rest of its runs count as skipped, not run.
        done += details.failed ? details.numRuns : runs;
        send({ kind: 'progress', property: property.name, runs: details.failed ? details.numRuns : runs, ms: performance.now() - started });
      } else {
        done += runs;
      }
    }
  }
  send({ kind: 'done' });
}

// ---------------------------------------------------------------------------------------------
// The parent: shares out the work, prints progress and the figures.

interface Tally {
  runs: number;
  ms: number;
  failures: string[];
  planned: number;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const chosen = PROPERTIES.filter((p) => !opts.only || opts.only.includes(p.name));
  const weights = chosen.reduce((s, p) => s + p.weight, 0);
  const tally = new Map<string, Tally>(chosen.map((p) => [p.name, { runs: 0, ms: 0, failures: [], planned: Math.ceil((opts.iterations * p.weight) / weights) }]));
  console.log(`fuzz: ${opts.iterations.toLocaleString('en')} iterations over ${chosen.length} properties, ${opts.jobs} jobs, seed ${opts.seed}`);
  const started = performance.now();
  const workers: Promise<void>[] = [];
  for (let j = 0; j < opts.jobs; j++) {
    const tasks: Task[] = chosen.map((p, k) => {
      const planned = tally.get(p.name)!.planned;
      const share = Math.floor(planned / opts.jobs) + (j < planned % opts.jobs ? 1 : 0);
      return { property: p.name, runs: share, seed: (opts.seed + j * 1_000_003 + k * 104_729) | 0 };
    });
    workers.push(startWorker(tasks, tally));
  }
  let lastPrint = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - lastPrint < 9_500) return;
    lastPrint = now;
    const parts = [...tally].map(([name, t]) => `${name} ${Math.round((100 * t.runs) / Math.max(1, t.planned))}%`);
    console.log(`  ${((now - started) / 1000).toFixed(0)} s: ${parts.join(', ')}`);
  }, 1000);
  await Promise.all(workers);
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;

  let total = 0;
  let failed = 0;
  console.log('\nproperty       iterations   µs/iteration   failures');
  for (const [name, t] of tally) {
    total += t.runs;
    failed += t.failures.length;
    console.log(`${name.padEnd(14)} ${t.runs.toLocaleString('en').padStart(10)}   ${((1000 * t.ms) / Math.max(1, t.runs)).toFixed(0).padStart(12)}   ${t.failures.length}`);
    for (const f of t.failures) console.log(`    ${f}`);
  }
  console.log(`fuzz: ${total.toLocaleString('en')} iterations in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s), ${failed} failures`);

  if (opts.adversarial) timeAdversarial();
  process.exitCode = failed ? 1 : 0;
}

function startWorker(tasks: readonly Task[], tally: Map<string, Tally>): Promise<void> {
  return new Promise((resolve, reject) => {
    // The same loader and flags as this process; --no-warnings hides the YAML library's notes on odd keys.
    const child = fork(__filename, ['--worker', JSON.stringify(tasks)], { execArgv: [...process.execArgv, '--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let done = false;
    child.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') {
        const t = tally.get(m.property)!;
        t.runs += m.runs;
        t.ms += m.ms;
      } else if (m.kind === 'failure') {
        tally.get(m.property)!.failures.push(`${m.error} -> ${m.file}`);
        console.log(`FAILED ${m.property}: ${m.error}\n  saved ${m.file}`);
      } else done = true;
    });
    child.on('exit', (code) => (done && code === 0 ? resolve() : reject(new Error(`fuzz worker exited with code ${code}`))));
  });
}

/**
 * The benchmark's adversarial inputs at full size: each analysed in at most 100 ms (median of 5).
 * The outline (document symbols, which looks for speakers around quotations) is timed beside it.
 */
function timeAdversarial(): void {
  const logged: string[] = [];
  const service = createLanguageService({ logger: { log: (m) => logged.push(m) } });
  const median = (run: () => void) => {
    run();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[2];
  };
  console.log(`\nadversarial inputs (target <= ${TARGET_ADVERSARIAL_MS} ms each, median of 5 runs after a warm-up):`);
  console.log('        analyse   outline  findings');
  let over = 0;
  for (const c of ADVERSARIAL) {
    const text = c.build(c.units);
    const opts = { flavor: c.flavor ?? ('article' as const) };
    let findings = 0;
    const ms = median(() => void (findings = service.analyze(text, opts).findings.length));
    const article = service.analyze(text, opts).article;
    const outline = median(() => void service.documentSymbols(text, { ...opts, article }));
    const ok = ms <= TARGET_ADVERSARIAL_MS && outline <= TARGET_ADVERSARIAL_MS;
    if (!ok) over++;
    console.log(`  ${ok ? 'ok  ' : 'OVER'} ${ms.toFixed(1).padStart(7)} ms ${outline.toFixed(1).padStart(7)} ms ${String(findings).padStart(8)}  ${c.name} (${text.length.toLocaleString('en')} chars)`);
  }
  console.log(`adversarial: ${ADVERSARIAL.length - over} of ${ADVERSARIAL.length} within ${TARGET_ADVERSARIAL_MS} ms${logged.length ? `; ${logged.length} analyses threw` : ''}`);
  if (logged.length) process.exitCode = 1;
}

if (process.argv[2] === '--worker') runWorker(JSON.parse(process.argv[3]) as Task[]);
else void main();
