// Normalizes a dose label (`1800 mg`, `2 g/day`, `1.0 × 10^6 cells/kg`) to the canonical
// unit of its dimension and checks it against the drug's plausible ranges (spec section 2
// "dose"). Pure: problems come back as LabelProblems, the caller maps them onto ranges.
import type { DoseNormalized } from '../model.ts';
import type { DrugEntry } from '../lexicon/types.ts';
import type { LabelProblem } from '../diagnostics/codes.ts';
import { ambiguityProblems, parseQuantity } from './numbers.ts';
import { canonicalDose, roundSignificant, spellUnit, splitPeriod } from './units.ts';

/** A quick fix that is not tied to a diagnostic (the unit's case, e.g. `mg/dl` → `mg/dL`). */
export interface Respell {
  label: string;
  title: string;
}

export interface DoseResult {
  normalized: DoseNormalized | null;
  problems: LabelProblem[];
  respell?: Respell;
}

/** Shows a number the way a curator reads it: `6 × 10^6` for large round counts. */
export function formatAmount(x: number): string {
  if (x !== 0 && Math.abs(x) >= 1e5) {
    const exp = Math.floor(Math.log10(Math.abs(x)));
    const mantissa = Number((x / 10 ** exp).toPrecision(4));
    return `${mantissa} × 10^${exp}`;
  }
  return String(Number(x.toPrecision(6)));
}

function formatRange(min: number, max: number, unit: string): string {
  return `${formatAmount(min)}–${formatAmount(max)} ${unit}`;
}

/** The drug's plausible ranges expressed in canonical units (a workspace lexicon may use `10*6/kg`). */
function canonicalRanges(drug: DrugEntry): { unit: string; min: number; max: number }[] {
  const out: { unit: string; min: number; max: number }[] = [];
  for (const r of drug.doses ?? []) {
    const c = canonicalDose(r.unit);
    out.push(c ? { unit: c.unit, min: roundSignificant(r.min * c.factor), max: roundSignificant(r.max * c.factor) } : { unit: r.unit, min: r.min, max: r.max });
  }
  return out;
}

export function normalizeDose(
  label: string,
  attrs: Record<string, string>,
  drug: DrugEntry | undefined,
  drugRef: string | null,
): DoseResult {
  const problems: LabelProblem[] = [];
  const q = parseQuantity(label);
  if (!q.ok) {
    const fixes = q.suggestion ? [{ title: `Write "${q.suggestion}"`, label: q.suggestion, preferred: true }] : undefined;
    const message = q.code === 'missing-value' && label.trim() === '' ? 'Empty dose: write an amount and a unit, e.g. 1800 mg.' : q.message;
    problems.push({ code: q.code, message, ...(fixes ? { fixes } : {}) });
    return { normalized: null, problems };
  }
  // `1 g b.i.d.`, `200 mg twice daily`, `100 mg every 6 h`: how often is not part of the unit.
  const often = FREQUENCY.exec(q.unitText);
  const unitText = often ? q.unitText.slice(0, often.index).trimEnd() : q.unitText;
  const printedFreq = often ? often[0].trim() : null;
  const before = label.slice(0, q.unitStart);
  const after = label.slice(q.unitStart + unitText.length);
  if (unitText === '') {
    problems.push({ code: 'unknown-unit', message: `The dose "${label.trim()}" has no unit: write e.g. ${label.trim()} mg.` });
    return { normalized: null, problems };
  }
  const spelled = spellUnit(unitText);
  if ('error' in spelled) {
    const fixes = spelled.suggestions.map((u, i) => ({ title: `Write the unit as "${u}"`, label: before + u + after, preferred: i === 0 }));
    problems.push({ code: 'unknown-unit', message: spelled.error, ...(fixes.length ? { fixes } : {}) });
    return { normalized: null, problems };
  }
  if (q.ambiguous) problems.push(...ambiguityProblems(label, 0, q.ambiguous));
  const { value, valueEnd, comparator } = q.number;
  // Only the amount converts; the period stays as printed (`15 mg/week` is 15 mg/wk).
  const canonical = canonicalDose(spelled.ucum);
  const unit = canonical?.unit ?? spelled.ucum;
  const outValue = canonical ? roundSignificant(value * canonical.factor) : value;
  const outEnd = canonical && valueEnd !== null ? roundSignificant(valueEnd * canonical.factor) : valueEnd;
  if (drug) problems.push(...checkAgainstDrug(drug, unit, outValue, outEnd));
  const normalized: DoseNormalized = {
    value: outValue,
    valueEnd: outEnd,
    comparator,
    unit,
    period: canonical?.period ?? null,
    original: { value, valueEnd, unit: unitText, ucum: spelled.ucum },
    drug: drugRef,
    route: attrs.route ? attrs.route.trim().toLowerCase() : null,
    freq: attrs.freq ? attrs.freq.trim() : printedFreq,
  };
  const result: DoseResult = { normalized, problems };
  if (spelled.respelled) {
    result.respell = { label: before + spelled.display + after, title: `Write the unit as ${spelled.display}` };
  }
  return result;
}

// How often, printed after the amount: kept as the dose's `freq`, never folded into its unit.
const FREQUENCY = new RegExp(
  String.raw`\s*(?:\b(?:b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?d|o\.?d)\.?|\b(?:once|twice|thrice|(?:one|two|three|four|five|six|[1-6])\s*(?:times|x|×))\s*(?:a|per|each)?\s*(?:day|daily|week|weekly|month|monthly)|\bevery\s+(?:other\s+)?(?:\d+(?:[.,]\d+)?\s*)?(?:h|hrs?|hours?|days?|weeks?|wks?|months?)\b|\bq\s?\d+\s?(?:h|d|w|wk|wks)\b|\bq\s?(?:day|week|month)\b)$`,
  'i',
);

function checkAgainstDrug(drug: DrugEntry, unit: string, value: number, valueEnd: number | null): LabelProblem[] {
  const ranges = canonicalRanges(drug);
  if (ranges.length === 0) return [];
  let fitting = ranges.filter((r) => r.unit === unit);
  // A dose per period the lexicon does not list (`375 mg/m² weekly`) is at least one
  // administration of the amount: checked against the per-administration range, never relabelled.
  const { amount, period } = splitPeriod(unit);
  if (fitting.length === 0 && period) fitting = ranges.filter((r) => r.unit === amount);
  if (fitting.length === 0) {
    const units = [...new Set(ranges.map((r) => r.unit))].join(', ');
    return [{ code: 'dose-unit-mismatch', message: `${drug.name} is dosed in ${units}; a dose in ${unit} does not fit.` }];
  }
  const high = valueEnd ?? value;
  if (fitting.some((r) => value >= r.min && high <= r.max)) return [];
  const shown = valueEnd === null ? formatAmount(value) : `${formatAmount(value)}–${formatAmount(valueEnd)}`;
  const plausible = fitting.map((r) => formatRange(r.min, r.max, r.unit)).join(' or ');
  return [
    {
      code: 'implausible-dose',
      message: `${shown} ${unit} is outside the plausible range for ${drug.name} (${plausible} per administration).`,
    },
  ];
}
