/**
 * Deterministic generator of realistic articles for the benchmark. The same seed always gives the
 * same text, so timings from different runs and machines compare the same input.
 *
 * The prose is assembled from an invented vocabulary: it reads like regional policy coverage but
 * every sentence is synthetic.
 */

/** Small, fast, seedable PRNG (mulberry32). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Picks a key by weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1][0];
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const AP_MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const OUTLETS = [
  'APA', 'Trend', 'Harbor Wire', 'Nordpress', 'Meridian-News', 'Kestrel Agency', 'Baltic Ledger', 'Tageskurier',
  'Caspian Bulletin', 'Radio Ostrava', 'Steppe Times', 'Novaya Vest', 'Agence Littoral', 'Ekspress-Info', 'Día Regional',
];
const MISSPELLED_MONTHS = ['Juyl', 'Agust', 'Setpember', 'Ocotber', 'Janaury', 'Febuary', 'Decmeber', 'Jnue'];
const NONSTANDARD_MONTHS = ['Jul', 'Jun', 'Aug', 'Sep', 'july', 'MARCH'];

const PEOPLE = [
  'Anton Vesk', 'Leyla Qasımova', 'Irena Dvořák', 'Mikko Saarinen', 'Sofia Brandt', 'J. P. Hollis', 'Rustam Ablayev',
  'Chen Wei', 'Zoë Marchetti', 'Óscar Ibáñez', 'Nodira Karimova', 'Pavel Strnad', 'Elif Demirtaş', 'Tomasz Ulven',
  'Ásta Jónsdóttir', 'Grigor Melikyan', 'Hana Nováková', 'Dr. Mara Lind', 'Gen. Oskar Feld', 'Sen. Ruth Abbot',
];
const SURNAMES = ['Vesk', 'Dvořák', 'Saarinen', 'Brandt', 'Hollis', 'Ablayev', 'Marchetti', 'Ibáñez', 'Strnad', 'Ulven', 'Lind', 'Feld'];
const CITIES = ['Varna', 'Tarvik', 'Kessel', 'Ostrava', 'Brindor', 'Łódź', 'Tbilisi', 'Ærøskøbing', 'Baku', 'Almaty', 'Zürich', 'St. Anselm'];
const ORGS = ['NATO', 'OSCE', 'the EU', 'the IMF', 'the World Bank', 'the U.N.', 'the U.S. State Department', 'Gosenergo', 'the Caspian Forum'];
const SUBJECTS = [
  'The ministry', 'The regional council', 'Officials in {city}', '{person}', 'The state grid operator', 'Local analysts',
  'The opposition bloc', 'Several lawmakers', 'The port authority', 'Mr. {surname}', 'Dr. {surname}', 'Gen. {surname}',
  'A U.S. delegation', 'The secretariat of {org}', 'Prof. {surname} of the Institute in {city}', 'The cabinet',
  'Two independent monitors', 'The central bank', 'Regional governors', 'The customs committee',
];
const VERBS = [
  'announced', 'postponed', 'criticised', 'welcomed', 'questioned', 'approved', 'rejected', 'reviewed', 'expanded',
  'suspended', 'defended', 'revised', 'outlined', 'endorsed', 'delayed', 'signed off on', 'pushed back against',
];
const OBJECTS = [
  'a new pipeline tender', 'the draft budget', 'plans for a rail corridor', 'the fisheries agreement', 'a loan of $1.2 billion',
  'the grain export quota', 'talks on border demarcation', 'the tariff schedule for 2009', "the government’s energy strategy",
  'a memorandum on transit cargo', 'the reform of municipal courts', "the region’s water-sharing accord", 'a bid to host the summit',
  'the privatisation of two refineries', 'an audit of the pension fund', 'the ferry link across the strait', "analysts’ forecasts for growth",
];
const ADJUNCTS = [
  'after a week of talks', 'in {city}', 'on Sept. 12', 'despite objections from {org}', 'according to people familiar with the matter',
  'at a briefing in {city}', 'for the third time this year', 'ahead of the autumn session', 'with support from {org}',
  'in a statement on Tuesday', 'before the Jan. 15 deadline', 'at 9 a.m. local time', 'under pressure from creditors',
  'in line with the 2007 accord', 'while visiting St. Anselm', 'without a public hearing',
];
const ASIDES = [
  '(NATO)', '(cf. the table below)', '($2 billion)', '(1993-1994)', '(see above)', '(about 14 percent)', '(OSCE)',
  '(in Russian)', '(formerly the Harbour Board)', '(since July 3)', '(the so-called “northern route”)', '(2008)',
  '(population 1.2 million)', '(a claim it denies)', '(№ 14)', '(🚢 ferries only)', '(𝔸-class vessels)',
];
const QUOTE_FRAGMENTS = [
  'we will not accept a deal that ignores our farmers', 'this is a serious step toward stability in the region',
  'nobody expected the talks to move so quickly', 'there are still open questions about the financing',
  'the project must be transparent from the start', 'they have given us every reason to doubt their promises',
  "we don’t intend to wait another year", "the country’s partners’ patience is not unlimited", "it’s too early to celebrate",
  'the ministry has done its homework', 'our neighbours know where we stand', 'the price of gas is only part of the story',
  'what matters is the timetable', 'every delay costs the port money', 'we can’t build a corridor on good intentions alone',
  'the agreement in Москва changes very little', 'the banks were ήδη nervous before the vote', 'évidemment, the details matter',
  'the 𝔰𝔱𝔢𝔭 from words to pipes is the hard one', 'the ölkə question will come back in the autumn', 'the courts must stay independent',
];
const SCARE = ['frozen conflict', 'reset', 'strategic patience', 'grey zone', 'energy bridge', 'red lines'];
const NESTED = ['open door', 'no surprises', 'good neighbour', 'fair share', 'business as usual'];
/** Verbs that can stand before the speaker: `“…,” said X`. */
const SAID = ['said', 'added', 'wrote', 'insisted', 'noted', 'warned', 'argued'];
/** Verbs that follow the speaker: `X told reporters that “…”`. */
const SAYS = ['said', 'told reporters', 'added', 'wrote', 'insisted', 'noted', 'warned', 'told a press conference'];

