// Day expressions on a case's timeline (spec section 2 "day"): `35`, `D+35`, `day -5`,
// `week 6`, `month 9`, `9 months`, `year 2`, ranges `-5 to -3` / `35–62`. Weeks, months and
// years become days (7, 30.4375, 365.25, as UCUM's wk, mo and a) rounded to the nearest
// day; the precision is kept so hover can say "≈ day 274".
import type { DayPrecision } from '../model.ts';

export type DayParse =
  | { ok: true; day: number; dayEnd: number | null; precision: DayPrecision; relative: true }
  | { ok: false; message: string };

export const DAYS_PER: Record<Exclude<DayPrecision, 'baseline'>, number> = { day: 1, week: 7, month: 30.4375, year: 365.25 };

const UNIT = String.raw`(days?|d|weeks?|wks?|w|months?|mos?|m|years?|yrs?|y)`;
const NUMBER = String.raw`([+-]?)\s*(\d{1,5}(?:\.\d+)?)`;
const SEPARATOR = String.raw`\s*(?:to|through|until|–|-|\.\.)\s*`;
// [unit] number [SEP [unit] number] [unit]
const EXPRESSION = new RegExp(
  String.raw`^(?:${UNIT}\s*)?${NUMBER}(?:${SEPARATOR}(?:${UNIT}\s*)?${NUMBER})?\s*${UNIT}?$`,
  'i',
);

const ACCEPTED = 'Write a day such as 35, -5, D+35, day 62, week 6, month 9, 9 months, M6, year 2, baseline, or a range such as -5 to -3 or 35–62.';

/** `:day[baseline]` (also `at baseline`): the case's `baseline` day, default 0. */
export const BASELINE = /^(?:at\s+)?baseline$/i;

function precisionOf(unit: string | undefined): Exclude<DayPrecision, 'baseline'> | null {
  if (unit === undefined) return null;
  const u = unit.toLowerCase();
  if (u.startsWith('d')) return 'day';
  if (u.startsWith('w')) return 'week';
  if (u.startsWith('m')) return 'month';
  return 'year';
}

/** Rounds half away from zero, so `month -3` is the mirror of `month 3`. */
function roundDays(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

/** Parses a day expression; never throws. */
export function parseDayExpression(text: string): DayParse {
  const input = text.trim();
  if (input === '') return { ok: false, message: `Empty day. ${ACCEPTED}` };
  if (BASELINE.test(input)) return { ok: true, day: 0, dayEnd: null, precision: 'baseline', relative: true };
  if (input.length > 60) return { ok: false, message: `Cannot read "${input.slice(0, 30)}…" as a day. ${ACCEPTED}` };
  // PDFs print U+2212 for minus and en or em dashes between range ends.
  const normalized = input.replace(/\u2212/g, '-').replace(/[—‒―]/g, '–');
  const m = EXPRESSION.exec(normalized);
  if (!m) return { ok: false, message: `Cannot read "${input}" as a day. ${ACCEPTED}` };
  const [, before, sign1, num1, unitEnd, sign2, num2, after] = m;
  const units = [before, unitEnd, after].filter((u): u is string => u !== undefined).map(precisionOf);
  const precision = units[0] ?? 'day';
  if (units.some((p) => p !== precision)) {
    return { ok: false, message: `"${input}" mixes units of time; write both ends in one unit, e.g. month 3–6.` };
  }
  if (before !== undefined && after !== undefined) {
    return { ok: false, message: `"${input}" names its unit twice; write e.g. month 9 or 9 months.` };
  }
  const value = (sign: string, digits: string): number => (sign === '-' ? -1 : 1) * Number(digits);
  const start = value(sign1, num1);
  const end = num2 === undefined ? null : value(sign2 ?? '', num2);
  if (precision === 'day' && (!Number.isInteger(start) || (end !== null && !Number.isInteger(end)))) {
    return { ok: false, message: `"${input}": a day is a whole number (a fraction is allowed in weeks, months and years).` };
  }
  if (end !== null && end < start) {
    return { ok: false, message: `"${input}": the range ends before it starts; write the earlier day first.` };
  }
  const factor = DAYS_PER[precision];
  return {
    ok: true,
    day: roundDays(start * factor),
    dayEnd: end === null ? null : roundDays(end * factor),
    precision,
    relative: true,
  };
}
