import type { ArticleFlavor } from './parser/article';

/** A file as the workspace has it now, or why it cannot be read. */
export type FileRead =
  | {
      kind: 'text';
      text: string;
      /** How the file is read as an article: an open document's language, else its extension. */
      flavor: ArticleFlavor;
      /** The open document's version; absent for a file read from disk. */
      version?: number;
    }
  | { kind: 'problem'; problem: string };

/**
 * The files the workspace features may see, given by the editor side: the disk and the open
 * documents in the server, memory in tests. The core never reads a file any other way.
 */
export interface Workspace {
  /** The article candidates (`.article`, `.md`) under the workspace folders, as URIs. */
  files(): Iterable<{ uri: string; flavor: ArticleFlavor }>;
  /** A file's current text: the open document's if it is open, else what is stored. */
  read(uri: string): FileRead;
}

/** The flavor a file's name implies. */
export function flavorOfName(name: string): ArticleFlavor {
  return name.toLowerCase().endsWith('.md') ? 'markdown' : 'article';
}
