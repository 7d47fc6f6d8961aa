// Contract 1.1 (spec section 8): every example sections 1-3 give for the rules that changed,
// read through the whole analysis with the shipped lexicon, as a curator's note is.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DoseNormalized, DrugNormalized, LabNormalized } from '../../server/src/core/index.ts';
import { exportOf, formatExport, toExportDocument } from '../../server/src/core/export/export.ts';
import { analyse, codes, one } from './helpers.ts';

const note = (body: string, attrs = '') => `::case[T]{#t${attrs ? ' ' + attrs : ''}}\n\n${body}\n`;
const lab = (body: string, label: string, attrs = ''): LabNormalized => one(analyse(note(body, attrs)), label).normalized as LabNormalized;
const dose = (body: string, label: string): DoseNormalized => one(analyse(note(body)), label).normalized as DoseNormalized;

describe('labels are the exact source slice', () => {
  test('a titer keeps its colon, emphasis keeps its marks, and both still normalize', () => {
    const a = analyse(note('On :day[0] :lab[anti-Jo-1 1:320] and :lab[*CK* 95 U/L].'));
    const titer = one(a, 'anti-Jo-1 1:320');
    assert.equal((titer.normalized as LabNormalized).result, '1:320');
    assert.equal((titer.normalized as LabNormalized).valueKind, 'titer');
    assert.equal(one(a, '*CK* 95 U/L').normalized && (one(a, '*CK* 95 U/L').normalized as LabNormalized).key, 'ck');
    assert.ok(!codes(a).includes('unknown-unit'), codes(a).join());
  });
});

describe('numbers', () => {
  test('13.600 reads as 13.6 with ambiguous-number and both readings as fixes', () => {
    const a = analyse(note(':lab[CK 13.600 U/L]'));
    const d = a.diagnostics.find((x) => x.code === 'ambiguous-number');
    assert.ok(d);
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.fixes?.map((f) => f.edits[0].newText), ['CK 13,600 U/L', 'CK 13.6 U/L']);
    assert.equal((one(a, 'CK 13.600 U/L').normalized as LabNormalized).value, 13.6);
    for (const plain of ['CK 13,600 U/L', 'CK 0.500 U/L', 'CK 13.65 U/L', 'CK 2.401 U/L']) {
      assert.ok(!codes(analyse(note(`:lab[${plain}]`))).includes('ambiguous-number'), plain);
    }
    assert.ok(codes(analyse(note(':drug[prednisone] :dose[2.500 mg]'))).includes('ambiguous-number'));
  });

  test('grades in Roman numerals: ICANS grade IV is 4', () => {
    const n = lab(':lab[ICANS grade IV]', 'ICANS grade IV');
    assert.equal(n.valueKind, 'grade');
    assert.equal(n.value, 4);
    assert.equal(lab(':lab[CRS grade 2]', 'CRS grade 2').value, 2);
    assert.equal(lab(':lab[CRS grade II]', 'CRS grade II').value, 2);
  });

  test('scores out of their maximum', () => {
    const n = lab(':lab[MMT8 149/150]', 'MMT8 149/150');
    assert.equal(n.valueKind, 'score');
    assert.equal(n.value, 149);
    assert.equal(n.scoreMax, 150);
  });
});

