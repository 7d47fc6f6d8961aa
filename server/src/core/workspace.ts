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
      // Only the first three others are named: thousands of copies of one id stay linear.
      const named: string[] = [];
      for (let k = 0; k < list.length && named.length < 3; k++) if (list[k] !== here) named.push(`${list[k].path}:${list[k].range.start.line + 1}`);
      const more = list.length - 1 - named.length;
      const d: Diagnostic = {
        range: here.range,
        severity: CODES['duplicate-case-id'].severity,
        code: 'duplicate-case-id',
        message: oneLine(`Case id "${id}" is also used at ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}; case ids must be unique across the workspace.`),
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
