// Agreement between two curators (spec section 9): words, alignment, span F1, values, kappa
// and pairing, on small notes whose figures are worked out by hand below.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { compareNotes, KAPPA_CATEGORIES, pairNotes, pooledFigures, type Agreement } from '../../server/src/core/index.ts';
import { cohensKappa } from '../../server/src/core/agree/kappa.ts';
import { LineIndex } from '../../server/src/core/parse/lines.ts';
import { takeTheirs, type TextEdit } from '../../server/src/core/index.ts';
import { noteWords } from '../../server/src/core/agree/words.ts';
import { analyse, random, SPEC_EXAMPLE } from './helpers.ts';

const A = `---
title: Fixture
doi: 10.1000/fixture
---

::case[First curator's title]{#p1}

On :day[0] she received :drug[rituximab] at :dose[1000 mg] and :drug[prednisone].

Before treatment :lab[CK 2400 U/L] was high.

Fever began on :day[3].
`;

// The second curator: a longer front matter and another case title (not the paper's words),
// prednisone left plain, the dose given to prednisone, a shorter lab label, and day 4 where
// the first note has day 3 (a word the notes do not share).
const B = `---
title: Fixture
doi: 10.1000/fixture
curator: second
---

::case[Second title]{#p1}

On :day[0] she received :drug[rituximab] at :dose[1000 mg]{drug=prednisone} and prednisone.

Before treatment CK :lab[2400 U/L]{test=CK} was high.

Fever began on :day[4].
`;

function agreement(a: string, b: string): Agreement {
  return compareNotes({ path: 'a.md', text: a, analysis: analyse(a, { uri: 'file:///a/n.md' }) }, { path: 'b.md', text: b, analysis: analyse(b, { uri: 'file:///b/n.md' }) });
}

const near = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

test("the paper's words: labels kept, directive syntax, front matter, ::case lines, comments and markup left out", () => {
  const text = '---\ntitle: T\n---\n\n::case[Curator title]{#c}\n\n## On :day[0]\n\n*She* got :drug[rituximab]{role=therapy} <!-- not the paper --> at :dose[1,000 mg].\n';
  const w = noteWords(text, analyse(text));
  assert.deepEqual(w.words.map((x) => x.text), ['On', '0', 'She', 'got', 'rituximab', 'at', '1', '000', 'mg']);
  // Each label's words: day "0" is word 1, the drug word 4, the dose words 6 to 8.
  assert.deepEqual(w.spans, [{ start: 1, end: 2 }, { start: 4, end: 5 }, { start: 6, end: 9 }]);
  assert.equal(text.slice(w.words[4].start, w.words[4].end), 'rituximab');
});

