// What the workspace index keeps of each note: its cases (workspace symbols, cross-file
// duplicate ids) and the normalized keys of its drugs and labs with their ranges
// (references). Full analyses of 10,000 notes would not fit in memory; this does, and it is
// what the content cache stores on disk. Plain data so it crosses worker and JSON borders.
import type { Case, CaseIndexEntry, DocumentAnalysis, Range, Suppression } from '../core/index.ts';
import type { ScanResult } from '../core/scan.ts';

/** A case as the index keeps it; its ranges are packed in FileSummary.caseRanges. */
export interface CaseSummary {
  id: string;
  title: string;
  implicit: boolean;
}

/** A case with its ranges unpacked (workspace symbols, cross-file diagnostics). */
export interface CaseWithRanges extends CaseSummary {
  headerRange: Range;
  range: Range;
  idRange: Range | null;
}

const CASE_STRIDE = 12;

export interface FileSummary {
  uri: string;
  path: string;
  cases: CaseSummary[];
  /** Twelve numbers per case: header range, case range, id range (all -1 when there is none). */
  caseRanges: number[] | Int32Array;
  /** Normalized drug/lab keys, one per reference, prefixed `drug:` or `lab:`. */
  refKeys: string[];
  /** Four numbers per reference: start line, start character, end line, end character
   * (an Int32Array once in the index: half the memory of a number array). */
  refRanges: number[] | Int32Array;
  /** Disable comments, so cross-file diagnostics honour them for notes that are not open. */
  suppressions: Suppression[];
  /** Set when the note was over the size limit and not analyzed. */
  tooLarge?: boolean;
}

/** The key references are found by: a drug's lexicon key, or a dose's drug, or a lab's key. */
export function referenceKey(a: DocumentAnalysis['annotations'][number]): string | null {
  const n = a.normalized as Record<string, unknown> | null;
  if (!n) return null;
  if (a.kind === 'drug' && typeof n.key === 'string') return `drug:${n.key}`;
  if (a.kind === 'lab' && typeof n.key === 'string') return `lab:${n.key}`;
  return null;
}

function pushRange(out: number[], r: Range | null): void {
  if (r) out.push(r.start.line, r.start.character, r.end.line, r.end.character);
  else out.push(-1, -1, -1, -1);
}

function readRange(a: ArrayLike<number>, i: number): Range | null {
  return a[i] < 0 ? null : { start: { line: a[i], character: a[i + 1] }, end: { line: a[i + 2], character: a[i + 3] } };
}

export function caseWithRanges(summary: FileSummary, i: number): CaseWithRanges {
  const at = CASE_STRIDE * i;
  const r = summary.caseRanges;
  return { ...summary.cases[i], headerRange: readRange(r, at)!, range: readRange(r, at + 4)!, idRange: readRange(r, at + 8) };
}

function summarizeCases(cases: Pick<Case, 'id' | 'title' | 'implicit' | 'headerRange' | 'range' | 'idRange'>[]): { cases: CaseSummary[]; caseRanges: number[] } {
  const caseRanges: number[] = [];
  for (const c of cases) {
    pushRange(caseRanges, c.headerRange);
    pushRange(caseRanges, c.range);
    pushRange(caseRanges, c.idRange);
  }
  return { cases: cases.map((c) => ({ id: c.id, title: c.title, implicit: c.implicit })), caseRanges };
}

export function summarize(analysis: DocumentAnalysis): FileSummary {
  const refKeys: string[] = [];
  const refRanges: number[] = [];
  for (const a of analysis.annotations) {
    const key = referenceKey(a);
    if (!key) continue;
    refKeys.push(key);
    refRanges.push(a.range.start.line, a.range.start.character, a.range.end.line, a.range.end.character);
  }
  return { uri: analysis.uri, path: analysis.path, ...summarizeCases(analysis.cases), refKeys, refRanges, suppressions: analysis.suppressions };
}

/** The summary of a note from the fast index scan (the same fields summarize() gives). */
export function summarizeScan(uri: string, path: string, scan: ScanResult): FileSummary {
  const refRanges: number[] = [];
  for (const r of scan.refs) refRanges.push(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character);
  return { uri, path, ...summarizeCases(scan.cases), refKeys: scan.refs.map((r) => r.key), refRanges, suppressions: scan.suppressions };
}

export function tooLargeSummary(uri: string, path: string): FileSummary {
  return { uri, path, cases: [], caseRanges: [], refKeys: [], refRanges: [], suppressions: [], tooLarge: true };
}

const interned = new Map<string, string>();

/**
 * The form the index keeps: keys shared between notes (10,000 notes name the same few
 * drugs and labs), ranges packed. Summaries arrive from workers and from the cache as fresh copies.
 */
export function compact(summary: FileSummary): FileSummary {
  const keys = summary.refKeys.map((k) => {
    let v = interned.get(k);
    if (v === undefined) interned.set(k, (v = k));
    return v;
  });
  const pack = (a: number[] | Int32Array) => (a instanceof Int32Array ? a : Int32Array.from(a));
  return { ...summary, refKeys: keys, refRanges: pack(summary.refRanges), caseRanges: pack(summary.caseRanges) };
}

export function refRange(summary: FileSummary, i: number): Range {
  const r = summary.refRanges;
  return { start: { line: r[4 * i], character: r[4 * i + 1] }, end: { line: r[4 * i + 2], character: r[4 * i + 3] } };
}

/** What crossFileDiagnostics reads, from a summary (the index keeps summaries, not analyses). */
export function caseIndexEntry(summary: FileSummary): CaseIndexEntry {
  return { uri: summary.uri, path: summary.path, cases: summary.cases.map((_, i) => caseWithRanges(summary, i)), suppressions: summary.suppressions ?? [] };
}
