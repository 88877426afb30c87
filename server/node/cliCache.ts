import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACTOR_KINDS, RULE_IDS, type Actor, type ActorKind, type ActorRole, type Finding, type Fix, type QuoteFingerprint, type QuotePart, type Range, type Span } from '../core/index';
import type { FileOutcome } from './cliCheck';
import type { RegistryMemo } from './configStore';
import type { FileFinding } from './cliFormat';
import { readRegularFile, reason } from './files';

/*
 * `dateline check --cache`: what each file gave last time, kept in one JSON file in the cache
 * folder, under a key that hashes everything the outcome depends on (cliCheck.ts `cacheKey`). The
 * cache folder may come with the repository, so the file is treated as hostile: read only as a
 * regular file inside the folder and within a size limit, every value checked and copied field by
 * field (a wrong one drops the whole cache), and written whole to a new file that is renamed over
 * the old one, in a folder that is no link.
 */

/** Where the cache is kept without `--cache-location`, relative to the working directory. */
export const DEFAULT_CACHE_LOCATION = path.join('node_modules', '.cache', 'dateline');

const CACHE_FILE = 'check-cache.json';
/** The shape of the file; another one is ignored. */
const CACHE_FORMAT = 2;
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Entries kept for files this run did not check (another shard's, say), beyond those it did. */
const MAX_KEPT_ENTRIES = 100_000;
/** Parsed registries kept for registries this run did not read, beyond those it did. */
const MAX_KEPT_REGISTRIES = 8;

/** One file's outcome under its key (the outcome as it was before quote-conflict was added). */
export interface CacheEntry {
  key: string;
  outcome: FileOutcome;
}

export interface CheckCache {
  /** By absolute path. */
  entries: Map<string, CacheEntry>;
  /** The problems of each config (and its registries), by the config's digest. */
  configs: Map<string, FileFinding[]>;
  /** Parsed actors registries, by a digest of their path and text (`registryDigest`). */
  registries: Map<string, ParsedRegistry>;
}

export interface ParsedRegistry {
  actors: Actor[];
  findings: Finding[];
}

export function emptyCache(): CheckCache {
  return { entries: new Map(), configs: new Map(), registries: new Map() };
}

export function registryDigest(file: string, text: string): string {
  return createHash('sha256').update(`${file.length}:${file}`).update(text).digest('hex');
}

/**
 * The registries of `old` for a config store, each one used recorded in `fresh`: a registry
 * edited since is parsed, and the parse kept for the next run.
 */
export function registryMemo(old: CheckCache, fresh: CheckCache): RegistryMemo {
  return {
    get(file, text) {
      const digest = registryDigest(file, text);
      const kept = old.registries.get(digest);
      if (kept) fresh.registries.set(digest, kept);
      return kept;
    },
    set(file, text, parsed) {
      fresh.registries.set(registryDigest(file, text), parsed);
    },
  };
}

/** The cache file's folder: `--cache-location`, or the default, from the working directory. */
export function cacheFolder(cwd: string, location: string | undefined): string {
  return path.resolve(cwd, location ?? DEFAULT_CACHE_LOCATION);
}

/** Reads the cache; anything missing, unreadable, too large, foreign or malformed gives an empty one. */
export function readCache(folder: string, cwd: string, version: string): CheckCache {
  // A folder that is (or lies below) a link is not the cache location: nothing is read through it.
  if (makeFolder(folder, cwd, false)) return emptyCache();
  const read = readRegularFile(path.join(folder, CACHE_FILE), { maxBytes: MAX_CACHE_BYTES, root: folder });
  if (read.kind !== 'text') return emptyCache();
  try {
    return parseCache(JSON.parse(read.text), version) ?? emptyCache();
  } catch {
    return emptyCache();
  }
}

/**
 * Writes the cache: a new file in the cache folder, renamed over the old one, so a reader never
 * sees half a cache and a link planted at its name is replaced, not followed. The folder and the
 * folders below the working directory on the way to it are made if missing and must not be links.
 * Returns why it could not, if it could not.
 */
export function writeCache(folder: string, cwd: string, cache: CheckCache, version: string): string | undefined {
  const problem = makeFolder(folder, cwd, true);
  if (problem) return problem;
  const entries: [string, CacheEntry][] = [];
  for (const [file, entry] of cache.entries) entries.push([file, entry]);
  const text = JSON.stringify({ format: CACHE_FORMAT, version, entries, configs: [...cache.configs], registries: [...cache.registries] });
  if (Buffer.byteLength(text) > MAX_CACHE_BYTES) return `the cache would be larger than ${MAX_CACHE_BYTES / 1024 / 1024} MB`;
  const temp = path.join(folder, `.${CACHE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o644);
    fs.writeFileSync(fd, text);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, path.join(folder, CACHE_FILE));
    return undefined;
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    return reason(e);
  }
}

/**
 * Makes the cache folder (with `create`; otherwise only looks): every folder from the working
 * directory down to it must be a real folder, not a link. Returns what is wrong, if anything.
 */
function makeFolder(folder: string, cwd: string, create: boolean): string | undefined {
  const rel = path.relative(cwd, folder);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  // Outside the working directory the user named the folder: only the folder itself is checked.
  const steps = inside ? rel.split(path.sep).map((_, i, parts) => path.join(cwd, ...parts.slice(0, i + 1))) : [folder];
  if (!inside && create) {
    try {
      fs.mkdirSync(path.dirname(folder), { recursive: true });
    } catch (e) {
      return reason(e);
    }
  }
  for (const step of steps) {
    let stat = fs.lstatSync(step, { throwIfNoEntry: false });
    if (!stat && !create) return 'missing';
    if (!stat) {
      try {
        fs.mkdirSync(step);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return reason(e);
      }
      stat = fs.lstatSync(step, { throwIfNoEntry: false });
    }
    if (!stat?.isDirectory()) return `'${path.relative(cwd, step) || step}' is ${stat?.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`;
  }
  return undefined;
}

/** Keeps this run's entries and, up to a limit, the old entries of files it did not check. */
export function mergeCaches(old: CheckCache, fresh: CheckCache): CheckCache {
  const entries = new Map(fresh.entries);
  let kept = 0;
  for (const [file, entry] of old.entries) {
    if (entries.has(file) || kept >= MAX_KEPT_ENTRIES) continue;
    entries.set(file, entry);
    kept++;
  }
  const configs = new Map(old.configs);
  for (const [digest, findings] of fresh.configs) configs.set(digest, findings);
  const registries = new Map(fresh.registries);
  for (const [digest, parsed] of old.registries) {
    if (registries.size >= fresh.registries.size + MAX_KEPT_REGISTRIES) break;
    if (!registries.has(digest)) registries.set(digest, parsed);
  }
  return { entries, configs, registries };
}

// Checking, field by field. Each function returns a fresh copy with only the known fields, or throws.

class Invalid extends Error {}

function fail(): never {
  throw new Invalid();
}

function parseCache(raw: unknown, version: string): CheckCache | undefined {
  if (!isObject(raw) || raw.format !== CACHE_FORMAT || raw.version !== version) return undefined;
  if (!Array.isArray(raw.entries) || !Array.isArray(raw.configs) || !Array.isArray(raw.registries)) return undefined;
  try {
    const cache = emptyCache();
    for (const item of raw.entries) {
      if (!Array.isArray(item) || item.length !== 2) fail();
      const [file, entry] = item as unknown[];
      if (typeof file !== 'string' || !isObject(entry) || typeof entry.key !== 'string') fail();
      cache.entries.set(file, { key: entry.key, outcome: outcomeOf(entry.outcome) });
    }
    for (const item of raw.configs) {
      if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || !Array.isArray(item[1])) fail();
      cache.configs.set(item[0], (item[1] as unknown[]).map(fileFindingOf));
    }
    for (const item of raw.registries) {
      if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string') fail();
      const o = obj(item[1]);
      cache.registries.set(item[0], { actors: list(o.actors, actorOf), findings: list(o.findings, findingOf) });
    }
    return cache;
  } catch (e) {
    if (e instanceof Invalid) return undefined;
    throw e;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(x: unknown): string {
  return typeof x === 'string' ? x : fail();
}

function optStr(x: unknown): string | undefined {
  return x === undefined ? undefined : str(x);
}

function bool(x: unknown): boolean {
  return typeof x === 'boolean' ? x : fail();
}

function int(x: unknown): number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : fail();
}

function list<T>(x: unknown, item: (y: unknown) => T): T[] {
  return Array.isArray(x) ? x.map(item) : fail();
}

function obj(x: unknown): Record<string, unknown> {
  return isObject(x) ? x : fail();
}

function spanOf(x: unknown): Span {
  const o = obj(x);
  return { start: int(o.start), end: int(o.end) };
}

function rangeOf(x: unknown): Range {
  const o = obj(x);
  const at = (p: unknown) => {
    const q = obj(p);
    return { line: int(q.line), character: int(q.character) };
  };
  return { start: at(o.start), end: at(o.end) };
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);
const KNOWN_RULES = new Set<string>(RULE_IDS);

function fixOf(x: unknown): Fix {
  const o = obj(x);
  return {
    title: str(o.title),
    safe: bool(o.safe),
    edits: list(o.edits, (e) => {
      const edit = obj(e);
      return { span: spanOf(edit.span), newText: str(edit.newText), ...(edit.range === undefined ? {} : { range: rangeOf(edit.range) }) };
    }),
  };
}

/** A finding as the reports show it (not its `data` or `related`, which no report prints). */
function findingOf(x: unknown): Finding {
  const o = obj(x);
  const ruleId = str(o.ruleId);
  const severity = str(o.severity);
  if (!KNOWN_RULES.has(ruleId) || !SEVERITIES.has(severity)) fail();
  const finding: Finding = { ruleId, severity: severity as Finding['severity'], message: str(o.message), span: spanOf(o.span), range: rangeOf(o.range) };
  if (o.fixes !== undefined) finding.fixes = list(o.fixes, fixOf);
  return finding;
}

function dateOf(x: unknown): { year: number; month: number; day: number } | undefined {
  if (x === undefined) return undefined;
  const o = obj(x);
  return { year: int(o.year), month: int(o.month), day: int(o.day) };
}

function optSpan(x: unknown): Span | undefined {
  return x === undefined ? undefined : spanOf(x);
}

/** An actor with the fields, in the order, the registry parser gives them. */
function actorOf(x: unknown): Actor {
  const o = obj(x);
  const kind = str(o.kind);
  if (!ACTOR_KINDS.includes(kind as ActorKind)) fail();
  const roles = list(o.roles, (r): ActorRole => {
    const role = obj(r);
    return { title: str(role.title), from: dateOf(role.from), to: dateOf(role.to) };
  });
  let origin: Actor['origin'];
  if (o.origin !== undefined) {
    const g = obj(o.origin);
    const aliasSpans = g.aliasSpans === undefined ? undefined : list(g.aliasSpans, (a) => ({ alias: str(obj(a).alias), span: spanOf(obj(a).span) }));
    origin = { file: optStr(g.file), span: spanOf(g.span), nameSpan: optSpan(g.nameSpan), aliasSpans };
  }
  return { id: str(o.id), name: str(o.name), kind: kind as ActorKind, aliases: list(o.aliases, str), roles, affiliation: optStr(o.affiliation), description: optStr(o.description), origin };
}

/** What the cache keeps of a finding: what `findingOf` reads back. */
export function storedFinding(f: Finding): Finding {
  const out: Finding = { ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span, range: f.range };
  if (f.fixes?.length) out.fixes = f.fixes.map((x) => ({ title: x.title, safe: x.safe, edits: x.edits.map((e) => ({ span: e.span, newText: e.newText, ...(e.range ? { range: e.range } : {}) })) }));
  return out;
}

function fileFindingOf(x: unknown): FileFinding {
  const o = obj(x);
  return { file: str(o.file), finding: findingOf(o.finding) };
}

function fingerprintOf(x: unknown): QuoteFingerprint {
  const o = obj(x);
  const fp: QuoteFingerprint = { words: list(o.words, (w) => (typeof w === 'number' && Number.isInteger(w) && w >= 0 && w < 2 ** 32 ? w : fail())), range: rangeOf(o.range) };
  if (o.speaker !== undefined) fp.speaker = str(o.speaker);
  if (o.speakerName !== undefined) fp.speakerName = str(o.speakerName);
  return fp;
}

const SEVERITY_SETTINGS = new Set(['off', 'error', 'warning', 'info', 'hint']);

function partOf(x: unknown): QuotePart {
  const o = obj(x);
  const severity = str(o.severity);
  if (!SEVERITY_SETTINGS.has(severity)) fail();
  const quotes = list(o.quotes, (q) => {
    const c = obj(q);
    return { fp: fingerprintOf(c.fp), words: list(c.words, str), span: spanOf(c.span) };
  });
  return { severity: severity as QuotePart['severity'], quotes, directives: bool(o.directives) };
}

function outcomeOf(x: unknown): FileOutcome {
  const o = obj(x);
  const outcome: FileOutcome = { findings: list(o.findings, findingOf), counted: bool(o.counted), fixes: 0 };
  const configPath = optStr(o.configPath);
  if (configPath !== undefined) outcome.configPath = configPath;
  const notice = optStr(o.notice);
  if (notice !== undefined) outcome.notice = notice;
  if (o.part !== undefined) outcome.part = partOf(o.part);
  if (o.quotes !== undefined) outcome.quotes = list(o.quotes, fingerprintOf);
  if (o.sources !== undefined) outcome.sources = list(o.sources, str);
  return outcome;
}

/** What the cache keeps of an outcome: what `outcomeOf` reads back. */
export function storedOutcome(outcome: FileOutcome): FileOutcome {
  const out: FileOutcome = { findings: outcome.findings.map(storedFinding), counted: outcome.counted, fixes: 0 };
  if (outcome.configPath !== undefined) out.configPath = outcome.configPath;
  if (outcome.notice !== undefined) out.notice = outcome.notice;
  if (outcome.part) out.part = outcome.part;
  if (outcome.quotes) out.quotes = outcome.quotes;
  if (outcome.sources) out.sources = outcome.sources;
  return out;
}
