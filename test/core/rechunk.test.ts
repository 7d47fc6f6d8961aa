// Re-splitting around an edit (parse/rechunk.ts) must give exactly the chunks a full split
// gives: random edits, insertions of constructs that change where chunks may split (fences,
// HTML, containers, list indentation, blank lines, ::case lines) and large deletions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitChunks } from '../../server/src/core/parse/chunks.ts';
import { rechunk } from '../../server/src/core/parse/rechunk.ts';
import { random, SPEC_EXAMPLE } from './helpers.ts';

const PIECES = ['\n', '\n\n', '```\n', '~~~', '- ', '  ', '> ', '<!--', '-->', '<div>\n', '</div>\n', '<script>\n', '::case[X]{#x}\n', ':::note\n', ':::\n', '---\n', '\r\n', 'text', ':drug[X]', ''];

function note(cases: number): string {
  const body = SPEC_EXAMPLE.replace(/^---[^]*?---\n/, '');
  return SPEC_EXAMPLE + Array.from({ length: cases }, (_, i) => '\n' + body.replace(/\{#([a-z0-9-]+)/g, `{#$1-${i}`)).join('');
}

test('rechunk after random edits equals a full split', () => {
  const rnd = random(7);
  for (let doc = 0; doc < 8; doc++) {
    let text = note(12);
    let previous = { text, chunks: splitChunks(text) };
    for (let step = 0; step < 150; step++) {
      const at = Math.floor(rnd() * (text.length + 1));
      const del = rnd() < 0.3 ? Math.floor(rnd() * (rnd() < 0.1 ? 3000 : 15)) : 0;
      const ins = rnd() < 0.8 ? PIECES[Math.floor(rnd() * PIECES.length)] : String.fromCharCode(97 + Math.floor(rnd() * 26));
      text = text.slice(0, at) + ins + text.slice(at + del);
      const chunks = rechunk(previous, text);
      assert.deepEqual(chunks, splitChunks(text), `doc ${doc}, edit ${step} at ${at}`);
      assert.equal(chunks.map((c) => c.text).join(''), text);
      previous = { text, chunks };
    }
  }
});

test('chunks the edit did not reach are the same objects', () => {
  const text = note(40);
  const chunks = splitChunks(text);
  assert.ok(chunks.length > 40);
  const at = chunks[20].offset + 30;
  const edited = text.slice(0, at) + 'x' + text.slice(at);
  const next = rechunk({ text, chunks }, edited);
  assert.equal(next[5], chunks[5]);
  assert.equal(next[35].text, chunks[35].text);
  assert.equal(next[35].offset, chunks[35].offset + 1);
  const texts = new Set(chunks.map((c) => c.text));
  assert.equal(next.filter((c) => !texts.has(c.text)).length, 1, 'only the edited chunk is new');
});

test('typing at the end of a note re-splits only its last chunks', () => {
  let text = note(20);
  let previous = { text, chunks: splitChunks(text) };
  for (const typed of ['\n', 'O', 'n', ' ', ':day[', '3', ']', '\n\n', '::case[Y]{#y}\n']) {
    text += typed;
    const chunks = rechunk(previous, text);
    assert.deepEqual(chunks, splitChunks(text));
    assert.equal(chunks[3], previous.chunks[3], 'chunks before the end are the same objects');
    previous = { text, chunks };
  }
});
