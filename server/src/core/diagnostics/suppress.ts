// Silencing false positives, markdownlint style: `<!-- casemark-disable-next-line code -->`,
// `casemark-disable-line`, `casemark-disable` / `casemark-enable` regions and
// `casemark-disable-file`; no codes means every code. Then `.casemark/config.json` and the
// editor's `casemark.severity` override or switch off codes.
import type { Diagnostic, Severity, Suppression as RawComment } from '../model.ts';

function matches(comment: RawComment, code: string): boolean {
  return comment.codes.length === 0 || comment.codes.includes(code);
}

function before(a: RawComment, d: Diagnostic): boolean {
  const p = a.range.end;
  const q = d.range.start;
  return p.line < q.line || (p.line === q.line && p.character <= q.character);
}

/** Removes diagnostics silenced by disable comments (comments in document order). */
export function applyDisableComments(diagnostics: Diagnostic[], comments: RawComment[]): Diagnostic[] {
  if (!comments.length) return diagnostics;
  return diagnostics.filter((d) => {
    let disabled = false;
    for (const c of comments) {
      switch (c.directive) {
        case 'disable-file':
          if (matches(c, d.code)) return false;
          break;
        case 'disable-line':
          if (c.range.start.line <= d.range.start.line && d.range.start.line <= c.range.end.line && matches(c, d.code)) return false;
          break;
        case 'disable-next-line':
          if (c.range.end.line + 1 === d.range.start.line && matches(c, d.code)) return false;
          break;
        case 'disable':
          if (before(c, d) && matches(c, d.code)) disabled = true;
          break;
        case 'enable':
          if (before(c, d) && matches(c, d.code)) disabled = false;
          break;
      }
    }
    return !disabled;
  });
}

/** Applies per-code severity overrides; `off` drops the code. */
export function applySeverities(diagnostics: Diagnostic[], severity: Record<string, Severity | 'off'>): Diagnostic[] {
  if (!Object.keys(severity).length) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const s = severity[d.code];
    if (s === 'off') continue;
    out.push(s ? { ...d, severity: s } : d);
  }
  return out;
}
