// The panel's charts, drawn with Observable Plot: the drug timeline and one chart per lab.
// Every mark that stands for an annotation is focusable and reveals it in the note.
import * as Plot from '@observablehq/plot';
import type { RenderFunction } from '@observablehq/plot';
import { makeRevealable } from './dom.ts';
import type { Anchor, LabPoint, LabResult, LabSeries, Located, Timeline, TimelineMark } from './model.ts';
import { estimateLabelWidth, formatNumber, stackLabels } from './model.ts';

export interface ChartOptions {
  width: number;
  /** Nonce of the page: Plot adds a <style> element to each chart, which the CSP must allow. */
  nonce: string;
}

/** A render transform that makes each element the mark draws reveal its datum. */
function revealing<T extends Located>(items: T[], label: (d: T) => string, classOf?: (d: T) => string): RenderFunction {
  return function (index, scales, values, dimensions, context, next) {
    const g = next!(index, scales, values, dimensions, context);
    if (!g) return g;
    Array.from(g.children).forEach((el, j) => {
      const d = items[index[j]];
      if (!d) return;
      makeRevealable(el, d, label(d));
      if (classOf) el.classList.add(classOf(d));
    });
    return g;
  };
}

/** Plot styles its charts with one <style> element; give it the page's nonce before it is connected. */
function finish(chart: SVGSVGElement | HTMLElement, nonce: string): SVGSVGElement | HTMLElement {
  for (const style of Array.from(chart.querySelectorAll('style'))) style.nonce = nonce;
  chart.setAttribute('aria-hidden', 'true');
  return chart;
}

const plotStyle = { background: 'transparent', color: 'var(--vscode-foreground)', fontFamily: 'var(--vscode-font-family)', fontSize: '11px', overflow: 'visible' };

function dayDomain(days: number[]): [number, number] {
  const lo = Math.min(0, ...days);
  const hi = Math.max(0, ...days);
  const pad = Math.max(1, (hi - lo) * 0.05);
  return [lo - pad, hi + pad];
}

function markLabel(m: TimelineMark, laneName: string): string {
  const when = m.dayEnd !== null ? `days ${m.day} to ${m.dayEnd}` : `day ${m.day}`;
  return `${laneName}: ${m.label}, ${when}, line ${m.line + 1}`;
}

/** Label rows: how far above its anchor point each row of stacked labels sits. */
const ANCHOR_ROW = 13;
const MARK_ROW = 12;

export function timelineChart(t: Timeline, opts: ChartOptions): SVGSVGElement | HTMLElement | null {
  if (!t.extent) return null;
  const names = new Map(t.lanes.map((l) => [l.key, l.name]));
  const marks = t.lanes.flatMap((l) => l.marks);
  const spans = marks.filter((m) => m.dayEnd !== null);
  const longest = Math.max(4, ...t.lanes.map((l) => l.name.length));
  const marginLeft = Math.min(180, 14 + longest * 6.5);
  const marginRight = 40;
  const domain = dayDomain([...t.extent]);
  // Where a day lands in pixels, to stack labels that would overlap onto rows of their own.
  const px = (day: number): number => marginLeft + ((day - domain[0]) / (domain[1] - domain[0])) * Math.max(1, opts.width - marginLeft - marginRight);
  const box = (day: number, text: string) => ({ x: px(day), width: estimateLabelWidth(text) });

  // "day 0" and the anchor names share the strip above the chart.
  const topRows = stackLabels([box(0, 'day 0'), ...t.anchors.map((a) => box(a.day, `#${a.name}`))]);
  const [zeroRow, ...anchorRows] = topRows;
  const marginTop = 16 + ANCHOR_ROW * (Math.max(...topRows) + 1);
  const anchorsByRow = groupByRow(t.anchors, anchorRows);

  // Dose and drug labels stack per lane; lanes get taller when a lane needs more rows.
  const markRows = new Map<TimelineMark, number>();
  for (const l of t.lanes) {
    const rows = stackLabels(l.marks.map((m) => box(m.day, m.label)));
    l.marks.forEach((m, i) => markRows.set(m, rows[i]));
  }
  const laneRows = Math.max(0, ...markRows.values()) + 1;
  const laneStep = Math.max(38, 22 + MARK_ROW * laneRows);
  const marksByRow = groupByRow(marks, marks.map((m) => markRows.get(m) ?? 0));
  // The first lane's labels must clear the anchor names above the frame.
  const firstRows = Math.max(0, ...(t.lanes[0]?.marks.map((m) => markRows.get(m) ?? 0) ?? [])) + 1;
  const insetTop = Math.max(0, 11 + MARK_ROW * (firstRows - 1) + 8 - laneStep / 2);

  const chart = Plot.plot({
    width: opts.width,
    height: marginTop + 30 + insetTop + t.lanes.length * laneStep,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom: 30,
    style: plotStyle,
    x: { label: 'day', domain, grid: true },
    y: { domain: t.lanes.map((l) => l.key), insetTop, tickFormat: (k: string) => names.get(k) ?? k, label: null },
    marks: [
      Plot.ruleX([0], { className: 'day-zero', strokeWidth: 2 }),
      Plot.text([0], { x: (d: number) => d, text: () => 'day 0', frameAnchor: 'top', dy: -4 - ANCHOR_ROW * zeroRow, className: 'day-zero-label' }),
      Plot.ruleX(t.anchors, { x: 'day', className: 'anchor', strokeDasharray: '4,3' }),
      ...anchorsByRow.map(([row, anchors]) =>
        Plot.text(anchors, {
          x: 'day',
          text: (a: Anchor) => `#${a.name}`,
          frameAnchor: 'top',
          dy: -4 - ANCHOR_ROW * row,
          className: 'anchor-label',
          render: revealing(anchors, (a) => `anchor #${a.name} at day ${a.day}, line ${a.line + 1}`),
        }),
      ),
      Plot.link(spans, { x1: 'day', x2: 'dayEnd', y1: 'lane', y2: 'lane', className: 'span', strokeWidth: 3 }),
      Plot.dot(marks, {
        x: 'day',
        y: 'lane',
        r: 5,
        fill: 'currentColor',
        className: 'administration',
        title: (m: TimelineMark) => `${m.label} — day ${m.day}${m.datedBy ? ` (${m.datedBy})` : ''}`,
        render: revealing(marks, (m) => markLabel(m, names.get(m.lane) ?? m.lane), (m) => `mark-${m.kind}`),
      }),
      ...marksByRow.map(([row, rowMarks]) =>
        Plot.text(rowMarks, { x: 'day', y: 'lane', text: 'label', dy: -11 - MARK_ROW * row, className: 'mark-label' }),
      ),
    ],
  });
  return finish(chart, opts.nonce);
}

