// "Add to the workspace lexicon" on `unknown-drug` and `unknown-lab` (spec section 9): a
// workspace edit made by the server, so it works in every LSP editor, that creates
// `.casemark/lexicon.json` (CreateFile, then the text) or appends the entry to it. The
// server watches that file: once the editor has written it, the lexicon reloads and the
// warning clears.
import { CodeActionKind, type CodeAction, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, DocumentAnalysis, Lexicon } from '../core/index.ts';
import { newDrugEntry, newLabEntry, withEntry } from '../core/lexicon/addEntry.ts';
import { toLspDiagnostic } from './diagnostics.ts';
import { annotationAt, annotationsIn, rangesOverlap } from './positions.ts';

/** The workspace lexicon file of a note's folder: its uri, and its text (null when it does not exist yet). */
export interface WorkspaceLexiconFile {
  uri: string;
  text: string | null;
}

export function provideLexiconActions(
  analysis: DocumentAnalysis,
  diagnostics: readonly Diagnostic[],
  range: Range,
  lexicon: Lexicon,
  lexiconFile: () => WorkspaceLexiconFile | undefined,
  canCreateFiles: boolean,
): CodeAction[] {
  const out: CodeAction[] = [];
  let file: WorkspaceLexiconFile | undefined | null = null; // read from disk once, and only when needed
  const seen = new Set<string>();
  // A cursor anywhere on the directive reaches its label's diagnostic.
  const touched = annotationsIn(analysis, range);
  const near = (r: Range): boolean => rangesOverlap(r, range) || touched.some((a) => rangesOverlap(r, a.range));
  for (const d of diagnostics) {
    if ((d.code !== 'unknown-drug' && d.code !== 'unknown-lab') || !near(d.range)) continue;
    const a = annotationAt(analysis, d.range.start);
    if (!a || (a.kind !== 'drug' && a.kind !== 'lab')) continue;
    // id= naming a key that does not exist: the curator meant a lexicon entry, not a new name.
    if (a.kind === 'drug' && a.attributes.id) continue;
    if (file === null) file = lexiconFile();
    if (!file || (file.text === null && !canCreateFiles)) return out;
    const add = a.kind === 'drug' ? newDrugEntry(a.text, lexicon) : a.attributes.test ? newLabEntry(a.attributes.test, lexicon) : newLabEntry(a.text, lexicon);
    if (!add || seen.has(add.entry.key)) continue;
    seen.add(add.entry.key);
    const text = withEntry(file.text, add);
    if (text === null) continue;
    out.push({
      title: `Add "${add.entry.name}" to the workspace lexicon (.casemark/lexicon.json)`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toLspDiagnostic(d)],
      edit: fileEdit(file, text),
    });
  }
  return out;
}

function fileEdit(file: WorkspaceLexiconFile, text: string): WorkspaceEdit {
  if (file.text === null) {
    return {
      documentChanges: [
        { kind: 'create', uri: file.uri, options: { ignoreIfExists: true } },
        { textDocument: { uri: file.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
      ],
    };
  }
  const doc = TextDocument.create(file.uri, 'json', 0, file.text);
  return { changes: { [file.uri]: [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(file.text.length) }, newText: text }] } };
}