describe('units', () => {
  test('the spellings papers print map to UCUM', () => {
    const cases: [string, string, number, string][] = [
      [':drug[prednisone] :dose[1 mg/kg/day]', '1 mg/kg/day', 1, 'mg/kg/d'],
      [':drug[prednisone] :dose[1 mg/kg per day]', '1 mg/kg per day', 1, 'mg/kg/d'],
      [':drug[prednisone] :dose[60 mg per day]', '60 mg per day', 60, 'mg/d'],
      [':drug[methotrexate] :dose[15 mg weekly]', '15 mg weekly', 15, 'mg/wk'],
      [':drug[methotrexate] :dose[15 mg/wk]', '15 mg/wk', 15, 'mg/wk'],
      [':drug[methotrexate] :dose[15 mg per week]', '15 mg per week', 15, 'mg/wk'],
      [':drug[tocilizumab] :dose[8 mg per kilogram]', '8 mg per kilogram', 8, 'mg/kg'],
      [':drug[axi-cel] :dose[2 × 10^6 viable CAR T cells per kg]', '2 × 10^6 viable CAR T cells per kg', 2e6, '{cells}/kg'],
      [':drug[aciclovir] :dose[800 mcg]', '800 mcg', 0.8, 'mg'],
    ];
    for (const [body, label, value, unit] of cases) {
      const n = dose(body, label);
      assert.equal(n?.unit, unit, label);
      assert.equal(n?.value, value, label);
    }
    const egfr = lab(':lab[eGFR 45 mL/min/1.73 m²]', 'eGFR 45 mL/min/1.73 m²');
    assert.equal(egfr.key, 'egfr');
    assert.equal(egfr.unit, 'mL/min/{1.73_m2}');
    assert.equal(lab(':lab[CK 95 U/l]', 'CK 95 U/l').unit, 'U/L');
    assert.equal(lab(':lab[D-dimer 4.5 mg/L FEU]', 'D-dimer 4.5 mg/L FEU').key, 'd-dimer');
    assert.equal(lab(':lab[leukocytes 4.2 ×10^9/L]', 'leukocytes 4.2 ×10^9/L').value, 4200);
  });

  test('unknown-unit offers the closest known spellings', () => {
    const a = analyse(note(':lab[CRP 5 mg/dk]'));
    const d = a.diagnostics.find((x) => x.code === 'unknown-unit');
    assert.ok(d?.fixes?.length, JSON.stringify(d));
    assert.ok(d.fixes.some((f) => f.edits[0].newText === 'CRP 5 mg/dL'), JSON.stringify(d.fixes));
    const m = analyse(note(':drug[prednisone] :dose[60 mgg]')).diagnostics.find((x) => x.code === 'unknown-unit');
    assert.ok(m?.fixes?.some((f) => f.edits[0].newText === '60 mg'), JSON.stringify(m));
  });
});

