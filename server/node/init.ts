// `dateline init [DIR]`: a starter dateline.yaml from what DIR's articles already cite, and an
// actors.yaml of the people and organisations they name, commented out until a person confirms
// them. Never overwrites a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLanguageService, type Article, type DatelineConfig, type LanguageService } from '../core/index';
import { allowedDistance, isCommonWord, spellingKey } from '../core/actors/spelling';
import { levenshtein } from '../core/text';
import { actorId } from '../core/actors/ids';
import { NOT_NAMES } from '../core/configEdits';
import { yamlScalar } from '../core/yamlScalar';
import { speakerOf } from '../core/features/documentSymbols';
import { firstEndingAfter } from '../core/features/shared';
import { collectFiles } from './cliFiles';
import { CONFIG_FILE, ConfigStore } from './configStore';
import { readRegularFile, reason } from './files';
import { PROJECT_URL } from './ruleDocs';

export const ACTORS_FILE = 'actors.yaml';

export const INIT_USAGE = `Usage: dateline init [DIR] [--dry-run]

Writes DIR/${CONFIG_FILE} (DIR defaults to the current directory) listing the
sources DIR's articles cite, most cited first, and DIR/${ACTORS_FILE} with the
people and organisations they name, commented out for you to confirm.
An existing file is never overwritten. --dry-run prints both instead.
`;

/** One file init proposes, and whether it is already there (then it is left alone). */
export interface ProposedFile {
  path: string;
  text: string;
  exists: boolean;
}

export interface InitPlan {
  dir: string;
  articles: number;
  sources: number;
  actors: number;
  config: ProposedFile;
  registry: ProposedFile;
}

/** Reads DIR's articles and proposes both files; writes nothing. */
export function planInit(dir: string, service: LanguageService = createLanguageService()): InitPlan {
  const store = new ConfigStore(service);
  const articles: Article[] = [];
  let used: DatelineConfig | undefined;
  for (const file of collectFiles([dir], dir).files) {
    const outcome = readRegularFile(file.path, { maxBytes: 5 * 1024 * 1024, root: file.root });
    if (outcome.kind !== 'text') continue;
    const loaded = store.forFile(file.path);
    const relative = loaded.path ? path.relative(path.dirname(loaded.path), file.path) : undefined;
    if (!service.isArticle(file.flavor, outcome.text, relative, loaded.config)) continue;
    const article = service.analyze(outcome.text, { flavor: file.flavor, config: loaded.config }).article;
    if (!article) continue;
    articles.push(article);
    used ??= loaded.config;
  }
  const config = used ?? service.parseConfig('').config;
  const sources = groupSources(articles);
  const fields = extraFields(articles, config);
  const actors = candidateActors(articles, config, sources);
  const configPath = path.join(dir, CONFIG_FILE);
  const registryPath = path.join(dir, ACTORS_FILE);
  return {
    dir,
    articles: articles.length,
    sources: sources.length,
    actors: actors.length,
    config: { path: configPath, text: configText(articles.length, sources, fields), exists: fs.existsSync(configPath) },
    registry: { path: registryPath, text: actorsText(actors), exists: fs.existsSync(registryPath) },
  };
}

/** A source as the articles cite it: the most used spelling, the others as aliases. */
export interface SourceGroup {
  name: string;
  count: number;
  /** Every spelling with its count, most used first. */
  spellings: { text: string; count: number }[];
  /** Near misses of this name (`Baltc Wire`), cited less: likely typos, so not listed as sources. */
  nearMisses: { text: string; count: number }[];
}

/** Cited sources, spellings that differ only in case, accents, punctuation or transliteration grouped. */
export function groupSources(articles: readonly Article[]): SourceGroup[] {
  const groups = new Map<string, Map<string, number>>();
  for (const article of articles) {
    for (const citation of article.body.citations) {
      for (const part of citation.parts) {
        if (!part.date && !part.undated) continue;
        for (const source of part.sources) {
          const text = source.name.trim().replace(/\s+/g, ' ');
          if (!text) continue;
          const key = spellingKey(text.replace(/[^\p{L}\p{N}]+/gu, ''));
          const spellings = groups.get(key) ?? new Map<string, number>();
          groups.set(key, spellings);
          spellings.set(text, (spellings.get(text) ?? 0) + 1);
        }
      }
    }
  }
  const all: (SourceGroup & { key: string })[] = [];
  for (const [key, spellings] of groups) {
    const sorted = [...spellings].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count || compare(a.text, b.text));
    all.push({ key, name: sorted[0].text, count: sorted.reduce((n, s) => n + s.count, 0), spellings: sorted, nearMisses: [] });
  }
  all.sort((a, b) => b.count - a.count || compare(a.name, b.name));
  // A rarer spelling a letter or two away from a more cited one is left for the writer to fix:
  // listed as a source, it would hide the typo from citation-unknown-source.
  const result: SourceGroup[] = [];
  for (const group of all) {
    const near = result.find((r) => r.count > group.count && levenshtein(group.key, spellingKey(r.name.replace(/[^\p{L}\p{N}]+/gu, '')), 2) <= allowedDistance(group.key.length));
    if (near) for (const spelling of group.spellings) near.nearMisses.push(spelling);
    else result.push({ name: group.name, count: group.count, spellings: group.spellings, nearMisses: [] });
  }
  return result.sort((a, b) => b.count - a.count || compare(a.name, b.name));
}

