import { globProblem } from './glob';
import type { Document } from 'yaml';
import { DEFAULT_SCHEMA, FIELD_TYPES, type FieldSpec, type FieldType } from './schema';
import type { Severity, SeveritySetting, Span } from './types';
import { nearest } from './text';
import { actorsFromPlain, type Actor } from './actors/registry';
import { isMap, isScalar, isSeq, nodeSpan, parseYaml, toPlain } from './yamlUtil';
import { DATE_FORMS, MARK_SET_NAMES, presetStyle, STYLE_NAMES, type DateFormName, type HouseStyle, type MarksSetting, type StyleName } from './style';

export interface SourceEntry {
  name: string;
  aliases: string[];
  description?: string;
}

export interface DatelineConfig {
  schema: FieldSpec[];
  sources: SourceEntry[];
  /** True when the workspace lists sources; only then are unknown sources reported. */
  hasSourceRegistry: boolean;
  severities: Record<string, SeveritySetting>;
  minWords: number;
  /** True when the file sets `quotes.minWords`, which then wins over editor settings. */
  minWordsSet: boolean;
  include: string[];
  /** Files never analysed, in the editor or the CLI: globs relative to the config's folder. */
  exclude: string[];
  /** Actor registry references, resolved by whoever can read files. */
  actorPaths: string[];
  /** Where `actors:` sits in dateline.yaml, for problems with the paths it names. */
  actorPathsSpan?: Span;
  inlineActors: unknown[];
  /** The actors registry: inline entries, then those of the files `actors:` names (added by the caller). */
  actors: Actor[];
  /** The house style: the `style:` preset with the `citations`, `attribution` and `quotes` keys applied. */
  style: HouseStyle;
  /** The file names a `style:`, whose rule defaults then win over editor settings. */
  styleExplicit: boolean;
}

export interface ConfigProblem {
  span: Span;
  message: string;
  severity: Severity;
}

export const DEFAULT_MIN_WORDS = 4;
const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];
const TOP_LEVEL_KEYS = ['schema', 'style', 'citations', 'attribution', 'actors', 'sources', 'rules', 'quotes', 'include', 'exclude'];

export function defaultConfig(): DatelineConfig {
  return {
    schema: DEFAULT_SCHEMA.map((f) => ({ ...f, types: [...f.types] })),
    sources: [],
    hasSourceRegistry: false,
    severities: {},
    minWords: DEFAULT_MIN_WORDS,
    minWordsSet: false,
    include: [],
    exclude: [],
    actorPaths: [],
    inlineActors: [],
    actors: [],
    style: presetStyle('edm'),
    styleExplicit: false,
  };
}

/**
 * Reads `dateline.yaml`. Never throws: every problem becomes a ConfigProblem with a span in the
 * file, and whatever was valid is kept on top of the defaults.
 */
