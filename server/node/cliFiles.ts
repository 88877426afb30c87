import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArticleFlavor } from '../core/index';

// Loaded with require so the CJS bundle takes tinyglobby's CommonJS build: its ESM build pulls in an
// fdir module that calls createRequire(import.meta.url), which is undefined in a CJS bundle.
const { globSync, isDynamicPattern }: typeof import('tinyglobby') = require('tinyglobby');

/** A file the CLI will consider. Markdown files are checked only if the core says they are articles. */
export interface Candidate {
  /** Absolute path. */
  path: string;
  flavor: ArticleFlavor;
}

export interface Collected {
  files: Candidate[];
  /** Paths on the command line that name nothing: one line each for stderr, and nothing is checked. */
  errors: string[];
  /** Folders that could not be listed: reported, and the run exits 2 after checking the rest. */
  unreadable: string[];
}

/** Folders never walked into: dependencies and dot-folders (.git, .vscode, …). */
function skipDirectory(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** The flavor of a file found by a walk or a glob; undefined when it is neither kind of article. */
function flavorOf(file: string): ArticleFlavor | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.article') return 'article';
  if (ext === '.md') return 'markdown';
  return undefined;
}

/**
 * Resolves the command line's paths: a file is taken as named (Markdown by its extension, anything
 * else as an article), a directory is walked, and anything else that looks like a glob is expanded.
 */
export function collectFiles(args: readonly string[], cwd: string): Collected {
  const seen = new Set<string>();
  const files: Candidate[] = [];
  const errors: string[] = [];
  const unreadable: string[] = [];
  const add = (file: string, flavor: ArticleFlavor) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push({ path: file, flavor });
  };

  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      walk(abs, add, unreadable, cwd);
    } else if (stat) {
      add(abs, flavorOf(abs) ?? 'article');
    } else if (isDynamicPattern(arg)) {
      const matches = globSync(arg, { cwd, absolute: true, onlyFiles: true, dot: false, expandDirectories: false, ignore: ['**/node_modules/**'] });
      if (matches.length === 0) errors.push(`dateline: no files match '${arg}'`);
      for (const match of matches.sort()) {
        const flavor = flavorOf(match);
        if (flavor) add(path.resolve(match), flavor);
      }
    } else {
      errors.push(`dateline: no such file or directory '${arg}'`);
    }
  }
  return { files, errors, unreadable };
}

function walk(dir: string, add: (file: string, flavor: ArticleFlavor) => void, unreadable: string[], cwd: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    unreadable.push(`dateline: cannot read directory '${display(dir, cwd)}': ${reason(e)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDirectory(entry.name)) walk(full, add, unreadable, cwd);
      continue;
    }
    const flavor = flavorOf(entry.name);
    if (!flavor) continue;
    // Linked folders are not followed (no cycles). A linked file is read like any other, and a
    // dangling link fails when read, where it is reported.
    if (entry.isSymbolicLink()) {
      let target: fs.Stats | undefined;
      try {
        target = fs.statSync(full);
      } catch {
        target = undefined;
      }
      if (target && !target.isFile()) continue;
    } else if (!entry.isFile()) {
      continue;
    }
    add(full, flavor);
  }
}

/** What reading a file gave: text to analyse, or why there is none. */
export type ReadOutcome =
  | { kind: 'text'; text: string; /** The file started with a UTF-8 byte order mark (stripped from `text`). */ bom: boolean }
  | { kind: 'too-large'; size: number; /** The start of the file, enough to find a Markdown front matter. */ head: string }
  | { kind: 'invalid-utf8'; /** A lossy decoding, only to decide whether Markdown is an article. */ head: string }
  | { kind: 'error'; message: string };

/** A too-large file is read this far only: enough to find the `publication` key of its front matter. */
const HEAD_BYTES = 64 * 1024;

/** Reads a file as bytes, stat first so an oversized file is never read whole. */
export function readArticleFile(file: string, maxBytes: number): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) {
      const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
      const n = fs.readSync(fd, head, 0, head.length, 0);
      return { kind: 'too-large', size, head: lossy(head.subarray(0, n)) };
    }
    return decodeBytes(fs.readFileSync(fd));
  } catch (e) {
    return { kind: 'error', message: reason(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads standard input, keeping no more than the limit plus one byte in memory. */
export async function readArticleStream(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<ReadOutcome> {
  const chunks: Buffer[] = [];
  let size = 0;
  let kept = 0;
  try {
    for await (const chunk of stream) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += buf.length;
      if (kept <= maxBytes) {
        chunks.push(buf);
        kept += buf.length;
      }
    }
  } catch (e) {
    return { kind: 'error', message: reason(e) };
  }
  const bytes = Buffer.concat(chunks);
  if (size > maxBytes) return { kind: 'too-large', size, head: lossy(bytes.subarray(0, HEAD_BYTES)) };
  return decodeBytes(bytes);
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const loose = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Strict UTF-8 with the BOM removed. NUL bytes decode fine; the core's binary check sees them. */
export function decodeBytes(bytes: Uint8Array): ReadOutcome {
  const body = hasBom(bytes) ? bytes.subarray(3) : bytes;
  try {
    return { kind: 'text', text: strict.decode(body), bom: body !== bytes };
  } catch {
    return { kind: 'invalid-utf8', head: loose.decode(body.subarray(0, HEAD_BYTES)) };
  }
}

function lossy(bytes: Uint8Array): string {
  return loose.decode(hasBom(bytes) ? bytes.subarray(3) : bytes);
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/** A short reason without the absolute path that Node puts in its messages. */
function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return (err.code && ERRNO_TEXT[err.code]) ?? err.code ?? err.message ?? String(e);
}

/** A path as the user should see it: relative to the working directory when below it. */
export function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' ? '.' : rel;
}
