// The `casemark-export` format, version 1 (spec section 5): the JSON every other export
// format, the summary panel and the CLI are made from. Its JSON Schema is
// server/data/export.schema.json.
import type { AnnotationKind, DayRule, DrugStatus, Normalized, Range, Severity, SourceInfo } from '../model.ts';

export interface ExportAnnotation {
  kind: AnnotationKind;
  text: string;
  range: Range;
  day: number | null;
  dayEnd: number | null;
  /** Drugs and doses: given, planned, not-given, stopped or unknown. */
  status?: DrugStatus;
  /** Which `:day` dated the fact: its zero-based line and text, and the rule that applied. */
  datedBy: { line: number; text: string; rule: DayRule } | null;
  attributes: Record<string, string>;
  normalized: Normalized | null;
}

export interface ExportCase {
  id: string;
  title: string;
  implicit: boolean;
  attributes: Record<string, string>;
  range: Range;
  annotations: ExportAnnotation[];
}

export interface ExportDiagnostic {
  range: Range;
  severity: Severity;
  code: string;
  message: string;
}

export interface ExportDocument {
  path: string;
  source: SourceInfo | null;
  cases: ExportCase[];
  /** Annotations before the first `::case` (warning `outside-case`): kept, never dropped. */
  unassigned: ExportAnnotation[];
  diagnostics: ExportDiagnostic[];
}

export interface CaseMarkExport {
  format: 'casemark-export';
  version: 1;
  documents: ExportDocument[];
}

export type ExportFormat = 'json' | 'ndjson' | 'csv' | 'fhir' | 'w3c' | 'bioc' | 'bioc-xml' | 'brat';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'ndjson', 'csv', 'fhir', 'w3c', 'bioc', 'bioc-xml', 'brat'];
