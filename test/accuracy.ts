/**
 * Precision and recall per rule on the corpus in test/corpus: one folder per house style preset,
 * each with its dateline.yaml and articles whose expected findings are marked inline
 * (`⟦text⟧{rule-id}`). A finding counts as found when rule, start and end match a marker.
 *
 *   node --import tsx test/accuracy.ts [--json]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLanguageService } from '../server/core/index';
import { parseMarkers } from './support/markers';

const CORPUS = join(__dirname, 'corpus');
const service = createLanguageService();

export interface RuleScore {
  ruleId: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface CorpusMiss {
  file: string;
  ruleId: string;
  text: string;
  kind: 'false positive' | 'missed';
}

export function scoreCorpus(): { presets: string[]; scores: Map<string, RuleScore>; misses: CorpusMiss[]; files: number } {
  const scores = new Map<string, RuleScore>();
  const misses: CorpusMiss[] = [];
  const score = (id: string) => {
    let s = scores.get(id);
    if (!s) scores.set(id, (s = { ruleId: id, truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return s;
  };
  const presets = readdirSync(CORPUS).sort();
  let files = 0;
  for (const preset of presets) {
    const dir = join(CORPUS, preset);
    const { config, findings: configProblems } = service.parseConfig(readFileSync(join(dir, 'dateline.yaml'), 'utf8'));
    if (configProblems.length) throw new Error(`${preset}/dateline.yaml: ${configProblems.map((f) => f.message).join('; ')}`);
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.article')).sort()) {
      files++;
      const { text, expected } = parseMarkers(readFileSync(join(dir, name), 'utf8'));
      const found = service.analyze(text, { config }).findings;
      const open = expected.map((e) => ({ ...e, matched: false }));
      for (const f of found) {
        const hit = open.find((e) => !e.matched && e.ruleId === f.ruleId && e.start === f.span.start && e.end === f.span.end);
        if (hit) {
          hit.matched = true;
          score(f.ruleId).truePositives++;
        } else {
          score(f.ruleId).falsePositives++;
          misses.push({ file: `${preset}/${name}`, ruleId: f.ruleId, text: text.slice(f.span.start, f.span.end), kind: 'false positive' });
        }
      }
      for (const e of open.filter((x) => !x.matched)) {
        score(e.ruleId).falseNegatives++;
        misses.push({ file: `${preset}/${name}`, ruleId: e.ruleId, text: text.slice(e.start, e.end), kind: 'missed' });
      }
    }
  }
  return { presets, scores, misses, files };
}

function ratio(a: number, b: number): string {
  return b === 0 ? '  -  ' : (a / b).toFixed(2);
}

if (require.main === module) {
  const { presets, scores, misses, files } = scoreCorpus();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ presets, files, scores: [...scores.values()], misses }, null, 2));
  } else {
    console.log(`Corpus: ${files} articles in ${presets.length} styles (${presets.join(', ')})`);
    console.log('rule                       found  false+  missed  precision  recall');
    for (const s of [...scores.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId))) {
      console.log(`${s.ruleId.padEnd(26)} ${String(s.truePositives).padStart(5)}  ${String(s.falsePositives).padStart(6)}  ${String(s.falseNegatives).padStart(6)}  ${ratio(s.truePositives, s.truePositives + s.falsePositives).padStart(9)}  ${ratio(s.truePositives, s.truePositives + s.falseNegatives).padStart(6)}`);
    }
    for (const m of misses) console.log(`  ${m.kind}: ${m.file} ${m.ruleId} ${JSON.stringify(m.text)}`);
  }
}
