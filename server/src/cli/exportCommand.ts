// `casemark export`: the export streamed to standard output, a file, or (bioc, bioc-xml, brat) a
// folder; then one line on standard error counting the notes' errors and warnings. The export
// is written all the same; `--strict` makes errors fail the run (exit 1).
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { chunked, EXPORT_FORMATS, exportFileStreams, exportOf, exportPieces, FOLDER_FORMATS, type ExportDocument, type ExportFormat } from '../core/index.ts';
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

function cannotWrite(path: string, e: unknown): UsageError {
  return new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
}

/** Streams pieces into a file, a chunk at a time, waiting whenever the disk is behind. */
async function writeFile(path: string, pieces: Iterable<string>): Promise<void> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    await pipeline(Readable.from(chunked(pieces)), createWriteStream(path));
  } catch (e) {
    throw cannotWrite(path, e);
  }
}

/** Streams pieces to standard output, waiting for the reader (`| head`, a slow pipe) when it is behind. */
async function writeStdout(pieces: Iterable<string>): Promise<void> {
  for (const chunk of chunked(pieces)) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
}

/** Writes the export where asked, streaming it: no export is ever held as one string. */
export async function writeExport(documents: ExportDocument[], format: ExportFormat, texts: Map<string, string>, out: string | undefined): Promise<void> {
  const exp = exportOf(documents);
  if (out && FOLDER_FORMATS.includes(format)) {
    let isFile = false;
    try {
      isFile = !statSync(out).isDirectory();
    } catch {
      // Not there yet: created below.
    }
    if (isFile) throw new UsageError(`--out ${out} is a file; ${format} is written into a folder`);
    for (const f of exportFileStreams(exp, format, texts)) await writeFile(join(out, ...f.path.split('/')), f.pieces);
    return;
  }
  // The BioC DTD requires a document in a collection: none is an error, not an invalid file.
  if ((format === 'bioc' || format === 'bioc-xml') && !exp.documents.length) throw new UsageError('no notes to export: a BioC collection needs at least one document');
  const pieces = exportPieces(exp, format, texts);
  if (out) await writeFile(out, pieces);
  else await writeStdout(pieces);
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
