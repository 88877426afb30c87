/**
 * The adversarial shapes of the core benchmark (long runs of one delimiter, unclosed marks, huge
 * headers), each built at any size. The unit tests build them small and check that the analysis
 * completes with a bounded number of findings; `npm run fuzz` builds them full size and times them.
 */

const HEADER = 'Publication: Bench Review Volume: 1 Issue: 1\nDate: July 9, 2008\n\n';
const MD_HEADER = '---\npublication: Bench Review\nvolume: 1\nissue: 1\ndate: 2008-07-09\n---\n\n';

export interface AdversarialCase {
  name: string;
  /** The full size, in repetitions of the shape. */
  units: number;
  /** Markdown cases open with `publication` front matter: each is an article, analysed, not skipped. */
  flavor?: 'article' | 'markdown';
  /** The benchmark analyses it with its source and actor registries. */
  registry?: boolean;
  build(n: number): string;
}

const repeat = (s: string, n: number) => s.repeat(Math.max(0, Math.floor(n)));

function proseLine(n: number): string {
  const words = ['the', 'ministry', 'said', '“that', 'is', 'all', 'we', 'know”', '(APA,', 'July', '3)', 'and', 'Mr.', 'Vesk', 'agreed.', 'St.', 'Anselm'];
  const out: string[] = [];
  let len = 0;
  for (let i = 0; len < n; i++) {
    const w = words[i % words.length];
    out.push(w);
    len += w.length + 1;
  }
  return out.join(' ').slice(0, n);
}

function cyrillic(n: number): string {
  const letters = 'абвгдежзийклмнопрстуфхцчшщыэюя ';
  return Array.from({ length: n }, (_, i) => letters[i % letters.length]).join('');
}

/** One sentence of about `n` characters, a cited quotation every 44 of them and no sentence end until the last. */
function longSentence(n: number): string {
  return `${repeat('“four words of a quote” (APA, July 3), and ', n / 44)}end.`;
}

/** Runs of 1, 2, 3, … backticks separated by a letter, about `n` backticks in all. */
function backtickLadder(n: number): string {
  const out: string[] = [];
  let total = 0;
  for (let len = 1; total < n; len++) {
    out.push('`'.repeat(len), 'x');
    total += len;
  }
  return out.join('');
}

