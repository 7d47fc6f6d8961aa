// Pure data shaping for the summary panel: an exported document in, the timeline lanes, lab
// series, table rows and text summaries the panel draws out. No DOM, no vscode, no Node, so
// the webview, the extension (status bar counts) and the tests all share it.
import type { ExportAnnotation, ExportCase, ExportDiagnostic, ExportDocument } from '../../../server/src/core/export/types.ts';
import type {
  DayNormalized,
  DoseNormalized,
  DrugNormalized,
  LabNormalized,
  Range,
} from '../../../server/src/core/model.ts';

/** A fact the panel can point back to in the note. */
export interface Located {
  range: Range;
  /** Zero-based line of the directive (the `data-line` of its row and marks). */
  line: number;
}

export interface TimelineMark extends Located {
  lane: string;
  day: number;
  dayEnd: number | null;
  /** The dose as written when the mark is a dose, else the drug as written. */
  label: string;
  kind: 'drug' | 'dose';
  /** Which `:day` dated it, for the tooltip. */
  datedBy: string | null;
}

export interface TimelineLane {
  /** Lane key: the drug's lexicon key, else its name as written (lower case). */
  key: string;
  /** Shown name: the lexicon name, else the text as written. */
  name: string;
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

export interface Timeline {
  lanes: TimelineLane[];
  anchors: Anchor[];
  undated: UndatedFact[];
  /** Smallest and largest day shown (always includes day 0), null without dated facts. */
  extent: [number, number] | null;
}

export interface LabPoint extends Located {
  day: number;
  value: number;
  flag: LabNormalized['flag'];
  comparator: string | null;
  text: string;
}

export interface LabResult extends Located {
  day: number | null;
  /** `positive`, `1:320`, `149/150`, or the text as written when not normalized. */
  result: string;
  text: string;
}

export interface LabSeries {
  /** Lexicon key (`ck`), or `?` + the text as written for an analyte CaseMark did not know. */
  key: string;
  name: string;
  unit: string | null;
  loinc: string | null;
  points: LabPoint[];
  /** Qualitative results, titers, scores, and undated or unnormalized values. */
  results: LabResult[];
  /** Distinct upper limits of normal of the points (papers may print their own). */
  ulns: number[];
  scale: 'linear' | 'log' | 'symlog';
}

export interface TableRow extends Located {
  kind: ExportAnnotation['kind'];
  text: string;
  normalized: string;
  day: number | null;
  /** How the day was found (`clause :day[3]`), empty when undated. */
  datedBy: string;
}

export type SortKey = 'kind' | 'text' | 'normalized' | 'day' | 'line';

export interface CaseView {
  id: string;
  title: string;
  /** age, sex, dx first, then any other attribute, as label/value pairs. */
  facts: [string, string][];
  timeline: Timeline;
  labs: LabSeries[];
  rows: TableRow[];
  problems: ExportDiagnostic[];
}

export interface SourceView {
  title: string | null;
  doi: string | null;
  /** https://doi.org/… for the DOI, null without one. */
  doiUrl: string | null;
  journal: string | null;
  year: string | null;
}

const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

export function sourceView(doc: ExportDocument): SourceView | null {
  const s = doc.source;
  if (!s) return null;
  const doi = str(s.doi)?.replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/i, '') ?? null;
  return {
    title: str(s.title),
    doi,
    doiUrl: doi ? `https://doi.org/${doi.split('/').map(encodeURIComponent).join('/')}` : null,
    journal: str(s.journal),
    year: str(s.year),
  };
}

function located(a: ExportAnnotation): Located {
  return { range: a.range, line: a.range.start.line };
}

function datedByText(a: ExportAnnotation): string | null {
  return a.datedBy ? `${a.datedBy.rule} :day[${a.datedBy.text}] (line ${a.datedBy.line + 1})` : null;
}

const laneKey = (name: string): string => name.trim().toLowerCase();

/** Drug lanes with each administration as a mark: a dose is labelled by its amount; a drug
 * mention on a day with no dose of that drug is a mark labelled by the drug's name. */
