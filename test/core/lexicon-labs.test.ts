// The shipped lab lexicon as data: every entry is found by what papers print, no name
// stands for two entries, every unit is UCUM that converts, measures point at a main
// analyte, scores and grades carry their range, and every entry reads back from a label.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import labsFile from '../../server/data/labs.json' with { type: 'json' };
import { Lexicon } from '../../server/src/core/lexicon/lexicon.ts';
import { normalizeName } from '../../server/src/core/lexicon/normalizeName.ts';
import type { LabEntry, LexiconFile } from '../../server/src/core/lexicon/types.ts';
import { normalizeLab } from '../../server/src/core/normalize/lab.ts';

const require = createRequire(import.meta.url);
const ucum = require('@lhncbc/ucum-lhc').UcumLhcUtils.getInstance();

const labs = (labsFile as unknown as LexiconFile).labs as LabEntry[];
const lex = Lexicon.builtin();
const byKey = new Map(labs.map((l) => [l.key, l]));
const mains = labs.filter((l) => !l.measureOf);
const measures = labs.filter((l) => l.measureOf);

// What CAR T cell and bispecific case reports in autoimmune disease and haematology name;
// adding entries is fine, losing one is not.
const EXPECTED = [
  // grades and scores
  'crs-grade', 'icans-grade', 'ice-score', 'icaht-grade', 'hscore', 'sledai-2k', 'bilag-2004', 'sdi', 'mrss', 'mmt8', 'mmt8-80',
  'cdasi-activity', 'haq-di', 'das28', 'mg-adl', 'qmg', 'edss', 'physician-global-assessment', 'tis',
  // autoantibodies and complement
  'ana', 'ana-qualitative', 'anti-dsdna', 'anti-dsdna-titer', 'anti-sm', 'anti-scl-70', 'anti-rna-polymerase-iii', 'anti-jo-1',
  'anti-pl-7', 'anti-pl-12', 'anti-ej', 'anti-oj', 'anti-mi-2', 'anti-mda5', 'anti-tif1-gamma', 'anti-nxp2', 'anti-sae', 'anti-srp',
  'anti-hmgcr', 'anti-ku', 'anti-pm-scl', 'anti-ro52', 'anti-achr', 'anti-musk', 'anti-aqp4', 'anti-mog', 'rf', 'anti-ccp',
  'anti-ro-ssa', 'anti-la-ssb', 'anti-rnp', 'pr3-anca', 'mpo-anca', 'c3', 'c4', 'anti-c1q',
  // chemistry
  'bilirubin', 'albumin', 'fibrinogen', 'd-dimer', 'triglycerides', 'sil-2r', 'procalcitonin', 'nt-probnp', 'troponin-t',
  'troponin-i', 'hs-troponin-t', 'urea', 'bun', 'ldh', 'ast', 'alt', 'ggt', 'alp', 'sodium', 'potassium', 'ferritin', 'il-6',
  'ifn-gamma', 'il-10', 'crp', 'esr', 'glucose', 'uric-acid', 'lactate', 'haptoglobin',
  // kidney
  'proteinuria-24h', 'upcr', 'uacr', 'egfr', 'egfr-unindexed', 'creatinine', 'cystatin-c',
  // haematology, CSF, virology
  'hemoglobin', 'platelets', 'leukocytes', 'neutrophils', 'lymphocytes', 'monocytes', 'kappa-flc', 'lambda-flc', 'flc-ratio',
  'reticulocytes', 'csf-leukocytes', 'csf-protein', 'cmv-dna', 'ebv-dna', 'hbv-dna',
  // cells
  'cd19-b-cells', 'cd19-b-cells-percent', 'cd3-t-cells', 'cd4-t-cells', 'cd8-t-cells', 'nk-cells', 'plasmablasts',
  'car-transgene', 'car-t-cells', 'igg', 'iga', 'igm',
];

function ucumValid(unit: string): boolean {
  return !/\s/.test(unit) && ucum.validateUnitString(unit).status === 'valid';
}

/** The names an entry is found by: key, name and synonyms; a measure is found through its main analyte. */
function surfaces(l: LabEntry): string[] {
  return [l.key, l.name, ...l.synonyms];
}

