// Aligns two notes' word sequences with Myers' diff (fast-myers-diff): the words of the
// longest common subsequence are the same words of the paper in both notes; the rest is
// where the two texts differ. Words are compared as small integers, which keeps the diff
// fast (two notes of one paper align in milliseconds; the cost grows with words × edits).
import { lcs } from 'fast-myers-diff';

export interface Alignment {
  /** For each word of note a, the index of the same word in note b, or -1. */
  aToB: Int32Array;
  /** For each word of note b, the index of the same word in note a, or -1. */
  bToA: Int32Array;
  /** Number of aligned word pairs. */
  aligned: number;
}

export function alignWords(a: readonly string[], b: readonly string[]): Alignment {
  const ids = new Map<string, number>();
  const code = (words: readonly string[]) =>
    Int32Array.from(words, (w) => {
      let id = ids.get(w);
      if (id === undefined) ids.set(w, (id = ids.size));
      return id;
    });
  const x = code(a);
  const y = code(b);
  const aToB = new Int32Array(a.length).fill(-1);
  const bToA = new Int32Array(b.length).fill(-1);
  let aligned = 0;
  for (const [sx, sy, length] of lcs(x, y)) {
    for (let k = 0; k < length; k++) {
      aToB[sx + k] = sy + k;
      bToA[sy + k] = sx + k;
    }
    aligned += length;
  }
  return { aToB, bToA, aligned };
}
