import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArticleFlavor } from '../core/index';
import { isInside, reason } from './files';

// Loaded with require so the CJS bundle takes tinyglobby's CommonJS build: its ESM build pulls in an
// fdir module that calls createRequire(import.meta.url), which is undefined in a CJS bundle.
const { globSync, isDynamicPattern }: typeof import('tinyglobby') = require('tinyglobby');

/** A file the CLI will consider. Markdown files are checked only if the core says they are articles. */
export interface Candidate {
  /** Absolute path. */
  path: string;
  flavor: ArticleFlavor;
  /** The folder its real path must stay inside: the working directory, or the named folder outside it. */
  root: string;
  /** Named on the command line (not found by a walk or a glob). */
  named: boolean;
  /** Read only for its quotations, for quote-conflict in the files checked (it is another shard's). */
  quotesOnly?: boolean;
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
  let root = cwd;
  let named = false;
  const add = (file: string, flavor: ArticleFlavor) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push({ path: file, flavor, root, named });
  };

  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    // What is read must stay inside the working directory, or inside what was named outside it.
    root = isInside(abs, cwd) ? cwd : stat?.isDirectory() ? abs : isDynamicPattern(arg) ? staticBase(abs) : path.dirname(abs);
    named = false;
    if (stat?.isDirectory()) {
      walk(abs, add, unreadable, cwd);
    } else if (stat) {
      named = true;
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

/** Walks a folder depth-first in name order, with a list rather than recursion (no depth limit to hit). */
function walk(top: string, add: (file: string, flavor: ArticleFlavor) => void, unreadable: string[], cwd: string): void {
  const stack: { dir: string; entries: fs.Dirent[]; next: number }[] = [];
  const enter = (dir: string) => {
    try {
      const entries = fs.readdirSync(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      stack.push({ dir, entries, next: 0 });
    } catch (e) {
      unreadable.push(`dateline: cannot read directory '${display(dir, cwd)}': ${reason(e)}`);
    }
  };
  enter(top);
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.entries.length) {
      stack.pop();
      continue;
    }
    const entry = frame.entries[frame.next++];
    const full = path.join(frame.dir, entry.name);
    // Linked folders are not followed (no cycles, nothing outside the tree).
    if (entry.isDirectory()) {
      if (!skipDirectory(entry.name)) enter(full);
      continue;
    }
    const flavor = flavorOf(entry.name);
    if (!flavor) continue;
    // Anything else with an article's name (a link, a FIFO, a device) is handed on, so the reader
    // can say why it is not read.
    if (flavor === 'markdown' && !entry.isFile() && !entry.isSymbolicLink()) continue;
    add(full, flavor);
  }
}

/** The folders of a glob before its first wildcard. */
function staticBase(pattern: string): string {
  const parts = pattern.split(path.sep);
  const firstDynamic = parts.findIndex((part) => isDynamicPattern(part));
  return parts.slice(0, firstDynamic < 0 ? parts.length - 1 : firstDynamic).join(path.sep) || path.sep;
}

/** A path as the user should see it: relative to the working directory when below it. */
export function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' ? '.' : rel;
}

/**
 * Writes a command's output to `--output-file` (relative to the working directory). False, after
 * one line on standard error, when it cannot: the command then exits 2.
 */
export function writeOutputFile(io: { cwd: string; stderr: { write(text: string): unknown } }, file: string, text: string): boolean {
  try {
    fs.writeFileSync(path.resolve(io.cwd, file), text);
    return true;
  } catch (e) {
    io.stderr.write(`dateline: cannot write '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return false;
  }
}

/** Prints a command's output, or writes it to `--output-file`: the exit code, 2 when it cannot be written. */
export function emitOutput(io: { cwd: string; stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } }, outputFile: string | undefined, text: string): number {
  if (outputFile === undefined) {
    io.stdout.write(text);
    return 0;
  }
  return writeOutputFile(io, outputFile, text) ? 0 : 2;
}

/** One line for a usage error of `dateline <command>`, pointing at its help: exit 2. */
export function commandUsage(io: { stderr: { write(text: string): unknown } }, command: string, message: string): number {
  io.stderr.write(`dateline ${command}: ${message}; run 'dateline ${command} --help' for usage\n`);
  return 2;
}
