// Every export validates against the published schema (server/data/export.schema.json),
// for the example notes and for a note full of problems; nothing is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import schema from '../../server/data/export.schema.json' with { type: 'json' };
import { buildExport, crossFileDiagnostics, formatExport } from '../../server/src/core/index.ts';
import { analyse, SPEC_EXAMPLE } from './helpers.ts';

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

test('the example notes: clean, and their export matches the schema', () => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.md') && f !== 'README.md');
  assert.ok(files.length >= 3);
  const analyses = files.map((f) => analyse(readFileSync(`examples/${f}`, 'utf8'), { uri: `file:///examples/${f}` }));
  for (const a of analyses) assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), [], a.path);
  assert.equal(crossFileDiagnostics(analyses).size, 0);
  const exp = buildExport(analyses);
  assert.ok(validate(exp), JSON.stringify(validate.errors?.slice(0, 3)));
  const cases = exp.documents.flatMap((d) => d.cases.map((c) => c.id));
  assert.ok(cases.includes('mueller-2025-p1'));
  assert.ok(cases.length >= 4, cases.join(', '));
});

test('a note full of problems still exports every annotation, valid against the schema', () => {
  const text = ':drug[before]\n\n::case[A]{#a}\n\n:drug[zzzq] :dose[5,5 mg] :day[never] :lab[CK] :lab[CKK 5 U/L] :lab[CK 5 mg/dL] :dose[3 furlongs]{drug=x} :day[1]{from=nope}\n';
  const a = analyse(text);
  const exp = buildExport([a]);
  assert.ok(validate(exp), JSON.stringify(validate.errors?.slice(0, 3)));
  const written = text.match(/:(drug|dose|day|lab)\[/g)?.length ?? 0;
  assert.equal(exp.documents[0].unassigned.length + exp.documents[0].cases[0].annotations.length, written);
  assert.ok(exp.documents[0].diagnostics.length >= 8);
});

test('json export is stable: the same analysis gives the same bytes', () => {
  const one = formatExport(buildExport([analyse(SPEC_EXAMPLE)]), 'json');
  const two = formatExport(buildExport([analyse(SPEC_EXAMPLE)]), 'json');
  assert.equal(one, two);
  assert.ok(one.endsWith('\n'));
});
