// Bad input is normal input: any bytes, huge notes, half-typed directives — a diagnostic,
// never a crash or a hang, and no annotation lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExport } from '../../server/src/core/index.ts';
import { analyse, codes, one, random } from './helpers.ts';

test('random bytes never throw', () => {
  const rnd = random(7);
  for (let i = 0; i < 200; i++) {
    const bytes = Buffer.from(Array.from({ length: Math.floor(rnd() * 400) }, () => Math.floor(rnd() * 256)));
    const a = analyse(bytes.toString('utf8'));
    assert.ok(Array.isArray(a.diagnostics));
  }
});

test('random CaseMark-ish soup never throws and every directive is kept', () => {
  const rnd = random(11);
  const parts = [':drug[', ':dose[', ':day[', ':lab[', ']', '{', '}', '#a', 'from=a', ' ', '\n', '\n\n', '```', '::case[x]{#c}', '|', ',', '.', 'CK 5 U/L', '10^6', '<!--', '-->', '---\n', '5,2 mg', 'µg'];
  for (let i = 0; i < 300; i++) {
    let text = '';
    for (let j = 0; j < 60; j++) text += parts[Math.floor(rnd() * parts.length)];
    const a = analyse(text);
    const exp = buildExport([a]);
    const exported = exp.documents[0].unassigned.length + exp.documents[0].cases.reduce((n, c) => n + c.annotations.length, 0);
    assert.equal(exported, a.annotations.length);
  }
});

test('an unterminated directive gets an error, the rest goes on', () => {
  const a = analyse('::case[T]{#t}\n\nGiven :drug[rituximab and then :drug[tocilizumab] on :day[3].\n');
  assert.ok(codes(a).includes('unterminated-directive'));
  assert.equal(one(a, 'tocilizumab').day, 3);
});

test('brackets inside labels', () => {
  const a = analyse('::case[T]{#t}\n\n:drug[CD19 [CAR] T cells]{id=mb-cart19-1} on :day[0].\n');
  assert.equal(a.annotations[0].text, 'CD19 [CAR] T cells');
  assert.equal(a.annotations[0].day, 0);
});

test('10,000 annotations in one paragraph', () => {
  const body = Array.from({ length: 5000 }, (_, i) => `:drug[rituximab] :dose[${i + 1} mg]`).join(', ');
  const a = analyse(`::case[T]{#t}\n\nOn :day[0] ${body}.\n`);
  assert.equal(a.annotations.length, 10001);
  assert.equal(a.annotations[10000].day, 0);
});

test('code spans, fences, HTML and front matter are text, not annotations', () => {
  const a = analyse(`---
title: ":drug[not me]"
---

::case[T]{#t}

Inline \`:drug[no]\` and

\`\`\`
:drug[nor this]
\`\`\`

<div>
:drug[html]
</div>

    :drug[indented code]

But :drug[yes].
`);
  assert.deepEqual(a.annotations.map((x) => x.text), ['yes']);
});

test('ranges are UTF-16 after astral characters', () => {
  const text = '::case[T]{#t}\n\n😀😀 :drug[rituximab] 𝛂\n';
  const a = analyse(text);
  const r = a.annotations[0].range;
  assert.deepEqual(r.start, { line: 2, character: 5 });
  assert.equal(text.split('\n')[2].slice(r.start.character, r.end.character), ':drug[rituximab]');
});

test('CRLF line endings', () => {
  const a = analyse('::case[T]{#t}\r\n\r\nOn :day[3] :drug[rituximab].\r\n');
  assert.deepEqual(a.annotations[1].range, { start: { line: 2, character: 11 }, end: { line: 2, character: 27 } });
  assert.equal(a.annotations[1].day, 3);
});

test('near-miss directive names get a hint with a fix; other tools\' directives are left alone', () => {
  const a = analyse('::case[T]{#t}\n\n:durg[rituximab] and :cite[smith2020]\n');
  const d = a.diagnostics.find((x) => x.code === 'unknown-directive');
  assert.equal(d?.severity, 'hint');
  assert.equal(d?.fixes?.[0].edits[0].newText, 'drug');
  assert.equal(a.diagnostics.filter((x) => x.code === 'unknown-directive').length, 1);
});

test('a 5 MB note is analysed', () => {
  const block = '::case[C]{#c-ID}\n\nOn :day[0] :drug[rituximab] :dose[375 mg/m2] and :lab[CK 300 U/L].\n\n';
  const text = Array.from({ length: 5 * 1024 * 1024 / block.length }, (_, i) => block.replace('ID', String(i))).join('');
  const a = analyse(text);
  assert.equal(a.cases.length, Math.floor(5 * 1024 * 1024 / block.length));
});
