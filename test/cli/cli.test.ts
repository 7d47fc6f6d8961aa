// The built `casemark` CLI as CI runs it: output lines, exit codes, formats, errors.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SPEC_EXAMPLE } from '../core/helpers.ts';

const CLI = resolve('server/out/cli.js');
let dir: string;

function run(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'casemark-cli-'));
  mkdirSync(join(dir, 'notes'));
  writeFileSync(join(dir, 'notes', 'mueller-2025.md'), SPEC_EXAMPLE);
  writeFileSync(join(dir, 'notes', 'bad.md'), '::case[Bad]{#bad}\n\nOn :day[0] :drug[daratumumb] with "quotes", commas.\n\nThen :dose[5 mg].\n');
  writeFileSync(join(dir, 'notes', 'dup.md'), '::case[Again]{#mueller-2025-p1}\n\n:drug[rituximab] on :day[1].\n');
});

test('check prints path:line:col severity code message and exits 1 on errors', () => {
  const r = run(['check', 'notes']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.includes('notes/bad.md:5:6 error dose-without-drug This dose has no drug: put a :drug[...] in the same paragraph, row or item, or add {drug=name}.'), r.stdout);
  assert.ok(lines.some((l) => /^notes\/bad\.md:3:\d+ warning unknown-drug /.test(l)));
  assert.ok(lines.some((l) => /^notes\/dup\.md:1:\d+ error duplicate-case-id .*mueller-2025\.md:8/.test(l)), r.stdout);
  assert.ok(lines.some((l) => /^notes\/mueller-2025\.md:8:\d+ error duplicate-case-id /.test(l)));
});

test('check exits 0 on a clean note', () => {
  const r = run(['check', 'notes/mueller-2025.md']);
  assert.equal(r.stdout, '');
  assert.equal(r.code, 0);
});

test('bad arguments, missing files and unknown formats: one line, exit 2', () => {
  for (const args of [['frobnicate'], ['check'], ['check', 'nope.md'], ['export', 'notes', '--format', 'xml'], ['export', 'notes'], ['check', 'notes', '--bogus']]) {
    const r = run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^casemark: /);
  }
});

test('a broken workspace lexicon is an error line, and the rest goes on', () => {
  const ws = mkdtempSync(join(tmpdir(), 'casemark-lex-'));
  mkdirSync(join(ws, '.casemark'));
  writeFileSync(join(ws, '.casemark', 'lexicon.json'), '{ "drugs": [ { "key": "x", ');
  writeFileSync(join(ws, 'n.md'), '::case[A]{#a}\n\n:drug[rituximab] on :day[0].\n');
  const r = run(['check', '.'], ws);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^\.casemark\/lexicon\.json:1:\d+ error lexicon-error /m);
});

