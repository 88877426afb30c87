/**
 * Keystroke benchmark through the real server (`dist/server.js` over stdio): a 20 KB article open
 * in a workspace whose registry has 10,000 actors. Each keystroke is a `didChange` of one
 * character; measured is the time until `publishDiagnostics` arrives for that version (minus the
 * server's debounce, which is waiting, not work), and the server's CPU time per keystroke. Then
 * completion right after a keystroke: `didChange` and `textDocument/completion` sent together,
 * timed to the answer (the request analyses the new text first).
 *
 *   node --import tsx test/bench/server.ts [--json] [--quick] [--only=server] [--keystrokes=N] [--completions=N] [--warmup=N] [--others=N] [--pauses=N]
 *
 * `--warmup=N` keystrokes first (default 60), untimed.
 *
 * DATELINE_BENCH_SERVER_ARGS adds Node flags to the server (for example `--cpu-prof`).
 *
 * Run from `bench.ts` after the other benchmarks. A missed target prints "MISSED TARGET".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DEBOUNCE_MS } from '../../server/lsp/validator';
import { registryYaml } from './features';
import { generateArticle } from './generate';
import { cpuMsOf, disposeServer, initializeWorkspace, progressEnded, startServer, stopServer } from './index';

/** Analysis of the article after a keystroke, beyond the debounce (the core target is 2 ms; the server adds conversion and transport). */
const TARGET_DIAGNOSTICS_P95_MS = 10;
const TARGET_COMPLETION_P95_MS = 5;

export interface ServerBenchResult {
  actors: number;
  articleBytes: number;
  keystrokes: number;
  /** Keystrokes, then completions, sent first and not timed. */
  warmup: number;
  /** `didChange` to `publishDiagnostics` for that version, minus the debounce. */
  diagnostics: { p50Ms: number; p95Ms: number; maxMs: number };
  /** The server's CPU time per keystroke (mean: the kernel counts it in ticks). */
  serverCpuMsPerKeystroke?: number;
  /** The same by thread: `main`, then helper threads by name (V8's and libuv's, the index's workers). */
  keystrokeThreads: Record<string, number>;
  /**
   * `firstMs`: the session's first completion request (the warm-up's first); `serverCpuMs` and `threads`:
   * the server's CPU time per request (each after its own keystroke).
   */
  completion: { requests: number; p50Ms: number; p95Ms: number; maxMs: number; firstMs: number; serverCpuMs?: number; threads: Record<string, number> };
  /**
   * A word typed before a quotation, then a pause, `pauses` times, with `others` other articles
   * open: how many of them were checked again per pause, and the server's CPU time per pause
   * (the word's five keystrokes, their check, the index's summary and those re-checks).
   */
  typingPauses: { pauses: number; others: number; otherChecksPerPause: number; serverCpuMsPerPause?: number };
  loadAverage: number;
  missed: string[];
}

/** CPU time of the threads of a process by name (`main`, and helpers such as V8's and libuv's), in clock ticks (Linux only). */
function threadTicksOf(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        // Helper threads that never named themselves carry the process's name: the main thread is the one whose id is the process's.
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const name = tid === String(pid) ? 'main' : comm;
        const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
        out.set(name, (out.get(name) ?? 0) + Number(fields[11]) + Number(fields[12]));
      } catch {
        // The thread ended meanwhile.
      }
    }
  } catch {
    // Not Linux, or the process is gone.
  }
  return out;
}

