// The cohort view's DOM, shared by the VS Code cohort panel and the HTML report: filters
// (diagnosis, drug, product), the swimmer plot of every case aligned on day 0, one analyte
// overlaid across cases, and the drug × case matrix. A click (or Enter) on a case's row,
// label, mark or cell calls `onOpenCase`. Note text only ever goes in as text.
import * as Plot from '@observablehq/plot';
import type { RenderFunction } from '@observablehq/plot';
import { plotStyle } from './charts.ts';
import type { Cohort, CohortCase, CohortFilter, MatrixCell, OverlayPoint } from './cohortModel.ts';
import { analyteOverlay, buildCohort, drugMatrix, filterCohort } from './cohortModel.ts';
import { h } from './dom.ts';
import type { ExportDocument } from '../../../server/src/core/export/types.ts';
import { chooseScale } from './timelineModel.ts';
import { formatNumber } from './units.ts';

export interface CohortViewOptions {
  nonce: string;
  onOpenCase: (c: CohortCase) => void;
}

const ROW = 16;
/** The drug × case matrix opens by itself for cohorts up to this size; bigger ones draw it on demand. */
const OPEN_MATRIX_UP_TO = 200;
/** The most frequent drugs get a colour each (Observable's palette); the others share grey. */
const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e'];
const OTHER = '#9498a0';

/** Tags each element a mark draws with its case, for the delegated click handler. */
function caseRefs<T>(items: T[], ref: (d: T) => string, focusable = false): RenderFunction {
  return function (index, scales, values, dimensions, context, next) {
    const g = next!(index, scales, values, dimensions, context);
    if (!g) return g;
    Array.from(g.children).forEach((el, j) => {
      const d = items[index[j]];
      if (d === undefined) return;
      el.setAttribute('data-case-ref', ref(d));
      el.classList.add('opens-case');
      if (focusable) {
        el.setAttribute('tabindex', '0');
        el.setAttribute('role', 'link');
      }
    });
    return g;
  };
}

interface SwimEvent {
  ref: string;
  day: number;
  dayEnd: number | null;
  /** The drug's colour group; null for a lab event. */
  colour: string | null;
  hollow: boolean;
  text: string;
}

/** A click anywhere on a case's row opens it: the row is found from the y scale, so the
 * thousands of marks of a big cohort need no handler or attribute each. */
function rowsOpenCases(chart: SVGSVGElement | HTMLElement, open: (ref: string) => void): SVGSVGElement | HTMLElement {
  const y = (chart as unknown as { scale(name: 'y'): { domain: string[]; apply(v: string): number; bandwidth?: number } | undefined }).scale('y');
  // With a legend Plot returns a <figure>: the chart is its direct <svg> child.
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector<SVGSVGElement>(':scope > svg');
  if (!y || !svg) return chart;
  const centres = y.domain.map((ref) => ({ ref, at: y.apply(ref) + (y.bandwidth ?? 0) / 2 }));
  svg.addEventListener('click', (e: MouseEvent) => {
    if ((e.target as Element).closest('[data-case-ref]')) return;
    const box = svg.getBoundingClientRect();
    const scale = box.height / (Number(svg.getAttribute('height')) || box.height);
    const at = (e.clientY - box.top) / scale;
    const hit = centres.find((c) => Math.abs(c.at - at) <= ROW / 2);
    if (hit) open(hit.ref);
  });
  return chart;
}

function finish(chart: SVGSVGElement | HTMLElement, nonce: string): SVGSVGElement | HTMLElement {
  for (const style of Array.from(chart.querySelectorAll('style'))) style.nonce = nonce;
  return chart;
}

function select(label: string, name: string, options: [string, string][]): HTMLSelectElement {
  const el = h('select', { name, 'aria-label': label });
  el.append(...options.map(([value, text]) => h('option', { value }, text)));
  return el;
}

