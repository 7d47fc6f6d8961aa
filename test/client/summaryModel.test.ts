// The summary panel's data shaping: what the timeline, lab charts, table and status bar show
// for an exported note (the spec's example, section 7, as the server exports it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExportAnnotation, ExportDocument } from '../../server/src/core/export/types.ts';
import type { Normalized } from '../../server/src/core/model.ts';
import {
  buildCaseViews,
  buildRows,
  buildTimeline,
  chooseReference,
  chooseScale,
  displayUnit,
  fitDayAxis,
  formatNumber,
  countDocument,
  describeNormalized,
  describeSeries,
  describeTimeline,
  estimateLabelWidth,
  filterRows,
  sortRows,
  stackLabels,
  sourceView,
} from '../../client/src/webview/model.ts';

let line = 9;
function ann(kind: ExportAnnotation['kind'], text: string, day: number | null, normalized: Normalized | null, attributes: Record<string, string> = {}): ExportAnnotation {
  line += 1;
  return {
    kind,
    text,
    range: { start: { line, character: 3 }, end: { line, character: 10 + text.length } },
    day,
    dayEnd: null,
    datedBy: day === null ? null : { line, text: String(day), rule: 'clause' },
    attributes,
    normalized,
  };
}
const drug = (key: string, name: string, targets: string[] = []): Normalized => ({ key, name, class: null, targets, atc: key === 'tocilizumab' ? 'L04AC07' : null, atcAlso: [], rxcui: null, drugKind: 'substance' });
const dose = (value: number, unit: string, drugKey: string, route: string | null = null): Normalized => ({
  value,
  valueEnd: null,
  period: null,
  comparator: null,
  unit,
  original: { value, valueEnd: null, unit, ucum: unit },
  drug: drugKey,
  route,
  freq: null,
});
const lab = (key: string, name: string, value: number | null, unit: string | null, extra: Partial<Record<string, unknown>> = {}): Normalized =>
  ({ key, name, loinc: key === 'ck' ? '2157-6' : null, valueKind: 'quantity', value, valueEnd: null, unit, comparator: null, result: null, scoreMax: null, lln: null, uln: null, xUln: null, flag: null, original: { value, unit }, ...extra }) as Normalized;
const dayN = (d: number, precision: 'day' | 'month', anchor: string | null = null, from: string | null = null): Normalized => ({ day: d, dayEnd: null, precision, from, relative: d, anchor });

const annotations: ExportAnnotation[] = [
  ann('day', '0', 0, dayN(0, 'day')),
  ann('drug', 'MB-CART19.1', 0, drug('mb-cart19-1', 'MB-CART19.1', ['CD19']), { role: 'therapy' }),
  ann('dose', '1.0 × 10^6 cells/kg', 0, dose(1e6, '{cells}/kg', 'mb-cart19-1')),
  ann('lab', 'CK 13,600 U/L', 3, lab('ck', 'creatine kinase', 13600, 'U/L', { uln: 170, xUln: 80, flag: 'high' })),
  ann('lab', 'CK 95 U/L', 91, lab('ck', 'creatine kinase', 95, 'U/L', { uln: 170, xUln: 0.56, flag: 'normal' })),
  ann('lab', 'CK 2,400 U/L', 274, lab('ck', 'creatine kinase', 2400, 'U/L', { uln: 170, xUln: 14.1, flag: 'high' }), { uln: '170' }),
  ann('lab', 'anti-Jo-1 positive', 274, lab('anti-jo-1', 'anti-Jo-1 antibody', null, null, { valueKind: 'qualitative', result: 'positive' })),
  ann('drug', 'MB-CART19.1', 365, drug('mb-cart19-1', 'MB-CART19.1', ['CD19'])),
  ann('drug', 'daratumumab', 396, drug('daratumumab', 'daratumumab', ['CD38']), { role: 'bridging' }),
  ann('dose', '1800 mg', 396, dose(1800, 'mg', 'daratumumab', 'sc'), { route: 'sc' }),
  ann('day', 'month 20', 609, dayN(609, 'month', 'bcma')),
  ann('drug', 'tocilizumab', 612, drug('tocilizumab', 'tocilizumab', ['IL-6R'])),
  ann('drug', 'prednisone', null, drug('prednisone', 'prednisone')),
  ann('drug', 'zorbitol', 612, null),
  ann('lab', 'CD19+ B cells 0/µL', 30, lab('cd19-b-cells', 'CD19+ B cells', 0, '/uL')),
  ann('lab', 'CD19+ B cells 2/µL', 90, lab('cd19-b-cells', 'CD19+ B cells', 2, '/uL')),
  ann('lab', 'CD19+ B cells 250/µL', 200, lab('cd19-b-cells', 'CD19+ B cells', 250, '/uL')),
  ann('lab', 'Foo 12 mg', 12, null),
];