export interface ArticleOptions {
  /** Approximate size of the result in UTF-8 bytes. */
  targetBytes: number;
  seed: number;
  eol?: '\n' | '\r\n';
  flavor?: 'article' | 'markdown';
}

/** Generates one article of about `targetBytes` UTF-8 bytes. */
export function generateArticle(options: ArticleOptions): string {
  const g = new ArticleWriter(new Random(options.seed));
  return g.article(options.targetBytes, options.eol ?? '\n', options.flavor ?? 'article');
}

class ArticleWriter {
  private year = 2008;
  private month = 7;
  private day = 9;

  constructor(private readonly r: Random) {}

  article(targetBytes: number, eol: string, flavor: 'article' | 'markdown'): string {
    const r = this.r;
    this.year = r.int(2004, 2012);
    this.month = r.int(1, 12);
    this.day = r.int(1, DAYS_IN_MONTH[this.month - 1]);
    const header = flavor === 'markdown' ? this.yamlHeader(eol) : this.linesHeader(eol);
    const parts: string[] = [header];
    let bytes = Buffer.byteLength(header);
    while (bytes < targetBytes) {
      const p = flavor === 'markdown' && r.chance(0.08) ? this.markdownBlock(eol) : this.paragraph(eol);
      parts.push(p, eol, eol);
      bytes += Buffer.byteLength(p) + 2 * eol.length;
    }
    return parts.join('');
  }

  private headerDate(): string {
    const r = this.r;
    if (r.chance(0.3)) return `${this.year}-${pad(this.month)}-${pad(this.day)}`;
    return `${MONTHS[this.month - 1]} ${this.day}, ${this.year}`;
  }

  private linesHeader(eol: string): string {
    const r = this.r;
    const lines = [`Publication: ${r.pick(['Regional Policy Review', 'Eastern Ledger Weekly', 'Strait Monitor', 'Steppe Quarterly'])} Volume: ${r.int(1, 40)} Issue: ${r.int(1, 250)}`];
    lines.push(`Date: ${this.headerDate()}`);
    if (r.chance(0.5)) lines.push(`Title: ${this.title()}`);
    if (r.chance(0.4)) lines.push(`Author: ${r.pick(PEOPLE)}`);
    return lines.join(eol) + eol + eol;
  }

