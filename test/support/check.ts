import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, createLanguageService, LineIndex, WorkspaceIndex, type AnalysisResult, type ArticleFlavor, type DatelineConfig, type Finding, type Fix, type Span, type TextEdit } from '../../server/core/index';
import { compareExpected, parseMarkers, renderMarkers, type ExpectedFinding } from './markers';

export const service = createLanguageService();

export interface CheckOptions {
  /** Wins over the flavor implied by `fileName`. */
  flavor?: ArticleFlavor;
  /** `.md` means Markdown; anything else is an article. Also shown in failure messages. */
  fileName?: string;
  /** A `dateline.yaml` text; it must parse without errors, so a typo in a fixture cannot hide. */
  configText?: string;
  config?: DatelineConfig;
  /** Path relative to the config's folder, for `include` globs. */
  relativePath?: string;
  /** Other articles of the same workspace (for quote-conflict): indexed first, under `file:///workspace/<name>`. */
  workspace?: { name: string; text: string }[];
}

export interface CheckResult {
  text: string;
  expected: ExpectedFinding[];
  /** Empty when the file is not an article (Markdown without `publication`). */
  findings: Finding[];
  result?: AnalysisResult;
}

export function flavorOf(options: CheckOptions): ArticleFlavor {
  if (options.flavor) return options.flavor;
  return options.fileName?.toLowerCase().endsWith('.md') ? 'markdown' : 'article';
}

export function configOf(options: CheckOptions): DatelineConfig | undefined {
  if (options.config) return options.config;
  if (options.configText === undefined) return undefined;
  const { config, findings } = service.parseConfig(options.configText);
  const errors = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.deepEqual(errors.map((f) => f.message), [], `the fixture's dateline.yaml has problems`);
  return config;
}

/** Analyses a text the way the editor would: Markdown only when it counts as an article. */
export function analyse(text: string, options: CheckOptions = {}): { findings: Finding[]; result?: AnalysisResult } {
  const flavor = flavorOf(options);
  const config = configOf(options);
  let quotes: WorkspaceIndex | undefined;
  if (options.workspace?.length) {
    quotes = new WorkspaceIndex();
    for (const other of options.workspace) {
      const summary = service.summarize(`file:///workspace/${other.name}`, other.text, { flavor: flavorOf({ fileName: other.name }), config });
      if (summary) quotes.set(summary);
    }
  }
  const opened = service.open(text, { flavor, config, relativePath: options.relativePath ?? options.fileName, quotes, uri: `file:///workspace/${options.fileName ?? 'article.article'}` });
  if (!opened.isArticle) return { findings: [] };
  return { findings: opened.result.findings, result: opened.result };
}

/**
 * Strips the markers from a fixture, analyses it, and asserts the findings are exactly the marked
 * ones. Then applies every preferred fix and checks that it removes its finding and nothing else.
 */
export function check(source: string, options: CheckOptions = {}): CheckResult {
  const { text, expected } = parseMarkers(source);
  const { findings, result } = analyse(text, options);
  assertSameFindings(text, expected, findings, options.fileName);
  for (const finding of findings) {
    for (const fix of finding.fixes ?? []) {
      assertFixApplies(text, finding, fix, findings, options);
    }
  }
  return { text, expected, findings, result };
}

function key(f: ExpectedFinding): string {
  return `${f.ruleId}@${f.start}-${f.end}`;
}

export function assertSameFindings(text: string, expected: readonly ExpectedFinding[], findings: readonly Finding[], name = 'fixture'): void {
  const actual = findings.map((f) => ({ ruleId: f.ruleId, start: f.span.start, end: f.span.end }));
  const want = new Map<string, ExpectedFinding[]>();
  for (const e of expected) want.set(key(e), [...(want.get(key(e)) ?? []), e]);
  const unexpected: ExpectedFinding[] = [];
  for (const a of actual) {
    const list = want.get(key(a));
    if (list?.length) list.pop();
    else unexpected.push(a);
  }
  const missing = [...want.values()].flat().sort(compareExpected);
  if (!missing.length && !unexpected.length) return;
  const lines = new LineIndex(text);
  const describe = (f: ExpectedFinding) => {
    const s = lines.positionAt(f.start);
    const e = lines.positionAt(f.end);
    const message = findings.find((x) => x.ruleId === f.ruleId && x.span.start === f.start && x.span.end === f.end)?.message;
    return `  ${f.ruleId} at ${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${JSON.stringify(text.slice(f.start, f.end))}${message ? ` — ${message}` : ''}`;
  };
  const report = [`${name}: findings differ from the markers.`];
  if (missing.length) report.push('Missing (marked, not found):', ...missing.map(describe));
  if (unexpected.length) report.push('Unexpected (found, not marked):', ...unexpected.sort(compareExpected).map(describe));
  // The lines involved, marked up with what the analysis actually found.
  const touched = new Set<number>();
  for (const f of [...missing, ...unexpected]) {
    for (let l = lines.positionAt(f.start).line; l <= lines.positionAt(f.end).line; l++) touched.add(l);
  }
  const rendered = renderMarkers(text, actual).split(/\r\n|\r|\n/);
  report.push('Actual findings on those lines:');
  for (const l of [...touched].sort((a, b) => a - b)) report.push(`  ${l + 1}| ${rendered[l] ?? ''}`);
  assert.fail(report.join('\n'));
}

