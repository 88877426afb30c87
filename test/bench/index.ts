/**
 * Workspace index benchmark: the real server (`dist/server.js` over stdio) indexes a folder of
 * generated articles with actor mentions: 10,000 against a registry of a few hundred actors, the
 * same against 10,000 actors, and 100,000 small articles without a registry.
 *
 * Measured: the time from `initialized` until the indexing progress ends, the server's resident
 * memory afterwards, how long requests wait while the index builds, and references, workspace
 * symbols and rename on the full index.
 *
 *   node --import tsx test/bench/index.ts [--json] [--quick] [--only=TEXT]
 *
 * DATELINE_BENCH_SERVER_ARGS adds Node flags to the server (for example `--cpu-prof`).
 *
 * Run from `bench.ts` after the other benchmarks. A missed target prints "MISSED TARGET".
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  type Location,
  type ProtocolConnection,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { bundle } from '../support/build';
import { registryYaml } from './features';
import { generateArticle, Random } from './generate';

const TARGET_INDEX_MS = 3000;
const TARGET_RSS_MB = 250;
const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');

const FIRST = ['Arvid', 'Belen', 'Cosmin', 'Dagny', 'Emre', 'Fenna', 'Goran', 'Hedda', 'Ilkka', 'Jovana', 'Kaito', 'Lisette', 'Matej', 'Nuria', 'Olek', 'Pilar', 'Quentin', 'Rasa'];
const LAST = ['Aldane', 'Brisk', 'Corvell', 'Dastan', 'Ebbe', 'Fallon', 'Gastrell', 'Hollow', 'Ingvar', 'Jarsk', 'Kovane', 'Lunde', 'Morrow', 'Nesbit', 'Orvik', 'Pell', 'Quarry', 'Rydel'];
/** Names the article generator writes, so its prose has mentions too. */
const GENERATED_PEOPLE = ['Anton Vesk', 'Irena Dvořák', 'Mikko Saarinen', 'Sofia Brandt', 'Rustam Ablayev', 'Pavel Strnad', 'Tomasz Ulven', 'Grigor Melikyan'];
const GENERATED_ORGS = ['NATO', 'OSCE', 'Gosenergo', 'Caspian Forum', 'World Bank'];

interface Registry {
  yaml: string;
  people: { id: string; name: string; surname: string }[];
  count: number;
}

/** About 300 actors: invented people (each with a title alias), plus the generator's names; `extra` more from the features benchmark's generator. */
function registry(extra: number): Registry {
  const people: Registry['people'] = [];
  const entries: string[] = ['# Generated for the workspace index benchmark.'];
  for (const first of FIRST) {
    for (const last of LAST.slice(0, 16)) {
      const name = `${first} ${last}`;
      const id = name.toLowerCase().replace(/ /g, '-');
      people.push({ id, name, surname: last });
      entries.push(`- id: ${id}\n  name: ${name}\n  kind: person\n  aliases: [Commissioner ${name}]\n  roles:\n    - title: Commissioner\n      from: 2004-01-01`);
    }
  }
  for (const name of GENERATED_PEOPLE) entries.push(`- id: ${name.toLowerCase().replace(/ /g, '-')}\n  name: ${name}\n  kind: person`);
  for (const name of GENERATED_ORGS) entries.push(`- id: ${name.toLowerCase().replace(/ /g, '-')}\n  name: ${name}\n  kind: organization`);
  const more = extra > 0 ? `\n${registryYaml(extra)}` : '';
  return { yaml: `${entries.join('\n\n')}\n${more}`, people, count: people.length + GENERATED_PEOPLE.length + GENERATED_ORGS.length + extra };
}

