// One row per annotation, for NDJSON and CSV: the same rows, with document and case ids.
// CSV is written by csv-stringify (RFC 4180 quoting), never by hand.
import { stringify } from 'csv-stringify/sync';
import type { CaseMarkExport, ExportAnnotation } from './types.ts';

export interface Row extends ExportAnnotation {
  document: string;
  case: string | null;
}

export function* rows(exp: CaseMarkExport): Generator<Row> {
  for (const d of exp.documents) {
    for (const a of d.unassigned) yield { document: d.path, case: null, ...a };
    for (const c of d.cases) for (const a of c.annotations) yield { document: d.path, case: c.id, ...a };
  }
}

export function toNdjson(exp: CaseMarkExport): string {
  let out = '';
  for (const r of rows(exp)) out += JSON.stringify(r) + '\n';
  return out;
}

export const CSV_COLUMNS = [
  'document', 'case', 'kind', 'text', 'line', 'column', 'end_line', 'end_column', 'day', 'day_end', 'dated_by_line',
  'key', 'name', 'value', 'value_end', 'comparator', 'unit', 'original_value', 'original_unit', 'result',
  'drug', 'route', 'freq', 'precision', 'from', 'atc', 'rxcui', 'loinc', 'lln', 'uln', 'x_uln', 'flag', 'status', 'attributes', 'normalized',
] as const;

type Cell = string | number | null | undefined;

function field(n: Record<string, unknown> | null, name: string): Cell {
  const v = n?.[name];
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}

/** Lines and columns are one-based, as `casemark check` prints them. */
function csvRow(r: Row): Cell[] {
  const n = r.normalized as unknown as Record<string, unknown> | null;
  const original = (n?.original ?? null) as Record<string, unknown> | null;
  return [
    r.document, r.case, r.kind, r.text, r.range.start.line + 1, r.range.start.character + 1, r.range.end.line + 1, r.range.end.character + 1,
    r.day, r.dayEnd, r.datedBy ? r.datedBy.line + 1 : null,
    field(n, 'key'), field(n, 'name'), r.kind === 'day' ? field(n, 'day') : field(n, 'value'), r.kind === 'day' ? field(n, 'dayEnd') : field(n, 'valueEnd'),
    field(n, 'comparator'), field(n, 'unit'), field(original, 'value'), field(original, 'unit'), field(n, 'result'),
    field(n, 'drug'), field(n, 'route'), field(n, 'freq'), field(n, 'precision'), field(n, 'from'), field(n, 'atc'), field(n, 'rxcui'), field(n, 'loinc'),
    field(n, 'lln'), field(n, 'uln'), field(n, 'xUln'), field(n, 'flag'), r.status ?? null,
    Object.keys(r.attributes).length ? JSON.stringify(r.attributes) : null,
    n ? JSON.stringify(n) : null,
  ];
}

export function toCsv(exp: CaseMarkExport): string {
  const records: Cell[][] = [[...CSV_COLUMNS]];
  for (const r of rows(exp)) records.push(csvRow(r));
  return stringify(records, { record_delimiter: '\r\n', cast: { number: (v) => String(v) } });
}
