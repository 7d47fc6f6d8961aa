// Semantic tokens: one token type per annotation kind (and one for case ids), so every
// editor can colour drugs, doses, days and labs differently. Modifier `unresolved` marks an
// annotation the core could not normalize; `anchor` a :day that defines an anchor.
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis, Range } from '../core/index.ts';
import { annotationsIn } from './positions.ts';

export const TOKEN_TYPES = ['casemarkDrug', 'casemarkDose', 'casemarkDay', 'casemarkLab', 'casemarkCase'] as const;
export const TOKEN_MODIFIERS = ['unresolved', 'anchor'] as const;
export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE_OF = { drug: 0, dose: 1, day: 2, lab: 3 } as const;

interface Token {
  line: number;
  start: number;
  length: number;
  type: number;
  mods: number;
}

/** Split a range into one token per line (multi-line tokens are not universally supported). */
function pushRange(doc: TextDocument, out: Token[], r: Range, type: number, mods: number): void {
  for (let line = r.start.line; line <= r.end.line; line++) {
    const start = line === r.start.line ? r.start.character : 0;
    const lineEnd = line === r.end.line ? r.end.character : doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '').length;
    const length = lineEnd - start;
    if (length > 0) out.push({ line, start, length, type, mods });
  }
}

export function provideSemanticTokens(doc: TextDocument, analysis: DocumentAnalysis, range?: Range): SemanticTokens {
  const tokens: Token[] = [];
  const all = range ? annotationsIn(analysis, range) : analysis.annotations;
  const caseIds = analysis.cases.filter((c) => c.idRange && (!range || (c.idRange.start.line >= range.start.line && c.idRange.end.line <= range.end.line)));
  let ci = 0;
  for (const a of all) {
    // Case ids interleave with annotations in document order.
    while (ci < caseIds.length && caseIds[ci].idRange!.start.line <= a.range.start.line) pushRange(doc, tokens, caseIds[ci++].idRange!, 4, 0);
    let mods = a.normalized ? 0 : 1;
    if (a.kind === 'day' && a.normalized && 'anchor' in a.normalized && a.normalized.anchor) mods |= 2;
    pushRange(doc, tokens, a.range, TYPE_OF[a.kind], mods);
  }
  while (ci < caseIds.length) pushRange(doc, tokens, caseIds[ci++].idRange!, 4, 0);
  tokens.sort((x, y) => x.line - y.line || x.start - y.start);
  const data: number[] = new Array(tokens.length * 5);
  let prevLine = 0;
  let prevStart = 0;
  tokens.forEach((t, i) => {
    const dl = t.line - prevLine;
    data[5 * i] = dl;
    data[5 * i + 1] = dl === 0 ? t.start - prevStart : t.start;
    data[5 * i + 2] = t.length;
    data[5 * i + 3] = t.type;
    data[5 * i + 4] = t.mods;
    prevLine = t.line;
    prevStart = t.start;
  });
  return { data };
}
