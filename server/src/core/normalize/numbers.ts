// Numbers as case reports print them (spec section 1 "Numbers"): thousands separators,
// scientific notation in its typographic forms, ranges and leading comparators. A decimal
// comma is refused (it cannot be told apart from a thousands comma in general) but, where
// the intent is clear, the error carries the corrected text for a quick fix.
//
// Where `× 10^n` belongs: directly followed by `/` (optionally after spaces), as in
// `4.2 × 10^9/L`, the power is part of the UNIT (papers mean "4.2 of the unit 10^9 per
// litre", i.e. 4.2 G/L), so the number is 4.2 and the rest `× 10^9/L` is left for the unit.
// Followed by anything else (`6 × 10^6 cells/kg`, `2 × 10^8`), the power is part of the
// number (6000000, unit `cells/kg`). The same holds for a bare leading power: `10^9/L` is a
// unit without a value, `10^9 cells` is the number 1000000000.
import type { Comparator, ParsedNumber } from '../model.ts';
import type { LabelProblem } from '../diagnostics/codes.ts';

/**
 * `13.600`: a dot and exactly three digits ending in 0 after a non-zero integer part, how many
 * countries print thousands. Read as a decimal, but both readings are offered (spec section 1).
 */
export interface Ambiguity {
  /** Offsets of the number in the parsed text. */
  start: number;
  end: number;
  /** The two readings, written unambiguously: `13,600` and `13.6`. */
  thousands: string;
  decimal: string;
}

export type NumberParse =
  | { ok: true; number: ParsedNumber; length: number; ambiguous?: Ambiguity[] }
  | { ok: false; code: 'bad-number' | 'missing-value'; message: string; suggestion?: string; length: number };

export type QuantityParse =
  | { ok: true; number: ParsedNumber; unitText: string; /** Offset of unitText in the input. */ unitStart: number; ambiguous?: Ambiguity[] }
  | { ok: false; code: 'bad-number' | 'missing-value'; message: string; suggestion?: string };

const SUPERSCRIPT: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '+',
};

// Pieces of the grammar, all sticky so they match exactly at `lastIndex`.
const WS = /[ \t\u00a0\u2009\u202f]*/y;
const COMPARATOR = /(<=|>=|≤|≥|<|>)/y;
const SIGN = /([-+\u2212])/y;
// Integer part: digits, optionally grouped by thousands with `,` or a (thin, narrow,
// no-break) space; a group separator counts only before exactly three digits.
const GROUPED = /([1-9]\d{0,2})((?:([,  \u2009\u202f\u00a0])\d{3}(?!\d))(?:\3\d{3}(?!\d))*)/y;
const DIGITS = /\d+/y;
const FRACTION = /\.(\d+)/y;
const EXPONENT = /[eE]([-+\u2212]?\d+)/y;
// `× 10^6`, `x 10^6`, `* 10^6`, `·10^6`, `×10⁶`; the multiplication sign may be surrounded by spaces.
const TIMES_POWER = /[ \t\u00a0\u2009\u202f]*[×xX*·⋅][ \t\u00a0\u2009\u202f]*10(?:\^[ ]?([-+\u2212]?\d+)|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))/y;
const BARE_POWER = /10(?:\^[ ]?([-+\u2212]?\d+)|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))/y;
const UNIT_SLASH = /[ \t\u00a0\u2009\u202f]*\//y;
const RANGE_SEP = /[ \t\u00a0\u2009\u202f]*(?:–|—|‒|-|to(?=[ \t\u00a0\u2009\u202f])|until(?=[ \t\u00a0\u2009\u202f]))[ \t\u00a0\u2009\u202f]*/y;
// A comma that is a decimal comma: not followed by exactly three digits, or after a lone 0.
const DECIMAL_COMMA = /(^|[^\d,])(0|\d+),(\d{1,2}|\d{4,})(?!\d)|(^|[^\d,])0,(\d+)/g;

const UNIT_ONLY = 'unit-only';
const COMMA = 'comma';

