// Properties of the core on hostile notes (generators.ts): every note is analysed within a
// time bound without throwing; every message is one line; the export validates against the
// published schema; json, ndjson, csv and w3c carry the same annotations; and analysing a
// note edit by edit with one parse cache gives what a fresh analysis gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { parse as parseCsv } from 'csv-parse/sync';
import schema from '../../server/data/export.schema.json' with { type: 'json' };
import { analyzeDocument, buildExport, formatExport, Lexicon, ParseCache, type DocumentAnalysis } from '../../server/src/core/index.ts';
import { generators, prng, randomEdit, realistic, runs, SEED } from './generators.ts';

const lexicon = Lexicon.builtin();
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
/** Per-note bound (the 10 s a hostile note must be answered in): far above a normal note, far below a hang. */
const BOUND_MS = Number(process.env.CASEMARK_PROPERTY_BOUND_MS) || 10_000;
const BREAKS = /[\r\n\u0085\u2028\u2029]/;
const URI = 'file:///notes/note.md';

function analyse(text: string, cache?: ParseCache): DocumentAnalysis {
  return analyzeDocument(text, { uri: URI, lexicon, cache });
}

function checkNote(text: string, label: string): void {
  const started = performance.now();
  const a = analyse(text);
  const exp = buildExport([a]);
  const texts = new Map([[a.path, text]]);
  const out = Object.fromEntries((['json', 'ndjson', 'csv', 'w3c'] as const).map((f) => [f, formatExport(exp, f, texts)]));
  const ms = performance.now() - started;
  assert.ok(ms < BOUND_MS, `${label}: ${ms.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  for (const d of a.diagnostics) assert.doesNotMatch(d.message, BREAKS, `${label}: ${d.code} message breaks the line`);
  assert.ok(validate(JSON.parse(out.json)), `${label}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
  const n = a.annotations.length;
  assert.equal(JSON.parse(out.json).documents[0].cases.reduce((k: number, c: { annotations: unknown[] }) => k + c.annotations.length, JSON.parse(out.json).documents[0].unassigned.length), n, `${label}: json`);
  assert.equal(out.ndjson.split('\n').filter(Boolean).length, n, `${label}: ndjson`);
  assert.equal((parseCsv(out.csv, { columns: true }) as unknown[]).length, n, `${label}: csv`);
  assert.equal(JSON.parse(out.w3c).total, n, `${label}: w3c`);
}

for (const [name, generate] of Object.entries(generators)) {
  test(`property: ${name} notes are answered in bounded time, one-line messages, valid and consistent exports`, () => {
    const count = runs(6);
    for (let i = 0; i < count; i++) {
      const seed = SEED + i * 7919 + name.length;
      checkNote(generate(prng(seed)), `${name} seed ${seed}`);
    }
  });
}

test('property: incremental analysis after random edits equals a fresh analysis', () => {
  const count = runs(4);
  for (let i = 0; i < count; i++) {
    const seed = SEED + i;
    const rng = prng(seed);
    let text = rng() < 0.3 ? generators.fragments(rng) : realistic(rng, 2000);
    const cache = new ParseCache();
    analyse(text, cache);
    for (let k = 0; k < 12; k++) {
      const e = randomEdit(rng, text);
      text = text.slice(0, e.start) + e.insert + text.slice(e.end);
      const incremental = analyse(text, cache);
      const fresh = analyse(text);
      assert.deepEqual(JSON.parse(JSON.stringify(incremental)), JSON.parse(JSON.stringify(fresh)), `seed ${seed}, edit ${k}`);
    }
  }
});
