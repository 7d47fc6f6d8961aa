import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalDose, commensurable, convert, DOSE_CANONICAL_UNITS, doseDimension, roundSignificant, spellUnit,
} from '../../server/src/core/normalize/units.ts';

function ucum(text: string): { ucum: string; display: string; respelled: boolean } {
  const r = spellUnit(text);
  assert.ok('ucum' in r, `expected "${text}" to be a unit: ${JSON.stringify(r)}`);
  return r;
}

test('paper spellings map to UCUM without a respelling', () => {
  const cases: [string, string][] = [
    ['µg', 'ug'], ['μg', 'ug'], ['ug', 'ug'], ['mcg', 'ug'], ['µL', 'uL'], ['/day', '/d'], ['per day', '/d'], ['/d', '/d'],
    ['cells/kg', '{cells}/kg'], ['cells per kg', '{cells}/kg'], ['viable CAR T cells per kg', '{cells}/kg'],
    ['CAR T cells/kg', '{cells}/kg'], ['CAR+ T cells/kg', '{cells}/kg'], ['cells', '{cells}'], ['IU', '[IU]'],
    ['IU/mL', '[IU]/mL'], ['×10^9/L', '10*9/L'], ['x10^9/L', '10*9/L'], ['× 10^9/L', '10*9/L'], ['10^9/L', '10*9/L'],
    ['10⁹/L', '10*9/L'], ['G/L', '10*9/L'], ['10^3/µL', '10*3/uL'], ['m²', 'm2'], ['mg/m²', 'mg/m2'], ['g/day', 'g/d'],
    ['/µL', '/uL'], ['/nL', '/nL'], ['%', '%'], ['mmol/L', 'mmol/L'], ['mg / dL', 'mg/dL'], ['mg/kg/day', 'mg/kg/d'],
    ['kIU', 'k[IU]'], ['mg', 'mg'], ['U/L', 'U/L'], ['mg/dL', 'mg/dL'], ['mEq/L', 'meq/L'], ['cells/µL', '{cells}/uL'],
  ];
  for (const [t, code] of cases) {
    const r = ucum(t);
    assert.equal(r.ucum, code, t);
    assert.equal(r.respelled, false, t);
    assert.equal(r.display, t, t);
  }
});

test('a lower-case litre is accepted but flagged for a quick respelling', () => {
  const cases: [string, string, string][] = [
    ['mg/dl', 'mg/dL', 'mg/dL'], ['U/l', 'U/L', 'U/L'], ['g/l', 'g/L', 'g/L'], ['mmol/l', 'mmol/L', 'mmol/L'],
    ['µmol/l', 'umol/L', 'µmol/L'], ['µl', 'uL', 'µL'], ['ml', 'mL', 'mL'],
  ];
  for (const [t, code, display] of cases) {
    const r = ucum(t);
    assert.deepEqual(r, { ucum: code, display, respelled: true }, t);
  }
});

test('unknown units get an error, with a suggestion when one is clear', () => {
  const foo = spellUnit('foo');
  assert.ok('error' in foo);
  assert.match(foo.error, /Unknown unit "foo"/);
  assert.deepEqual(foo.suggestions, []);
  const shouting = spellUnit('MG/DL');
  assert.ok('error' in shouting);
  assert.equal(shouting.suggestions[0], 'mg/dL');
  const spaced = spellUnit('mg a fortnight');
  assert.ok('error' in spaced);
  const empty = spellUnit('  ');
  assert.ok('error' in empty);
  // Names of Object.prototype members are not units (the library would accept them).
  for (const t of ['constructor', 'mg/constructor', 'toString', '__proto__']) assert.ok('error' in spellUnit(t), t);
});

test('conversions, rounded to 12 significant digits', () => {
  assert.equal(convert(1, '/uL', '10*9/L'), 0.001);
  assert.equal(convert(4.2, '10*9/L', '/uL'), 4200);
  assert.equal(convert(2, 'g/d', 'mg/d'), 2000);
  assert.equal(convert(500, 'ug', 'mg'), 0.5);
  assert.equal(convert(5.2, 'mg/dL', 'mg/L'), 52);
  assert.equal(convert(410, 'mg/dL', 'g/L'), 4.1);
  const creatinine = convert(1.2, 'mg/dL', 'umol/L', 113.12);
  assert.ok(creatinine !== null && Math.abs(creatinine - 106.08) < 0.01);
  // Without the molar mass, mass and molar units do not meet.
  assert.equal(convert(1.2, 'mg/dL', 'umol/L'), null);
  assert.equal(convert(1, 'mg', 'mL'), null);
  assert.equal(convert(1, 'nonsense', 'mg'), null);
  assert.equal(convert(Number.NaN, 'mg', 'g'), null);
  assert.equal(roundSignificant(0.9999999999999999), 1);
});

