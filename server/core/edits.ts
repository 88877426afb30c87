import type { TextEdit } from './types';

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
