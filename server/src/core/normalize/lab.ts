// Normalizes a lab label (`CK 13,600 U/L`, `anti-Jo-1 1:320`, `MMT8 149/150`) against the
// lab lexicon (spec section 2 "lab"): split analyte from value, read the value (quantity,
// titer, score or qualitative result), convert quantities to the analyte's canonical unit,
// and derive the reference interval, × ULN and the low/normal/high flag.
import { distance } from 'fastest-levenshtein';
import type { LabNormalized } from '../model.ts';
import type { LabEntry } from '../lexicon/types.ts';
import type { LabelProblem } from '../diagnostics/codes.ts';
import type { Respell } from './dose.ts';
import { formatAmount } from './dose.ts';
import { parseQuantity } from './numbers.ts';
import { readLabValue, startsValue, type LabValue } from './labValue.ts';
import { convert, roundSignificant, spellUnit } from './units.ts';

/** What normalizeLab needs from the lexicon (the Lexicon class provides it). */
export interface LabLookup {
  findLab(name: string): LabEntry | undefined;
  matchLabPrefix(text: string): { entry: LabEntry; length: number } | undefined;
  suggestLabs(name: string, limit?: number): LabEntry[];
  lab(key: string): LabEntry | undefined;
}

export interface LabResult {
  normalized: LabNormalized | null;
  problems: LabelProblem[];
  respell?: Respell;
}

interface Split {
  entry: LabEntry | undefined;
  analyte: string;
  /** Where the analyte sits in the label (for did-you-mean fixes); null when it came from test=. */
  analyteStart: number | null;
  analyteEnd: number;
  /** Offset of the value text in the label. */
  valueStart: number;
}

// Words a curator puts between analyte and value: `CK level 2,400`, `CK: 2400`, `anti-Jo-1 titer 1:320`.
const FILLER = /(?:\s*[:=]|\s+(?:level|levels|titer|titre|count|value|was|of|at))+$/i;

/** Splits a label into analyte and value and looks the analyte up. */
function split(label: string, attrs: Record<string, string>, labs: LabLookup): Split {
  const test = attrs.test?.trim();
  if (test) {
    const entry = labs.findLab(test) ?? labs.lab(test);
    const lead = label.length - label.trimStart().length;
    // Lenient: `:lab[CK 13,600 U/L]{test=CK}` also reads.
    const valueStart = startsValue(label.trimStart()) ? lead : heuristicSplit(label)?.valueStart ?? lead;
    return { entry, analyte: test, analyteStart: null, analyteEnd: 0, valueStart };
  }
  const h = heuristicSplit(label);
  if (h) {
    const entry = labs.findLab(h.analyte);
    if (entry) return { entry, ...h };
    const trimmed = h.analyte.replace(FILLER, '');
    const bare = trimmed && trimmed !== h.analyte ? labs.findLab(trimmed) : undefined;
    if (bare) return { entry: bare, ...h, analyte: trimmed, analyteEnd: h.analyteStart + trimmed.length };
  }
  const lead = label.length - label.trimStart().length;
  const prefix = labs.matchLabPrefix(label.slice(lead));
  if (prefix && prefix.length > 0) {
    const end = lead + prefix.length;
    const rest = label.slice(end);
    const gap = /^[\s:=]*/.exec(rest)?.[0].length ?? 0;
    // `CK 95` or `CK high?` (known analyte, unreadable value); not `CK-MB 5` nor `CK MB 5`.
    if (rest.trim() === '' || (gap > 0 && (!h || startsValue(rest.slice(gap))))) {
      return { entry: prefix.entry, analyte: label.slice(lead, end), analyteStart: lead, analyteEnd: end, valueStart: end + gap };
    }
  }
  if (h) return { entry: undefined, ...h };
  const analyte = label.trim();
  return { entry: undefined, analyte, analyteStart: lead, analyteEnd: lead + analyte.length, valueStart: label.length };
}