/** Where CPU went between two samples, by thread name, in ms per `per` (the kernel counts in ticks, usually 10 ms). */
function threadDelta(before: Map<string, number>, after: Map<string, number>, per: number): Record<string, number> {
  let hz = 100;
  try {
    hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    // The usual value.
  }
  const out: Record<string, number> = {};
  for (const [name, ticks] of after) {
    const d = ticks - (before.get(name) ?? 0);
    if (d > 0) out[name] = (d * 1000) / hz / per;
  }
  return out;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

function summary(times: number[]): { p50Ms: number; p95Ms: number; maxMs: number } {
  const s = [...times].sort((a, b) => a - b);
  return { p50Ms: quantile(s, 0.5), p95Ms: quantile(s, 0.95), maxMs: s[s.length - 1] ?? NaN };
}

export async function benchServer(argv: readonly string[]): Promise<ServerBenchResult | undefined> {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).toLowerCase();
  if (only !== undefined && !'server keystroke'.includes(only)) return undefined;
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const log = (m: string) => {
    if (!json) process.stderr.write(`${m}\n`);
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dateline-server-bench-'));
  const server = startServer((m) => log(`server: ${m}`));
  const { child, connection } = server;
  try {
    const actors = 10_000;
    writeFileSync(path.join(dir, 'dateline.yaml'), 'actors: actors.yaml\nsources:\n  - name: APA\n  - name: Trend\n  - name: Harbor Wire\n  - name: Nordpress\n');
    writeFileSync(path.join(dir, 'actors.yaml'), registryYaml(actors));
    const base = generateArticle({ targetBytes: 20 * 1024, seed: 33 });
    const file = path.join(dir, 'story.article');
    writeFileSync(file, base);
    const uri = pathToFileURL(file).toString();

    // Publications by version: each keystroke waits for its own.
    const waiting = new Map<number, () => void>();
    /** Publications for the other open articles. */
    let otherPublications = 0;
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
      if (p.uri !== uri) otherPublications++;
      if (p.uri !== uri || p.version === undefined) return;
      waiting.get(p.version)?.();
      waiting.delete(p.version);
    });
    const published = (version: number) => new Promise<void>((resolve) => waiting.set(version, resolve));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    // The workspace index builds in the background after `initialized`: keystrokes are timed once it is done.
    const indexDone = progressEnded(connection);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    // Completion as VS Code's client declares it: cards on resolve, one edit range for the list.
    await initializeWorkspace(connection, dir, {
      publishDiagnostics: { versionSupport: true },
      completion: {
        completionItem: { snippetSupport: true, labelDetailsSupport: true, resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
        completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
      },
    });
    await connection.sendNotification('initialized', {});
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([indexDone, new Promise((resolve) => (giveUp = setTimeout(resolve, 120_000)))]);
    clearTimeout(giveUp);
    log(`server: opening a 20 KB article with ${actors} actors`);
    let version = 1;
    const first = published(version);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'article', version, text: base } });
    await first;

    // Typing near the end of the article: one character inserted each time, at a moving spot.
    const lines = base.split('\n');
    const line = lines.length - 2;
    let character = Math.max(0, lines[line].lastIndexOf('. ') + 1);
    const type = async (ch: string) => {
      version++;
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
      });
      character++;
    };
    const count = (name: string, fallback: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
    const keystrokes = count('keystrokes', quick ? 20 : 60);
    // Keystrokes first, so the server's code is warm: V8 optimises a function after enough calls, and
    // each keystroke calls the analysis once, so the first few dozen also pay for the optimising
    // compiler (on V8's helper threads). `--warmup=5` shows the cost just after opening.
    const warmup = count('warmup', quick ? 20 : 60);
    for (let i = 0; i < warmup; i++) {
      const done = published(version + 1);
      await type(' ');
      await done;
    }
    const latencies: number[] = [];
    const cpu0 = cpuMsOf(child.pid!);
    const threads0 = threadTicksOf(child.pid!);
    for (let i = 0; i < keystrokes; i++) {
      const done = published(version + 1);
      const t0 = performance.now();
      await type(String.fromCharCode(97 + (i % 26)));
      await done;
      latencies.push(performance.now() - t0 - DEBOUNCE_MS);
    }
    const cpu1 = cpuMsOf(child.pid!);
    const keystrokeThreads = threadDelta(threads0, threadTicksOf(child.pid!), keystrokes);
    // Idle time between keystrokes costs no CPU, so the difference is the keystrokes' work.
    const serverCpuMsPerKeystroke = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / keystrokes : undefined;

    log('server: completion right after a keystroke');
    const completions: number[] = [];
    const requests = count('completions', quick ? 40 : 150);
    // A name being typed at a sentence start: `A`, `An`, `Ant`, ... and a citation source.
    const typed = ['A', 'n', 't', ' ', 'S', 'o', 'f', ' ', '(', 'A', 'P', ')', ' '];
    character = lines[line].length;
    let firstCompletionMs = NaN;
    let completionCpu0 = cpuMsOf(child.pid!);
    let completionThreads0 = threadTicksOf(child.pid!);
    // The first `warmup` requests warm completion's own code, untimed.
    for (let i = -warmup; i < requests; i++) {
      if (i === 0) {
        completionCpu0 = cpuMsOf(child.pid!);
        completionThreads0 = threadTicksOf(child.pid!);
      }
      const ch = typed[(i + warmup) % typed.length];
      const t0 = performance.now();
      const change = type(ch);
      const answer = connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: character + 1 } });
      await change;
      await answer;
      if (i === -warmup) firstCompletionMs = performance.now() - t0;
      if (i >= 0) completions.push(performance.now() - t0);
    }
    const completionCpu1 = cpuMsOf(child.pid!);
    const completionThreads = threadDelta(completionThreads0, threadTicksOf(child.pid!), requests);
    const completionCpuMs = completionCpu0 !== undefined && completionCpu1 !== undefined ? (completionCpu1 - completionCpu0) / requests : undefined;

    // Typing with pauses while other articles are open: after each pause the index takes the
    // article's new summary, and open articles its quotations may concern are checked again.
    log('server: typing with pauses, other articles open');
    const others = count('others', quick ? 2 : 5);
    for (let k = 0; k < others; k++) {
      const other = pathToFileURL(path.join(dir, `other-${k}.article`)).toString();
      // Two words more at the start of each quotation: the generator draws from one pool of quotations,
      // and articles of one newsroom seldom share theirs, so these have no quote-conflict with the story.
      const words = `Quayside${String.fromCharCode(97 + k)} Northgate${String.fromCharCode(97 + k)} `;
      const text = generateArticle({ targetBytes: 20 * 1024, seed: 100 + k }).replace(/“/g, `“${words}`);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'article', version: 1, text } });
    }
    // Until nothing more is published: the openings' own checks and re-checks are not counted.
    const settle = async () => {
      let seen = -1;
      while (seen !== otherPublications) {
        seen = otherPublications;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    await settle();
    // At the start of a body line that holds a quotation: typing there moves it.
    const quoteLine = lines.findIndex((l, i) => i > 3 && /[“"]/.test(l));
    const pauses = count('pauses', quick ? 4 : 10);
    const pauseCpu0 = cpuMsOf(child.pid!);
    const publications0 = otherPublications;
    for (let i = 0; i < pauses; i++) {
      for (const ch of 'Then ') {
        version++;
        await connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: { start: { line: quoteLine, character: 0 }, end: { line: quoteLine, character: 0 } }, text: ch }],
        });
      }
      // Longer than the index's pause (250 ms), its quotation pause (300 ms) and the debounce.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await settle();
    const pauseCpu1 = cpuMsOf(child.pid!);
    const typingPauses = {
      pauses,
      others,
      otherChecksPerPause: (otherPublications - publications0) / pauses,
      serverCpuMsPerPause: pauseCpu0 !== undefined && pauseCpu1 !== undefined ? (pauseCpu1 - pauseCpu0) / pauses : undefined,
    };

    const loadAverage = os.loadavg()[0];
    const diagnostics = summary(latencies);
    const completion = { requests, ...summary(completions), firstMs: firstCompletionMs, serverCpuMs: completionCpuMs, threads: completionThreads };
    const missed: string[] = [];
    if (diagnostics.p95Ms > TARGET_DIAGNOSTICS_P95_MS) missed.push(`server keystroke -> diagnostics p95 ${diagnostics.p95Ms.toFixed(1)} ms beyond the debounce`);
    if (completion.p95Ms > TARGET_COMPLETION_P95_MS) missed.push(`server completion after a keystroke p95 ${completion.p95Ms.toFixed(1)} ms`);
    const result: ServerBenchResult = { actors, articleBytes: Buffer.byteLength(base), keystrokes, warmup, diagnostics, serverCpuMsPerKeystroke, keystrokeThreads, completion, typingPauses, loadAverage, missed };

    await stopServer(server);
    print(result, json);
    return result;
  } finally {
    disposeServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

function threads(byName: Record<string, number>): string {
  const parts = Object.entries(byName).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${ms.toFixed(2)}`);
  return parts.length ? parts.join(', ') : 'none';
}

function print(r: ServerBenchResult, json: boolean): void {
  if (json) {
    process.stderr.write(`${JSON.stringify({ server: r }, null, 2)}\n`);
    return;
  }
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  const out = [
    '',
    `Keystrokes through the server: a ${(r.articleBytes / 1024).toFixed(0)} KB article, ${r.actors} actors, load average ${r.loadAverage.toFixed(1)} on ${os.cpus().length} CPUs`,
    `  didChange -> publishDiagnostics, beyond the ${DEBOUNCE_MS} ms debounce: p50 ${ms(r.diagnostics.p50Ms)} ms, p95 ${ms(r.diagnostics.p95Ms)} ms, max ${ms(r.diagnostics.maxMs)} ms (${r.keystrokes} keystrokes after ${r.warmup} untimed; target p95 <= ${TARGET_DIAGNOSTICS_P95_MS} ms)`,
    `  server CPU time per keystroke: ${r.serverCpuMsPerKeystroke === undefined ? '?' : ms(r.serverCpuMsPerKeystroke)} ms (mean; by thread: ${threads(r.keystrokeThreads)})`,
    `  completion right after a keystroke: p50 ${ms(r.completion.p50Ms)} ms, p95 ${ms(r.completion.p95Ms)} ms, max ${ms(r.completion.maxMs)} ms (${r.completion.requests} requests after ${r.warmup} untimed; target p95 <= ${TARGET_COMPLETION_P95_MS} ms); the session's first: ${ms(r.completion.firstMs)} ms`,
    `  server CPU time per completion with its keystroke: ${r.completion.serverCpuMs === undefined ? '?' : ms(r.completion.serverCpuMs)} ms (mean; by thread: ${threads(r.completion.threads)})`,
    ...(r.typingPauses.pauses === 0 ? [] : [`  typing a word before a quotation, then pausing, with ${r.typingPauses.others} other articles open: ${r.typingPauses.otherChecksPerPause.toFixed(1)} of them checked again per pause; server CPU time per pause ${r.typingPauses.serverCpuMsPerPause === undefined ? '?' : ms(r.typingPauses.serverCpuMsPerPause)} ms (${r.typingPauses.pauses} pauses)`]),
  ];
  for (const m of r.missed) out.push(`MISSED TARGET: ${m}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  benchServer(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`CRASH: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}
