// Every diagnostic code CaseMark reports, with its default severity (spec sections 1-3) and
// a one-line explanation shown by `casemark check --explain` and the README.
import type { Severity } from '../model.ts';

export interface CodeInfo {
  severity: Severity;
  summary: string;
}

export const CODES = {
  'outside-case': { severity: 'warning', summary: 'An annotation before the first ::case belongs to no case.' },
  'duplicate-case-id': { severity: 'error', summary: 'Two cases of the workspace share an id.' },
  'missing-case-id': { severity: 'warning', summary: 'A ::case has no #id; one is made from its position.' },
  'unknown-directive': { severity: 'hint', summary: 'A directive name close to drug, dose, day, lab or case (a typo?).' },
  'unterminated-directive': { severity: 'error', summary: 'A :drug[, :dose[, :day[ or :lab[ is never closed with ].' },
  'bad-attribute': { severity: 'warning', summary: 'An attribute value outside its allowed set (role, route, sex, age).' },
  'bad-front-matter': { severity: 'warning', summary: 'YAML front matter that cannot be read.' },
  'bad-number': { severity: 'error', summary: 'A number CaseMark cannot read, e.g. a decimal comma.' },
  'ambiguous-number': { severity: 'warning', summary: 'A number such as 13.600 that papers print for thousands: read as 13.6 until written unambiguously.' },
  'unknown-unit': { severity: 'error', summary: 'A unit that is neither UCUM nor a spelling papers use.' },
  'unknown-drug': { severity: 'warning', summary: 'A drug name not in the lexicon.' },
  'dose-without-drug': { severity: 'error', summary: 'A dose with no drug in its block and no drug= attribute.' },
  'dose-unit-mismatch': { severity: 'warning', summary: "A dose unit whose dimension does not fit the drug's." },
  'implausible-dose': { severity: 'warning', summary: "A dose outside the lexicon's plausible range for the drug." },
  'bad-day': { severity: 'error', summary: 'A day expression CaseMark cannot read.' },
  'unknown-anchor': { severity: 'error', summary: 'from= names an anchor no :day of the case defines.' },
  'duplicate-anchor': { severity: 'error', summary: 'An anchor defined twice in one case.' },
  'anchor-cycle': { severity: 'error', summary: 'Anchors that count from each other in a loop.' },
  'unknown-lab': { severity: 'warning', summary: 'A lab or score not in the lexicon.' },
  'missing-value': { severity: 'error', summary: 'A lab or dose without a value.' },
  'lab-unit-mismatch': { severity: 'error', summary: "A unit that does not fit the lab (CK in mg/dL)." },
  'implausible-lab': { severity: 'warning', summary: 'A lab value outside physiological bounds.' },
  'lexicon-error': { severity: 'error', summary: 'A lexicon file that is not valid JSON or does not match its schema.' },
  'config-error': { severity: 'error', summary: 'A .casemark/config.json that is not valid.' },
  'note-too-large': { severity: 'warning', summary: 'A note above the size limit is not analyzed.' },
  'too-complex': { severity: 'warning', summary: 'A block nested or marked up beyond what CaseMark parses in time; it is read line by line.' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(code: string): code is Code {
  return Object.prototype.hasOwnProperty.call(CODES, code);
}

/** A problem found inside one annotation's label; analyze turns it into a Diagnostic. */
export interface LabelProblem {
  code: Code;
  message: string;
  /** A severity other than the code's default (a `lab-unit-mismatch` that was still read is a warning). */
  severity?: Severity;
  /** Fixes that replace the whole label with `label`. */
  fixes?: { title: string; label: string; preferred?: boolean }[];
}
