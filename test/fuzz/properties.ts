/**
 * The robustness properties, as plain functions that throw on a violation. The unit tests run
 * them briefly, `npm run fuzz` runs them a million times, and saved regressions replay through
 * the same functions.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentsConfig } from '../../server/lsp/server';
import { charBoundary } from '../../server/core/text';
import { parseActorRegistry } from '../../server/core/actors/registry';
import { readRegistryShape } from '../../server/core/actors/registryShape';
import { applyEdits, createLanguageService, LineIndex, type AnalyzeOptions, type DatelineConfig, type Finding, type LanguageService, type Span } from '../../server/core/index';
import {
  actorsText,
  analysisInput,
  configText,
  incrementalInput,
  positionsInput,
  registryShapeText,
  type AnalysisInput,
  type IncrementalInput,
  type PositionsInput,
  type RawChange,
} from './generators';

/** A language service whose logger records instead of printing: the facade logs only what it caught. */
export function recordingService(): { service: LanguageService; logged: string[] } {
  const logged: string[] = [];
  return { service: createLanguageService({ logger: { log: (m) => logged.push(m) } }), logged };
}

function assertNothingLogged(logged: readonly string[], what: string): void {
  assert.equal(logged.length, 0, `${what} threw inside the facade:\n${logged[0] ?? ''}`);
}

export function isInsideCrLf(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10;
}

export function splitsSurrogatePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** A span inside the text whose ends fall on character boundaries. */
export function assertSpan(text: string, span: Span, label: string): void {
  const { start, end } = span;
  assert.ok(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length, `${label}: span ${start}-${end} outside the text (length ${text.length})`);
  for (const o of [start, end]) {
    assert.ok(!isInsideCrLf(text, o), `${label}: offset ${o} falls between \\r and \\n`);
    assert.ok(!splitsSurrogatePair(text, o), `${label}: offset ${o} splits a surrogate pair`);
  }
}

/** Every finding and every fix edit lies inside the text, on boundaries, with a range that maps back to its span. */
export function assertWellPlaced(text: string, findings: readonly Finding[], where = 'finding'): void {
  const lines = new LineIndex(text);
  for (const f of findings) {
    const label = `${where} ${f.ruleId} at ${f.span.start}-${f.span.end}`;
    assertSpan(text, f.span, label);
    const { start: s, end: e } = f.range;
    assert.ok(s.line < e.line || (s.line === e.line && s.character <= e.character), `${label}: range ends before it starts`);
    for (const p of [s, e]) {
      assert.ok(p.line >= 0 && p.line < lines.lineCount, `${label}: line ${p.line} outside the document`);
      assert.ok(p.character >= 0 && p.character <= lines.lineEnd(p.line) - lines.lineStart(p.line), `${label}: character ${p.character} past the end of line ${p.line}`);
    }
    assert.deepEqual(f.range, lines.rangeOf(f.span), `${label}: range does not match the span`);
    for (const fix of f.fixes ?? []) {
      for (const edit of fix.edits) assertSpan(text, edit.span, `${label}: fix "${fix.title}"`);
      // The edits of one fix never overlap, so the fix applies.
      applyEdits(text, fix.edits);
    }
  }
}

/** Parsed configs by text: the same few come up again and again, and YAML parsing dominates the run time. */
const configCache = new Map<string, DatelineConfig>();

/** The config and registry as the server combines them. Each analysis gets its own copy. */
export function configOf(service: LanguageService, configText: string | undefined, actors: string | undefined): DatelineConfig | undefined {
  if (configText === undefined) return undefined;
  const key = `${configText}\u0000${actors ?? ''}`;
  const cached = configCache.get(key);
  if (cached) return { ...cached, actors: [...cached.actors] };
  const config = parsedConfig(service, configText, actors);
  if (configCache.size > 200) configCache.clear();
  configCache.set(key, config);
  return { ...config, actors: [...config.actors] };
}

function parsedConfig(service: LanguageService, configText: string, actors: string | undefined): DatelineConfig {
  const { config, findings } = service.parseConfig(configText);
  assertWellPlaced(configText, findings, 'config problem');
  if (actors !== undefined) {
    const registry = service.parseActors(actors, 'actors.yaml');
    assertWellPlaced(actors, registry.findings, 'registry problem');
    config.actors = [...config.actors, ...registry.actors];
  }
  return config;
}

