// The aligned timeline of one case, as data: drug lanes (bars for ranges, markers for single
// days, each with its status), lanes of lab results that are not quantities (qualitative,
// titers, scores, grades), one small multiple per quantitative analyte with ONE reference line,
// and the day axis they all share, fitted to the case's facts. Pure: no DOM, no vscode.
import type { ExportAnnotation, ExportCase } from '../../../server/src/core/export/types.ts';
import type { DayNormalized, DoseNormalized, DrugNormalized, LabNormalized, Range } from '../../../server/src/core/model.ts';
import { displayUnit, formatNumber, withUnit } from './units.ts';

/** A fact the panel can point back to in the note. */
export interface Located {
  range: Range;
  /** Zero-based line of the directive (the `data-line` of its row and marks). */
  line: number;
}

export type Status = 'given' | 'planned' | 'not-given' | 'stopped' | 'unknown';
const STATUSES: readonly Status[] = ['given', 'planned', 'not-given', 'stopped', 'unknown'];

/** The annotation's status: the model's field once the core sets it, else the attribute, else `given`. */
export function statusOf(a: ExportAnnotation): Status {
  const s = (a as ExportAnnotation & { status?: string }).status ?? a.attributes.status ?? 'given';
  return (STATUSES as readonly string[]).includes(s) ? (s as Status) : 'unknown';
}

export interface TimelineMark extends Located {
  lane: string;
  day: number;
  dayEnd: number | null;
  /** The dose as written for a dose, the drug's name for a drug, the result for a lab. */
  label: string;
  kind: 'drug' | 'dose' | 'result';
  status: Status;
  /** Which `:day` dated it, for the tooltip. */
  datedBy: string | null;
}

export interface TimelineLane {
  /** `drug:` + the drug's lexicon key (else its name as written), or `lab:` + the analyte key. */
  key: string;
  /** Shown name: the lexicon name, else the text as written. */
  name: string;
  kind: 'drug' | 'lab';
  marks: TimelineMark[];
}

export interface Anchor extends Located {
  name: string;
  day: number;
}

export interface UndatedFact extends Located {
  kind: ExportAnnotation['kind'];
  text: string;
}

export interface LabPoint extends Located {
  day: number;
  value: number;
  /** The value's canonical unit (its measure's): points of one track share it. */
  unit: string | null;
  /** Lexicon key of the measure the value is in (`egfr-unindexed`), the analyte's own key otherwise. */
  measure: string;
  flag: LabNormalized['flag'];
  comparator: string | null;
  text: string;
}

export interface ReferenceLine {
  value: number;
  /** `paper` when the note gives the paper's own limit (uln= or carried), else `lexicon`. */
  source: 'paper' | 'lexicon';
}

/** The values of one analyte in one unit: a measure the core converted to (eGFR per 1.73 m²,
 * B cells per µL) or another measure of it (eGFR in mL/min, B cells in %). Values in different
 * units are never drawn on one y-axis, and never relabelled. */
export interface LabTrack {
  /** Canonical unit (UCUM) and as a reader writes it. */
  unit: string | null;
  unitText: string;
  /** Measure of the first value in this unit: its key, name and LOINC. */
  measure: string;
  measureName: string;
  loinc: string | null;
  points: LabPoint[];
  /** The analyte's one reference line, on the track of the unit it is given in; null elsewhere. */
  reference: ReferenceLine | null;
  scale: 'linear' | 'log' | 'symlog';
}

export interface LabSeries {
  /** Analyte key (`ck`; the `measureOf` of a measure), or `?` + the text as written for an analyte CaseMark did not know. */
  key: string;
  name: string;
  loinc: string | null;
  /** One per unit: the analyte's own measure first, then others in the order of their first day. */
  tracks: LabTrack[];
  /** ONE reference line per analyte (the paper's own limit preferred), and the unit it is in. */
  reference: (ReferenceLine & { unit: string | null }) | null;
}

export interface DayAxis {
  domain: [number, number];
  /** Integer days to label. */
  ticks: number[];
  /** Whether day 0 is inside the domain (only then is it drawn). */
  showZero: boolean;
}

export interface Timeline {
  lanes: TimelineLane[];
  anchors: Anchor[];
  labs: LabSeries[];
  undated: UndatedFact[];
  /** Smallest and largest day of the case's dated facts, null without any. */
  extent: [number, number] | null;
}

function located(a: ExportAnnotation): Located {
  return { range: a.range, line: a.range.start.line };
}

export function datedByText(a: ExportAnnotation): string | null {
  return a.datedBy ? `${a.datedBy.rule} :day[${a.datedBy.text}] (line ${a.datedBy.line + 1})` : null;
}

const norm = (name: string): string => name.trim().toLowerCase();