/** Items split by their row, lowest row first (one text mark per row, since dy is constant per mark). */
function groupByRow<T>(items: T[], rows: number[]): [number, T[]][] {
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const row = rows[i] ?? 0;
    groups.set(row, [...(groups.get(row) ?? []), item]);
  });
  return [...groups.entries()].sort((a, b) => a[0] - b[0]);
}

function pointLabel(s: LabSeries, p: LabPoint): string {
  const flag = p.flag && p.flag !== 'normal' ? `, ${p.flag}` : '';
  return `${s.name} ${p.comparator ?? ''}${formatNumber(p.value)}${s.unit ? ` ${s.unit}` : ''} on day ${p.day}${flag}, line ${p.line + 1}`;
}

const flagMark = (p: LabPoint): string => (p.flag === 'high' ? 'H' : p.flag === 'low' ? 'L' : '') + (p.comparator ?? '');

/** A line of canonical values by day, the ULN as a dashed rule, flagged points coloured and marked H/L. */
export function labChart(s: LabSeries, opts: ChartOptions): SVGSVGElement | HTMLElement | null {
  const results = s.results.filter((r): r is LabResult & { day: number } => r.day !== null);
  if (s.points.length === 0 && results.length === 0) return null;
  const days = [...s.points.map((p) => p.day), ...results.map((r) => r.day)];
  if (s.points.length === 0) {
    // Qualitative results, titers and scores: text points on a day axis.
    const chart = Plot.plot({
      width: opts.width,
      height: 70,
      marginLeft: 20,
      style: plotStyle,
      x: { label: 'day', domain: dayDomain(days) },
      marks: [
        Plot.ruleX([0], { className: 'day-zero' }),
        Plot.dot(results, { x: 'day', r: 3, fill: 'currentColor', className: 'point', render: revealing(results, (r) => `${s.name} ${r.result} on day ${r.day}, line ${r.line + 1}`) }),
        Plot.text(results, { x: 'day', text: 'result', dy: -10, className: 'result-label' }),
      ],
    });
    return finish(chart, opts.nonce);
  }
  const flagged = s.points.filter((p) => flagMark(p) !== '');
  const chart = Plot.plot({
    width: opts.width,
    height: 170,
    marginLeft: 56,
    marginRight: 30,
    style: plotStyle,
    x: { label: 'day', domain: dayDomain(days) },
    y: { type: s.scale, label: s.unit ?? '', grid: true, nice: s.scale === 'linear', zero: s.scale === 'linear' && s.points.every((p) => p.value >= 0) },
    marks: [
      Plot.ruleX([0], { className: 'day-zero' }),
      Plot.ruleY(s.ulns, { className: 'uln', strokeDasharray: '4,3' }),
      Plot.text(s.ulns, { y: (d: number) => d, text: () => 'ULN', frameAnchor: 'right', dx: 26, className: 'uln-label' }),
      Plot.line(s.points, { x: 'day', y: 'value', className: 'series', strokeOpacity: 0.6 }),
      Plot.dot(s.points, {
        x: 'day',
        y: 'value',
        r: 4,
        fill: 'currentColor',
        className: 'point',
        title: (p: LabPoint) => p.text,
        render: revealing(s.points, (p) => pointLabel(s, p), (p) => `flag-${p.flag ?? 'none'}`),
      }),
      Plot.text(flagged, { x: 'day', y: 'value', text: flagMark, dy: -10, className: 'flag-label' }),
    ],
  });
  return finish(chart, opts.nonce);
}
