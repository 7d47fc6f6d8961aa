// Code lens "Open summary" on each case: the client opens its summary panel for that case.
import type { CodeLens } from 'vscode-languageserver';
import type { DocumentAnalysis } from '../core/index.ts';
import { Commands, type OpenSummaryArgs } from '../../../protocol/casemark.ts';

export function provideCodeLenses(analysis: DocumentAnalysis): CodeLens[] {
  return analysis.cases.map((c) => {
    const args: OpenSummaryArgs = { uri: analysis.uri, caseId: c.id };
    const range = c.implicit ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : c.headerRange;
    return { range, command: { title: 'Open summary', command: Commands.openSummary, arguments: [args] } };
  });
}
