import { Worker } from 'node:worker_threads';
import type { FileSummary } from '../../core/index';
import { INDEX_WORKER, SummaryReader, type IndexJob, type WorkerMessage } from './indexWorker';

/** What a build hears from its worker threads. */
export interface WorkerHandlers {
  /** The URIs of the build's files, once its job is made. */
  uris(): readonly string[];
  result(i: number, summary: FileSummary | null): void;
  log(message: string): void;
  /** Once, when the first worker fails; every worker is ended then. `reason` finishes "a worker thread …". */
  failed(reason: string): void;
  /** After any message, failure or end. */
  wake(): void;
}

/** The worker threads of one build. The first failure ends them all, and the build goes on without them. */
export class IndexWorkers {
  /** Messages received so far, to tell a silent worker from a slow answer. */
  messages = 0;
  private readonly workers: Worker[] = [];
  private running = 0;
  private over = false;

  constructor(script: string, count: number, private readonly handlers: WorkerHandlers) {
    for (let k = 0; k < count && !this.over; k++) {
      let done = false;
      const reader = new SummaryReader();
      let worker: Worker;
      try {
        // Its stdout is kept apart: over stdio, the server's stdout carries the protocol.
        worker = new Worker(script, { workerData: { kind: INDEX_WORKER }, stdout: true });
      } catch (e) {
        this.fail(`could not start (${(e as Error).message})`);
        return;
      }
      worker.stdout.resume();
      // A build never keeps the server alive, not even one cut short by exit.
      worker.unref();
      worker.on('message', (m: WorkerMessage) => {
        if (this.over) return;
        this.messages++;
        if (m.kind === 'results') reader.read(m, handlers.uris(), handlers.result);
        else if (m.kind === 'log') handlers.log(m.message);
        else if (!done) {
          done = true;
          this.running--;
        }
        handlers.wake();
      });
      worker.on('error', (e) => this.fail(`failed (${e.message})`));
      worker.on('exit', (code) => {
        if (!done) this.fail(`stopped (exit code ${code})`);
      });
      this.workers.push(worker);
      this.running++;
    }
  }

  /** Whether some worker is still summarising. */
  get alive(): boolean {
    return !this.over && this.running > 0;
  }

  post(job: IndexJob): void {
    try {
      for (const worker of this.workers) worker.postMessage(job);
    } catch (e) {
      this.fail(`could not be given its files (${(e as Error).message})`);
    }
  }

  fail(reason: string): void {
    if (this.over) return;
    this.stop();
    this.handlers.failed(reason);
    this.handlers.wake();
  }

  /** Ends every worker; a worker that finished has ended already. */
  stop(): void {
    this.over = true;
    for (const worker of this.workers) void worker.terminate();
  }
}