/** Drug keys of the case to their names (doses name their drug by key). */
export function drugNames(annotations: ExportAnnotation[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const a of annotations) {
    const n = a.kind === 'drug' ? (a.normalized as DrugNormalized | null) : null;
    if (n) names.set(n.key, n.name);
  }
  return names;
}

/** Lexicon names under the case's own: a drug the case annotates is named as the curator wrote it. */
export function withKnown(own: Map<string, string>, known: Record<string, string>): Map<string, string> {
  return new Map([...Object.entries(known), ...own]);
}

/** What a lab result that is not a plotted quantity reads as: `positive`, `1:320`, `score 149/150`, `grade 4`. */
export function resultText(n: LabNormalized): string {
  const kind = n.valueKind as string;
  if (kind === 'score') return `score ${n.result ?? (n.value !== null ? formatNumber(n.value) : '')}`.trim();
  if (kind === 'grade') return `grade ${n.value !== null ? formatNumber(n.value) : (n.result ?? '')}`.trim();
  if (n.result) return n.result;
  if (n.value === null) return '';
  const range = n.valueEnd !== null ? `${formatNumber(n.value)}–${formatNumber(n.valueEnd)}` : formatNumber(n.value);
  return withUnit(`${n.comparator ?? ''}${range}`, n.unit);
}

function analyteOf(a: ExportAnnotation): string {
  return a.attributes.test ?? (a.text.replace(/\s+[<>≤≥]?=?\s*[\d.,]+.*$/, '').trim() || a.text);
}

/** Where the ULN came from: the core's field once it lands, else `attribute` when the note wrote uln=. */
function referenceSourceOf(a: ExportAnnotation, n: LabNormalized): string | null {
  const src = (n as LabNormalized & { referenceSource?: string | null }).referenceSource;
  if (src !== undefined) return src;
  return a.attributes.uln !== undefined ? 'attribute' : n.uln !== null ? 'lexicon' : null;
}

/** A limit as the values of an analyte carry it, in the unit of their measure. */
export interface Limit {
  uln: number | null;
  source: string | null;
  day: number;
  unit?: string | null;
}

/** ONE reference line per analyte: the paper's own limit when the note gives one (the most
 * often given, the latest on a tie), else the built-in limit; null without any. A limit is a
 * value in a unit: 170 U/L and 170 µkat/L are different limits. */
export function chooseReference(limits: Limit[]): (ReferenceLine & { unit: string | null }) | null {
  const pick = (items: Limit[]): { value: number; unit: string | null } | null => {
    const counts = new Map<string, { value: number; unit: string | null; n: number; last: number }>();
    for (const l of items) {
      if (l.uln === null) continue;
      const id = `${l.uln} ${l.unit ?? ''}`;
      const c = counts.get(id) ?? { value: l.uln, unit: l.unit ?? null, n: 0, last: -Infinity };
      counts.set(id, { ...c, n: c.n + 1, last: Math.max(c.last, l.day) });
    }
    const best = [...counts.values()].sort((a, b) => b.n - a.n || b.last - a.last)[0];
    return best ? { value: best.value, unit: best.unit } : null;
  };
  const paper = pick(limits.filter((l) => l.source === 'attribute' || l.source === 'carried'));
  if (paper !== null) return { value: paper.value, source: 'paper', unit: paper.unit };
  const lexicon = pick(limits);
  return lexicon !== null ? { value: lexicon.value, source: 'lexicon', unit: lexicon.unit } : null;
}

/** Log scale when positive values span more than two orders of magnitude; symlog when a zero is among them. */
export function chooseScale(values: number[]): LabTrack['scale'] {
  const positive = values.filter((v) => v > 0);
  if (positive.length < 2) return 'linear';
  const span = Math.max(...positive) / Math.min(...positive);
  if (span <= 100) return 'linear';
  return values.some((v) => v <= 0) ? 'symlog' : 'log';
}

/** One analyte's values split into tracks by unit, with its one reference line. */
function labSeries(s: { key: string; names: Map<string, string>; loincs: Map<string, string | null>; points: LabPoint[]; limits: Limit[] }): LabSeries {
  s.points.sort((x, y) => x.day - y.day || x.line - y.line);
  const reference = chooseReference(s.limits);
  const byUnit = new Map<string, LabPoint[]>();
  for (const p of s.points) byUnit.set(p.unit ?? '', [...(byUnit.get(p.unit ?? '') ?? []), p]);
  const tracks = [...byUnit.values()].map((points): LabTrack => {
    const unit = points[0].unit;
    const ref = reference && (reference.unit ?? '') === (unit ?? '') ? { value: reference.value, source: reference.source } : null;
    return {
      unit,
      unitText: displayUnit(unit),
      measure: points[0].measure,
      measureName: s.names.get(points[0].measure) ?? s.key,
      loinc: s.loincs.get(points[0].measure) ?? null,
      points,
      reference: ref,
      scale: chooseScale([...points.map((p) => p.value), ...(ref ? [ref.value] : [])]),
    };
  });
  // The analyte's own measure first (its key is the series key), then by first day (the sort above).
  tracks.sort((x, y) => Number(y.measure === s.key) - Number(x.measure === s.key));
  const name = s.names.get('') ?? tracks[0].measureName;
  return { key: s.key, name, loinc: s.loincs.get(s.key) ?? tracks[0].loinc, tracks, reference };
}