export function parseConfig(text: string, knownRuleIds: readonly string[]): { config: DatelineConfig; problems: ConfigProblem[] } {
  const config = defaultConfig();
  const problems: ConfigProblem[] = [];
  const whole: Span = { start: 0, end: Math.min(text.length, 1) };
  const report = (span: Span, message: string, severity: Severity = 'error') => problems.push({ span, message, severity });

  let parsed: ReturnType<typeof parseYaml>;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    report(whole, `dateline.yaml could not be read: ${(e as Error).message}`);
    return { config, problems };
  }
  const { doc } = parsed;
  for (const p of parsed.problems) report(p.span, `dateline.yaml cannot be read: ${p.message}`);
  const root = doc.contents;
  if (root === null || root === undefined) return { config, problems };
  if (!isMap(root)) {
    report(nodeSpan(root, 0, whole), 'dateline.yaml should be a mapping of settings (schema, sources, rules, quotes, include, exclude, actors).');
    return { config, problems };
  }

  const seen = new Set<string>();
  // The preset comes first whatever the key order; the keys that override it are applied after.
  let styleName: StyleName = 'edm';
  const overrides: StyleOverrides = {};
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keySpan = nodeSpan(pair.key, 0, whole);
    const valueSpan = nodeSpan(pair.value, 0, keySpan);
    if (seen.has(key)) {
      report(keySpan, `‘${key}’ is given twice; the later one wins.`, 'warning');
    }
    seen.add(key);
    switch (key) {
      case 'schema':
        readSchema(pair.value, doc, valueSpan, config, report);
        break;
      case 'sources':
        readSources(pair.value, doc, valueSpan, config, report);
        break;
      case 'rules':
        readRules(pair.value, valueSpan, config, knownRuleIds, report);
        break;
      case 'quotes':
        readQuotes(pair.value, doc, valueSpan, config, overrides, report);
        break;
      case 'style': {
        const v = isScalar(pair.value) ? pair.value.value : undefined;
        if (typeof v === 'string' && (STYLE_NAMES as readonly string[]).includes(v)) {
          styleName = v as StyleName;
          config.styleExplicit = true;
        }
        else {
          const guess = typeof v === 'string' ? nearest(v, STYLE_NAMES) : undefined;
          report(valueSpan, `‘style’ should be one of ${STYLE_NAMES.join(', ')}${guess ? `; did you mean ‘${guess}’?` : '.'}`);
        }
        break;
      }
      case 'citations':
        readCitations(pair.value, doc, valueSpan, overrides, report);
        break;
      case 'attribution':
        readAttribution(pair.value, doc, valueSpan, overrides, report);
        break;
      case 'include':
      case 'exclude': {
        // Both go through the one bounded glob reader and matcher (glob.ts).
        const v = toPlain(pair.value, doc);
        const list = typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
        if (list) config[key] = usableGlobs(key, list, valueSpan, report);
        else report(valueSpan, `‘${key}’ is ${shown(v)}; it should be a glob or a list of globs, such as ["${key === 'include' ? 'articles/**/*.md' : 'drafts/**'}"].`);
        break;
      }
      case 'actors':
        readActors(pair.value, doc, valueSpan, config, report);
        break;
      default: {
        const guess = nearest(key, TOP_LEVEL_KEYS);
        report(keySpan, `Unknown setting ‘${key}’${guess ? `; did you mean ‘${guess}’?` : `. Known settings: ${TOP_LEVEL_KEYS.join(', ')}.`}`, 'warning');
      }
    }
  }
  config.style = resolveStyle(styleName, overrides);
  return { config, problems };
}

/** The keys of `citations`, `attribution` and `quotes` that override the preset, as read. */
interface StyleOverrides {
  dates?: DateFormName[];
  undated?: boolean;
  afterSentence?: boolean;
  prose?: boolean;
  anonymous?: string[];
  marks?: MarksSetting;
}

export function resolveStyle(name: StyleName, o: StyleOverrides): HouseStyle {
  const style = presetStyle(name);
  if (o.dates) style.citations.dates = o.dates;
  if (o.undated !== undefined) style.citations.undated = o.undated;
  if (o.afterSentence !== undefined) style.citations.afterSentence = o.afterSentence;
  if (o.prose !== undefined) style.attribution.prose = o.prose;
  if (o.anonymous) style.attribution.anonymous = o.anonymous;
  if (o.marks) style.quotes.marks = o.marks;
  return style;
}

/** The value of each key of a mapping, with the key's and the value's spans; unknown keys are reported. */
function entries(node: unknown, span: Span, what: string, known: readonly string[], report: Report): { key: string; value: unknown; valueSpan: Span }[] {
  if (!isMap(node)) {
    report(span, `‘${what}’ should be a mapping with ${known.map((k) => `‘${k}’`).join(', ')}.`);
    return [];
  }
  const out: { key: string; value: unknown; valueSpan: Span }[] = [];
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keySpan = nodeSpan(pair.key, 0, span);
    if (!known.includes(key)) {
      const guess = nearest(key, known);
      report(keySpan, `Unknown ${what} setting ‘${key}’${guess ? `; did you mean ‘${guess}’?` : `; expected ${known.map((k) => `‘${k}’`).join(', ')}.`}`, 'warning');
      continue;
    }
    out.push({ key, value: pair.value, valueSpan: nodeSpan(pair.value, 0, keySpan) });
  }
  return out;
}

