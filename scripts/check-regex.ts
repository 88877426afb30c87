/**
 * Checks every regular expression of the extension for super-linear backtracking (ReDoS) with
 * recheck: the literals and `RegExp(…)` calls in `server/` and `client/`, and the patterns of the
 * TextMate grammars in `syntaxes/`.
 *
 *   node --import tsx scripts/check-regex.ts [--json] [--verbose]
 *
 * Exit 1 when a pattern is vulnerable, cannot be analysed, or is of a kind this script does not
 * know how to check. Nothing is skipped silently: patterns built at run time are checked with a
 * sample for each interpolation, and grammar patterns in Oniguruma syntax are translated to
 * JavaScript where the translation keeps (or worsens) their backtracking; every such case is
 * listed in the report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// recheck's native binary when its optional package is installed (fast), else its JavaScript build
// in a worker; both run offline and give the same verdicts. RECHECK_BACKEND=pure forces JavaScript.
process.env.RECHECK_BACKEND ??= 'auto';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface FoundRegex {
  /** Repository-relative file and 1-based line, or grammar file and JSON path. */
  where: string;
  source: string;
  flags: string;
  /** How the pattern was obtained, when it is not a literal as written. */
  note?: string;
  /** Set when the pattern cannot be checked at all. */
  unsupported?: string;
}

export interface RegexVerdict extends FoundRegex {
  status: 'safe' | 'vulnerable' | 'unknown' | 'unsupported';
  detail: string;
  /** For vulnerable patterns: an input that makes them backtrack. */
  attack?: string;
}

const SOURCE_DIRS = ['server', 'client'];
const GRAMMAR_DIR = 'syntaxes';
const CODE_FILE = /\.(?:ts|mts|cts|js|mjs|cjs)$/;
/** Stands for each `${…}` of a pattern built at run time: a plain literal, as escaped names become. */
const SAMPLE_SUBSTITUTION = 'x';

function filesUnder(dir: string, match: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const file of filesUnder(p, match)) out.push(file);
    else if (match.test(entry.name)) out.push(p);
  }
  return out.sort();
}

/** Every regular expression literal and `RegExp(…)` / `new RegExp(…)` call in the source folders. */
export function collectCodeRegexes(root = ROOT): FoundRegex[] {
  const found: FoundRegex[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of filesUnder(path.join(root, dir), CODE_FILE)) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const at = (node: ts.Node) => `${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
      const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const text = node.getText(sf);
          const slash = text.lastIndexOf('/');
          found.push({ where: at(node), source: text.slice(1, slash), flags: text.slice(slash + 1) });
        } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
          found.push(fromConstructor(node.arguments ?? ts.factory.createNodeArray(), at(node), sf));
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  }
  return found;
}

function fromConstructor(args: ts.NodeArray<ts.Expression>, where: string, sf: ts.SourceFile): FoundRegex {
  const [pattern, flagsArg] = args;
  let flags = '';
  if (flagsArg) {
    if (ts.isStringLiteralLike(flagsArg)) flags = flagsArg.text;
    else return { where, source: flagsArg.getText(sf), flags: '?', unsupported: 'flags computed at run time' };
  }
  if (!pattern) return { where, source: '', flags };
  if (ts.isStringLiteralLike(pattern)) return { where, source: pattern.text, flags };
  if (ts.isTemplateExpression(pattern)) {
    // The cooked text of each part, which is what the RegExp constructor receives.
    let source = pattern.head.text;
    const holes: string[] = [];
    for (const span of pattern.templateSpans) {
      holes.push(span.expression.getText(sf));
      source += SAMPLE_SUBSTITUTION + span.literal.text;
    }
    return { where, source, flags, note: `built at run time; checked with ${holes.map((h) => `\${${h}}`).join(', ')} as "${SAMPLE_SUBSTITUTION}"` };
  }
  return { where, source: pattern.getText(sf), flags, unsupported: 'pattern computed at run time from an expression this script cannot evaluate' };
}

/** Every `match`, `begin`, `end` and `while` pattern of the grammars, translated from Oniguruma. */
export function collectGrammarRegexes(root = ROOT): FoundRegex[] {
  const found: FoundRegex[] = [];
  for (const file of filesUnder(path.join(root, GRAMMAR_DIR), /\.tmLanguage\.json$/)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}[${i}]`));
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') found.push({ where: `${rel} ${at}.${key}`, ...fromOniguruma(value) });
          else walk(value, `${at}.${key}`);
        }
      }
    };
    walk(JSON.parse(fs.readFileSync(file, 'utf8')), '$');
  }
  return found;
}