export function buildTimeline(c: ExportCase): Timeline {
  const lanes = new Map<string, TimelineLane>();
  const lane = (key: string, name: string): TimelineLane => {
    let l = lanes.get(key);
    if (!l) lanes.set(key, (l = { key, name, marks: [] }));
    return l;
  };
  const anchors: Anchor[] = [];
  const undated: UndatedFact[] = [];
  const drugMentions: { a: ExportAnnotation; key: string }[] = [];

  for (const a of c.annotations) {
    if (a.kind === 'drug') {
      const n = a.normalized as DrugNormalized | null;
      const key = laneKey(n?.key ?? a.text);
      lane(key, n?.name ?? a.text);
      if (a.day === null) undated.push({ ...located(a), kind: a.kind, text: a.text });
      else drugMentions.push({ a, key });
    } else if (a.kind === 'dose') {
      const n = a.normalized as DoseNormalized | null;
      const drug = n?.drug ?? a.attributes.drug ?? null;
      if (a.day === null) {
        undated.push({ ...located(a), kind: a.kind, text: a.text });
        continue;
      }
      const key = drug ? laneKey(drug) : '?';
      const l = lanes.get(key) ?? lane(key, drug ?? 'dose without drug');
      l.marks.push({ ...located(a), lane: l.key, day: a.day, dayEnd: a.dayEnd, label: a.text, kind: 'dose', datedBy: datedByText(a) });
    } else if (a.kind === 'day') {
      const n = a.normalized as DayNormalized | null;
      if (n?.anchor) anchors.push({ ...located(a), name: n.anchor, day: n.day });
    } else if (a.day === null) {
      undated.push({ ...located(a), kind: a.kind, text: a.text });
    }
  }
  for (const { a, key } of drugMentions) {
    const l = lanes.get(key)!;
    if (l.marks.some((m) => m.kind === 'dose' && m.day === a.day)) continue;
    l.marks.push({ ...located(a), lane: key, day: a.day!, dayEnd: a.dayEnd, label: a.text, kind: 'drug', datedBy: datedByText(a) });
  }
  const shown = [...lanes.values()].filter((l) => l.marks.length > 0);
  for (const l of shown) l.marks.sort((x, y) => x.day - y.day || x.line - y.line);
  const days = [...shown.flatMap((l) => l.marks.flatMap((m) => (m.dayEnd === null ? [m.day] : [m.day, m.dayEnd]))), ...anchors.map((a) => a.day)];
  const extent: [number, number] | null = days.length ? [Math.min(0, ...days), Math.max(0, ...days)] : null;
  return { lanes: shown, anchors, undated, extent };
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

/** One series per analyte; quantities become points, everything else a result. */
export function buildLabSeries(c: ExportCase): LabSeries[] {
  const series = new Map<string, LabSeries & { ulnSet: Set<number> }>();
  for (const a of c.annotations) {
    if (a.kind !== 'lab') continue;
    const n = a.normalized as LabNormalized | null;
    const key = n?.key ?? `?${analyteOf(a)}`;
    let s = series.get(key);
    if (!s) {
      s = { key, name: n?.name ?? analyteOf(a), unit: n?.unit ?? null, loinc: n?.loinc ?? null, points: [], results: [], ulns: [], scale: 'linear', ulnSet: new Set() };
      series.set(key, s);
    }
    if (n && n.valueKind === 'quantity' && n.value !== null && a.day !== null) {
      s.points.push({ ...located(a), day: a.day, value: n.value, flag: n.flag, comparator: n.comparator, text: a.text });
      if (n.uln !== null) s.ulnSet.add(n.uln);
      if (!s.unit) s.unit = n.unit;
    } else {
      s.results.push({ ...located(a), day: a.day, result: n ? resultText(n) : a.text, text: a.text });
    }
  }
  return [...series.values()].map(({ ulnSet, ...s }) => {
    s.points.sort((x, y) => x.day - y.day || x.line - y.line);
    s.results.sort((x, y) => (x.day ?? Infinity) - (y.day ?? Infinity) || x.line - y.line);
    return { ...s, ulns: [...ulnSet].sort((x, y) => x - y), scale: chooseScale([...s.points.map((p) => p.value), ...ulnSet]) };
  });
}

function analyteOf(a: ExportAnnotation): string {
  return a.attributes.test ?? (a.text.replace(/\s+[<>≤≥]?=?\s*[\d.,]+.*$/, '').trim() || a.text);
}

function resultText(n: LabNormalized): string {
  if (n.result) return n.result;
  if (n.value === null) return '';
  return `${n.comparator ?? ''}${formatNumber(n.value)}${n.unit ? ` ${n.unit}` : ''}`;
}

/** Log scale when positive values span more than two orders of magnitude; symlog when a zero is among them. */
export function chooseScale(values: number[]): LabSeries['scale'] {
  const positive = values.filter((v) => v > 0);
  if (positive.length < 2) return 'linear';
  const span = Math.max(...positive) / Math.min(...positive);
  if (span <= 100) return 'linear';
  return values.some((v) => v <= 0) ? 'symlog' : 'log';
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e6) return v.toExponential(2).replace('e+', ' × 10^');
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(4)));
}