function at(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

function superscriptToAscii(s: string): string {
  let out = '';
  for (const ch of s) out += SUPERSCRIPT[ch] ?? ch;
  return out;
}

function power(m: RegExpExecArray): number {
  const raw = m[1] ?? superscriptToAscii(m[2] ?? '');
  return Number(raw.replace('\u2212', '-'));
}

/** The text with its decimal commas turned into points, or undefined when there is none. */
function fixDecimalCommas(text: string): string | undefined {
  DECIMAL_COMMA.lastIndex = 0;
  const fixed = text.replace(DECIMAL_COMMA, (_m, pre1, int, frac, pre2, frac2) =>
    pre2 !== undefined ? `${pre2}0.${frac2}` : `${pre1}${int}.${frac}`,
  );
  return fixed === text ? undefined : fixed;
}

interface Mantissa {
  /** Decimal digits and exponent as a JavaScript number literal, e.g. `-1.0e6`. */
  literal: string;
  end: number;
  hasPower: boolean;
  ambiguous?: Ambiguity;
}

type Step = { ok: true; value: Mantissa } | { ok: false; code: 'bad-number' | 'missing-value'; message: string; end: number };

/** One unsigned-or-signed value: mantissa, optional `e` exponent, optional `× 10^n`. */
function readValue(text: string, start: number): Step {
  let pos = start;
  let sign = '';
  const s = at(SIGN, text, pos);
  if (s) {
    sign = s[1] === '+' ? '' : '-';
    pos = s.index + s[0].length;
  }
  let intPart = '';
  let fracPart = '';
  let exp = 0;
  let hasPower = false;
  const bare = at(BARE_POWER, text, pos);
  // `10^9` on its own (not `10.5`, not `100`): a power of ten.
  if (bare) {
    if (at(UNIT_SLASH, text, bare.index + bare[0].length)) {
      return { ok: false, code: 'missing-value', message: UNIT_ONLY, end: pos };
    }
    return { ok: true, value: { literal: `${sign}1e${power(bare)}`, end: bare.index + bare[0].length, hasPower: true } };
  }
  const digitsStart = pos;
  const grouped = at(GROUPED, text, pos);
  if (grouped) {
    intPart = grouped[1] + grouped[2].replace(/[^\d]/g, '');
    pos = grouped.index + grouped[0].length;
  } else {
    const d = at(DIGITS, text, pos);
    if (d) {
      intPart = d[0];
      pos = d.index + d[0].length;
    }
  }
  const frac = at(FRACTION, text, pos);
  if (frac) {
    fracPart = frac[1];
    pos = frac.index + frac[0].length;
  }
  if (!intPart && !fracPart) {
    const unitOnly = /^[×xX*·⋅][ \t\u00a0\u2009\u202f]*10(?:\^|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻])/.test(text.slice(pos)) && text.includes('/', pos);
    return { ok: false, code: 'missing-value', message: unitOnly ? UNIT_ONLY : 'Expected a number here.', end: pos };
  }
  if (text[pos] === ',' && /\d/.test(text[pos + 1] ?? '')) {
    return { ok: false, code: 'bad-number', message: COMMA, end: pos };
  }
  if (text[pos] === '.' && /\d/.test(text[pos + 1] ?? '')) {
    return { ok: false, code: 'bad-number', message: 'A number cannot have two decimal points.', end: pos };
  }
  const fracEnd = pos;
  const e = at(EXPONENT, text, pos);
  if (e) {
    exp += Number(e[1].replace('\u2212', '-'));
    pos = e.index + e[0].length;
  }
  const p = at(TIMES_POWER, text, pos);
  if (p && !at(UNIT_SLASH, text, p.index + p[0].length)) {
    exp += power(p);
    hasPower = true;
    pos = p.index + p[0].length;
  }
  const literal = `${sign}${intPart || '0'}${fracPart ? '.' + fracPart : ''}${exp ? 'e' + exp : ''}`;
  const value: Mantissa = { literal, end: pos, hasPower };
  // `13.600` but not `0.500`, `13,600.500` nor `1.000 × 10^6` (a power rules thousands out).
  if (fracPart.length === 3 && fracPart.endsWith('0') && /^[1-9]\d{0,2}$/.test(intPart) && pos === fracEnd) {
    const decimal = `${intPart}.${fracPart}`.replace(/\.?0+$/, '');
    value.ambiguous = { start: digitsStart, end: fracEnd, thousands: `${intPart},${fracPart}`, decimal };
  }
  return { ok: true, value };
}

/**
 * Parses a number at the start of `text` (after optional white space). `length` is the
 * number of characters consumed, so the caller can read the unit from `text.slice(length)`.
 * A decimal-comma error carries `suggestion`: the whole `text` with the comma(s) corrected.
 */
