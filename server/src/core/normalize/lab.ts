// Normalizes a lab label (`CK 13,600 U/L`, `anti-Jo-1 1:320`, `MMT8 149/150`) against the
// lab lexicon (spec section 2 "lab"): split analyte from value, read the value (quantity,
// titer, score or qualitative result), convert quantities to the analyte's canonical unit,
// and derive the reference interval, × ULN and the low/normal/high flag.
import { distance } from 'fastest-levenshtein';
import type { Comparator, LabNormalized } from '../model.ts';
import type { LabEntry } from '../lexicon/types.ts';
import type { LabelProblem } from '../diagnostics/codes.ts';
import type { Respell } from './dose.ts';
import { formatAmount } from './dose.ts';
import { ambiguityProblems, parseQuantity } from './numbers.ts';
import { readLabValue, startsValue, type LabValue } from './labValue.ts';
import { convert, roundSignificant, spellUnit } from './units.ts';

/** What normalizeLab needs from the lexicon (the Lexicon class provides it). */
export interface LabLookup {
  findLab(name: string): LabEntry | undefined;
  matchLabPrefix(text: string): { entry: LabEntry; length: number } | undefined;
  suggestLabs(name: string, limit?: number): LabEntry[];
  lab(key: string): LabEntry | undefined;
  /** Entries that are other measures of the analyte `key` (`measureOf`). */
  measuresOf(key: string): readonly LabEntry[];
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
      problems.push(unitProblem(v, label, s.valueStart, []));
    }
    return { normalized: null, problems };
  }
  const found = s.entry;
  const family = familyOf(found, labs);
  const v = readLabValue(valueText, found);
  if (v.kind === 'error') {
    if (v.code === 'missing-value' && valueText.trim() === '') {
      problems.push({ code: 'missing-value', message: `No value for ${s.analyte}: write e.g. ${example(found)}.` });
    } else problems.push(valueProblem(v, label, s.valueStart));
    return { normalized: null, problems };
  }
  const base = (e: LabEntry): Base => ({ key: e.key, name: e.name, measureOf: e.measureOf ?? null, loinc: e.loinc, scoreMax: e.scoreMax ?? null });
  const empty = { value: null, valueEnd: null, unit: null, comparator: null, lln: null, uln: null, xUln: null, referenceSource: null };
  if (v.kind === 'qualitative' || v.kind === 'titer') {
    // A qualitative result or a titer is its own measure where the lexicon has one (its own LOINC).
    const entry = (found.kind === v.kind ? found : family.find((e) => e.kind === v.kind)) ?? found;
    if (v.kind === 'qualitative') {
      return { normalized: { ...base(entry), ...empty, valueKind: 'qualitative', result: v.result, flag: v.flag, original: { value: null, unit: null } }, problems };
    }
    return { normalized: { ...base(entry), ...empty, valueKind: 'titer', value: v.value, comparator: v.comparator, result: v.result, flag: null, original: { value: v.value, unit: null } }, problems };
  }
  if (v.kind === 'grade') {
    if (found.scoreMax != null && v.value > found.scoreMax) {
      problems.push({ code: 'implausible-lab', message: `${s.analyte} ${v.result} is above the highest grade, ${found.scoreMax}.` });
    }
    return { normalized: { ...base(found), ...empty, valueKind: 'grade', value: v.value, result: v.result, flag: null, original: { value: v.value, unit: null } }, problems };
  }
  if (v.kind === 'score') {
    // A score out of another maximum is another measure (MMT8 out of 80 or 150), never rescaled.
    const entry = found.scoreMax == null || found.scoreMax === v.max ? found : family.find((e) => e.scoreMax === v.max);
    if (!entry) {
      const maxima = [...new Set(family.map((e) => e.scoreMax).filter((m): m is number => m != null))].join(' or ');
      problems.push({ code: 'lab-unit-mismatch', message: `${found.name} is scored out of ${maxima}; ${v.result} is another scale, which CaseMark does not convert. Add a measure to the lexicon, or write the score on its scale.` });
      return { normalized: null, problems };
    }
    if (v.value < 0 || (v.valueEnd ?? v.value) > v.max) {
      problems.push({ code: 'implausible-lab', message: `${s.analyte} ${v.result} is outside 0–${v.max}.` });
    }
    const normalized: LabNormalized = {
      ...base(entry), ...empty, valueKind: 'score', value: v.value, valueEnd: v.valueEnd, comparator: v.comparator,
      unit: entry.unit, result: v.result, scoreMax: v.max, flag: null, original: { value: v.value, unit: null },
    };
    return { normalized, problems };
  }
  if (v.ambiguous) problems.push(...ambiguityProblems(label, s.valueStart, v.ambiguous));
  return quantity(label, attrs, found, family, s, v, sex, problems);
}

