import { pathToFileURL } from 'node:url';
import { compareCodeUnits, type Finding, type Rule, type Severity } from '../core/index';
import { PROJECT_URL, ruleDocsUrl } from './ruleDocs';

/** One finding, tied to the file it was found in (a path relative to the working directory). */
export interface FileFinding {
  file: string;
  finding: Finding;
}

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface Tally {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

export function tally(results: readonly FileFinding[]): Tally {
  const t: Tally = { errors: 0, warnings: 0, infos: 0, hints: 0 };
  for (const { finding } of results) {
    if (finding.severity === 'error') t.errors++;
    else if (finding.severity === 'warning') t.warnings++;
    else if (finding.severity === 'info') t.infos++;
    else t.hints++;
  }
  return t;
}

/** Orders findings by file, then position, then rule id, so output is stable across runs. */
export function sortFindings(results: FileFinding[]): FileFinding[] {
  return results.sort(
    (a, b) =>
      compareCodeUnits(a.file, b.file) ||
      a.finding.range.start.line - b.finding.range.start.line ||
      a.finding.range.start.character - b.finding.range.start.character ||
      a.finding.range.end.line - b.finding.range.end.line ||
      a.finding.range.end.character - b.finding.range.end.character ||
      compareCodeUnits(a.finding.ruleId, b.finding.ruleId),
  );
}


/** ANSI colours for the text format: severities as ESLint shows them, locations and rule ids dimmed. */
const COLOURS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', hint: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };

/**
 * `file:line:col severity message [rule-id]` per finding, 1-based, then the summary line of SPEC
 * section 10. Hints are left out, as the editor's Problems view leaves them out.
 */
export function formatText(results: readonly FileFinding[], fileCount: number, colour = false): string {
  const shown = results.filter((r) => r.finding.severity !== 'hint');
  const paint = (code: string, text: string) => (colour ? `${code}${text}${COLOURS.reset}` : text);
  const lines = shown.map(({ file, finding }) => {
    const { line, character } = finding.range.start;
    // Messages are single lines by design; a stray break would split one finding into two lines.
    // Whole runs of blanks, so no run is scanned again from each of its characters.
    const message = finding.message.replace(/\s+/g, (blanks) => (/[\r\n]/.test(blanks) ? ' ' : blanks));
    return `${paint(COLOURS.dim, `${file}:${line + 1}:${character + 1}`)} ${paint(COLOURS[finding.severity], finding.severity)} ${message} ${paint(COLOURS.dim, `[${finding.ruleId}]`)}`;
  });
  const t = tally(shown);
  const line = summary(t, shown.length, fileCount, fixableCount(shown));
  lines.push(paint(t.errors ? COLOURS.error + COLOURS.bold : t.warnings ? COLOURS.warning + COLOURS.bold : COLOURS.bold, line));
  return lines.join('\n') + '\n';
}

/** Findings that `--fix` would remove: those with a safe fix. */
export function fixableCount(results: readonly FileFinding[]): number {
  return results.filter((r) => r.finding.fixes?.some((f) => f.safe)).length;
}

/** `N problems (E errors, W warnings, I infos) in F files; X fixable with --fix` (SPEC section 10). */
export function summary(t: Tally, total: number, fileCount: number, fixable: number): string {
  const parts = [plural(t.errors, 'error'), plural(t.warnings, 'warning'), plural(t.infos, 'info')];
  return `${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(fileCount, 'file')}; ${fixable} fixable with --fix`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The array SPEC section 7 promises: LSP positions, severity and the rule id as `code`. */
export function formatJson(results: readonly FileFinding[]): string {
  const out = results.map(({ file, finding }) => ({
    file,
    range: {
      start: { line: finding.range.start.line, character: finding.range.start.character },
      end: { line: finding.range.end.line, character: finding.range.end.character },
    },
    severity: finding.severity,
    code: finding.ruleId,
    message: finding.message,
    ...(finding.fixes?.length ? { fixes: finding.fixes.filter((f) => f.edits.every((e) => e.range)).map((f) => ({ title: f.title, safe: f.safe, edits: f.edits.map((e) => ({ range: e.range, newText: e.newText })) })) } : {}),
  }));
  return JSON.stringify(out, null, 2) + '\n';
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, every rule in the driver, regions 1-based
 * with columns in UTF-16 code units (the same units as LSP, so no conversion is needed).
 */
export function formatSarif(results: readonly FileFinding[], rules: readonly Rule[], version: string, cwd: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dateline',
            version,
            semanticVersion: version,
            informationUri: PROJECT_URL,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              helpUri: ruleDocsUrl(r.id),
              help: { text: `${r.description} See ${ruleDocsUrl(r.id)}` },
              defaultConfiguration: { level: sarifLevel(r.defaultSeverity) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(cwd) } },
        results: results.map(({ file, finding }) => {
          const { start, end } = finding.range;
          const index = ruleIndex.get(finding.ruleId);
          return {
            ruleId: finding.ruleId,
            ...(index === undefined ? {} : { ruleIndex: index }),
            level: sarifLevel(finding.severity),
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' },
                  // SARIF counts from 1 and its end column points just past the last character.
                  region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
                },
              },
            ],
          };
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function relativeUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
