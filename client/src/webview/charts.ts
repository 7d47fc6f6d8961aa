// The case figure, drawn with Observable Plot: the lanes of the timeline (drugs, then lab
// results that are not quantities) and one small multiple per quantitative analyte below it,
// all on ONE day axis with the same margins, so a day lines up from the top chart to the last.
// Every mark that stands for an annotation is focusable and reveals it in the note.
import * as Plot from '@observablehq/plot';
import type { RenderFunction } from '@observablehq/plot';
import { makeRevealable } from './dom.ts';
import type { Domain } from './dayZoom.ts';
import type { Anchor, DayAxis, LabPoint, LabSeries, LabTrack, Located, Status, Timeline, TimelineMark } from './timelineModel.ts';
import { dayAxisFor, estimateLabelWidth, fitDayAxis, stackLabels } from './timelineModel.ts';
import { formatNumber, withUnit } from './units.ts';

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

export const plotStyle = { background: 'transparent', color: 'var(--vscode-foreground)', fontFamily: 'var(--vscode-font-family)', fontSize: '11px', overflow: 'visible' };

const STATUS_TEXT: Record<Status, string> = { given: '', planned: 'planned', 'not-given': 'not given', stopped: 'stopped', unknown: 'status unknown' };
/** Marker shape per status, so status reads without colour: filled, hollow, cross, square, diamond. */
const STATUS_SYMBOL: Record<Status, string> = { given: 'circle', planned: 'circle', 'not-given': 'times', stopped: 'square', unknown: 'diamond' };
const HOLLOW = new Set<Status>(['planned', 'unknown']);
const DASH: Record<Status, string | undefined> = { given: undefined, stopped: undefined, planned: '5,3', 'not-given': '2,3', unknown: '5,3' };

/** Longest label drawn on a chart; the full text is in the mark's tooltip and the table. */
const MAX_LABEL = 32;
export function shorten(text: string, max = MAX_LABEL): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

export function markText(m: TimelineMark): string {
  const label = shorten(m.label);
  return STATUS_TEXT[m.status] ? `${label} (${STATUS_TEXT[m.status]})` : label;
}

function markLabel(m: TimelineMark, laneName: string): string {
  const when = m.dayEnd !== null ? `days ${m.day} to ${m.dayEnd}` : `day ${m.day}`;
  return `${laneName}: ${markText(m)}, ${when}, line ${m.line + 1}`;
}

const ANCHOR_ROW = 13;
const MARK_ROW = 12;
const MARGIN_RIGHT = 48;

/** The shared horizontal layout of a case's charts. */
export interface FigureLayout {
  width: number;
  marginLeft: number;
  marginRight: number;
  /** The axis every chart of the case is drawn on: fitted to the case, or zoomed. */
  axis: DayAxis;
  /** The fitted domain: the whole case, the limit of zoom and pan. */
  bounds: Domain;
}

/** The layout of a case's figure at `width`, on the fitted axis or on `domain` when zoomed. */
export function figureLayout(t: Timeline, width: number, domain: Domain | null = null): FigureLayout | null {
  if (!t.extent) return null;
  const names = [...t.lanes.map((l) => l.name), ...t.labs.map(() => '100,000')];
  const marginLeft = Math.min(200, Math.max(60, 14 + Math.max(0, ...names.map((n) => estimateLabelWidth(n)))));
  const plotWidth = width - marginLeft - MARGIN_RIGHT;
  const fitted = fitDayAxis(t.extent, plotWidth);
  return { width, marginLeft, marginRight: MARGIN_RIGHT, axis: domain ? dayAxisFor(domain, plotWidth) : fitted, bounds: fitted.domain };
}

/** Whether a mark spanning `day`..`dayEnd` shows in the domain. */
const visible = (domain: Domain, day: number, dayEnd: number | null = null): boolean => (dayEnd ?? day) >= domain[0] && day <= domain[1];

/** A lane name too long for the margin ends in an ellipsis (the full name is in the lane's tooltip). */
function fitName(name: string, marginLeft: number): string {
  const max = Math.floor((marginLeft - 14) / (11 * 0.62));
  return [...name].length > max ? `${[...name].slice(0, Math.max(1, max - 1)).join('')}…` : name;
}

function xScale(layout: FigureLayout, label: string | null) {
  return { domain: layout.axis.domain, ticks: layout.axis.ticks, tickFormat: (d: number) => String(d), label, grid: true };
}