function readBoolean(node: unknown, span: Span, name: string, report: Report): boolean | undefined {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v === 'boolean') return v;
  report(span, `‘${name}’ should be true or false.`);
  return undefined;
}

function readCitations(node: unknown, doc: Document.Parsed, span: Span, o: StyleOverrides, report: Report): void {
  for (const { key, value, valueSpan } of entries(node, span, 'citations', ['dates', 'undated', 'afterSentence'], report)) {
    if (key === 'dates') {
      const v = toPlain(value, doc);
      const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
      const valid = list?.filter((d): d is DateFormName => typeof d === 'string' && (DATE_FORMS as readonly string[]).includes(d));
      if (!list || !valid || valid.length !== list.length || valid.length === 0) {
        report(valueSpan, `‘citations.dates’ should be a list of date forms, the preferred first: ${DATE_FORMS.join(', ')}.`);
      }
      if (valid?.length) o.dates = [...new Set(valid)];
    } else if (key === 'undated') o.undated = readBoolean(value, valueSpan, 'citations.undated', report) ?? o.undated;
    else o.afterSentence = readBoolean(value, valueSpan, 'citations.afterSentence', report) ?? o.afterSentence;
  }
}

function readAttribution(node: unknown, doc: Document.Parsed, span: Span, o: StyleOverrides, report: Report): void {
  for (const { key, value, valueSpan } of entries(node, span, 'attribution', ['prose', 'anonymous'], report)) {
    if (key === 'prose') o.prose = readBoolean(value, valueSpan, 'attribution.prose', report) ?? o.prose;
    else {
      const v = toPlain(value, doc);
      const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : undefined;
      if (!list || list.length !== (v as unknown[]).length) report(valueSpan, '‘attribution.anonymous’ should be a list of phrases, such as ‘["asked not to be named"]’.');
      if (list) o.anonymous = list.map((x) => x.trim().toLowerCase().replace(/\s+/g, ' '));
    }
  }
}

/** `quotes.marks`: a named set, or a list of `[open, close]` pairs of single characters, outermost first. */
function readMarks(value: unknown, doc: Document.Parsed, span: Span, report: Report): MarksSetting | undefined {
  const v = toPlain(value, doc);
  if (typeof v === 'string' && (MARK_SET_NAMES as readonly string[]).includes(v)) return v as MarksSetting;
  const isPair = (p: unknown): p is [string, string] => Array.isArray(p) && p.length === 2 && p.every((m) => typeof m === 'string' && m.length === 1 && !/[\s\p{L}\p{N}]/u.test(m));
  if (Array.isArray(v) && v.length > 0 && v.length <= 8 && v.every(isPair)) return v.map((p) => [p[0], p[1]]);
  const guess = typeof v === 'string' ? nearest(v, MARK_SET_NAMES) : undefined;
  report(span, `‘quotes.marks’ should be one of ${MARK_SET_NAMES.join(', ')}${guess ? ` (did you mean ‘${guess}’?)` : ''}, or a list of up to 8 ‘[open, close]’ pairs of single marks, such as ‘[["«", "»"], ["„", "“"]]’.`);
  return undefined;
}

type Report = (span: Span, message: string, severity?: Severity) => void;

/** The globs that can be used; each other one is reported and left out (SPEC: bounded, linear-time globs). */
function usableGlobs(key: string, globs: readonly string[], span: Span, report: Report): string[] {
  return globs.filter((glob) => {
    const problem = globProblem(glob);
    if (!problem) return true;
    const shown = glob.length > 60 ? `${glob.slice(0, 57)}…` : glob;
    report(span, problem === 'is empty' ? `‘${key}’ has an empty glob; it is ignored.` : `The ‘${key}’ glob ‘${shown}’ ${problem}; it is ignored.`, problem === 'is empty' ? 'warning' : 'error');
    return false;
  });
}

