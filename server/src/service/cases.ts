// CaseMark's own requests: `casemark/cases` (the export model of one note, for the summary
// panel) and `casemark/export` (exactly what `casemark export <files> --format F` writes:
// the same core functions, documents sorted by path, cross-file diagnostics among the
// exported notes as the CLI computes them).
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import {
  buildExport,
  countAnnotations,
  crossFileDiagnostics,
  EXPORT_FORMATS,
  exportFiles,
  FOLDER_FORMATS,
  formatExport,
  toExportDocument,
  type CaseMarkConfig,
  type Diagnostic,
  type DocumentAnalysis,
  type ExportFormat,
} from '../core/index.ts';
import type { CasesParams, CasesResult, ExportDocument, ExportParams, ExportResult } from '../../../protocol/casemark.ts';

export interface LoadedNote {
  analysis: DocumentAnalysis;
  /** Undefined for a note above the size limit: exported with its problem, nothing quoted or hashed. */
  text: string | undefined;
  /** Document version for an open note, null when read from disk. */
  version: number | null;
}

/** What these requests need from the workspace. */
export interface ExportSource {
  load(uri: string): Promise<LoadedNote | null>;
  crossDiagnostics(uri: string): Diagnostic[];
  /** Every note to export when no uri is given (the workspace's indexed notes). */
  exportUris(): string[];
  configFor(uri: string): CaseMarkConfig;
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export async function provideCases(source: ExportSource, params: CasesParams): Promise<CasesResult> {
  if (!params || typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'casemark/cases needs { uri }');
  const note = await source.load(params.uri);
  if (!note) throw new ResponseError(ErrorCodes.InvalidParams, `No CaseMark note at ${params.uri}`);
  return { uri: params.uri, version: note.version, document: toExportDocument(note.analysis, source.crossDiagnostics(params.uri)) };
}

const PARALLEL = 4;

export async function provideExport(source: ExportSource, params: ExportParams, token?: CancellationToken): Promise<ExportResult> {
  const format = params?.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `Unknown export format "${String(params?.format)}"; use one of ${EXPORT_FORMATS.join(', ')}.`);
  }
  if (params.uri !== undefined && typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'uri must be a string');
  const uris = params.uri ? [params.uri] : source.exportUris();
  const notes: LoadedNote[] = [];
  let next = 0;
  const worker = async () => {
    while (next < uris.length) {
      if (token?.isCancellationRequested) return;
      const uri = uris[next++];
      const note = await source.load(uri);
      if (note) notes.push(note);
      else if (params.uri) throw new ResponseError(ErrorCodes.InvalidParams, `No CaseMark note at ${uri}`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  if (token?.isCancellationRequested) throw cancelled();
  const analyses = notes.map((n) => n.analysis);
  const config = uris.length ? source.configFor(uris[0]) : undefined;
  const extra = crossFileDiagnostics(analyses, config);
  const exp = buildExport(analyses, extra);
  const texts = new Map(notes.flatMap((n) => (n.text === undefined ? [] : [[n.analysis.path, n.text] as const])));
  if (token?.isCancellationRequested) throw cancelled();
  const files = FOLDER_FORMATS.includes(format) ? { files: exportFiles(exp, format, texts) } : {};
  // The notes' problems travel with the export, so the editor can say what `casemark export` says.
  let errors = 0;
  let warnings = 0;
  for (const d of exp.documents) for (const x of d.diagnostics) x.severity === 'error' ? errors++ : x.severity === 'warning' ? warnings++ : 0;
  return { content: formatExport(exp, format, texts), ...files, documents: exp.documents.length, annotations: countAnnotations(exp), errors, warnings };
}
