// Other mentions of a name a curator has just annotated (`Annotate the 3 other occurrences of
// "tacrolimus"`): whole words, compared as the lexicon compares names (any case, hyphens
// and spaces ignored), outside code, HTML, links and directives. Works for names the
// lexicon does not know too, where suggestions cannot help.
import type { Lexicon } from '../lexicon/lexicon.ts';
import { normalizeName } from '../lexicon/normalizeName.ts';
import { LineIndex } from '../parse/lines.ts';
import { maskNote } from './mask.ts';
import { suggestAnnotations, type Suggestion } from './suggest.ts';

/**
 * Unannotated mentions of `label` as a drug: the lexicon's suggestions for the same entry when it
 * knows the name (so `MMF` finds `mycophenolate mofetil`), plus every spelling of the name itself.
 */
export function drugOccurrences(note: string, label: string, lexicon: Lexicon, suggestions?: readonly Suggestion[]): Suggestion[] {
  const entry = lexicon.findDrug(label);
  const out: Suggestion[] = entry
    ? (suggestions ?? suggestAnnotations(note, lexicon)).filter((s) => s.kind === 'drug' && s.key === entry.key)
    : [];
  const folded = normalizeName(label);
  if (!folded) return out;
  const { text } = maskNote(note);
  const chars = [...folded].map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${chars.join('[\\s_\\p{Pd}\\u2212®™]*')}(?![\\p{L}\\p{N}])`, 'giu');
  const lines = new LineIndex(note);
  for (const m of text.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (out.some((s) => s.start < end && start < s.end)) continue;
    out.push({ kind: 'drug', start, end, text: note.slice(start, end), range: lines.range(start, end), ...(entry ? { key: entry.key } : {}) });
  }
  return out.sort((a, b) => a.start - b.start);
}
