// Do two curators' annotations of the same words say the same thing? Same lexicon key, same
// value and unit (within 0.5 %: a rounding, not a different dose), same status, same day
// (spec section 9). Returns what differs, in words a curator reads; empty when they agree.
import type { Annotation, DayNormalized, DoseNormalized, DrugNormalized, LabNormalized } from '../model.ts';

/** Relative tolerance for values: 0.5 %. */
export const VALUE_TOLERANCE = 0.005;

export function valueDifferences(a: Annotation, b: Annotation): string[] {
  const out: string[] = [];
  const na = a.normalized;
  const nb = b.normalized;
  if (!na || !nb) {
    // Neither could be normalized: the words and the kind are all there is, and they agree.
    if (na || nb) out.push(na ? 'only the first is normalized' : 'only the second is normalized');
  } else if (a.kind === 'drug') {
    same(out, 'drug', (na as DrugNormalized).key, (nb as DrugNormalized).key);
  } else if (a.kind === 'dose') {
    const x = na as DoseNormalized;
    const y = nb as DoseNormalized;
    same(out, 'drug', x.drug?.toLowerCase() ?? null, y.drug?.toLowerCase() ?? null);
    quantity(out, x, y);
  } else if (a.kind === 'lab') {
    const x = na as LabNormalized;
    const y = nb as LabNormalized;
    same(out, 'lab', x.key, y.key);
    if (x.result !== null || y.result !== null) same(out, 'result', x.result?.toLowerCase() ?? null, y.result?.toLowerCase() ?? null);
    quantity(out, x, y);
  } else {
    const x = na as DayNormalized;
    const y = nb as DayNormalized;
    same(out, 'anchor', x.from, y.from);
  }
  if (a.kind === 'drug' || a.kind === 'dose') same(out, 'status', statusOf(a), statusOf(b));
  if (a.day !== b.day || a.dayEnd !== b.dayEnd) out.push(`day ${dayText(a)} ≠ ${dayText(b)}`);
  return out;
}

/** What happened to a drug or dose (a dose takes its drug's). */
export function statusOf(a: Annotation): string {
  return a.status ?? 'given';
}

function same(out: string[], what: string, x: string | null, y: string | null): void {
  if (x !== y) out.push(`${what} ${x ?? 'none'} ≠ ${y ?? 'none'}`);
}

interface Quantity {
  value: number | null;
  valueEnd: number | null;
  unit: string | null;
  comparator: string | null;
}

function quantity(out: string[], x: Quantity, y: Quantity): void {
  if (!close(x.value, y.value) || !close(x.valueEnd, y.valueEnd) || x.unit !== y.unit || x.comparator !== y.comparator) {
    out.push(`value ${quantityText(x)} ≠ ${quantityText(y)}`);
  }
}

function close(x: number | null, y: number | null): boolean {
  if (x === null || y === null) return x === y;
  return Math.abs(x - y) <= VALUE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

function quantityText(q: Quantity): string {
  if (q.value === null) return 'none';
  const v = `${q.comparator ?? ''}${q.value}${q.valueEnd !== null ? `–${q.valueEnd}` : ''}`;
  return q.unit ? `${v} ${q.unit}` : v;
}

function dayText(a: Annotation): string {
  if (a.day === null) return 'undated';
  return a.dayEnd !== null ? `${a.day} to ${a.dayEnd}` : String(a.day);
}
