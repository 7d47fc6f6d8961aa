// `casemark agree` as a user runs it: the built CLI on two curators' folders and files.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve('server/out/cli.js');
let dir: string;

function run(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NOTE = (doi: string, drug: string) => `---\ndoi: ${doi}\n---\n\n::case[C]{#c}\n\nOn :day[0] she received ${drug} :dose[375 mg/m²].\n`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'casemark-agree-'));
  for (const side of ['a', 'b']) mkdirSync(join(dir, side));
  // Paired by DOI although the file names differ: the second curator missed the drug.
  writeFileSync(join(dir, 'a', 'smith.md'), NOTE('10.1/smith', ':drug[rituximab]'));
  writeFileSync(join(dir, 'b', 'smith-2024.md'), NOTE('https://doi.org/10.1/SMITH', 'rituximab'));
  // Paired by file name; the same annotations.
  writeFileSync(join(dir, 'a', 'plain.md'), '::case[P]{#p}\n\n:drug[tocilizumab] on :day[3].\n');
  writeFileSync(join(dir, 'b', 'plain.md'), '::case[P]{#p}\n\n:drug[tocilizumab] on :day[3].\n');
  // Only in a.
  writeFileSync(join(dir, 'a', 'lonely.md'), '::case[L]{#l}\n\n:drug[rituximab].\n');
});

test('agree on two folders: one table per pair and a pooled one, the unit of kappa stated, exit 0', () => {
  const r = run(['agree', 'a', 'b']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, 'casemark: warning: a/lonely.md has no partner in b\n');
  assert.match(r.stdout, /^a: a\/smith\.md\nb: b\/smith-2024\.md \(same DOI 10\.1\/smith\)\n/m);
  assert.match(r.stdout, /^b: b\/plain\.md \(same file name\)$/m);
  // smith: a has drug, dose, day; b has dose, day: drug F1 2·0/(1+0) = 0, overall 2·2/(3+2) = 0.80;
  // b's dose has no drug, so its value differs from a's: values agree 1 of 2.
  assert.match(r.stdout, /^drug +1 +0 +0 +0\.00 +0 +0\.00 +0\/0 +— +0\.00$/m);
  assert.match(r.stdout, /^overall +3 +2 +2 +0\.80 +2 +0\.80 +1\/2 +0\.50 /m);
  assert.match(r.stdout, /^ {2}a\/smith\.md:7:25 {2}b\/smith-2024\.md:7:25 {2}only-a {2}drug “rituximab” only in a$/m);
  assert.match(r.stdout, /^ {2}a\/smith\.md:7:42 {2}b\/smith-2024\.md:7:35 {2}value {2}dose “375 mg\/m²”: drug rituximab ≠ none$/m);
  // pooled over both pairs: 5 annotations in a, 4 in b, 4 exact: 8/9 = 0.89.
  assert.match(r.stdout, /^all 2 pairs:\n\nkind .*\n(?:.*\n){4}overall +5 +4 +4 +0\.89 /m);
  assert.match(r.stdout, /^kappa unit: a word of the paper .*; categories: none, drug, dose, day, lab\.$/m);
});

test('agree on two files, as JSON for scripts', () => {
  const r = run(['agree', 'a/smith.md', 'b/smith-2024.md', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.format, 'casemark-agreement');
  assert.deepEqual(out.kappa.categories, ['none', 'drug', 'dose', 'day', 'lab']);
  assert.match(out.kappa.unit, /word of the paper/);
  assert.equal(out.pairs.length, 1);
  const [pair] = out.pairs;
  assert.deepEqual([pair.a, pair.b, pair.pairedBy], ['a/smith.md', 'b/smith-2024.md', 'arguments']);
  assert.equal(pair.figures.overall.exactF1, 0.8);
  // 8 shared words (On 0 she received rituximab 375 mg m); "rituximab" is drug in a, none in b.
  assert.deepEqual(pair.confusion[1], [1, 0, 0, 0, 0]);
  assert.deepEqual(pair.disagreements.map((d: { type: string }) => d.type), ['only-a', 'value']);
});

test('bad arguments, missing notes, unknown formats and folders that pair nothing: one line, exit 2', () => {
  mkdirSync(join(dir, 'empty'), { recursive: true });
  mkdirSync(join(dir, 'other'), { recursive: true });
  writeFileSync(join(dir, 'other', 'unrelated.md'), '::case[U]{#u}\n\n:drug[rituximab].\n');
  for (const args of [['agree', 'a'], ['agree', 'a', 'b', 'c'], ['agree', 'a', 'nope'], ['agree', 'a', 'b', '--format', 'xml'], ['agree', 'a', 'empty'], ['agree', 'a', 'other'], ['agree', 'a', 'b', '--bogus']]) {
    const r = run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^casemark: /);
    assert.equal(r.stdout, '');
  }
});

test("the README's example: an example note against a second curator's version of it", () => {
  const r = run(['agree', 'examples/mueller-2025-bcma.md', 'test/fixtures/agree/mueller-2025-bcma.md', '--format', 'json'], resolve('.'));
  assert.equal(r.code, 0, r.stderr);
  const [pair] = JSON.parse(r.stdout).pairs;
  // The second curator wrote "9 doses" for "Nine doses": one word of each note is not aligned.
  assert.equal(pair.words.a - pair.words.aligned, 1);
  assert.deepEqual(
    pair.disagreements.map((d: { type: string; message: string }) => `${d.type} ${d.message}`),
    [
      'only-a drug “lenabasum” only in a',
      'span lab “CK 2,400 U/L” in a, “2,400 U/L” in b',
      'only-b drug “acyclovir” only in b',
      'only-b drug “cotrimoxazole” only in b',
      'value dose “8 mg”: day 396 ≠ 457',
      'value day “5 months”: anchor dara ≠ none; day 548 ≠ 152',
      'only-a lab “anti-Jo-1 positive” only in a',
    ],
  );
});