const doc: ExportDocument = {
  path: 'notes/mueller-2025.md',
  source: { title: 'BCMA CAR T cells in <b>myositis</b>', doi: '10.1038/s41591-025-03718-3', journal: 'Nat Med', year: 2025 },
  cases: [
    {
      id: 'mueller-2025-p1',
      title: 'Jo-1 anti-synthetase syndrome',
      implicit: false,
      attributes: { dx: 'anti-Jo-1 ASyS', age: '45', sex: 'F', site: 'Erlangen' },
      range: { start: { line: 8, character: 0 }, end: { line: 40, character: 0 } },
      annotations,
    },
  ],
  unassigned: [ann('drug', 'aspirin', null, drug('aspirin', 'aspirin'))],
  diagnostics: [
    { range: { start: { line: 23, character: 3 }, end: { line: 23, character: 20 } }, severity: 'warning', code: 'unknown-drug', message: 'Unknown drug "zorbitol".' },
    { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } }, severity: 'warning', code: 'outside-case', message: 'Before the first case.' },
    { range: { start: { line: 26, character: 0 }, end: { line: 26, character: 9 } }, severity: 'error', code: 'unknown-unit', message: 'Unknown unit "mg" for Foo.' },
  ],
};
const theCase = doc.cases[0];

test('timeline: one lane per drug, each administration labelled by its dose, else by the drug; result lanes after', () => {
  const t = buildTimeline(theCase);
  assert.deepEqual(
    t.lanes.map((l) => [l.kind, l.name, l.marks.map((m) => [m.day, m.label, m.kind])]),
    [
      ['drug', 'MB-CART19.1', [[0, '1.0 × 10^6 cells/kg', 'dose'], [365, 'MB-CART19.1', 'drug']]],
      ['drug', 'daratumumab', [[396, '1800 mg', 'dose']]],
      ['drug', 'tocilizumab', [[612, 'tocilizumab', 'drug']]],
      ['drug', 'zorbitol', [[612, 'zorbitol', 'drug']]],
      ['lab', 'Foo', [[12, 'Foo 12 mg', 'result']]],
      ['lab', 'anti-Jo-1 antibody', [[274, 'positive', 'result']]],
    ],
  );
  assert.deepEqual(t.anchors.map((a) => [a.name, a.day]), [['bcma', 609]]);
  assert.deepEqual(t.extent, [0, 612]);
  assert.deepEqual(t.undated.map((f) => f.text), ['prednisone'], 'undated facts are listed apart, not dropped');
  const dara = t.lanes[1].marks[0];
  assert.equal(dara.line, annotations[9].range.start.line, 'a mark knows the line it reveals');
});

