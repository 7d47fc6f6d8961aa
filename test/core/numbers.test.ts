import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNumberPrefix, parseQuantity } from '../../server/src/core/normalize/numbers.ts';

function value(text: string): { value: number; valueEnd: number | null; comparator: string | null; length: number } {
  const r = parseNumberPrefix(text);
  assert.ok(r.ok, `expected "${text}" to parse, got ${JSON.stringify(r)}`);
  return { ...r.number, length: r.length };
}

test('plain numbers, decimals and a leading point', () => {
  assert.equal(value('13600').value, 13600);
  assert.equal(value('0.5').value, 0.5);
  assert.equal(value('.5').value, 0.5);
  assert.equal(value('  42 mg').value, 42);
  assert.equal(value('  42 mg').length, 4);
});

test('thousands separators: comma, space, thin, narrow no-break and no-break space', () => {
  for (const t of ['13,600', '13 600', '13\u2009600', '13\u202f600', '13\u00a0600']) {
    const r = value(t);
    assert.equal(r.value, 13600, t);
    assert.equal(r.length, t.length, t);
  }
  assert.equal(value('1,000,000').value, 1000000);
  assert.equal(value('1 000 000 mg').value, 1000000);
  // Only groups of exactly three digits are thousands: `8 20` is 8 followed by something else.
  assert.equal(value('8 20').value, 8);
});

test('scientific notation in the forms papers print', () => {
  const forms: [string, number][] = [
    ['1.0e6', 1e6], ['1.0E6', 1e6], ['1.0 × 10^6', 1e6], ['1.0 x 10^6', 1e6], ['1.0×10⁶', 1e6], ['6 × 10^6', 6e6],
    ['10^9', 1e9], ['1.0 * 10^6', 1e6], ['1.3 × 10^6', 1.3e6], ['2.5·10^7', 2.5e7], ['1.3 × 10⁻³', 0.0013], ['5 × 10^-2', 0.05],
  ];
  for (const [t, v] of forms) {
    const r = value(t);
    assert.equal(r.value, v, t);
    assert.equal(r.length, t.length, t);
  }
});

test('ranges with hyphen, en dash, em dash and "to"; comparators', () => {
  for (const t of ['8–20', '8-20', '8 to 20', '8—20', '8 – 20']) {
    const r = value(t);
    assert.deepEqual([r.value, r.valueEnd], [8, 20], t);
  }
  assert.deepEqual([value('−5 to −3').value, value('−5 to −3').valueEnd], [-5, -3]);
  // A power of ten written once applies to both ends.
  assert.deepEqual([value('1–2 × 10^6 cells/kg').value, value('1–2 × 10^6 cells/kg').valueEnd], [1e6, 2e6]);
  const comparators: [string, string][] = [['<5', '<'], ['>5', '>'], ['≤ 5', '<='], ['≥5', '>='], ['<=5', '<='], ['>= 5', '>=']];
  for (const [t, c] of comparators) {
    const r = value(t);
    assert.equal(r.comparator, c, t);
    assert.equal(r.value, 5, t);
  }
  assert.equal(value('−7').value, -7);
  assert.equal(value('5-').valueEnd, null);
});

test('× 10^n followed by / belongs to the unit; followed by a word, to the number', () => {
  const lab = parseQuantity('4.2 × 10^9/L');
  assert.ok(lab.ok);
  assert.equal(lab.number.value, 4.2);
  assert.equal(lab.unitText, '× 10^9/L');
  const spaced = parseQuantity('4.2 ×10^9 /L');
  assert.ok(spaced.ok);
  assert.equal(spaced.number.value, 4.2);
  const dose = parseQuantity('6 × 10^6 cells/kg');
  assert.ok(dose.ok);
  assert.equal(dose.number.value, 6e6);
  assert.equal(dose.unitText, 'cells/kg');
  const total = parseQuantity('2 × 10^8 cells');
  assert.ok(total.ok && total.number.value === 2e8 && total.unitText === 'cells');
  // A bare power before a slash is a unit without a value.
  const unitOnly = parseNumberPrefix('10^9/L');
  assert.ok(!unitOnly.ok);
  assert.equal(unitOnly.code, 'missing-value');
  assert.match(unitOnly.message, /unit without a value/);
  const timesOnly = parseNumberPrefix('×10^9/L');
  assert.ok(!timesOnly.ok && timesOnly.code === 'missing-value');
});

test('a decimal comma is bad-number with the corrected text as suggestion', () => {
  const cases: [string, string][] = [['5,2', '5.2'], ['0,5', '0.5'], ['13,60', '13.60'], ['5,2 mg/dL', '5.2 mg/dL'], ['0,500 mg', '0.500 mg'], ['1,5–2,5 g', '1.5–2.5 g']];
  for (const [t, fixed] of cases) {
    const r = parseNumberPrefix(t);
    assert.ok(!r.ok, t);
    assert.equal(r.code, 'bad-number', t);
    assert.equal(r.suggestion, fixed, t);
    assert.match(r.message, /decimal comma/, t);
  }
  // Intent unclear: no suggestion, but still an explanation.
  const unclear = parseNumberPrefix('1234,567');
  assert.ok(!unclear.ok && unclear.code === 'bad-number' && unclear.suggestion === undefined);
  assert.match(unclear.message, /comma/);
});

test('missing and unreadable numbers', () => {
  for (const t of ['', '   ', 'mg', 'abc', '<']) {
    const r = parseNumberPrefix(t);
    assert.ok(!r.ok, t);
    assert.equal(r.code, 'missing-value', t);
    assert.ok(r.message.length > 0);
  }
  const twoPoints = parseNumberPrefix('1.2.3');
  assert.ok(!twoPoints.ok && twoPoints.code === 'bad-number');
  const huge = parseNumberPrefix('10^400');
  assert.ok(!huge.ok && huge.code === 'bad-number');
});

test('parseQuantity returns the trimmed unit and where it starts', () => {
  const q = parseQuantity('13,600  U/L ');
  assert.ok(q.ok);
  assert.equal(q.number.value, 13600);
  assert.equal(q.unitText, 'U/L');
  assert.equal(q.unitStart, 8);
  const attached = parseQuantity('0/µL');
  assert.ok(attached.ok && attached.number.value === 0 && attached.unitText === '/µL' && attached.unitStart === 1);
  const noUnit = parseQuantity('95');
  assert.ok(noUnit.ok && noUnit.unitText === '');
  const bad = parseQuantity('5,2 mg');
  assert.ok(!bad.ok && bad.code === 'bad-number' && bad.suggestion === '5.2 mg');
});

test('random garbage never throws', () => {
  const alphabet = '0123456789 ,.-–—×x*^⁶⁻<>≤≥=/eE+−toµLmg\u2009\u00a0';
  let seed = 7;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const n = Math.floor(rand() * 14);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
    const r = parseNumberPrefix(s);
    assert.ok(r.length >= 0 && r.length <= s.length, s);
    if (r.ok) assert.ok(Number.isFinite(r.number.value), s);
    parseQuantity(s);
  }
});
