// Units: the spellings papers print, mapped to UCUM, then validated and converted by
// @lhncbc/ucum-lhc (spec section 1 "Units"). The library is never handed a string with
// white space or non-ASCII characters (it writes to standard output on some bad input,
// which would corrupt a language server speaking LSP over stdio), and every call is made
// with console output muted as a second guard. Results are cached: this runs per
// annotation on every keystroke.
import ucum, { type UcumLhcUtils } from '@lhncbc/ucum-lhc';
import { distance } from 'fastest-levenshtein';

export type UnitSpelling =
  | {
      /** The UCUM code (`ug`, `{cells}/kg`, `10*9/L`). */
      ucum: string;
      /** The curator's spelling with case mistakes fixed (`µmol/l` → `µmol/L`); else as written. */
      display: string;
      /** True when the curator's spelling has a case mistake worth a quick fix (`mg/dl`). */
      respelled: boolean;
    }
  | { error: string; /** The closest known spellings, likeliest first. */ suggestions: string[] };

const MAX_UNIT_LENGTH = 80;
const CACHE_LIMIT = 5000;

let utils: UcumLhcUtils | null = null;

/** Runs a library call with console output muted (stdout belongs to the LSP stream). */
function quietly<T>(call: () => T): T {
  const { log, info, debug } = console;
  const mute = (): void => {};
  console.log = console.info = console.debug = mute;
  try {
    return call();
  } finally {
    console.log = log;
    console.info = info;
    console.debug = debug;
  }
}

function library(): UcumLhcUtils {
  utils ??= quietly(() => ucum.UcumLhcUtils.getInstance());
  return utils;
}

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * Whether a code may be passed to the library: printable ASCII, no white space, and no
 * atom that names an Object.prototype member (the library looks units up in plain
 * objects, so `constructor` would "validate" and `mg/constructor` throws and prints).
 */
function safeForLibrary(code: string): boolean {
  if (code.length === 0 || code.length > MAX_UNIT_LENGTH || !/^[\x21-\x7e]+$/.test(code)) return false;
  const atoms = code.replace(/\{[^}]*\}/g, '').match(/[A-Za-z_]+/g) ?? [];
  return !atoms.some((atom) => atom in Object.prototype);
}

const validity = new Map<string, { valid: boolean; suggestion?: string }>();

function validate(code: string): { valid: boolean; suggestion?: string } {
  const hit = validity.get(code);
  if (hit) return hit;
  let result: { valid: boolean; suggestion?: string } = { valid: false };
  if (safeForLibrary(code)) {
    try {
      const v = quietly(() => library().validateUnitString(code, true));
      if (v.status === 'valid') result = { valid: true };
      else {
        const suggestion = v.ucumCode ?? v.suggestions?.[0]?.units?.[0]?.[0];
        result = suggestion ? { valid: false, suggestion } : { valid: false };
      }
    } catch {
      result = { valid: false };
    }
  }
  return remember(validity, code, result);
}

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '',
};
const TIME_ATOMS: [RegExp, string][] = [
  [/^(?:days?|d)$/i, 'd'],
  [/^(?:weeks?|wks?)$/i, 'wk'],
  [/^(?:months?|mos?)$/i, 'mo'],
  [/^(?:years?|yrs?|y)$/i, 'a'],
  [/^(?:hours?|hrs?|h)$/i, 'h'],
  [/^(?:minutes?|mins?)$/i, 'min'],
  [/^(?:24 ?h|24 ?hrs?|24 ?hours)$/i, 'd'],
];
// A period written as a word after the amount: `15 mg weekly`, `2 g daily`.
const PERIOD_WORDS: [RegExp, string][] = [
  [/\s*(?:once\s+)?(?:daily|a\s+day|per\s+day|\/\s*day|q\.?d\.?)$/i, '/d'],
  [/\s*(?:once\s+)?(?:weekly|a\s+week|per\s+week|\/\s*week)$/i, '/wk'],
  [/\s*(?:once\s+)?(?:monthly|a\s+month|per\s+month|\/\s*month)$/i, '/mo'],
];
// `cells`, `CAR T cells`, `viable CAR+ T cells`, `10*6 CAR-T cells`: a count of cells.
const CELL_PHRASE = /^(?:(10\*-?\d+)\s*)?(?:[A-Za-z][\w+-]*\s+){0,4}cells?$/i;
// A litre atom written in lower case (`l`, `ml`, `dl`, `ul`, ...): valid UCUM, but `L` is canonical.
const LOWER_LITRE = /(^|[/.(])([munpdcfµμ]?)l(?=$|[/.)\d])/g;