/** The whole timeline of a case; `known` names drugs that doses give by key only (see withKnown). */
export function buildTimeline(c: ExportCase, known: Record<string, string> = {}): Timeline {
  const names = withKnown(drugNames(c.annotations), known);
  const lanes = new Map<string, TimelineLane>();
  const lane = (key: string, name: string, kind: TimelineLane['kind']): TimelineLane => {
    let l = lanes.get(key);
    if (!l) lanes.set(key, (l = { key, name, kind, marks: [] }));
    return l;
  };
  const anchors: Anchor[] = [];
  const undated: UndatedFact[] = [];
  const drugMentions: { a: ExportAnnotation; key: string }[] = [];
  const series = new Map<string, { key: string; names: Map<string, string>; loincs: Map<string, string | null>; points: LabPoint[]; limits: Limit[] }>();
  // Lab lanes are named after the analyte; a measure's name stands in until the analyte's own value appears.
  const labLaneNames = new Map<string, { name: string; own: boolean }>();
  const mark = (a: ExportAnnotation, laneKey: string, label: string, kind: TimelineMark['kind']): TimelineMark => ({
    ...located(a),
    lane: laneKey,
    day: a.day!,
    dayEnd: a.dayEnd !== null && a.dayEnd !== a.day ? a.dayEnd : null,
    label,
    kind,
    status: kind === 'result' ? 'given' : statusOf(a),
    datedBy: datedByText(a),
  });

  for (const a of c.annotations) {
    if (a.day === null) {
      undated.push({ ...located(a), kind: a.kind, text: a.text });
      if (a.kind === 'drug') {
        const n = a.normalized as DrugNormalized | null;
        lane(`drug:${norm(n?.key ?? a.text)}`, n?.name ?? a.text, 'drug');
      }
      continue;
    }
    if (a.kind === 'drug') {
      const n = a.normalized as DrugNormalized | null;
      const key = `drug:${norm(n?.key ?? a.text)}`;
      lane(key, n?.name ?? a.text, 'drug');
      drugMentions.push({ a, key });
    } else if (a.kind === 'dose') {
      const n = a.normalized as DoseNormalized | null;
      const drug = n?.drug ?? a.attributes.drug ?? null;
      const key = drug ? `drug:${norm(drug)}` : 'drug:?';
      const l = lanes.get(key) ?? lane(key, drug ? (names.get(drug) ?? drug) : 'dose without drug', 'drug');
      l.marks.push(mark(a, l.key, a.text, 'dose'));
    } else if (a.kind === 'day') {
      const n = a.normalized as DayNormalized | null;
      if (n?.anchor) anchors.push({ ...located(a), name: n.anchor, day: a.day });
    } else if (a.kind === 'lab') {
      const n = a.normalized as LabNormalized | null;
      // Measures of one analyte (eGFR per 1.73 m² and in mL/min, B cells per µL and in %) group under the analyte.
      const key = n ? (n.measureOf ?? n.key) : `?${analyteOf(a)}`;
      const own = !n || !n.measureOf;
      const name = n?.name ?? analyteOf(a);
      if (n && n.valueKind === 'quantity' && n.value !== null) {
        let s = series.get(key);
        if (!s) series.set(key, (s = { key, names: new Map(), loincs: new Map(), points: [], limits: [] }));
        if (own && !s.names.has('')) s.names.set('', name);
        if (!s.names.has(n.key)) s.names.set(n.key, name);
        if (!s.loincs.has(n.key)) s.loincs.set(n.key, n.loinc);
        s.points.push({ ...located(a), day: a.day, value: n.value, unit: n.unit, measure: n.key, flag: n.flag, comparator: n.comparator, text: a.text });
        s.limits.push({ uln: n.uln, source: referenceSourceOf(a, n), day: a.day, unit: n.unit });
      } else {
        // Qualitative results, titers, scores, grades, and values CaseMark could not read: labelled markers.
        const laneKey = `lab:${key}`;
        const known = labLaneNames.get(laneKey);
        if (!known || (own && !known.own)) labLaneNames.set(laneKey, { name, own });
        const l = lane(laneKey, name, 'lab');
        l.marks.push(mark(a, l.key, n ? resultText(n) || a.text : a.text, 'result'));
      }
    }
  }
  for (const { a, key } of drugMentions) {
    const l = lanes.get(key)!;
    // A drug mention on a day its dose already marks adds nothing; a range adds its bar.
    if (l.marks.some((m) => m.kind === 'dose' && m.day === a.day && (m.dayEnd ?? m.day) === (a.dayEnd ?? a.day))) continue;
    l.marks.push(mark(a, key, l.name, 'drug'));
  }
  const shown = [...lanes.values()].filter((l) => l.marks.length > 0);
  // Drugs first, then lab result lanes; each in the order of their first day (then of the note).
  for (const l of shown) l.marks.sort((x, y) => x.day - y.day || x.line - y.line);
  shown.sort((x, y) => (x.kind === y.kind ? x.marks[0].day - y.marks[0].day || x.marks[0].line - y.marks[0].line : x.kind === 'drug' ? -1 : 1));
  for (const l of shown) l.name = labLaneNames.get(l.key)?.name ?? l.name;
  const labs = [...series.values()].map(labSeries);
  const days = [
    ...shown.flatMap((l) => l.marks.flatMap((m) => (m.dayEnd === null ? [m.day] : [m.day, m.dayEnd]))),
    ...labs.flatMap((s) => s.tracks.flatMap((t) => t.points.map((p) => p.day))),
    ...anchors.map((a) => a.day),
  ];
  const extent: [number, number] | null = days.length ? [Math.min(...days), Math.max(...days)] : null;
  return { lanes: shown, anchors, labs, undated, extent };
}