describe('doses', () => {
  test('a period is never converted; only the amount is', () => {
    assert.deepEqual([dose(':drug[X] :dose[2 g/day]', '2 g/day').value, dose(':drug[X] :dose[2 g/day]', '2 g/day').unit], [2000, 'mg/d']);
    const weekly = dose(':drug[methotrexate] :dose[15 mg/week]', '15 mg/week');
    assert.equal(weekly.value, 15);
    assert.equal(weekly.unit, 'mg/wk');
    assert.equal(weekly.period, 'wk');
    assert.deepEqual([dose(':drug[IVIG] :dose[0.4 g/kg/d]', '0.4 g/kg/d').value, dose(':drug[IVIG] :dose[0.4 g/kg/d]', '0.4 g/kg/d').unit], [400, 'mg/kg/d']);
    assert.deepEqual([dose(':drug[fludarabine] :dose[30 mg/m²/day]', '30 mg/m²/day').value, dose(':drug[fludarabine] :dose[30 mg/m²/day]', '30 mg/m²/day').unit], [30, 'mg/m2/d']);
  });

  test('standard dosing never warns: every real dosing dimension is in the lexicon', () => {
    const body = [
      ':drug[prednisone] :dose[60 mg]', ':drug[prednisone] :dose[60 mg/d]', ':drug[prednisone] :dose[1 mg/kg/d]',
      ':drug[IVIG] :dose[2 g/kg]', ':drug[IVIG] :dose[0.4 g/kg/d]', ':drug[fludarabine] :dose[30 mg/m2]',
      ':drug[fludarabine] :dose[30 mg/m²/day]', ':drug[methotrexate] :dose[15 mg/week]', ':drug[cyclophosphamide] :dose[500 mg/m²]',
      ':drug[tocilizumab] :dose[8 mg/kg]', ':drug[rituximab] :dose[375 mg/m²]', ':drug[rituximab] :dose[1000 mg]',
    ].join('\n\n');
    const problems = analyse(note(body)).diagnostics.filter((d) => d.code === 'dose-unit-mismatch' || d.code === 'implausible-dose');
    assert.deepEqual(problems.map((d) => `${d.range.start.line}: ${d.message}`), []);
  });

  test('how often is the frequency, not the unit; a weekly regimen is checked per administration', () => {
    const bid = dose(':drug[mycophenolate mofetil] :dose[1 g b.i.d.]', '1 g b.i.d.');
    assert.deepEqual([bid.value, bid.unit, bid.freq], [1000, 'mg', 'b.i.d.']);
    const twice = dose(':drug[hydroxychloroquine] :dose[200 mg twice daily]', '200 mg twice daily');
    assert.deepEqual([twice.value, twice.unit, twice.freq], [200, 'mg', 'twice daily']);
    assert.equal(dose(':drug[anakinra] :dose[100 mg every 6 h]', '100 mg every 6 h').freq, 'every 6 h');
    const a = analyse(note(':drug[rituximab] :dose[375 mg/m² weekly]'));
    assert.equal((one(a, '375 mg/m² weekly').normalized as DoseNormalized).unit, 'mg/m2/wk');
    assert.deepEqual(codes(a), []);
    assert.ok(codes(analyse(note(':drug[rituximab] :dose[3750 mg/m² weekly]'))).includes('implausible-dose'));
  });

  test('a unit that does not fit the drug still warns', () => {
    assert.ok(codes(analyse(note(':drug[daratumumab] :dose[6 × 10^6 cells/kg]'))).includes('dose-unit-mismatch'));
  });

  test('status on drugs and doses; a drug\'s status applies to its doses', () => {
    const a = analyse(note(':drug[prednisolone]{status=not-given} :dose[1 mg/kg]. :drug[tocilizumab]{status=planned} :dose[8 mg/kg]{status=given}. :drug[rituximab] :dose[375 mg/m²].'));
    assert.equal(one(a, 'prednisolone').status, 'not-given');
    assert.equal(one(a, '1 mg/kg').status, 'not-given');
    assert.equal(one(a, 'tocilizumab').status, 'planned');
    assert.equal(one(a, '8 mg/kg').status, 'given');
    assert.equal(one(a, 'rituximab').status, 'given');
    assert.equal(one(a, '375 mg/m²').status, 'given');
    assert.equal(one(analyse(note(':drug[X]{status="not given"}')), 'X').status, 'not-given');
    assert.ok(codes(analyse(note(':drug[X]{status=maybe}'))).includes('bad-attribute'));
    // Carried into every export made from the analysis: JSON, NDJSON, CSV, W3C, FHIR, BioC, brat.
    const exp = exportOf([toExportDocument(a)]);
    const texts = new Map([[a.path, note('')]]);
    const json = JSON.parse(formatExport(exp, 'json'));
    assert.equal(json.documents[0].cases[0].annotations[0].status, 'not-given');
    assert.match(formatExport(exp, 'ndjson').split('\n')[0], /"status":"not-given"/);
    assert.match(formatExport(exp, 'csv'), /,not-given,/);
    assert.match(formatExport(exp, 'w3c', texts), /\\"status\\":\\"not-given\\"/);
    assert.match(formatExport(exp, 'fhir'), /"status": "not-taken"/);
  });

  test('methotrexate carries both ATC codes; a class carries a group code', () => {
    const mtx = one(analyse(note(':drug[methotrexate]')), 'methotrexate').normalized as DrugNormalized;
    assert.equal(mtx.atc, 'L04AX03');
    assert.deepEqual(mtx.atcAlso, ['L01BA01']);
    const gc = one(analyse(note(':drug[glucocorticoids]')), 'glucocorticoids').normalized as DrugNormalized;
    assert.equal(gc.drugKind, 'class');
    assert.ok(gc.atc && gc.atc.length < 7, gc.atc ?? 'null');
    assert.equal(gc.rxcui, null);
  });
});

