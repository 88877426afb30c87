/**
 * A stdio client for the built language server that watches the wire itself: every message is
 * stamped in the order it is written or read, so the soak and the robustness tests can tell
 * exactly which of their changes the server had seen when it sent something.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import {
  CancellationTokenSource,
  createMessageConnection,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type InitializeResult,
  type Message,
  type MessageConnection,
  type MessageReader,
  type MessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** JSON-RPC error codes the tests tell apart. */
export const ErrorCodes = { MethodNotFound: -32601, InternalError: -32603, RequestCancelled: -32800, ContentModified: -32801, RequestFailed: -32803 } as const;

interface RpcMessage {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface Publication extends PublishDiagnosticsParams {
  /** Position of the notification among all messages read from the server. */
  seq: number;
}

export interface Violation {
  kind: 'stale-version' | 'unknown-version' | 'version-went-back' | 'internal-error' | 'error-log' | 'exit';
  detail: string;
}

/**
 * Versions as the client put them on the wire. A close counts as a version of its own, so a
 * publication for a document closed before a fence is stale too.
 */
class WireState {
  /** Newest version written per document (the close marker after a close). */
  readonly latest = new Map<string, number>();
  /** Every version written per document. */
  readonly sent = new Map<string, Set<number>>();
  /** Newest version per document that a non-cancelled response proves the server had read. */
  readonly fence = new Map<string, number>();
  /** What `latest` was when each request went out, by request id. */
  readonly pending = new Map<string, Map<string, number>>();
  /** Newest published version per document, to catch a version going back. */
  readonly lastPublished = new Map<string, number>();
}

/** Reads messages through `inner`, letting `observe` see each one first, in wire order. */
class ObservedReader implements MessageReader {
  constructor(
    private readonly inner: MessageReader,
    private readonly observe: (m: RpcMessage) => void,
  ) {}
  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }
  listen(callback: DataCallback): Disposable {
    return this.inner.listen((m: Message) => {
      this.observe(m as RpcMessage);
      callback(m);
    });
  }
  dispose(): void {
    this.inner.dispose();
  }
}

/** Writes through `inner`, letting `observe` see each message in the order it goes on the wire. */
class ObservedWriter implements MessageWriter {
  constructor(
    private readonly inner: MessageWriter,
    private readonly observe: (m: RpcMessage) => void,
  ) {}
  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  write(m: Message): Promise<void> {
    // The stream writer queues in call order, so the order of calls is the order on the wire.
    this.observe(m as RpcMessage);
    return this.inner.write(m);
  }
  end(): void {
    this.inner.end();
  }
  dispose(): void {
    this.inner.dispose();
  }
}

export interface ServerOptions {
  serverPath: string;
  /** Extra Node flags for the server process. */
  execArgv?: string[];
}

interface Waiter {
  uri: string;
  predicate: (p: Publication) => boolean;
  resolve: (p: Publication) => void;
}

export class ServerProcess {
  readonly proc: ChildProcess;
  readonly connection: MessageConnection;
  readonly publications: Publication[] = [];
  readonly violations: Violation[] = [];
  readonly logs: { type: number; message: string }[] = [];
  readonly stderr: string[] = [];
  /** Answers `workspace/configuration`: the `dateline` section per resource. */
  settings: (uri: string | undefined) => unknown = () => ({});
  exitCode: number | null | undefined;
  readSeq = 0;
  writeSeq = 0;
  readonly counts = { requests: 0, notifications: 0, responses: 0, publications: 0, cancelled: 0, methodNotFound: 0, cancelSent: 0 };
  private readonly wire = new WireState();
  private readonly waiters: Waiter[] = [];
  private shuttingDown = false;
  private readonly exited: Promise<number | null>;

  constructor(options: ServerOptions) {
    this.proc = spawn(process.execPath, [...(options.execArgv ?? []), options.serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => this.stderr.push(String(d)));
    this.exited = new Promise((resolve) =>
      this.proc.once('exit', (code) => {
        this.exitCode = code;
        if (!this.shuttingDown) this.violations.push({ kind: 'exit', detail: `the server exited with code ${code}: ${this.stderr.join('').slice(-2000)}` });
        resolve(code);
      }),
    );
    const reader = new ObservedReader(new StreamMessageReader(this.proc.stdout!), (m) => this.onRead(m));
    const writer = new ObservedWriter(new StreamMessageWriter(this.proc.stdin!), (m) => this.onWrite(m));
    this.connection = createMessageConnection(reader, writer);
    this.connection.onNotification(PublishDiagnosticsNotification.type, () => undefined);
    this.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      this.logs.push(m);
      if (m.type === 1) this.violations.push({ kind: 'error-log', detail: m.message.slice(0, 2000) });
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) => params.items.map((item) => this.settings(item.scopeUri)));
    // Registration, progress and refresh requests need only an answer.
    this.connection.onRequest(() => null);
    this.connection.onNotification(() => undefined);
    this.connection.listen();
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** Resident memory of the server process, in bytes, from /proc. */
  rss(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    return kb * 1024;
  }

