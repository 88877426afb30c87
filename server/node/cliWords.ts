import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCommonWord } from '../core/actors/spelling';
import { createLanguageService, type DatelineConfig } from '../core/index';
import type { CliIO } from './cliMain';
import { readCommand } from './cliArgs';
import { commandUsage, emitOutput } from './cliFiles';
import { ConfigStore } from './configStore';

export const WORDS_USAGE = `Usage: dateline words [DIR] [--format cspell|plain] [--config FILE] [--output-file FILE]

Prints the words of every actor name and alias and every source name and alias
of the dateline.yaml that applies in DIR (default: the current directory), one
a line, for spell checkers: a words file for Code Spell Checker (cspell), or a
plain list (LTeX and others). Common English words are left out.

Options:
  --format cspell|plain   cspell (default) starts with a comment saying where the
                          list comes from; plain is the words alone
  --config FILE           use this dateline.yaml
  --output-file FILE      write the list to FILE instead of standard output
  -h, --help              show this help
`;

const FORMATS = ['cspell', 'plain'] as const;

/**
 * The words of the registry's names, sorted, each once: what a spell checker needs to stop
 * flagging them. Names are split at spaces and hyphens (a hyphenated name is listed whole too).
 */
export function dictionaryWords(config: DatelineConfig): string[] {
  const words = new Set<string>();
  const addName = (name: string) => {
    for (const raw of name.split(/\s+/)) {
      const word = trimToWord(raw).replace(/[’']s$/, '');
      for (const part of word.includes('-') ? [word, ...word.split('-')] : [word]) {
        if (isNameWord(part)) words.add(part);
      }
    }
  };
  for (const actor of config.actors) {
    addName(actor.name);
    for (const alias of actor.aliases) addName(alias);
  }
  for (const source of config.sources) {
    addName(source.name);
    for (const alias of source.aliases) addName(alias);
  }
  return [...words].sort();
}

/** The word without punctuation around it: `(RIA)` → `RIA`, `Dr.` → `Dr`. */
function trimToWord(raw: string): string {
  const chars = [...raw];
  const isWord = (c: string) => /[\p{L}\p{N}]/u.test(c);
  let start = 0;
  let end = chars.length;
  while (start < end && !isWord(chars[start])) start++;
  while (end > start && !isWord(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/**
 * A word a spell checker may not know: it has a capital (lower-case words such as `of` are the
 * language's), three letters or more unless an acronym (`BW`; `Dr` is an abbreviation), and is
 * no common English word.
 */
function isNameWord(word: string): boolean {
  if (!/\p{Lu}/u.test(word)) return false;
  if (word.length < 3 && word !== word.toUpperCase()) return false;
  return word.length >= 2 && !isCommonWord(word.toLowerCase());
}

/** `dateline words …`; resolves to the exit code. */
export async function runWords(argv: readonly string[], io: CliIO): Promise<number> {
  const read = readCommand(argv, io, { name: 'words', usage: WORDS_USAGE, values: ['--format', '--config', '--output-file'], formats: FORMATS });
  if (typeof read === 'number') return read;
  const { options, format } = read;
  const configFile = options.values['--config'];
  const outputFile = options.values['--output-file'];
  const dirs = options.positional;
  if (dirs.includes('-')) return usage(io, 'dateline words reads folders, not standard input');
  if (dirs.length > 1) return usage(io, 'give at most one folder');
  const store = new ConfigStore(createLanguageService());
  let config: DatelineConfig;
  if (configFile !== undefined) {
    const file = path.resolve(io.cwd, configFile);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      io.stderr.write(`dateline: cannot read config file '${configFile}'\n`);
      return 2;
    }
    config = store.load(file).config;
  } else {
    const dir = path.resolve(io.cwd, dirs[0] ?? '.');
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      io.stderr.write(`dateline: '${dirs[0]}' is not a folder\n`);
      return 2;
    }
    const loaded = store.forFile(path.join(dir, '_'));
    if (!loaded.path) io.stderr.write('dateline: no dateline.yaml applies here; the list is empty\n');
    config = loaded.config;
  }
  const words = dictionaryWords(config);
  const head = format === 'cspell' ? '# Names from the Dateline registry (dateline words); regenerate, do not edit.\n' : '';
  const text = head + words.map((w) => `${w}\n`).join('');
  return emitOutput(io, outputFile, text);
}

function usage(io: CliIO, message: string): number {
  return commandUsage(io, 'words', message);
}
