// CaseMark's own LSP requests, shared by the language server and the VS Code client (and
// usable by any LSP client). Types only, plus the method names: no vscode or Node imports.
import type { CaseMarkExport, ExportDocument, ExportFormat } from '../server/src/core/export/types.ts';

export type { CaseMarkExport, ExportDocument, ExportFormat };

/** `casemark/cases`: everything the summary panel shows for one document (the export's model). */
export const CasesRequestMethod = 'casemark/cases';
export interface CasesParams {
  uri: string;
}
export interface CasesResult {
  uri: string;
  /** The document version the result was computed from (null for a file read from disk). */
  version: number | null;
  document: ExportDocument;
}

/** `casemark/export`: the export of one document, or of the whole workspace when `uri` is absent. */
export const ExportRequestMethod = 'casemark/export';
export interface ExportParams {
  uri?: string;
  format: ExportFormat;
}
export interface ExportResult {
  /** The export exactly as `casemark export` writes it. */
  content: string;
  documents: number;
  annotations: number;
}

/** Options the client passes in `initializationOptions`. */
export interface InitializationOptions {
  /** Folder for the content-keyed parse cache (the extension's storage). */
  cacheFolder?: string;
}

/** The `casemark` section of the settings the server reads with workspace/configuration. */
export interface CaseMarkSettings {
  lexicons: string[];
  exclude: string[];
  maxFileSize: number;
  severity: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>;
}

/** Commands the client registers; the server's code lens on `::case` uses openSummary. */
export const Commands = {
  openSummary: 'casemark.openSummary',
  exportNote: 'casemark.exportNote',
  exportWorkspace: 'casemark.exportWorkspace',
  insertAnnotation: 'casemark.insertAnnotation',
  restartServer: 'casemark.restartServer',
} as const;

/** Arguments of `casemark.openSummary`. */
export interface OpenSummaryArgs {
  uri: string;
  caseId?: string;
}