/** Drug lanes (bars for ranges, markers for single days) and result lanes, with anchors and day 0 above. */
export function timelineChart(t: Timeline, layout: FigureLayout, nonce: string): SVGSVGElement | HTMLElement | null {
  if (!t.lanes.length && !t.anchors.length) return null;
  const names = new Map(t.lanes.map((l) => [l.key, l.name]));
  const { marginLeft, width, axis } = layout;
  // Zoomed, only what shows is drawn and labelled (lanes stay, so they do not jump).
  const marks = t.lanes.flatMap((l) => l.marks).filter((m) => visible(axis.domain, m.day, m.dayEnd));
  const anchors = t.anchors.filter((a) => visible(axis.domain, a.day));
  const [d0, d1] = axis.domain;
  const px = (day: number): number => marginLeft + ((day - d0) / (d1 - d0)) * Math.max(1, width - marginLeft - layout.marginRight);
  // A label is centred on its mark, but moved inwards so it never leaves the chart.
  const toDay = (x: number): number => d0 + ((x - marginLeft) / Math.max(1, width - marginLeft - layout.marginRight)) * (d1 - d0);
  const clampDay = (day: number, text: string): number => {
    const half = estimateLabelWidth(text) / 2;
    return toDay(Math.min(Math.max(px(day), marginLeft + half), width - 4 - half));
  };
  const labelAt = (m: TimelineMark): number =>
    clampDay(m.dayEnd !== null ? (Math.max(m.day, d0) + Math.min(m.dayEnd, d1)) / 2 : m.day, markText(m));
  const anchorText = (a: Anchor): string => shorten(`#${a.name}`);
  const anchorAt = (a: Anchor): number => clampDay(a.day, anchorText(a));
  const box = (day: number, text: string) => ({ x: px(day), width: estimateLabelWidth(text) });

  // Day 0 (when in range) and the anchor names share the strip above the chart.
  const top = [...(axis.showZero ? [box(clampDay(0, 'day 0'), 'day 0')] : []), ...anchors.map((a) => box(anchorAt(a), anchorText(a)))];
  const topRows = stackLabels(top);
  const zeroRow = axis.showZero ? topRows[0] : 0;
  const anchorRows = axis.showZero ? topRows.slice(1) : topRows;
  const marginTop = 16 + ANCHOR_ROW * (Math.max(0, ...topRows) + 1);

  // Labels stack per lane; every lane gets the height of the busiest one.
  const markRows = new Map<TimelineMark, number>();
  for (const l of t.lanes) {
    const shown = marks.filter((m) => m.lane === l.key);
    const rows = stackLabels(shown.map((m) => box(labelAt(m), markText(m))));
    shown.forEach((m, i) => markRows.set(m, rows[i]));
  }
  const laneRows = Math.max(0, ...markRows.values()) + 1;
  const laneStep = Math.max(36, 22 + MARK_ROW * laneRows);
  const insetTop = Math.max(0, 11 + MARK_ROW * (laneRows - 1) + 8 - laneStep / 2);
  const lanes = t.lanes.length ? t.lanes.map((l) => l.key) : [''];
  const spans = marks.filter((m) => m.dayEnd !== null);
  const points = marks.filter((m) => m.dayEnd === null);
  const byStatus = <T extends TimelineMark>(items: T[]): [Status, T[]][] => {
    const groups = new Map<Status, T[]>();
    for (const m of items) groups.set(m.status, [...(groups.get(m.status) ?? []), m]);
    return [...groups.entries()];
  };
  const title = (m: TimelineMark): string => `${markLabel(m, names.get(m.lane) ?? '')}${m.datedBy ? ` (${m.datedBy})` : ''}`;

  const chart = Plot.plot({
    width,
    height: marginTop + 30 + insetTop + lanes.length * laneStep,
    marginLeft,
    marginRight: layout.marginRight,
    marginTop,
    marginBottom: 30,
    style: plotStyle,
    x: xScale(layout, 'day'),
    y: { domain: lanes, insetTop, tickFormat: (k: string) => fitName(names.get(k) ?? k, marginLeft), label: null },
    marks: [
      axis.showZero ? Plot.ruleX([0], { className: 'day-zero', strokeWidth: 2 }) : null,
      axis.showZero ? Plot.text([0], { x: () => clampDay(0, 'day 0'), text: () => 'day 0', frameAnchor: 'top', dy: -4 - ANCHOR_ROW * zeroRow, className: 'day-zero-label' }) : null,
      Plot.ruleX(anchors, { x: 'day', className: 'anchor', strokeDasharray: '4,3' }),
      ...groupByRow(anchors, anchorRows).map(([row, anchors]) =>
        Plot.text(anchors, {
          x: anchorAt,
          text: anchorText,
          title: (a: Anchor) => `#${a.name}`,
          frameAnchor: 'top',
          dy: -4 - ANCHOR_ROW * row,
          className: 'anchor-label',
          render: revealing(anchors, (a) => `anchor #${a.name} at day ${a.day}, line ${a.line + 1}`),
        }),
      ),
      ...byStatus(spans).map(([status, items]) =>
        Plot.link(items, {
          x1: (m: TimelineMark) => m.day - 0.3,
          x2: (m: TimelineMark) => m.dayEnd! + 0.3,
          y1: 'lane',
          y2: 'lane',
          strokeWidth: 7,
          strokeLinecap: 'butt',
          clip: true,
          strokeDasharray: DASH[status],
          strokeOpacity: status === 'not-given' ? 0.55 : 1,
          className: `span status-${status}`,
          title,
          render: revealing(items, (m) => markLabel(m, names.get(m.lane) ?? ''), (m) => `mark-${m.kind}`),
        }),
      ),
      ...byStatus(points).map(([status, items]) =>
        Plot.dot(items, {
          x: 'day',
          y: 'lane',
          r: 5,
          symbol: STATUS_SYMBOL[status],
          fill: HOLLOW.has(status) || status === 'not-given' ? 'none' : 'currentColor',
          stroke: 'currentColor',
          strokeWidth: status === 'not-given' ? 2.5 : 1.5,
          strokeDasharray: status === 'planned' ? '2,1.5' : undefined,
          className: `administration status-${status}`,
          title,
          render: revealing(items, (m) => markLabel(m, names.get(m.lane) ?? ''), (m) => `mark-${m.kind}`),
        }),
      ),
      ...groupByRow(marks, marks.map((m) => markRows.get(m) ?? 0)).map(([row, rowMarks]) =>
        Plot.text(rowMarks, { x: labelAt, y: 'lane', text: markText, dy: -11 - MARK_ROW * row, className: 'mark-label' }),
      ),
    ],
  });
  return finish(chart, nonce);
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
  return `${s.name} ${withUnit(`${p.comparator ?? ''}${formatNumber(p.value)}`, p.unit)} on day ${p.day}${flag}, line ${p.line + 1}`;
}

