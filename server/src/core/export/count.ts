// Counting what an export holds, without writing it.
import type { CaseMarkExport } from './types.ts';

/** Number of annotations in an export (cases and unassigned). */
export function countAnnotations(exp: CaseMarkExport): number {
  let n = 0;
  for (const d of exp.documents) {
    n += d.unassigned.length;
    for (const c of d.cases) n += c.annotations.length;
  }
  return n;
}
