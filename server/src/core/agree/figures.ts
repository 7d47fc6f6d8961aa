// From counts to the reported figures, per kind and overall, for one pair of notes or pooled
// over many (counts and confusion matrices add up; ratios are recomputed, never averaged).
import type { AnnotationKind } from '../model.ts';
import { ANNOTATION_KINDS } from '../model.ts';
import { addConfusion, binaryKappa, cohensKappa, emptyConfusion, type Confusion } from './kappa.ts';

export interface Counts {
  /** Annotations of the kind in each note. */
  a: number;
  b: number;
  /** One-to-one matched pairs covering the same words / sharing at least one word (exact ⊆ overlap). */
  exact: number;
  overlap: number;
  /** Overlap-matched pairs whose normalized values were compared / agreed. */
  valuesCompared: number;
  valuesAgreed: number;
}

export interface KindFigures extends Counts {
  /** 2·exact / (a + b); null when neither note has one. */
  exactF1: number | null;
  overlapF1: number | null;
  /** valuesAgreed / valuesCompared; null when no pair was compared. */
  valueAgreement: number | null;
  /** Cohen's kappa over the aligned words: this kind against everything else, or all categories for `overall`. */
  kappa: number | null;
}

export type Figures = Record<AnnotationKind | 'overall', KindFigures>;

function withRatios(c: Counts, kappa: number | null): KindFigures {
  const n = c.a + c.b;
  return {
    ...c,
    exactF1: n ? (2 * c.exact) / n : null,
    overlapF1: n ? (2 * c.overlap) / n : null,
    valueAgreement: c.valuesCompared ? c.valuesAgreed / c.valuesCompared : null,
    kappa,
  };
}

export function figuresOf(counts: Record<AnnotationKind, Counts>, confusion: Confusion): Figures {
  const overall: Counts = { a: 0, b: 0, exact: 0, overlap: 0, valuesCompared: 0, valuesAgreed: 0 };
  const out = {} as Figures;
  ANNOTATION_KINDS.forEach((k, i) => {
    const c = counts[k];
    for (const f of Object.keys(overall) as (keyof Counts)[]) overall[f] += c[f];
    out[k] = withRatios(c, binaryKappa(confusion, i + 1));
  });
  out.overall = withRatios(overall, cohensKappa(confusion));
  return out;
}

/** Pooled figures of several pairs of notes. */
export function pooledFigures(parts: { counts: Record<AnnotationKind, Counts>; confusion: Confusion }[]): { figures: Figures; confusion: Confusion } {
  const counts = Object.fromEntries(ANNOTATION_KINDS.map((k) => [k, { a: 0, b: 0, exact: 0, overlap: 0, valuesCompared: 0, valuesAgreed: 0 }])) as Record<AnnotationKind, Counts>;
  const confusion = emptyConfusion(ANNOTATION_KINDS.length + 1);
  for (const p of parts) {
    for (const k of ANNOTATION_KINDS) for (const f of Object.keys(counts[k]) as (keyof Counts)[]) counts[k][f] += p.counts[k][f];
    addConfusion(confusion, p.confusion);
  }
  return { figures: figuresOf(counts, confusion), confusion };
}
