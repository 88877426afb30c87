import { ErrorCodes, Message, ResponseError, type Connection, type ConnectionOptions, type RequestMessage } from 'vscode-languageserver';

/**
 * The protocol's rules on when a request may come and what its params hold, kept before any handler
 * runs, so a handler never sees a request it cannot answer. The library dispatches every message
 * as it comes; this strategy looks first:
 * - before `initialize`, requests get ServerNotInitialized and notifications are dropped (but `exit`);
 * - a second `initialize` is an invalid request;
 * - after `shutdown`, requests get InvalidRequest and notifications are dropped (but `exit`);
 * - a request whose params are not the shape its method needs gets InvalidParams.
 */

/** A request rewritten to this method is answered with the error its params carry. */
const REJECTED = '$/dateline/rejected';

interface Rejection {
  code: number;
  message: string;
}

/** Methods whose params give a position in a document. */
const POSITION_METHODS = new Set([
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/declaration',
  'textDocument/typeDefinition',
  'textDocument/implementation',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/signatureHelp',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/linkedEditingRange',
  'textDocument/moniker',
]);

/** Methods whose params give a range in a document. */
const RANGE_METHODS = new Set(['textDocument/codeAction', 'textDocument/semanticTokens/range', 'textDocument/rangeFormatting', 'textDocument/inlayHint']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// Whole numbers; a careless client's negative or past-the-end position is held to the text by the handlers.
const isWhole = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v);
const isPosition = (v: unknown) => isObject(v) && isWhole(v.line) && isWhole(v.character);
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);

/** Why a request's params cannot be used, or undefined when they can. */
export function paramsProblem(method: string, params: unknown): string | undefined {
  const textDocument = method.startsWith('textDocument/');
  const needsObject = textDocument || method === 'workspace/symbol' || method === 'workspace/executeCommand' || method === 'dateline/articleStats' || method.endsWith('/resolve');
  if (!needsObject) return undefined;
  if (!isObject(params)) return `${method} needs its params as an object`;
  if (textDocument && !(isObject(params.textDocument) && typeof params.textDocument.uri === 'string')) return `${method} needs params.textDocument.uri`;
  if (POSITION_METHODS.has(method) && !isPosition(params.position)) return `${method} needs params.position with whole line and character numbers`;
  if (RANGE_METHODS.has(method) && !isRange(params.range)) return `${method} needs params.range`;
  if (method === 'textDocument/codeAction' && !(isObject(params.context) && Array.isArray(params.context.diagnostics))) return `${method} needs params.context.diagnostics`;
  if (method === 'textDocument/rename' && typeof params.newName !== 'string') return `${method} needs params.newName`;
  if (method === 'workspace/symbol' && typeof params.query !== 'string') return `${method} needs params.query`;
  if (method === 'dateline/articleStats' && typeof params.uri !== 'string') return `${method} needs params.uri`;
  return undefined;
}

/** Connection options that keep the lifecycle; `register` adds the handler that answers rejections. */
export function lifecycleGuard(): { options: ConnectionOptions; register(connection: Connection): void } {
  let initializing = false;
  let shutDown = false;
  const reject = (message: RequestMessage, code: number, text: string): Message => {
    const rejection: Rejection = { code, message: text };
    return { ...message, method: REJECTED, params: rejection } as RequestMessage;
  };
  return {
    options: {
      messageStrategy: {
        handleMessage(message, next) {
          if (Message.isRequest(message)) {
            const method = message.method;
            if (method === REJECTED) return next(reject(message, ErrorCodes.MethodNotFound, `Unhandled method ${REJECTED}`));
            if (method === 'initialize') {
              if (initializing) return next(reject(message, ErrorCodes.InvalidRequest, 'initialize may be sent only once'));
              initializing = true;
              return next(message);
            }
            if (!initializing) return next(reject(message, ErrorCodes.ServerNotInitialized, 'The server is not initialized yet: send initialize first'));
            if (shutDown) return next(reject(message, ErrorCodes.InvalidRequest, 'The server is shut down: only exit may follow'));
            if (method === 'shutdown') {
              shutDown = true;
              return next(message);
            }
            const problem = paramsProblem(method, message.params);
            if (problem) return next(reject(message, ErrorCodes.InvalidParams, problem));
            return next(message);
          }
          if (Message.isNotification(message)) {
            if (message.method === 'exit') return next(message);
            // Notifications before initialize or after shutdown are dropped, as the protocol says.
            if (!initializing || shutDown) return;
            if (message.method.startsWith('textDocument/did') && !(isObject(message.params) && isObject(message.params.textDocument) && typeof message.params.textDocument.uri === 'string')) return;
            return next(message);
          }
          return next(message);
        },
      },
    },
    register(connection) {
      connection.onRequest(REJECTED, (params: Rejection) => {
        throw new ResponseError(params.code, params.message);
      });
    },
  };
}