describe('labs', () => {
  test('a paper\'s uln= holds for later values of the same analyte in the case, not earlier ones nor other cases', () => {
    const text = `::case[A]{#a}\n\n:lab[CK 300 U/L] then :lab[CK 2,400 U/L]{uln=170}, later :lab[CK 200 U/L].\n\n::case[B]{#b}\n\n:lab[CK 200 U/L]\n`;
    const a = analyse(text);
    const [before, own, after, other] = a.annotations.map((x) => x.normalized as LabNormalized);
    assert.notEqual(before.uln, 170);
    assert.equal(before.referenceSource, 'lexicon');
    assert.equal(own.uln, 170);
    assert.equal(own.referenceSource, 'attribute');
    assert.equal(after.uln, 170);
    assert.equal(after.referenceSource, 'carried');
    assert.equal(after.flag, 'high');
    assert.equal(after.xUln, 1.18);
    assert.notEqual(other.referenceSource, 'carried');
  });

  test('with a comparator the flag is only what the bound proves', () => {
    const crp = lab(':lab[CRP <5 mg/L]{uln=5}', 'CRP <5 mg/L');
    assert.equal(crp.flag, 'normal');
    const upcr = lab(':lab[UPCR <500 mg/g]{uln=150}', 'UPCR <500 mg/g');
    assert.equal(upcr.flag, null);
    assert.equal(upcr.xUln, null);
    assert.equal(lab(':lab[CK >1000 U/L]{uln=170}', 'CK >1000 U/L').flag, 'high');
    assert.equal(lab(':lab[UPCR <500 mg/g]', 'UPCR <500 mg/g').flag, null);
  });

  test('another measure is never silently relabelled', () => {
    const a = analyse(note(':lab[eGFR 45 mL/min]'));
    const n = one(a, 'eGFR 45 mL/min').normalized as LabNormalized | null;
    const d = a.diagnostics.find((x) => x.code === 'lab-unit-mismatch');
    assert.ok(d, 'eGFR in mL/min is flagged');
    assert.equal(d.severity, 'warning');
    assert.notEqual(n?.unit, 'mL/min/{1.73_m2}');
    const pct = lab(':lab[CD19+ B cells 5 %]', 'CD19+ B cells 5 %');
    assert.equal(pct.unit, '%');
    assert.notEqual(pct.key, lab(':lab[CD19+ B cells 5/µL]', 'CD19+ B cells 5/µL').key);
    const mmt80 = lab(':lab[MMT8 75/80]', 'MMT8 75/80');
    assert.equal(mmt80.scoreMax, 80);
    assert.notEqual(mmt80.key, 'mmt8');
  });

  test('wide plausible bounds for published severe CRS and HLH', () => {
    const a = analyse(note(':lab[ferritin 250,000 µg/L] :lab[IL-6 150,000 pg/mL]'));
    assert.ok(!codes(a).includes('implausible-lab'), codes(a).join());
  });
});

describe('days', () => {
  test('the 1.1 rows of the section 3 table', () => {
    const rows: [string, Record<string, number | [number, number]>][] = [
      [':drug[fludarabine] on :day[-5 to -3] and :drug[cyclophosphamide] :dose[500 mg/m²] on :day[-3].',
        { fludarabine: [-5, -3], cyclophosphamide: -3, '500 mg/m²': -3 }],
      ['Fever began on :day[3]. :drug[tocilizumab] 8 mg/kg i.v. on :day[5].', { tocilizumab: 5 }],
      ['Fever began on :day[3]. :drug[Y] 8 mg/kg i.v. on :day[5].', { Y: 5 }],
      [':drug[X]{day=12} :dose[10 mg] was added.', { X: 12, '10 mg': 12 }],
      [':drug[A] on :day[1] and :drug[B] and :drug[C] on :day[3].', { A: 1, B: 3, C: 3 }],
      ['See Fig. 2: :drug[A] on :day[4]. Approx. :dose[5 mg] of :drug[B] on :day[6].', { A: 4, B: 6, '5 mg': 6 }],
      ['On :day[2] :drug[A] was given\ntwice, as in Smith et al. :drug[B] followed on :day[9].', { A: 2, B: 9 }],
    ];
    for (const [text, expected] of rows) {
      const a = analyse(note(text));
      for (const [label, day] of Object.entries(expected)) {
        const ann = one(a, label);
        if (Array.isArray(day)) assert.deepEqual([ann.day, ann.dayEnd], day, `${label} in «${text}»`);
        else assert.equal(ann.day, day, `${label} in «${text}»`);
      }
    }
  });

  test('a semicolon ends a sentence; punctuation in a label or its attributes never does', () => {
    const a = analyse(note(':drug[A] on :day[1]; :drug[B] given. :lab[CK 2.5 U/L]{note="a. b"} on :day[7] and :drug[C].'));
    assert.equal(one(a, 'B').day, 1);
    assert.equal(one(a, 'CK 2.5 U/L').day, 7);
    assert.equal(one(a, 'C').day, 7);
  });

  test(':day[baseline] is the case\'s baseline day, default 0', () => {
    const a = analyse(note('At :day[baseline] :lab[CK 95 U/L].'));
    assert.equal(one(a, 'baseline').day, 0);
    assert.equal(one(a, 'CK 95 U/L').day, 0);
    const b = analyse(note('At :day[baseline] :lab[CK 95 U/L], then :drug[X]{day=baseline}.', 'baseline=-7'));
    assert.equal(one(b, 'baseline').day, -7);
    assert.equal((one(b, 'baseline').normalized as { precision: string }).precision, 'baseline');
    assert.equal(one(b, 'X').day, -7);
    assert.ok(codes(analyse(note(':day[baseline]', 'baseline=soon'))).includes('bad-attribute'));
  });
});