function readSchema(node: unknown, doc: Document.Parsed, span: Span, config: DatelineConfig, report: Report): void {
  if (!isMap(node)) {
    report(span, '‘schema’ should be a mapping with a ‘fields’ mapping.');
    return;
  }
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'fields') {
      report(nodeSpan(pair.key, 0, span), `Unknown schema setting ‘${key}’; expected ‘fields’.`, 'warning');
      continue;
    }
    const fields = pair.value;
    if (!isMap(fields)) {
      report(nodeSpan(fields, 0, span), '‘schema.fields’ should map field names to their definitions.');
      continue;
    }
    for (const f of fields.items) {
      const name = isScalar(f.key) ? String(f.key.value).trim().toLowerCase() : '';
      const fSpan = nodeSpan(f.key, 0, span);
      if (!name) {
        report(fSpan, 'A schema field needs a name.');
        continue;
      }
      const spec = readField(name, f.value, doc, nodeSpan(f.value, 0, fSpan), report, config.schema.find((s) => s.name === name));
      if (!spec) continue;
      const i = config.schema.findIndex((s) => s.name === name);
      if (i >= 0) config.schema[i] = spec;
      else config.schema.push(spec);
    }
  }
}

function readField(name: string, node: unknown, doc: Document.Parsed, span: Span, report: Report, base: FieldSpec | undefined): FieldSpec | undefined {
  const raw = toPlain(node, doc);
  // Problems point at the property's value (or key), not the whole definition.
  const keySpan = (key: string): Span => {
    const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    return pair ? nodeSpan(pair.key, 0, span) : span;
  };
  const valueSpan = (key: string): Span => {
    const pair = isMap(node) ? node.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    return pair ? nodeSpan(pair.value, 0, nodeSpan(pair.key, 0, span)) : span;
  };
  if (raw === null && base) return base;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    report(span, `Field ‘${name}’ should be a mapping such as ‘{ type: string, required: true }’.`);
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const spec: FieldSpec = base ? { ...base, types: [...base.types] } : { name, types: ['string'], required: false };
  if (r.type !== undefined) {
    const types = Array.isArray(r.type) ? r.type : [r.type];
    const valid = types.filter((t): t is FieldType => FIELD_TYPES.includes(t as FieldType));
    if (valid.length !== types.length || valid.length === 0) {
      report(valueSpan('type'), `Field ‘${name}’ has an unknown type ‘${String(r.type)}’; use one of ${FIELD_TYPES.join(', ')}.`);
    }
    if (valid.length) spec.types = valid;
  }
  if (r.required !== undefined) {
    if (typeof r.required === 'boolean') spec.required = r.required;
    else report(valueSpan('required'), `‘required’ of field ‘${name}’ is ${shown(r.required)}; it should be true or false.`);
  }
  if (r.description !== undefined) {
    if (typeof r.description === 'string') spec.description = r.description;
    else report(valueSpan('description'), `‘description’ of field ‘${name}’ should be text.`);
  }
  if (r.values !== undefined) {
    if (Array.isArray(r.values) && r.values.every((v) => typeof v === 'string' || typeof v === 'number')) spec.values = r.values.map(String);
    else report(valueSpan('values'), `‘values’ of field ‘${name}’ should be a list of strings.`);
  }
  for (const bound of ['min', 'max'] as const) {
    if (r[bound] === undefined) continue;
    if (typeof r[bound] === 'number') spec[bound] = r[bound] as number;
    else report(valueSpan(bound), `‘${bound}’ of field ‘${name}’ is ${shown(r[bound])}; it should be a number.`);
  }
  if (spec.types.includes('enum') && !spec.values?.length) {
    report(valueSpan('type'), `Field ‘${name}’ is an enum and needs ‘values’.`);
    spec.types = spec.types.filter((t) => t !== 'enum');
    if (!spec.types.length) spec.types = ['string'];
  }
  for (const k of Object.keys(r)) {
    if (!['type', 'required', 'description', 'values', 'min', 'max'].includes(k)) {
      report(keySpan(k), `Field ‘${name}’ has an unknown property ‘${k}’.`, 'warning');
    }
  }
  return spec;
}

