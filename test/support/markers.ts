/**
 * Inline expected-finding markers for fixtures.
 *
 * `⟦text⟧{rule-id}` marks the exact span `text` of a finding; `⟦⟧{rule-id}` a zero-width one.
 * Markers nest, and `{a,b}` gives several rules for one span. The markers are stripped and the
 * offsets refer to the stripped text.
 */

export const OPEN = '⟦';
export const CLOSE = '⟧';

export interface ExpectedFinding {
  ruleId: string;
  start: number;
  end: number;
}

export interface ParsedMarkers {
  text: string;
  expected: ExpectedFinding[];
}

export function parseMarkers(src: string): ParsedMarkers {
  let text = '';
  const expected: ExpectedFinding[] = [];
  // Start offsets (in the stripped text) of the markers still open, with where they were opened.
  const stack: { start: number; at: number }[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === OPEN) {
      stack.push({ start: text.length, at: i });
      i++;
      continue;
    }
    if (c === CLOSE) {
      const open = stack.pop();
      if (!open) throw new Error(`Marker ${CLOSE} at source offset ${i} closes nothing.`);
      if (src[i + 1] !== '{') throw new Error(`Marker ${CLOSE} at source offset ${i} needs a {rule-id} after it.`);
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new Error(`Marker ${CLOSE} at source offset ${i}: the {rule-id} never closes.`);
      const ids = src.slice(i + 2, close).split(',').map((s) => s.trim());
      if (ids.some((id) => !/^[a-z][a-z0-9-]*$/.test(id))) {
        throw new Error(`Marker at source offset ${i} has a bad rule id list {${src.slice(i + 2, close)}}.`);
      }
      for (const ruleId of ids) expected.push({ ruleId, start: open.start, end: text.length });
      i = close + 1;
      continue;
    }
    text += c;
    i++;
  }
  if (stack.length) throw new Error(`Marker ${OPEN} at source offset ${stack[stack.length - 1].at} never closes.`);
  expected.sort(compareExpected);
  return { text, expected };
}

export function compareExpected(a: ExpectedFinding, b: ExpectedFinding): number {
  return a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId);
}

/** Puts markers back into a text: the actual findings of a fixture, written the way it would mark them. */
export function renderMarkers(text: string, findings: readonly ExpectedFinding[]): string {
  // Identical spans share one marker with several ids.
  const bySpan = new Map<string, { start: number; end: number; ids: string[] }>();
  for (const f of findings) {
    const key = `${f.start}:${f.end}`;
    const entry = bySpan.get(key);
    if (entry) entry.ids.push(f.ruleId);
    else bySpan.set(key, { start: f.start, end: f.end, ids: [f.ruleId] });
  }
  const spans = [...bySpan.values()];
  const label = (s: { ids: string[] }) => `${CLOSE}{${[...s.ids].sort().join(',')}}`;
  let out = '';
  for (let i = 0; i <= text.length; i++) {
    // Inner spans close before outer ones; outer spans open before inner ones.
    const closing = spans.filter((s) => s.end === i && s.start < i).sort((a, b) => b.start - a.start);
    for (const s of closing) out += label(s);
    for (const s of spans.filter((s) => s.start === i && s.end === i)) out += OPEN + label(s);
    const opening = spans.filter((s) => s.start === i && s.end > i).sort((a, b) => b.end - a.end);
    out += OPEN.repeat(opening.length);
    if (i < text.length) out += text[i];
  }
  return out;
}
