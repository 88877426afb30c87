/* Actor ids: one module of its own, small enough for the editor client to share. */

/** Latin letters that have no decomposition to strip an accent from. */
const LATIN_LETTERS: Record<string, string> = { ł: 'l', đ: 'd', ħ: 'h', ı: 'i', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd', ŀ: 'l', ŧ: 't' };

/**
 * The registry id for a name, the one way every part of Dateline makes one: `Lena Okafor` →
 * `lena-okafor`, `Łukasz Zołc` → `lukasz-zolc`, accents dropped, other scripts kept.
 */
export function actorId(name: string): string {
  const folded = name
    .toLowerCase()
    .normalize('NFKD')
    // Accents come off Latin letters only: `й` stays itself.
    .replace(/([a-z])[\u0300-\u036f]+/g, '$1')
    .normalize('NFC')
    .replace(/[łđħıøßæœþðŀŧ]/g, (c) => LATIN_LETTERS[c]);
  let id = '';
  let dash = false;
  // Runs of anything but letters and digits become one dash; none at either end.
  for (const ch of folded) {
    if (/[\p{L}\p{N}]/u.test(ch)) {
      if (dash && id) id += '-';
      id += ch;
      dash = false;
    } else {
      dash = true;
    }
  }
  return id || 'actor';
}