/** The analyte's measures: the entry found first, then the analyte and its other measures. */
function familyOf(found: LabEntry, labs: LabLookup): LabEntry[] {
  const head = found.measureOf ? labs.lab(found.measureOf) ?? found : found;
  const all = [head, ...labs.measuresOf(head.key)];
  return [found, ...all.filter((e) => e !== found)];
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

function unitProblem(v: Extract<LabValue, { kind: 'quantity' }>, label: string, valueStart: number, accepted: string[]): LabelProblem {
  const spelled = spellUnit(v.unitText);
  const error = 'error' in spelled ? spelled : { error: `Unknown unit "${v.unitText}".`, suggestions: [] };
  const at = valueStart + v.unitStart;
  // The lab's own units first when they are close, then the closest spellings papers use.
  const typed = v.unitText.toLowerCase();
  const own = accepted.filter((u) => distance(u.toLowerCase(), typed) <= Math.max(1, Math.floor(typed.length / 3)));
  const caseSlip = error.suggestions.filter((u) => u.toLowerCase() === typed);
  const units = [...new Set([...caseSlip, ...own, ...error.suggestions])].slice(0, 3);
  const fixes = units.map((u, i) => ({ title: `Write the unit as "${u}"`, label: label.slice(0, at) + u + label.slice(at + v.unitText.length), preferred: i === 0 }));
  return { code: 'unknown-unit', message: error.error, ...(fixes.length ? { fixes } : {}) };
}

type Base = Pick<LabNormalized, 'key' | 'name' | 'measureOf' | 'loinc' | 'scoreMax'>;

/** Annotations (`{1.73_m2}`) a conversion may not drop or add: all but counts (`{cells}`, `{copies}`). */
function measureAnnotations(ucum: string): string {
  return (ucum.match(/\{[^}]*\}/g) ?? []).filter((a) => !/^\{(?:cells?|copies|count)\}$/i.test(a)).sort().join('');
}

/**
 * Converts to the entry's canonical unit, or null. UCUM treats `{…}` annotations as 1, so
 * `mL/min` would "convert" to `mL/min/{1.73_m2}`: another measure silently relabelled. A
 * conversion must keep the measure's annotations.
 */
function toMeasure(value: number, ucum: string | null, entry: LabEntry): number | null {
  if (ucum === null || !entry.unit) return ucum === null ? value : null;
  // A unit the entry lists is one the lexicon says measures the same thing.
  const listed = (entry.units ?? []).some((u) => u.unit === ucum || ucumOf(u.unit) === ucum);
  if (!listed && measureAnnotations(ucum) !== measureAnnotations(entry.unit)) return null;
  return toLabUnit(value, ucum, entry);
}

function quantity(
  label: string, attrs: Record<string, string>, found: LabEntry, family: LabEntry[], s: Split,
  v: Extract<LabValue, { kind: 'quantity' }>, sex: string | null, problems: LabelProblem[],
): LabResult {
  const { value, valueEnd, comparator } = v.number;
  let ucum: string | null = null;
  let respell: Respell | undefined;
  if (v.unitText === '') {
    if (found.unit && found.unit !== '1' && !found.unit.startsWith('{')) {
      const at = s.valueStart + v.unitStart;
      const fixed = label.slice(0, at).trimEnd() + ' ' + found.unit + label.slice(at);
      problems.push({ code: 'unknown-unit', message: `${s.analyte} needs a unit: write e.g. ${label.slice(s.valueStart, at).trim()} ${found.unit}.`, fixes: [{ title: `Add the unit ${found.unit}`, label: fixed }] });
      return { normalized: null, problems };
    }
  } else {
    const spelled = spellUnit(v.unitText);
    if ('error' in spelled) {
      const accepted = family.flatMap((e) => [e.unit, ...(e.units ?? []).map((u) => u.unit)]).filter((u): u is string => !!u);
      problems.push(unitProblem(v, label, s.valueStart, accepted));
      return { normalized: null, problems };
    }
    ucum = spelled.ucum;
    if (spelled.respelled) {
      const at = s.valueStart + v.unitStart;
      respell = { label: label.slice(0, at) + spelled.display + label.slice(at + v.unitText.length), title: `Write the unit as ${spelled.display}` };
    }
  }
  const withRespell = (r: LabResult): LabResult => (respell ? { ...r, respell } : r);
  // The measure whose unit the value is in: the entry found first, then the analyte's others.
  let entry: LabEntry | undefined;
  let cValue: number | null = null;
  let cEnd: number | null = null;
  for (const e of family) {
    if (e.kind !== 'quantity' && e.kind !== 'score' && e.kind !== 'grade') continue;
    const x = toMeasure(value, ucum, e);
    const y = valueEnd === null ? null : toMeasure(valueEnd, ucum, e);
    if (x !== null && (valueEnd === null || y !== null)) {
      entry = e;
      cValue = x;
      cEnd = y;
      break;
    }
  }
  const relabel = ucum !== null && found.unit !== null && measureAnnotations(ucum) !== measureAnnotations(found.unit) && toLabUnit(1, ucum, found) !== null;
  if (!entry || cValue === null) {
    const why = relabel
      ? ` ${v.unitText} is another measure than ${found.unit} (not the same quantity), and CaseMark does not relabel one as the other.`
      : ` ${v.unitText} does not convert to ${found.unit}.`;
    problems.push({ code: 'lab-unit-mismatch', message: `${found.name} is measured in ${unitList(found)};${why}` });
    return withRespell({ normalized: null, problems });
  }
  if (relabel && entry !== found) {
    // Read as the other measure, but say so: papers also print `mL/min` for eGFR per 1.73 m².
    problems.push({
      code: 'lab-unit-mismatch',
      severity: 'warning',
      message: `${v.unitText} is not ${found.unit}: read as ${entry.name}. If the paper means ${found.unit}, write that unit.`,
    });
  }
  if (entry.kind === 'grade' && Number.isInteger(cValue) && valueEnd === null) {
    return withRespell({ normalized: {
      key: entry.key, name: entry.name, measureOf: entry.measureOf ?? null, loinc: entry.loinc, scoreMax: entry.scoreMax ?? null, valueKind: 'grade', value: cValue, valueEnd: null,
      unit: null, comparator: null, result: `grade ${cValue}`, lln: null, uln: null, xUln: null, referenceSource: null, flag: null,
      original: { value, unit: v.unitText === '' ? null : v.unitText },
    }, problems });
  }
  const canonicalUnit = entry.unit ?? ucum;
  const interval = referenceInterval(attrs, entry, sex, ucum, problems);
  const p = entry.plausible;
  if (p && (cValue < p.min || (cEnd ?? cValue) > p.max)) {
    const shown = cEnd === null ? formatAmount(cValue) : `${formatAmount(cValue)}–${formatAmount(cEnd)}`;
    problems.push({ code: 'implausible-lab', message: `${entry.name} ${shown} ${canonicalUnit ?? ''} is outside the plausible ${formatAmount(p.min)}–${formatAmount(p.max)} ${canonicalUnit ?? ''}: a typo or a unit slip?`.replace(/ {2,}/g, ' ') });
  }
  const normalized = withLimits({
    key: entry.key, name: entry.name, measureOf: entry.measureOf ?? null, loinc: entry.loinc, scoreMax: entry.scoreMax ?? null,
    valueKind: 'quantity', value: cValue, valueEnd: cEnd, unit: canonicalUnit, comparator, result: null,
    lln: null, uln: null, xUln: null, referenceSource: null, flag: null, original: { value, unit: v.unitText === '' ? null : v.unitText },
  }, interval.lln, interval.uln, interval.source);
  return withRespell({ normalized, problems });
}

