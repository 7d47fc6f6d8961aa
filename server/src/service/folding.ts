// Folding ranges: one per explicit case, from its `::case` line to its last line.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../core/index.ts';

export function provideFoldingRanges(analysis: DocumentAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const c of analysis.cases) {
    if (c.implicit) continue;
    const start = c.headerRange.start.line;
    // A case that ends at the start of the next `::case` line ends on the line before it.
    const end = c.range.end.character === 0 ? c.range.end.line - 1 : c.range.end.line;
    if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Region, collapsedText: `::case ${c.id}` });
  }
  return out;
}
