// Inlay hints: the resolved day after each dated drug, dose and lab (` d274`, `≈ d274` when
// the :day that dated it has month precision), so the dating rule is visible as you type;
// `undated` after a fact no :day dates (spec section 3, rule 5), so a gap shows where it is.
import { InlayHintKind, MarkupKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../core/index.ts';
import { annotationsIn, dayAnnotationStartingAt } from './positions.ts';

export function provideInlayHints(analysis: DocumentAnalysis, range: Range): InlayHint[] {
  const out: InlayHint[] = [];
  for (const a of annotationsIn(analysis, range)) {
    if (a.kind === 'day') continue;
    // What happened, where it is not the default: a not-given drug must not read as given.
    const status = a.status && a.status !== 'given' ? a.status.replace('-', ' ') : '';
    if (a.day === null) {
      out.push({
        position: a.range.end,
        label: `undated${status ? ` · ${status}` : ''}`,
        kind: InlayHintKind.Parameter,
        paddingLeft: true,
        tooltip: { kind: MarkupKind.Markdown, value: 'No `:day` dates this fact: none in its clause, sentence or block, and no heading above it in its case has one. Add a `:day` or `{day=…}` to date it.' },
      });
      continue;
    }
    const by = a.datedBy;
    const source = by ? dayAnnotationStartingAt(analysis, by.range.start) : undefined;
    const precise = !source?.normalized || !('precision' in source.normalized) || source.normalized.precision === 'day';
    const end = a.dayEnd !== null && a.dayEnd !== a.day ? `–${a.dayEnd}` : '';
    out.push({
      position: a.range.end,
      label: `${precise ? '' : '≈ '}d${a.day}${end}${status ? ` · ${status}` : ''}`,
      kind: InlayHintKind.Parameter,
      paddingLeft: true,
      tooltip: by
        ? { kind: MarkupKind.Markdown, value: by.rule === 'attribute' ? `Dated by \`day=${by.text}\`` : `Dated by \`:day[${by.text}]\` on line ${by.range.start.line + 1} (${by.rule})` }
        : undefined,
    });
  }
  return out;
}