/** Parser, rules, fixes and editor features: nothing throws, everything lands inside the text. */
export function checkAnalysis(input: AnalysisInput): void {
  const { service, logged } = recordingService();
  const config = configOf(service, input.configText, input.actorsText);
  const opts: AnalyzeOptions = { flavor: input.flavor, config, severityOverrides: input.severityOverrides as AnalyzeOptions['severityOverrides'], maxFileSize: input.maxFileSize };
  const { text } = input;
  // The Markdown gate reads the config's include globs, whatever they hold.
  service.isArticle(input.flavor, text, 'articles/notes.md', config);
  const result = service.analyze(text, opts);
  assertNothingLogged(logged, 'analyze');
  assertWellPlaced(text, result.findings);
  if (result.skipped) {
    assert.ok(result.findings.every((f) => f.ruleId === 'file-skipped') && result.findings.length <= 1, 'a skipped file gets at most its file-skipped note');
  } else {
    assert.ok(result.article, 'an analysed file has its article');
  }
  // Each fix on its own leaves a text that analyses cleanly.
  for (const f of result.findings.slice(0, 4)) {
    const fix = f.fixes?.[0];
    if (!fix) continue;
    const fixed = applyEdits(text, fix.edits);
    assertWellPlaced(fixed, service.analyze(fixed, opts).findings, `after fixing ${f.ruleId}`);
    assertNothingLogged(logged, `analyze after fixing ${f.ruleId}`);
  }
  const all = service.fixAll(text, opts);
  assertNothingLogged(logged, 'fixAll');
  assertWellPlaced(all.text, all.result.findings, 'after fix all');
  // The editor features, at a few offsets, with and without the analysed article.
  const featureOpts = { ...opts, article: result.article };
  const lines = new LineIndex(text);
  input.at.forEach((fraction, i) => {
    // Where an editor can put the cursor: never inside a CRLF or a surrogate pair.
    const offset = charBoundary(text, lines.offsetAt(lines.positionAt(Math.round(fraction * text.length))));
    for (const item of service.complete(text, offset, featureOpts).items) assertSpan(text, item.span, `completion "${item.label}"`);
    // Once without the article, so the feature parses the text itself.
    const card = service.hover(text, offset, i === 0 ? opts : featureOpts);
    if (card) assertSpan(text, card.span, 'hover');
  });
  const symbols = service.documentSymbols(text, featureOpts);
  const visit = (list: typeof symbols): void => {
    for (const s of list) {
      assertSpan(text, s.span, `symbol "${s.name}"`);
      assertSpan(text, s.selectionSpan, `symbol "${s.name}" selection`);
      visit(s.children);
    }
  };
  visit(symbols);
  for (const t of service.semanticTokens(text, featureOpts)) assertSpan(text, t.span, `semantic token ${t.type}`);
  service.summarize('file:///fuzz.article', text, opts);
  assertNothingLogged(logged, 'an editor feature');
}

/** `dateline.yaml` and actors files: no exception escapes, every problem lies inside the file. */
export function checkConfig(input: { config: string; actors: string }): void {
  const { service, logged } = recordingService();
  const { findings } = service.parseConfig(input.config);
  assertWellPlaced(input.config, findings, 'config problem');
  const registry = service.parseActors(input.actors, 'actors.yaml');
  assertWellPlaced(input.actors, registry.findings, 'registry problem');
  // The config's inline actors and the registry's actors together still give a working analysis.
  const { config } = service.parseConfig(input.config);
  config.actors = [...config.actors, ...registry.actors];
  service.isArticle('markdown', '# Notes', 'articles/notes.md', config);
  const text = 'Publication: P Volume: 1 Issue: 1\n\nArlen Voss met Brandt and the Board. “We met for hours and hours,” Voss said (APA, July 3).';
  assertWellPlaced(text, service.analyze(text, { config }).findings);
  assertNothingLogged(logged, 'analysis with a fuzzed config');
}

/** Where a change's range lands in the text, the way the core counts. */
function placeChange(text: string, change: RawChange): { span: Span; newText: string } {
  if (!change.range) return { span: { start: 0, end: text.length }, newText: change.text };
  const lines = new LineIndex(text);
  // The LSP reads a line past the end as the end of the document.
  let a = lines.offsetAt(change.range.start);
  let b = lines.offsetAt(change.range.end);
  if (a > b) [a, b] = [b, a];
  return { span: { start: a, end: b }, newText: change.text };
}

/** What a server publishes for a finding, minus the fields that only restate the rule. */
export function published(findings: readonly Finding[]): { code: string; severity: string; message: string; range: Finding['range'] }[] {
  return findings.map((f) => ({ code: f.ruleId, severity: f.severity, message: f.message, range: f.range }));
}

