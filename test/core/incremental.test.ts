// Incremental re-analysis must equal a full analysis: random edits on notes with fences,
// tables, lists, HTML and front matter, comparing the cached path with a fresh one and with
// a parse of the whole document as one piece.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseCache } from '../../server/src/core/index.ts';
import { analyse, random, SPEC_EXAMPLE } from './helpers.ts';

const PIECES = [
  '\n', '\n\n', '```', '~~~', '- ', '1. ', '> ', '    ', '| a | b |\n| --- | --- |\n| :day[3] | :drug[X] |', '<!--', '-->', '<div>', '</div>',
  ':drug[rituximab]', ':dose[375 mg/m2]', ':day[35]', ':lab[CK 95 U/L]', '::case[X]{#x}', '### H :day[month 2]', ',', '.', ' ', 'text', ':::note', ':::',
  '<!-- casemark-disable-next-line unknown-drug -->', '[', ']', '{', '}', '\\', '`', '---', '\r\n',
];

/** What an editor and an exporter see: everything but object identity. */
function snapshot(text: string, cache?: ParseCache) {
  const a = analyse(text, { cache });
  return JSON.stringify({ cases: a.cases, unassigned: a.unassigned, diagnostics: a.diagnostics, headings: a.headings, source: a.source });
}

test('random edits: cached re-analysis equals a fresh analysis and a whole-document parse', () => {
  const rnd = random(42);
  for (let doc = 0; doc < 12; doc++) {
    let text = SPEC_EXAMPLE + '\n\n' + SPEC_EXAMPLE.replace(/^---[^]*?---\n/, '').replace('mueller-2025-p1', 'second');
    const cache = new ParseCache();
    snapshot(text, cache);
    for (let step = 0; step < 40; step++) {
      const at = Math.floor(rnd() * (text.length + 1));
      const del = rnd() < 0.4 ? Math.floor(rnd() * 12) : 0;
      const ins = rnd() < 0.8 ? PIECES[Math.floor(rnd() * PIECES.length)] : '';
      text = text.slice(0, at) + ins + text.slice(at + del);
      const incremental = snapshot(text, cache);
      assert.equal(incremental, snapshot(text), `cached vs fresh after edit ${step} of doc ${doc}`);
      assert.equal(incremental, snapshot(text, new ParseCache({ split: false })), `chunked vs whole-document parse after edit ${step} of doc ${doc}:\n${text}`);
    }
  }
});

test('a one-character edit re-parses one chunk', () => {
  const text = Array.from({ length: 200 }, (_, i) => `::case[C${i}]{#c${i}}\n\nOn :day[${i}] :drug[rituximab] :dose[${i + 1} mg].\n`).join('\n');
  const cache = new ParseCache();
  analyse(text, { cache });
  assert.ok(cache.parsedChunks >= 200);
  const before = analyse(text, { cache });
  const at = text.indexOf('rituximab', text.length / 2);
  const edited = text.slice(0, at) + 'R' + text.slice(at + 1);
  const a = analyse(edited, { cache });
  assert.equal(cache.parsedChunks, 1);
  assert.equal(a.annotations.filter((x) => x.text === 'Rituximab').length, 1);
  // Cases the edit did not touch are reused as they were; the edited one is new.
  const changed = a.cases.filter((c, i) => c !== before.cases[i]);
  assert.equal(changed.length, 1);
  assert.ok(changed[0].annotations.some((x) => x.text === 'Rituximab'));
});