/** The normalized value in one line, as the table shows it. */
export function describeNormalized(a: ExportAnnotation): string {
  const n = a.normalized;
  if (!n) return '—';
  switch (a.kind) {
    case 'drug': {
      const d = n as DrugNormalized;
      const codes = [d.atc && `ATC ${d.atc}`, d.rxcui && `RxCUI ${d.rxcui}`].filter(Boolean).join(', ');
      return [d.name, d.targets.length ? `targets ${d.targets.join(', ')}` : '', codes].filter(Boolean).join(' · ');
    }
    case 'dose': {
      const d = n as DoseNormalized;
      const amount = `${d.comparator ?? ''}${formatNumber(d.value)}${d.valueEnd !== null ? `–${formatNumber(d.valueEnd)}` : ''} ${d.unit}`;
      return [amount, d.drug, d.route, d.freq].filter(Boolean).join(' · ');
    }
    case 'day': {
      const d = n as DayNormalized;
      const day = d.dayEnd !== null ? `days ${d.day} to ${d.dayEnd}` : `${d.precision === 'day' ? '' : '≈ '}day ${d.day}`;
      return [day, d.precision !== 'day' ? `(${d.precision})` : '', d.from ? `from #${d.from}` : '', d.anchor ? `defines #${d.anchor}` : '']
        .filter(Boolean)
        .join(' ');
    }
    case 'lab': {
      const l = n as LabNormalized;
      const parts = [l.name, resultText(l)];
      if (l.xUln !== null) parts.push(`${formatNumber(l.xUln)} × ULN`);
      if (l.flag) parts.push(l.flag);
      if (l.loinc) parts.push(`LOINC ${l.loinc}`);
      return parts.filter(Boolean).join(' · ');
    }
  }
  return '—';
}

export function buildRows(annotations: ExportAnnotation[]): TableRow[] {
  return annotations.map((a) => ({
    ...located(a),
    kind: a.kind,
    text: a.text,
    normalized: describeNormalized(a),
    day: a.day,
    datedBy: datedByText(a) ?? '',
  }));
}