test('timeline: a dose names its lane by the drug, status comes from the model or the attribute', () => {
  const t = buildTimeline({
    ...theCase,
    annotations: [
      ann('drug', 'rituximab', 5, drug('rituximab', 'rituximab'), { status: 'planned' }),
      ann('dose', '375 mg/m²', 5, dose(375, 'mg/m2', 'rituximab'), { status: 'planned' }),
      { ...ann('drug', 'tocilizumab', 7, drug('tocilizumab', 'tocilizumab')), status: 'not-given' } as ExportAnnotation,
      { ...ann('drug', 'IVIG', 2, drug('ivig', 'intravenous immunoglobulin')), dayEnd: 4 },
    ],
  });
  assert.deepEqual(
    t.lanes.map((l) => [l.name, l.marks.map((m) => [m.label, m.status, m.day, m.dayEnd])]),
    [
      ['intravenous immunoglobulin', [['intravenous immunoglobulin', 'given', 2, 4]]],
      ['rituximab', [['375 mg/m²', 'planned', 5, null]]],
      ['tocilizumab', [['tocilizumab', 'not-given', 7, null]]],
    ],
    'lanes in the order of their first day',
  );
  assert.match(describeTimeline(t), /intravenous immunoglobulin: given on days 2 to 4\. rituximab: 375 mg\/m² \(planned\) on day 5\. tocilizumab: given \(not-given\) on day 7\./);
});

