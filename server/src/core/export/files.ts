// The formats written into a folder (`casemark export … --out DIR`): one file per note (brat
// writes two, `.txt` and `.ann`), at the note's own path under DIR with the extension
// changed. The language server answers its export request with the same list, so the editor
// and CI write the same files with the same bytes; the CLI streams each file's pieces.
import type { CaseMarkExport, ExportFormat } from './types.ts';
import { biocCollection } from './bioc.ts';
import { biocXmlPieces } from './biocXml.ts';
import { BRAT_CONF, bratAnnPieces } from './brat.ts';
import { plainNote } from './plainText.ts';
import { jsonDocument, joinPieces } from './jsonStream.ts';

export interface ExportFile {
  /** Relative path inside the output folder, forward slashes. */
  path: string;
  content: string;
}

/** Formats whose `--out` is a folder. */
export const FOLDER_FORMATS: readonly ExportFormat[] = ['bioc', 'bioc-xml', 'brat'];

/** A note path made safe to join under the output folder: no root, no `..`, no drive. */
export function outputBase(path: string): string {
  const parts = path
    .replace(/\\/g, '/')
    .replace(/^[A-Za-z]:/, '')
    .split('/')
    .filter((p) => p && p !== '.')
    .map((p) => (p === '..' ? '_' : p));
  const base = (parts.join('/') || 'note').replace(/\.(md|markdown)$/i, '');
  return base || 'note';
}

/** A file of a folder export, its content as pieces to stream (made while they are read). */
export interface ExportFileStream {
  path: string;
  pieces: Iterable<string>;
}

/** The files of a folder export, one note at a time: the CLI writes each before making the next. */
export function* exportFileStreams(exp: CaseMarkExport, format: ExportFormat, texts: Map<string, string>): Generator<ExportFileStream> {
  for (const doc of exp.documents) {
    const base = outputBase(doc.path);
    const one: CaseMarkExport = { ...exp, documents: [doc] };
    if (format === 'bioc') yield { path: `${base}.bioc.json`, pieces: jsonDocument(biocCollection(one, texts)) };
    else if (format === 'bioc-xml') yield { path: `${base}.bioc.xml`, pieces: biocXmlPieces(biocCollection(one, texts)) };
    else if (format === 'brat') {
      const plain = plainNote(texts.get(doc.path) ?? '', doc);
      yield { path: `${base}.txt`, pieces: [plain.text] };
      yield { path: `${base}.ann`, pieces: bratAnnPieces(plain) };
    }
  }
  if (format === 'brat') yield { path: 'annotation.conf', pieces: [BRAT_CONF] };
}

/** The same files with their content as strings (the language server's answer). */
export function exportFiles(exp: CaseMarkExport, format: ExportFormat, texts: Map<string, string>): ExportFile[] {
  return Array.from(exportFileStreams(exp, format, texts), (f) => ({ path: f.path, content: joinPieces(f.pieces) }));
}