/**
 * Oniguruma to JavaScript, for backtracking analysis only. Each rewrite keeps the pattern's
 * backtracking or adds to it, so a safe verdict still holds for the original:
 * `\A` and `\z` become `^` and `$` (TextMate matches one line at a time), `\G` is dropped,
 * `(?i:…)` makes the whole pattern case-insensitive, possessive quantifiers and atomic groups
 * become ordinary ones, `\h` is a hex digit. Anything else Oniguruma-only is reported.
 */
export function fromOniguruma(pattern: string): { source: string; flags: string; note?: string; unsupported?: string } {
  let out = '';
  let flags = 'u';
  const notes = new Set<string>();
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') { out += '^'; notes.add('\\A as ^'); continue; }
      if (!inClass && (next === 'z' || next === 'Z')) { out += '$'; notes.add(`\\${next} as $`); continue; }
      if (!inClass && next === 'G') { notes.add('\\G dropped'); continue; }
      if (next === 'h') { out += inClass ? '0-9a-fA-F' : '[0-9a-fA-F]'; notes.add('\\h as a hex digit'); continue; }
      if (next === 'H') {
        if (inClass) return { source: pattern, flags, unsupported: '\\H inside a character class' };
        out += '[^0-9a-fA-F]';
        continue;
      }
      if (/[KRXyYOgk]/.test(next)) return { source: pattern, flags, unsupported: `Oniguruma escape \\${next}` };
      out += c + next;
      continue;
    }
    if (inClass) {
      if (c === '[') return { source: pattern, flags, unsupported: 'nested character class' };
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      // A `]` right after `[` or `[^` is a literal in Oniguruma.
      if (pattern[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      const modifiers = /^([imx]*)(?:-([imx]*))?([:)])/.exec(rest);
      if (rest.startsWith('#')) {
        const close = pattern.indexOf(')', i);
        notes.add('comment group dropped');
        i = close < 0 ? pattern.length : close;
        continue;
      }
      if (rest.startsWith('>')) { out += '(?:'; i += 2; notes.add('atomic group as a plain group'); continue; }
      if (modifiers && (modifiers[1] || modifiers[2])) {
        const on = modifiers[1];
        const off = modifiers[2] ?? '';
        if (/[mx]/.test(on + off)) return { source: pattern, flags, unsupported: `inline option (?${on}${off ? `-${off}` : ''})` };
        if (on.includes('i') && !flags.includes('i')) flags += 'i';
        notes.add('(?i…) applied to the whole pattern');
        if (modifiers[3] === ')') {
          i += 2 + modifiers[0].length - 1;
          continue;
        }
        out += '(?:';
        i += 2 + modifiers[0].length - 1;
        continue;
      }
    }
    if ((c === '+' || c === '*' || c === '?' || c === '}') && pattern[i + 1] === '+') {
      out += c;
      i++;
      notes.add('possessive quantifier as greedy');
      continue;
    }
    out += c;
  }
  return { source: out, flags, note: notes.size ? `Oniguruma, translated: ${[...notes].join('; ')}` : undefined };
}

export function collectAll(root = ROOT): FoundRegex[] {
  return [...collectCodeRegexes(root), ...collectGrammarRegexes(root)];
}

/**
 * recheck's fuzzing stops on step counts and on wall-clock timeouts. The timeouts make its verdicts
 * depend on the machine's load (a busy machine reports linear patterns as polynomial), so only the
 * step limits stay: with a fixed seed the verdicts are the same on every run. One overall timeout
 * still bounds a pattern, and reaching it fails the check.
 */
