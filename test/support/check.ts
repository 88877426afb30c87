import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService, LineIndex, WorkspaceIndex, type AnalysisResult, type ArticleFlavor, type DatelineConfig, type DocumentAnalysis, type Finding } from '../../server/core/index';
import { assertFixCloses } from './fixChecker';
import { compareExpected, parseMarkers, renderMarkers, type ExpectedFinding } from './markers';

export { mapOffset, mapSpan } from './fixChecker';

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

/** Opens a text the way the editor would, with the fixture's config and workspace. */
export function open(text: string, options: CheckOptions = {}): DocumentAnalysis {
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
  return service.open(text, { flavor, config, relativePath: options.relativePath ?? options.fileName, quotes, uri: `file:///workspace/${options.fileName ?? 'article.article'}`, workspaceSources: quotes?.sources() });
}

/** Analyses a text the way the editor would: Markdown only when it counts as an article. */
export function analyse(text: string, options: CheckOptions = {}): { findings: Finding[]; result?: AnalysisResult } {
  const opened = open(text, options);
  if (!opened.isArticle) return { findings: [] };
  return { findings: opened.result.findings, result: opened.result };
}

/**
 * Strips the markers from a fixture, analyses it, and asserts the findings are exactly the marked
 * ones. Then applies every fix and checks its closed loop (test/support/fixChecker.ts).
 */
export function check(source: string, options: CheckOptions = {}): CheckResult {
  const { text, expected } = parseMarkers(source);
  const { findings, result } = analyse(text, options);
  assertSameFindings(text, expected, findings, options.fileName);
  for (const finding of findings) {
    for (const fix of finding.fixes ?? []) {
      assertFixCloses(text, finding, fix, (t) => analyse(t, options).findings, options.fileName, findings);
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