/**
 * Incremental changes, as the server applies them (`TextDocument.update`), give the text the core
 * computes on its own, and analysing it after every step gives what a fresh analysis gives. The
 * document's incrementally kept line table agrees with the core's positions.
 */
export function checkIncremental(input: IncrementalInput): void {
  const { service, logged } = recordingService();
  const opts: AnalyzeOptions = { flavor: input.flavor };
  const doc = TextDocument.create('file:///fuzz.article', input.flavor, 1, input.initial);
  let model = input.initial;
  let version = 1;
  service.analyze(model, opts);
  for (const batch of input.changes) {
    for (const change of batch) {
      const { span, newText } = placeChange(model, change);
      model = model.slice(0, span.start) + newText + model.slice(span.end);
    }
    // As the server applies them.
    documentsConfig.update(doc, batch.map((c) => (c.range ? { range: c.range, text: c.text } : { text: c.text })), ++version);
    assert.equal(doc.getText(), model, `after version ${version} the document and the core disagree on the text`);
    assertWellPlaced(model, service.analyze(model, opts).findings, `version ${version}`);
  }
  const final = doc.getText();
  const incremental = service.analyze(final, opts);
  const fresh = createLanguageService().analyze(final, opts);
  assert.deepEqual(published(incremental.findings), published(fresh.findings), 'analysis after edits differs from a fresh one');
  assertNothingLogged(logged, 'analyze during edits');
  const lines = new LineIndex(final);
  assert.equal(doc.lineCount, lines.lineCount, 'line count');
  for (const f of incremental.findings) {
    assert.deepEqual(doc.positionAt(f.span.start), f.range.start, `${f.ruleId}: start position differs from the edited document's`);
    assert.deepEqual(doc.positionAt(f.span.end), f.range.end, `${f.ruleId}: end position differs from the edited document's`);
    assert.equal(doc.offsetAt(f.range.start), f.span.start, `${f.ruleId}: start offset differs from the edited document's`);
  }
}

/** Offsets and positions round-trip through the core's LineIndex exactly as through an LSP TextDocument. */
export function checkPositions(input: PositionsInput): void {
  const { text } = input;
  const lines = new LineIndex(text);
  const doc = TextDocument.create('file:///p.article', 'article', 1, text);
  assert.equal(lines.lineCount, doc.lineCount, 'line count');
  for (let o = 0; o <= text.length; o++) {
    const p = lines.positionAt(o);
    assert.deepEqual(p, doc.positionAt(o), `positionAt(${o})`);
    // Inside a CRLF the offset belongs to the end of its line.
    assert.equal(lines.offsetAt(p), isInsideCrLf(text, o) ? o - 1 : o, `offsetAt(positionAt(${o}))`);
  }
  for (const p of input.positions) assert.equal(lines.offsetAt(p), doc.offsetAt(p), `offsetAt(${JSON.stringify(p)})`);
  for (let line = 0; line < lines.lineCount; line++) {
    const range = doc.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } });
    assert.equal(text.slice(lines.lineStart(line), lines.lineEnd(line)), range, `content of line ${line}`);
  }
}

/** The fast reader of the common registry shape declines, or gives exactly what the YAML library gives. */
export function checkRegistryShape(text: string): void {
  if (!readRegistryShape(text)) return;
  assert.deepEqual(parseActorRegistry(text, 'actors.yaml'), parseActorRegistry(text, 'actors.yaml', { library: true }));
}

export interface PropertyDef<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  check(input: T): void;
  /** Share of the fuzz iterations. */
  weight: number;
}

/** A property with its input type forgotten, so the list can hold them all. */
function def<T>(p: PropertyDef<T>): PropertyDef<unknown> {
  return p as unknown as PropertyDef<unknown>;
}

export const PROPERTIES: readonly PropertyDef<unknown>[] = [
  def({ name: 'analysis', arbitrary: analysisInput, check: checkAnalysis, weight: 40 }),
  def({ name: 'config', arbitrary: fc.record({ config: configText, actors: actorsText }), check: checkConfig, weight: 10 }),
  def({ name: 'incremental', arbitrary: incrementalInput, check: checkIncremental, weight: 15 }),
  def({ name: 'positions', arbitrary: positionsInput, check: checkPositions, weight: 35 }),
  def({ name: 'registry shape', arbitrary: registryShapeText, check: checkRegistryShape, weight: 5 }),
];

export function propertyByName(name: string): PropertyDef<unknown> | undefined {
  return PROPERTIES.find((p) => p.name === name);
}