test('export json: every annotation, spec fields, to a file with --out', () => {
  const out = join(dir, 'out.json');
  const r = run(['export', 'notes', '--format', 'json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const exp = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(exp.format, 'casemark-export');
  assert.deepEqual(exp.documents.map((d: { path: string }) => d.path), ['notes/bad.md', 'notes/dup.md', 'notes/mueller-2025.md']);
  const count = exp.documents.reduce((n: number, d: { cases: { annotations: unknown[] }[] }) => n + d.cases.reduce((m, c) => m + c.annotations.length, 0), 0);
  const written = ['bad.md', 'dup.md', 'mueller-2025.md'].map((f) => readFileSync(join(dir, 'notes', f), 'utf8').match(/:(drug|dose|day|lab)\[/g)?.length ?? 0);
  assert.equal(count, written.reduce((a, b) => a + b, 0));
  assert.equal(run(['export', 'notes', '--format', 'json']).stdout, readFileSync(out, 'utf8'));
});

test('export ndjson and csv: the same rows', () => {
  const nd = run(['export', 'notes', '--format', 'ndjson']).stdout.trim().split('\n').map((l) => JSON.parse(l));
  const csv = run(['export', 'notes', '--format', 'csv']).stdout;
  assert.ok(csv.startsWith('document,case,kind,text,line,column'));
  const records = csv.trim().split('\r\n');
  assert.equal(records.length - 1, nd.length);
  assert.ok(nd.every((r) => typeof r.document === 'string' && 'case' in r && 'kind' in r));
  // RFC 4180: a field with quotes or commas is quoted and its quotes doubled.
  assert.ok(csv.includes('"{""uln"":""170""}"'), 'attributes JSON is quoted with doubled quotes');
});

test('export fhir: a Bundle with Patients, MedicationStatements and LOINC Observations', () => {
  const bundle = JSON.parse(run(['export', 'notes/mueller-2025.md', '--format', 'fhir']).stdout);
  assert.equal(bundle.resourceType, 'Bundle');
  const types = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType);
  assert.equal(types.filter((t: string) => t === 'Patient').length, 1);
  assert.ok(types.includes('MedicationStatement'));
  const ck = bundle.entry.map((e: { resource: Record<string, any> }) => e.resource).find((r: Record<string, any>) => r.resourceType === 'Observation' && r.valueQuantity?.value === 2400);
  assert.equal(ck.code.coding[0].system, 'http://loinc.org');
  assert.equal(ck.code.coding[0].code, '2157-6');
  assert.equal(ck.valueQuantity.system, 'http://unitsofmeasure.org');
  assert.equal(ck.meta.source, 'https://doi.org/10.1038/s41591-025-03718-3');
  assert.equal(ck.interpretation[0].coding[0].code, 'H');
});

test('export w3c: Web Annotations with quote and position selectors', () => {
  const col = JSON.parse(run(['export', 'notes/mueller-2025.md', '--format', 'w3c']).stdout);
  assert.equal(col['@context'][0], 'http://www.w3.org/ns/anno.jsonld');
  assert.deepEqual(col.notes, [{ source: 'notes/mueller-2025.md', sha256: createHash('sha256').update(SPEC_EXAMPLE).digest('hex') }]);
  const items = col.first.items;
  assert.equal(items.length, col.total);
  const first = items.find((i: any) => i.target.selector[0].exact.startsWith(':drug[MB-CART19.1]'));
  const [quote, position] = first.target.selector;
  assert.equal(quote.type, 'TextQuoteSelector');
  assert.equal(position.type, 'TextPositionSelector');
  assert.equal([...SPEC_EXAMPLE].slice(position.start, position.end).join(''), quote.exact);
  // prefix and suffix let a reader find the quote again after the note changed.
  assert.ok(SPEC_EXAMPLE.includes(quote.prefix + quote.exact + quote.suffix));
  assert.equal(quote.prefix, 'rome"}\n\nOn :day[0] she received ', '32 UTF-16 units before the quote');
  assert.ok(quote.suffix.startsWith(' at :dose[1.0 × 10^6 cells/kg]'));
});

test('export counts errors and warnings on standard error, writes all the same, and fails with --strict', () => {
  const r = run(['export', 'notes', '--format', 'json']);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.stdout).documents.length, 3);
  assert.equal(r.stderr, '3 notes exported: 3 errors, 1 warning (casemark check lists them).\n');
  const strict = run(['export', 'notes', '--format', 'csv', '--strict']);
  assert.equal(strict.code, 1);
  assert.equal(strict.stdout, run(['export', 'notes', '--format', 'csv']).stdout, 'the export is written all the same');
  const clean = run(['export', 'notes/mueller-2025.md', '--format', 'json', '--strict']);
  assert.equal(clean.code, 0);
  assert.equal(clean.stderr, '1 note exported: 0 errors, 0 warnings.\n');
});

