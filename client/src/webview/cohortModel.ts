// The cohort across notes, as data: one swimmer row per case aligned on day 0 (drug bars and
// markers, lab events), the filters (diagnosis, drug, product), one analyte overlaid across
// cases (value or × ULN) and the drug × case matrix. Pure: shared by the VS Code cohort view,
// the HTML report and the benchmark.
import type { ExportCase, ExportDocument } from '../../../server/src/core/export/types.ts';
import type { DrugNormalized, LabNormalized } from '../../../server/src/core/model.ts';
import { statusOf, type Status } from './timelineModel.ts';
import { displayUnit } from './units.ts';

export interface CohortDrug {
  key: string;
  name: string;
  day: number;
  dayEnd: number | null;
  status: Status;
}

export interface CohortLab {
  key: string;
  name: string;
  day: number;
  value: number | null;
  xUln: number | null;
  flag: LabNormalized['flag'];
  unit: string;
  /** The value as a reader writes it (`2400 U/L`, `positive`). */
  text: string;
}

export interface CohortCase {
  /** `path#id`: unique across the cohort even when two notes reuse a case id. */
  ref: string;
  path: string;
  id: string;
  title: string;
  dx: string | null;
  /** Zero-based line of the `::case`, to open it. */
  line: number;
  drugs: CohortDrug[];
  labs: CohortLab[];
  /** First and last dated day, null when nothing is dated. */
  extent: [number, number] | null;
}

export interface DrugFacet {
  key: string;
  name: string;
  /** A product (a CAR T cell product, a bispecific as a brand): the lexicon's kind, else role=therapy. */
  product: boolean;
  cases: number;
}

export interface AnalyteFacet {
  key: string;
  name: string;
  unit: string;
  cases: number;
}

export interface Cohort {
  cases: CohortCase[];
  drugs: DrugFacet[];
  diagnoses: string[];
  analytes: AnalyteFacet[];
}

export interface CohortFilter {
  dx?: string;
  drug?: string;
  product?: string;
}

function cohortCase(path: string, c: ExportCase, products: Map<string, boolean>): CohortCase {
  const drugs: CohortDrug[] = [];
  const labs: CohortLab[] = [];
  for (const a of c.annotations) {
    if (a.day === null) continue;
    if (a.kind === 'drug') {
      const n = a.normalized as (DrugNormalized & { kind?: string }) | null;
      const key = n?.key ?? a.text.trim().toLowerCase();
      const isProduct = n?.kind ? n.kind === 'product' : a.attributes.role === 'therapy';
      products.set(key, (products.get(key) ?? false) || isProduct);
      drugs.push({ key, name: n?.name ?? a.text, day: a.day, dayEnd: a.dayEnd !== null && a.dayEnd !== a.day ? a.dayEnd : null, status: statusOf(a) });
    } else if (a.kind === 'lab') {
      const n = a.normalized as LabNormalized | null;
      if (!n) continue;
      const text = n.valueKind === 'quantity' && n.value !== null ? `${n.value} ${displayUnit(n.unit)}`.trim() : (n.result ?? a.text);
      labs.push({ key: n.key, name: n.name, day: a.day, value: n.valueKind === 'quantity' ? n.value : null, xUln: n.xUln, flag: n.flag, unit: displayUnit(n.unit), text });
    }
  }
  const days = [...drugs.flatMap((d) => [d.day, d.dayEnd ?? d.day]), ...labs.map((l) => l.day)];
  return {
    ref: `${path}#${c.id}`,
    path,
    id: c.id,
    title: c.title,
    dx: c.attributes.dx ?? null,
    line: c.range.start.line,
    drugs,
    labs,
    extent: days.length ? [Math.min(...days), Math.max(...days)] : null,
  };
}

export function buildCohort(documents: ExportDocument[]): Cohort {
  const products = new Map<string, boolean>();
  const cases = documents.flatMap((d) => d.cases.map((c) => cohortCase(d.path, c, products)));
  const drugFacets = new Map<string, DrugFacet>();
  const analyteFacets = new Map<string, AnalyteFacet>();
  for (const c of cases) {
    for (const key of new Set(c.drugs.map((d) => d.key))) {
      const name = c.drugs.find((d) => d.key === key)!.name;
      const f = drugFacets.get(key) ?? { key, name, product: products.get(key) ?? false, cases: 0 };
      f.cases++;
      drugFacets.set(key, f);
    }
    for (const key of new Set(c.labs.filter((l) => l.value !== null).map((l) => l.key))) {
      const first = c.labs.find((l) => l.key === key)!;
      const f = analyteFacets.get(key) ?? { key, name: first.name, unit: first.unit, cases: 0 };
      f.cases++;
      analyteFacets.set(key, f);
    }
  }
  const byCount = <T extends { cases: number; name: string }>(a: T, b: T): number => b.cases - a.cases || a.name.localeCompare(b.name);
  return {
    cases,
    drugs: [...drugFacets.values()].sort(byCount),
    diagnoses: [...new Set(cases.map((c) => c.dx).filter((d): d is string => !!d))].sort((a, b) => a.localeCompare(b)),
    analytes: [...analyteFacets.values()].sort(byCount),
  };
}

/** Cases with the diagnosis (substring, any case), the drug and the product asked for. */
export function filterCohort(cases: CohortCase[], f: CohortFilter): CohortCase[] {
  const dx = f.dx?.trim().toLowerCase();
  return cases.filter(
    (c) => (!dx || (c.dx ?? '').toLowerCase().includes(dx)) && (!f.drug || c.drugs.some((d) => d.key === f.drug)) && (!f.product || c.drugs.some((d) => d.key === f.product)),
  );
}

export interface OverlayPoint {
  ref: string;
  day: number;
  y: number;
  flag: LabNormalized['flag'];
}

/** One analyte across cases: its values, or its multiples of the upper limit of normal (values without a ULN are left out). */
export function analyteOverlay(cases: CohortCase[], key: string, mode: 'value' | 'xuln'): OverlayPoint[] {
  return cases.flatMap((c) =>
    c.labs
      .filter((l) => l.key === key && (mode === 'value' ? l.value !== null : l.xUln !== null))
      .map((l) => ({ ref: c.ref, day: l.day, y: (mode === 'value' ? l.value : l.xUln)!, flag: l.flag }))
      .sort((a, b) => a.day - b.day),
  );
}

export interface MatrixCell {
  ref: string;
  drug: string;
  /** Administrations on the case's timeline. */
  count: number;
  /** `given` when any administration was given, else the first status seen. */
  status: Status;
}

/** Drug × case: one cell for every drug a case names on its timeline. */
export function drugMatrix(cases: CohortCase[]): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const c of cases) {
    const byDrug = new Map<string, MatrixCell>();
    for (const d of c.drugs) {
      const cell = byDrug.get(d.key) ?? { ref: c.ref, drug: d.key, count: 0, status: d.status };
      cell.count++;
      if (d.status === 'given') cell.status = 'given';
      byDrug.set(d.key, cell);
    }
    cells.push(...byDrug.values());
  }
  return cells;
}