export function parseNumberPrefix(text: string): NumberParse {
  let pos = at(WS, text, 0)?.[0].length ?? 0;
  let comparator: Comparator | null = null;
  const c = at(COMPARATOR, text, pos);
  if (c) {
    comparator = c[1] === '≤' ? '<=' : c[1] === '≥' ? '>=' : (c[1] as Comparator);
    pos = c.index + c[0].length;
    pos += at(WS, text, pos)?.[0].length ?? 0;
  }
  const first = readValue(text, pos);
  if (!first.ok) return failure(text, first, comparator !== null);
  const ambiguous: Ambiguity[] = first.value.ambiguous ? [first.value.ambiguous] : [];
  let end = first.value.end;
  let endLiteral: string | null = null;
  const sep = at(RANGE_SEP, text, end);
  if (sep) {
    const second = readValue(text, sep.index + sep[0].length);
    if (second.ok) {
      if (second.value.ambiguous) ambiguous.push(second.value.ambiguous);
      endLiteral = second.value.literal;
      end = second.value.end;
      // `1–2 × 10^6`: the power written once applies to both ends.
      if (second.value.hasPower && !first.value.hasPower) {
        const shift = second.value.literal.match(/e(-?\d+)$/)?.[1];
        if (shift) first.value.literal = scale(first.value.literal, Number(shift));
      }
    } else if (second.code === 'bad-number') {
      return failure(text, second, true);
    }
  }
  const value = Number(first.value.literal);
  const valueEnd = endLiteral === null ? null : Number(endLiteral);
  if (!Number.isFinite(value) || (valueEnd !== null && !Number.isFinite(valueEnd))) {
    return { ok: false, code: 'bad-number', message: 'This number is too large to read.', length: end };
  }
  const number = { value: value === 0 ? 0 : value, valueEnd, comparator };
  return ambiguous.length ? { ok: true, number, length: end, ambiguous } : { ok: true, number, length: end };
}

function scale(literal: string, exp: number): string {
  const m = literal.match(/^(.*?)(?:e(-?\d+))?$/);
  const base = m?.[1] ?? literal;
  const old = Number(m?.[2] ?? 0);
  return `${base}e${old + exp}`;
}

function failure(text: string, step: Extract<Step, { ok: false }>, afterSomething: boolean): NumberParse {
  const shown = text.trim();
  if (step.code === 'bad-number') {
    if (step.message !== COMMA) return { ok: false, code: 'bad-number', message: step.message, length: step.end };
    const suggestion = fixDecimalCommas(shown);
    return suggestion
      ? { ok: false, code: 'bad-number', length: step.end, suggestion,
          message: `"${shown}" has a decimal comma, which could be read as a thousands separator: write "${suggestion}".` }
      : { ok: false, code: 'bad-number', length: step.end,
          message: `Cannot read the comma in "${shown}": write a decimal point, or thousands in groups of three (13,600).` };
  }
  const message = shown === ''
    ? 'No value: write a number, e.g. 1800 mg.'
    : step.message === UNIT_ONLY
      ? `"${shown}" is a unit without a value: write the number first, e.g. 4.2 × ${shown.replace(/^[×xX*·⋅]\s*/, '')}.`
      : afterSomething
        ? `No number after "${text.slice(0, step.end).trim()}".`
        : `No number in "${shown}".`;
  return { ok: false, code: 'missing-value', message, length: step.end };
}

/** A number followed by its unit text (trimmed, possibly empty). */
export function parseQuantity(text: string): QuantityParse {
  const n = parseNumberPrefix(text);
  if (!n.ok) {
    const { length: _length, ...rest } = n;
    return rest;
  }
  const rest = text.slice(n.length);
  const lead = rest.length - rest.trimStart().length;
  const q: QuantityParse = { ok: true, number: n.number, unitText: rest.trim(), unitStart: n.length + lead };
  if (n.ambiguous) q.ambiguous = n.ambiguous;
  return q;
}

/**
 * Warnings `ambiguous-number` for numbers such as `13.600`, each with both readings as
 * quick fixes. `offset` is where the parsed text starts in the label.
 */
export function ambiguityProblems(label: string, offset: number, list: Ambiguity[]): LabelProblem[] {
  return list.map((a) => {
    const written = label.slice(offset + a.start, offset + a.end);
    const withText = (x: string): string => label.slice(0, offset + a.start) + x + label.slice(offset + a.end);
    return {
      code: 'ambiguous-number',
      message: `"${written}" is read as ${a.decimal}, but many papers print thousands this way (${a.thousands}): write ${a.thousands} or ${a.decimal} to say which.`,
      fixes: [
        { title: `Write ${a.thousands} (thousands)`, label: withText(a.thousands) },
        { title: `Write ${a.decimal} (decimal)`, label: withText(a.decimal) },
      ],
    };
  });
}
