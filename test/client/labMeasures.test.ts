// Measures of one analyte in the panel: a note that reports eGFR per 1.73 m² and in mL/min,
// B cells per µL and in %, anti-Jo-1 as a titer and as positive, read through the whole
// analysis with the shipped lexicon and drawn by the panel's model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toExportDocument } from '../../server/src/core/export/export.ts';
import type { LabNormalized } from '../../server/src/core/model.ts';
import { buildTimeline, describeSeries } from '../../client/src/webview/model.ts';
import { analyse } from '../core/helpers.ts';

const NOTE = `::case[Measures]{#m}

On :day[0] :lab[eGFR 45 mL/min/1.73 m2] and :lab[CD19+ B cells 120/µL]{uln=500}; :lab[anti-Jo-1 1:320].

On :day[7]{#d7} :lab[eGFR 30 mL/min] and :lab[CD19+ B cells 0 %]; :lab[anti-Jo-1 positive].

On :day[14] :lab[eGFR 52 mL/min/1.73 m2] and :lab[CD19+ B cells 0/µL].
`;

const doc = toExportDocument(analyse(NOTE));
const theCase = doc.cases[0];
const timeline = buildTimeline(theCase);

test('the core names the analyte of a value in another measure (measureOf), null for the analyte itself', () => {
  const byText = new Map(theCase.annotations.map((a) => [a.text, a.normalized as LabNormalized | null]));
  assert.equal(byText.get('eGFR 30 mL/min')?.key, 'egfr-unindexed');
  assert.equal(byText.get('eGFR 30 mL/min')?.measureOf, 'egfr');
  assert.equal(byText.get('eGFR 45 mL/min/1.73 m2')?.measureOf, null);
  assert.equal(byText.get('CD19+ B cells 0 %')?.measureOf, 'cd19-b-cells');
});

test('measures of one analyte share one small multiple, one chart per unit, each value in its own unit', () => {
  const egfr = timeline.labs.filter((s) => s.key === 'egfr');
  assert.equal(egfr.length, 1, 'one block for eGFR, not one per measure');
  assert.equal(timeline.labs.find((s) => s.key === 'egfr-unindexed'), undefined);
  const [own, other] = egfr[0].tracks;
  assert.equal(egfr[0].tracks.length, 2, 'mL/min is not drawn on the per-1.73 m² axis');
  assert.deepEqual(own.points.map((p) => [p.day, p.value, p.unit]), [[0, 45, 'mL/min/{1.73_m2}'], [14, 52, 'mL/min/{1.73_m2}']], 'the analyte\'s own measure first');
  assert.deepEqual(other.points.map((p) => [p.day, p.value, p.unit, p.measure]), [[7, 30, 'mL/min', 'egfr-unindexed']]);
  assert.equal(own.unitText, 'mL/min/1.73 m²');
  assert.equal(other.unitText, 'mL/min');
  assert.match(other.measureName, /not per 1\.73 m²/);
  assert.equal(egfr[0].name, own.measureName, 'the block is named after the analyte');
});

test('one reference line per analyte, on the chart of the unit it is given in; the paper\'s limit preferred', () => {
  const b = timeline.labs.find((s) => s.key === 'cd19-b-cells')!;
  assert.deepEqual(b.tracks.map((t) => t.unit), ['/uL', '%']);
  assert.deepEqual(b.reference, { value: 500, source: 'paper', unit: '/uL' });
  assert.deepEqual(b.tracks.map((t) => t.reference), [{ value: 500, source: 'paper' }, null], 'the /µL limit is not drawn on the % chart');
  const text = describeSeries(b);
  assert.match(text, /in \/µL \(.*\): 120 \/µL on day 0; 0 \/µL on day 14/);
  assert.match(text, /in % \(.*\): 0% on day 7/);
  assert.match(text, /Upper limit of normal 500 \/µL, as the paper gives it\./);
});

test('results of measures of one analyte (a titer, a qualitative result) share the analyte\'s lane', () => {
  const lanes = timeline.lanes.filter((l) => l.kind === 'lab');
  const jo1 = lanes.filter((l) => l.key === 'lab:anti-jo-1');
  assert.equal(jo1.length, 1, lanes.map((l) => l.key).join(', '));
  assert.deepEqual(jo1[0].marks.map((m) => [m.day, m.label]), [[0, '1:320'], [7, 'positive']]);
  assert.ok(!lanes.some((l) => l.key === 'lab:anti-jo-1-qualitative'));
});