const flagMark = (p: LabPoint): string => (p.flag === 'high' ? 'H' : p.flag === 'low' ? 'L' : '') + (p.comparator ?? '');

/** One small multiple: one unit's values of an analyte by day on the figure's axis, the
 * analyte's dashed reference line when it is in this unit, flagged points marked H/L. */
export function labChart(s: LabSeries, track: LabTrack, layout: FigureLayout, nonce: string): SVGSVGElement | HTMLElement | null {
  if (!track.points.length) return null;
  const domain = layout.axis.domain;
  const shown = track.points.filter((p) => visible(domain, p.day));
  const flagged = shown.filter((p) => flagMark(p) !== '');
  const ref = track.reference ? [track.reference] : [];
  const chart = Plot.plot({
    width: layout.width,
    height: s.tracks.length > 1 ? 110 : 130,
    marginLeft: layout.marginLeft,
    marginRight: layout.marginRight,
    marginTop: 14,
    marginBottom: 24,
    style: plotStyle,
    x: xScale(layout, null),
    // The y-axis keeps all the track's values, so zooming the days does not rescale the values.
    y: { type: track.scale, label: track.unitText || null, grid: true, nice: track.scale === 'linear', ticks: 4, tickFormat: (v: number) => formatNumber(v), zero: track.scale === 'linear' && track.points.every((p) => p.value >= 0) },
    marks: [
      layout.axis.showZero ? Plot.ruleX([0], { className: 'day-zero' }) : null,
      Plot.ruleY(ref, { y: 'value', className: `uln uln-${track.reference?.source ?? 'none'}`, strokeDasharray: '4,3' }),
      Plot.text(ref, { y: 'value', text: (r: { source: string }) => (r.source === 'paper' ? 'ULN (paper)' : 'ULN'), frameAnchor: 'right', textAnchor: 'end', dy: -6, className: 'uln-label' }),
      Plot.line(track.points, { x: 'day', y: 'value', className: 'series', strokeOpacity: 0.6, clip: true }),
      Plot.dot(shown, {
        x: 'day',
        y: 'value',
        r: 4,
        fill: 'currentColor',
        className: 'point',
        title: (p: LabPoint) => `${p.text} — day ${p.day}`,
        render: revealing(shown, (p) => pointLabel(s, p), (p) => `flag-${p.flag ?? 'none'}`),
      }),
      Plot.text(flagged, { x: 'day', y: 'value', text: flagMark, dy: -10, className: 'flag-label' }),
    ],
  });
  return finish(chart, nonce);
}

/** Legend entries for the statuses a timeline uses besides `given`. */
export function statusLegend(t: Timeline): { status: Status; text: string }[] {
  const used = new Set(t.lanes.flatMap((l) => l.marks.map((m) => m.status)));
  return (['planned', 'not-given', 'stopped', 'unknown'] as Status[]).filter((s) => used.has(s)).map((status) => ({ status, text: STATUS_TEXT[status] }));
}
