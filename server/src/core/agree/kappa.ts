// Cohen's kappa from a confusion matrix of two raters over the same units:
// κ = (pₒ − pₑ) / (1 − pₑ), pₒ the share of units on the diagonal, pₑ = Σₖ (rowₖ/N)(colₖ/N).

/** rows: the first curator's category, columns: the second's. */
export type Confusion = number[][];

export function emptyConfusion(categories: number): Confusion {
  return Array.from({ length: categories }, () => new Array<number>(categories).fill(0));
}

export function addConfusion(into: Confusion, other: Confusion): void {
  for (let i = 0; i < into.length; i++) for (let j = 0; j < into.length; j++) into[i][j] += other[i][j];
}

/** Kappa over all categories; null when undefined (no units, or both raters always chose one category). */
export function cohensKappa(m: Confusion): number | null {
  const k = m.length;
  let n = 0;
  let diagonal = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      n += m[i][j];
      rows[i] += m[i][j];
      cols[j] += m[i][j];
    }
    diagonal += m[i][i];
  }
  if (n === 0) return null;
  const po = diagonal / n;
  let pe = 0;
  for (let i = 0; i < k; i++) pe += (rows[i] / n) * (cols[i] / n);
  return pe === 1 ? null : (po - pe) / (1 - pe);
}

/** Kappa of one category against all others (a 2 × 2 matrix folded from the full one). */
export function binaryKappa(m: Confusion, category: number): number | null {
  const folded = emptyConfusion(2);
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < m.length; j++) folded[i === category ? 0 : 1][j === category ? 0 : 1] += m[i][j];
  }
  return cohensKappa(folded);
}