test('international units are scaled by their prefixes, never converted to mass', () => {
  assert.equal(convert(5, 'k[IU]', '[IU]'), 5000);
  assert.equal(convert(2, 'M[IU]', '[IU]'), 2e6);
  assert.equal(convert(1, '[IU]/mL', 'k[IU]/L'), 1);
  assert.equal(convert(1, '[IU]', 'mg'), null);
  assert.equal(convert(1, '[IU]/kg', '[IU]'), null);
  assert.ok(commensurable('k[IU]', '[IU]'));
  assert.ok(!commensurable('[IU]', 'mol'));
});

test('dose dimensions: counts, mass ratios and arbitrary units are told apart', () => {
  const cases: [string, string | null][] = [
    ['mg', 'mg'], ['g', 'mg'], ['ug', 'mg'], ['mg/kg', 'mg/kg'], ['ug/kg', 'mg/kg'], ['mg/m2', 'mg/m2'],
    ['{cells}/kg', '{cells}/kg'], ['10*6/kg', '{cells}/kg'], ['/kg', '{cells}/kg'],
    ['10*6.{cells}/kg', '{cells}/kg'], ['{cells}', '{cells}'], ['10*8', '{cells}'], ['[IU]', '[IU]'], ['k[IU]', '[IU]'],
    ['M[IU]', '[IU]'], ['mL', 'mL'], ['L', 'mL'], ['[IU]/kg', '[IU]/kg'], ['mL/kg', 'mL/kg'], ['%', null], ['U/L', null], ['bogus', null],
  ];
  for (const [u, dim] of cases) assert.equal(doseDimension(u), dim, u);
  for (const canonical of DOSE_CANONICAL_UNITS) assert.equal(doseDimension(canonical), canonical, canonical);
});

test('a dose per time keeps its period: only the amount converts', () => {
  const cases: [string, string | null, number][] = [
    ['mg/d', 'mg/d', 1], ['g/d', 'mg/d', 1000], ['mg/wk', 'mg/wk', 1], ['g/wk', 'mg/wk', 1000], ['mg/kg/d', 'mg/kg/d', 1],
    ['g/kg/d', 'mg/kg/d', 1000], ['mg/m2/d', 'mg/m2/d', 1], ['ug/kg/d', 'mg/kg/d', 0.001], ['mg/mo', 'mg/mo', 1], ['mg/h', 'mg/h', 1],
    ['ug/kg/min', 'mg/kg/min', 0.001], ['10*6.{cells}/kg', '{cells}/kg', 1e6],
  ];
  for (const [u, unit, factor] of cases) {
    const c = canonicalDose(u);
    assert.equal(c?.unit ?? null, unit, u);
    assert.equal(c?.factor, factor, u);
  }
  assert.equal(canonicalDose('U/L'), null);
  assert.equal(canonicalDose('/wk'), null);
});

test('the unit library never writes to standard output', () => {
  const original = process.stdout.write;
  const written: string[] = [];
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    for (const t of ['mg / d L', 'cells per  kg', 'mg/constructor', '((', '{a b}', 'mg/{cells', 'x ULN', '123abc', 'é', 'Gauss', 'mg..L', '\u0000', '10^', ']]']) {
      spellUnit(t);
      spellUnit(`${t}/kg`);
      convert(1, t, 'mg');
      convert(1, 'mg', t);
      doseDimension(t);
    }
  } finally {
    process.stdout.write = original;
  }
  assert.deepEqual(written, []);
});

test('garbage never throws and answers are cached', () => {
  const alphabet = 'mgkLdlµu/.*^{}[]()×x 10923IUcels%²⁹-';
  let seed = 11;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 1500; i++) {
    let s = '';
    const n = 1 + Math.floor(rand() * 10);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const r = spellUnit(s);
    if ('ucum' in r) doseDimension(r.ucum);
  }
  // The same answer object comes back for the same text: the parse is cached.
  assert.equal(spellUnit('mg/dl'), spellUnit('mg/dl'));
  assert.equal(spellUnit('viable CAR T cells per kg'), spellUnit('viable CAR T cells per kg'));
});
