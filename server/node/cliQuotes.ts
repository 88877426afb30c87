import * as path from 'node:path';
import type { QuoteFingerprint } from '../core/index';
import type { FileChecker } from './cliCheck';
import { display, type Candidate } from './cliFiles';
import { readRegularFile } from './files';

/**
 * The quotations of every article among `files`, for quote-conflict when the CLI checks several
 * files together: plain data, so worker threads get it too. Each article is listed under its
 * displayed name, the name its findings carry.
 */
export function quotesOf(files: readonly Candidate[], cwd: string, checker: FileChecker, maxFileSize: number): { uri: string; quotes: QuoteFingerprint[] }[] {
  const out: { uri: string; quotes: QuoteFingerprint[] }[] = [];
  for (const file of files) {
    const outcome = readRegularFile(file.path, { maxBytes: maxFileSize, root: file.root });
    if (outcome.kind !== 'text') continue;
    const loaded = checker.configFor(file.path);
    const relative = loaded.path ? path.relative(path.dirname(loaded.path), file.path) : undefined;
    const name = display(file.path, cwd);
    const quotes = checker.service.open(outcome.text, { flavor: file.flavor, config: loaded.config, relativePath: relative, maxFileSize }).summary(name)?.quotes;
    if (quotes?.length) out.push({ uri: name, quotes });
  }
  return out;
}
