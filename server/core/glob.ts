/**
 * Globs from `dateline.yaml` (`include`, `exclude`), matched without regular expressions, so no
 * pattern a workspace writes can make matching backtrack: each segment is matched by the greedy
 * star algorithm (time at most the path's length times the pattern's), and `**` the same way
 * over segments.
 *
 * Supported: `*` (any run within a segment, dot files included), `?`, `[abc]`, `[a-z]`, `[!a]` or
 * `[^a]`, `{a,b}` alternatives (not nested), `**` as a whole segment (any number of segments),
 * `\` escapes. A pattern is matched against the whole path relative to the config's folder; a
 * leading `./` is ignored.
 */

/** A glob longer than this is not used. */
export const MAX_GLOB_LENGTH = 256;
/** A glob with more wildcards than this is not used. */
export const MAX_GLOB_WILDCARDS = 16;
/** `{…}` may expand a glob into at most this many alternatives. */
const MAX_ALTERNATIVES = 64;

type Token = { kind: 'char'; ch: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negated: boolean; items: (string | [string, string])[] };

/** One `/`-separated part of a pattern: `**`, or a list of tokens. */
type Segment = { kind: 'globstar' } | { kind: 'tokens'; tokens: Token[] };

export type GlobMatcher = (path: string) => boolean;

/** Why a glob is refused, or undefined when it can be used. */
export function globProblem(glob: string): string | undefined {
  if (!glob.trim()) return 'is empty';
  if (glob.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH} characters`;
  const wildcards = countWildcards(glob);
  if (wildcards > MAX_GLOB_WILDCARDS) return `has ${wildcards} wildcards, more than ${MAX_GLOB_WILDCARDS}`;
  if (expandBraces(glob) === undefined) return `expands to more than ${MAX_ALTERNATIVES} alternatives`;
  return undefined;
}

/** Wildcards are runs of `*`, each `?` and each `[…]` class. */
function countWildcards(glob: string): number {
  let n = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '?' || c === '[') n++;
    else if (c === '*') {
      n++;
      while (glob[i + 1] === '*') i++;
    }
  }
  return n;
}

/** A matcher for several globs (any may match). Globs with a problem are left out. */
export function compileGlobs(globs: readonly string[]): GlobMatcher {
  const compiled: Segment[][] = [];
  for (const glob of globs) {
    if (globProblem(glob)) continue;
    for (const alternative of expandBraces(glob) ?? []) compiled.push(parsePattern(alternative));
  }
  return (path) => {
    if (!compiled.length) return false;
    const parts = normalise(path).split('/');
    return compiled.some((segments) => matchSegments(segments, parts));
  };
}

function normalise(path: string): string {
  let p = path.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

/** `{a,b}c` → `ac`, `bc`; undefined past the limit. Braces are not nested; an unclosed one is literal. */
function expandBraces(glob: string): string[] | undefined {
  let out = [''];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) {
      out = out.map((s) => s + c + glob[i + 1]);
      i++;
      continue;
    }
    if (c === '{') {
      const close = glob.indexOf('}', i + 1);
      if (close > i) {
        const options = glob.slice(i + 1, close).split(',');
        const next: string[] = [];
        for (const prefix of out) {
          for (const option of options) {
            next.push(prefix + option);
            if (next.length > MAX_ALTERNATIVES) return undefined;
          }
        }
        out = next;
        i = close;
        continue;
      }
    }
    out = out.map((s) => s + c);
  }
  return out;
}

function parsePattern(glob: string): Segment[] {
  let pattern = glob;
  while (pattern.startsWith('./')) pattern = pattern.slice(2);
  return pattern
    .split('/')
    .map((part): Segment => (part === '**' ? { kind: 'globstar' } : { kind: 'tokens', tokens: tokenize(part) }));
}

function tokenize(part: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (c === '\\' && i + 1 < part.length) {
      tokens.push({ kind: 'char', ch: part[++i] });
    } else if (c === '*') {
      // A run of stars inside a segment is one star.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else if (c === '[') {
      const parsed = parseClass(part, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else {
        tokens.push({ kind: 'char', ch: c });
      }
    } else {
      tokens.push({ kind: 'char', ch: c });
    }
  }
  return tokens;
}

function parseClass(part: string, open: number): { token: Token; end: number } | undefined {
  let i = open + 1;
  const negated = part[i] === '!' || part[i] === '^';
  if (negated) i++;
  const items: (string | [string, string])[] = [];
  // A `]` right after the opening is a member, as in shells.
  let first = true;
  for (; i < part.length; i++) {
    const c = part[i];
    if (c === ']' && !first) return { token: { kind: 'class', negated, items }, end: i };
    first = false;
    const ch = c === '\\' && i + 1 < part.length ? part[++i] : c;
    if (part[i + 1] === '-' && i + 2 < part.length && part[i + 2] !== ']') {
      items.push([ch, part[i + 2]]);
      i += 2;
    } else {
      items.push(ch);
    }
  }
  return undefined;
}

function tokenMatches(token: Token, ch: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.ch === ch;
    case 'any':
      return true;
    case 'class': {
      const hit = token.items.some((item) => (typeof item === 'string' ? item === ch : item[0] <= ch && ch <= item[1]));
      return hit !== token.negated;
    }
    case 'star':
      return false;
  }
}

/**
 * Greedy matching with one remembered star: never more than text × pattern steps. The same
 * algorithm matches characters within a segment (star: `*`) and segments within a path (star: `**`).
 */
function starMatch<P, T>(pattern: readonly P[], text: readonly T[] | string, isStar: (p: P) => boolean, matches: (p: P, t: T) => boolean): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const item = pattern[p];
    if (item !== undefined && isStar(item)) {
      starP = p++;
      starT = t;
    } else if (item !== undefined && matches(item, text[t] as T)) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): boolean {
  return starMatch(
    segments,
    parts,
    (segment) => segment.kind === 'globstar',
    (segment, part) => segment.kind === 'tokens' && starMatch(segment.tokens, part, (token) => token.kind === 'star', tokenMatches),
  );
}