test('span F1, value agreement and kappa per kind, on a fixture worked out by hand', () => {
  const g = agreement(A, B);
  // Words of A (B is the same, but word 21 is "4"):
  //   On0 01 she2 received3 rituximab4 at5 10006 mg7 and8 prednisone9
  //   Before10 treatment11 CK12 240013 U14 L15 was16 high17   Fever18 began19 on20 321
  assert.deepEqual(g.words, { a: 22, b: 22, aligned: 21 });
  const f = g.figures;
  // drug: A rituximab, prednisone; B rituximab. 1 exact match: F1 = 2·1/(2+1) = 2/3.
  assert.deepEqual([f.drug.a, f.drug.b, f.drug.exact, f.drug.overlap], [2, 1, 1, 1]);
  near(f.drug.exactF1, 2 / 3);
  near(f.drug.overlapF1, 2 / 3);
  // dose: same words "1000 mg", but B gives it to prednisone: values agree 0 of 1.
  assert.deepEqual([f.dose.exact, f.dose.exactF1, f.dose.valuesAgreed, f.dose.valuesCompared], [1, 1, 0, 1]);
  // day: day 0 matches; day 3 (A) and day 4 (B) cover no shared word: F1 = 2·1/(2+2) = 0.5.
  assert.deepEqual([f.day.a, f.day.b, f.day.exact, f.day.overlap, f.day.exactF1], [2, 2, 1, 1, 0.5]);
  // lab: A "CK 2400 U/L" (words 12-15), B "2400 U/L" (13-15): overlap, not exact; values agree (CK, 2400 U/L, undated).
  assert.deepEqual([f.lab.exact, f.lab.overlap, f.lab.exactF1, f.lab.overlapF1, f.lab.valueAgreement], [0, 1, 0, 1, 1]);
  // overall: 6 in A, 5 in B; exact 3 → 6/11, overlap 4 → 8/11; values 3 of 4.
  assert.deepEqual([f.overall.a, f.overall.b, f.overall.exact, f.overall.overlap], [6, 5, 3, 4]);
  near(f.overall.exactF1, 6 / 11);
  near(f.overall.overlapF1, 8 / 11);
  near(f.overall.valueAgreement, 3 / 4);

  // Kappa over the 21 aligned words, categories none, drug, dose, day, lab (rows A, columns B):
  //   none/none: words 0 2 3 5 8 10 11 16-20 = 12; day/day: 1; drug/drug: 4; dose/dose: 6 7;
  //   drug/none: 9 (prednisone); lab/none: 12 (CK); lab/lab: 13-15.
  assert.deepEqual(KAPPA_CATEGORIES, ['none', 'drug', 'dose', 'day', 'lab']);
  assert.deepEqual(g.confusion, [
    [12, 0, 0, 0, 0],
    [1, 1, 0, 0, 0],
    [0, 0, 2, 0, 0],
    [0, 0, 0, 1, 0],
    [1, 0, 0, 0, 3],
  ]);
  // Overall: pₒ = 19/21; rows 12 2 2 1 4, columns 14 1 2 1 3: pₑ = (168+2+4+1+12)/441 = 187/441;
  // κ = (399 − 187)/(441 − 187) = 212/254.
  near(f.overall.kappa, 212 / 254);
  // drug against the rest: both 1, A only 1, neither 19: pₒ = 20/21, pₑ = (2·1 + 19·20)/441 = 382/441;
  // κ = (420 − 382)/(441 − 382) = 38/59.
  near(f.drug.kappa, 38 / 59);
  // lab: both 3, A only 1, neither 17: pₒ = 20/21, pₑ = (4·3 + 17·18)/441 = 318/441; κ = 102/123.
  near(f.lab.kappa, 102 / 123);
  // dose and day: the same words in both notes.
  assert.equal(f.dose.kappa, 1);
  assert.equal(f.day.kappa, 1);
});

test('disagreements say where, in both notes, and what differs', () => {
  const g = agreement(A, B);
  const list = g.disagreements.map((d) => [d.type, d.message, d.a.range?.start.line ?? null, d.b.range?.start.line ?? null]);
  assert.deepEqual(list, [
    ['value', 'dose “1000 mg”: drug rituximab ≠ prednisone', 7, 8],
    ['only-a', 'drug “prednisone” only in a', 7, 8],
    ['span', 'lab “CK 2400 U/L” in a, “2400 U/L” in b', 9, 10],
    ['only-a', 'day “3” only in a', 11, null],
    ['only-b', 'day “4” only in b', null, 12],
  ]);
  // The plain word "prednisone" in B is located, so an editor can point at it.
  const plain = g.disagreements[1].b.range!;
  assert.equal(B.split('\n')[plain.start.line].slice(plain.start.character, plain.end.character), 'prednisone');
  assert.equal(g.disagreements[0].b.annotation?.directive, ':dose[1000 mg]{drug=prednisone}');
});

test('the same words as another kind are one disagreement; values within 0.5 % agree, beyond do not', () => {
  const a = '::case[C]{#c}\n\nShe got :drug[IVIG] :dose[2 g/kg] and :lab[CRP 10.0 mg/L].\n';
  const b = '::case[C]{#c}\n\nShe got :lab[IVIG] :dose[2.01 g/kg]{drug=ivig} and :lab[CRP 10.1 mg/L].\n';
  const g = agreement(a, b);
  assert.deepEqual(
    g.disagreements.map((d) => [d.type, d.message]),
    [
      ['kind', '“IVIG”: drug in a, lab in b'],
      // 2.01 vs 2 g/kg: 0.5 % apart, and so the same words differ (2 / 2 01): a span disagreement.
      ['span', 'dose “2 g/kg” in a, “2.01 g/kg” in b'],
      // 10.1 vs 10.0: 1 % apart.
      ['span', 'lab “CRP 10.0 mg/L” in a, “CRP 10.1 mg/L” in b; value 10 mg/L ≠ 10.1 mg/L'],
    ],
  );
  assert.equal(g.figures.drug.overlap, 0);
  assert.equal(g.figures.dose.valuesAgreed, 1);
  assert.equal(g.figures.lab.valuesAgreed, 0);
  // Take theirs changes the kind and the attributes, never the words: for the lab, whose
  // directives differ only in a word, it offers nothing.
  const annotations = analyse(a, { uri: 'file:///a/n.md' }).annotations;
  assert.deepEqual(
    g.disagreements.map((d) => takeTheirs(d, a, annotations)?.newText ?? null),
    [':lab[IVIG]', ':dose[2 g/kg]{drug=ivig}', null],
  );
});