/** Writes `count` articles of about `articleBytes` in ten folders; each names a handful of registry people. */
function writeCorpus(dir: string, count: number, reg: Registry, articleBytes: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const r = new Random(50_000 + i);
    const markdown = i % 10 === 9;
    const eol = i % 4 === 3 ? '\r\n' : '\n';
    const named: string[] = [];
    for (let k = 0; k < 6; k++) {
      const p = r.pick(reg.people);
      named.push(`${p.name} ${r.pick(['spoke', 'objected', 'agreed', 'left early'])}, and ${p.surname} ${r.pick(['said little', 'took questions', 'was not asked'])}.`);
    }
    const extra = `${eol}${eol}${named.join(' ')}${eol}`;
    const text = generateArticle({ targetBytes: Math.max(200, articleBytes - extra.length), seed: 20_000 + i, eol, flavor: markdown ? 'markdown' : 'article' }) + extra;
    const sub = path.join(dir, `desk-${i % 10}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `story-${String(i).padStart(5, '0')}.${markdown ? 'md' : 'article'}`), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

export function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Resident and peak memory of a process, from /proc (Linux only). */
function memoryOf(pid: number): { rssMb?: number; peakMb?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return {};
  }
}

/** CPU time a process has used, user plus system, in ms (Linux only): wall time also counts other load. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export interface BenchServer {
  child: ChildProcess;
  connection: ProtocolConnection;
  stderr: string[];
}

/** Initializes the server on a trusted workspace folder `dir` that shows work-done progress; the folder's URI. */
export async function initializeWorkspace(connection: ProtocolConnection, dir: string, textDocument: object): Promise<string> {
  const rootUri = pathToFileURL(dir).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: { window: { workDoneProgress: true }, textDocument },
    initializationOptions: { workspaceTrusted: true },
  });
  return rootUri;
}

/** Resolves when work-done progress the server starts ends: the workspace index's build. Set up before `initialize`. */
export function progressEnded(connection: ProtocolConnection): Promise<void> {
  return new Promise<void>((resolve) => {
    connection.onRequest('window/workDoneProgress/create', ({ token }: { token: string }) => {
      connection.onProgress(WorkDoneProgress.type, token, (value) => {
        if (value.kind === 'end') resolve();
      });
      return null;
    });
  });
}

/**
 * The built server over stdio, bundled first when the sources are newer; DATELINE_BENCH_SERVER_ARGS
 * adds Node flags, DATELINE_BENCH_SERVER names another bundle (one built from an older commit, to compare).
 */
export function startServer(log: (m: string) => void): BenchServer {
  const other = process.env.DATELINE_BENCH_SERVER;
  if (!other && (!existsSync(SERVER) || statSync(SERVER).mtimeMs < newestSource(path.join(ROOT, 'server')))) {
    log('bundling dist/server.js');
    bundle('server/server.ts', 'dist/server.js');
  }
  // Extra Node flags for the server, such as `--cpu-prof` when looking for where the time goes.
  const nodeArgs = process.env.DATELINE_BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, other ? path.resolve(other) : SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (d) => stderr.push(String(d)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  return { child, connection, stderr };
}

/** Shuts the server down as a client does; what it wrote about errors fails the benchmark. */
export async function stopServer({ child, connection, stderr }: BenchServer): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await exited;
  const errors = stderr.filter((l) => /Error|failed/.test(l));
  if (errors.length) throw new Error(`the server reported: ${errors.join(' | ').slice(0, 500)}`);
}

/** Whatever happened: the connection closed and the process gone. */
export function disposeServer({ child, connection }: BenchServer): void {
  connection.dispose();
  child.kill();
}

export interface IndexBenchResult {
  name: string;
  targetMs: number;
  targetRssMb: number;
  files: number;
  bytes: number;
  actors: number;
  indexMs: number;
  /** The server's CPU time over the same period. */
  indexCpuMs?: number;
  /** Load average over the last minute when indexing ended: other work on the machine stretches wall times. */
  loadAverage: number;
  rssMb?: number;
  peakRssMb?: number;
  /** Round trips of small requests sent every 20 ms while the index was building. */
  waitWhileBuilding: { requests: number; medianMs: number; maxMs: number };
  referencesMs: number;
  references: number;
  symbolsMs: number;
  symbols: number;
  renameMs: number;
  renameFiles: number;
  renameEdits: number;
  met: { index: boolean; rss?: boolean };
}

interface IndexCase {
  name: string;
  files: number;
  articleBytes: number;
  /** Actors besides the ~300 the articles name; undefined: no registry at all. */
  extraActors?: number;
  targetMs: number;
  targetRssMb: number;
}

const CASES: IndexCase[] = [
  { name: 'workspace index', files: 10_000, articleBytes: 5 * 1024, extraActors: 0, targetMs: TARGET_INDEX_MS, targetRssMb: TARGET_RSS_MB },
  { name: 'workspace index, 10,000 actors', files: 10_000, articleBytes: 5 * 1024, extraActors: 9_700, targetMs: TARGET_INDEX_MS, targetRssMb: TARGET_RSS_MB },
  { name: 'workspace index, 100,000 small articles', files: 100_000, articleBytes: 600, targetMs: 15_000, targetRssMb: 500 },
];

export async function benchWorkspaceIndex(argv: readonly string[]): Promise<IndexBenchResult[]> {
  // `--only=TEXT` runs the cases whose name contains TEXT ("workspace index" runs them all).
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const results: IndexBenchResult[] = [];
  for (const c of CASES) {
    if (only !== undefined && !c.name.includes(only)) continue;
    results.push(await indexCase(c, argv));
  }
  return results;
}

async function indexCase(c: IndexCase, argv: readonly string[]): Promise<IndexBenchResult> {
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const log = (m: string) => {
    if (!json) process.stderr.write(`${m}\n`);
  };
  const files = quick ? c.files / 5 : c.files;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dateline-index-bench-'));
  const { child, connection, stderr } = startServer((m) => log(`index: ${m}`));
  try {
    const withRegistry = c.extraActors !== undefined;
    const reg = registry(c.extraActors ?? 0);
    writeFileSync(path.join(dir, 'dateline.yaml'), `${withRegistry ? 'actors: actors.yaml\n' : ''}sources:\n  - name: APA\n  - name: Trend\n`);
    if (withRegistry) writeFileSync(path.join(dir, 'actors.yaml'), reg.yaml);
    log(`index: writing ${files} articles (${c.name})`);
    const bytes = writeCorpus(dir, files, reg, c.articleBytes);

    const end = progressEnded(connection);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    connection.listen();
    const rootUri = await initializeWorkspace(connection, dir, {});

    log('index: indexing through the server');
    const cpu0 = cpuMsOf(child.pid!);
    const t0 = performance.now();
    await connection.sendNotification('initialized', {});
    // Small requests while the index builds: how long the writer would wait for an answer.
    const waits: number[] = [];
    let building = true;
    const probe = (async () => {
      while (building) {
        const s = performance.now();
        await connection.sendRequest('dateline/articleStats', { uri: `${rootUri}/not-open.article` });
        waits.push(performance.now() - s);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await end;
    const indexMs = performance.now() - t0;
    const cpu1 = cpuMsOf(child.pid!);
    const loadAverage = os.loadavg()[0];
    building = false;
    await probe;
    const memory = memoryOf(child.pid!);

    // References of the actor in the registry's first entry, from the registry.
    const registryUri = pathToFileURL(path.join(dir, 'actors.yaml')).toString();
    const nameLine = reg.yaml.split('\n').findIndex((l) => l.startsWith('  name: '));
    let s = performance.now();
    const refs = withRegistry
      ? ((await connection.sendRequest('textDocument/references', {
          textDocument: { uri: registryUri },
          position: { line: nameLine, character: 10 },
          context: { includeDeclaration: true },
        })) as Location[])
      : [];
    const referencesMs = performance.now() - s;
    s = performance.now();
    const symbols = (await connection.sendRequest('workspace/symbol', { query: 'corv' })) as unknown[];
    const symbolsMs = performance.now() - s;
    s = performance.now();
    const edit = withRegistry
      ? ((await connection.sendRequest('textDocument/rename', {
          textDocument: { uri: registryUri },
          position: { line: nameLine, character: 10 },
          newName: 'Arvid Aldane-Brisk',
        })) as WorkspaceEdit)
      : undefined;
    const renameMs = performance.now() - s;
    const changes = Object.values(edit?.changes ?? {});

    const sorted = [...waits].sort((a, b) => a - b);
    const result: IndexBenchResult = {
      name: c.name,
      targetMs: c.targetMs,
      targetRssMb: c.targetRssMb,
      files,
      bytes,
      actors: withRegistry ? reg.count : 0,
      indexMs,
      indexCpuMs: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined,
      loadAverage,
      rssMb: memory.rssMb,
      peakRssMb: memory.peakMb,
      waitWhileBuilding: { requests: waits.length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, maxMs: sorted[sorted.length - 1] ?? 0 },
      referencesMs,
      references: refs.length,
      symbolsMs,
      symbols: symbols.length,
      renameMs,
      renameFiles: changes.length,
      renameEdits: changes.reduce((n, c) => n + c.length, 0),
      met: { index: indexMs <= c.targetMs, rss: memory.rssMb === undefined ? undefined : memory.rssMb <= c.targetRssMb },
    };
    await stopServer({ child, connection, stderr });
    print(result, json);
    return result;
  } finally {
    disposeServer({ child, connection, stderr });
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(r: IndexBenchResult, json: boolean): void {
  if (json) {
    // stdout carries the main benchmark's JSON document; this one goes beside it.
    process.stderr.write(`${JSON.stringify({ workspaceIndex: r }, null, 2)}\n`);
    return;
  }
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
  const ok = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'ok' : 'MISSED TARGET');
  const out = [
    '',
    `Workspace index through the server (${r.name}): ${r.files} articles (${(r.bytes / 1024 / 1024).toFixed(1)} MB), ${r.actors ? `${r.actors} actors` : 'no registry'}`,
    `  initialized -> progress end   ${ms(r.indexMs)} ms   target <= ${r.targetMs} ms: ${ok(r.met.index)}`,
    `  server CPU time meanwhile     ${r.indexCpuMs === undefined ? '?' : ms(r.indexCpuMs)} ms (load average ${r.loadAverage.toFixed(1)} on ${os.cpus().length} CPUs)`,
    `  server memory after indexing  ${r.rssMb?.toFixed(0) ?? '?'} MB resident (peak ${r.peakRssMb?.toFixed(0) ?? '?'} MB)   target <= ${r.targetRssMb} MB: ${ok(r.met.rss)}`,
    `  requests while building       ${r.waitWhileBuilding.requests} answered, median ${ms(r.waitWhileBuilding.medianMs)} ms, max ${ms(r.waitWhileBuilding.maxMs)} ms`,
    `  references of one actor       ${ms(r.referencesMs)} ms (${r.references} locations)`,
    `  workspace symbols 'corv'      ${ms(r.symbolsMs)} ms (${r.symbols} symbols)`,
    `  rename of one actor           ${ms(r.renameMs)} ms (${r.renameEdits} edits in ${r.renameFiles} files)`,
  ];
  if (!r.met.index || r.met.rss === false) out.push(`MISSED TARGET: ${r.name}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  benchWorkspaceIndex(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`CRASH: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}