export const ADVERSARIAL: readonly AdversarialCase[] = [
  { name: "100,000 '('", units: 100_000, build: (n) => HEADER + repeat('(', n) },
  { name: "100,000 ')'", units: 100_000, build: (n) => HEADER + repeat(')', n) },
  { name: "100,000 '“'", units: 100_000, build: (n) => HEADER + repeat('“', n) },
  { name: "100,000 '”'", units: 100_000, build: (n) => HEADER + repeat('”', n) },
  { name: '100,000 straight quotes', units: 100_000, build: (n) => HEADER + repeat('"', n) },
  { name: "'(' and ';' alternating, 100,000", units: 50_000, build: (n) => HEADER + repeat('(;', n) },
  { name: "'(' then 100,000 ';' then ')'", units: 100_000, build: (n) => `${HEADER}(${repeat(';', n)})` },
  { name: "'(APA' repeated, one line", units: 20_000, build: (n) => HEADER + repeat('(APA', n) },
  { name: "'(APA, July 3' unclosed, repeated", units: 10_000, build: (n) => HEADER + repeat('(APA, July 3 ', n) },
  { name: "'(APA, July 3)' x 10,000, one line", units: 10_000, build: (n) => HEADER + repeat('(APA, July 3)', n) },
  { name: "'(APA, Juyl 31)' x 10,000 (all bad)", units: 10_000, build: (n) => HEADER + repeat('“Words of a quote here” (APA, Juyl 31). ', n) },
  { name: "'(, July 1)' x 10,000 (no source)", units: 10_000, build: (n) => HEADER + repeat('Text (, July 1). ', n) },
  { name: '10,000 uncited quotations', units: 10_000, build: (n) => HEADER + repeat('“Four words of quote.” ', n) },
  { name: '10,000 uncited quotations, one sentence', units: 10_000, build: (n) => `${HEADER}${repeat('“four words of quote” ', n)}end.` },
  { name: 'one sentence of 100,000 chars, quotations and citations', units: 100_000, build: (n) => HEADER + longSentence(n) },
  { name: 'one sentence of 200,000 chars, quotations and citations', units: 200_000, build: (n) => HEADER + longSentence(n) },
  { name: 'one sentence of 400,000 chars, quotations and citations', units: 400_000, build: (n) => HEADER + longSentence(n) },
  { name: "'Minister ' x 20,000 (actors)", units: 20_000, registry: true, build: (n) => HEADER + repeat('Minister ', n) },
  { name: "'Vesk ' x 20,000 (actors)", units: 20_000, registry: true, build: (n) => HEADER + repeat('Vesk ', n) },
  { name: "'(Harbr Wire, July 3)' x 10,000 (registry)", units: 10_000, registry: true, build: (n) => HEADER + repeat('(Harbr Wire, July 3) ', n) },
  { name: '100,000-char line of prose', units: 100_000, build: (n) => HEADER + proseLine(n) },
  { name: '10,000 unclosed “ in a paragraph', units: 10_000, build: (n) => HEADER + repeat('“four words of quote ', n) },
  { name: '10,000 unclosed " in a paragraph', units: 10_000, build: (n) => HEADER + repeat('"four words here. And ', n) },
  { name: '10,000 paragraphs opening with “', units: 10_000, build: (n) => HEADER + repeat('“It runs on and on and on.\n\n', n) },
  { name: '10,000 paragraphs, one unclosed "', units: 10_000, build: (n) => HEADER + repeat('He said "this is never closed\n\n', n) },
  { name: '100,000 periods', units: 100_000, build: (n) => `${HEADER}“A quote of four words” ${repeat('.', n)} “Another quote of four words.”` },
  { name: "100,000 '. '", units: 100_000, build: (n) => `${HEADER}“A quote of four words” ${repeat('. ', n)}“Another quote of four words.”` },
  { name: '100,000 abbreviations (Mr.)', units: 50_000, build: (n) => `${HEADER}“A quote of four words” ${repeat('Mr. ', n)}“Another quote of four words.”` },
  { name: "'.)' x 100,000 after a quote", units: 50_000, build: (n) => `${HEADER}“A quote of four words” ${repeat('.)', n)} end.` },
  { name: 'quotation of 100,000 Cyrillic letters', units: 100_000, build: (n) => `${HEADER}“${cyrillic(n)}” (APA, July 3).` },
  { name: '100,000 astral characters', units: 100_000, build: (n) => `${HEADER}“${repeat('𝔰', n / 2)}” ${repeat('📈 ', n / 4)}` },
  { name: '100,000 line breaks', units: 100_000, build: (n) => HEADER + repeat('\n', n) },
  { name: '100,000 CR line breaks', units: 100_000, build: (n) => HEADER + repeat('a\r', n / 2) },
  { name: 'header line of 100,000 chars', units: 100_000, build: (n) => `Publication: ${repeat('x', n)}\nVolume: 1\nIssue: 1\n\nBody.` },
  { name: "header line of ' Volume: 1' x 10,000", units: 10_000, build: (n) => `Publication: P${repeat(' Volume: 1', n)} Issue: 1\n\nBody.` },
  { name: '10,000 header lines', units: 10_000, build: (n) => `Publication: P\n${repeat('Volume: 1\n', n)}Issue: 1\n\nBody.` },
  { name: '10,000 unknown header fields', units: 10_000, build: (n) => `Publication: P\n${Array.from({ length: n }, (_, i) => `Volumx${i}: 1\n`).join('')}Issue: 1\n\nBody.` },
  { name: 'YAML front matter, 10,000 keys', units: 10_000, build: (n) => `---\npublication: P\nvolume: 1\nissue: 1\n${Array.from({ length: n }, (_, i) => `key${i}: value ${i}\n`).join('')}---\n\nBody.` },
  { name: 'Markdown front matter, 10,000 keys', units: 10_000, flavor: 'markdown', build: (n) => `---\npublication: P\nvolume: 1\nissue: 1\n${Array.from({ length: n }, (_, i) => `key${i}: value ${i}\n`).join('')}---\n\n“Four words of quote.”` },
  { name: 'YAML front matter, 10,000 duplicates', units: 10_000, build: (n) => `---\npublication: P\nissue: 1\n${repeat('volume: 1\n', n)}---\n\nBody.` },
  { name: 'YAML front matter never closed', units: 10_000, build: (n) => `---\npublication: P\n${repeat('key: value\n', n)}` },
  { name: '50,000 backticks (Markdown)', units: 50_000, flavor: 'markdown', build: (n) => `${MD_HEADER}Text ${repeat('`', n)} more “quoted words in here” text.` },
  { name: "'` ' x 50,000 (Markdown)", units: 50_000, flavor: 'markdown', build: (n) => `${MD_HEADER}${repeat('` ', n)}` },
  { name: 'backtick runs of every length (Markdown)', units: 50_000, flavor: 'markdown', build: (n) => MD_HEADER + backtickLadder(n) },
  { name: "'<!--' x 20,000 (Markdown)", units: 20_000, flavor: 'markdown', build: (n) => `${MD_HEADER}${repeat('<!-- ', n)}` },
  { name: '10,000 ``` fences (Markdown)', units: 10_000, flavor: 'markdown', build: (n) => `${MD_HEADER}${repeat('```\n', n)}` },
  // Shapes found by the regular-expression check: long blank runs where a pattern used to backtrack.
  { name: 'sentence of 20,000 words before a quotation', units: 20_000, build: (n) => `${HEADER}${repeat('word ', n)}“four words of quote” (APA, July 3).` },
  { name: 'blank run of 50,000 before a quotation', units: 50_000, build: (n) => `${HEADER}x${repeat(' \t', n / 2)}y “four words of quote” (APA, July 3).` },
];