test('identical notes agree perfectly; notes without annotations give no figure rather than a made-up one', () => {
  const same = agreement(A, A);
  for (const k of ['drug', 'dose', 'day', 'lab', 'overall'] as const) {
    assert.equal(same.figures[k].exactF1, 1, k);
    assert.equal(same.figures[k].kappa, 1, k);
  }
  assert.deepEqual(same.disagreements, []);
  const empty = agreement('Nothing here.\n', 'Nothing here either.\n');
  assert.equal(empty.figures.overall.exactF1, null);
  assert.equal(empty.figures.overall.valueAgreement, null);
  // Every aligned word is "none" on both sides: kappa is undefined (pₑ = 1), not 1 and not 0.
  assert.equal(empty.figures.overall.kappa, null);
  assert.deepEqual(empty.words, { a: 2, b: 3, aligned: 2 });
  // A label without words (`:dose[]`) cannot be aligned: it counts as unmatched, and nothing crashes.
  const g = agreement('::case[C]{#c}\n\n:drug[rituximab] :dose[] x\n', '::case[C]{#c}\n\n:drug[rituximab] :dose[] x\n');
  assert.deepEqual([g.figures.dose.a, g.figures.dose.b, g.figures.dose.exact], [1, 1, 0]);
});

test("Cohen's kappa: the textbook example, and pooling adds counts rather than averaging ratios", () => {
  // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15. pₒ = 35/50 = 0.7;
  // pₑ = (25/50)(30/50) + (25/50)(20/50) = 0.3 + 0.2 = 0.5; κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
  near(cohensKappa([[20, 5], [10, 15]]), 0.4);
  const g = agreement(A, B);
  const pooled = pooledFigures([g, agreement(A, A)]);
  // drug: (1 + 2) exact of (2 + 2) in a and (1 + 2) in b: F1 = 6/7.
  near(pooled.figures.drug.exactF1, 6 / 7);
  // none/none: 12 words here, and in A against itself the 22 words less the 10 inside labels.
  assert.equal(pooled.confusion[0][0], 12 + 12);
});

test('pairing: by DOI, then PMID, then file name, never across different papers', () => {
  const note = (path: string, name: string, source: Record<string, string> | null) => ({ path, name, source });
  const p = pairNotes(
    [
      note('a/x.md', 'x.md', { doi: 'https://doi.org/10.1/ABC' }),
      note('a/y.md', 'y.md', { pmid: '123' }),
      note('a/z.md', 'z.md', null),
      note('a/w.md', 'w.md', { doi: '10.1/w' }),
      note('a/sub/v.md', 'sub/v.md', null),
    ],
    [
      note('b/renamed.md', 'renamed.md', { doi: 'doi:10.1/abc' }),
      note('b/y2.md', 'y2.md', { pmid: 'PMID: 123' }),
      note('b/z.md', 'z.md', null),
      note('b/w.md', 'w.md', { doi: '10.1/other' }),
      note('b/other/v.md', 'other/v.md', null),
    ],
  );
  assert.deepEqual(p.pairs, [
    { a: 'a/x.md', b: 'b/renamed.md', by: 'doi', id: '10.1/abc' },
    { a: 'a/y.md', b: 'b/y2.md', by: 'pmid', id: '123' },
    { a: 'a/z.md', b: 'b/z.md', by: 'name', id: null },
    { a: 'a/sub/v.md', b: 'b/other/v.md', by: 'name', id: null },
  ]);
  // w.md has a namesake, but its DOI names another paper.
  assert.deepEqual([p.onlyA, p.onlyB], [['a/w.md'], ['b/w.md']]);
});