/** Where an offset lands after the edits; `end` decides which side of an insertion it takes. */
export function mapOffset(offset: number, edits: readonly TextEdit[], side: 'start' | 'end'): number {
  let delta = 0;
  for (const edit of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    const { start, end } = edit.span;
    const growth = edit.newText.length - (end - start);
    if (offset < start || (offset === start && (side === 'start' || start < end))) break;
    if (offset >= end) {
      delta += growth;
      continue;
    }
    // Inside a replaced range: the span now covers the replacement.
    return side === 'start' ? start + delta : start + delta + edit.newText.length;
  }
  return offset + delta;
}

export function mapSpan(span: Span, edits: readonly TextEdit[]): Span {
  return { start: mapOffset(span.start, edits, 'start'), end: mapOffset(span.end, edits, 'end') };
}

function assertFixApplies(text: string, finding: Finding, fix: Fix, before: readonly Finding[], options: CheckOptions): void {
  const where = `fix "${fix.title}" of ${finding.ruleId} at ${finding.span.start}-${finding.span.end}`;
  const sorted = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i].span;
    assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length, `${where}: edit ${e.start}-${e.end} lies outside the text`);
    if (i > 0) assert.ok(sorted[i - 1].span.end <= e.start, `${where}: edits overlap`);
  }
  const fixed = applyEdits(text, fix.edits);
  // Everything outside the edited ranges is byte-identical, in order.
  let from = 0;
  let at = 0;
  for (const edit of sorted) {
    const kept = text.slice(from, edit.span.start);
    assert.equal(fixed.slice(at, at + kept.length), kept, `${where}: text before the edit at ${edit.span.start} changed`);
    at += kept.length;
    assert.equal(fixed.slice(at, at + edit.newText.length), edit.newText, `${where}: the replacement is not where the edit says`);
    at += edit.newText.length;
    from = edit.span.end;
  }
  assert.equal(fixed.slice(at), text.slice(from), `${where}: text after the last edit changed`);

  assert.equal(typeof fix.safe, 'boolean', `${where}: the fix declares neither safe nor editorial`);
  // Only safe fixes go into "fix all" unattended, so only they promise a clean result.
  if (!fix.safe) return;
  const after = analyse(fixed, options).findings;
  const target = mapSpan(finding.span, fix.edits);
  const still = after.find((f) => f.ruleId === finding.ruleId && f.span.start === target.start && f.span.end === target.end);
  assert.equal(still, undefined, `${where}: the finding is still there after the fix:\n${fixed}`);
  const previousErrors = new Set(before.filter((f) => f.severity === 'error').map((f) => {
    const s = mapSpan(f.span, fix.edits);
    return `${f.ruleId}@${s.start}-${s.end}`;
  }));
  const fresh = after.filter((f) => f.severity === 'error' && !previousErrors.has(`${f.ruleId}@${f.span.start}-${f.span.end}`));
  assert.deepEqual(fresh.map((f) => `${f.ruleId} ${JSON.stringify(fixed.slice(f.span.start, f.span.end))}: ${f.message}`), [], `${where}: the fix brought new errors`);
}

export const FIXTURES = join(__dirname, '..', 'fixtures', 'core');

export interface Fixture {
  name: string;
  source: string;
  configText?: string;
  /** The articles of `<name>.workspace/`, when there is such a folder: the fixture's workspace. */
  workspace?: { name: string; text: string }[];
}

/** Every `*.article` and `*.md` fixture, with its `<name>.dateline.yaml` when there is one. */
export function loadFixtures(dir = FIXTURES): Fixture[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.article') || name.endsWith('.md'))
    .sort()
    .map((name) => {
      const configPath = join(dir, name.replace(/\.(article|md)$/, '.dateline.yaml'));
      const workspaceDir = join(dir, name.replace(/\.(article|md)$/, '.workspace'));
      return {
        name,
        source: readFileSync(join(dir, name), 'utf8'),
        configText: existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined,
        workspace: existsSync(workspaceDir) ? readdirSync(workspaceDir).sort().map((other) => ({ name: other, text: readFileSync(join(workspaceDir, other), 'utf8') })) : undefined,
      };
    });
}