/** Maps the spellings papers use to UCUM; the result may still be invalid or contain spaces. */
function mapPaperSpelling(written: string): string {
  let u = written.replace(/10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_m, e: string) => `10^${[...e].map((c) => SUPERSCRIPTS[c]).join('')}`);
  u = u.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]/g, (c) => SUPERSCRIPTS[c] ?? c);
  u = u.replace(/[µμ]/g, 'u').replace(/(?<![A-Za-z])mcg(?![A-Za-z])/gi, 'ug').replace(/\u2212/g, '-');
  u = u.replace(/^[×xX*·⋅]\s*(?=10)/, '');
  u = u.replace(/10\s*\^\s*([-+]?)\s*(\d+)/g, (_m, sign: string, digits: string) => `10*${sign === '-' ? '-' : ''}${digits}`);
  for (const [re, period] of PERIOD_WORDS) if (re.test(u) && !/^\s*(?:once\s+)?(?:daily|weekly|monthly)/i.test(u)) u = u.replace(re, period);
  // D-dimer in fibrinogen-equivalent or D-dimer units: `mg/L FEU`, `ng/mL DDU`.
  u = u.replace(/\s*\(?\b(FEU|DDU)\)?$/i, (_m, what: string) => `{${what.toUpperCase()}}`);
  // eGFR per body surface: `mL/min/1.73 m2`, `mL/min per 1.73 m²`, `ml/min/1.73m^2`.
  u = u.replace(/(?:\s*\/\s*|\s+per\s+)1\.73\s*m\^?2\b/gi, '/{1.73_m2}');
  u = u.replace(/\s+per\s+/gi, '/').replace(/^per\s+/i, '/').replace(/\s*\/\s*/g, '/');
  u = u
    .split('/')
    .map((part, i) => {
      const p = part.trim();
      const cells = CELL_PHRASE.exec(p);
      if (cells) return cells[1] ? `${cells[1]}.{cells}` : '{cells}';
      if (i > 0) for (const [re, code] of TIME_ATOMS) if (re.test(p)) return code;
      if (/^kilograms?$|^kg\s*(?:bw|body\s*weight)$/i.test(p)) return 'kg';
      if (/^(?:copies|cp)$/i.test(p)) return '{copies}';
      // `copies/µg DNA`: what the micrograms are of is an annotation.
      const of = /^([a-zA-Z]*g)\s+(DNA|RNA|protein)$/i.exec(p);
      if (of) return `${of[1]}{${of[2]}}`;
      return p;
    })
    .join('/');
  u = u.replace(/(^|[^\w[])([kmMu]?)IU(?![\w\]])/g, '$1$2[IU]');
  u = u.replace(/‰/g, '[ppth]');
  // German "G/L" (Giga per litre, also "Gpt/L"), not UCUM's gauss per litre.
  u = u.replace(/^Gpt\/|^G\/(?=[lL]$)/, '10*9/').replace(/^Tpt\//, '10*12/');
  u = u.replace(/(^|[^A-Za-z])(m?)Eq(?![A-Za-z])/g, '$1$2eq').replace(/(?<![A-Za-z])sec(?![A-Za-z])/g, 's');
  return u;
}

function fixLitreCase(unit: string): string {
  return unit.replace(LOWER_LITRE, (_m, before: string, prefix: string) => `${before}${prefix}L`);
}

