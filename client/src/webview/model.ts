// Pure data shaping for the summary panel and the report: an exported document in, the case
// timelines, table rows and text summaries they draw out. No DOM, no vscode, no Node, so the
// webview, the report page, the extension (status bar counts) and the tests all share it.
import type { ExportAnnotation, ExportCase, ExportDiagnostic, ExportDocument } from '../../../server/src/core/export/types.ts';
import type { DayNormalized, DoseNormalized, DrugNormalized, LabNormalized, Range } from '../../../server/src/core/model.ts';
import type { LabSeries, LabTrack, Located, Timeline } from './timelineModel.ts';
import { buildTimeline, datedByText, drugNames, resultText, withKnown } from './timelineModel.ts';
import { formatNumber, withUnit } from './units.ts';

export * from './timelineModel.ts';
export * from './dayZoom.ts';
export { displayUnit, formatNumber, withUnit } from './units.ts';

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

/** The normalized value in one line, as the table shows it; doses name their drug by name. */
export function describeNormalized(a: ExportAnnotation, names: Map<string, string> = new Map()): string {
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
      const amount = withUnit(`${d.comparator ?? ''}${formatNumber(d.value)}${d.valueEnd !== null ? `–${formatNumber(d.valueEnd)}` : ''}`, d.unit);
      return [amount, d.drug ? (names.get(d.drug) ?? d.drug) : null, d.route, d.freq].filter(Boolean).join(' · ');
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

/** `known`: drug names from the lexicon for doses that name their drug by key only (the case's own :drug names win). */
export function buildRows(annotations: ExportAnnotation[], known: Record<string, string> = {}): TableRow[] {
  const names = withKnown(drugNames(annotations), known);
  return annotations.map((a) => ({
    ...located(a),
    kind: a.kind,
    text: a.text,
    normalized: describeNormalized(a, names),
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
export function buildCaseViews(doc: ExportDocument, known: Record<string, string> = {}): CaseView[] {
  const views = doc.cases.map((c) => ({
    id: c.id,
    title: c.title,
    facts: caseFacts(c),
    timeline: buildTimeline(c, known),
    rows: buildRows(c.annotations, known),
    problems: doc.diagnostics.filter((d) => inRange(d.range, c.range)),
  }));
  const claimed = new Set(views.flatMap((v) => v.problems));
  const orphanProblems = doc.diagnostics.filter((d) => !claimed.has(d));
  if (doc.unassigned.length || orphanProblems.length) {
    const c: ExportCase = { id: '', title: 'Outside any case', implicit: false, attributes: {}, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, annotations: doc.unassigned };
    views.push({ id: '', title: c.title, facts: [], timeline: buildTimeline(c, known), rows: buildRows(c.annotations, known), problems: orphanProblems });
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

const dayText = (day: number, dayEnd: number | null): string => (dayEnd !== null ? `days ${day} to ${dayEnd}` : `day ${day}`);

/** The text alternative of a timeline: whole sentences, nothing empty between the dots. */
export function describeTimeline(t: Timeline): string {
  if (!t.extent) return 'Nothing dated.';
  const drugs = t.lanes.filter((l) => l.kind === 'drug');
  const results = t.lanes.filter((l) => l.kind === 'lab');
  const sentences = [
    `Timeline from day ${t.extent[0]} to day ${t.extent[1]}: ${drugs.length ? plural(drugs.length, 'drug') : 'no dated drug'}${t.labs.length ? `, ${plural(t.labs.length, 'lab chart')}` : ''}${results.length ? `, ${plural(results.length, 'lab result lane')}` : ''}.`,
    ...[...drugs, ...results].map(
      (l) => `${l.name}: ${l.marks.map((m) => `${m.kind === 'drug' && m.label === l.name ? 'given' : m.label}${m.status !== 'given' ? ` (${m.status})` : ''} on ${dayText(m.day, m.dayEnd)}`).join('; ')}.`,
    ),
  ];
  if (t.anchors.length) sentences.push(`Anchors: ${t.anchors.map((a) => `#${a.name} at day ${a.day}`).join(', ')}.`);
  if (t.undated.length) sentences.push(`${plural(t.undated.length, 'undated fact')}.`);
  return sentences.join(' ');
}

/** The text alternative of one analyte's charts: each value with its own unit, the reference line in its unit. */
export function describeSeries(s: LabSeries): string {
  const track = (t: LabTrack): string => {
    const pts = t.points.map((p) => `${withUnit(`${p.comparator ?? ''}${formatNumber(p.value)}`, p.unit)} on day ${p.day}${p.flag && p.flag !== 'normal' ? ` (${p.flag})` : ''}`);
    return pts.join('; ') || 'no value';
  };
  const values = s.tracks.length === 1 ? track(s.tracks[0]) : s.tracks.map((t) => `in ${t.unitText || 'no unit'} (${t.measureName}): ${track(t)}`).join('. ');
  const ref = s.reference ? ` Upper limit of normal ${withUnit(formatNumber(s.reference.value), s.reference.unit)}${s.reference.source === 'paper' ? ', as the paper gives it' : ''}.` : '';
  const scales = s.tracks.filter((t) => t.scale !== 'linear');
  const scale = !scales.length ? '' : s.tracks.length === 1 ? ' Logarithmic scale.' : ` Logarithmic scale for ${scales.map((t) => t.unitText || 'no unit').join(', ')}.`;
  return `${s.name}: ${values}.${ref}${scale}`;
}