describe('the lab lexicon', () => {
  test('holds at least 120 entries, every expected one among them', () => {
    assert.ok(labs.length >= 120, `${labs.length} labs`);
    for (const key of EXPECTED) assert.ok(byKey.has(key), `missing lab ${key}`);
  });

  test('finds every main entry by its name and each synonym', () => {
    for (const l of mains) {
      for (const name of [l.name, ...l.synonyms]) assert.equal(lex.findLab(name)?.key, l.key, `"${name}"`);
    }
  });

  test('lets no surface stand for two entries', () => {
    const owner = new Map<string, string>();
    for (const l of labs) {
      for (const s of surfaces(l)) {
        const n = normalizeName(s);
        const other = owner.get(n);
        assert.ok(other === undefined || other === l.key, `"${s}" is claimed by ${other} and ${l.key}`);
        owner.set(n, l.key);
      }
    }
  });

  test('gives measures no names of their own, and a main analyte that exists', () => {
    for (const m of measures) {
      const main = byKey.get(m.measureOf!);
      assert.ok(main, `${m.key}: measureOf ${m.measureOf} does not exist`);
      assert.equal(main.measureOf, undefined, `${m.key}: ${m.measureOf} is itself a measure`);
      assert.deepEqual(m.synonyms, [], `${m.key} has synonyms`);
      // A measure is told apart from its analyte by unit, score maximum or kind.
      const distinct = m.unit !== main.unit || m.scoreMax !== main.scoreMax || m.kind !== main.kind;
      assert.ok(distinct, `${m.key} cannot be told apart from ${main.key}`);
    }
  });

  test('uses valid UCUM units, and every accepted unit converts', () => {
    for (const l of labs) {
      if (l.unit !== null) assert.ok(ucumValid(l.unit), `${l.key}: ${l.unit}`);
      if (l.kind === 'quantity' || l.kind === 'score' || l.kind === 'grade') assert.ok(l.unit, `${l.key} has no unit`);
      for (const u of l.units) {
        assert.ok(ucumValid(u.unit), `${l.key}: ${u.unit}`);
        if (u.factor !== undefined) continue;
        const r = ucum.convertUnitTo(u.unit, 1, l.unit, l.molarMass ? { molecularWeight: l.molarMass } : {});
        assert.equal(r.status, 'succeeded', `${l.key}: UCUM cannot convert ${u.unit} to ${l.unit}`);
      }
    }
  });

  test('gives grades a maximum, and scores with a maximum a plausible range inside it', () => {
    for (const l of labs.filter((x) => x.kind === 'grade')) {
      assert.ok(l.scoreMax, `${l.key} is a grade without scoreMax`);
    }
    for (const l of labs.filter((x) => (x.kind === 'score' || x.kind === 'grade') && x.scoreMax)) {
      assert.ok(l.plausible, `${l.key} has no plausible range`);
      assert.ok(l.plausible.min >= 0 && l.plausible.max <= l.scoreMax!, `${l.key}: ${JSON.stringify(l.plausible)} outside 0-${l.scoreMax}`);
    }
    assert.equal(byKey.get('crs-grade')?.scoreMax, 4);
    assert.equal(byKey.get('icans-grade')?.scoreMax, 4);
    assert.equal(byKey.get('sledai-2k')?.scoreMax, 105);
    assert.equal(byKey.get('mmt8-80')?.scoreMax, 80);
  });

  test('keeps plausible bounds wide enough for published HLH and severe CRS', () => {
    assert.ok(byKey.get('ferritin')!.plausible!.max > 200_000);
    assert.ok(byKey.get('il-6')!.plausible!.max > 100_000);
    for (const l of labs) {
      if (l.plausible) assert.ok(l.plausible.min <= l.plausible.max, l.key);
      if (l.reference?.low != null && l.reference.high != null) assert.ok(l.reference.low <= l.reference.high, l.key);
    }
  });

  test('names a source for every LOINC code, and says how sure it is', () => {
    for (const l of labs) {
      if (!l.loinc) continue;
      const source = l.sources.find((s) => s.startsWith(`LOINC ${l.loinc} (`));
      assert.ok(source, `${l.key}: LOINC ${l.loinc} without a source`);
      assert.match(source, /\((?:confirmed|secondary sources?)\b/, `${l.key}: ${source}`);
    }
  });

  test('reads what papers print', () => {
    const cases: [string, string][] = [
      ['sIL-2R', 'sil-2r'], ['soluble IL-2 receptor', 'sil-2r'], ['sCD25', 'sil-2r'], ['UPCR', 'upcr'], ['uPCR', 'upcr'],
      ['protein/creatinine ratio', 'upcr'], ['CD19+ B cells', 'cd19-b-cells'], ['B cells', 'cd19-b-cells'], ['T cells', 'cd3-t-cells'],
      ['NK cells', 'nk-cells'], ['CRS', 'crs-grade'], ['ICANS', 'icans-grade'], ['ICE score', 'ice-score'], ['ANA', 'ana'],
      ['anti-TIF1-γ', 'anti-tif1-gamma'], ['anti-Ro/SSA', 'anti-ro-ssa'], ['anti-Ro52', 'anti-ro52'], ['NT-proBNP', 'nt-probnp'],
      ['hs-TnT', 'hs-troponin-t'], ['TnT', 'troponin-t'], ['BUN', 'bun'], ['urea', 'urea'], ['γ-GT', 'ggt'], ['κ/λ ratio', 'flc-ratio'],
      ['D-dimer', 'd-dimer'], ['CMV DNA', 'cmv-dna'], ['AChR antibodies', 'anti-achr'], ['mRSS', 'mrss'], ['MG-ADL', 'mg-adl'],
    ];
    for (const [name, key] of cases) assert.equal(lex.findLab(name)?.key, key, name);
    const split = (text: string) => lex.matchLabPrefix(text)?.entry.key;
    assert.equal(split('CK-MB 4 ng/mL'), 'ck-mb');
    assert.equal(split('CK 95 U/L'), 'ck');
    assert.equal(split('anti-Jo-1 1:320'), 'anti-jo-1');
    assert.equal(split('CD4/CD8 ratio 0.4'), 'cd4-cd8-ratio');
    assert.equal(split('IL-10 35 pg/mL'), 'il-10');
    assert.equal(split('IL-1 12 pg/mL'), 'il-1');
  });
});

/** A value inside the entry's plausible bounds (and its score maximum). */
function sample(l: LabEntry): number {
  const max = Math.min(l.scoreMax ?? Infinity, l.plausible?.max ?? 100);
  const min = l.plausible?.min ?? 0;
  if (l.kind === 'grade') return Math.min(2, max);
  const v = l.reference?.high ?? l.reference?.low ?? min + (max - min) / 10;
  return Number(Math.max(min, Math.min(v, max)).toPrecision(3));
}

/** The labels that must read back as `l`: its value in each of its units, or its titer, result or score. */
function labelsFor(l: LabEntry): string[] {
  const main = l.measureOf ? byKey.get(l.measureOf)! : l;
  const name = main.name;
  if (l.kind === 'qualitative') return [`${name} positive`, `${name} negative`];
  if (l.kind === 'titer') return [`${name} 1:320`];
  const v = sample(l);
  if ((l.kind === 'score' || l.kind === 'grade') && l.scoreMax && l.measureOf) return [`${name} ${v}/${l.scoreMax}`];
  const labels = [...(l.unit ? [l.unit] : []), ...l.units.map((u) => u.unit)].map((u) => (u === '1' ? `${name} ${v}` : `${name} ${v} ${u}`));
  if (l.kind === 'score' || l.kind === 'grade') labels.push(`${name} ${v}`);
  if (l.scoreMax && !l.measureOf) labels.push(`${name} ${v}/${l.scoreMax}`);
  return labels;
}

// The contract between the lexicon and lab normalization: a label written with an entry's
// name (a measure: its main analyte's name) and a value in one of its units, or its titer,
// qualitative result or score out of its maximum, normalizes to that entry.
describe('every lab entry reads back from a label', () => {
  for (const l of labs) {
    test(l.key, () => {
      for (const label of labelsFor(l)) {
        const r = normalizeLab(label, {}, lex, null);
        assert.equal(r.normalized?.key, l.key, `${label}: ${JSON.stringify(r.normalized?.key ?? r.problems)}`);
      }
    });
  }
});