  private yamlHeader(eol: string): string {
    const r = this.r;
    const lines = [
      '---',
      `publication: ${r.pick(['Regional Policy Review', 'Strait Monitor'])}`,
      `volume: ${r.int(1, 40)}`,
      `issue: ${r.int(1, 250)}`,
      `date: ${this.year}-${pad(this.month)}-${pad(this.day)}`,
      `title: "${this.title()}"`,
      `tags: [energy, ${r.pick(['transit', 'courts', 'trade', 'fisheries'])}]`,
      '---',
    ];
    return lines.join(eol) + eol + eol + `# ${this.title()}` + eol + eol;
  }

  private title(): string {
    const r = this.r;
    return `${r.pick(['Talks on', 'Doubts over', 'A new push for', 'Quiet progress on'])} ${r.pick(OBJECTS).replace(/^(a|an|the) /, '')}`;
  }

  private fill(template: string): string {
    const r = this.r;
    return template
      .replace('{city}', r.pick(CITIES))
      .replace('{person}', r.pick(PEOPLE))
      .replace('{surname}', r.pick(SURNAMES))
      .replace('{org}', r.pick(ORGS));
  }

  private clause(): string {
    const r = this.r;
    let s = `${this.fill(r.pick(SUBJECTS))} ${r.pick(VERBS)} ${r.pick(OBJECTS)}`;
    if (r.chance(0.6)) s += ` ${this.fill(r.pick(ADJUNCTS))}`;
    if (r.chance(0.12)) s += ` ${r.pick(ASIDES)}`;
    return s;
  }

  /** A citation date before the article's date, in AP style. */
  private citeDate(): string {
    const r = this.r;
    let m = this.month;
    let d = this.day - r.int(0, 10);
    if (d < 1) {
      m = m === 1 ? 12 : m - 1;
      d = r.int(1, DAYS_IN_MONTH[m - 1]);
    }
    const s = `${r.chance(0.6) ? AP_MONTHS[m - 1] : MONTHS[m - 1]} ${d}`;
    return r.chance(0.1) ? `${s}, ${m > this.month ? this.year - 1 : this.year}` : s;
  }

  private citation(): string {
    const r = this.r;
    const kind = r.weighted({
      ok: 700, year: 60, multi: 80, future: 10, empty: 10, noComma: 20, misspelled: 15, badDay: 10, dayFirst: 10, iso: 10,
      nonstandard: 10, noDate: 5,
    });
    const src = r.pick(OUTLETS);
    switch (kind) {
      case 'ok': return `(${src}, ${this.citeDate()})`;
      case 'year': return `(${src}, ${MONTHS[this.month - 1]} ${Math.max(1, this.day - 1)}, ${this.year})`;
      case 'multi': return `(${src}, ${this.citeDate()}; ${r.pick(OUTLETS)}, ${this.citeDate()}${r.chance(0.3) ? `; ${r.pick(OUTLETS)}, ${this.citeDate()}` : ''})`;
      case 'future': return `(${src}, ${MONTHS[this.month - 1]} ${this.day}, ${this.year + 1})`;
      case 'empty': return `(, ${this.citeDate()})`;
      case 'noComma': return `(${src} ${this.citeDate()})`;
      case 'misspelled': return `(${src}, ${r.pick(MISSPELLED_MONTHS)} ${r.int(1, 28)})`;
      case 'badDay': return `(${src}, ${r.pick(['June 31', 'April 31', 'February 30', 'Sept. 31', 'Nov. 31'])})`;
      case 'dayFirst': return `(${src}, ${r.int(1, 28)} ${MONTHS[this.month - 1]})`;
      case 'iso': return `(${src}, ${this.year}-${pad(this.month)}-${pad(Math.max(1, this.day - 1))})`;
      case 'nonstandard': return `(${src}, ${r.pick(NONSTANDARD_MONTHS)} ${r.int(1, 28)})`;
      case 'noDate': return `(${src}, ${this.citeDate()}; ${r.pick(OUTLETS)})`;
    }
  }

