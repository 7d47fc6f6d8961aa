// The public surface of the CaseMark core: pure functions over text, no editor, no I/O
// beyond what callers pass in. The language server and the CLI both stand on this.
export * from './model.ts';
export { CODES, type Code } from './diagnostics/codes.ts';
export { analyzeDocument, ParseCache, type AnalyzeOptions } from './analyze.ts';
export { Lexicon } from './lexicon/lexicon.ts';
export { parseLexiconFile } from './lexicon/load.ts';
export { parseConfig, type CaseMarkConfig } from './diagnostics/config.ts';
export { DEFAULT_MAX_FILE_SIZE, tooLargeDiagnostics, tooLargeMessage } from './diagnostics/noteSize.ts';
export { crossFileDiagnostics, type CaseIndexEntry } from './workspace.ts';
export { buildExport, exportPieces, formatExport, toExportDocument, countAnnotations, addDiagnostics, exportOf } from './export/export.ts';
export * from './export/types.ts';
export { doseDrugNames } from './export/drugNames.ts';
export { compareNotes, KAPPA_CATEGORIES, KAPPA_UNIT, type Agreement, type AgreementNote, type CompareOptions, type Disagreement, type DisagreementType, type Side } from './agree/compare.ts';
export { pooledFigures, type Counts, type Figures, type KindFigures } from './agree/figures.ts';
export { pairNotes, differentPapers, type NoteIdentity, type NotePair, type Pairing, type PairedBy } from './agree/pair.ts';
export { takeTheirs } from './agree/resolve.ts';
export { exportFiles, exportFileStreams, FOLDER_FORMATS, type ExportFile, type ExportFileStream } from './export/files.ts';
export { chunked } from './export/jsonStream.ts';