const PARAMS = { randomSeed: 1, attackTimeout: null, incubationTimeout: null, seedingTimeout: null, timeout: 120_000 };

export async function checkRegexes(found: readonly FoundRegex[]): Promise<RegexVerdict[]> {
  const { check } = await import('recheck');
  const verdicts: RegexVerdict[] = [];
  const cache = new Map<string, Promise<RegexVerdict>>();
  for (const r of found) {
    if (r.unsupported) {
      verdicts.push({ ...r, status: 'unsupported', detail: r.unsupported });
      continue;
    }
    const key = `${r.flags}/${r.source}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = analyse(check, r.source, r.flags);
      cache.set(key, pending);
    }
    verdicts.push({ ...r, ...(await pending), where: r.where, note: r.note });
  }
  return verdicts;
}

type Check = (source: string, flags: string, params: object) => Promise<import('recheck').Diagnostics>;

async function analyse(check: Check, source: string, flags: string): Promise<RegexVerdict> {
  // recheck knows the JavaScript flags that change matching; `g` and `y` only move the start.
  let diagnostics = await check(source, flags.replace(/[gy]/g, ''), PARAMS);
  // Grammar patterns are tried in Unicode mode first (for \p{…}); a few only parse without it.
  if (diagnostics.status === 'unknown' && diagnostics.error.kind === 'invalid' && flags.includes('u')) {
    const plain = await check(source, flags.replace(/[gyu]/g, ''), PARAMS);
    if (plain.status !== 'unknown' || plain.error.kind !== 'invalid') diagnostics = plain;
  }
  const base = { where: '', source, flags };
  switch (diagnostics.status) {
    case 'safe':
      return { ...base, status: 'safe', detail: checkedBy(diagnostics.complexity.summary, diagnostics.checker) };
    case 'vulnerable':
      return { ...base, status: 'vulnerable', detail: checkedBy(diagnostics.complexity.summary, diagnostics.checker), attack: diagnostics.attack.pattern };
    default: {
      const e = diagnostics.error;
      return { ...base, status: 'unknown', detail: 'message' in e ? `${e.kind}: ${e.message}` : e.kind };
    }
  }
}

/** recheck's summary names the fuzz checker already; say when the automaton proved it instead. */
function checkedBy(summary: string, checker: string): string {
  return checker === 'fuzz' || summary.includes(checker) ? summary : `${summary} (${checker})`;
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const started = Date.now();
  const found = collectAll();
  const verdicts = await checkRegexes(found);
  const bad = verdicts.filter((v) => v.status !== 'safe');
  if (args.has('--json')) {
    console.log(JSON.stringify({ checked: verdicts.length, failed: bad.length, verdicts }, null, 2));
  } else {
    for (const v of verdicts) {
      if (v.status === 'safe' && !args.has('--verbose') && !v.note) continue;
      const mark = v.status === 'safe' ? 'ok  ' : v.status.toUpperCase();
      console.log(`${mark} ${v.where}  /${v.source}/${v.flags}  ${v.detail}${v.attack ? `  attack: ${v.attack}` : ''}${v.note ? `  [${v.note}]` : ''}`);
    }
    const code = verdicts.filter((v) => !v.where.startsWith(GRAMMAR_DIR)).length;
    const translated = verdicts.filter((v) => v.note?.startsWith('Oniguruma')).length;
    const runtime = verdicts.filter((v) => v.note?.startsWith('built at run time')).length;
    const unsupported = verdicts.filter((v) => v.status === 'unsupported').length;
    console.log(`check:regex: ${verdicts.length} patterns (${code} in code, ${runtime} of them built at run time; ${verdicts.length - code} in grammars, ${translated} of them translated from Oniguruma), ${unsupported} not checkable, ${verdicts.length - bad.length} safe, ${bad.length} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  process.exitCode = bad.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main();
}