/**
 * The value with a reference interval applied: × ULN and the flag. The flag is only what the
 * value proves: `<5` against ULN 5 is normal, `<500` against ULN 150 proves nothing (null),
 * `>1000` against ULN 170 is high; a range is flagged only when both ends agree. × ULN is
 * given for a single exact value only.
 */
export function withLimits(n: LabNormalized, lln: number | null, uln: number | null, source: LabNormalized['referenceSource']): LabNormalized {
  const exact = n.comparator === null && n.valueEnd === null && n.value !== null;
  const xUln = exact && uln !== null && uln > 0 ? Math.round(((n.value as number) / uln) * 100) / 100 : null;
  const flag = n.value === null ? null : flagOf(n.value, n.valueEnd, n.comparator, lln, uln);
  return { ...n, lln, uln, xUln, flag, referenceSource: lln === null && uln === null ? null : source };
}

function flagOf(value: number, valueEnd: number | null, comparator: Comparator | null, lln: number | null, uln: number | null): LabNormalized['flag'] {
  if (lln === null && uln === null) return null;
  // A lower limit of 0 or less bounds nothing a measured value can fall below.
  const low = lln !== null && lln > 0 ? lln : null;
  const lo = value;
  const hi = valueEnd ?? value;
  switch (comparator) {
    case null:
      if (low !== null && hi < low) return 'low';
      if (uln !== null && lo > uln) return 'high';
      if ((low === null || lo >= low) && (uln === null || hi <= uln)) return 'normal';
      return null;
    case '<':
      if (low !== null && hi <= low) return 'low';
      return low === null && uln !== null && hi <= uln ? 'normal' : null;
    case '<=':
      if (low !== null && hi < low) return 'low';
      return low === null && uln !== null && hi <= uln ? 'normal' : null;
    case '>':
      if (uln !== null && lo >= uln) return 'high';
      return uln === null && low !== null && lo >= low ? 'normal' : null;
    case '>=':
      if (uln !== null && lo > uln) return 'high';
      return uln === null && low !== null && lo >= low ? 'normal' : null;
  }
}

/**
 * The reference interval in the canonical unit: `lln=` / `uln=` each replace their end of
 * the lexicon's interval; they are read in the unit the value was written in unless they
 * carry their own (papers print "ULN 170 U/L" beside values in the same unit).
 */
function referenceInterval(
  attrs: Record<string, string>, entry: LabEntry, sex: string | null, ucum: string | null, problems: LabelProblem[],
): { lln: number | null; uln: number | null; source: LabNormalized['referenceSource'] } {
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
  const own = (attrs.lln ?? '').trim() !== '' || (attrs.uln ?? '').trim() !== '';
  return { lln: read('lln', ref?.low ?? null), uln: read('uln', ref?.high ?? null), source: own ? 'attribute' : 'lexicon' };
}
