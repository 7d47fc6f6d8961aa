// Dose suggestions: a number and a dose unit (`1800 mg`, `25 mg/m²`, `1.0 × 10^6 cells/kg`,
// `2 g/day`) next to a drug — just after it in the same sentence, or just before it
// (`20 mg of dexamethasone`). The label is checked with normalizeDose against that drug, so a
// unit that does not fit the drug (cells per kg for daratumumab) or an implausible amount is
// not proposed: that reading does not fit.
import type { DrugEntry } from '../lexicon/types.ts';
import { normalizeDose } from '../normalize/dose.ts';
import { doseDimension } from '../normalize/units.ts';
import { HOLE } from './mask.ts';
import { isWordChar } from './drugMatcher.ts';
import { labelEnds } from './words.ts';
import type { Span } from './labs.ts';

/** A drug in the note, suggested or already annotated. */
export interface DrugPlace {
  start: number;
  end: number;
  entry: DrugEntry | undefined;
}

const NO_DRUG: DrugPlace = { start: -1, end: -1, entry: undefined };
const DOSE_WORDS = /\b(?:doses?|dosed|dosage|dosing|infused|administered)\b(?:\s+(?:of|was|were|is|at))?\s*$/i;
const BEFORE_WINDOW = 90;
const AFTER_WINDOW = 30;
const MAX_TOKENS = 7;
const NUMBER_START = /(?<![\p{L}\p{N}.,^×/:+\-−])(?:[<>≤≥]\s*)?\.?\d/gu;
// A sentence ends between the drug and the dose: `.`/`;`/`!`/`?` followed by white space, or a blank line.
const SENTENCE_END = /[.;!?]\s|\n[ \t]*\n/;

export function findDoses(text: string, drugs: DrugPlace[], claimed: (s: number, e: number) => boolean): Span[] {
  const out: Span[] = [];
  NUMBER_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  let d = 0;
  while ((m = NUMBER_START.exec(text))) {
    const start = m.index;
    while (d < drugs.length && drugs[d].end <= start) d++;
    // Without a drug nearby, a dose the sentence announces (`the infused dose was 463 × 10^6 cells`).
    const drug = nearbyDrug(text, start, drugs, d) ?? (DOSE_WORDS.test(text.slice(Math.max(0, start - 30), start)) ? NO_DRUG : undefined);
    if (!drug) continue;
    const span = doseAt(text, start, drug);
    if (span && !claimed(span.start, span.end)) {
      out.push(span);
      NUMBER_START.lastIndex = span.end;
    }
  }
  return out;
}

/** The drug just before `at` in its sentence, else the one just after it. */
function nearbyDrug(text: string, at: number, drugs: DrugPlace[], firstAfter: number): DrugPlace | undefined {
  const before = drugs[firstAfter - 1];
  if (before && at - before.end <= BEFORE_WINDOW && !SENTENCE_END.test(text.slice(before.end, at))) return before;
  const after = drugs[firstAfter];
  if (after && after.start - at <= AFTER_WINDOW && !SENTENCE_END.test(text.slice(at, after.start))) return after;
  return undefined;
}

function doseAt(text: string, start: number, drug: DrugPlace): Span | undefined {
  const window = text.slice(start, start + 80);
  // A lower-case word ends the label, unless units use it; a printed frequency is the dose's
  // `freq`, not part of its label (`:dose[25 mg/m²]{freq=daily}`).
  const ends = labelEnds(window, MAX_TOKENS, '\n\n', (t) => (/^[a-z]{4,}$/.test(t) && !DOSE_WORDS_IN_UNITS.test(t)) || FREQUENCY.test(t));
  for (const end of ends.reverse()) {
    const label = text.slice(start, start + end);
    if (label.includes(HOLE) || /[[\]]/.test(label) || isWordChar(text[start + end])) continue;
    const verdict = doseVerdict(label, drug.entry);
    if (verdict === 'unread') continue;
    return verdict === 'dose' ? { start, end: start + label.length } : undefined;
  }
  return undefined;
}

// Lower-case words that belong to dose units (`viable CAR T cells per kg`, `mg per day`).
const DOSE_WORDS_IN_UNITS = /^(?:cells?|viable|units?|kilogram|weekly|monthly|days?|weeks?|months?|hours?)$/;
const FREQUENCY = /^(?:daily|once|twice|thrice|every|bid|tid|qid|qd|od|[bt]\.i\.d|q\.?d|q\d+[hdw])\.?$/i;

type Verdict = 'dose' | 'no' | 'unread';
// Per drug key, then per label: no key string is built for each lookup.
const verdicts = new Map<string, Map<string, Verdict>>();
let remembered = 0;

/**
 * `dose`: a dose of that drug without any problem; `no`: read, but no dose of it (a unit of
 * no dose dimension such as `U/L`, a unit that does not fit the drug, an implausible amount);
 * `unread`: not a number and unit at all. Remembered: notes repeat their doses.
 */
function doseVerdict(label: string, entry: DrugEntry | undefined): Verdict {
  const drug = entry?.key ?? '';
  let byLabel = verdicts.get(drug);
  if (!byLabel) verdicts.set(drug, (byLabel = new Map()));
  let v = byLabel.get(label);
  if (v === undefined) {
    const r = normalizeDose(label, {}, entry, entry?.key ?? null);
    v = !r.normalized ? 'unread' : r.problems.length || !isDoseUnit(r.normalized.original.ucum) ? 'no' : 'dose';
    if (++remembered > 20_000) {
      verdicts.clear();
      remembered = 0;
      verdicts.set(drug, byLabel);
      byLabel.clear();
    }
    byLabel.set(label, v);
  }
  return v;
}

/** A unit doses are given in: an amount, per body mass or area, optionally per period (`mg/kg/d`). */
function isDoseUnit(ucum: string | null): boolean {
  if (!ucum) return false;
  return doseDimension(ucum) !== null || doseDimension(ucum.replace(/\/(?:d|wk|mo|h|min)$/, '')) !== null;
}
