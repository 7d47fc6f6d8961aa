// The spec's section 7 example must give exactly the spec's table, and the export of it the
// fields of section 5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DayNormalized, DoseNormalized, DrugNormalized, LabNormalized } from '../../server/src/core/index.ts';
import { buildExport } from '../../server/src/core/index.ts';
import { analyse, one, SPEC_EXAMPLE } from './helpers.ts';

const a = analyse(SPEC_EXAMPLE, { uri: 'file:///notes/mueller-2025.md' });

test('the example is clean', () => {
  assert.deepEqual(a.diagnostics, []);
});

test('front matter and case', () => {
  assert.equal(a.source?.doi, '10.1038/s41591-025-03718-3');
  assert.equal(a.source?.year, 2025);
  assert.equal(a.cases.length, 1);
  const c = a.cases[0];
  assert.equal(c.id, 'mueller-2025-p1');
  assert.equal(c.title, 'Jo-1 anti-synthetase syndrome, relapse after CD19 CAR T');
  assert.deepEqual(c.attributes, { age: '45', sex: 'F', dx: 'anti-Jo-1 anti-synthetase syndrome' });
  assert.deepEqual(c.anchors.map((x) => [x.name, x.day]), [['bcma', 609]]);
});

test('the spec table, row by row', () => {
  const cart1 = one(a, 'MB-CART19.1', 0);
  assert.equal(cart1.day, 0);
  assert.deepEqual((cart1.normalized as DrugNormalized).targets, ['CD19']);

  const dose1 = one(a, '1.0 × 10^6 cells/kg');
  assert.equal(dose1.day, 0);
  assert.equal((dose1.normalized as DoseNormalized).value, 1000000);
  assert.equal((dose1.normalized as DoseNormalized).unit, '{cells}/kg');
  assert.equal((dose1.normalized as DoseNormalized).drug, (cart1.normalized as DrugNormalized).key);

  const ck95 = one(a, 'CK 95 U/L');
  assert.equal(ck95.day, 91);
  const ck95n = ck95.normalized as LabNormalized;
  assert.deepEqual([ck95n.value, ck95n.unit, ck95n.name.toLowerCase().includes('creatine kinase'), ck95n.loinc], [95, 'U/L', true, '2157-6']);

  const ck2400 = one(a, 'CK 2,400 U/L');
  assert.equal(ck2400.day, 274);
  const n = ck2400.normalized as LabNormalized;
  assert.deepEqual([n.value, n.unit, n.uln, n.flag], [2400, 'U/L', 170, 'high']);
  assert.ok(Math.abs((n.xUln ?? 0) - 14.1) < 0.05);

  assert.equal(one(a, 'MB-CART19.1', 1).day, 365);

  const dara = one(a, '1800 mg');
  assert.equal(dara.day, 396);
  assert.deepEqual([(dara.normalized as DoseNormalized).value, (dara.normalized as DoseNormalized).unit, (dara.normalized as DoseNormalized).drug, (dara.normalized as DoseNormalized).route], [1800, 'mg', 'daratumumab', 'sc']);

  const dexa = one(a, '20 mg');
  assert.equal(dexa.day, 396);
  assert.equal((dexa.normalized as DoseNormalized).drug, 'dexamethasone');

  const m20 = one(a, 'month 20');
  assert.equal(m20.day, 609);
  assert.equal((m20.normalized as DayNormalized).precision, 'month');

  const idecel = one(a, 'idecabtagene vicleucel');
  assert.equal(idecel.day, 609);
  assert.deepEqual((idecel.normalized as DrugNormalized).targets, ['BCMA']);

  const idecelDose = one(a, '6 × 10^6 cells/kg');
  assert.equal(idecelDose.day, 609);
  assert.equal((idecelDose.normalized as DoseNormalized).value, 6000000);

  const toci = one(a, 'tocilizumab');
  assert.equal(toci.day, 612);
  assert.match((toci.normalized as DrugNormalized).targets.join(' '), /IL-6/i);

  const d62 = one(a, '62');
  assert.equal(d62.day, 671);
  assert.equal((d62.normalized as DayNormalized).from, 'bcma');
});

test('hover and the panel can say which :day dated a fact', () => {
  const ck = one(a, 'CK 2,400 U/L');
  assert.equal(ck.datedBy?.text, 'month 9');
  assert.equal(ck.datedBy?.range.start.line, 11);
  assert.equal(one(a, '1800 mg').datedBy?.rule, 'heading');
  assert.equal(one(a, 'tocilizumab').datedBy?.rule, 'sentence');
});

test('export has the fields of spec section 5 and drops nothing', () => {
  const exp = buildExport([a]);
  assert.equal(exp.format, 'casemark-export');
  assert.equal(exp.version, 1);
  const doc = exp.documents[0];
  assert.equal(doc.path, 'mueller-2025.md');
  assert.equal(doc.source?.doi, '10.1038/s41591-025-03718-3');
  const annotations = doc.cases[0].annotations;
  assert.equal(annotations.length, (SPEC_EXAMPLE.match(/:(drug|dose|day|lab)\[/g) ?? []).length);
  const first = annotations[1];
  assert.deepEqual(Object.keys(first).slice(0, 4), ['kind', 'text', 'range', 'day']);
  assert.ok('normalized' in first);
  // Ranges cover the whole directive, zero-based.
  assert.deepEqual(first.range, { start: { line: 9, character: 24 }, end: { line: 9, character: 56 } });
  assert.equal(SPEC_EXAMPLE.split('\n')[9].slice(24, 56), ':drug[MB-CART19.1]{role=therapy}');
});
