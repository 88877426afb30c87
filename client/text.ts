import { actorId } from '../server/core/actors/ids';
import { citationDate as apCitationDate } from '../server/core/dates';
import { yamlScalar } from '../server/core/yamlScalar';

/**
 * Text helpers for the editor commands. Plain functions on strings: no vscode, no I/O, so the
 * commands stay a few lines of editor plumbing.
 */

const MONTH_PREFIXES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `Month Day` in AP style for a calendar date. */
export function citationDate(month: number, day: number): string {
  return apCitationDate({ month, day });
}

/**
 * The header's date as `Month Day`, or undefined when the article has none. Reads both header
 * spellings (header lines and a YAML block) and both date forms (`2021-03-15`, `March 15, 2021`).
 */
export function headerCitationDate(text: string): string | undefined {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let header: string[];
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    header = lines.slice(1, end < 0 ? lines.length : end);
  } else {
    const start = lines.findIndex((l) => l.trim() !== '');
    if (start < 0) return undefined;
    const end = lines.findIndex((l, i) => i > start && l.trim() === '');
    header = lines.slice(start, end < 0 ? lines.length : end);
  }
  for (const line of header) {
    const iso = /(?:^|\s)date:\s*["']?(\d{4})-(\d{1,2})-(\d{1,2})\b/i.exec(line);
    if (iso) {
      const month = Number(iso[2]);
      const day = Number(iso[3]);
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return citationDate(month, day);
    }
    const long = /(?:^|\s)date:\s*["']?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+\d{4}\b/i.exec(line);
    if (long) {
      const month = MONTH_PREFIXES.indexOf(long[1].slice(0, 3).toLowerCase()) + 1;
      const day = Number(long[2]);
      if (month >= 1 && day >= 1 && day <= 31) return citationDate(month, day);
    }
  }
  return undefined;
}

export type ActorKind = 'person' | 'organization' | 'place';

export { actorId };

export interface ActorAppend {
  /** Text to insert at the end of the file. */
  text: string;
  /** Line, counted in the new text, where the entry starts. */
  line: number;
}

/**
 * The text that appends an actor to a registry file, or undefined when an entry with the same id
 * is already there. Follows the file's form: a top-level list, or a list under `actors:`, and its
 * indentation.
 */
export function appendActor(existing: string, name: string, kind: ActorKind): ActorAppend | undefined {
  const id = actorId(name);
  // Blanks that stay on the line: `\s*` at a line start would run on over every blank line below.
  const idPattern = new RegExp(`^[^\\S\\n\\r\\u2028\\u2029]*(?:-\\s+)?id:\\s*["']?${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?[^\\S\\n\\r\\u2028\\u2029]*$`, 'm');
  if (idPattern.test(existing)) return undefined;
  const lines = existing.split(/\r\n|\r|\n/);
  const eol = /\r\n/.test(existing) ? '\r\n' : '\n';
  const firstItem = lines.find((l) => /^\s*-\s/.test(l));
  let indent = firstItem ? /^(\s*)/.exec(firstItem)![1] : '';
  if (!firstItem && /^actors:\s*$/m.test(existing)) indent = '  ';
  const entry = [`${indent}- id: ${yamlScalar(id)}`, `${indent}  name: ${yamlScalar(name)}`, `${indent}  kind: ${kind}`];
  let prefix = '';
  if (!existing.trim()) prefix = `# People, organizations and places the articles mention.${eol}`;
  else if (!/(\r\n|\r|\n)$/.test(existing)) prefix = eol;
  const breaks = (t: string) => t.split(/\r\n|\r|\n/).length - 1;
  return { text: prefix + entry.join(eol) + eol, line: breaks(existing) + breaks(prefix) };
}

/** The value of a top-level `actors:` key when it names one file, `''` when the key is absent. */
export function configActorsPath(config: string): string | undefined {
  // The value up to its last character before blanks or a comment; `(.*?)[ \t]*` backtracked quadratically.
  const m = /^actors:[ \t]*((?:[ \t]*[^ \t#\n\r\u2028\u2029])*)[ \t]*(?:#.*)?$/m.exec(config);
  if (!m) return '';
  const value = m[1].replace(/^(["'])(.*)\1$/, '$2');
  return /\.ya?ml$/i.test(value) && !/^[[{-]/.test(value) ? value : undefined;
}
