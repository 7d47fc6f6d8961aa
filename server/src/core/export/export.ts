// The `casemark-export` JSON (spec section 5) and every format made from it. The CLI and the
// language server both call formatExport, so editor and CI write the same bytes.
import type { Annotation, Diagnostic, DocumentAnalysis } from '../model.ts';
import type { CaseMarkExport, ExportAnnotation, ExportDiagnostic, ExportDocument, ExportFormat } from './types.ts';
import { toCsv, toNdjson } from './rows.ts';
import { toFhir } from './fhir.ts';
import { toW3c } from './w3c.ts';
import { toBioc } from './bioc.ts';
import { toBiocXml } from './biocXml.ts';

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

/**
 * Serializes an export. `texts` (path → note text) is needed by `w3c`, `bioc` and `bioc-xml`,
 * which quote the note and count its code points. `brat` has no single-file form: it is
 * written into a folder (files.ts), and gives the empty string here.
 */
export function formatExport(exp: CaseMarkExport, format: ExportFormat, texts?: Map<string, string>): string {
  switch (format) {
    case 'json':
      return JSON.stringify(exp, null, 2) + '\n';
    case 'ndjson':
      return toNdjson(exp);
    case 'csv':
      return toCsv(exp);
    case 'fhir':
      return JSON.stringify(toFhir(exp), null, 2) + '\n';
    case 'w3c':
      return JSON.stringify(toW3c(exp, texts ?? new Map()), null, 2) + '\n';
    case 'bioc':
      return JSON.stringify(toBioc(exp, texts ?? new Map()), null, 2) + '\n';
    case 'bioc-xml':
      return toBiocXml(toBioc(exp, texts ?? new Map()));
    case 'brat':
      return '';
  }
}

/** Number of annotations in an export (cases and unassigned). */
export function countAnnotations(exp: CaseMarkExport): number {
  let n = 0;
  for (const d of exp.documents) {
    n += d.unassigned.length;
    for (const c of d.cases) n += c.annotations.length;
  }
  return n;
}