/** The analyte is the text before the first white-space-separated token that starts a value. */
function heuristicSplit(label: string): { analyte: string; analyteStart: number; analyteEnd: number; valueStart: number } | null {
  const tokens = [...label.matchAll(/\S+/g)];
  for (let i = 1; i < tokens.length; i++) {
    const start = tokens[i].index ?? 0;
    if (!startsValue(label.slice(start))) continue;
    const analyteStart = tokens[0].index ?? 0;
    const analyte = label.slice(analyteStart, start).trim();
    return { analyte, analyteStart, analyteEnd: analyteStart + analyte.length, valueStart: start };
  }
  return null;
}

function closestName(entry: LabEntry, typed: string): string {
  const names = [entry.name, ...entry.synonyms];
  const t = typed.toLowerCase();
  return names.reduce((best, n) => (distance(n.toLowerCase(), t) < distance(best.toLowerCase(), t) ? n : best), names[0]);
}

function sexKey(sex: string | null): 'F' | 'M' | null {
  const s = sex?.trim().toLowerCase();
  if (s === 'f' || s === 'female' || s === 'w') return 'F';
  if (s === 'm' || s === 'male') return 'M';
  return null;
}

function ucumOf(unit: string): string | null {
  const spelled = spellUnit(unit);
  return 'ucum' in spelled ? spelled.ucum : null;
}

/** Converts a value in `ucum` to the lab's canonical unit; null when it does not convert. */
export function toLabUnit(value: number, ucum: string, entry: LabEntry): number | null {
  const canonical = entry.unit;
  if (!canonical || ucum === canonical) return value;
  for (const u of entry.units ?? []) {
    if (u.factor === undefined) continue;
    if (u.unit === ucum || ucumOf(u.unit) === ucum) return roundSignificant(value * u.factor);
  }
  const direct = convert(value, ucum, canonical, entry.molarMass);
  if (direct !== null) return direct;
  // For enzyme activities an "IU" is the enzyme unit U (1 µmol/min), not UCUM's arbitrary [IU].
  if (ucum.includes('[IU]') && /(?:^|[^A-Za-z[])[kmu]?U(?![A-Za-z\]])/.test(canonical)) {
    return convert(value, ucum.replaceAll('[IU]', 'U'), canonical, entry.molarMass);
  }
  return null;
}

function unitList(entry: LabEntry): string {
  const others = (entry.units ?? []).map((u) => u.unit).filter((u) => u !== entry.unit);
  return others.length ? `${entry.unit} (or ${others.join(', ')})` : `${entry.unit}`;
}