const spellings = new Map<string, UnitSpelling>();

/** Maps a unit as written in a paper to UCUM and validates it. Never throws. */
export function spellUnit(text: string): UnitSpelling {
  const hit = spellings.get(text);
  if (hit) return hit;
  return remember(spellings, text, spell(text));
}

function spell(text: string): UnitSpelling {
  const written = text.trim();
  if (written === '') return { error: 'No unit: write one, e.g. mg, mg/kg, U/L or cells/kg.', suggestions: [] };
  if (written.length > MAX_UNIT_LENGTH) return { error: `Unknown unit "${written.slice(0, 30)}…": too long for a unit.`, suggestions: [] };
  const mapped = mapPaperSpelling(written);
  const code = fixLitreCase(mapped);
  const respelled = code !== mapped;
  if (validate(code).valid) {
    return { ucum: code, display: respelled ? fixLitreCase(written) : written, respelled };
  }
  const suggestions = closestSpellings(written, code);
  const hint = suggestions.length
    ? ` Did you mean ${suggestions.map((x) => `"${x}"`).join(', ')}?`
    : ' Write a UCUM unit or a spelling papers use (mg, mg/kg, U/L, 10^9/L, cells/kg).';
  return { error: `Unknown unit "${written}".${hint}`, suggestions };
}

// Spellings offered for an unknown unit: what papers print for doses and labs.
const KNOWN_SPELLINGS = [
  'mg', 'g', 'µg', 'ng', 'kg', 'mL', 'L', 'mg/kg', 'g/kg', 'µg/kg', 'mg/m²', 'g/m²', 'mg/day', 'g/day', 'mg/kg/day',
  'g/kg/day', 'mg/m²/day', 'µg/kg/day', 'mg/week', 'mg/month', 'IU', 'IU/kg', 'IU/m²', 'cells/kg', 'cells',
  'U/L', 'U/mL', 'IU/mL', 'IU/L', 'kU/L', 'mg/L', 'mg/dL', 'g/L', 'g/dL', 'µg/L', 'µg/mL', 'ng/mL', 'ng/L', 'pg/mL',
  'µmol/L', 'mmol/L', 'nmol/L', 'mmol/mol', 'mg/g', 'mg/mmol', 'g/24 h', 'mg/24 h', '/µL', 'cells/µL', '10^9/L',
  '10^3/µL', '10^12/L', '%', 'mL/min', 'mL/min/1.73 m²', 'mm/h', 'copies/mL', 'copies/µg', 'fL', 'pg', 's',
];

/** The closest known spellings (case slips first, then edit distance), each a valid unit. */
function closestSpellings(written: string, code: string): string[] {
  const out: string[] = [];
  const add = (x: string | undefined): void => {
    if (x && x !== written && !out.includes(x) && out.length < 3 && !('error' in spellUnitQuiet(x))) out.push(x);
  };
  add(suggestFor(code));
  const typed = written.toLowerCase().replace(/\s+/g, '');
  const max = Math.max(1, Math.floor(typed.length / 3));
  KNOWN_SPELLINGS
    .map((k) => ({ k, d: distance(typed, k.toLowerCase().replace(/\s+/g, '').replace('µ', 'u')) }))
    .filter((x) => x.d <= max)
    .sort((a, b) => a.d - b.d)
    .forEach((x) => add(x.k));
  return out;
}

/** spellUnit without suggestions (no recursion into closestSpellings). */
function spellUnitQuiet(text: string): { ucum: string } | { error: string } {
  const mapped = fixLitreCase(mapPaperSpelling(text.trim()));
  return validate(mapped).valid ? { ucum: mapped } : { error: 'unknown' };
}

function suggestFor(code: string): string | undefined {
  if (/\s/.test(code)) return undefined;
  // Case first (`MG/DL` → `mg/dL`): the likeliest slip.
  // Lower case throughout, but U stays the enzyme unit (lower-case u is the atomic mass unit).
  const lower = fixLitreCase(code.toLowerCase().replace(/(^|[/.(])([kmn]?)u(?=$|[/.)\d])/g, '$1$2U'));
  if (lower !== code && validate(lower).valid) return lower;
  const fromLibrary = validate(code).suggestion;
  return fromLibrary && fromLibrary !== code && validate(fromLibrary).valid ? fromLibrary : undefined;
}