  private onWrite(m: RpcMessage): void {
    this.writeSeq++;
    const w = this.wire;
    if (m.method === undefined) return; // our answers to the server's requests
    if (m.id !== undefined && m.id !== null) {
      this.counts.requests++;
      w.pending.set(String(m.id), new Map(w.latest));
      return;
    }
    this.counts.notifications++;
    const p = m.params as { textDocument?: { uri: string; version?: number } } | undefined;
    const uri = p?.textDocument?.uri;
    if (m.method === '$/cancelRequest') this.counts.cancelSent++;
    if (!uri) return;
    if (m.method === 'textDocument/didOpen' || m.method === 'textDocument/didChange') {
      const version = p!.textDocument!.version!;
      const before = w.latest.get(uri) ?? -Infinity;
      if (version <= before) throw new Error(`test bug: version ${version} of ${uri} is not newer than ${before}`);
      w.latest.set(uri, version);
      if (!w.sent.has(uri)) w.sent.set(uri, new Set());
      w.sent.get(uri)!.add(version);
    } else if (m.method === 'textDocument/didClose') {
      // The close marker sits between the last version and the next open.
      w.latest.set(uri, (w.latest.get(uri) ?? 0) + 0.5);
      w.lastPublished.delete(uri);
    }
  }

  private onRead(m: RpcMessage): void {
    const seq = ++this.readSeq;
    const w = this.wire;
    if (m.method === undefined && m.id !== undefined && m.id !== null) {
      this.counts.responses++;
      const snapshot = w.pending.get(String(m.id));
      w.pending.delete(String(m.id));
      if (m.error?.code === ErrorCodes.InternalError) this.violations.push({ kind: 'internal-error', detail: `request ${m.id}: ${m.error.message}` });
      if (m.error?.code === ErrorCodes.RequestCancelled) this.counts.cancelled++;
      if (m.error?.code === ErrorCodes.MethodNotFound) this.counts.methodNotFound++;
      // A cancelled request may be answered before the messages ahead of it were handled: no fence.
      if (snapshot && m.error?.code !== ErrorCodes.RequestCancelled) {
        for (const [uri, v] of snapshot) if (v > (w.fence.get(uri) ?? -Infinity)) w.fence.set(uri, v);
      }
      return;
    }
    if (m.method !== PublishDiagnosticsNotification.method) return;
    const p = { ...(m.params as PublishDiagnosticsParams), seq };
    this.counts.publications++;
    this.publications.push(p);
    if (p.version !== undefined && p.version !== null) {
      const fence = w.fence.get(p.uri);
      if (!w.sent.get(p.uri)?.has(p.version)) this.violations.push({ kind: 'unknown-version', detail: `${p.uri}: version ${p.version} was never sent` });
      else if (fence !== undefined && p.version < fence) {
        this.violations.push({ kind: 'stale-version', detail: `${p.uri}: published version ${p.version} after the server had answered a request sent after version ${fence}` });
      }
      const last = w.lastPublished.get(p.uri);
      if (last !== undefined && p.version < last) this.violations.push({ kind: 'version-went-back', detail: `${p.uri}: version ${p.version} published after ${last}` });
      w.lastPublished.set(p.uri, p.version);
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i];
      if (waiter.uri === p.uri && waiter.predicate(p)) {
        this.waiters.splice(i, 1);
        waiter.resolve(p);
      }
    }
  }

  /** The newest version written for a document (fractional after a close). */
  latestVersion(uri: string): number | undefined {
    return this.wire.latest.get(uri);
  }

  /** The first publication for `uri` from now on that satisfies `predicate`. */
  waitForPublication(uri: string, predicate: (p: Publication) => boolean, timeoutMs: number): Promise<Publication> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.publications.filter((p) => p.uri === uri).slice(-2)).slice(0, 1500)}`));
      }, timeoutMs);
      const waiter: Waiter = { uri, predicate, resolve: (p) => (clearTimeout(timer), resolve(p)) };
      this.waiters.push(waiter);
    });
  }

  /** The latest publication for `uri` so far, if any. */
  lastPublication(uri: string): Publication | undefined {
    for (let i = this.publications.length - 1; i >= 0; i--) if (this.publications[i].uri === uri) return this.publications[i];
    return undefined;
  }

  async initialize(rootUri: string | null, initializationOptions: unknown = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
          publishDiagnostics: { versionSupport: true },
        },
        window: { workDoneProgress: true },
      },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Sends a request; with `cancelAfter`, cancels it after that many turns of the event loop (0: at once). */
  request<R = unknown>(method: string, params: unknown, cancelAfter?: number): Promise<R> {
    if (cancelAfter === undefined) return this.connection.sendRequest<R>(method, params);
    const source = new CancellationTokenSource();
    const pending = this.connection.sendRequest<R>(method, params, source.token);
    let turns = cancelAfter;
    const tick = () => (turns-- <= 0 ? source.cancel() : setImmediate(tick));
    tick();
    return pending;
  }

  async shutdown(): Promise<number | null> {
    this.shuttingDown = true;
    if (this.exitCode === undefined) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.shuttingDown = true;
    if (this.exitCode === undefined) this.proc.kill();
  }
}