export function normalizeLab(label: string, attrs: Record<string, string>, labs: LabLookup, sex: string | null): LabResult {
  const problems: LabelProblem[] = [];
  const s = split(label, attrs, labs);
  const valueText = label.slice(s.valueStart);
  if (!s.entry) {
    const suggestions = s.analyte ? labs.suggestLabs(s.analyte, 3) : [];
    const fixes = s.analyteStart === null ? [] : suggestions.map((e, i) => {
      const name = closestName(e, s.analyte);
      return { title: `Change to "${name}" (${e.name})`, label: label.slice(0, s.analyteStart ?? 0) + name + label.slice(s.analyteEnd), preferred: i === 0 };
    });
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((e) => `"${closestName(e, s.analyte)}"`).join(', ')}?` : '';
    const what = s.analyte ? `"${s.analyte}" is not in the lab lexicon.` : 'No analyte: write e.g. CK 95 U/L, or give test=.';
    problems.push({ code: 'unknown-lab', message: what + hint, ...(fixes.length ? { fixes } : {}) });
    const v = readLabValue(valueText, undefined);
    if (v.kind === 'error' && valueText.trim() === '') {
      problems.push({ code: 'missing-value', message: s.analyte ? `No value after "${s.analyte}".` : 'Empty lab: write e.g. CK 95 U/L.' });
    } else if (v.kind === 'error') problems.push(valueProblem(v, label, s.valueStart));
    if (v.kind === 'quantity' && v.unitText && 'error' in spellUnit(v.unitText)) {
      problems.push(unitProblem(v, label, s.valueStart));
    }
    return { normalized: null, problems };
  }
  const entry = s.entry;
  const v = readLabValue(valueText, entry);
  if (v.kind === 'error') {
    if (v.code === 'missing-value' && valueText.trim() === '') {
      problems.push({ code: 'missing-value', message: `No value for ${s.analyte}: write e.g. ${example(entry)}.` });
    } else problems.push(valueProblem(v, label, s.valueStart));
    return { normalized: null, problems };
  }
  const base = { key: entry.key, name: entry.name, loinc: entry.loinc, scoreMax: entry.scoreMax ?? null };
  const empty = { value: null, valueEnd: null, unit: null, comparator: null, lln: null, uln: null, xUln: null };
  if (v.kind === 'qualitative') {
    return { normalized: { ...base, ...empty, valueKind: 'qualitative', result: v.result, flag: v.flag, original: { value: null, unit: null } }, problems };
  }
  if (v.kind === 'titer') {
    const normalized: LabNormalized = { ...base, ...empty, valueKind: 'titer', value: v.value, comparator: v.comparator, result: v.result, flag: null, original: { value: v.value, unit: null } };
    return { normalized, problems };
  }
  if (v.kind === 'score') {
    if (v.value < 0 || (v.valueEnd ?? v.value) > v.max) {
      problems.push({ code: 'implausible-lab', message: `${s.analyte} ${v.result} is outside 0–${v.max}.` });
    }
    const normalized: LabNormalized = {
      ...base, ...empty, valueKind: 'score', value: v.value, valueEnd: v.valueEnd, comparator: v.comparator,
      unit: entry.unit, result: v.result, scoreMax: v.max, flag: null, original: { value: v.value, unit: null },
    };
    return { normalized, problems };
  }
  return quantity(label, attrs, entry, s, v, sex, base, problems);
}

function example(entry: LabEntry): string {
  if (entry.kind === 'qualitative') return `${entry.synonyms[0] ?? entry.name} positive`;
  if (entry.kind === 'titer') return `${entry.synonyms[0] ?? entry.name} 1:320`;
  if (entry.kind === 'score') return `${entry.synonyms[0] ?? entry.name} ${entry.scoreMax ?? 100}/${entry.scoreMax ?? 100}`;
  return `${entry.synonyms[0] ?? entry.name} 95${entry.unit ? ' ' + entry.unit : ''}`;
}

function valueProblem(v: Extract<LabValue, { kind: 'error' }>, label: string, valueStart: number): LabelProblem {
  const fixes = v.suggestion ? [{ title: `Write "${v.suggestion}"`, label: label.slice(0, valueStart) + v.suggestion, preferred: true }] : undefined;
  return { code: v.code, message: v.message, ...(fixes ? { fixes } : {}) };
}

function unitProblem(v: Extract<LabValue, { kind: 'quantity' }>, label: string, valueStart: number): LabelProblem {
  const spelled = spellUnit(v.unitText);
  const error = 'error' in spelled ? spelled : { error: `Unknown unit "${v.unitText}".`, suggestion: undefined };
  const at = valueStart + v.unitStart;
  const fixes = error.suggestion
    ? [{ title: `Write the unit as "${error.suggestion}"`, label: label.slice(0, at) + error.suggestion + label.slice(at + v.unitText.length), preferred: true }]
    : undefined;
  return { code: 'unknown-unit', message: error.error, ...(fixes ? { fixes } : {}) };
}

type Base = Pick<LabNormalized, 'key' | 'name' | 'loinc' | 'scoreMax'>;

function quantity(
  label: string, attrs: Record<string, string>, entry: LabEntry, s: Split,
  v: Extract<LabValue, { kind: 'quantity' }>, sex: string | null, base: Base, problems: LabelProblem[],
): LabResult {
  const { value, valueEnd, comparator } = v.number;
  let ucum: string | null = null;
  let respell: Respell | undefined;
  if (v.unitText === '') {
    if (entry.unit && entry.unit !== '1') {
      const at = s.valueStart + v.unitStart;
      const fixed = label.slice(0, at).trimEnd() + ' ' + entry.unit + label.slice(at);
      problems.push({ code: 'unknown-unit', message: `${s.analyte} needs a unit: write e.g. ${label.slice(s.valueStart, at).trim()} ${entry.unit}.`, fixes: [{ title: `Add the unit ${entry.unit}`, label: fixed }] });
      return { normalized: null, problems };
    }
  } else {
    const spelled = spellUnit(v.unitText);
    if ('error' in spelled) {
      problems.push(unitProblem(v, label, s.valueStart));
      return { normalized: null, problems };
    }
    ucum = spelled.ucum;
    if (spelled.respelled) {
      const at = s.valueStart + v.unitStart;
      respell = { label: label.slice(0, at) + spelled.display + label.slice(at + v.unitText.length), title: `Write the unit as ${spelled.display}` };
    }
  }
  const canonicalUnit = entry.unit ?? ucum;
  const toCanonical = (x: number): number | null => (ucum === null ? x : toLabUnit(x, ucum, entry));
  const cValue = toCanonical(value);
  const cEnd = valueEnd === null ? null : toCanonical(valueEnd);
  if (cValue === null || (valueEnd !== null && cEnd === null)) {
    problems.push({ code: 'lab-unit-mismatch', message: `${entry.name} is measured in ${unitList(entry)}; ${v.unitText} does not convert to ${entry.unit}.` });
    return { normalized: null, problems, ...(respell ? { respell } : {}) };
  }
  const interval = referenceInterval(attrs, entry, sex, ucum, problems);
  const { lln, uln } = interval;
  const xUln = uln !== null && uln > 0 ? Math.round((cValue / uln) * 100) / 100 : null;
  const flag = lln !== null && cValue < lln ? 'low' : uln !== null && cValue > uln ? 'high' : lln !== null || uln !== null ? 'normal' : null;
  const p = entry.plausible;
  if (p && (cValue < p.min || (cEnd ?? cValue) > p.max)) {
    const shown = cEnd === null ? formatAmount(cValue) : `${formatAmount(cValue)}–${formatAmount(cEnd)}`;
    problems.push({ code: 'implausible-lab', message: `${entry.name} ${shown} ${canonicalUnit ?? ''} is outside the plausible ${formatAmount(p.min)}–${formatAmount(p.max)} ${canonicalUnit ?? ''}: a typo or a unit slip?`.replace(/ {2,}/g, ' ') });
  }
  const normalized: LabNormalized = {
    ...base, valueKind: 'quantity', value: cValue, valueEnd: cEnd, unit: canonicalUnit, comparator, result: null,
    lln, uln, xUln, flag, original: { value, unit: v.unitText === '' ? null : v.unitText },
  };
  return { normalized, problems, ...(respell ? { respell } : {}) };
}

/**
 * The reference interval in the canonical unit: `lln=` / `uln=` each replace their end of
 * the lexicon's interval; they are read in the unit the value was written in unless they
 * carry their own (papers print "ULN 170 U/L" beside values in the same unit).
 */
function referenceInterval(
  attrs: Record<string, string>, entry: LabEntry, sex: string | null, ucum: string | null, problems: LabelProblem[],
): { lln: number | null; uln: number | null } {
  const key = sexKey(sex);
  const ref = (key && entry.referenceBySex?.[key]) || entry.reference;
  const read = (name: 'lln' | 'uln', fallback: number | null): number | null => {
    const raw = attrs[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const q = parseQuantity(raw);
    if (!q.ok) {
      problems.push({ code: 'bad-number', message: `${name}=${raw}: ${q.message}` });
      return fallback;
    }
    let unit = ucum;
    if (q.unitText) {
      const spelled = spellUnit(q.unitText);
      if ('error' in spelled) {
        problems.push({ code: 'unknown-unit', message: `${name}=${raw}: ${spelled.error}` });
        return fallback;
      }
      unit = spelled.ucum;
    }
    const converted = unit === null ? q.number.value : toLabUnit(q.number.value, unit, entry);
    if (converted === null) {
      problems.push({ code: 'lab-unit-mismatch', message: `${name}=${raw} does not convert to ${entry.unit}.` });
      return fallback;
    }
    return converted;
  };
  return { lln: read('lln', ref?.low ?? null), uln: read('uln', ref?.high ?? null) };
}
