// Properties of the built CLI (server/out/cli.js) on a folder of hostile notes and hostile
// configuration: it answers in bounded time with exit 0 or 1, never an internal error; every
// problem is one `path:line:col severity code message` line; exports validate against the
// schema and every format carries the same annotations.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse as parseCsv } from 'csv-parse/sync';
import schema from '../../server/data/export.schema.json' with { type: 'json' };
import { generators, prng, runs, SEED } from './generators.ts';

const CLI = resolve('server/out/cli.js');
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const PROBLEM_LINE = /^[^\s:][^:]*:\d+:\d+ (error|warning|information|hint) [a-z-]+ [^\r\n\u0085\u2028\u2029]+$/;
let dir: string;
let notes = 0;

function run(args: string[], cwd = dir, timeoutMs = 60_000) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 30 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
}

function answered(r: ReturnType<typeof run>, what: string): void {
  assert.equal(r.signal, null, `${what}: killed after ${r.ms.toFixed(0)} ms`);
  assert.ok(r.code === 0 || r.code === 1, `${what}: exit ${r.code}: ${r.stderr.slice(0, 500)}`);
  assert.doesNotMatch(r.stderr, /internal error/, what);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'casemark-property-'));
  mkdirSync(join(dir, 'notes'));
  const each = runs(1);
  for (const [name, generate] of Object.entries(generators)) {
    for (let i = 0; i < each; i++) {
      writeFileSync(join(dir, 'notes', `${name}-${i}.md`), generate(prng(SEED + 31 * i + name.length)));
      notes++;
    }
  }
});

test('property: check answers a folder of hostile notes with one line per problem', () => {
  const r = run(['check', 'notes']);
  answered(r, 'check');
  for (const line of r.stdout.split('\n').filter(Boolean)) assert.match(line, PROBLEM_LINE);
  assert.match(r.stderr, new RegExp(`${notes} notes checked`));
});

test('property: exports of hostile notes validate and agree on the annotations', () => {
  const json = run(['export', 'notes', '--format', 'json']);
  answered(json, 'export json');
  const exp = JSON.parse(json.stdout) as { documents: { unassigned: unknown[]; cases: { annotations: unknown[] }[] }[] };
  assert.ok(validate(exp), JSON.stringify(validate.errors?.slice(0, 3)));
  const n = exp.documents.reduce((k, d) => k + d.unassigned.length + d.cases.reduce((j, c) => j + c.annotations.length, 0), 0);
  assert.ok(n > 0);
  const nd = run(['export', 'notes', '--format', 'ndjson']);
  answered(nd, 'export ndjson');
  assert.equal(nd.stdout.split('\n').filter(Boolean).length, n, 'ndjson');
  const csv = run(['export', 'notes', '--format', 'csv']);
  answered(csv, 'export csv');
  assert.equal((parseCsv(csv.stdout, { columns: true }) as unknown[]).length, n, 'csv');
  const w3c = run(['export', 'notes', '--format', 'w3c']);
  answered(w3c, 'export w3c');
  assert.equal(JSON.parse(w3c.stdout).total, n, 'w3c');
});

test('property: hostile configuration is reported, never fatal, never read out of bounds', () => {
  const root = mkdtempSync(join(tmpdir(), 'casemark-config-'));
  mkdirSync(join(root, '.casemark'));
  mkdirSync(join(root, 'lexdir'));
  writeFileSync(join(root, 'note.md'), '::case[T]{#t}\n\n:drug[rituximab] :dose[375 mg/m2] on :day[0].\n');
  symlinkSync('/etc/hostname', join(root, 'link.json'));
  const configs = [
    '['.repeat(6000),
    '{"severity": ' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}',
    JSON.stringify({ lexicons: ['/dev/zero', '../../etc/passwd', '/etc/hostname', 'lexdir', 'link.json', 'missing.json'] }),
    '\ufeff{"severity": {"unknown-drug": "off"}}',
  ];
  for (const config of configs) {
    writeFileSync(join(root, '.casemark', 'config.json'), config);
    const r = run(['check', 'note.md'], root, 20_000);
    answered(r, `config ${config.slice(0, 30)}`);
    for (const line of r.stdout.split('\n').filter(Boolean)) assert.match(line, PROBLEM_LINE);
    if (config.includes('lexicons')) {
      const refused = r.stdout.split('\n').filter((l) => l.startsWith('.casemark/config.json') && l.includes('lexicon-error'));
      assert.equal(refused.length, 6, r.stdout);
    }
  }
});
