import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient/node';

/** Restarts within this window count towards the limit; older ones are forgotten. */
const WINDOW_MS = 3 * 60_000;
const MAX_RESTARTS = 4;

/**
 * Restarts a crashed server and says so once: one line per crash in the output channel, one
 * notification per session, one error when it gives up. The stock handler shows a message for
 * every crash.
 */
export class RestartingErrorHandler implements ErrorHandler {
  private readonly crashes: number[] = [];
  private notified = false;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A broken pipe is usually followed by closed(), which decides about the restart.
    if ((count ?? 1) <= 3) {
      this.output.warn(`Connection to the Dateline server failed: ${error.message}`);
      return { action: ErrorAction.Continue, handled: true };
    }
    this.output.error('Connection to the Dateline server keeps failing; shutting it down.');
    return { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0] > WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) {
      const message = `The Dateline server stopped ${this.crashes.length} times in 3 minutes and will not be restarted. Run "Developer: Reload Window" to try again.`;
      this.output.error(message);
      return { action: CloseAction.DoNotRestart, message, handled: false };
    }
    this.output.warn(`The Dateline server stopped unexpectedly; restarting it (restart ${this.crashes.length} of at most ${MAX_RESTARTS} in 3 minutes).`);
    if (!this.notified) {
      this.notified = true;
      void vscode.window
        .showWarningMessage('The Dateline server stopped unexpectedly and was restarted.', 'Show Output')
        .then((choice) => choice && this.output.show(true));
    }
    return { action: CloseAction.Restart, handled: true };
  }
}
