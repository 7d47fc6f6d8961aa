// CaseMark's own LSP requests, shared by the language server and the VS Code client (and
// usable by any LSP client). Types only, plus the method names: no vscode or Node imports.
import type { CaseMarkExport, ExportDocument, ExportFormat } from '../server/src/core/export/types.ts';
import type { Figures } from '../server/src/core/agree/figures.ts';
import type { ExportFile } from '../server/src/core/export/files.ts';

export type { CaseMarkExport, ExportDocument, ExportFile, ExportFormat, Figures };

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
  /** Names of the drugs the note's doses refer to by lexicon key (`drug=MMF` with no `:drug` of it), from the note's lexicon. */
  drugNames?: Record<string, string>;
}

/** `casemark/export`: the export of one document, or of the whole workspace when `uri` is absent. */
export const ExportRequestMethod = 'casemark/export';
export interface ExportParams {
  uri?: string;
  format: ExportFormat;
}
export interface ExportResult {
  /** The export exactly as `casemark export` writes it to standard output (empty for brat). */
  content: string;
  /** For bioc, bioc-xml and brat: the files `casemark export --out DIR` writes, paths relative to DIR. */
  files?: ExportFile[];
  documents: number;
  annotations: number;
  /** Errors and warnings of the exported notes (the export is written all the same). */
  errors: number;
  warnings: number;
}

/**
 * `casemark/compare`: compare an open note with another curator's note of the same paper.
 * Until stopped (`other: null`), the disagreements are diagnostics of the open note (code
 * `curator-disagreement`) with the quick fixes "Take theirs" (an edit) and "Keep mine" (the
 * server command KeepMineCommand, which hides that disagreement).
 */
export const CompareRequestMethod = 'casemark/compare';
export interface CompareParams {
  uri: string;
  /** The other curator's note (a file URI), or null to stop comparing. */
  other: string | null;
}
export interface CompareResult {
  other: string | null;
  /** Every disagreement, and those shown (the rest concern words this note does not have, or were kept). */
  disagreements: number;
  shown: number;
  figures: Figures | null;
  /** The unit Cohen's kappa counts. */
  kappaUnit: string;
}
/** Executed on the server (workspace/executeCommand) with arguments `[uri, key]`. */
export const KeepMineCommand = 'casemark.agree.keepMine';

/**
 * `casemark/checkWorkspace`: analyzes every note of the workspace folders and publishes the
 * problems of the notes that are not open (kept until they change); returns the totals.
 */
export const CheckWorkspaceRequestMethod = 'casemark/checkWorkspace';
export interface CheckWorkspaceResult {
  notes: number;
  errors: number;
  warnings: number;
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
  /** Bytes; null (the default) takes `maxFileSize` from .casemark/config.json, else 10 MiB. */
  maxFileSize: number | null;
  severity: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>;
}

/** Commands the client registers; the server's code lens on `::case` uses openSummary. */
export const Commands = {
  openSummary: 'casemark.openSummary',
  openCohort: 'casemark.openCohort',
  exportNote: 'casemark.exportNote',
  exportWorkspace: 'casemark.exportWorkspace',
  insertAnnotation: 'casemark.insertAnnotation',
  restartServer: 'casemark.restartServer',
  compareWithCurator: 'casemark.compareWithCurator',
  checkWorkspace: 'casemark.checkWorkspace',
} as const;

/** Arguments of `casemark.openSummary`. */
export interface OpenSummaryArgs {
  uri: string;
  caseId?: string;
}
