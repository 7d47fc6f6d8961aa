// Every diagnostic code a note can produce, with its severity and fixes, and the two ways to
// silence a false positive (disable comments, config severities).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODES, crossFileDiagnostics, parseConfig } from '../../server/src/core/index.ts';
import { analyse, codes } from './helpers.ts';

const note = (body: string) => `::case[T]{#t}\n\n${body}\n`;
function diag(body: string, code: string) {
  const d = analyse(note(body)).diagnostics.find((x) => x.code === code);
  assert.ok(d, `expected ${code} for «${body}»`);
  assert.equal(d.severity, CODES[code as keyof typeof CODES].severity);
  return d;
}

test('the spec codes, with the spec severities', () => {
  assert.equal(diag(':drug[daratumumb]', 'unknown-drug').fixes?.[0].edits[0].newText, 'daratumumab');
  diag(':dose[5 mg]', 'dose-without-drug');
  diag(':drug[daratumumab] :dose[1.0 × 10^6 cells/kg]', 'dose-unit-mismatch');
  diag(':drug[dexamethasone] :dose[20 g]', 'implausible-dose');
  diag(':lab[CK 5,2 U/L]', 'bad-number');
  diag(':lab[CK 200 furlongs]', 'unknown-unit');
  diag(':lab[CKK 200 U/L]', 'unknown-lab');
  diag(':lab[CK]', 'missing-value');
  diag(':lab[CK 5 mg/dL]', 'lab-unit-mismatch');
  diag(':lab[CK 90000000 U/L]', 'implausible-lab');
  diag(':day[someday]', 'bad-day');
  diag(':drug[rituximab]{role=cure}', 'bad-attribute');
  assert.equal(CODES['unknown-drug'].severity, 'warning');
  assert.equal(CODES['dose-without-drug'].severity, 'error');
  assert.equal(CODES['unknown-directive'].severity, 'hint');
});

test('decimal comma has a quick fix', () => {
  const d = diag(':drug[rituximab] :dose[0,5 g]', 'bad-number');
  assert.equal(d.fixes?.[0].edits[0].newText, '0.5 g');
});

test('unit spelling: mg/dl is offered as mg/dL without an error', () => {
  const a = analyse(note(':lab[CRP 5.2 mg/dl]'));
  assert.deepEqual(codes(a), []);
  assert.equal(a.annotations[0].suggestions[0]?.edits[0].newText, 'CRP 5.2 mg/dL');
});

test('outside-case, implicit cases and missing ids', () => {
  const a = analyse(':drug[rituximab]\n\n::case[A]{#a}\n\n:drug[tocilizumab]\n');
  assert.deepEqual(codes(a), ['outside-case']);
  assert.equal(a.unassigned.length, 1);
  const implicit = analyse('# Patient 1\n\n:drug[rituximab] on :day[0].\n', { uri: 'file:///notes/smith-2024.md' });
  assert.equal(implicit.cases[0].id, 'smith-2024');
  assert.equal(implicit.cases[0].title, 'Patient 1');
  assert.equal(implicit.cases[0].implicit, true);
  assert.deepEqual(analyse('# Just a README\n\nNo annotations here.\n').cases, []);
  assert.ok(codes(analyse('::case[A]\n\n:drug[rituximab]\n')).includes('missing-case-id'));
});

test('duplicate case ids across files, honouring disable comments', () => {
  const a = analyse('::case[A]{#same}\n', { uri: 'file:///a.md' });
  const b = analyse('::case[B]{#same}\n', { uri: 'file:///b.md' });
  const c = analyse('<!-- casemark-disable-next-line duplicate-case-id -->\n::case[C]{#same}\n', { uri: 'file:///c.md' });
  const cross = crossFileDiagnostics([a, b, c]);
  assert.equal(cross.get('file:///a.md')?.[0].code, 'duplicate-case-id');
  assert.match(cross.get('file:///a.md')?.[0].message ?? '', /b\.md:1/);
  assert.equal(cross.get('file:///c.md'), undefined);
});

test('disable comments: next-line, line, regions, file, all codes', () => {
  const t = (body: string) => codes(analyse(note(body)));
  assert.deepEqual(t('<!-- casemark-disable-next-line unknown-drug -->\n:drug[zzzq]'), []);
  assert.deepEqual(t('<!-- casemark-disable-next-line bad-day -->\n:drug[zzzq]'), ['unknown-drug']);
  assert.deepEqual(t(':drug[zzzq] <!-- casemark-disable-line -->'), []);
  assert.deepEqual(t('<!-- casemark-disable unknown-drug -->\n\n:drug[zzzq]\n\n<!-- casemark-enable unknown-drug -->\n\n:drug[qqqz]'), ['unknown-drug']);
  assert.deepEqual(t('<!-- casemark-disable-file -->\n\n:drug[zzzq] :day[never]'), []);
  assert.deepEqual(t('```\n<!-- casemark-disable-file -->\n```\n\n:drug[zzzq]'), ['unknown-drug'], 'a comment inside code is not a comment');
});

test('.casemark/config.json severities, and a broken config', () => {
  const { config, problems } = parseConfig('{ "severity": { "unknown-drug": "off", "dose-without-drug": "warning" } }', '.casemark/config.json');
  assert.deepEqual(problems, []);
  const a = analyse(note(':drug[zzzq] given.\n\nThen :dose[5 mg].'), { config });
  const missing = a.diagnostics.filter((d) => d.code === 'dose-without-drug');
  assert.equal(missing.length, 1);
  assert.equal(missing[0].severity, 'warning');
  assert.ok(!codes(a).includes('unknown-drug'));
  const bad = parseConfig('{ "severity": { "unknown-drug": "loud" }, "extra": 1 }', '.casemark/config.json');
  assert.ok(bad.problems.length >= 2);
  assert.ok(bad.problems.every((p) => p.line === 0));
  const broken = parseConfig('{\n  "severity": {,\n}', '.casemark/config.json');
  assert.equal(broken.problems.length, 1);
  assert.equal(broken.problems[0].line, 1);
});