const STEPS = [1, 2, 5, 7, 10, 14, 28, 30, 50, 60, 90, 100, 180, 200, 365, 500, 730, 1000, 1825, 3650];

/** The step between integer ticks that keeps at most `maxTicks` of them over `span` days. */
function tickStep(span: number, maxTicks: number): number {
  return STEPS.find((s) => Math.floor(span / s) + 1 <= maxTicks) ?? Math.ceil(span / maxTicks);
}

function ticksBetween(lo: number, hi: number, step: number): number[] {
  const ticks: number[] = [];
  for (let d = Math.ceil(lo / step) * step; d <= hi; d += step) ticks.push(d);
  return ticks;
}

/** The day axis of a case: the facts' extent with a little room, integer ticks at a step that
 * keeps them `minSpacing` pixels apart in `plotWidth`, day 0 shown only when in range. */
export function fitDayAxis(extent: [number, number], plotWidth: number, minSpacing = 48): DayAxis {
  const [lo, hi] = extent[0] <= extent[1] ? extent : [extent[1], extent[0]];
  const span = hi - lo;
  const pad = Math.max(0.5, span * 0.03);
  const domain: [number, number] = [lo - pad, hi + pad];
  const ticks = ticksBetween(lo, hi, tickStep(span, Math.max(2, Math.floor(plotWidth / minSpacing))));
  if (!ticks.length) ticks.push(Math.round((lo + hi) / 2));
  return { domain, ticks, showZero: domain[0] <= 0 && domain[1] >= 0 };
}

/** The axis of a zoomed domain: integer ticks inside it, as far apart as fitDayAxis keeps them. */
export function dayAxisFor(domain: [number, number], plotWidth: number, minSpacing = 48): DayAxis {
  const [lo, hi] = domain[0] <= domain[1] ? domain : [domain[1], domain[0]];
  const ticks = ticksBetween(lo, hi, tickStep(hi - lo, Math.max(2, Math.floor(plotWidth / minSpacing))));
  if (!ticks.length && Math.round((lo + hi) / 2) >= lo) ticks.push(Math.round((lo + hi) / 2));
  return { domain: [lo, hi], ticks, showZero: lo <= 0 && hi >= 0 };
}

/** A label centred on `x`, both in pixels. */
export interface LabelBox {
  x: number;
  width: number;
}

/** Width in pixels a one-line label of `text` takes at `fontSize` (a generous average glyph
 * width, so estimates err towards more rows rather than overlaps). */
export function estimateLabelWidth(text: string, fontSize = 11): number {
  return [...text].length * fontSize * 0.62;
}

/** The row (0 = nearest the mark) of each label so that no two labels on one row come closer
 * than `gap` pixels: labels are placed left to right, each on the lowest row it fits.
 * Returns one row per box, in the order given. */
export function stackLabels(boxes: LabelBox[], gap = 6): number[] {
  const rows = new Array<number>(boxes.length).fill(0);
  const rightEdges: number[] = [];
  const order = boxes.map((b, i) => i).sort((i, j) => boxes[i].x - boxes[j].x || i - j);
  for (const i of order) {
    const left = boxes[i].x - boxes[i].width / 2;
    let row = rightEdges.findIndex((edge) => edge + gap <= left);
    if (row < 0) row = rightEdges.length;
    rightEdges[row] = boxes[i].x + boxes[i].width / 2;
    rows[i] = row;
  }
  return rows;
}
