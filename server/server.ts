import { isMainThread, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { codeActionsFeature } from './lsp/features/codeActions';
import { completionFeature } from './lsp/features/completion';
import { withConfigFile } from './lsp/features/configFile';
import { documentSymbolsFeature } from './lsp/features/documentSymbols';
import { editorCommandsFeature } from './lsp/features/editorCommands';
import { hoverFeature } from './lsp/features/hover';
import { INDEX_WORKER, runIndexWorker } from './lsp/features/indexWorker';
import { initWorkspaceFeature } from './lsp/features/initWorkspace';
import { navigationFeature } from './lsp/features/navigation';
import { ruleDocsFeature } from './lsp/features/ruleDocs';
import { semanticTokensFeature } from './lsp/features/semanticTokens';
import { sourcingReportFeature } from './lsp/features/sourcingReport';
import { workspaceIndexFeature } from './lsp/features/workspaceIndex';
import { workspaceCheckFeature } from './lsp/features/workspaceCheck';
import { workspaceSymbolsFeature } from './lsp/features/workspaceSymbols';
import { lifecycleGuard } from './lsp/lifecycle';
import { startServer } from './lsp/server';
import { keepShortLivedObjectsYoung } from './node/gcTuning';

keepShortLivedObjectsYoung();

if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === INDEX_WORKER) {
  // The workspace index runs this same bundle in worker threads, so packaging has one server file.
  runIndexWorker();
} else {
  workspaceIndexFeature.useWorkers({ script: __filename });
  // Transport (--stdio, --node-ipc, --socket) comes from the command line.
  const guard = lifecycleGuard();
  const connection = createConnection(ProposedFeatures.all, guard.options);
  guard.register(connection);
  startServer(connection, [codeActionsFeature, workspaceIndexFeature, navigationFeature, workspaceSymbolsFeature, withConfigFile(completionFeature), withConfigFile(hoverFeature), documentSymbolsFeature, semanticTokensFeature, initWorkspaceFeature, sourcingReportFeature, workspaceCheckFeature, ruleDocsFeature, editorCommandsFeature]);
}
