import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distance } from 'fastest-levenshtein';
import type { LabEntry } from '../../server/src/core/lexicon/types.ts';
import { normalizeLab, type LabLookup } from '../../server/src/core/normalize/lab.ts';

function lab(entry: Partial<LabEntry> & Pick<LabEntry, 'key' | 'name'>): LabEntry {
  return {
    synonyms: [], loinc: null, kind: 'quantity', unit: null, units: [], reference: null, plausible: null,
    molarMass: null, scoreMax: null, sources: [], ...entry,
  };
}

const ENTRIES: LabEntry[] = [
  lab({
    key: 'ck', name: 'creatine kinase', synonyms: ['CK', 'CPK'], loinc: '2157-6', unit: 'U/L',
    units: [{ unit: 'ukat/L', factor: 60 }], reference: { low: null, high: 190 },
    referenceBySex: { F: { low: 26, high: 192 }, M: { low: 39, high: 308 } }, plausible: { min: 0, max: 500000 },
  }),
  lab({ key: 'crp', name: 'C-reactive protein', synonyms: ['CRP'], loinc: '1988-5', unit: 'mg/L', reference: { low: null, high: 5 }, plausible: { min: 0, max: 600 } }),
  lab({ key: 'igg', name: 'immunoglobulin G', synonyms: ['IgG'], loinc: '2465-3', unit: 'g/L', reference: { low: 7, high: 16 } }),
  lab({ key: 'creatinine', name: 'creatinine', synonyms: ['Crea'], loinc: '2160-0', unit: 'umol/L', molarMass: 113.12, reference: { low: 45, high: 84 } }),
  lab({ key: 'leukocytes', name: 'leukocytes', synonyms: ['WBC', 'white blood cells'], unit: '/uL', reference: { low: 4000, high: 10000 }, plausible: { min: 0, max: 500000 } }),
  lab({ key: 'b-cells', name: 'B cells', synonyms: ['CD19+ B cells', 'CD19 B cells'], unit: '/uL', reference: { low: 100, high: 500 } }),
  lab({ key: 'anti-jo-1', name: 'anti-Jo-1 antibody', synonyms: ['anti-Jo-1', 'Jo-1'], kind: 'titer' }),
  lab({ key: 'mmt8', name: 'Manual Muscle Testing 8', synonyms: ['MMT8', 'MMT-8'], kind: 'score', scoreMax: 150 }),
];

const squash = (s: string): string => s.toLowerCase().replace(/[\s-]+/g, '');

/** A small stand-in for the lexicon: case-insensitive, ignoring hyphens and spaces. */
const LABS: LabLookup = {
  findLab: (name) => ENTRIES.find((e) => [e.name, ...e.synonyms].some((n) => squash(n) === squash(name))),
  matchLabPrefix(text) {
    let best: { entry: LabEntry; length: number } | undefined;
    for (const e of ENTRIES) {
      for (const n of [e.name, ...e.synonyms]) {
        if (text.toLowerCase().startsWith(n.toLowerCase()) && n.length > (best?.length ?? 0)) best = { entry: e, length: n.length };
      }
    }
    return best;
  },
  suggestLabs: (name, limit = 3) =>
    [...ENTRIES]
      .map((e) => ({ e, d: Math.min(...[e.name, ...e.synonyms].map((n) => distance(n.toLowerCase(), name.toLowerCase()))) }))
      .filter((x) => x.d <= 3)
      .sort((a, b) => a.d - b.d)
      .slice(0, limit)
      .map((x) => x.e),
  lab: (key) => ENTRIES.find((e) => e.key === key),
  measuresOf: (key) => ENTRIES.filter((e) => e.measureOf === key),
};

function normalized(label: string, attrs: Record<string, string> = {}, sex: string | null = null) {
  const r = normalizeLab(label, attrs, LABS, sex);
  assert.deepEqual(r.problems, [], `${label}: ${JSON.stringify(r.problems)}`);
  assert.ok(r.normalized, label);
  return r.normalized;
}

test('the spec example: CK 95 U/L and CK 2,400 U/L with uln=170', () => {
  const ck = normalized('CK 95 U/L');
  assert.equal(ck.key, 'ck');
  assert.equal(ck.loinc, '2157-6');
  assert.equal(ck.value, 95);
  assert.equal(ck.unit, 'U/L');
  assert.equal(ck.valueKind, 'quantity');
  const high = normalized('CK 2,400 U/L', { uln: '170' }, 'F');
  assert.equal(high.value, 2400);
  assert.equal(high.uln, 170);
  assert.equal(high.xUln, 14.12);
  assert.equal(high.flag, 'high');
  assert.deepEqual(high.original, { value: 2400, unit: 'U/L' });
  assert.equal(normalized('CK 13,600 U/L', { uln: '170' }).xUln, 80);
});

