// Core diagnostics to LSP diagnostics. The core already applied disable comments and the
// severities of config.json merged with `casemark.severity`; this only changes the shape.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../core/index.ts';
import { oneLine } from '../core/diagnostics/oneLine.ts';

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return { range: d.range, severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error, code: d.code, source: 'casemark', message: oneLine(d.message) };
}

export function toLspDiagnostics(ds: readonly Diagnostic[]): LspDiagnostic[] {
  return ds.map(toLspDiagnostic);
}

/** Same diagnostic (as the client echoes it back in a code action request)? */
export function sameDiagnostic(a: LspDiagnostic, b: Diagnostic): boolean {
  return (
    String(a.code) === b.code &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}
