// Drug annotations and the attributes every annotation may carry: lexicon look-up with
// did-you-mean fixes, allowed values of role/route/sex/age, and `day=` expressions.
import { DRUG_STATUSES, type DrugNormalized, type DrugStatus } from '../model.ts';
import type { LabelProblem } from '../diagnostics/codes.ts';
import type { DrugEntry } from '../lexicon/types.ts';
import type { Lexicon } from '../lexicon/lexicon.ts';

export const ROLES = ['therapy', 'lymphodepletion', 'bridging', 'premedication', 'prophylaxis', 'rescue', 'prior', 'concomitant'];
export const ROUTES = ['iv', 'sc', 'po', 'im', 'it', 'topical'];
export const SEXES = ['F', 'M', 'X', 'unknown'];

export function drugNormalized(entry: DrugEntry): DrugNormalized {
  return {
    key: entry.key, name: entry.name, class: entry.class, targets: entry.targets, atc: entry.atc, atcAlso: entry.atcAlso ?? [],
    rxcui: entry.rxcui, drugKind: entry.kind ?? 'substance',
  };
}

/** A `status=` value as written (`not given`, `Not-Given`), or undefined when it is not one. */
export function readStatus(value: string): DrugStatus | undefined {
  const v = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const s = v === 'notgiven' || v === 'not-administered' ? 'not-given' : v;
  return (DRUG_STATUSES as readonly string[]).includes(s) ? (s as DrugStatus) : undefined;
}

export interface DrugResult {
  entry: DrugEntry | undefined;
  normalized: DrugNormalized | null;
  problems: LabelProblem[];
}

export function normalizeDrug(label: string, attrs: Record<string, string>, lexicon: Lexicon): DrugResult {
  const forced = attrs.id;
  if (forced) {
    const entry = lexicon.drug(forced) ?? lexicon.findDrug(forced);
    if (entry) return { entry, normalized: drugNormalized(entry), problems: [] };
    return {
      entry: undefined,
      normalized: null,
      problems: [{ code: 'unknown-drug', message: `id=${forced} is not a drug of the lexicon; use a lexicon key or add the drug to .casemark/lexicon.json.` }],
    };
  }
  const name = label.trim();
  if (!name) return { entry: undefined, normalized: null, problems: [{ code: 'missing-value', message: 'This :drug[] is empty: write the drug as the paper names it.' }] };
  const entry = lexicon.findDrug(name);
  if (entry) return { entry, normalized: drugNormalized(entry), problems: [] };
  const suggestions = lexicon.suggestDrugs(name, 3);
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s.name}"`).join(', ')}?` : ' Add it to .casemark/lexicon.json if it is right.';
  return {
    entry: undefined,
    normalized: null,
    problems: [
      {
        code: 'unknown-drug',
        message: `"${name}" is not in the drug lexicon.${hint}`,
        fixes: suggestions.map((s, i) => ({ title: `Change to "${s.name}"`, label: s.name, preferred: i === 0 })),
      },
    ],
  };
}

/** A problem with an attribute value, or null when it is fine. */
export function checkAttribute(kind: string, name: string, value: string): string | null {
  if (name === 'role' && kind === 'drug' && !ROLES.includes(value.toLowerCase())) {
    return `role="${value}" is not a known role; use one of ${ROLES.join(', ')}.`;
  }
  if (name === 'route' && kind === 'dose' && !ROUTES.includes(value.toLowerCase())) {
    return `route="${value}" is not a known route; use one of ${ROUTES.join(', ')}.`;
  }
  if (name === 'status' && (kind === 'drug' || kind === 'dose') && !readStatus(value)) {
    return `status="${value}" is not a known status; use one of ${DRUG_STATUSES.join(', ')}.`;
  }
  if (name === 'sex' && kind === 'case' && !SEXES.includes(value)) return `sex="${value}" should be one of ${SEXES.join(', ')}.`;
  if (name === 'age' && kind === 'case' && !/^\d+(\.\d+)?$/.test(value.trim())) return `age="${value}" should be a number of years.`;
  return null;
}
