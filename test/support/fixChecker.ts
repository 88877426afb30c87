import assert from 'node:assert/strict';
import { applyEdits, type Finding, type Fix, type Span, type TextEdit } from '../../server/core/index';

/** The findings of a text, as the caller's analysis gives them (the same settings before and after a fix). */
export type Analyse = (text: string) => readonly Finding[];

/**
 * The one closed-loop check of a fix: its edits lie inside the text and do not overlap, everything
 * outside the ranges they name is byte-identical, the finding goes away, and no new error appears.
 * Returns the fixed text.
 */
export function assertFixCloses(text: string, finding: Finding, fix: Fix, analyse: Analyse, label = 'fixture', before: readonly Finding[] = analyse(text)): string {
  const where = `${label}: fix "${fix.title}" of ${finding.ruleId} at ${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  assert.equal(typeof fix.safe, 'boolean', `${where}: the fix declares neither safe nor editorial`);
  const fixed = assertEditsInPlace(text, fix.edits, where);

  const after = analyse(fixed);
  const mapped = mapSpan(finding.span, fix.edits);
  const still = after.filter((f) => f.ruleId === finding.ruleId && f.message === finding.message && f.span.start < Math.max(mapped.end, mapped.start + 1) && f.span.end > mapped.start);
  assert.deepEqual(still.map((f) => f.message), [], `${where}: the finding is still there`);

  // A citation added with nothing to go on leaves its source empty for the writer to fill in: that
  // empty source is the one error such a fix may bring, and it sits in the inserted text.
  const inserted = fix.snippet ? fix.edits.map((e) => mapSpan({ start: e.span.start, end: e.span.start }, fix.edits)).map((sp, i) => ({ start: sp.start, end: sp.start + fix.edits[i].newText.length })) : [];
  const placeholder = (f: Finding) => f.ruleId === 'citation-empty-source' && inserted.some((sp) => f.span.start >= sp.start && f.span.end <= sp.end);
  const was = errorsByRule(before);
  for (const [rule, n] of errorsByRule(after.filter((f) => !placeholder(f)))) {
    assert.ok(n <= (was.get(rule) ?? 0), `${where}: a new ${rule} error appeared: ${after.filter((f) => f.ruleId === rule).map((f) => f.message).join(' | ')}`);
  }

  // Only safe fixes go into "fix all" unattended, so only they promise that no error even moves.
  if (fix.safe) {
    const target = mapSpan(finding.span, fix.edits);
    const same = after.find((f) => f.ruleId === finding.ruleId && f.span.start === target.start && f.span.end === target.end);
    assert.equal(same, undefined, `${where}: the finding is still there after the fix:\n${fixed}`);
    const previous = new Set(before.filter((f) => f.severity === 'error').map((f) => {
      const s = mapSpan(f.span, fix.edits);
      return `${f.ruleId}@${s.start}-${s.end}`;
    }));
    const fresh = after.filter((f) => f.severity === 'error' && !previous.has(`${f.ruleId}@${f.span.start}-${f.span.end}`));
    assert.deepEqual(fresh.map((f) => `${f.ruleId} ${JSON.stringify(fixed.slice(f.span.start, f.span.end))}: ${f.message}`), [], `${where}: the fix brought new errors`);
  }
  return fixed;
}

/** Applies edits after checking they are inside the text and apart, and that nothing outside them moved. */
export function assertEditsInPlace(text: string, edits: readonly TextEdit[], where: string): string {
  assert.ok(edits.length > 0, `${where}: the fix has no edits`);
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i].span;
    assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length, `${where}: edit ${e.start}-${e.end} lies outside the text`);
    if (i > 0) assert.ok(sorted[i - 1].span.end <= e.start, `${where}: edits overlap`);
  }
  const fixed = applyEdits(text, edits);
  let from = 0;
  let at = 0;
  for (const edit of sorted) {
    const kept = text.slice(from, edit.span.start);
    assert.equal(fixed.slice(at, at + kept.length), kept, `${where}: text before the edit at ${edit.span.start} changed`);
    at += kept.length;
    assert.equal(fixed.slice(at, at + edit.newText.length), edit.newText, `${where}: the replacement is not where the edit says`);
    at += edit.newText.length;
    from = edit.span.end;
  }
  assert.equal(fixed.slice(at), text.slice(from), `${where}: text after the last edit changed`);
  return fixed;
}

function errorsByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) if (f.severity === 'error') counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

/** Where an offset lands after the edits; `end` decides which side of an insertion it takes. */
export function mapOffset(offset: number, edits: readonly TextEdit[], side: 'start' | 'end'): number {
  let delta = 0;
  for (const edit of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    const { start, end } = edit.span;
    const growth = edit.newText.length - (end - start);
    if (offset < start || (offset === start && (side === 'start' || start < end))) break;
    if (offset >= end) {
      delta += growth;
      continue;
    }
    // Inside a replaced range: the span now covers the replacement.
    return side === 'start' ? start + delta : start + delta + edit.newText.length;
  }
  return offset + delta;
}

export function mapSpan(span: Span, edits: readonly TextEdit[]): Span {
  return { start: mapOffset(span.start, edits, 'start'), end: mapOffset(span.end, edits, 'end') };
}
