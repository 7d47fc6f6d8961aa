// One row per annotation, for NDJSON and CSV: the same rows, with document and case ids.
// CSV is written by csv-stringify (RFC 4180 quoting), never by hand. Both are generators of
// pieces (export.ts), so an export of any size streams to its destination.
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

/** NDJSON, one line per annotation, written as the rows come. */
export function* ndjsonPieces(exp: CaseMarkExport): Generator<string> {
  for (const r of rows(exp)) yield JSON.stringify(r) + '\n';
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

const CSV_OPTIONS = { record_delimiter: '\r\n', cast: { number: (v: number) => String(v) } };
/** Rows given to csv-stringify at a time: each record is quoted on its own, so batches join byte for byte. */
const CSV_BATCH = 512;

/** CSV with a header row, written a batch of rows at a time. */
export function* csvPieces(exp: CaseMarkExport): Generator<string> {
  let batch: Cell[][] = [[...CSV_COLUMNS]];
  for (const r of rows(exp)) {
    batch.push(csvRow(r));
    if (batch.length >= CSV_BATCH) {
      yield stringify(batch, CSV_OPTIONS);
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch, CSV_OPTIONS);
}
