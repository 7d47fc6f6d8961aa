// Diagnostics that need more than one file: case ids are unique across the workspace.
import type { Case, Diagnostic, DocumentAnalysis, Range } from './model.ts';
import { CODES } from './diagnostics/codes.ts';
import { oneLine } from './diagnostics/oneLine.ts';
import type { CaseMarkConfig } from './diagnostics/config.ts';
import { applyDisableComments, applySeverities } from './diagnostics/suppress.ts';

/** `duplicate-case-id` for every case whose id another case of the workspace also uses, by uri. */
/** The parts of an analysis that cross-file checks read (what a worker or the index keeps). */
export type CaseIndexEntry = Pick<DocumentAnalysis, 'uri' | 'path' | 'suppressions'> & { cases: Pick<Case, 'id' | 'idRange' | 'headerRange'>[] };

export function crossFileDiagnostics(analyses: Iterable<CaseIndexEntry>, config?: CaseMarkConfig): Map<string, Diagnostic[]> {
  const byId = new Map<string, { uri: string; path: string; range: Range }[]>();
  const byUri = new Map<string, CaseIndexEntry>();
  for (const a of analyses) {
    byUri.set(a.uri, a);
    for (const c of a.cases) {
      let list = byId.get(c.id);
      if (!list) byId.set(c.id, (list = []));
      list.push({ uri: a.uri, path: a.path, range: c.idRange ?? c.headerRange });
    }
  }
  const out = new Map<string, Diagnostic[]>();
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    for (const here of list) {
      const others = list.filter((o) => o !== here).map((o) => `${o.path}:${o.range.start.line + 1}`);
      const d: Diagnostic = {
        range: here.range,
        severity: CODES['duplicate-case-id'].severity,
        code: 'duplicate-case-id',
        message: oneLine(`Case id "${id}" is also used at ${others.slice(0, 3).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}; case ids must be unique across the workspace.`),
      };
      let ds = out.get(here.uri);
      if (!ds) out.set(here.uri, (ds = []));
      ds.push(d);
    }
  }
  for (const [uri, ds] of out) {
    const kept = applySeverities(applyDisableComments(ds, byUri.get(uri)?.suppressions ?? []), config?.severity ?? {});
    if (kept.length) out.set(uri, kept);
    else out.delete(uri);
  }
  return out;
}