/** Rows whose kind, text, normalized value, day or line contain every word of the query. */
export function filterRows(rows: TableRow[], query: string): TableRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return rows;
  return rows.filter((r) => {
    const hay = `${r.kind} ${r.text} ${r.normalized} ${r.day ?? 'undated'} ${r.line + 1}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** A stable sort; undated rows go last whatever the direction. */
export function sortRows(rows: TableRow[], key: SortKey, direction: 'asc' | 'desc'): TableRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const value = (r: TableRow): string | number | null => (key === 'day' ? r.day : key === 'line' ? r.line : r[key]);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((x, y) => {
      const a = value(x.r);
      const b = value(y.r);
      if (a === null || b === null) return a === b ? x.i - y.i : a === null ? 1 : -1;
      const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
      return c * sign || x.i - y.i;
    })
    .map(({ r }) => r);
}

const inRange = (r: Range, outer: Range): boolean =>
  (r.start.line > outer.start.line || (r.start.line === outer.start.line && r.start.character >= outer.start.character)) &&
  (r.start.line < outer.end.line || (r.start.line === outer.end.line && r.start.character <= outer.end.character));

function caseFacts(c: ExportCase): [string, string][] {
  const first = ['age', 'sex', 'dx'].filter((k) => c.attributes[k] !== undefined).map((k): [string, string] => [k, c.attributes[k]]);
  const rest = Object.entries(c.attributes).filter(([k]) => !['age', 'sex', 'dx', 'id'].includes(k));
  return [...first, ...rest];
}

/** Everything the panel shows, case by case; annotations outside any case form a last section. */
export function buildCaseViews(doc: ExportDocument): CaseView[] {
  const views = doc.cases.map((c) => ({
    id: c.id,
    title: c.title,
    facts: caseFacts(c),
    timeline: buildTimeline(c),
    labs: buildLabSeries(c),
    rows: buildRows(c.annotations),
    problems: doc.diagnostics.filter((d) => inRange(d.range, c.range)),
  }));
  const claimed = new Set(views.flatMap((v) => v.problems));
  const orphanProblems = doc.diagnostics.filter((d) => !claimed.has(d));
  if (doc.unassigned.length || orphanProblems.length) {
    const c: ExportCase = { id: '', title: 'Outside any case', implicit: false, attributes: {}, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, annotations: doc.unassigned };
    views.push({ id: '', title: c.title, facts: [], timeline: buildTimeline(c), labs: buildLabSeries(c), rows: buildRows(c.annotations), problems: orphanProblems });
  }
  return views;
}

export interface DocumentCounts {
  cases: number;
  annotations: number;
  errors: number;
  warnings: number;
  /** Errors, warnings, information and hints together. */
  problems: number;
}

export function countDocument(doc: ExportDocument): DocumentCounts {
  const annotations = doc.unassigned.length + doc.cases.reduce((n, c) => n + c.annotations.length, 0);
  const errors = doc.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = doc.diagnostics.filter((d) => d.severity === 'warning').length;
  return { cases: doc.cases.length, annotations, errors, warnings, problems: doc.diagnostics.length };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The text alternative of a timeline chart. */
export function describeTimeline(t: Timeline): string {
  if (!t.extent) return 'No dated drug or dose.';
  const lanes = t.lanes.map((l) => `${l.name}: ${l.marks.map((m) => `${m.label} on day ${m.day}${m.dayEnd !== null ? ` to ${m.dayEnd}` : ''}`).join('; ')}`);
  const anchors = t.anchors.length ? ` Anchors: ${t.anchors.map((a) => `#${a.name} at day ${a.day}`).join(', ')}.` : '';
  return `Timeline from day ${t.extent[0]} to day ${t.extent[1]}, ${plural(t.lanes.length, 'drug')}. ${lanes.join('. ')}.${anchors}`;
}

/** The text alternative of one lab chart. */
export function describeSeries(s: LabSeries): string {
  const unit = s.unit ? ` ${s.unit}` : '';
  const pts = s.points.map((p) => `${p.comparator ?? ''}${formatNumber(p.value)}${unit} on day ${p.day}${p.flag && p.flag !== 'normal' ? ` (${p.flag})` : ''}`);
  const res = s.results.map((r) => `${r.result}${r.day !== null ? ` on day ${r.day}` : ' (undated)'}`);
  const uln = s.ulns.length ? ` Upper limit of normal ${s.ulns.map(formatNumber).join(', ')}${unit}.` : '';
  const scale = s.scale === 'linear' ? '' : ` Logarithmic scale.`;
  return `${s.name}: ${[...pts, ...res].join('; ') || 'no value'}.${uln}${scale}`;
}
