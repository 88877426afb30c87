/**
 * Dateline's own LSP messages, declared once for the server and the client. Type-only on the
 * client side, so it imports nothing from the server at run time.
 */
import { NotificationType0, RequestType, type WorkspaceEdit } from 'vscode-languageserver-protocol';

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

export interface AddActorParams {
  /** The active document: the nearest dateline.yaml above it decides the registry. */
  uri?: string;
  /** The workspace folder to create actors.yaml in when no dateline.yaml applies. */
  folder?: string;
  name: string;
  kind: 'person' | 'organization' | 'place';
}

export interface AddActorResult {
  /** The registry file (new or already there), or null when no edit can be made. */
  registry: string | null;
  /** The edit to apply, in one undoable step; null when the actor is already listed or on refusal. */
  edit: WorkspaceEdit | null;
  /** Line where the new (or existing) entry starts, in the registry's text after the edit. */
  line: number;
  /** True when the registry already has an actor with this name's id. */
  exists: boolean;
  /** Why nothing can be added, in a writer's words. */
  error?: string;
}

/** "Dateline: Add Actor": the edit that appends an actor to the registry the workspace uses. */
export namespace AddActorRequest {
  export const method = 'dateline/addActor';
  export const type = new RequestType<AddActorParams, AddActorResult, void>(method);
}

/** "Dateline: Insert Citation": the date a new citation carries, the article's own or else `today`. */
export namespace CitationDateRequest {
  export const method = 'dateline/citationDate';
  export const type = new RequestType<{ uri: string; today: { year: number; month: number; day: number } }, string, void>(method);
}