export class CohortView {
  readonly element = h('section', { class: 'cohort', 'aria-label': 'Cohort' });
  private cohort: Cohort = { cases: [], drugs: [], diagnoses: [], analytes: [] };
  private readonly filters = h('div', { class: 'cohort-filters' });
  private readonly count = h('p', { class: 'cohort-count', 'aria-live': 'polite' });
  private readonly swimmer = h('div', { class: 'swimmer', role: 'figure' });
  private readonly overlayTools = h('div', { class: 'cohort-filters' });
  private readonly overlay = h('div', { class: 'overlay', role: 'figure' });
  private readonly matrix = h('div', { class: 'matrix', role: 'figure' });
  private readonly matrixSummary = h('summary', {}, h('h3', {}, 'Drugs by case'));
  private readonly matrixBlock: HTMLDetailsElement;
  private matrixStale = true;
  private dx = select('Diagnosis', 'dx', []);
  private drug = select('Drug', 'drug', []);
  private product = select('Product', 'product', []);
  private analyte = select('Analyte', 'analyte', []);
  private mode = select('Scale', 'mode', [['value', 'value'], ['xuln', '× ULN']]);
  width = 800;

  constructor(private readonly opts: CohortViewOptions) {
    this.element.append(
      this.filters,
      this.count,
      h('h3', {}, 'Swimmer plot'),
      this.swimmer,
      h('h3', {}, 'One analyte across cases'),
      this.overlayTools,
      this.overlay,
      h('details', { class: 'matrix-block' }, this.matrixSummary, this.matrix),
    );
    this.matrixBlock = this.matrix.parentElement as HTMLDetailsElement;
    // A big cohort's matrix is long and costly: it is drawn when opened.
    this.matrixBlock.addEventListener('toggle', () => {
      if (this.matrixBlock.open && this.matrixStale) this.renderMatrix(this.shown());
    });
    const open = (e: Event): void => {
      const ref = (e.target as Element | null)?.closest?.('[data-case-ref]')?.getAttribute('data-case-ref');
      if (ref) this.openRef(ref);
    };
    this.element.addEventListener('click', open);
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') open(e);
    });
  }

  private openRef(ref: string): void {
    const c = this.cohort.cases.find((x) => x.ref === ref);
    if (c) this.opts.onOpenCase(c);
  }

  setDocuments(documents: ExportDocument[]): void {
    this.setCohort(buildCohort(documents));
  }

  /** The cohort model, built where the notes are (the extension host posts it, not the notes). */
  setCohort(cohort: Cohort): void {
    this.cohort = cohort;
    const c = this.cohort;
    this.dx = select('Diagnosis', 'dx', [['', 'all diagnoses'], ...c.diagnoses.map((d): [string, string] => [d, d])]);
    this.drug = select('Drug', 'drug', [['', 'any drug'], ...c.drugs.map((d): [string, string] => [d.key, `${d.name} (${d.cases})`])]);
    this.product = select('Product', 'product', [['', 'any product'], ...c.drugs.filter((d) => d.product).map((d): [string, string] => [d.key, `${d.name} (${d.cases})`])]);
    this.analyte = select('Analyte', 'analyte', c.analytes.map((a): [string, string] => [a.key, `${a.name}${a.unit ? ` (${a.unit})` : ''}`]));
    const label = (text: string, el: HTMLElement) => h('label', {}, `${text} `, el);
    this.filters.replaceChildren(label('Diagnosis', this.dx), label('Drug', this.drug), label('Product', this.product));
    this.overlayTools.replaceChildren(label('Analyte', this.analyte), label('Show', this.mode));
    for (const el of [this.dx, this.drug, this.product]) el.addEventListener('change', () => this.render());
    for (const el of [this.analyte, this.mode]) el.addEventListener('change', () => this.renderOverlay(this.shown()));
    this.render();
  }

  setFilter(f: CohortFilter): void {
    this.dx.value = f.dx ?? '';
    this.drug.value = f.drug ?? '';
    this.product.value = f.product ?? '';
    this.render();
  }

  private shown(): CohortCase[] {
    return filterCohort(this.cohort.cases, { dx: this.dx.value, drug: this.drug.value, product: this.product.value });
  }

  render(): void {
    const cases = this.shown();
    const undated = cases.filter((c) => !c.extent).length;
    this.count.textContent = `${cases.length} of ${this.cohort.cases.length} cases${undated ? ` (${undated} with nothing dated, not in the swimmer plot)` : ''}`;
    this.swimmer.replaceChildren(this.swimmerChart(cases) ?? h('p', { class: 'none' }, 'No dated case.'));
    this.renderOverlay(cases);
    if (this.cohort.cases.length <= OPEN_MATRIX_UP_TO) this.matrixBlock.open = true;
    this.matrixStale = true;
    if (this.matrixBlock.open) this.renderMatrix(cases);
  }

  private renderMatrix(cases: CohortCase[]): void {
    this.matrixStale = false;
    this.matrix.replaceChildren(this.matrixChart(cases) ?? h('p', { class: 'none' }, 'No drug on any timeline.'));
  }

  private colours(): { domain: string[]; name: (key: string) => string } {
    const top = this.cohort.drugs.slice(0, PALETTE.length);
    const names = new Map(top.map((d) => [d.key, d.name]));
    return { domain: [...top.map((d) => d.name), 'other drug'], name: (key) => names.get(key) ?? 'other drug' };
  }

  private swimmerChart(all: CohortCase[]): SVGSVGElement | HTMLElement | null {
    const cases = all.filter((c) => c.extent);
    if (!cases.length) return null;
    const lo = Math.min(0, ...cases.map((c) => c.extent![0]));
    const hi = Math.max(0, ...cases.map((c) => c.extent![1]));
    const pad = Math.max(1, (hi - lo) * 0.02);
    const { domain, name } = this.colours();
    // One mark per drug, day and case (a drug and its dose on one day are one event); labs
    // outside their reference range are the events a swimmer plot shows.
    const seen = new Set<string>();
    const events: SwimEvent[] = [];
    for (const c of cases) {
      for (const d of c.drugs) {
        const id = `${d.key}|${d.day}|${d.dayEnd}`;
        if (seen.has(id)) continue;
        seen.add(id);
        events.push({ ref: c.ref, day: d.day, dayEnd: d.dayEnd, colour: name(d.key), hollow: d.status !== 'given', text: `${c.id}: ${d.name}${d.status !== 'given' ? ` (${d.status})` : ''}` });
      }
      seen.clear();
      for (const l of c.labs) if (l.flag === 'high' || l.flag === 'low') events.push({ ref: c.ref, day: l.day, dayEnd: null, colour: null, hollow: false, text: `${c.id}: ${l.name} ${l.text} (${l.flag})` });
    }
    const spans = events.filter((e) => e.colour && e.dayEnd !== null);
    const points = events.filter((e) => e.colour && e.dayEnd === null);
    const labs = events.filter((e) => !e.colour);
    const labelOf = new Map(cases.map((c) => [c.ref, c.id || c.title]));
    const chart = Plot.plot({
      width: this.width,
      height: 60 + ROW * cases.length,
      marginLeft: 150,
      marginRight: 20,
      marginTop: 24,
      style: plotStyle,
      x: { domain: [lo - pad, hi + pad], label: 'day (0 = day 0 of each case)', grid: true, tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
      y: { domain: cases.map((c) => c.ref), axis: null },
      color: { domain, range: [...PALETTE.slice(0, domain.length - 1), OTHER], legend: true },
      marks: [
        Plot.link(cases, { x1: (c: CohortCase) => Math.min(0, c.extent![0]), x2: (c: CohortCase) => c.extent![1], y1: 'ref', y2: 'ref', className: 'swim', strokeOpacity: 0.25, strokeWidth: ROW - 4 }),
        Plot.ruleX([0], { className: 'day-zero', strokeWidth: 1.5 }),
        Plot.link(spans, { x1: (e: SwimEvent) => e.day - 0.4, x2: (e: SwimEvent) => e.dayEnd! + 0.4, y1: 'ref', y2: 'ref', stroke: 'colour', strokeWidth: 6 }),
        Plot.dot(points, { x: 'day', y: 'ref', r: 4, fill: (e: SwimEvent) => (e.hollow ? 'none' : e.colour), stroke: 'colour' }),
        Plot.dot(labs, { x: 'day', y: 'ref', r: 3.5, symbol: 'triangle', className: 'lab-event flagged' }),
        Plot.text(cases, { x: lo - pad, y: 'ref', text: (c: CohortCase) => labelOf.get(c.ref) ?? '', textAnchor: 'end', dx: -6, className: 'case-label', title: (c: CohortCase) => `${c.title}${c.dx ? ` — ${c.dx}` : ''} (${c.path})`, render: caseRefs(cases, (c) => c.ref, true) }),
        Plot.tip(events, Plot.pointer({ x: 'day', y: 'ref', title: 'text', maxRadius: 12 })),
      ],
    });
    return finish(rowsOpenCases(chart, (ref) => this.openRef(ref)), this.opts.nonce);
  }

  private renderOverlay(cases: CohortCase[]): void {
    const key = this.analyte.value;
    const mode = this.mode.value === 'xuln' ? 'xuln' : 'value';
    const facet = this.cohort.analytes.find((a) => a.key === key);
    const points = key ? analyteOverlay(cases, key, mode) : [];
    if (!facet || !points.length) {
      this.overlay.replaceChildren(h('p', { class: 'none' }, facet ? `No ${facet.name} value${mode === 'xuln' ? ' with an upper limit of normal' : ''} in these cases.` : 'No quantitative lab value.'));
      return;
    }
    const scale = chooseScale(points.map((p) => p.y));
    const chart = Plot.plot({
      width: this.width,
      height: 240,
      marginLeft: 60,
      style: plotStyle,
      x: { label: 'day', grid: true, tickFormat: (d: number) => (Number.isInteger(d) ? String(d) : '') },
      y: { type: scale, label: mode === 'xuln' ? `${facet.name} × ULN` : `${facet.name}${facet.unit ? ` (${facet.unit})` : ''}`, grid: true, tickFormat: (v: number) => formatNumber(v) },
      marks: [
        mode === 'xuln' ? Plot.ruleY([1], { className: 'uln', strokeDasharray: '4,3' }) : null,
        Plot.line(points, { x: 'day', y: 'y', z: 'ref', strokeOpacity: 0.45, className: 'series' }),
        Plot.dot(points, { x: 'day', y: 'y', r: 3, fill: 'currentColor', className: 'point', title: (p: OverlayPoint) => `${p.ref}: ${formatNumber(p.y)}${mode === 'xuln' ? ' × ULN' : ''}, day ${p.day}`, render: caseRefs(points, (p) => p.ref) }),
      ],
    });
    this.overlay.replaceChildren(finish(chart, this.opts.nonce));
  }

  private matrixChart(cases: CohortCase[]): SVGSVGElement | HTMLElement | null {
    const cells = drugMatrix(cases);
    if (!cells.length) return null;
    const names = new Map(this.cohort.drugs.map((d) => [d.key, d.name]));
    const used = new Set(cells.map((c) => c.drug));
    const order = this.cohort.drugs.filter((d) => used.has(d.key)).map((d) => d.name);
    const rows = cases.filter((c) => c.drugs.length);
    const labelOf = new Map(rows.map((c) => [c.ref, c.id || c.title]));
    const chart = Plot.plot({
      width: Math.max(320, Math.min(this.width, 150 + order.length * 26)),
      height: 110 + ROW * rows.length,
      marginLeft: 150,
      marginTop: 100,
      style: plotStyle,
      x: { domain: order, axis: 'top', tickRotate: -45, label: null },
      y: { domain: rows.map((c) => c.ref), tickFormat: (r: string) => labelOf.get(r) ?? r, label: null },
      color: { domain: ['given', 'planned', 'not-given', 'stopped', 'unknown'], range: ['#4e79a7', '#f28e2b', '#bab0ac', '#e15759', '#9c755f'], legend: true },
      marks: [
        Plot.cell(cells, { x: (c: MatrixCell) => names.get(c.drug) ?? c.drug, y: 'ref', fill: 'status', inset: 1 }),
        Plot.tip(cells, Plot.pointer({ x: (c: MatrixCell) => names.get(c.drug) ?? c.drug, y: 'ref', title: (c: MatrixCell) => `${labelOf.get(c.ref)}: ${names.get(c.drug) ?? c.drug}, ${c.count}× (${c.status})` })),
      ],
    });
    return finish(rowsOpenCases(chart, (ref) => this.openRef(ref)), this.opts.nonce);
  }
}
