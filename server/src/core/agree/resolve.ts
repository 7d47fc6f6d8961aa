// "Take theirs": the edit that makes note a annotate a disagreement's words as note b does.
// It never rewrites the paper's words of note a: it removes a's directive syntax and wraps the
// same words in b's (`:kind[` … `]{attrs}`). Null when that cannot be done safely (b's words
// are not in a, or another annotation of a is in the way).
import type { Annotation, TextEdit } from '../model.ts';
import { LineIndex } from '../parse/lines.ts';
import type { Disagreement } from './compare.ts';

const LEAD = /^[^\p{L}\p{N}]*/u;
const TRAIL = /[^\p{L}\p{N}]*$/u;
const SIGN_BEFORE = '<>≤≥±~−-+';
const SIGN_AFTER = '+%';

export function takeTheirs(d: Disagreement, textA: string, annotationsA: readonly Annotation[]): TextEdit | null {
  const lines = new LineIndex(textA);
  const off = lines.offset.bind(lines);
  const mine = d.a.annotation;
  const theirs = d.b.annotation;
  if (!theirs) {
    // Only in a: unwrap the label.
    if (!mine) return null;
    return { range: mine.range, newText: textA.slice(off(mine.labelRange.start), off(mine.labelRange.end)) };
  }
  // The same words: b's directive as written (its label may differ in what is not a word: `<`, `×`).
  if (d.type === 'value' && mine) return { range: mine.range, newText: theirs.directive };
  if (!d.bWordsInA) return null;

  const [l0b, l1b] = theirs.labelAt;
  const prefix = theirs.directive.slice(0, l0b);
  const suffix = theirs.directive.slice(l1b);
  const label = theirs.directive.slice(l0b, l1b);
  // b's label may begin or end with a sign (`<5`, `CD19+`): take it along when a has it too.
  let w0 = off(d.bWordsInA.start);
  let w1 = off(d.bWordsInA.end);
  const lead = LEAD.exec(label)![0];
  const trail = TRAIL.exec(label)![0];
  if (lead && textA.slice(w0 - lead.length, w0) === lead) w0 -= lead.length;
  if (trail && textA.slice(w1, w1 + trail.length) === trail) w1 += trail.length;
  // A comparator or sign right against the words belongs to the value even when b's label starts elsewhere.
  while (w0 > 0 && SIGN_BEFORE.includes(textA[w0 - 1])) w0--;
  while (w1 < textA.length && SIGN_AFTER.includes(textA[w1])) w1++;

  const d0 = mine ? off(mine.range.start) : w0;
  const d1 = mine ? off(mine.range.end) : w0;
  const l0 = mine ? off(mine.labelRange.start) : w0;
  const l1 = mine ? off(mine.labelRange.end) : w0;
  if ((w0 > d0 && w0 < l0) || (w1 > l1 && w1 < d1)) return null;
  const r0 = Math.min(d0, w0);
  const r1 = Math.max(d1, w1);
  // Any other annotation of a inside the region would be cut in half.
  for (const a of annotationsA) {
    const s = off(a.range.start);
    const e = off(a.range.end);
    if (mine && s === d0 && e === d1) continue;
    if (s < r1 && e > r0) return null;
  }
  // a's text of the region without a's directive syntax, and where an offset of a lands in it.
  const plain = textA.slice(r0, d0) + textA.slice(l0, l1) + textA.slice(d1, r1);
  const at = (o: number) => (o <= d0 ? o - r0 : o <= l1 ? o - r0 - (l0 - d0) : o - r0 - (l0 - d0) - (d1 - l1));
  const newText = plain.slice(0, at(w0)) + prefix + plain.slice(at(w0), at(w1)) + suffix + plain.slice(at(w1));
  // Where only the words differ (`10.0` and `10.1`), there is nothing to take: the text is a's to fix.
  return newText === textA.slice(r0, r1) ? null : { range: lines.range(r0, r1), newText };
}