test('timeline: the extent is the case facts, not stretched to day 0; undated anchors are not plotted', () => {
  const t = buildTimeline({
    ...theCase,
    annotations: [
      ann('day', 'day 304', 304, dayN(304, 'day', 'relapse')),
      ann('drug', 'prednisone', 304, drug('prednisone', 'prednisone')),
      ann('lab', 'CK 900 U/L', 308, lab('ck', 'creatine kinase', 900, 'U/L', { uln: 190 })),
      ann('day', 'later', null, dayN(0, 'day', 'later')),
    ],
  });
  assert.deepEqual(t.extent, [304, 308]);
  assert.deepEqual(t.anchors.map((a) => a.name), ['relapse']);
  assert.deepEqual(t.undated.map((u) => [u.kind, u.text]), [['day', 'later']]);
  assert.equal(describeTimeline({ ...t, lanes: [] }).includes('. .'), false);
  assert.match(describeTimeline({ ...t, lanes: [] }), /^Timeline from day 304 to day 308: no dated drug, 1 lab chart\. Anchors: #relapse at day 304\. 1 undated fact\.$/);
});

test('axis fitting: integer ticks over the facts, day 0 only when in range, steps that fit the width', () => {
  const late = fitDayAxis([304, 308], 600);
  assert.deepEqual(late.ticks, [304, 305, 306, 307, 308]);
  assert.ok(late.domain[0] > 300 && late.domain[0] < 304 && late.domain[1] > 308 && late.domain[1] < 312, `${late.domain}`);
  assert.equal(late.showZero, false);
  const short = fitDayAxis([-1, 3], 600);
  assert.deepEqual(short.ticks, [-1, 0, 1, 2, 3]);
  assert.equal(short.showZero, true);
  const long = fitDayAxis([-14, 700], 400);
  assert.ok(long.ticks.length <= 400 / 48, `${long.ticks}`);
  assert.ok(long.ticks.every(Number.isInteger));
  assert.ok(long.ticks.includes(0));
  const single = fitDayAxis([5, 5], 300);
  assert.deepEqual(single.ticks, [5]);
  assert.ok(single.domain[0] < 5 && single.domain[1] > 5);
});

test('lab series: canonical values by day, one reference line, log scale for wide spans', () => {
  const t = buildTimeline(theCase);
  const ck = t.labs.find((s) => s.key === 'ck')!;
  assert.equal(ck.tracks.length, 1, 'one unit, one chart');
  assert.deepEqual(ck.tracks[0].points.map((p) => [p.day, p.value, p.flag]), [[3, 13600, 'high'], [91, 95, 'normal'], [274, 2400, 'high']]);
  assert.deepEqual(ck.reference, { value: 170, source: 'paper', unit: 'U/L' }, 'uln= on a value is the paper\'s own limit');
  assert.deepEqual(ck.tracks[0].reference, { value: 170, source: 'paper' });
  assert.equal(ck.tracks[0].scale, 'log', '95 to 13,600 spans more than two orders of magnitude');
  assert.equal(ck.loinc, '2157-6');
  assert.equal(t.labs.find((s) => s.key === 'anti-jo-1'), undefined, 'a qualitative result is a marker on a lane, not a chart');
  const b = t.labs.find((s) => s.key === 'cd19-b-cells')!;
  assert.equal(b.tracks[0].scale, 'symlog', 'a zero among values that span orders of magnitude');
  assert.equal(b.tracks[0].unitText, '/µL');
});

test('reference line: the paper\'s limit wins over the built-in one, else the most frequent limit', () => {
  assert.deepEqual(
    chooseReference([
      { uln: 192, source: 'lexicon', day: 1 },
      { uln: 192, source: 'lexicon', day: 2 },
      { uln: 170, source: 'attribute', day: 3 },
    ]),
    { value: 170, source: 'paper', unit: null },
  );
  assert.deepEqual(chooseReference([{ uln: 308, source: 'carried', day: 9 }, { uln: 190, source: 'lexicon', day: 1 }]), { value: 308, source: 'paper', unit: null });
  assert.deepEqual(chooseReference([{ uln: 190, source: 'lexicon', day: 1 }, { uln: 200, source: 'lexicon', day: 5 }]), { value: 200, source: 'lexicon', unit: null }, 'on a tie the latest');
  assert.equal(chooseReference([{ uln: null, source: null, day: 1 }]), null);
  // The core's referenceSource is read when present: a carried limit is the paper's.
  const t = buildTimeline({
    ...theCase,
    annotations: [
      ann('lab', 'CK 900 U/L', 3, lab('ck', 'creatine kinase', 900, 'U/L', { uln: 190, referenceSource: 'lexicon' })),
      ann('lab', 'CK 400 U/L', 5, lab('ck', 'creatine kinase', 400, 'U/L', { uln: 308, referenceSource: 'carried' })),
    ],
  });
  assert.deepEqual(t.labs[0].reference, { value: 308, source: 'paper', unit: 'U/L' });
});

test('unit display: units and results as people write them', () => {
  assert.equal(displayUnit('umol/L'), 'µmol/L');
  assert.equal(displayUnit('{cells}/kg'), 'cells/kg');
  assert.equal(displayUnit('mL/min/{1.73_m2}'), 'mL/min/1.73 m²');
  assert.equal(displayUnit('{cells}'), 'cells');
  assert.equal(displayUnit('10*9/L'), '10⁹/L');
  assert.equal(displayUnit('mg/m2'), 'mg/m²');
  assert.equal(displayUnit('mg/wk'), 'mg/week');
  assert.equal(displayUnit('mg/d'), 'mg/day');
  assert.equal(displayUnit('[iU]/L'), 'IU/L');
  assert.equal(displayUnit('{score}'), '');
  assert.equal(displayUnit('U/L'), 'U/L');
  assert.equal(formatNumber(1.3e6), '1.3 × 10⁶');
  const t = buildTimeline({
    ...theCase,
    annotations: [
      ann('lab', 'MMT8 149/150', 183, lab('mmt8', 'MMT8', 149, '{score}', { valueKind: 'score', result: '149/150', scoreMax: 150 })),
      ann('lab', 'ICANS grade IV', 8, lab('icans', 'ICANS', 4, null, { valueKind: 'grade', result: 'IV' })),
    ],
  });
  assert.deepEqual(t.lanes.map((l) => [l.name, l.marks[0].label]), [['ICANS', 'grade 4'], ['MMT8', 'score 149/150']]);
  const rows = buildRows(annotations);
  assert.equal(rows.find((r) => r.text === '1.0 × 10^6 cells/kg')!.normalized, '1 × 10⁶ cells/kg · MB-CART19.1', 'a dose names its drug, not its key');
});

test('chooseScale stays linear for narrow spans and single values', () => {
  assert.equal(chooseScale([5, 200]), 'linear');
  assert.equal(chooseScale([5, 501]), 'log');
  assert.equal(chooseScale([0, 13600]), 'linear');
  assert.equal(chooseScale([0, 1, 1000]), 'symlog');
});

test('table rows: every annotation with its normalized value, day and line', () => {
  const rows = buildRows(theCase.annotations);
  assert.equal(rows.length, annotations.length);
  const dara = rows.find((r) => r.text === '1800 mg')!;
  assert.deepEqual([dara.kind, dara.normalized, dara.day], ['dose', '1,800 mg · daratumumab · sc', 396]);
  assert.equal(rows.find((r) => r.text === 'CK 2,400 U/L')!.normalized, 'creatine kinase · 2,400 U/L · 14.1 × ULN · high · LOINC 2157-6');
  assert.equal(rows.find((r) => r.text === 'month 20')!.normalized, '≈ day 609 (month) defines #bcma');
  assert.equal(rows.find((r) => r.text === 'tocilizumab')!.normalized, 'tocilizumab · targets IL-6R · ATC L04AC07');
  assert.equal(rows.find((r) => r.text === 'zorbitol')!.normalized, '—');
  assert.match(rows.find((r) => r.text === 'tocilizumab')!.datedBy, /^clause :day\[612\] \(line \d+\)$/);
});

test('filter: every word must match kind, text, value, day or line', () => {
  const rows = buildRows(theCase.annotations);
  assert.deepEqual(filterRows(rows, 'lab high').map((r) => r.text), ['CK 13,600 U/L', 'CK 2,400 U/L']);
  assert.deepEqual(filterRows(rows, 'UNDATED').map((r) => r.text), ['prednisone']);
  assert.equal(filterRows(rows, '  ').length, rows.length);
  assert.deepEqual(filterRows(rows, '<img src=x>'), []);
});

test('sort: by day with undated last in both directions, stable, by text alphabetically', () => {
  const rows = buildRows(theCase.annotations);
  const asc = sortRows(rows, 'day', 'asc');
  assert.equal(asc[0].day, 0);
  assert.equal(asc.at(-1)!.day, null);
  const desc = sortRows(rows, 'day', 'desc');
  assert.equal(desc[0].day, 612);
  assert.equal(desc.at(-1)!.day, null);
  assert.deepEqual(sortRows(rows, 'day', 'asc').slice(0, 3).map((r) => r.text), ['0', 'MB-CART19.1', '1.0 × 10^6 cells/kg'], 'ties keep note order');
  assert.equal(sortRows(rows, 'text', 'asc')[0].text, '0');
  assert.deepEqual(sortRows(rows, 'line', 'desc').map((r) => r.line), rows.map((r) => r.line).reverse());
});

test('case views: facts in order, problems of the case, an extra section for what is outside any case', () => {
  const views = buildCaseViews(doc);
  assert.equal(views.length, 2);
  assert.deepEqual(views[0].facts, [['age', '45'], ['sex', 'F'], ['dx', 'anti-Jo-1 ASyS'], ['site', 'Erlangen']]);
  assert.deepEqual(views[0].problems.map((p) => p.code), ['unknown-drug', 'unknown-unit']);
  assert.equal(views[1].id, '');
  assert.deepEqual(views[1].rows.map((r) => r.text), ['aspirin']);
  assert.deepEqual(views[1].problems.map((p) => p.code), ['outside-case']);
});

test('source: DOI link to doi.org, fields as text', () => {
  const s = sourceView(doc)!;
  assert.equal(s.doiUrl, 'https://doi.org/10.1038/s41591-025-03718-3');
  assert.equal(s.title, 'BCMA CAR T cells in <b>myositis</b>');
  assert.equal(s.year, '2025');
  assert.equal(sourceView({ ...doc, source: { doi: 'https://doi.org/10.1/x y' } })!.doiUrl, 'https://doi.org/10.1/x%20y');
  assert.equal(sourceView({ ...doc, source: null }), null);
});

test('status counts: cases, annotations (unassigned included), errors and warnings', () => {
  assert.deepEqual(countDocument(doc), { cases: 1, annotations: annotations.length + 1, errors: 1, warnings: 2, problems: 3 });
});

test('text alternatives describe the charts', () => {
  const t = buildTimeline(theCase);
  assert.match(describeTimeline(t), /^Timeline from day 0 to day 612: 4 drugs, 2 lab charts, 2 lab result lanes\. MB-CART19\.1: 1\.0 × 10\^6 cells\/kg on day 0; given on day 365\./);
  assert.match(describeTimeline(t), /Anchors: #bcma at day 609\./);
  const ck = t.labs.find((s) => s.key === 'ck')!;
  assert.equal(describeSeries(ck), 'creatine kinase: 13,600 U/L on day 3 (high); 95 U/L on day 91; 2,400 U/L on day 274 (high). Upper limit of normal 170 U/L, as the paper gives it. Logarithmic scale.');
});

test('describeNormalized covers ranges, comparators and unnormalized annotations', () => {
  const a = ann('dose', '8–20 mg', 1, { ...(dose(8, 'mg', 'x') as object), valueEnd: 20, comparator: '<' } as Normalized);
  assert.equal(describeNormalized(a), '<8–20 mg · x');
  assert.equal(describeNormalized(ann('lab', 'anti-Jo-1 1:320', 1, lab('anti-jo-1', 'anti-Jo-1', 320, null, { valueKind: 'titer', result: '1:320' }))), 'anti-Jo-1 · 1:320');
});

test('stackLabels: labels that would overlap go to the next free row, far ones stay on the first', () => {
  // Anchors #relapse, #reinfusion, #dara at days 274, 365, 396 on a chart of about 0.6 px per day.
  const px = (day: number): number => 180 + day * 0.6;
  const anchors = [['relapse', 274], ['reinfusion', 365], ['dara', 396], ['bcma', 609]] as const;
  const rows = stackLabels(anchors.map(([name, day]) => ({ x: px(day), width: estimateLabelWidth(`#${name}`) })));
  assert.deepEqual(rows, [0, 1, 0, 0]);
  // Two doses of one drug on the same day never share a row; a third goes on a third row.
  assert.deepEqual(stackLabels([{ x: 500, width: 60 }, { x: 500, width: 40 }, { x: 502, width: 40 }]), [0, 1, 2]);
  // Rows are given in input order, whatever the order of x; a freed row is reused.
  assert.deepEqual(stackLabels([{ x: 300, width: 40 }, { x: 100, width: 40 }, { x: 110, width: 40 }, { x: 200, width: 40 }]), [0, 0, 1, 0]);
  // The gap counts: labels 4 px apart share a row only when the gap asked for is at most 4.
  assert.deepEqual(stackLabels([{ x: 0, width: 20 }, { x: 24, width: 20 }], 4), [0, 0]);
  assert.deepEqual(stackLabels([{ x: 0, width: 20 }, { x: 24, width: 20 }], 5), [0, 1]);
  assert.deepEqual(stackLabels([]), []);
});

test('estimateLabelWidth grows with the text and the font size, counting characters not UTF-16 units', () => {
  assert.ok(estimateLabelWidth('1.3 × 10^6 cells/kg') > estimateLabelWidth('20 mg'));
  assert.equal(estimateLabelWidth('ab', 22), 2 * estimateLabelWidth('ab', 11));
  assert.equal(estimateLabelWidth('𝛼'), estimateLabelWidth('a'));
});
