// `dateline check …`: the command-line entry point. The work happens in node/cliMain.ts.
import { isMainThread, workerData } from 'node:worker_threads';
import { runCli } from './node/cliMain';
import { CLI_WORKER, runCliWorker } from './node/cliPool';
import { keepShortLivedObjectsYoung } from './node/gcTuning';

keepShortLivedObjectsYoung();

if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === CLI_WORKER) {
  // This bundle, run as one of the CLI's worker threads (node/cliPool.ts).
  runCliWorker();
} else {
  // Worker threads run this same bundle to check many files at once.
  runCli(process.argv.slice(2), { cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, workerScript: __filename }).then(
    (code) => {
      // Setting the code, not calling exit(), lets piped output drain first.
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`dateline: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