test('export bioc and bioc-xml: one collection on standard output, a file per note with --out DIR', () => {
  const col = JSON.parse(run(['export', 'notes', '--format', 'bioc']).stdout);
  assert.deepEqual(col.documents.map((d: { id: string }) => d.id), ['notes/bad.md', 'notes/dup.md', 'notes/mueller-2025.md']);
  const out = join(dir, 'bioc-out');
  const r = run(['export', 'notes', '--format', 'bioc-xml', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const xml = readFileSync(join(out, 'notes', 'mueller-2025.bioc.xml'), 'utf8');
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE collection SYSTEM "BioC\.dtd">/);
  assert.match(xml, /<text>MB-CART19\.1<\/text>/);
  assert.ok(existsSync(join(out, 'notes', 'bad.bioc.xml')));
});

test('export brat: .txt and .ann per note and annotation.conf in the folder; it needs --out DIR', () => {
  const out = join(dir, 'brat-out');
  const r = run(['export', 'notes', '--format', 'brat', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const txt = readFileSync(join(out, 'notes', 'mueller-2025.txt'), 'utf8');
  const ann = readFileSync(join(out, 'notes', 'mueller-2025.ann'), 'utf8');
  assert.ok(!txt.includes('doi:') && !txt.includes(':drug['), 'front matter and markup are gone');
  const [, start, end] = /^T\d+\tDrug (\d+) (\d+)\tMB-CART19\.1$/m.exec(ann)!;
  assert.equal([...txt].slice(Number(start), Number(end)).join(''), 'MB-CART19.1');
  assert.match(readFileSync(join(out, 'annotation.conf'), 'utf8'), /^\[entities\]\nDrug\nDose\nDay\nLab$/m);
  for (const args of [['export', 'notes', '--format', 'brat'], ['export', 'notes', '--format', 'brat', '--out', join(out, 'notes', 'mueller-2025.txt')]]) {
    const bad = run(args);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^casemark: .*folder/);
  }
});

test('summary prints each case with its dated facts', () => {
  const r = run(['summary', 'notes/mueller-2025.md']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /mueller-2025-p1: Jo-1 anti-synthetase syndrome/);
  assert.match(r.stdout, /day 612 +drug +tocilizumab/);
});

test('suggest prints path:line:col kind text; --write wraps them and prints what it wrapped', () => {
  const ws = mkdtempSync(join(tmpdir(), 'casemark-suggest-'));
  mkdirSync(join(ws, 'notes'));
  const note = '::case[A]{#a}\n\nOn day 0 she received ide-cel 450 × 10^6 cells.\n`rituximab` and :drug[MMF] 2 g/day; CK 2,400 U/L by week 3.\n';
  writeFileSync(join(ws, 'notes', 'a.md'), note);
  const r = run(['suggest', 'notes'], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    'notes/a.md:3:4 day day 0',
    'notes/a.md:3:23 drug ide-cel',
    'notes/a.md:3:31 dose 450 × 10^6 cells',
    'notes/a.md:4:28 dose 2 g/day',
    'notes/a.md:4:37 lab CK 2,400 U/L',
    'notes/a.md:4:53 day week 3',
  ]);
  assert.equal(readFileSync(join(ws, 'notes', 'a.md'), 'utf8'), note, 'suggest alone changes nothing');

  const w = run(['suggest', 'notes/a.md', '--write'], ws);
  assert.equal(w.code, 0, w.stderr);
  assert.ok(w.stdout.includes('notes/a.md:3:23 :drug[ide-cel]\n'), w.stdout);
  assert.match(w.stderr, /6 annotations written into 1 note/);
  const written = readFileSync(join(ws, 'notes', 'a.md'), 'utf8');
  assert.equal(written, '::case[A]{#a}\n\nOn :day[day 0] she received :drug[ide-cel] :dose[450 × 10^6 cells].\n`rituximab` and :drug[MMF] :dose[2 g/day]; :lab[CK 2,400 U/L] by :day[week 3].\n');
  // The written note checks clean, and nothing is left to suggest.
  assert.equal(run(['check', 'notes'], ws).code, 0);
  assert.equal(run(['suggest', 'notes'], ws).stdout, '');
  assert.equal(run(['suggest'], ws).code, 2);
});

test('suggest names the analyte of a value in a table of labs in test=, and --write writes it', () => {
  const ws = mkdtempSync(join(tmpdir(), 'casemark-suggest-table-'));
  mkdirSync(join(ws, 'notes'));
  writeFileSync(join(ws, 'notes', 't.md'), '::case[T]{#t}\n\n| Day | anti-dsDNA |\n| --- | --- |\n| month 3 | 35 IU/mL |\n');
  const r = run(['suggest', 'notes'], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['notes/t.md:5:3 day month 3', 'notes/t.md:5:13 lab 35 IU/mL {test=anti-dsdna}']);
  const w = run(['suggest', 'notes', '--write'], ws);
  assert.ok(w.stdout.includes('notes/t.md:5:13 :lab[35 IU/mL]{test=anti-dsdna}\n'), w.stdout);
  assert.match(readFileSync(join(ws, 'notes', 't.md'), 'utf8'), /\| :day\[month 3\] \| :lab\[35 IU\/mL\]\{test=anti-dsdna\} \|/);
  assert.equal(run(['check', 'notes'], ws).code, 0);
});