interface ExtraField {
  name: string;
  type: 'string' | 'integer' | 'list';
  articles: number;
}

/** Header fields the articles use that the schema does not know, typed by the values they hold. */
function extraFields(articles: readonly Article[], config: DatelineConfig): ExtraField[] {
  const known = new Set(config.schema.map((f) => f.name));
  const seen = new Map<string, { key: string; values: unknown[] }>();
  for (const article of articles) {
    for (const field of article.header?.fields ?? []) {
      if (known.has(field.name)) continue;
      const entry = seen.get(field.name) ?? { key: field.key, values: [] };
      seen.set(field.name, entry);
      entry.values.push(field.value);
    }
  }
  return [...seen.values()]
    .map(({ key, values }) => ({
      name: key.toLowerCase(),
      type: values.every(Array.isArray) ? ('list' as const) : values.every((v) => /^\d+$/.test(String(v).trim())) ? ('integer' as const) : ('string' as const),
      articles: values.length,
    }))
    .sort((a, b) => b.articles - a.articles || compare(a.name, b.name));
}

export interface CandidateActor {
  name: string;
  kind: 'person' | 'organization';
  quoted: number;
  named: number;
  /** The surname, when the articles use it alone and no other candidate shares it. */
  alias?: string;
}

/** Last words that make a capitalised run an organisation's name. */
const ORGANIZATION_WORDS = new Set([
  'agency', 'alliance', 'assembly', 'association', 'authority', 'bank', 'board', 'bureau', 'centre', 'center', 'coalition',
  'commission', 'committee', 'company', 'corporation', 'council', 'court', 'department', 'foundation', 'front', 'fund',
  'group', 'institute', 'league', 'ministry', 'movement', 'office', 'organization', 'organisation', 'parliament', 'party',
  'service', 'society', 'union', 'university',
]);

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;

/**
 * Capitalised words in prose (`words`), and runs of two to four of them one space apart
 * (`runs`: `Lena Okafor`, `Civic Alliance`), in one pass over the text.
 */
function capitalised(text: string, from: number): { words: string[]; runs: { text: string; start: number; end: number }[] } {
  const words: string[] = [];
  const runs: { text: string; start: number; end: number }[] = [];
  let run: { start: number; end: number; count: number } | undefined;
  const flush = () => {
    if (run && run.count >= 2) runs.push({ text: text.slice(run.start, run.end), start: run.start, end: run.end });
    run = undefined;
  };
  let i = from;
  while (i < text.length) {
    if (!LETTER.test(text[i])) {
      // One space (or no-break space) between two words keeps a run going.
      const joins = run && run.end === i && (text[i] === ' ' || text[i] === '\u00a0') && i + 1 < text.length && UPPER.test(text[i + 1]);
      if (!joins) flush();
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && (LETTER.test(text[j]) || text[j] === '’' || text[j] === "'" || text[j] === '-')) j++;
    if (UPPER.test(text[i])) {
      words.push(text.slice(i, j));
      if (run && run.end === i - 1 && run.count < 4) {
        run.end = j;
        run.count++;
      } else {
        flush();
        run = { start: i, end: j, count: 1 };
      }
    } else {
      flush();
    }
    i = j;
  }
  flush();
  return { words, runs };
}

/**
 * People and organisations the articles name: quoted speakers with a full name, and full names
 * (two or more capitalised words, not a source, a publication or a date) used more than once.
 */
