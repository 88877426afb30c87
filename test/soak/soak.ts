/**
 * Protocol soak: drives the built language server (`dist/server.js --stdio`) with random edits,
 * requests (some cancelled, some for methods the server does not offer), opens, closes and
 * configuration changes for a bounded time, then checks it is still right.
 *
 *   npm run soak [-- --seconds N] [--warmup S] [--seed S] [--server PATH]
 *
 * Defaults: 600 seconds, of which the first min(60, max(30, N/5)) (at most half) are warm-up.
 *
 * It passes when:
 * - the server never exits and never answers with an internal error (-32603);
 * - it logs no error (the core and the server log only exceptions they caught);
 * - it never publishes diagnostics for a stale version. Precisely: JSON-RPC keeps messages in
 *   order both ways, and the server handles them in order, so once the client reads the answer to
 *   a request it wrote after version v of a document (or after closing it), the server had read v
 *   before it wrote that answer. A publication for a version older than v read after that answer
 *   was written by a server that already knew v: it is stale. (Answers to cancelled requests may be
 *   sent before the messages ahead of them are handled, so they prove nothing and are not used.)
 *   Publications must also carry a version the client sent, and never go back for a document;
 * - at the end, after one last change to every open document, the diagnostics published for that
 *   version equal what the core computes for the same text, config file and settings, and closed
 *   documents have none left;
 * - the server's resident memory (VmRSS) at the end is at most 10% above its level after warm-up.
 *   Both are measured the same way: all requests answered, every open document published at its
 *   latest version, then VmRSS polled until it is steady.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/core/index';
import { documentsConfig } from '../../server/lsp/server';
import { actorsText, articleText, configText, KNOWN_CONFIG, prose } from '../fuzz/generators';
import { ErrorCodes, ServerProcess } from './client';
import { diagnosticKeys, expectedDiagnostics } from './expected';

const ROOT = path.resolve(__dirname, '..', '..');
const MAX_RSS_GROWTH = 0.1;
/** Requests in flight at once, and notifications sent before some request must come back. */
const MAX_IN_FLIGHT = 8;
const MAX_UNANSWERED_NOTIFICATIONS = 40;
/** Documents are kept below this size so memory measures the server, not ever longer texts. */
const MAX_DOC_CHARS = 30_000;

interface Options {
  seconds: number;
  warmup: number;
  seed: number;
  server: string;
  docs: number;
}

