// Units and values as people write them. The core keeps canonical UCUM (`umol/L`, `{cells}/kg`,
// `10*9/L`, `mg/wk`); the panel, the report and the cohort view show `µmol/L`, `cells/kg`,
// `10⁹/L`, `mg/week`. Display only: nothing here feeds back into data.

const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻' };
const sup = (digits: string): string => [...digits].map((c) => SUPERSCRIPT[c] ?? c).join('');

/** Periods UCUM abbreviates that a reader expects spelled out. */
const PERIODS: Record<string, string> = { d: 'day', wk: 'week', mo: 'month', a: 'year', h: 'h', min: 'min' };

/** One UCUM unit term (no `/`) as a person writes it. */
function term(t: string, afterSlash: boolean): string {
  if (afterSlash && PERIODS[t]) return PERIODS[t];
  let s = t
    // annotations: {cells} → cells, {score} → score, {1.73_m2} → 1.73 m²
    .replace(/\{([^}]*)\}/g, (_, a: string) => a.replace(/_/g, ' ').replace(/\b(c?m)([23])\b/g, (__, u: string, e: string) => `${u}${sup(e)}`))
    .replace(/\[iU\]|\[IU\]/g, 'IU')
    .replace(/\[([^\]]*)\]/g, '$1')
    .replace(/^10\*(-?\d+)/, (_, e: string) => `10${sup(e)}`)
    .replace(/^10\^(-?\d+)/, (_, e: string) => `10${sup(e)}`);
  // A micro prefix: u before a base unit (umol, ug, uL, uU, ukat) is µ.
  s = s.replace(/^u(mol|g|L|l|U|kat|m|IU)/, 'µ$1');
  // Exponents on units: m2 → m², cm3 → cm³.
  s = s.replace(/^([A-Za-zµ]+)(\d)$/, (_, u: string, e: string) => `${u}${sup(e)}`);
  return s;
}

/** `umol/L` → `µmol/L`, `{cells}/kg` → `cells/kg`, `10*9/L` → `10⁹/L`, `mg/m2` → `mg/m²`, `mg/wk` → `mg/week`. */
export function displayUnit(unit: string | null | undefined): string {
  if (!unit) return '';
  if (unit === '1' || unit === '{score}') return '';
  const parts = unit.split('/');
  return parts.map((p, i) => (p === '' ? '' : term(p, i > 0))).join('/');
}

/** A number as a reader writes it: thousands separators, at most four significant digits, big counts as a × 10ⁿ. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e6) {
    const [m, e] = v.toExponential(2).split('e');
    return `${Number(m)} × 10${sup(String(Number(e)))}`;
  }
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(4)));
}

/** A value with its unit, no space before `%` and none when the unit is empty. */
export function withUnit(value: string, unit: string | null | undefined): string {
  const u = displayUnit(unit);
  if (!u) return value;
  return u === '%' ? `${value}%` : `${value} ${u}`;
}
