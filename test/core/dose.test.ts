import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DrugEntry } from '../../server/src/core/lexicon/types.ts';
import { normalizeDose } from '../../server/src/core/normalize/dose.ts';

function drug(key: string, name: string, doses: DrugEntry['doses']): DrugEntry {
  return {
    key, name, synonyms: [], abbreviations: [], brands: [], class: null, targets: [], atc: null, rxcui: null,
    routes: [], doses, sources: [],
  };
}

const daratumumab = drug('daratumumab', 'daratumumab', [
  { unit: 'mg', min: 1000, max: 2000 },
  { unit: 'mg/kg', min: 8, max: 24 },
]);
const cart = drug('mb-cart19-1', 'MB-CART19.1', [{ unit: '{cells}/kg', min: 5e5, max: 5e6 }]);
// Lexicons may state cell doses as 10*6/kg; they are compared in {cells}/kg.
const ideCel = drug('idecabtagene-vicleucel', 'idecabtagene vicleucel', [{ unit: '10*6/kg', min: 0.1, max: 10 }]);

function dose(label: string, attrs: Record<string, string> = {}, entry?: DrugEntry) {
  return normalizeDose(label, attrs, entry, entry?.key ?? null);
}

test('doses are normalized to the canonical unit of their dimension', () => {
  const cases: [string, number, string][] = [
    ['2 g/day', 2000, 'mg/d'], ['1.0 × 10^6 cells/kg', 1e6, '{cells}/kg'], ['1800 mg', 1800, 'mg'], ['500 mcg', 0.5, 'mg'],
    ['25 mg/m²', 25, 'mg/m2'], ['2 × 10^8 cells', 2e8, '{cells}'], ['1 g', 1000, 'mg'], ['6 × 10^6 cells/kg', 6e6, '{cells}/kg'],
    ['1.3 × 10^6 cells/kg', 1.3e6, '{cells}/kg'], ['1 × 10^6/kg', 1e6, '{cells}/kg'], ['1 mg/kg', 1, 'mg/kg'],
    ['500 µg/kg', 0.5, 'mg/kg'], ['10 mL', 10, 'mL'], ['5 MIU', 5e6, '[IU]'], ['20 mg', 20, 'mg'],
  ];
  for (const [label, value, unit] of cases) {
    const r = dose(label);
    assert.deepEqual(r.problems, [], label);
    assert.ok(r.normalized, label);
    assert.equal(r.normalized.value, value, label);
    assert.equal(r.normalized.unit, unit, label);
  }
});

test('the original keeps the number and unit as written', () => {
  const r = dose('500 mcg', { route: 'IV', freq: 'q2w' });
  assert.deepEqual(r.normalized, {
    value: 0.5, valueEnd: null, comparator: null, unit: 'mg', period: null,
    original: { value: 500, valueEnd: null, unit: 'mcg', ucum: 'ug' },
    drug: null, route: 'iv', freq: 'q2w',
  });
  const range = dose('1–2 g');
  assert.equal(range.normalized?.value, 1000);
  assert.equal(range.normalized?.valueEnd, 2000);
  assert.equal(range.normalized?.original.valueEnd, 2);
});

test('the spec example: 1800 mg sc of daratumumab, 1.0 × 10^6 cells/kg of MB-CART19.1', () => {
  const d = normalizeDose('1800 mg', { route: 'sc' }, daratumumab, 'daratumumab');
  assert.deepEqual(d.problems, []);
  assert.equal(d.normalized?.value, 1800);
  assert.equal(d.normalized?.unit, 'mg');
  assert.equal(d.normalized?.drug, 'daratumumab');
  assert.equal(d.normalized?.route, 'sc');
  const c = normalizeDose('1.0 × 10^6 cells/kg', {}, cart, 'mb-cart19-1');
  assert.deepEqual(c.problems, []);
  assert.equal(c.normalized?.value, 1000000);
  assert.equal(c.normalized?.unit, '{cells}/kg');
  const i = normalizeDose('6 × 10^6 cells/kg', {}, ideCel, 'idecabtagene-vicleucel');
  assert.deepEqual(i.problems, []);
});

test('a unit that does not fit the drug is dose-unit-mismatch; the dose is still normalized', () => {
  const r = dose('1.0 × 10^6 cells/kg', {}, daratumumab);
  assert.deepEqual(r.problems.map((p) => p.code), ['dose-unit-mismatch']);
  assert.match(r.problems[0].message, /daratumumab is dosed in mg, mg\/kg/);
  assert.equal(r.normalized?.value, 1e6);
  // A drug without dose ranges accepts any dimension.
  assert.deepEqual(dose('5 mg', {}, drug('x', 'x', [])).problems, []);
});

test('outside the plausible range is implausible-dose, comparing both ends of a range', () => {
  const high = dose('18000 mg', {}, daratumumab);
  assert.deepEqual(high.problems.map((p) => p.code), ['implausible-dose']);
  assert.match(high.problems[0].message, /1000–2000 mg/);
  assert.equal(high.normalized?.value, 18000);
  assert.deepEqual(dose('16 mg/kg', {}, daratumumab).problems, []);
  assert.deepEqual(dose('1–3 g', {}, daratumumab).problems.map((p) => p.code), ['implausible-dose']);
  assert.deepEqual(dose('1–2 g', {}, daratumumab).problems, []);
  const cells = dose('6 × 10^8 cells/kg', {}, ideCel);
  assert.deepEqual(cells.problems.map((p) => p.code), ['implausible-dose']);
  assert.match(cells.problems[0].message, /6 × 10\^8/);
});

test('missing values, decimal commas and unknown units', () => {
  const empty = dose('  ');
  assert.deepEqual(empty.problems.map((p) => p.code), ['missing-value']);
  assert.equal(empty.normalized, null);
  assert.deepEqual(dose('mg').problems.map((p) => p.code), ['missing-value']);
  const comma = dose('0,5 mg');
  assert.equal(comma.problems[0].code, 'bad-number');
  assert.equal(comma.problems[0].fixes?.[0].label, '0.5 mg');
  assert.equal(comma.normalized, null);
  const noUnit = dose('1800');
  assert.deepEqual(noUnit.problems.map((p) => p.code), ['unknown-unit']);
  assert.equal(noUnit.normalized, null);
  const unknown = dose('5 foo');
  assert.equal(unknown.problems[0].code, 'unknown-unit');
  assert.equal(unknown.problems[0].fixes, undefined);
  const shouting = dose('5 MG/DL');
  assert.equal(shouting.problems[0].code, 'unknown-unit');
  assert.equal(shouting.problems[0].fixes?.[0].label, '5 mg/dL');
});

test('a lower-case litre is not an error but comes with a respelling', () => {
  const r = dose('10 ml');
  assert.deepEqual(r.problems, []);
  assert.equal(r.normalized?.value, 10);
  assert.deepEqual(r.respell, { label: '10 mL', title: 'Write the unit as mL' });
  assert.equal(dose('500 µg').respell, undefined);
  assert.equal(dose('1.0 × 10^6 cells/kg').respell, undefined);
});

test('garbage never throws', () => {
  for (const label of ['', '×', '10^9/L', '1e999 mg', '<', '5 5 5', '1,2,3', 'mg/constructor', '− −', '1 × 10^', '∞ mg']) {
    const r = dose(label, {}, daratumumab);
    assert.ok(r.normalized !== null || r.problems.length > 0, label);
  }
});