function readSources(node: unknown, doc: Document.Parsed, span: Span, config: DatelineConfig, report: Report): void {
  if (!isSeq(node)) {
    report(span, '‘sources’ should be a list of outlets, each a name or ‘{ name, aliases, description }’.');
    return;
  }
  config.hasSourceRegistry = true;
  for (const item of node.items) {
    const itemSpan = nodeSpan(item, 0, span);
    const v = toPlain(item, doc);
    if (typeof v === 'string' && v.trim()) {
      config.sources.push({ name: v.trim(), aliases: [] });
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      report(itemSpan, 'A source should be a name or a mapping with ‘name’.');
      continue;
    }
    const r = v as Record<string, unknown>;
    if (typeof r.name !== 'string' || !r.name.trim()) {
      report(itemSpan, 'This source has no ‘name’.');
      continue;
    }
    const aliases = r.aliases === undefined ? [] : Array.isArray(r.aliases) ? r.aliases.filter((a): a is string => typeof a === 'string') : undefined;
    if (!aliases) report(itemSpan, `The aliases of source ‘${r.name}’ should be a list of strings.`);
    config.sources.push({
      name: r.name.trim(),
      aliases: (aliases ?? []).map((a) => a.trim()).filter(Boolean),
      description: typeof r.description === 'string' ? r.description : undefined,
    });
  }
}

function readRules(node: unknown, span: Span, config: DatelineConfig, known: readonly string[], report: Report): void {
  if (!isMap(node)) {
    report(span, '‘rules’ should map rule ids to off, hint, info, warning or error.');
    return;
  }
  for (const pair of node.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    const keySpan = nodeSpan(pair.key, 0, span);
    if (!known.includes(id)) {
      const guess = nearest(id, known, 4);
      report(keySpan, `Unknown rule ‘${id}’${guess ? `; did you mean ‘${guess}’?` : '.'}`, 'warning');
      continue;
    }
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    const setting = value === false ? 'off' : typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    if (!setting || !SEVERITY_SETTINGS.includes(setting as SeveritySetting)) {
      report(nodeSpan(pair.value, 0, keySpan), `Rule ‘${id}’ is set to ${shown(nodeValue(pair.value))}; it should be one of ${SEVERITY_SETTINGS.join(', ')}.`);
      continue;
    }
    config.severities[id] = setting as SeveritySetting;
  }
}

function readQuotes(node: unknown, doc: Document.Parsed, span: Span, config: DatelineConfig, o: StyleOverrides, report: Report): void {
  for (const { key, value, valueSpan } of entries(node, span, 'quotes', ['minWords', 'marks'], report)) {
    if (key === 'marks') {
      o.marks = readMarks(value, doc, valueSpan, report) ?? o.marks;
      continue;
    }
    const v = isScalar(value) ? value.value : undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1) {
      config.minWords = v;
      config.minWordsSet = true;
    } else report(valueSpan, `‘quotes.minWords’ is ${shown(nodeValue(value))}; it should be a whole number of 1 or more.`);
  }
}

function readActors(node: unknown, doc: Document.Parsed, span: Span, config: DatelineConfig, report: Report): void {
  config.actorPathsSpan = span;
  readActorEntries(node, doc, span, config, report);
  if (config.inlineActors.length) {
    const { actors, problems } = actorsFromPlain(config.inlineActors);
    config.actors = actors;
    for (const p of problems) report(span, `Inline actors: ${p.message}`, p.severity);
  }
}

function readActorEntries(node: unknown, doc: Document.Parsed, span: Span, config: DatelineConfig, report: Report): void {
  const v = toPlain(node, doc);
  if (typeof v === 'string') {
    config.actorPaths = [v];
    return;
  }
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item === 'string') config.actorPaths.push(item);
      else if (typeof item === 'object' && item !== null) config.inlineActors.push(item);
      else report(span, '‘actors’ entries should be file paths or actor mappings.');
    }
    return;
  }
  report(span, '‘actors’ should be a path, a list of paths, or a list of actor entries.');
}

/** A value from dateline.yaml as a message repeats it: ‘loud’, 12, true, a list, a mapping. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = String(value);
  return typeof value === 'string' ? `‘${text.length > 60 ? `${text.slice(0, 57)}…` : text}’` : text;
}

/** A node's scalar value, or an empty list or mapping standing for a collection, for `shown`. */
function nodeValue(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return [];
  if (isMap(node)) return {};
  return null;
}
