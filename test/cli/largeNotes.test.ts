// Large notes from the command line: a note above the size limit is refused before it is
// read, with one note-too-large line naming the limit and how to change it, and still listed
// in exports; the limit comes from --max-file-size, else .casemark/config.json, else 10 MiB.
// Exports stream to a file with the same bytes as to standard output.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SPEC_EXAMPLE } from '../core/helpers.ts';

const CLI = resolve('server/out/cli.js');
let dir: string;

function run(args: string[], cwd = dir) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

const REFUSED = /^huge\.md:1:1 warning note-too-large This note is 50 MiB \(52,428,800 bytes\), above the size limit of 10 MiB \(10,485,760 bytes\), and is not analyzed; raise maxFileSize in \.casemark\/config\.json, the casemark\.maxFileSize setting or casemark --max-file-size BYTES\.$/m;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'casemark-large-'));
  writeFileSync(join(dir, 'small.md'), SPEC_EXAMPLE);
  // 50 MB that take no disk: the size is all the CLI may look at.
  writeFileSync(join(dir, 'huge.md'), '');
  truncateSync(join(dir, 'huge.md'), 50 * 1024 * 1024);
});

test('check refuses a 50 MB note up front with one line naming the limit, and checks the rest', () => {
  const r = run(['check', '.']);
  assert.match(r.stdout, REFUSED);
  assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
  assert.match(r.stderr, /^2 notes checked, 0 errors, 1 other problem\.$/m);
  assert.equal(r.code, 0, 'a warning, as in the editor');
  // Node's start and the lexicon take most of this; reading 50 MB would not fit in it on a loaded machine.
  assert.ok(r.ms < 10_000, `${r.ms} ms`);
});

test('every export lists the refused note with its problem and quotes nothing of it', () => {
  const json = run(['export', '.', '--format', 'json']);
  assert.equal(json.code, 0);
  const huge = JSON.parse(json.stdout).documents.find((d: { path: string }) => d.path === 'huge.md');
  assert.deepEqual(huge.cases, []);
  assert.deepEqual(huge.diagnostics.map((d: { code: string }) => d.code), ['note-too-large']);
  assert.match(json.stderr, /^2 notes exported: 0 errors, 1 warning \(casemark check lists them\)\.$/m);
  for (const format of ['ndjson', 'csv', 'fhir', 'w3c', 'bioc', 'bioc-xml']) {
    const r = run(['export', '.', '--format', format]);
    assert.equal(r.code, 0, `${format}: ${r.stderr}`);
    assert.match(r.stderr, /1 warning/, format);
    assert.ok(r.ms < 10_000, `${format}: ${r.ms} ms`);
  }
  const w3c = JSON.parse(run(['export', '.', '--format', 'w3c']).stdout);
  assert.deepEqual(w3c.notes.map((n: { source: string }) => n.source), ['small.md'], 'no hash of a text never read');
  const bioc = JSON.parse(run(['export', '.', '--format', 'bioc']).stdout);
  assert.deepEqual(bioc.documents.map((d: { id: string }) => d.id), ['huge.md', 'small.md']);
  const out = join(dir, 'brat-out');
  assert.equal(run(['export', '.', '--format', 'brat', '--out', out]).code, 0);
  assert.deepEqual(readdirSync(out).sort(), ['annotation.conf', 'huge.ann', 'huge.txt', 'small.ann', 'small.txt']);
});

test('the limit: --max-file-size, else maxFileSize in .casemark/config.json, else 10 MiB', () => {
  const root = mkdtempSync(join(tmpdir(), 'casemark-limit-'));
  writeFileSync(join(root, 'note.md'), SPEC_EXAMPLE);
  const bytes = Buffer.byteLength(SPEC_EXAMPLE);
  const flag = run(['check', 'note.md', '--max-file-size', '500'], root);
  assert.match(flag.stdout, new RegExp(`^note\\.md:1:1 warning note-too-large This note is ${bytes.toLocaleString('en-US')} bytes, above the size limit of 500 bytes,`));
  mkdirSync(join(root, '.casemark'));
  writeFileSync(join(root, '.casemark', 'config.json'), JSON.stringify({ maxFileSize: 800, severity: { 'note-too-large': 'error' } }));
  const config = run(['check', 'note.md'], root);
  assert.match(config.stdout, /^note\.md:1:1 error note-too-large .* above the size limit of 800 bytes,/);
  assert.equal(config.code, 1, 'an error when the config says so');
  const over = run(['check', 'note.md', '--max-file-size', String(bytes)], root);
  assert.doesNotMatch(over.stdout, /note-too-large/, 'the flag wins over the config');
  for (const command of [['suggest', 'note.md'], ['summary', 'note.md'], ['export', 'note.md', '--format', 'csv']]) {
    assert.match(run(command, root).stdout + run(command, root).stderr, /note-too-large/, command.join(' '));
  }
  const agree = run(['agree', 'note.md', 'note.md'], root);
  assert.equal(agree.code, 2);
  assert.match(agree.stderr, /^casemark: note\.md:1:1 note-too-large /);
  const bad = run(['check', 'note.md', '--max-file-size', '10MB'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^casemark: --max-file-size needs a whole number of bytes/);
  writeFileSync(join(root, '.casemark', 'config.json'), JSON.stringify({ maxFileSize: '10MB' }));
  assert.match(run(['check', 'note.md'], root).stdout, /config-error \/maxFileSize must be integer/);
});

test('an export streamed into --out is the same bytes as on standard output', () => {
  for (const format of ['json', 'ndjson', 'csv', 'fhir', 'w3c']) {
    const out = join(dir, `out.${format}`);
    const stdout = run(['export', 'small.md', '--format', format]).stdout;
    assert.equal(run(['export', 'small.md', '--format', format, '--out', out]).code, 0);
    assert.equal(readFileSync(out, 'utf8'), stdout, format);
  }
});
