// Suggested annotations (spec section 9): what is proposed, what never is, and how close the
// suggestions come to what the curators of examples/ annotated once their markup is stripped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, lexicon } from './helpers.ts';
import { applySuggestions, stripAnnotations, suggestAnnotations } from '../../server/src/core/suggest/index.ts';
import { agreement, curatedNotes, EXAMPLES, PROBES } from '../../bench/suggest.bench.ts';

const shown = (note: string): string[] => suggestAnnotations(note, lexicon).map((s) => `${s.kind} ${s.text}`);

test('lexicon names, synonyms, abbreviations and brands become :drug, whole words, any case and hyphenation', () => {
  assert.deepEqual(shown('She got Ide-cel, then abecma, then MMF and idecabtagene\nvicleucel.'), [
    'drug Ide-cel', 'drug abecma', 'drug MMF', 'drug idecabtagene\nvicleucel',
  ]);
  // Inside another word, or an abbreviation in the wrong case: nothing.
  assert.deepEqual(shown('prerituximab, mmf, tocilizumabs'), []);
});

test('a short form that is also an everyday word is proposed only next to a dose', () => {
  assert.deepEqual(shown('Flu season was mild.'), []);
  assert.deepEqual(shown('Flu 30 mg/m² was given.'), ['drug Flu', 'dose 30 mg/m²']);
});

test('an analyte with its value and unit, a titer, a score or a result becomes one :lab', () => {
  assert.deepEqual(shown('CK 13,600 U/L, anti-Jo-1 1:320, MMT8 149/150 and anti-Jo-1 positive (titer lower).'), [
    'lab CK 13,600 U/L', 'lab anti-Jo-1 1:320', 'lab MMT8 149/150', 'lab anti-Jo-1 positive',
  ]);
  // Prose, a unit of another dimension, a number without unit: not a lab value.
  assert.deepEqual(shown('CK was normal; CK normalized; CK 20 mg; CRP 12 later.'), []);
});

test('a number and dose unit next to a drug becomes :dose, checked against that drug', () => {
  assert.deepEqual(shown('daratumumab 1800 mg and dexamethasone 20 mg on day 3.'), [
    'drug daratumumab', 'dose 1800 mg', 'drug dexamethasone', 'dose 20 mg', 'day day 3',
  ]);
  assert.deepEqual(shown('20 mg of prednisone'), ['dose 20 mg', 'drug prednisone']);
  // Cells per kg do not fit daratumumab; a dose far from any drug is not proposed.
  assert.deepEqual(shown('daratumumab 6 × 10^6 cells/kg'), ['drug daratumumab']);
  assert.deepEqual(shown('She walked 5 km. It weighed 20 mg.'), []);
  assert.deepEqual(shown('The infused dose was 463 × 10^6 cells in total.'), ['dose 463 × 10^6 cells']);
});

test('time expressions become :day, each one the day parser reads', () => {
  assert.deepEqual(shown('On day 35, D+35, d-3, days −5 to −3, week 6, month 9 and M6.'), [
    'day day 35', 'day D+35', 'day d-3', 'day days −5 to −3', 'day week 6', 'day month 9', 'day M6',
  ]);
  assert.deepEqual(shown('Relapse came 9 months after infusion.'), ['day 9 months']);
  assert.deepEqual(shown('Leukapheresis on -14; treated from 35 on, until 62.'), ['day -14', 'day 35', 'day 62']);
  // Counts, doses and the timeline's definition are not days.
  assert.deepEqual(shown('A median of 15 months; on 3 occasions; by 50%; Day 0 is the infusion.'), []);
});

test('nothing inside code, HTML, front matter, links, headings\' drugs, table headers or existing directives', () => {
  const note = [
    '---', 'title: rituximab on day 3', '---', '',
    '# Rituximab in myositis', '',
    '`rituximab 1000 mg` <span>rituximab</span> [paper](https://x.org/rituximab) <!-- day 5 -->', '',
    '```', 'rituximab day 3', '```', '',
    '| rituximab | day 3 |', '| --- | --- |', '| tacrolimus | week 2 |', '',
    ':drug[rituximab] on :day[3] and :unknown[tocilizumab].',
  ].join('\n');
  assert.deepEqual(shown(note), ['drug tacrolimus', 'day week 2']);
});

