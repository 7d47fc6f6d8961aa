// Shared helpers for the core tests: analyse a note with the built-in lexicon and look up
// annotations by their text.
import { analyzeDocument, Lexicon, ParseCache, type Annotation, type DocumentAnalysis } from '../../server/src/core/index.ts';
import type { CaseMarkConfig } from '../../server/src/core/diagnostics/config.ts';

export const lexicon = Lexicon.builtin();

export function analyse(text: string, options: { uri?: string; config?: CaseMarkConfig; cache?: ParseCache } = {}): DocumentAnalysis {
  return analyzeDocument(text, { uri: options.uri ?? 'file:///notes/note.md', lexicon, config: options.config, cache: options.cache });
}

/** The annotations whose label is `text` (in document order). */
export function find(a: DocumentAnalysis, text: string): Annotation[] {
  return a.annotations.filter((x) => x.text === text);
}

export function one(a: DocumentAnalysis, text: string, nth = 0): Annotation {
  const found = find(a, text);
  if (!found[nth]) throw new Error(`no annotation "${text}" #${nth} in ${a.annotations.map((x) => x.text).join(' | ')}`);
  return found[nth];
}

export function codes(a: DocumentAnalysis): string[] {
  return a.diagnostics.map((d) => d.code);
}

/** The spec's section 7 example, verbatim. */
export const SPEC_EXAMPLE = `---
title: BCMA CAR T cells in a patient with relapsing idiopathic inflammatory myositis
doi: 10.1038/s41591-025-03718-3
journal: Nat Med
year: 2025
---

::case[Jo-1 anti-synthetase syndrome, relapse after CD19 CAR T]{#mueller-2025-p1 age=45 sex=F dx="anti-Jo-1 anti-synthetase syndrome"}

On :day[0] she received :drug[MB-CART19.1]{role=therapy} at :dose[1.0 × 10^6 cells/kg].
CK normalized by :day[month 3] (:lab[CK 95 U/L]) and she stayed drug-free until relapse
at :day[month 9] with :lab[CK 2,400 U/L]{uln=170}.

A second infusion of :drug[MB-CART19.1] at :dose[1.3 × 10^6 cells/kg] on :day[month 12]
did not expand.

### Daratumumab bridging :day[month 13]
Nine doses of :drug[daratumumab]{role=bridging} :dose[1800 mg]{route=sc} with
:drug[dexamethasone]{role=premedication} :dose[20 mg].

### BCMA CAR T :day[month 20]{#bcma}
:drug[idecabtagene vicleucel] :dose[6 × 10^6 cells/kg]; grade 1 CRS on :day[3]{from=bcma},
treated with :drug[tocilizumab]; CAR T cells detectable until :day[62]{from=bcma}.
`;

/** A deterministic pseudo-random generator for the randomized tests (the benchmarks' own). */
export { prng as random } from '../../bench/generate.ts';
