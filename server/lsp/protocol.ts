/**
 * Dateline's own LSP messages, declared once for the server and the client. Type-only on the
 * client side, so it imports nothing from the server at run time.
 */
import { NotificationType0, RequestType } from 'vscode-languageserver-protocol';

export interface ArticleStats {
  /** False when the document is not an article (for example Markdown without `publication`). */
  isArticle: boolean;
  words: number;
  quotations: number;
  citations: number;
  /** Quotations long enough to need a citation that have none. */
  uncited: number;
  problems: { error: number; warning: number; info: number; hint: number };
}

export namespace ArticleStatsRequest {
  export const method = 'dateline/articleStats';
  export const type = new RequestType<{ uri: string }, ArticleStats | null, void>(method);
}

export interface WorkspaceCheckResult {
  files: number;
  problems: { error: number; warning: number; info: number; hint: number };
}

/** Checks every article under the workspace folders and publishes their diagnostics. */
export namespace CheckWorkspaceRequest {
  export const method = 'dateline/checkWorkspace';
  export const type = new RequestType<Record<string, never>, WorkspaceCheckResult, void>(method);
}

/** Sent by the client when the user trusts the workspace: config and registries then apply. */
export namespace WorkspaceTrustedNotification {
  export const method = 'dateline/workspaceTrusted';
  export const type = new NotificationType0(method);
}

export interface InitWorkspaceResult {
  /** The `dateline.yaml` of the folder (new or already there), or null when the folder was refused. */
  config: string | null;
  /** URIs of the files written; a file already there is never overwritten. */
  written: string[];
  kept: string[];
  articles: number;
  sources: number;
  actors: number;
  /** Why nothing was written, when nothing could be. */
  error?: string;
}

/** `dateline init` for a workspace folder: a first dateline.yaml and actors.yaml from its articles. */
export namespace InitWorkspaceRequest {
  export const method = 'dateline/initWorkspace';
  export const type = new RequestType<{ folder: string }, InitWorkspaceResult, void>(method);
}

export interface SourcingReportParams {
  /** The Content-Security-Policy the webview page carries. */
  csp: string;
  /** The nonce that policy allows the page's style and script by. */
  nonce: string;
}

export interface SourcingReportResult {
  /** The page, as `dateline report --format html` writes it, for a webview. */
  html: string;
  articles: number;
  quotations: number;
  /** True in Restricted Mode: only open documents are in the report. */
  restricted: boolean;
  /** Each article's name in the report (its links' `data-file`) and its URI. */
  files: { file: string; uri: string }[];
}

/** "Dateline: Show Sourcing Report": the sourcing report of the workspace's articles. */
export namespace SourcingReportRequest {
  export const method = 'dateline/sourcingReport';
  export const type = new RequestType<SourcingReportParams, SourcingReportResult, void>(method);
}

/** The code action kind of "fix all": safe fixes only, the same set `check --fix` applies. */
export const FIX_ALL_KIND = 'source.fixAll.dateline';

export interface RuleInfo {
  id: string;
  /** One plain-text sentence (the docs' Markdown code marks become ‘…’). */
  description: string;
  /** The rule's documentation page: the same URL its diagnostics carry in `codeDescription.href`. */
  href: string;
}

/** Every rule with its one-line description and its page, for "Open Rule Documentation". */
export namespace RuleListRequest {
  export const method = 'dateline/rules';
  export const type = new RequestType<Record<string, never>, RuleInfo[], void>(method);
}