/** Applies non-overlapping edits to a text (from the end, so offsets stay valid). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = edits.map((e) => ({ s: lines.offset(e.range.start), e: lines.offset(e.range.end), t: e.newText })).sort((x, y) => y.s - x.s);
  for (const e of sorted) text = text.slice(0, e.s) + e.t + text.slice(e.e);
  return text;
}

test("take theirs: each disagreement's edit makes note a annotate the words as note b does", () => {
  const g = agreement(A, B);
  const analysisA = analyse(A, { uri: 'file:///a/n.md' });
  const edits = g.disagreements.map((d) => takeTheirs(d, A, analysisA.annotations));
  assert.deepEqual(
    edits.map((e) => e?.newText ?? null),
    [
      ':dose[1000 mg]{drug=prednisone}',
      'prednisone',
      'CK :lab[2400 U/L]{test=CK}',
      '3',
      // Day 4 is a word note a does not have: nothing to take.
      null,
    ],
  );
  const taken = applyEdits(A, edits.filter((e) => e !== null));
  assert.match(taken, /received :drug\[rituximab\] at :dose\[1000 mg\]\{drug=prednisone\} and prednisone\.\n\nBefore treatment CK :lab\[2400 U\/L\]\{test=CK\} was high\.\n\nFever began on 3\.\n$/);
  assert.deepEqual(agreement(taken, B).disagreements.map((d) => d.type), ['only-b']);
  // Plain words of a wrapped as b wraps them, with the comparator next to them; a's own
  // directive syntax removed where b's span is longer.
  const a2 = '::case[C]{#c}\n\nCRP was <5 mg/L and CD19+ B cells :lab[0/µL].\n';
  const b2 = '::case[C]{#c}\n\nCRP was :lab[<5 mg/L]{test=CRP day=2} and :lab[CD19+ B cells 0/µL].\n';
  const g2 = agreement(a2, b2);
  assert.deepEqual(g2.disagreements.map((d) => d.type), ['only-b', 'span']);
  const fixed = applyEdits(a2, g2.disagreements.map((d) => takeTheirs(d, a2, analyse(a2).annotations)!));
  assert.equal(fixed, b2);
  assert.deepEqual(agreement(fixed, b2).disagreements, []);
});

test("taking every one of theirs turns the example note into the second curator's annotations", () => {
  const a = readFileSync('examples/mueller-2025-bcma.md', 'utf8');
  const b = readFileSync('test/fixtures/agree/mueller-2025-bcma.md', 'utf8');
  const g = agreement(a, b);
  assert.equal(g.disagreements.length, 7);
  const edits = g.disagreements.map((d) => takeTheirs(d, a, analyse(a, { uri: 'file:///a/n.md' }).annotations));
  assert.ok(edits.every((e) => e !== null));
  const after = agreement(applyEdits(a, edits as TextEdit[]), b);
  assert.deepEqual(after.disagreements, []);
  assert.equal(after.figures.overall.kappa, 1);
});

test('mangled notes never break the comparison, and the figures keep their bounds', () => {
  const rng = random(9);
  const base = SPEC_EXAMPLE;
  const annotations = analyse(base, { uri: 'file:///a/n.md' }).annotations;
  for (let round = 0; round < 25; round++) {
    // Cut, duplicate and insert stretches of the note: broken directives, lost brackets, moved text.
    let text = base;
    for (let k = 0; k < 6; k++) {
      const at = Math.floor(rng() * text.length);
      const len = Math.floor(rng() * 40);
      const op = rng();
      text = op < 0.4 ? text.slice(0, at) + text.slice(at + len) : op < 0.7 ? text.slice(0, at) + text.slice(at, at + len) + text.slice(at) : text.slice(0, at) + ['[', ']', ':drug[', '{', '}', '\n\n', '::case[X]{#x}\n'][k % 7] + text.slice(at);
    }
    const g = agreement(base, text);
    for (const f of Object.values(g.figures)) {
      assert.ok(f.exact <= f.overlap && f.overlap <= Math.min(f.a, f.b));
      for (const r of [f.exactF1, f.overlapF1, f.valueAgreement]) assert.ok(r === null || (r >= 0 && r <= 1));
      assert.ok(f.kappa === null || (f.kappa <= 1 + 1e-12 && f.kappa >= -1 - 1e-12));
    }
    assert.equal(g.confusion.flat().reduce((x, y) => x + y, 0), g.words.aligned);
    // Every edit is computable; a few are applied and the note still reads.
    const edits = g.disagreements.map((d) => takeTheirs(d, base, annotations)).filter((e) => e !== null);
    for (const e of edits.slice(0, 2)) analyse(applyEdits(base, [e]));
  }
});

test('a drug given in one note and not given in the other is a value disagreement', () => {
  const a = '::case[C]{#c}\n\nOn :day[0] :drug[prednisolone] :dose[50 mg].\n';
  const b = '::case[C]{#c}\n\nOn :day[0] :drug[prednisolone]{status=not-given} :dose[50 mg].\n';
  const g = agreement(a, b);
  // The drug's status applies to its dose too: two value disagreements, no span one.
  assert.deepEqual(
    g.disagreements.map((d) => d.message),
    ['drug “prednisolone”: status given ≠ not-given', 'dose “50 mg”: status given ≠ not-given'],
  );
  assert.equal(g.figures.overall.exactF1, 1);
  assert.equal(g.figures.overall.valueAgreement, 1 / 3);
});