function parseArgs(argv: readonly string[]): Options {
  let seconds = 600;
  let warmup: number | undefined;
  let seed = Date.now() % 2_147_483_647;
  let server = path.join(ROOT, 'dist', 'server.js');
  let docs = 8;
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? usage(`${argv[i - 1]} needs a value`);
    switch (argv[i]) {
      case '--seconds': seconds = Number(value()); break;
      case '--warmup': warmup = Number(value()); break;
      case '--seed': seed = Number(value()); break;
      case '--server': server = path.resolve(value()); break;
      case '--docs': docs = Number(value()); break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  if (!(seconds > 0)) usage('--seconds takes a positive number');
  if (!fs.existsSync(server)) usage(`${server} does not exist; run npm run build first`);
  // The server's heap grows to its working size over the first half minute or so of traffic;
  // measuring before that would count growth that is not a leak.
  warmup ??= Math.min(60, Math.max(30, seconds / 5));
  return { seconds, warmup: Math.min(warmup, seconds / 2), seed, server, docs: Math.max(2, docs) };
}

function usage(message: string): never {
  console.error(`soak: ${message}\nusage: npm run soak -- [--seconds N] [--warmup S] [--seed S] [--server PATH]`);
  process.exit(2);
}

/** A small seeded generator for the choices; fast-check supplies the texts. */
class Random {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface Doc {
  uri: string;
  languageId: 'article' | 'markdown';
  model?: TextDocument;
  version: number;
}

const REQUESTS = [
  { method: 'textDocument/completion', weight: 10 },
  { method: 'textDocument/hover', weight: 10 },
  { method: 'textDocument/codeAction', weight: 8 },
  { method: 'textDocument/documentSymbol', weight: 3 },
  { method: 'textDocument/semanticTokens/full', weight: 2 },
  { method: 'textDocument/semanticTokens/range', weight: 1 },
  { method: 'textDocument/definition', weight: 2 },
  { method: 'textDocument/references', weight: 2 },
  { method: 'textDocument/prepareRename', weight: 1 },
  { method: 'textDocument/rename', weight: 1 },
  { method: 'textDocument/foldingRange', weight: 1 },
  { method: 'textDocument/formatting', weight: 1 },
  { method: 'workspace/symbol', weight: 1 },
  { method: 'dateline/articleStats', weight: 2 },
  { method: 'dateline/noSuchRequest', weight: 1 },
];

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const rnd = new Random(opts.seed);
  const service = createLanguageService();
  console.log(`soak: ${opts.seconds} s (warm-up ${opts.warmup} s), seed ${opts.seed}, server ${path.relative(ROOT, opts.server) || opts.server}`);

  // Texts come from the fuzz generators, drawn once into pools.
  const sample = <T>(arb: fc.Arbitrary<T>, n: number, salt: number) => fc.sample(arb, { numRuns: n, seed: (opts.seed + salt) | 0 });
  const articles = sample(articleText, 400, 1);
  const insertions = sample(prose, 2000, 2).map((t) => t.slice(0, 200));
  const badConfigs = fs.readdirSync(path.join(ROOT, 'test/fixtures/bad/config')).map((f) => fs.readFileSync(path.join(ROOT, 'test/fixtures/bad/config', f)));
  const configs: (string | Buffer)[] = [KNOWN_CONFIG, KNOWN_CONFIG, `${KNOWN_CONFIG}actors: actors.yaml\n`, ...sample(configText, 60, 3), ...badConfigs];
  const registries = [stringify([{ id: 'arlen-voss', name: 'Arlen Voss', aliases: ['Voss'] }, { id: 'ilsa-brandt', name: 'Ilsa Brandt', aliases: ['Brandt'] }]), ...sample(actorsText, 40, 4)];

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-soak-'));
  const root = fs.realpathSync(dir);
  fs.mkdirSync(path.join(root, 'articles'));
  fs.writeFileSync(path.join(root, 'dateline.yaml'), `${KNOWN_CONFIG}actors: actors.yaml\n`);
  fs.writeFileSync(path.join(root, 'actors.yaml'), registries[0]);
  // A few articles on disk for the workspace index and workspace symbols; the edited ones are not on disk.
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(root, 'articles', `disk-${i}.article`), articles[i]);

  const server = new ServerProcess({ serverPath: opts.server });
  let settings: Record<string, unknown> = {};
  server.settings = () => settings;
  const started = performance.now();
  const init = await server.initialize(pathToFileURL(root).toString());
  const provided = Object.keys(init.capabilities).filter((k) => k.endsWith('Provider'));

  const docs: Doc[] = Array.from({ length: opts.docs }, (_, i) => ({
    uri: pathToFileURL(path.join(root, 'articles', `open-${i}.${i % 4 === 3 ? 'md' : 'article'}`)).toString(),
    languageId: i % 4 === 3 ? 'markdown' : 'article',
    version: 0,
  }));

  const stats = { pauses: 0, edits: 0, contentChanges: 0, opens: 0, closes: 0, settingsChanges: 0, fileChanges: 0, requests: new Map<string, { sent: number; ok: number; unsupported: number; cancelled: number; refused: number; failed: number }>() };
  const inFlight = new Set<Promise<unknown>>();
  let unanswered = 0;

  const openDoc = async (doc: Doc, text: string) => {
    doc.version = Math.floor(server.latestVersion(doc.uri) ?? 0) + 1;
    doc.model = TextDocument.create(doc.uri, doc.languageId, doc.version, text);
    await server.open(doc.uri, doc.languageId, doc.version, text);
    stats.opens++;
  };

  const randomPosition = (model: TextDocument) => {
    // Mostly inside the text; now and then past its end or negative, as careless clients send.
    if (rnd.chance(0.03)) return { line: rnd.int(model.lineCount + 5) - 1, character: rnd.int(200) - 1 };
    return model.positionAt(rnd.int(model.getText().length + 1));
  };

  const edit = async (doc: Doc) => {
    const model = doc.model!;
    const changes: ({ range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string })[] = [];
    const n = 1 + rnd.int(3);
    for (let i = 0; i < n; i++) {
      const length = model.getText().length;
      if (rnd.chance(0.02)) changes.push({ text: rnd.pick(articles) });
      else if (length > MAX_DOC_CHARS) changes.push({ range: { start: model.positionAt(0), end: model.positionAt(length / 2) }, text: '' });
      else {
        const a = randomPosition(model);
        const b = rnd.chance(0.5) ? a : randomPosition(model);
        changes.push({ range: { start: a, end: b }, text: rnd.chance(0.2) ? '' : rnd.pick(insertions) });
      }
    }
    doc.version++;
    documentsConfig.update(model, changes, doc.version);
    await server.change(doc.uri, doc.version, changes);
    stats.edits++;
    stats.contentChanges += changes.length;
    unanswered++;
  };

  const request = (doc: Doc | undefined) => {
    const total = REQUESTS.reduce((s, r) => s + r.weight, 0);
    let roll = rnd.int(total);
    const { method } = REQUESTS.find((r) => (roll -= r.weight) < 0)!;
    const target = doc ?? rnd.pick(docs);
    const model = target.model;
    const position = model ? randomPosition(model) : { line: 0, character: 0 };
    const range = model ? { start: position, end: rnd.chance(0.5) ? position : randomPosition(model) } : { start: position, end: position };
    if (range.end.line < range.start.line || (range.end.line === range.start.line && range.end.character < range.start.character)) [range.start, range.end] = [range.end, range.start];
    const textDocument = { uri: target.uri };
    const last = server.lastPublication(target.uri);
    const params = ({
      'textDocument/completion': { textDocument, position, context: { triggerKind: rnd.chance(0.3) ? 2 : 1, triggerCharacter: rnd.chance(0.3) ? rnd.pick(['(', ';', ',', ':']) : undefined } },
      'textDocument/hover': { textDocument, position },
      'textDocument/codeAction': { textDocument, range, context: { diagnostics: (last?.diagnostics ?? []).slice(0, 5), only: rnd.chance(0.2) ? [rnd.pick(['quickfix', 'source.fixAll', 'source.fixAll.dateline'])] : undefined } },
      'textDocument/documentSymbol': { textDocument },
      'textDocument/semanticTokens/full': { textDocument },
      'textDocument/semanticTokens/range': { textDocument, range },
      'textDocument/definition': { textDocument, position },
      'textDocument/references': { textDocument, position, context: { includeDeclaration: rnd.chance(0.5) } },
      'textDocument/prepareRename': { textDocument, position },
      'textDocument/rename': { textDocument, position, newName: rnd.pick(['Arlen Voss', 'Ilsa Brandt', '', 'x y', '“”']) },
      'textDocument/foldingRange': { textDocument },
      'textDocument/formatting': { textDocument, options: { tabSize: 2, insertSpaces: true } },
      'workspace/symbol': { query: rnd.pick(['', 'Voss', 'a', 'APA']) },
      'dateline/articleStats': { uri: target.uri },
      'dateline/noSuchRequest': { uri: target.uri },
    } as Record<string, unknown>)[method];
    const entry = stats.requests.get(method) ?? { sent: 0, ok: 0, unsupported: 0, cancelled: 0, refused: 0, failed: 0 };
    stats.requests.set(method, entry);
    entry.sent++;
    const cancel = rnd.chance(0.2) ? rnd.int(4) : undefined;
    const pending = server.request(method, params, cancel).then(
      () => void entry.ok++,
      (e: { code?: number; message?: string }) => {
        if (e.code === ErrorCodes.MethodNotFound) entry.unsupported++;
        else if (e.code === ErrorCodes.RequestCancelled) entry.cancelled++;
        // A refusal with a reason (a rename to an empty name) is a proper answer to bad input.
        else if (e.code === ErrorCodes.RequestFailed && e.message) entry.refused++;
        else {
          entry.failed++;
          if (entry.failed <= 3) console.log(`  ${method} failed: ${e.code} ${e.message}`);
        }
      },
    );
    const tracked = pending.finally(() => {
      inFlight.delete(tracked);
      unanswered = 0;
    });
    inFlight.add(tracked);
  };

  const changeSettings = async () => {
    settings = {
      rules: Object.fromEntries(['quote-uncited', 'citation-malformed', 'front-matter-missing', 'actor-first-mention'].filter(() => rnd.chance(0.3)).map((id) => [id, rnd.pick(['off', 'hint', 'info', 'warning', 'error', 'bogus'])])),
      quotes: rnd.chance(0.5) ? { minWords: rnd.pick([1, 2, 4, 6, 0, 'x']) } : undefined,
      maxFileSize: rnd.chance(0.2) ? rnd.pick([300, 2000, 0, -5, 'big']) : undefined,
    };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dateline: settings } });
    stats.settingsChanges++;
    unanswered++;
  };

  const changeFiles = async () => {
    const which = rnd.int(3);
    const changes: { uri: string; type: number }[] = [];
    if (which !== 1) {
      const file = path.join(root, 'dateline.yaml');
      const exists = fs.existsSync(file);
      if (exists && rnd.chance(0.1)) {
        fs.rmSync(file);
        changes.push({ uri: pathToFileURL(file).toString(), type: 3 });
      } else {
        const text = rnd.pick(configs);
        // Half the time the config names the registry, so registry changes matter.
        fs.writeFileSync(file, typeof text === 'string' && rnd.chance(0.5) && !/^actors:/m.test(text) ? `${text}\nactors: actors.yaml\n` : text);
        changes.push({ uri: pathToFileURL(file).toString(), type: exists ? 2 : 1 });
      }
    }
    if (which !== 0) {
      const file = path.join(root, 'actors.yaml');
      fs.writeFileSync(file, rnd.pick(registries));
      changes.push({ uri: pathToFileURL(file).toString(), type: 2 });
    }
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    stats.fileChanges++;
    unanswered++;
  };

  /**
   * Waits until every request is answered and every open document is published at a version
   * sent after everything else: one empty change each, so the publication reflects the current
   * config and settings too.
   */
  const quiesce = async (timeoutMs: number) => {
    await Promise.allSettled([...inFlight]);
    const waits: Promise<unknown>[] = [];
    for (const doc of docs.filter((d) => d.model)) {
      doc.version++;
      const change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' };
      documentsConfig.update(doc.model!, [change], doc.version);
      const version = doc.version;
      waits.push(server.waitForPublication(doc.uri, (p) => p.version === version, timeoutMs));
      await server.change(doc.uri, version, [change]);
    }
    await Promise.all(waits);
    // A request after everything: when it is answered, nothing sent before is still queued.
    await server.request('dateline/articleStats', { uri: docs[0].uri });
  };

  /** VmRSS once it holds steady: five readings 200 ms apart within 1% of each other (at most 15 s). */
  const steadyRss = async () => {
    const readings: number[] = [];
    const deadline = performance.now() + 15_000;
    for (;;) {
      readings.push(server.rss());
      const last = readings.slice(-5);
      if (last.length === 5 && Math.max(...last) <= Math.min(...last) * 1.01) return last[4];
      if (performance.now() > deadline) return Math.max(...last);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  // Open half the documents to start with.
  for (const doc of docs.slice(0, Math.ceil(docs.length / 2))) await openDoc(doc, rnd.pick(articles));

  const warmupEnd = started + opts.warmup * 1000;
  const end = started + opts.seconds * 1000;
  let rssWarm: number | undefined;
  let warmedAt = 0;
  let lastReport = performance.now();
  let actions = 0;
  while (server.exitCode === undefined) {
    const now = performance.now();
    if (rssWarm === undefined && now >= warmupEnd) {
      await quiesce(60_000);
      rssWarm = await steadyRss();
      warmedAt = performance.now();
      console.log(`  warm-up done after ${((warmedAt - started) / 1000).toFixed(1)} s: RSS ${mb(rssWarm)}`);
      continue;
    }
    if (now >= end) break;
    if (now - lastReport > 30_000) {
      lastReport = now;
      console.log(`  ${((now - started) / 1000).toFixed(0)} s: ${stats.edits} edits, ${server.counts.requests} requests, ${server.counts.publications} publications, RSS ${mb(server.rss())}`);
    }
    // Pace by answers, not by the clock: never too many requests or unanswered notifications.
    if (inFlight.size >= MAX_IN_FLIGHT || unanswered >= MAX_UNANSWERED_NOTIFICATIONS) {
      if (!inFlight.size) request(undefined);
      await Promise.race([...inFlight]);
      continue;
    }
    const open = docs.filter((d) => d.model);
    const roll = rnd.next();
    if (roll < 0.01 && open.length) {
      // The writer pauses: wait for the diagnostics of what was typed, as an editor shows them.
      const doc = rnd.pick(open);
      const version = doc.version;
      const last = server.lastPublication(doc.uri);
      if (!(last?.version !== undefined && last.version >= version)) await server.waitForPublication(doc.uri, (p) => p.version !== undefined && p.version >= version, 30_000);
      stats.pauses++;
    } else if (roll < 0.55 && open.length) await edit(rnd.pick(open));
    else if (roll < 0.96) request(rnd.chance(0.9) ? rnd.pick(open.length ? open : docs) : undefined);
    else if (roll < 0.985) {
      const doc = rnd.pick(docs);
      if (doc.model && open.length > 1) {
        doc.model = undefined;
        await server.close(doc.uri);
        stats.closes++;
        unanswered++;
      } else if (!doc.model) await openDoc(doc, rnd.pick(articles));
    } else if (roll < 0.993) await changeSettings();
    else await changeFiles();
    // One turn of the event loop between actions, so answers are read as they come.
    if (++actions % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
  }

  let rssEnd: number | undefined;
  const finalProblems: string[] = [];
  if (server.exitCode === undefined) {
    await quiesce(60_000);
    rssEnd = await steadyRss();
    rssWarm ??= rssEnd;
    finalProblems.push(...checkFinalState(server, docs, root, settings, service));
  }
  const seconds = (performance.now() - started) / 1000;
  const code = server.exitCode === undefined ? await server.shutdown() : server.exitCode;
  fs.rmSync(dir, { recursive: true, force: true });

  // Figures.
  const c = server.counts;
  console.log(`\nsoak: ${seconds.toFixed(1)} s, ${actions} actions; server offers ${provided.join(', ')}`);
  console.log(`  edits: ${stats.edits} didChange with ${stats.contentChanges} content changes, ${stats.pauses} pauses for diagnostics; ${stats.opens} opens, ${stats.closes} closes`);
  console.log(`  config: ${stats.settingsChanges} settings changes, ${stats.fileChanges} dateline.yaml/actors.yaml changes`);
  console.log(`  requests: ${c.requests} sent, ${c.cancelSent} cancel notifications, ${c.cancelled} answered as cancelled, ${c.methodNotFound} unsupported (MethodNotFound)`);
  console.log('    method                              sent      ok   unsupported   cancelled   refused   failed');
  for (const [method, e] of [...stats.requests].sort()) {
    console.log(`    ${method.padEnd(34)} ${String(e.sent).padStart(6)}  ${String(e.ok).padStart(6)}  ${String(e.unsupported).padStart(12)}  ${String(e.cancelled).padStart(10)}  ${String(e.refused).padStart(8)}  ${String(e.failed).padStart(7)}`);
  }
  console.log(`  publications: ${c.publications} (${server.publications.filter((p) => p.version !== undefined).length} versioned)`);
  const growth = rssEnd !== undefined && rssWarm !== undefined ? rssEnd / rssWarm - 1 : undefined;
  console.log(`  RSS: after warm-up ${rssWarm !== undefined ? mb(rssWarm) : '-'}, at the end ${rssEnd !== undefined ? mb(rssEnd) : '-'}${growth !== undefined ? ` (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%, limit +${MAX_RSS_GROWTH * 100}%)` : ''}`);
  console.log(`  server exit code ${code}`);

  const failures = [
    ...server.violations.map((v) => `${v.kind}: ${v.detail}`),
    ...finalProblems,
    ...[...stats.requests].filter(([, e]) => e.failed).map(([m, e]) => `${m}: ${e.failed} requests failed with an error other than MethodNotFound, RequestCancelled or a RequestFailed refusal`),
  ];
  if (growth !== undefined && growth > MAX_RSS_GROWTH) failures.push(`resident memory grew ${(growth * 100).toFixed(1)}% after warm-up`);
  if (code !== 0) failures.push(`the server exited with code ${code}`);
  if (failures.length) {
    console.log(`\nsoak FAILED (${failures.length}):`);
    for (const f of failures.slice(0, 30)) console.log(`  - ${f}`);
    process.exitCode = 1;
  } else {
    console.log('\nsoak passed');
  }
}

/** Every open document's last publication is what the core says; closed ones have nothing left. */
function checkFinalState(server: ServerProcess, docs: readonly Doc[], root: string, settings: unknown, service: ReturnType<typeof createLanguageService>): string[] {
  const problems: string[] = [];
  for (const doc of docs) {
    const last = server.lastPublication(doc.uri);
    if (!doc.model) {
      if (last && last.diagnostics.length) problems.push(`${path.basename(doc.uri)} is closed but still has ${last.diagnostics.length} diagnostics`);
      continue;
    }
    if (!last || last.version !== doc.version) {
      problems.push(`${path.basename(doc.uri)}: last publication is for version ${last?.version}, not the final ${doc.version}`);
      continue;
    }
    const want = diagnosticKeys(expectedDiagnostics(service, doc.uri, doc.languageId, doc.model.getText(), root, settings));
    const got = diagnosticKeys(last.diagnostics);
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      problems.push(`${path.basename(doc.uri)} v${doc.version}: published ${got.length} diagnostics, the core computes ${want.length}; first difference: ${want.find((d) => !got.includes(d)) ?? got.find((d) => !want.includes(d))}`);
    }
  }
  return problems;
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