type Factor = number | 'nonlinear' | null;
const factors = new Map<string, Factor>();

function rawConvert(value: number, from: string, to: string, molarMass: number | null): number | null {
  try {
    const r = quietly(() =>
      library().convertUnitTo(from, value, to, molarMass ? { molecularWeight: molarMass } : {}),
    );
    return r.status === 'succeeded' && typeof r.toVal === 'number' && Number.isFinite(r.toVal) ? r.toVal : null;
  } catch {
    return null;
  }
}

/**
 * Arbitrary units (`[IU]`) are never converted by the library. Two units with the same
 * powers of `[IU]` differ only by prefixes and other atoms, so they convert exactly like
 * the same units with `mol` in its place (`k[IU]/mL` → `kmol/mL`); units without mol only.
 */
function substituteArbitrary(from: string, to: string): [string, string] | null {
  const count = (s: string): number => s.split('[IU]').length - 1;
  if (count(from) === 0 && count(to) === 0) return [from, to];
  if (count(from) !== count(to) || /mol/.test(from + to)) return null;
  return [from.replaceAll('[IU]', 'mol'), to.replaceAll('[IU]', 'mol')];
}

function factorFor(from: string, to: string, molarMass: number | null): Factor {
  const key = `${from}\u0000${to}\u0000${molarMass ?? ''}`;
  const hit = factors.get(key);
  if (hit !== undefined) return hit;
  let factor: Factor = null;
  const pair = safeForLibrary(from) && safeForLibrary(to) ? substituteArbitrary(from, to) : null;
  if (pair) {
    const mm = pair[0] === from ? molarMass : null;
    const one = rawConvert(1, pair[0], pair[1], mm);
    if (one !== null) factor = rawConvert(0, pair[0], pair[1], mm) === 0 ? one : 'nonlinear';
  }
  return remember(factors, key, factor);
}

/** Rounds away floating-point noise (`/uL` → `10*9/L` gives 0.0009999999999999998). */
export function roundSignificant(x: number, digits = 12): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** Converts between UCUM codes; null when they are not commensurable (or not valid). */
export function convert(value: number, from: string, to: string, molarMass?: number | null): number | null {
  if (!Number.isFinite(value)) return null;
  if (from === to) return validate(from).valid ? value : null;
  const factor = factorFor(from, to, molarMass ?? null);
  if (factor === null) return null;
  if (factor === 'nonlinear') {
    const v = rawConvert(value, from, to, molarMass ?? null);
    return v === null ? null : roundSignificant(v);
  }
  return roundSignificant(value * factor);
}

export function commensurable(from: string, to: string, molarMass?: number | null): boolean {
  return convert(1, from, to, molarMass) !== null;
}

/** One canonical unit per dose amount (spec section 2 "dose"); a period printed after it is kept. */
export const DOSE_CANONICAL_UNITS = ['mg', 'mg/kg', 'mg/m2', '{cells}/kg', '{cells}', '[IU]', '[IU]/kg', '[IU]/m2', 'mL', 'mL/kg'] as const;
export type DoseCanonicalUnit = (typeof DOSE_CANONICAL_UNITS)[number];

