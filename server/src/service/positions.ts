// Position helpers every feature shares: comparing LSP positions, finding the annotation or
// case under the cursor in an analysis (binary search: a 1 MB note holds ~15,000
// annotations and hover must answer in a few milliseconds), and locating attribute values
// inside a directive's text.
import type { Annotation, Case, DocumentAnalysis, Position, Range } from '../core/index.ts';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** True when `pos` lies inside `range`, both ends included (a cursor right after `]` still hovers). */
export function rangeContains(range: Range, pos: Position): boolean {
  return comparePositions(range.start, pos) <= 0 && comparePositions(pos, range.end) <= 0;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

/** Index of the first element whose range ends at or after `pos` (elements sorted by position). */
function firstEndingAfter<T extends { range: Range }>(items: readonly T[], pos: Position): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePositions(items[mid].range.end, pos) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The annotation whose directive contains `pos`, if any. */
export function annotationAt(analysis: DocumentAnalysis, pos: Position): Annotation | undefined {
  const list = analysis.annotations;
  for (let i = firstEndingAfter(list, pos); i < list.length; i++) {
    const a = list[i];
    if (comparePositions(a.range.start, pos) > 0) break;
    if (rangeContains(a.range, pos)) return a;
  }
  return undefined;
}

/** Annotations whose ranges overlap `range`, in document order. */
export function annotationsIn(analysis: DocumentAnalysis, range: Range): Annotation[] {
  const list = analysis.annotations;
  const out: Annotation[] = [];
  for (let i = firstEndingAfter(list, range.start); i < list.length; i++) {
    const a = list[i];
    if (comparePositions(a.range.start, range.end) > 0) break;
    out.push(a);
  }
  return out;
}

/** The case whose range contains `pos` (cases are in document order and do not overlap). */
export function caseAt(analysis: DocumentAnalysis, pos: Position): Case | undefined {
  const cases = analysis.cases;
  const i = firstEndingAfter(cases, pos);
  const c = cases[i];
  return c && rangeContains(c.range, pos) ? c : undefined;
}

export function caseById(analysis: DocumentAnalysis, id: string | null): Case | undefined {
  return id === null ? undefined : analysis.cases.find((c) => c.id === id);
}

/** A day annotation that starts at `pos` (used to resolve `datedBy` ranges). */
export function dayAnnotationStartingAt(analysis: DocumentAnalysis, pos: Position): Annotation | undefined {
  const a = annotationAt(analysis, pos);
  return a && a.kind === 'day' && comparePositions(a.range.start, pos) === 0 ? a : undefined;
}

export interface AttributeValueLocation {
  name: string;
  value: string;
  /** Range of the value alone (inside quotes when quoted). */
  range: Range;
}

const ATTR_RE = /(^|[\s{])([#.]?)([A-Za-z_][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`}]+)))?/g;

/**
 * Attributes of a directive with the exact range of each value, read from the document text
 * after the label (`{#bcma from=x}`). `#name` is reported as name `#`, value `bcma`.
 */
export function attributeLocations(doc: TextDocument, annotation: { range: Range; labelRange: Range }): AttributeValueLocation[] {
  const start = doc.offsetAt(annotation.labelRange.end);
  const end = doc.offsetAt(annotation.range.end);
  const text = doc.getText().slice(start, end);
  const open = text.indexOf('{');
  if (open < 0) return [];
  return attributeLocationsInText(doc, text.slice(open), start + open);
}

export function attributeLocationsInText(doc: TextDocument, attrText: string, baseOffset: number): AttributeValueLocation[] {
  const out: AttributeValueLocation[] = [];
  ATTR_RE.lastIndex = 0;
  for (let m = ATTR_RE.exec(attrText); m; m = ATTR_RE.exec(attrText)) {
    const nameStart = m.index + m[1].length;
    if (m[2] === '#' || m[2] === '.') {
      const valueStart = nameStart + 1;
      out.push({ name: m[2], value: m[3], range: offsetsToRange(doc, baseOffset + valueStart, baseOffset + valueStart + m[3].length) });
      continue;
    }
    const value = m[4] ?? m[5] ?? m[6];
    if (value === undefined) continue;
    const whole = m[0];
    const valueIndexInWhole = m[4] !== undefined || m[5] !== undefined ? whole.lastIndexOf(value) : whole.length - value.length;
    const valueStart = m.index + valueIndexInWhole;
    out.push({ name: m[3], value, range: offsetsToRange(doc, baseOffset + valueStart, baseOffset + valueStart + value.length) });
  }
  return out;
}

export function offsetsToRange(doc: TextDocument, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/** Clamp a client position into the document (out-of-range positions must never throw). */
export function clampPosition(doc: TextDocument, pos: Position): Position {
  if (!pos || typeof pos.line !== 'number' || typeof pos.character !== 'number' || !Number.isFinite(pos.line) || !Number.isFinite(pos.character)) {
    return { line: 0, character: 0 };
  }
  return doc.positionAt(doc.offsetAt({ line: Math.max(0, Math.floor(pos.line)), character: Math.max(0, Math.floor(pos.character)) }));
}
