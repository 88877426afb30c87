// `dateline check …`: the command-line entry point. The work happens in node/cliMain.ts.
import { runCli } from './node/cliMain';

runCli(process.argv.slice(2), { cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    // Setting the code, not calling exit(), lets piped output drain first.
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`dateline: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  },
);
