// `casemark export`: the export to standard output, a file, or (bioc, bioc-xml, brat) a folder;
// then one line on standard error counting the notes' errors and warnings. The export is
// written all the same; `--strict` makes errors fail the run (exit 1).
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXPORT_FORMATS, exportFiles, exportOf, FOLDER_FORMATS, formatExport, type ExportDocument, type ExportFormat } from '../core/index.ts';
import { UsageError } from './files.ts';

export interface ExportRun {
  format: string | undefined;
  out: string | undefined;
  strict: boolean;
}

/** Formats that quote the note and so need its text kept after the analysis. */
export const NEEDS_TEXT: readonly ExportFormat[] = ['w3c', 'bioc', 'bioc-xml', 'brat'];

export function checkFormat(run: ExportRun): ExportFormat {
  const format = run.format;
  if (!format) throw new UsageError(`export needs --format (${EXPORT_FORMATS.join(', ')})`);
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new UsageError(`unknown format "${format}" (expected ${EXPORT_FORMATS.join(', ')})`);
  if (format === 'brat' && !run.out) throw new UsageError('brat is written into a folder: give --out DIR');
  return format as ExportFormat;
}

function write(path: string, content: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Writes the export where asked. */
export function writeExport(documents: ExportDocument[], format: ExportFormat, texts: Map<string, string>, out: string | undefined): void {
  const exp = exportOf(documents);
  if (out && FOLDER_FORMATS.includes(format)) {
    let isFile = false;
    try {
      isFile = !statSync(out).isDirectory();
    } catch {
      // Not there yet: created below.
    }
    if (isFile) throw new UsageError(`--out ${out} is a file; ${format} is written into a folder`);
    for (const f of exportFiles(exp, format, texts)) write(join(out, ...f.path.split('/')), f.content);
    return;
  }
  // The BioC DTD requires a document in a collection: none is an error, not an invalid file.
  if ((format === 'bioc' || format === 'bioc-xml') && !exp.documents.length) throw new UsageError('no notes to export: a BioC collection needs at least one document');
  const content = formatExport(exp, format, texts);
  if (out) write(out, content);
  else process.stdout.write(content);
}

/** The one-line problem count of an export, e.g. `3 notes exported: 1 error, 2 warnings.` */
export function problemLine(documents: ExportDocument[], projectErrors: number): { line: string; errors: number } {
  let errors = projectErrors;
  let warnings = 0;
  for (const d of documents) {
    for (const diag of d.diagnostics) {
      if (diag.severity === 'error') errors++;
      else if (diag.severity === 'warning') warnings++;
    }
  }
  const n = documents.length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return { line: `${plural(n, 'note')} exported: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${errors + warnings ? ' (casemark check lists them)' : ''}.`, errors };
}
