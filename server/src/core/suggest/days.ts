// Day suggestions: time expressions on the case's timeline — `day 35`, `Day −5 to −3`,
// `D+35`, `d-3`, `week 6`, `month 9`, `M6`, `9 months after infusion` (the `9 months`), `at
// baseline`, and a signed number after `on`/`from`/`until`/`by` where it can only be a day
// (`on −14`, `from 35 on`). Every candidate is read with parseDayExpression, the parser the
// analysis uses, so what is proposed is a valid `:day`.
import { parseDayExpression } from '../normalize/days.ts';
import { spellUnit } from '../normalize/units.ts';
import type { Span } from './labs.ts';
import { Intervals } from './intervals.ts';

const SIGNED = String.raw`[+\-−]?\s?\d{1,4}`;
const RANGE = String.raw`(?:\s*(?:to|through|until|–|—|-)\s*${SIGNED})?`;
const UNIT_WORD = String.raw`(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)`;
// Word edges in ASCII (\b): the Unicode forms cost a look-behind at every character of the note.
const B = String.raw`\b`;
const E = String.raw`(?![A-Za-z0-9µ]|[.,]\d|\s*(?:%|[×x]\s*10))`;

// Patterns with the part to wrap in group 1.
const PATTERNS: RegExp[] = [
  // `day 35`, `days -5 to -3`, `week 6`, `month 9`, `months 3–6`, `year 2`
  new RegExp(`${B}(${UNIT_WORD}\\s${SIGNED}(?:\\.\\d+)?${RANGE})${E}`, 'gi'),
  // `D+35`, `d-3`, `D14`, `M6`, `W2` (a capital letter and digits, or a sign)
  new RegExp(`${B}((?:[DdWwMm]\\s?[+\\-−]\\s?\\d{1,4}|[DWM]\\d{1,3}))${E}`, 'g'),
  // `9 months after infusion`, `3 weeks later`
  new RegExp(`${B}(\\d{1,3}(?:\\.\\d)?\\s${UNIT_WORD})(?=\\s+(?:after|post|later|following|since|from)\\b)`, 'gi'),
  // `at 6 months`, `by 12 weeks`, `within 3 months` (a time point; `for 6 months` is a duration)
  new RegExp(`${B}(?:at|by|after|within|until)\\s(\\d{1,3}\\s(?:days|weeks|months|years))(?!\\s+(?:of\\s+)?(?:age|old)\\b)${E}`, 'gi'),
  // `at baseline`
  new RegExp(`${B}(?:at|from|since)\\s(baseline)${E}`, 'gi'),
];

// `Day 0 is the infusion`, `Day 0 of the main case is…`: the timeline's definition, not a date.
const DEFINITION = /^\s+(?:of\s[^.;,]{0,40}?\s)?(?:is|was|means|being)\s(?:the|each|defined)\b/i;

// A bare day number: what a curator wrapped as `:day[-14]` reads `on -14` once stripped.
const BARE = new RegExp(`${B}(?:on|from|until|by|since|through|before)\\s+(${SIGNED}${RANGE})(?![A-Za-z0-9µ]|[.,:]\\d|\\s*(?:%|[×x*·/]))`, 'gi');

export function findDays(text: string, claimed: (s: number, e: number) => boolean): Span[] {
  const found: Span[] = [];
  const mine = new Intervals();
  const take = (start: number, end: number): void => {
    if (!claimed(start, end) && mine.add(start, end)) found.push({ start, end });
  };
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const start = m.index + m[0].indexOf(m[1]);
      const label = readable(m[1]);
      if (label !== null && !DEFINITION.test(text.slice(start + label.length, start + label.length + 60))) take(start, start + label.length);
    }
  }
  BARE.lastIndex = 0;
  for (const m of text.matchAll(BARE)) {
    const start = m.index + m[0].lastIndexOf(m[1]);
    const label = readable(m[1]);
    if (label === null || !plainDayFollows(text, start + label.length)) continue;
    take(start, start + label.length);
  }
  return found.sort((a, b) => a.start - b.start);
}

const readableMemo = new Map<string, string | null>();

/** The longest start of `text` the day parser reads (a range first, then its first end); remembered. */
function readable(text: string): string | null {
  let hit = readableMemo.get(text);
  if (hit === undefined) {
    hit = readableNow(text);
    if (readableMemo.size > 5000) readableMemo.clear();
    readableMemo.set(text, hit);
  }
  return hit;
}

function readableNow(text: string): string | null {
  if (/^baseline$/i.test(text)) return parseDayExpression(text).ok ? text : null;
  if (parseDayExpression(text).ok) return text;
  const first = /^\S+(?:\s\S+)?/.exec(text)?.[0];
  for (const cut of [first, text.split(/\s/)[0]]) {
    if (cut && cut !== text && parseDayExpression(cut).ok && /\d/.test(cut)) return cut;
  }
  return null;
}

/** After a bare number, the next word is not a unit or a counted noun (`on 3 occasions`, `by 40 mg`). */
function plainDayFollows(text: string, end: number): boolean {
  const next = /^[ \t]*([\p{L}µ][\p{L}µ/]*)/u.exec(text.slice(end, end + 30))?.[1];
  if (!next) return true;
  if (/^(?:on|onwards?|and|or|then|after|when|with|she|he|they|it|the|her|his|until|to|in|at|of)$/i.test(next)) {
    return !/^of$/i.test(next);
  }
  if (/s$/i.test(next) && next.length > 2) return false;
  return 'error' in spellUnit(next);
}