export function candidateActors(articles: readonly Article[], config: DatelineConfig, sources: readonly SourceGroup[]): CandidateActor[] {
  const notActors = new Set<string>();
  for (const s of sources) for (const { text } of s.spellings) notActors.add(text.toLowerCase());
  for (const a of articles) {
    const publication = a.header?.fields.find((f) => f.name === 'publication')?.value;
    if (typeof publication === 'string') notActors.add(publication.trim().toLowerCase());
  }
  const found = new Map<string, CandidateActor>();
  const entry = (name: string) => {
    const known = found.get(name) ?? { name, kind: kindOf(name), quoted: 0, named: 0 };
    found.set(name, known);
    return known;
  };
  const words = new Map<string, number>();
  for (const article of articles) {
    const runs: { name: string; start: number; end: number }[] = [];
    const scanned = capitalised(article.text, article.bodyStart);
    const citations = article.body.citations;
    let c = 0;
    for (const run of scanned.runs) {
      // Runs and citations both come in text order: one pass skips the names inside citations.
      while (c < citations.length && citations[c].span.end <= run.start) c++;
      if (c < citations.length && citations[c].span.start <= run.start) continue;
      const name = trimName(run.text);
      if (!name || notActors.has(name.toLowerCase())) continue;
      runs.push({ name, start: run.start, end: run.end });
      entry(name).named++;
    }
    for (const word of scanned.words) words.set(word, (words.get(word) ?? 0) + 1);
    const bySurname = new Map<string, string>();
    for (const r of runs) if (!bySurname.has(lastWord(r.name))) bySurname.set(lastWord(r.name), r.name);
    for (const q of article.body.quotations) {
      // The speaker: the name nearest the quotation in its sentence (after it wins a tie), else
      // the surname the attribution uses, taken for the full name the article gives.
      let best: { name: string; distance: number } | undefined;
      for (let i = firstEndingAfter(runs, q.sentence.start, (r) => r); i < runs.length && runs[i].start < q.sentence.end; i++) {
        const r = runs[i];
        if (r.end > q.span.start && r.start < q.span.end) continue;
        const distance = r.start >= q.span.end ? r.start - q.span.end : q.span.start - r.end + 0.5;
        if (!best || distance < best.distance) best = { name: r.name, distance };
      }
      const said = best ? undefined : speakerOf({ article, config }, q)?.name.trim();
      const name = best?.name ?? (said && /^\p{Lu}[\p{L}’'-]+$/u.test(said) ? bySurname.get(said) : undefined);
      if (name) entry(name).quoted++;
    }
  }
  const candidates = [...found.values()].filter((c) => c.quoted > 0 || c.named > 1);
  // A surname used on its own is an alias, unless two candidates share it.
  const surnames = new Map<string, number>();
  for (const c of candidates) if (c.kind === 'person') surnames.set(lastWord(c.name), (surnames.get(lastWord(c.name)) ?? 0) + 1);
  for (const c of candidates) {
    if (c.kind !== 'person') continue;
    const surname = lastWord(c.name);
    const alone = (words.get(surname) ?? 0) - c.named;
    if (surnames.get(surname) === 1 && alone > 0 && surname.length > 2) c.alias = surname;
  }
  return candidates.sort((a, b) => b.quoted + b.named - (a.quoted + a.named) || compare(a.name, b.name));
}

/** The name in a capitalised run without titles and sentence-opening words, or undefined if none is left. */
function trimName(run: string): string | undefined {
  const words = run.trim().replace(/['’]s$/, '').split(/[ \u00a0]+/);
  while (words.length && (NOT_NAMES.has(words[0]) || (isCommonWord(words[0].toLowerCase()) && !ORGANIZATION_WORDS.has(words[words.length - 1].toLowerCase())))) words.shift();
  if (words.length < 2) return undefined;
  if (words.some((w) => NOT_NAMES.has(w) || w === w.toUpperCase())) return undefined;
  const organization = ORGANIZATION_WORDS.has(words[words.length - 1].toLowerCase());
  // A person's name of common words (`Black Sea`, `New Year`) is not a person.
  if (!organization && words.every((w) => isCommonWord(w.toLowerCase()))) return undefined;
  return words.join(' ');
}

function kindOf(name: string): CandidateActor['kind'] {
  return ORGANIZATION_WORDS.has(lastWord(name).toLowerCase()) ? 'organization' : 'person';
}

function lastWord(name: string): string {
  return name.slice(name.lastIndexOf(' ') + 1);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function configText(articles: number, sources: readonly SourceGroup[], fields: readonly ExtraField[]): string {
  const lines = [
    `# A first dateline.yaml, written by \`dateline init\` from ${plural(articles, 'article')}. Everything here is data.`,
    '# The sources are the ones the articles cite, most cited first; check the names and add',
    `# descriptions. Every setting: ${PROJECT_URL}#configuration-datelineyaml`,
  ];
  if (fields.length) {
    lines.push('schema:', '  fields:');
    for (const f of fields) lines.push(`    ${yamlScalar(f.name)}: { type: ${f.type} }   # in ${plural(f.articles, 'article')}`);
  }
  lines.push(`actors: ${ACTORS_FILE}   # candidates, commented out until you confirm them`);
  if (sources.length) {
    lines.push('sources:');
    for (const s of sources) {
      const detail = s.spellings.length > 1 ? `: ${s.spellings.map((x) => `${x.text} ${x.count}`).join(', ')}` : '';
      lines.push(`  - name: ${yamlScalar(s.name)}   # ${plural(s.count, 'citation')}${detail}`);
      if (s.spellings.length > 1) lines.push(`    aliases: [${s.spellings.slice(1).map((x) => yamlScalar(x.text)).join(', ')}]`);
      for (const x of s.nearMisses) lines.push(`    # also cited as ${JSON.stringify(x.text)} (${plural(x.count, 'citation')}): a typo? fix the article, or add it to aliases`);
    }
  } else {
    lines.push('sources: []   # no citations found');
  }
  return lines.join('\n') + '\n';
}

export function actorsText(actors: readonly CandidateActor[]): string {
  const lines = [
    '# People and organisations the articles name, found by `dateline init`: quoted speakers and',
    '# full names used more than once. None is active yet: check each entry (and its kind), then',
    '# remove the `# ` in front of its lines.',
  ];
  if (!actors.length) lines.push('# (none found)');
  const ids = new Set<string>();
  for (const a of actors) {
    let id = actorId(a.name);
    for (let n = 2; ids.has(id); n++) id = `${actorId(a.name)}-${n}`;
    ids.add(id);
    const seen = [a.quoted ? `quoted ${plural(a.quoted, 'time')}` : '', a.named ? `named ${plural(a.named, 'time')}` : ''].filter(Boolean).join(', ');
    lines.push('', `# - id: ${id}   # ${seen}`, `#   name: ${yamlScalar(a.name)}`, `#   kind: ${a.kind}`);
    if (a.alias) lines.push(`#   aliases: [${yamlScalar(a.alias)}]`);
  }
  return lines.join('\n') + '\n';
}

/** Writes the files that are not there yet; an existing one is never touched. */
export function writeInit(plan: InitPlan): { written: string[]; kept: string[]; errors: string[] } {
  const result = { written: [] as string[], kept: [] as string[], errors: [] as string[] };
  for (const file of [plan.config, plan.registry]) {
    try {
      // 'wx' fails if anything, a symlink included, is already at the path.
      fs.writeFileSync(file.path, file.text, { flag: 'wx' });
      result.written.push(file.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') result.kept.push(file.path);
      else result.errors.push(`dateline: cannot write '${file.path}': ${reason(e)}`);
    }
  }
  return result;
}

interface InitIO {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** `dateline init [DIR] [--dry-run]`; resolves to the exit code. */
export async function runInit(argv: readonly string[], io: InitIO): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const rest = argv.filter((a) => a !== '--dry-run');
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout.write(INIT_USAGE);
    return 0;
  }
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown || rest.length > 1) {
    io.stderr.write(`dateline: ${unknown ? `unknown option '${unknown}'` : 'init takes one folder'}; run 'dateline init --help' for usage\n`);
    return 2;
  }
  const dir = path.resolve(io.cwd, rest[0] ?? '.');
  let isDir = false;
  try {
    isDir = fs.statSync(dir).isDirectory();
  } catch {
    // Reported below.
  }
  if (!isDir) {
    io.stderr.write(`dateline: '${rest[0] ?? '.'}' is not a folder\n`);
    return 2;
  }
  const plan = planInit(dir);
  const shown = (file: string) => path.relative(io.cwd, file) || '.';
  const summary = `${plural(plan.articles, 'article')}, ${plural(plan.sources, 'source')}, ${plural(plan.actors, 'candidate actor')}`;
  if (dryRun) {
    for (const file of [plan.config, plan.registry]) {
      io.stdout.write(`# ---- ${shown(file.path)}${file.exists ? ' (exists; would be kept as it is)' : ''}\n${file.text}\n`);
    }
    io.stderr.write(`${summary}; nothing written (--dry-run)\n`);
    return 0;
  }
  const { written, kept, errors } = writeInit(plan);
  for (const file of written) io.stdout.write(`Wrote ${shown(file)}\n`);
  for (const file of kept) io.stderr.write(`dateline: ${shown(file)} exists; left as it is\n`);
  if (errors.length) io.stderr.write(errors.join('\n') + '\n');
  io.stdout.write(`${summary}\n`);
  return errors.length ? 2 : 0;
}