test('quantities are converted to the canonical unit', () => {
  const cases: [string, number, string][] = [
    ['CRP 5.2 mg/dL', 52, 'mg/L'], ['IgG 410 mg/dL', 4.1, 'g/L'], ['IgG 4.1 g/L', 4.1, 'g/L'],
    ['leukocytes 4.2 × 10^9/L', 4200, '/uL'], ['WBC 0.5 G/L', 500, '/uL'], ['CD19+ B cells 0/µL', 0, '/uL'],
    ['WBC 4200/µL', 4200, '/uL'], ['WBC 4.2/nL', 4200, '/uL'], ['CK 2 ukat/L', 120, 'U/L'], ['CK 95 IU/L', 95, 'U/L'],
    ['CRP <0.5 mg/dL', 5, 'mg/L'], ['CD19 B cells 3 cells/µL', 3, '/uL'],
  ];
  for (const [label, value, unit] of cases) {
    const n = normalized(label);
    assert.equal(n.value, value, label);
    assert.equal(n.unit, unit, label);
  }
  const crea = normalized('creatinine 1.2 mg/dL');
  assert.ok(crea.value !== null && Math.abs(crea.value - 106.1) < 0.05, String(crea.value));
  assert.equal(normalized('CRP <0.5 mg/dL').comparator, '<');
});

test('test= gives the analyte; the whole label is the value', () => {
  const n = normalized('13,600 U/L', { test: 'CK' });
  assert.equal(n.key, 'ck');
  assert.equal(n.value, 13600);
  assert.equal(normalized('13,600 U/L', { test: 'ck' }).key, 'ck');
});

test('reference intervals: attributes, sex-specific, default; flags and × ULN', () => {
  const f = normalized('CK 20 U/L', {}, 'F');
  assert.deepEqual([f.lln, f.uln, f.flag], [26, 192, 'low']);
  const m = normalized('CK 250 U/L', {}, 'M');
  assert.deepEqual([m.lln, m.uln, m.flag], [39, 308, 'normal']);
  const unknownSex = normalized('CK 250 U/L');
  assert.deepEqual([unknownSex.lln, unknownSex.uln, unknownSex.flag], [null, 190, 'high']);
  // lln=/uln= are read in the unit the value was written in, unless they carry their own.
  const crp = normalized('CRP 2 mg/dL', { uln: '0.5' });
  assert.deepEqual([crp.value, crp.uln, crp.xUln, crp.flag], [20, 5, 4, 'high']);
  const own = normalized('CRP 2 mg/dL', { uln: '5 mg/L' });
  assert.equal(own.uln, 5);
  assert.equal(normalized('IgG 3 g/L', { lln: '7' }).flag, 'low');
  const bad = normalizeLab('CK 95 U/L', { uln: 'high' }, LABS, null);
  assert.deepEqual(bad.problems.map((p) => p.code), ['bad-number']);
});

test('titers, qualitative results and scores are kept as such', () => {
  const titer = normalized('anti-Jo-1 1:320');
  assert.deepEqual([titer.valueKind, titer.value, titer.result], ['titer', 320, '1:320']);
  assert.equal(normalized('anti-Jo-1 1 : 1,280').result, '1:1280');
  const results: [string, string][] = [
    ['anti-Jo-1 positive', 'positive'], ['anti-Jo-1 negative', 'negative'], ['anti-Jo-1 pos', 'positive'],
    ['anti-Jo-1 neg', 'negative'], ['anti-Jo-1 +', 'positive'], ['anti-Jo-1 -', 'negative'],
    ['anti-Jo-1 detectable', 'detectable'], ['anti-Jo-1 undetectable', 'undetectable'], ['anti-Jo-1 not detected', 'not detected'],
    ['anti-Jo-1 weakly positive', 'weakly positive'], ['anti-Jo-1 strongly positive', 'strongly positive'],
  ];
  for (const [label, result] of results) {
    const n = normalized(label);
    assert.deepEqual([n.valueKind, n.result, n.value], ['qualitative', result, null], label);
  }
  const mmt = normalized('MMT8 149/150');
  assert.deepEqual([mmt.valueKind, mmt.value, mmt.scoreMax, mmt.result], ['score', 149, 150, '149/150']);
  const bare = normalized('MMT8 149');
  assert.deepEqual([bare.valueKind, bare.value, bare.scoreMax, bare.result], ['score', 149, 150, '149/150']);
  const over = normalizeLab('MMT8 160/150', {}, LABS, null);
  assert.deepEqual(over.problems.map((p) => p.code), ['implausible-lab']);
});

