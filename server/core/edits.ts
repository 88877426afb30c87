import type { Fix, TextEdit } from './types';

/** Applies non-overlapping edits to a text. Edits are sorted here, so callers need not. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.span.start < at) throw new Error('Overlapping edits');
    out += text.slice(at, edit.span.start) + edit.newText;
    at = edit.span.end;
  }
  return out + text.slice(at);
}

/**
 * The edits of every safe fix (editorial ones choose words, so only the writer applies them),
 * minus any that overlap an earlier one: a later pass picks those up.
 */
export function safeEdits(fixes: readonly Fix[]): TextEdit[] {
  const edits = fixes.filter((f) => f.safe && f.edits.length === 1).map((f) => f.edits[0]);
  edits.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const kept: TextEdit[] = [];
  let end = -1;
  for (const e of edits) {
    if (e.span.start < end || (kept.length && e.span.start === end && e.span.start === kept[kept.length - 1].span.start)) continue;
    kept.push(e);
    end = e.span.end;
  }
  return kept;
}