  /** Quoted speech of about `min` to `max` words, made of whole fragments. */
  private quoteWords(min: number, max: number, straight: boolean): string {
    const r = this.r;
    const target = r.int(min, max);
    const words: string[] = [];
    while (words.length < target) {
      if (words.length) words.push(r.pick(['and', 'but', 'because', 'so']));
      words.push(...r.pick(QUOTE_FRAGMENTS).split(' '));
    }
    if (r.chance(0.15)) {
      const inner = r.pick(NESTED);
      words.push('and', 'they', 'call', 'it', straight ? `'${inner}'` : `‘${inner}’`);
    }
    const s = words.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  private quoted(min: number, max: number): { open: string; close: string; body: string } {
    const straight = this.r.chance(0.25);
    return { open: straight ? '"' : '“', close: straight ? '"' : '”', body: this.quoteWords(min, max, straight) };
  }

  private sentence(): string {
    const r = this.r;
    const kind = r.weighted({ plain: 55, citedPlain: 15, quoteSaid: 12, quoteThat: 6, uncited: 4, scare: 5, twoSentences: 3 });
    switch (kind) {
      case 'plain': return `${this.clause()}.`;
      case 'citedPlain': return `${this.clause()} ${this.citation()}.`;
      case 'quoteSaid': {
        const q = this.quoted(4, 30);
        return `${q.open}${q.body},${q.close} ${r.pick(SAID)} ${r.pick(PEOPLE)} ${this.citation()}.`;
      }
      case 'quoteThat': {
        const q = this.quoted(4, 20);
        return `${r.pick(PEOPLE)} ${r.pick(SAYS)} that ${q.open}${q.body.charAt(0).toLowerCase()}${q.body.slice(1)}${q.close} ${this.citation()}.`;
      }
      case 'uncited': {
        const q = this.quoted(5, 18);
        return `${q.open}${q.body},${q.close} ${r.pick(SAID)} ${r.pick(PEOPLE)}.`;
      }
      case 'scare': {
        const straight = r.chance(0.3);
        const w = r.pick(SCARE);
        return `${this.clause()}, calling it a ${straight ? `"${w}"` : `“${w}”`}.`;
      }
      case 'twoSentences': {
        const q = this.quoted(6, 14);
        return `${q.open}${q.body}. ${this.quoteWords(4, 10, false)}.${q.close} ${r.pick(PEOPLE)} then ${r.pick(VERBS)} ${r.pick(OBJECTS)} ${this.citation()}.`;
      }
    }
  }

  private paragraph(eol: string): string {
    const r = this.r;
    const n = r.int(2, 7);
    const sentences: string[] = [];
    for (let i = 0; i < n; i++) sentences.push(this.sentence());
    const roll = r.next();
    if (roll < 0.03) {
      // News style: the quotation runs into the next paragraph, which opens with a quotation mark.
      const q = this.quoted(8, 20);
      sentences.push(`${r.pick(PEOPLE)} ${r.pick(SAYS)}: “${q.body}.`);
      return `${sentences.join(' ')}${eol}${eol}“${this.quoteWords(6, 20, false)},” ${r.pick(SAID)} ${r.pick(SURNAMES)} ${this.citation()}.`;
    }
    if (roll < 0.035) {
      // A quotation left open by mistake.
      sentences.push(`${r.pick(PEOPLE)} ${r.pick(SAYS)} “${this.quoteWords(5, 12, false)}.`);
    }
    return sentences.join(' ');
  }

  private markdownBlock(eol: string): string {
    const r = this.r;
    switch (r.int(0, 3)) {
      case 0: return ['```yaml', 'source: "APA, July 3"', 'note: (Trend July 4) “not prose”', '```'].join(eol);
      case 1: return `The field \`(APA, Juyl 3)\` in the feed is raw data; ${this.clause()} ${this.citation()}.`;
      case 2: return `<!-- editor's note: “check this” (Trend July 4) -->${eol}${this.clause()}.`;
      default: return `- ${this.clause()}.${eol}- ${this.clause()} ${this.citation()}.`;
    }
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A `dateline.yaml` with a source registry and inline actors that the generated prose names. */
export function registryConfigText(): string {
  return [
    'sources:',
    '  - name: APA',
    '  - name: Trend',
    '  - name: Harbor Wire',
    '    aliases: [HW]',
    '  - name: Nordpress',
    '  - name: Meridian News',
    '    aliases: [Meridian-News]',
    '  - name: Kestrel Agency',
    'actors:',
    '  - id: anton-vesk',
    '    name: Anton Vesk',
    '    kind: person',
    '    aliases: [Vesk]',
    '  - id: irena-dvorak',
    '    name: Irena Dvořák',
    '    kind: person',
    '    aliases: [Dvořák, Minister Dvořák]',
    '  - id: caspian-forum',
    '    name: Caspian Forum',
    '    kind: organization',
    '  - id: ostrava',
    '    name: Ostrava',
    '    kind: place',
    '',
  ].join('\n');
}
