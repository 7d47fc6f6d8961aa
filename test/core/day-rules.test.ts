// Spec section 3: which day a fact belongs to — the spec's table and each rule on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, codes, one } from './helpers.ts';

const note = (body: string) => `::case[T]{#t}\n\n${body}\n`;

test('the spec table of section 3', () => {
  const rows: [string, Record<string, number>][] = [
    ['On :day[0] she received :drug[X] at :dose[5 mg].', { X: 0, '5 mg': 0 }],
    [':drug[X] :dose[5 mg] on :day[35].', { X: 35, '5 mg': 35 }],
    [':drug[A] on :day[-5], then :drug[B] on :day[-3].', { A: -5, B: -3 }],
    ['On :day[0], :drug[X] was given.', { X: 0 }],
    [':drug[X], given on :day[3], worked.', { X: 3 }],
    ['CRS on :day[3], treated with :drug[Y].', { Y: 3 }],
  ];
  for (const [text, expected] of rows) {
    const a = analyse(note(text));
    for (const [label, day] of Object.entries(expected)) assert.equal(one(a, label).day, day, `${label} in «${text}»`);
  }
});

test('rule 1: day= wins, with any day expression and from=', () => {
  const a = analyse(note(':day[month 2]{#m2} On :day[0] :drug[X]{day=-3} and :lab[CK 200 U/L]{day="month 3"} and :drug[Y]{day=4 from=m2}.'));
  assert.equal(one(a, 'X').day, -3);
  assert.equal(one(a, 'X').datedBy?.rule, 'attribute');
  assert.equal(one(a, 'CK 200 U/L').day, 91);
  assert.equal(one(a, 'Y').day, 61 + 4);
});

test('rule 3: sentence, then block; rule 4: headings; rule 5: undated', () => {
  const a = analyse(
    note(`## Follow-up :day[month 6]

:drug[A] first. On :day[10] :drug[B], later :drug[C]. Then :drug[D].

### No day here

:drug[E] given.`),
  );
  assert.equal(one(a, 'A').day, 183, 'A takes the heading day');
  assert.equal(one(a, 'B').day, 10);
  assert.equal(one(a, 'C').day, 10, 'C: last day earlier in its sentence');
  assert.equal(one(a, 'D').day, 10, 'D: last day earlier in its block');
  assert.equal(one(a, 'D').datedBy?.rule, 'block');
  assert.equal(one(a, 'E').day, 183, 'a heading without a day falls back to its parent section');
  const b = analyse(note(':drug[Z] alone.'));
  assert.equal(one(b, 'Z').day, null);
  assert.equal(one(b, 'Z').datedBy, null);
});

test('a new heading of the same level ends the dated section', () => {
  const a = analyse(note(`### Bridging :day[month 13]\n\n:drug[A].\n\n### Later\n\n:drug[B].`));
  assert.equal(one(a, 'A').day, 396);
  assert.equal(one(a, 'B').day, null);
});

test('punctuation inside a label or attributes never ends a sentence or clause', () => {
  const a = analyse(note(':drug[X] :dose[1.5 mg]{freq="q.d., then q2w"} on :day[3].'));
  assert.equal(one(a, 'X').day, 3);
  assert.equal(one(a, '1.5 mg').day, 3);
});

test('table rows: each row a block, each cell a clause', () => {
  const a = analyse(
    note(`| day | drug | CK |
| --- | --- | --- |
| :day[0] | :drug[A] | :lab[CK 900 U/L] |
| :day[35] | :drug[B] | :lab[CK 100 U/L] |`),
  );
  assert.equal(one(a, 'A').day, 0);
  assert.equal(one(a, 'CK 900 U/L').day, 0);
  assert.equal(one(a, 'B').day, 35);
  assert.equal(one(a, 'CK 100 U/L').day, 35);
});

test('anchors: used before defined, unknown, duplicate, cycle', () => {
  const a = analyse(note('First :drug[X] on :day[2]{from=b}. Then :day[month 20]{#b}.'));
  assert.equal(one(a, 'X').day, 611);
  assert.deepEqual(codes(a).filter((c) => c !== 'unknown-drug'), []);
  assert.ok(codes(analyse(note(':day[3]{from=nowhere}'))).includes('unknown-anchor'));
  assert.ok(codes(analyse(note(':day[3]{#a} :day[4]{#a}'))).includes('duplicate-anchor'));
  const cyc = analyse(note(':day[3]{#a from=b} :day[4]{#b from=a} :drug[X] on :day[1]{from=a}.'));
  assert.ok(codes(cyc).includes('anchor-cycle'));
  assert.equal(one(cyc, 'X').day, null);
});

test('anchors are per case', () => {
  const a = analyse('::case[A]{#a}\n\n:day[10]{#x}\n\n::case[B]{#b}\n\n:day[1]{from=x}\n');
  assert.ok(codes(a).includes('unknown-anchor'));
});

test('day forms and bad days', () => {
  const a = analyse(note(':day[D+35] :day[d-3] :day[day 62] :day[week 6] :day[9 months] :day[M6] :day[year 2] :day[-5 to -3] :day[35–62]'));
  assert.deepEqual(a.annotations.map((x) => [x.day, x.dayEnd]), [[35, null], [-3, null], [62, null], [42, null], [274, null], [183, null], [731, null], [-5, -3], [35, 62]]);
  assert.ok(codes(analyse(note(':day[next tuesday]'))).includes('bad-day'));
});
