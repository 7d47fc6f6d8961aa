// How a name is compared with the lexicon: curators copy names from papers with any case,
// hyphenation, spacing and trademark signs, so `ide-cel`, `Ide Cel` and `IDE_CEL®` must meet.

const MARKS = /[®™℠]/gu;
// Spaces, underscores and every dash-like character (hyphen, en dash, non-breaking hyphen...).
const IGNORED = /[\s_\p{Pd}\u00AD\u2212]+/gu;

/** The comparison form of a drug or lab name: case-folded, without separators or marks. */
export function normalizeName(name: string): string {
  return name.replace(MARKS, '').normalize('NFKC').toLowerCase().replace(IGNORED, '');
}

/**
 * One character of text folded for prefix matching: lowercase when that keeps it one
 * character, dashes as `-`, any white space as a plain space. Keeps offsets aligned with
 * the original text, which matters because callers slice the text by the matched length.
 */
export function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) {
    if (code >= 65 && code <= 90) return String.fromCharCode(code + 32);
    return code >= 9 && code <= 13 ? ' ' : ch;
  }
  if (/\s/u.test(ch)) return ' ';
  if (/[\p{Pd}\u2212]/u.test(ch)) return '-';
  const lower = ch.toLowerCase();
  return lower.length === 1 ? lower : ch;
}
