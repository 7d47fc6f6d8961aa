// Names of the drugs a note's doses refer to by key (`{drug=…}`), read from the note's
// lexicon, so a view shows a dose's drug by name without a lexicon of its own: the summary
// panel and preview chips (sent with casemark/cases) and the HTML report.
import type { Lexicon } from '../lexicon/lexicon.ts';
import type { ExportDocument } from './types.ts';

/** Names of the drugs the document's doses refer to by key, so a client shows doses by drug name without a lexicon of its own. */
export function doseDrugNames(doc: ExportDocument, lexicon: Lexicon): Record<string, string> {
  const names: Record<string, string> = {};
  for (const a of [...doc.unassigned, ...doc.cases.flatMap((c) => c.annotations)]) {
    const key = a.kind === 'dose' ? (a.normalized as { drug?: string | null } | null)?.drug : null;
    const entry = key ? lexicon.drug(key) : undefined;
    if (key && entry) names[key] = entry.name;
  }
  return names;
}
