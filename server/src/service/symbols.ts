// Document symbols (each case, then its annotations grouped by kind) and workspace symbols
// (the cases of every indexed note).
import { SymbolKind, type CancellationToken, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import type { Annotation, AnnotationKind, DocumentAnalysis, Range } from '../core/index.ts';
import { caseWithRanges, type FileSummary } from '../workspace/summary.ts';

const GROUPS: { kind: AnnotationKind; title: string; symbol: SymbolKind }[] = [
  { kind: 'drug', title: 'Drugs', symbol: SymbolKind.Object },
  { kind: 'dose', title: 'Doses', symbol: SymbolKind.Number },
  { kind: 'day', title: 'Days', symbol: SymbolKind.Event },
  { kind: 'lab', title: 'Labs', symbol: SymbolKind.Number },
];

function detail(a: Annotation): string {
  if (a.day === null) return a.kind === 'day' ? '' : 'undated';
  return `day ${a.day}${a.dayEnd !== null && a.dayEnd !== a.day ? `–${a.dayEnd}` : ''}`;
}

function cover(ranges: Range[]): Range {
  return { start: ranges[0].start, end: ranges[ranges.length - 1].end };
}

function groups(annotations: Annotation[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const g of GROUPS) {
    const list = annotations.filter((a) => a.kind === g.kind);
    if (!list.length) continue;
    const range = cover(list.map((a) => a.range));
    out.push({
      name: g.title,
      kind: SymbolKind.Namespace,
      detail: String(list.length),
      range,
      selectionRange: list[0].range,
      children: list.map((a) => ({ name: a.text.trim() || `:${a.kind}[]`, kind: g.symbol, detail: detail(a), range: a.range, selectionRange: a.labelRange })),
    });
  }
  return out;
}

export function provideDocumentSymbols(analysis: DocumentAnalysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  if (analysis.unassigned.length) {
    const range = cover(analysis.unassigned.map((a) => a.range));
    out.push({ name: 'Outside any case', kind: SymbolKind.Namespace, range, selectionRange: analysis.unassigned[0].range, children: groups(analysis.unassigned) });
  }
  for (const c of analysis.cases) {
    out.push({
      name: c.id,
      kind: SymbolKind.Module,
      detail: c.title,
      range: c.range,
      selectionRange: c.idRange ?? c.headerRange,
      children: groups(c.annotations),
    });
  }
  return out;
}

/** Case-insensitive subsequence match, as editors filter workspace symbols. */
function matches(query: string, text: string): boolean {
  if (!query) return true;
  let i = 0;
  const t = text.toLowerCase();
  for (const ch of query.toLowerCase()) {
    i = t.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

const LIMIT = 5000;

export function provideWorkspaceSymbols(summaries: Iterable<FileSummary>, query: string, token?: CancellationToken): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of summaries) {
    if (token?.isCancellationRequested || out.length >= LIMIT) break;
    s.cases.forEach((c, i) => {
      if (!matches(query, c.id) && !matches(query, c.title)) return;
      const r = caseWithRanges(s, i);
      out.push({ name: c.id, kind: SymbolKind.Module, containerName: c.title ? `${c.title} — ${s.path}` : s.path, location: { uri: s.uri, range: r.idRange ?? r.headerRange } });
    });
  }
  return out;
}
