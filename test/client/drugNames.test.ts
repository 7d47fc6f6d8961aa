// A dose that names its drug only by key (`{drug=mycophenolate-mofetil}`) is shown by the
// drug's name in the panel and the report: the lexicon's names travel with the document
// (casemark/cases, the report's data).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toExportDocument } from '../../server/src/core/export/export.ts';
import { doseDrugNames } from '../../server/src/core/export/drugNames.ts';
import { buildCaseViews } from '../../client/src/webview/model.ts';
import { analyse, lexicon } from '../core/helpers.ts';

const NOTE = `::case[Maintenance]{#m}

From :day[30] :dose[1 g]{drug=mycophenolate-mofetil freq=bid} was given, with :drug[Rituximab] :dose[375 mg/m2] on :day[0].
`;

const doc = toExportDocument(analyse(NOTE));
const names = doseDrugNames(doc, lexicon);

test('the lexicon names the drug a dose gives by key', () => {
  assert.deepEqual(Object.keys(names).sort(), ['mycophenolate-mofetil', 'rituximab']);
  assert.match(names['mycophenolate-mofetil'], /mycophenolate/i);
});

test('the panel shows such a dose by the drug name, on its lane and in the table', () => {
  const [view] = buildCaseViews(doc, names);
  const lanes = view.timeline.lanes.map((l) => l.name);
  assert.ok(lanes.includes(names['mycophenolate-mofetil']), lanes.join(', '));
  assert.ok(!lanes.includes('mycophenolate-mofetil'), 'no lane named by the key');
  const row = view.rows.find((r) => r.text === '1 g');
  assert.ok(row?.normalized.includes(names['mycophenolate-mofetil']), row?.normalized);
  // The annotated drug and its dose share one lane.
  assert.equal(lanes.filter((l) => /rituximab/i.test(l)).length, 1, lanes.join(', '));
});

test('without the names, the key is all there is (as before the server sent them)', () => {
  const [view] = buildCaseViews(doc);
  assert.ok(view.timeline.lanes.some((l) => l.name === 'mycophenolate-mofetil'));
});
