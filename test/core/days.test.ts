import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDayExpression } from '../../server/src/core/normalize/days.ts';

function day(text: string): { day: number; dayEnd: number | null; precision: string } {
  const r = parseDayExpression(text);
  assert.ok(r.ok, `expected "${text}" to parse: ${JSON.stringify(r)}`);
  assert.equal(r.relative, true);
  return { day: r.day, dayEnd: r.dayEnd, precision: r.precision };
}

test('plain and signed days', () => {
  const cases: [string, number][] = [
    ['0', 0], ['35', 35], ['-5', -5], ['+3', 3], ['−7', -7], ['D+35', 35], ['d-3', -3], ['D0', 0], ['day 62', 62],
    ['Day -5', -5], ['D−7', -7], ['d35', 35], ['day +100', 100], ['35 days', 35], [' 12 ', 12],
  ];
  for (const [t, d] of cases) assert.deepEqual(day(t), { day: d, dayEnd: null, precision: 'day' }, t);
});

test('weeks, months and years round to the nearest day and keep their precision', () => {
  const cases: [string, number, string][] = [
    ['week 6', 42, 'week'], ['wk 2', 14, 'week'], ['W12', 84, 'week'], ['2 weeks', 14, 'week'],
    ['month 3', 91, 'month'], ['month 9', 274, 'month'], ['9 months', 274, 'month'], ['M6', 183, 'month'],
    ['mo 3', 91, 'month'], ['month 12', 365, 'month'], ['month 13', 396, 'month'], ['month 20', 609, 'month'],
    ['year 2', 731, 'year'], ['2 years', 731, 'year'], ['1 y', 365, 'year'], ['1.5 years', 548, 'year'],
  ];
  for (const [t, d, p] of cases) assert.deepEqual(day(t), { day: d, dayEnd: null, precision: p }, t);
  // Negative values mirror positive ones.
  assert.equal(day('month -3').day, -91);
});

test('ranges', () => {
  const cases: [string, number, number, string][] = [
    ['-5 to -3', -5, -3, 'day'], ['35–62', 35, 62, 'day'], ['day -5 to -3', -5, -3, 'day'], ['days 7–14', 7, 14, 'day'],
    ['month 3–6', 91, 183, 'month'], ['−5 – −3', -5, -3, 'day'], ['day -5 to day -3', -5, -3, 'day'], ['35-62', 35, 62, 'day'],
    ['-7—-5', -7, -5, 'day'], ['weeks 2-4', 14, 28, 'week'],
  ];
  for (const [t, a, b, p] of cases) assert.deepEqual(day(t), { day: a, dayEnd: b, precision: p }, t);
});

test('unreadable expressions are refused with the accepted forms', () => {
  for (const t of ['', 'tomorrow', 'day', 'month three', 'day 3 days', 'month 3 to 6 weeks', '62 to 35', 'day 2.5', 'D+', '5 5', 'x'.repeat(200)]) {
    const r = parseDayExpression(t);
    assert.ok(!r.ok, t);
    assert.ok(r.message.length > 10, t);
  }
  const r = parseDayExpression('tomorrow');
  assert.ok(!r.ok);
  assert.match(r.message, /D\+35/);
  assert.match(r.message, /month 9/);
});

test('random garbage never throws', () => {
  const alphabet = '0123456789 -–—+−dDwWmMyYaoentkhs.';
  let seed = 3;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const n = Math.floor(rand() * 12);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const r = parseDayExpression(s);
    if (r.ok) assert.ok(Number.isInteger(r.day) && (r.dayEnd === null || r.dayEnd >= r.day), s);
  }
});
