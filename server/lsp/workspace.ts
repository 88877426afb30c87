import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { flavorOfName, type ArticleFlavor, type FileRead, type Workspace } from '../core/index';
import { collectFiles } from '../node/cliFiles';
import { notReadMessage, readRegularFile, rootContaining } from '../node/files';
import { flavorOfLanguage } from './documents';

/** Registries and configs larger than this are not read (as for the CLI). */
const MAX_YAML_BYTES = 32 * 1024 * 1024;

/**
 * The workspace as the server's features see it: open documents with their live text, and
 * otherwise regular files inside the workspace folders, read through server/node/files.ts. In
 * Restricted Mode only the open documents exist.
 */
export class ServerWorkspace implements Workspace {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly roots: () => readonly string[],
    private readonly trusted: () => boolean,
    /** The size limit for articles (`dateline.maxFileSize`). */
    private readonly maxBytes: () => number,
  ) {}

  *files(): Iterable<{ uri: string; flavor: ArticleFlavor }> {
    if (!this.trusted()) return;
    for (const root of this.roots()) for (const file of collectFiles([root], root).files) yield { uri: URI.file(file.path).toString(), flavor: file.flavor };
  }

  /** `maxBytes` overrides the size limit for an article (a resource's own `dateline.maxFileSize`). */
  read(uri: string, maxBytes?: number): FileRead {
    const open = this.documents.get(uri);
    if (open) return { kind: 'text', text: open.getText(), flavor: flavorOfLanguage(open.languageId), version: open.version };
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return { kind: 'problem', problem: 'not a file on disk' };
    if (!this.trusted()) return { kind: 'problem', problem: 'nothing is read from disk in Restricted Mode' };
    const root = rootContaining(parsed.fsPath, this.roots());
    if (root === undefined) return { kind: 'problem', problem: 'not inside a workspace folder' };
    const yaml = /\.ya?ml$/i.test(parsed.fsPath);
    const outcome = readRegularFile(parsed.fsPath, { maxBytes: yaml ? MAX_YAML_BYTES : (maxBytes ?? this.maxBytes()), root });
    switch (outcome.kind) {
      case 'text':
        return { kind: 'text', text: outcome.text, flavor: flavorOfName(parsed.fsPath) };
      case 'too-large':
        return { kind: 'problem', problem: 'larger than the size limit' };
      case 'invalid-utf8':
        return { kind: 'problem', problem: 'not valid UTF-8' };
      case 'error':
        return { kind: 'problem', problem: outcome.message };
      default:
        return { kind: 'problem', problem: notReadMessage(outcome) };
    }
  }
}
