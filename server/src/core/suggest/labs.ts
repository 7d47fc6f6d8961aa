// Lab suggestions: an analyte the lab lexicon knows, followed at once by a value CaseMark
// reads without a problem — a number and a unit of that analyte (`CK 13,600 U/L`), a titer
// (`anti-Jo-1 1:320`), a score (`MMT8 149/150`) or a qualitative result (`anti-Jo-1
// positive`). The candidate label is checked with the same normalizeLab the analysis runs,
// so a suggestion accepted by the curator never turns into a diagnostic.
import type { Lexicon } from '../lexicon/lexicon.ts';
import { normalizeLab } from '../normalize/lab.ts';
import { startsValue } from '../normalize/labValue.ts';
import { HOLE } from './mask.ts';
import { foldChar } from '../lexicon/normalizeName.ts';
import { labelEnds, wordStarts } from './words.ts';

export interface Span {
  start: number;
  end: number;
  key?: string;
}

// Qualitative words a curator writes in prose ("CK normalized", "CRP was raised") rather
// than as a result to annotate.
const PROSE_RESULTS = /^(?:normal|normali[sz]ed|within\s+normal\s+limits|wnl|elevated|raised|high|increased|low|decreased|reduced|present|absent|trace|detectable)$/i;
// How far a value and unit may reach past the analyte's name.
const VALUE_WINDOW = 60;
const MAX_TOKENS = 4;
// A lower-case word of four letters or more ends the value, unless a unit or a result uses it.
const VALUE_WORDS = /^(?:cells?|units?|copies|per|positive|negative|weakly|strongly|detected|detectable|undetectable|reactive|nonreactive|borderline|predicted)$/;

const memo = new WeakMap<Lexicon, Map<string, string | null>>();

/** The lab key of a label that normalizes without any problem, else null (remembered per lexicon). */
function cleanLab(label: string, lexicon: Lexicon): string | null {
  let cache = memo.get(lexicon);
  if (!cache) memo.set(lexicon, (cache = new Map()));
  let hit = cache.get(label);
  if (hit === undefined) {
    const r = normalizeLab(label, {}, lexicon, null);
    hit = r.normalized && !r.problems.length && !(r.normalized.valueKind === 'qualitative' && PROSE_RESULTS.test(r.normalized.result ?? ''))
      ? r.normalized.key : null;
    if (cache.size > 20_000) cache.clear();
    cache.set(label, hit);
  }
  return hit;
}

interface Prefixes {
  three: Set<string>;
  short: Set<string>;
  /** The same prefixes of ASCII characters as numbers (two or three char codes), checked without a substring. */
  threeCodes: Set<number>;
  shortCodes: Set<number>;
}

const starts = new WeakMap<Lexicon, Prefixes>();

/** ASCII folded as foldChar folds it: upper case to lower, white space to a space. */
function foldCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  return c >= 9 && c <= 13 ? 32 : c;
}

const codeKey = (a: number, b: number, c = 0): number => a * 0x1000000 + b * 0x1000 + c;

/**
 * The lexicon's lab names by their first three characters (folded; names of one or two
 * characters, `CK`, `C3`, whole): most words of a note are skipped without a lookup.
 */
function prefixes(lexicon: Lexicon): Prefixes {
  let p = starts.get(lexicon);
  if (!p) {
    p = { three: new Set(), short: new Set(), threeCodes: new Set(), shortCodes: new Set() };
    for (const n of lexicon.labNames()) {
      const name = [...n.label.trim().replace(/\s+/g, ' ').slice(0, 3)].map(foldChar).join('');
      (name.length < 3 ? p.short : p.three).add(name);
      if (/^[\x00-\x7f]{2,3}$/.test(name)) {
        const [a, b, c] = [...name].map((ch) => ch.charCodeAt(0));
        if (name.length < 3) p.shortCodes.add(codeKey(a, b));
        else p.threeCodes.add(codeKey(a, b, c));
      }
    }
    starts.set(lexicon, p);
  }
  return p;
}

/** Whether a lab name may start at `i`: its first characters begin one of the lexicon's names. */
function mayStart(text: string, lower: string, aligned: boolean, i: number, p: Prefixes): boolean {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const c = text.charCodeAt(i + 2);
  if (a < 128 && b < 128 && (c < 128 || c !== c)) {
    const fa = foldCode(a);
    const fb = foldCode(b);
    return p.shortCodes.has(codeKey(fa, fb)) || (c === c && p.threeCodes.has(codeKey(fa, fb, foldCode(c))));
  }
  let head = aligned ? lower.substr(i, 3) : text.substr(i, 3);
  if (!aligned || /[^\x21-\x7e]/.test(head)) head = [...head].map(foldChar).join('');
  return p.short.has(head.slice(0, 2)) || p.three.has(head);
}

export function findLabs(text: string, lexicon: Lexicon, claimed: (s: number, e: number) => boolean): Span[] {
  const out: Span[] = [];
  const p = prefixes(lexicon);
  // Lower-cased once (when that keeps offsets), so a word's first characters cost a substring, not a fold per character.
  const lower = text.toLowerCase();
  const aligned = lower.length === text.length;
  const words = wordStarts(text);
  let after = 0;
  for (let w = 0; w < words.length; w++) {
    const i = words[w];
    if (i < after || (i > 0 && text.charCodeAt(i - 1) === 45)) continue; // inside the last lab, or after `-`
    if (!mayStart(text, lower, aligned, i, p)) continue;
    const window = text.slice(i, i + 80 + VALUE_WINDOW);
    const name = lexicon.matchLabPrefix(window);
    if (!name) continue;
    const span = valueAfter(text, i, name.length, lexicon);
    if (span && !claimed(span.start, span.end)) {
      out.push(span);
      after = span.end;
    }
  }
  return out;
}

function valueAfter(text: string, start: number, nameLength: number, lexicon: Lexicon): Span | undefined {
  const afterName = start + nameLength;
  const rest = text.slice(afterName, afterName + VALUE_WINDOW);
  // The value follows the name directly, or after `:` / `=`.
  const lead = /^(?:[ \t]*[:=])?[ \t\u00a0]*/.exec(rest)?.[0] ?? '';
  if (!lead.length && !/^[:=]/.test(rest)) return undefined;
  const valueText = rest.slice(lead.length);
  // A number, a comparator, or a word that may start a result (`positive`, `not detected`).
  if (!/^\p{L}/u.test(valueText) && !startsValue(valueText)) return undefined;
  // `CK was normal`, `CRP of 12`: prose around a value; curators wrap the analyte and the value.
  if (/^(?:was|were|is|are|of|at|level|levels|value)\b/i.test(valueText)) return undefined;
  // Candidate ends: after each of the next few tokens, trailing punctuation dropped; longest first.
  const ends = labelEnds(valueText, MAX_TOKENS, '\n', (t) => /^[a-z]{4,}$/.test(t) && !VALUE_WORDS.test(t));
  for (const end of ends.reverse()) {
    const label = text.slice(start, afterName + lead.length + end);
    if (label.includes(HOLE) || label.includes('[') || label.includes(']')) continue;
    const key = cleanLab(label, lexicon);
    if (key) return { start, end: start + label.length, key };
  }
  return undefined;
}
