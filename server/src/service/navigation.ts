// Go to definition (from `from=name` to the anchor's :day) and references (a drug or lab
// across the workspace by normalized key, so `MMF` finds `mycophenolate mofetil`; an
// anchor's definition and uses within its case).
import type { CancellationToken, Location, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Annotation, Case, DocumentAnalysis, Range } from '../core/index.ts';
import { refRange, type FileSummary } from '../workspace/summary.ts';
import { annotationAt, attributeLocations, caseById, rangeContains } from './positions.ts';

export interface AnchorAtCursor {
  name: string;
  /** Range of the name under the cursor. */
  range: Range;
  case: Case | undefined;
  annotation: Annotation;
}

/** The anchor named under the cursor: a `#name` on a :day or the value of a `from=`. */
export function anchorAt(doc: TextDocument, analysis: DocumentAnalysis, pos: Position): AnchorAtCursor | undefined {
  const a = annotationAt(analysis, pos);
  if (!a) return undefined;
  for (const loc of attributeLocations(doc, a)) {
    const isAnchor = (loc.name === '#' && a.kind === 'day') || loc.name === 'from';
    if (isAnchor && rangeContains(loc.range, pos)) return { name: loc.value, range: loc.range, case: caseById(analysis, a.caseId), annotation: a };
  }
  return undefined;
}

/** Every `#name` and `from=name` of one anchor in its case, with the range of the name. */
export function anchorOccurrences(doc: TextDocument, analysis: DocumentAnalysis, anchor: AnchorAtCursor): { range: Range; definition: boolean }[] {
  const pool = anchor.case ? anchor.case.annotations : analysis.unassigned;
  const out: { range: Range; definition: boolean }[] = [];
  for (const a of pool) {
    if (!a.attributes.from && a.kind !== 'day') continue;
    for (const loc of attributeLocations(doc, a)) {
      if (loc.value !== anchor.name) continue;
      if (loc.name === 'from') out.push({ range: loc.range, definition: false });
      else if (loc.name === '#' && a.kind === 'day') out.push({ range: loc.range, definition: true });
    }
  }
  return out;
}

export function provideDefinition(doc: TextDocument, analysis: DocumentAnalysis, pos: Position): Location[] {
  const anchor = anchorAt(doc, analysis, pos);
  if (!anchor) return [];
  const defs = anchor.case?.anchors.filter((x) => x.name === anchor.name) ?? [];
  return defs.map((d) => ({ uri: doc.uri, range: d.range }));
}

/** The reference key of the annotation under the cursor (as the index stores it). */
export function referenceKeyAt(analysis: DocumentAnalysis, pos: Position): string | null {
  const a = annotationAt(analysis, pos);
  const n = a?.normalized as Record<string, unknown> | null | undefined;
  if (!a || !n) return null;
  if ((a.kind === 'drug' || a.kind === 'lab') && typeof n.key === 'string') return `${a.kind}:${n.key}`;
  if (a.kind === 'dose' && typeof n.drug === 'string') return `drug:${n.drug}`;
  return null;
}

export function provideReferences(
  doc: TextDocument,
  analysis: DocumentAnalysis,
  pos: Position,
  summaries: Iterable<FileSummary>,
  includeDeclaration: boolean,
  token?: CancellationToken,
): Location[] {
  const anchor = anchorAt(doc, analysis, pos);
  if (anchor) {
    return anchorOccurrences(doc, analysis, anchor)
      .filter((o) => includeDeclaration || !o.definition)
      .map((o) => ({ uri: doc.uri, range: o.range }));
  }
  const key = referenceKeyAt(analysis, pos);
  if (!key) return [];
  const out: Location[] = [];
  for (const s of summaries) {
    if (token?.isCancellationRequested) break;
    for (let i = 0; i < s.refKeys.length; i++) if (s.refKeys[i] === key) out.push({ uri: s.uri, range: refRange(s, i) });
  }
  return out;
}