test('unknown labs are warned with did-you-mean fixes that replace the analyte', () => {
  const r = normalizeLab('CKK 95 U/L', {}, LABS, null);
  assert.equal(r.normalized, null);
  assert.deepEqual(r.problems.map((p) => p.code), ['unknown-lab']);
  assert.match(r.problems[0].message, /"CKK" is not in the lab lexicon/);
  assert.equal(r.problems[0].fixes?.[0].label, 'CK 95 U/L');
  assert.equal(r.problems[0].fixes?.[0].preferred, true);
  const far = normalizeLab('zonulin 5 ng/mL', {}, LABS, null);
  assert.deepEqual(far.problems.map((p) => p.code), ['unknown-lab']);
  assert.equal(far.problems[0].fixes, undefined);
  const viaTest = normalizeLab('5 U/L', { test: 'nonsense' }, LABS, null);
  assert.deepEqual(viaTest.problems.map((p) => p.code), ['unknown-lab']);
  // Value problems are still reported for an unknown lab.
  const both = normalizeLab('CKK 5,2 U/L', {}, LABS, null);
  assert.deepEqual(both.problems.map((p) => p.code), ['unknown-lab', 'bad-number']);
});

test('missing values, bad numbers, unknown and mismatched units, implausible values', () => {
  const missing = normalizeLab('CK', {}, LABS, null);
  assert.deepEqual(missing.problems.map((p) => p.code), ['missing-value']);
  assert.equal(missing.normalized, null);
  assert.deepEqual(normalizeLab('CK high?', {}, LABS, null).problems.map((p) => p.code), ['missing-value']);
  const comma = normalizeLab('CRP 5,2 mg/dL', {}, LABS, null);
  assert.deepEqual(comma.problems.map((p) => p.code), ['bad-number']);
  assert.equal(comma.problems[0].fixes?.[0].label, 'CRP 5.2 mg/dL');
  const mismatch = normalizeLab('CK 95 mg/dL', {}, LABS, null);
  assert.deepEqual(mismatch.problems.map((p) => p.code), ['lab-unit-mismatch']);
  assert.match(mismatch.problems[0].message, /U\/L/);
  assert.equal(mismatch.normalized, null);
  const unknownUnit = normalizeLab('CK 95 U/DL', {}, LABS, null);
  assert.deepEqual(unknownUnit.problems.map((p) => p.code), ['unknown-unit']);
  assert.equal(unknownUnit.problems[0].fixes?.[0].label, 'CK 95 U/dL');
  const noUnit = normalizeLab('CK 95', {}, LABS, null);
  assert.deepEqual(noUnit.problems.map((p) => p.code), ['unknown-unit']);
  assert.equal(noUnit.problems[0].fixes?.[0].label, 'CK 95 U/L');
  const implausible = normalizeLab('CK 900,000 U/L', {}, LABS, null);
  assert.deepEqual(implausible.problems.map((p) => p.code), ['implausible-lab']);
  assert.equal(implausible.normalized?.value, 900000);
});

test('a lower-case litre comes with a respelling, not a problem', () => {
  const r = normalizeLab('CRP 5.2 mg/dl', {}, LABS, null);
  assert.deepEqual(r.problems, []);
  assert.equal(r.normalized?.value, 52);
  assert.deepEqual(r.respell, { label: 'CRP 5.2 mg/dL', title: 'Write the unit as mg/dL' });
  assert.equal(normalizeLab('CD19+ B cells 0/µL', {}, LABS, null).respell, undefined);
});

test('labels the split has to think about', () => {
  assert.equal(normalized('CK: 2400 U/L').value, 2400);
  assert.equal(normalized('CK level 2400 U/L').value, 2400);
  assert.equal(normalized('white blood cells 4.2 × 10^9/L').value, 4200);
  assert.equal(normalized('  CK   95 U/L ').value, 95);
});

test('garbage never throws', () => {
  const alphabet = 'CK IgG0123456789,./:+-<µLmgU×^positve';
  let seed = 5;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 2000; i++) {
    let s = '';
    const n = Math.floor(rand() * 16);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const r = normalizeLab(s, rand() < 0.2 ? { uln: s } : {}, LABS, rand() < 0.5 ? 'F' : null);
    assert.ok(r.normalized !== null || r.problems.length > 0, s);
  }
});
