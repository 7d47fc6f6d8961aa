// The `casemark-export` JSON (spec section 5) and every format made from it. The CLI streams
// exportPieces and the language server joins the same pieces (formatExport), so editor and CI
// write the same bytes.
import type { Annotation, Diagnostic, DocumentAnalysis } from '../model.ts';
import type { CaseMarkExport, ExportAnnotation, ExportDiagnostic, ExportDocument, ExportFormat } from './types.ts';
import { csvPieces, ndjsonPieces } from './rows.ts';
import { fhirBundle } from './fhir.ts';
import { w3cCollection } from './w3c.ts';
import { biocCollection } from './bioc.ts';
import { biocXmlPieces } from './biocXml.ts';
import { jsonDocument, joinPieces, lazy, mapped } from './jsonStream.ts';
export { countAnnotations } from './count.ts';

function exportAnnotation(a: Annotation): ExportAnnotation {
  return {
    kind: a.kind,
    text: a.text,
    range: a.range,
    day: a.day,
    dayEnd: a.dayEnd,
    ...(a.status ? { status: a.status } : {}),
    datedBy: a.datedBy ? { line: a.datedBy.range.start.line, text: a.datedBy.text, rule: a.datedBy.rule } : null,
    attributes: a.attributes,
    normalized: a.normalized,
  };
}

function byPosition(x: ExportDiagnostic, y: ExportDiagnostic): number {
  return x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
}

function exportDiagnostic(d: Diagnostic): ExportDiagnostic {
  return { range: d.range, severity: d.severity, code: d.code, message: d.message };
}

/** Adds diagnostics found later (cross-file ones) to an exported document, in position order. */
export function addDiagnostics(doc: ExportDocument, extra: Diagnostic[]): ExportDocument {
  if (!extra.length) return doc;
  return { ...doc, diagnostics: [...doc.diagnostics, ...extra.map(exportDiagnostic)].sort(byPosition) };
}

export function toExportDocument(a: DocumentAnalysis, extra: Diagnostic[] = []): ExportDocument {
  const doc = exportDocument(a);
  return addDiagnostics(doc, extra);
}

function exportDocument(a: DocumentAnalysis): ExportDocument {
  return {
    path: a.path,
    source: a.source,
    cases: a.cases.map((c) => ({
      id: c.id,
      title: c.title,
      implicit: c.implicit,
      attributes: c.attributes,
      range: c.range,
      annotations: c.annotations.map(exportAnnotation),
    })),
    unassigned: a.unassigned.map(exportAnnotation),
    diagnostics: a.diagnostics.map(exportDiagnostic).sort(byPosition),
  };
}

/** The export of several documents, sorted by path so every caller writes the same order. */
export function buildExport(analyses: DocumentAnalysis[], extra?: Map<string, Diagnostic[]>): CaseMarkExport {
  return exportOf(analyses.map((a) => toExportDocument(a, extra?.get(a.uri))));
}

/** Wraps exported documents, sorted by path. */
export function exportOf(documents: ExportDocument[]): CaseMarkExport {
  const sorted = [...documents].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { format: 'casemark-export', version: 1, documents: sorted };
}

/** The export with its arrays lazy, for jsonPieces: the same keys in the same order. */
function lazyExport(exp: CaseMarkExport): unknown {
  return {
    ...exp,
    documents: lazy(
      mapped(exp.documents, (d) => ({
        ...d,
        cases: lazy(mapped(d.cases, (c) => ({ ...c, annotations: lazy(c.annotations) }))),
        unassigned: lazy(d.unassigned),
        diagnostics: lazy(d.diagnostics),
      })),
    ),
  };
}

/**
 * Serializes an export as a sequence of string pieces, annotation by annotation, so that the
 * CLI streams it to its destination and no export is ever one string. `texts` (path → note
 * text) is needed by `w3c`, `bioc` and `bioc-xml`, which quote the note and count its code
 * points. `brat` has no single-file form: it is written into a folder (files.ts), and gives
 * nothing here.
 */
export function* exportPieces(exp: CaseMarkExport, format: ExportFormat, texts?: Map<string, string>): Generator<string> {
  switch (format) {
    case 'json':
      return yield* jsonDocument(lazyExport(exp));
    case 'ndjson':
      return yield* ndjsonPieces(exp);
    case 'csv':
      return yield* csvPieces(exp);
    case 'fhir':
      return yield* jsonDocument(fhirBundle(exp));
    case 'w3c':
      return yield* jsonDocument(w3cCollection(exp, texts ?? new Map()));
    case 'bioc':
      return yield* jsonDocument(biocCollection(exp, texts ?? new Map()));
    case 'bioc-xml':
      return yield* biocXmlPieces(biocCollection(exp, texts ?? new Map()));
    case 'brat':
      return;
  }
}

/** The same bytes as one string: the language server's answer, and tests. */
export function formatExport(exp: CaseMarkExport, format: ExportFormat, texts?: Map<string, string>): string {
  return joinPieces(exportPieces(exp, format, texts));
}