// A pure count: `10*8`, `{cells}`, `10*6.{cells}`.
const COUNT = /^(?:10\*[-+]?\d+|\d+)?(?:\.?\{[^}]*\})?$/;
// A mass atom with an optional prefix (`mg`, `ug`, `kg`, `g`).
const MASS_ATOM = /(?:^|[^A-Za-z[])[yzafpnumcdhkMGTPEZY]?g(?![A-Za-z])/;
const dimensions = new Map<string, DoseCanonicalUnit | null>();

/**
 * The canonical unit of a dose unit's dimension, or null (e.g. `mg/kg/d`: the dose keeps
 * its own unit). UCUM sees `mg/kg` and `{cells}` alike as dimensionless, so counts and
 * mass ratios are told apart by their atoms; anything per body mass without a mass on top
 * (`{cells}/kg`, `10*6/kg`, `/kg`) is a cell dose.
 */
export function doseDimension(code: string): DoseCanonicalUnit | null {
  const hit = dimensions.get(code);
  if (hit !== undefined) return hit;
  return remember(dimensions, code, classifyDose(code));
}

function classifyDose(code: string): DoseCanonicalUnit | null {
  if (!validate(code).valid && !code.includes('[IU]')) return null;
  if (code.includes('[IU]')) return (['[IU]', '[IU]/kg', '[IU]/m2'] as const).find((u) => commensurable(code, u)) ?? null;
  if (commensurable(code, '/kg')) return '{cells}/kg';
  if (commensurable(code, '1')) {
    if (/\{cells?\}/i.test(code) || COUNT.test(code)) return '{cells}';
    return MASS_ATOM.test(code) ? 'mg/kg' : null;
  }
  for (const unit of ['mg', 'mg/m2', 'mL', 'mL/kg'] as const) if (commensurable(code, unit)) return unit;
  return null;
}

// A dose per time: the amount, then the period (`mg/kg/d`, `mg/wk`, `10*6.{cells}/kg/d`).
const PERIOD = /^(.+)\/(d|wk|mo|h|min|a)$/;

/** A dose unit's amount and the period printed after it (`mg/kg/d` → `mg/kg`, `d`), or no period. */
export function splitPeriod(code: string): { amount: string; period: string | null } {
  const m = PERIOD.exec(code);
  return m ? { amount: m[1], period: m[2] } : { amount: code, period: null };
}

/**
 * A dose unit split into its amount and the period printed after it, and the amount's
 * canonical unit with the factor to it. The period is never converted (spec section 2: a
 * weekly dose shown as a daily one is the dosing error that kills patients), so `mg/wk` and
 * `mg/d` are different units. Null when the amount has no dose dimension.
 */
export function canonicalDose(code: string): { unit: string; period: string | null; factor: number } | null {
  const { amount, period } = splitPeriod(code);
  const canonical = doseDimension(amount);
  if (!canonical) return null;
  const factor = convert(1, amount, canonical);
  if (factor === null) return null;
  return { unit: period ? `${canonical}/${period}` : canonical, period, factor };
}

const SUPER_DIGITS: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };

/**
 * A UCUM code as people write it, for hover, messages and the panel: `ug/L` → `µg/L`,
 * `{cells}/kg` → `cells/kg`, `10*9/L` → `×10⁹/L`, `mL/min/{1.73_m2}` → `mL/min/1.73 m²`,
 * `[IU]` → `IU`, `mg/wk` → `mg/week`. Display only: exports keep the UCUM code.
 */
export function displayUnit(code: string): string {
  return code
    .replace(/\{1\.73_m2\}/g, '1.73 m²')
    .replace(/\{score\}/g, 'points')
    .replace(/\.\{|(?<=[A-Za-z\]])\{/g, ' {')
    .replace(/\{([^}]*)\}/g, '$1')
    .replace(/10\*(-?\d+)/g, (_m, e: string) => `×10${[...e].map((c) => SUPER_DIGITS[c] ?? c).join('')}`)
    .replace(/(^|[^A-Za-z])u(?=(?:g|mol|L|l|kat|IU|\[IU\])\b|[gL](?![a-z]))/g, '$1µ')
    .replace(/\[IU\]/g, 'IU')
    .replace(/\[ppth\]/g, '‰')
    .replace(/\b(m|cm)2\b/g, '$1²')
    .replace(/\/wk$/, '/week')
    .replace(/\/mo$/, '/month')
    .replace(/\(24\.h\)/g, '24 h')
    .replace(/^\.|(\/)\./g, '$1');
}
