// The formats written into a folder (`casemark export … --out DIR`): one file per note (brat
// writes two, `.txt` and `.ann`), at the note's own path under DIR with the extension
// changed. The language server answers its export request with the same list, so the editor
// and CI write the same files with the same bytes.
import type { CaseMarkExport, ExportFormat } from './types.ts';
import { toBioc } from './bioc.ts';
import { toBiocXml } from './biocXml.ts';
import { BRAT_CONF, toBratAnn } from './brat.ts';
import { plainNote } from './plainText.ts';

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

export function exportFiles(exp: CaseMarkExport, format: ExportFormat, texts: Map<string, string>): ExportFile[] {
  const files: ExportFile[] = [];
  for (const doc of exp.documents) {
    const base = outputBase(doc.path);
    const one: CaseMarkExport = { ...exp, documents: [doc] };
    if (format === 'bioc') files.push({ path: `${base}.bioc.json`, content: JSON.stringify(toBioc(one, texts), null, 2) + '\n' });
    else if (format === 'bioc-xml') files.push({ path: `${base}.bioc.xml`, content: toBiocXml(toBioc(one, texts)) });
    else if (format === 'brat') {
      const plain = plainNote(texts.get(doc.path) ?? '', doc);
      files.push({ path: `${base}.txt`, content: plain.text }, { path: `${base}.ann`, content: toBratAnn(plain) });
    }
  }
  if (format === 'brat') files.push({ path: 'annotation.conf', content: BRAT_CONF });
  return files;
}
