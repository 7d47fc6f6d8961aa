// Reads the value part of a lab label: a qualitative result (`positive`, `not detected`),
// a titer (`1:320`), a score (`149/150`, or a bare number for a score lab) or a quantity
// (number and unit, handed on to unit conversion).
import type { Comparator, ParsedNumber } from '../model.ts';
import type { LabEntry } from '../lexicon/types.ts';
import { parseNumberPrefix, parseQuantity, type Ambiguity } from './numbers.ts';

export type LabValue =
  | { kind: 'qualitative'; result: string; flag: 'low' | 'normal' | 'high' | null }
  | { kind: 'titer'; value: number; comparator: Comparator | null; result: string }
  | { kind: 'score'; value: number; valueEnd: number | null; comparator: Comparator | null; max: number; result: string }
  | { kind: 'grade'; value: number; result: string }
  | { kind: 'quantity'; number: ParsedNumber; unitText: string; /** Offset of unitText in the value text. */ unitStart: number; ambiguous?: Ambiguity[] }
  | { kind: 'error'; code: 'bad-number' | 'missing-value'; message: string; suggestion?: string };

// Qualitative results, most specific first; the second element is the result as reported.
const QUALITATIVE: [RegExp, string, 'low' | 'normal' | 'high' | null][] = [
  [/^(?:strongly|strong|high)[\s-]+pos(?:itive)?$/i, 'strongly positive', null],
  [/^(?:weakly|weak|low)[\s-]+pos(?:itive)?$/i, 'weakly positive', null],
  [/^pos(?:itive)?$|^\+$/i, 'positive', null],
  [/^\+{2,4}$/, 'strongly positive', null],
  [/^neg(?:ative)?$|^[-−]$/i, 'negative', null],
  [/^not[\s-]+detect(?:ed|able)$|^non-?detect(?:ed|able)$/i, 'not detected', null],
  [/^undetect(?:ed|able)$|^below\s+(?:the\s+)?(?:limit\s+of\s+)?detection$/i, 'undetectable', null],
  [/^detect(?:ed|able)$/i, 'detectable', null],
  [/^(?:borderline|equivocal|indeterminate)$/i, 'borderline', null],
  [/^non-?reactive$/i, 'nonreactive', null],
  [/^reactive$/i, 'reactive', null],
  [/^present$/i, 'present', null],
  [/^absent$/i, 'absent', null],
  [/^trace$/i, 'trace', null],
  [/^(?:normal|normali[sz]ed|within\s+normal\s+limits|wnl)$/i, 'normal', 'normal'],
  [/^(?:elevated|raised|high|increased)$/i, 'elevated', 'high'],
  [/^(?:low|decreased|reduced)$/i, 'low', 'low'],
];

// `grade IV`, `grade 3`, `IV`, `G2`: a grade in Arabic or Roman numerals.
const GRADE = /^(?:(?:grade|gr\.?|g)\s*)?([0-9]{1,2}|[IVX]{1,5})$/i;
const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})$/;

/** A grade written in Arabic or Roman numerals (`IV` is 4), or null. */
export function readGrade(text: string): number | null {
  const m = GRADE.exec(text.trim());
  if (!m) return null;
  if (/^\d+$/.test(m[1])) return Number(m[1]);
  const r = ROMAN.exec(m[1].toUpperCase());
  if (!r || m[1] === '') return null;
  const ones: Record<string, number> = { '': 0, I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7, VIII: 8, IX: 9 };
  return r[1].length * 10 + ones[r[2]];
}

const TITER = /^(?:(<=|>=|≤|≥|<|>)\s*)?1\s*:\s*(\d[\d,]*)$/;
const SCORE = /^(?:(<=|>=|≤|≥|<|>)\s*)?(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/;

export function qualitative(text: string): { result: string; flag: 'low' | 'normal' | 'high' | null } | null {
  const t = text.trim().replace(/\s+/g, ' ');
  for (const [re, result, flag] of QUALITATIVE) if (re.test(t)) return { result, flag };
  return null;
}

/** Whether text (a label from some token on) starts a lab value rather than more of the analyte's name. */
export function startsValue(text: string): boolean {
  if (/^(?:[<>≤≥]|[-+\u2212]?\.?\d)/.test(text)) return true;
  if (/^grade\s+(?:\d|[IVX]+\b)/i.test(text)) return true;
  return qualitative(text) !== null;
}

function comparatorOf(c: string | undefined): Comparator | null {
  if (!c) return null;
  return c === '≤' ? '<=' : c === '≥' ? '>=' : (c as Comparator);
}

export function readLabValue(text: string, entry: LabEntry | undefined): LabValue {
  const t = text.trim();
  if (t === '') return { kind: 'error', code: 'missing-value', message: 'No value.' };
  if (entry?.kind === 'grade' || /^grade\s/i.test(t)) {
    const g = readGrade(t);
    if (g !== null) return { kind: 'grade', value: g, result: `grade ${g}` };
  }
  const q = qualitative(t);
  if (q) return { kind: 'qualitative', ...q };
  const titer = TITER.exec(t);
  if (titer) {
    const n = parseNumberPrefix(titer[2]);
    if (!n.ok || n.length !== titer[2].length) {
      return { kind: 'error', code: 'bad-number', message: `Cannot read the titer "${t}": write e.g. 1:320.` };
    }
    return { kind: 'titer', value: n.number.value, comparator: comparatorOf(titer[1]), result: `1:${n.number.value}` };
  }
  const isScore = entry !== undefined && (entry.kind === 'score' || entry.scoreMax != null);
  if (isScore) {
    const s = SCORE.exec(t);
    if (s) {
      const value = Number(s[2]);
      const max = Number(s[3]);
      return { kind: 'score', value, valueEnd: null, comparator: comparatorOf(s[1]), max, result: `${value}/${max}` };
    }
  }
  const quantity = parseQuantity(text);
  if (!quantity.ok) {
    const message = quantity.code === 'missing-value' && !/\d/.test(t)
      ? `"${t}" is not a value: write a number with its unit, a titer (1:320), a score (149/150) or a result such as positive or negative.`
      : quantity.message;
    return { kind: 'error', code: quantity.code, message, ...(quantity.suggestion ? { suggestion: quantity.suggestion } : {}) };
  }
  if (isScore && entry?.scoreMax && /^(?:points?|pts?|\/\s*\d+)?$/i.test(quantity.unitText)) {
    const { value, valueEnd, comparator } = quantity.number;
    const max = entry.scoreMax;
    return { kind: 'score', value, valueEnd, comparator, max, result: `${valueEnd === null ? value : `${value}–${valueEnd}`}/${max}` };
  }
  const out: LabValue = { kind: 'quantity', number: quantity.number, unitText: quantity.unitText, unitStart: quantity.unitStart };
  if (quantity.ambiguous) out.ambiguous = quantity.ambiguous;
  return out;
}
