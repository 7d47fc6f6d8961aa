// Rename of anchors (the `#name` and every `from=name` of its case) and of case ids.
import { ResponseError, ErrorCodes, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../core/index.ts';
import { anchorAt, anchorOccurrences } from './navigation.ts';
import { rangeContains } from './positions.ts';

const ANCHOR_NAME = /^[A-Za-z_][\w-]*$/;
const CASE_ID = /^[A-Za-z0-9_][\w.-]*$/;

type Target = { kind: 'anchor'; range: Range; name: string } | { kind: 'case'; range: Range; name: string };

function targetAt(doc: TextDocument, analysis: DocumentAnalysis, pos: Position): Target | undefined {
  for (const c of analysis.cases) {
    if (c.idRange && rangeContains(c.idRange, pos)) return { kind: 'case', range: c.idRange, name: doc.getText(c.idRange) };
  }
  const anchor = anchorAt(doc, analysis, pos);
  if (anchor) return { kind: 'anchor', range: anchor.range, name: anchor.name };
  return undefined;
}

export function providePrepareRename(doc: TextDocument, analysis: DocumentAnalysis, pos: Position): { range: Range; placeholder: string } | null {
  const t = targetAt(doc, analysis, pos);
  return t ? { range: t.range, placeholder: t.name } : null;
}

export function provideRename(doc: TextDocument, analysis: DocumentAnalysis, pos: Position, newName: string): WorkspaceEdit | null {
  const t = targetAt(doc, analysis, pos);
  if (!t) return null;
  const name = newName.trim().replace(/^#/, '');
  if (t.kind === 'case') {
    if (!CASE_ID.test(name)) throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid case id (letters, digits, -, _ and .).`);
    return { changes: { [doc.uri]: [{ range: t.range, newText: name }] } };
  }
  if (!ANCHOR_NAME.test(name)) throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid anchor name (a letter, then letters, digits, - and _).`);
  const anchor = anchorAt(doc, analysis, pos)!;
  const edits: TextEdit[] = anchorOccurrences(doc, analysis, anchor).map((o) => ({ range: o.range, newText: name }));
  return { changes: { [doc.uri]: edits } };
}