test('a value in a table of labs becomes a :lab naming its analyte in test=, from the column header or the row\'s first cell', () => {
  const note = [
    '| Day | anti-dsDNA | C3 | SLEDAI-2K |', '| --- | --- | --- | --- |', '| month 3 | 35 IU/mL | 0.81 g/L | 4 |', '',
    '| Lab | Baseline | Month 6 |', '| --- | --- | --- |', '| CRP | 14 mg/L | all normal |',
  ].join('\n');
  const s = suggestAnnotations(note, lexicon);
  assert.deepEqual(s.map((x) => `${x.kind} ${x.text} ${x.attrs ?? ''}`.trim()), [
    'day month 3', 'lab 35 IU/mL test=anti-dsdna', 'lab 0.81 g/L test=c3', 'lab 4 test=sledai-2k', 'lab 14 mg/L test=crp',
  ]);
  const wrapped = applySuggestions(note, s);
  assert.match(wrapped, /\| :lab\[35 IU\/mL\]\{test=anti-dsdna\} \|/);
  assert.deepEqual(analyse(wrapped).diagnostics.filter((d) => d.severity === 'error'), []);
});

test('nothing before a note\'s first case, in a references section or in a cited reference', () => {
  const note = [
    'Day 0 of the main case is the first infusion of CD19 CAR T cells; daratumumab is anchored.', '',
    '::case[One]{#one}', '', 'She got rituximab on day 3.', '',
    '1. Mackensen A, et al. Anti-CD19 CAR T cell therapy for lupus. Nat Med 2022;28:2124–2132.', '',
    '## References', '', 'Rovin BH, et al. Voclosporin versus placebo. Lancet 2021;397:2070.', '',
    '## Follow-up', '', 'Tacrolimus at 6 months.',
  ].join('\n');
  assert.deepEqual(shown(note), ['drug rituximab', 'day day 3', 'drug Tacrolimus', 'day 6 months']);
});

test('a printed frequency stays out of the dose label; a time point after `at` is a day, a duration is not', () => {
  assert.deepEqual(shown('Prednisone 5 mg daily and MMF 1 g bid; methotrexate 15 mg/week.'), [
    'drug Prednisone', 'dose 5 mg', 'drug MMF', 'dose 1 g', 'drug methotrexate', 'dose 15 mg/week',
  ]);
  assert.deepEqual(shown('Remission at 6 months; treated for 6 months; at 12 years of age.'), ['day 6 months']);
});

test('suggestions never overlap, and wrapping them all gives a note that analyzes without errors', () => {
  const note = 'On day 0 she received ide-cel 450 × 10^6 cells; CK 2,400 U/L by week 3; IgG 4.1 g/L.\n';
  const s = suggestAnnotations(note, lexicon);
  for (let i = 1; i < s.length; i++) assert.ok(s[i - 1].end <= s[i].start);
  const wrapped = applySuggestions(note, s);
  assert.equal(wrapped, 'On :day[day 0] she received :drug[ide-cel] :dose[450 × 10^6 cells]; :lab[CK 2,400 U/L] by :day[week 3]; :lab[IgG 4.1 g/L].\n');
  const errors = analyse(wrapped).diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, []);
});

test('ranges are LSP ranges into the note', () => {
  const [s] = suggestAnnotations('x\r\n  rituximab', lexicon);
  assert.deepEqual(s.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } });
});

test('on the examples and the probe notes with their markup stripped, suggestions find ≥ 90% of the curators\' annotations at ≥ 90% precision', () => {
  for (const dir of [EXAMPLES, PROBES]) {
    const notes = curatedNotes(dir);
    const all = agreement(notes).find((r) => r.kind === 'all')!;
    assert.ok(all.curated > 80, `${dir}: only ${all.curated} curated annotations`);
    assert.ok(all.recall >= 0.9, `${dir}: recall ${all.recall}`);
    assert.ok(all.precision >= 0.9, `${dir}: precision ${all.precision}`);
    // Stripping keeps each label where its annotation was.
    const { text, annotations } = stripAnnotations(notes[0]);
    for (const a of annotations) assert.equal(text.slice(a.start, a.end), a.text);
  }
});
