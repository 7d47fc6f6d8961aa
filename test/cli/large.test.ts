// A large note is parsed on worker threads (cli/parallelParse.ts): the result must be the
// one a single thread gives, diagnostics and export byte for byte.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SPEC_EXAMPLE } from '../core/helpers.ts';

const CLI = resolve('server/out/cli.js');
let dir: string;

function run(args: string[], jobs: number) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CASEMARK_JOBS: String(jobs) } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'casemark-large-'));
  // The specification's example with its ids renamed per copy, a problem in every tenth
  // copy, a fenced block and a BOM-less CRLF stretch: about 560 KB in all.
  const parts: string[] = [];
  for (let i = 0; parts.join('').length < 560_000; i++) {
    let copy = SPEC_EXAMPLE.replace(/^---[\s\S]*?---\n/, '').replace(/\{#([a-z0-9-]+)/g, `{#$1-${i}`).replace(/from=([a-z0-9-]+)/g, `from=$1-${i}`);
    if (i % 10 === 3) copy += `\nOn :day[2] :drug[daratumumb] and :dose[5 mg].\n\nThen :dose[5 mg].\n\n\`\`\`\n:drug[not annotated]\n\`\`\`\n`;
    if (i % 25 === 7) copy = copy.replace(/\n/g, '\r\n');
    parts.push(copy);
  }
  writeFileSync(join(dir, 'big.md'), '---\ntitle: Large\n---\n\n' + parts.join('\n'));
});

test('a large note checks the same on one thread and on several', () => {
  const one = run(['check', 'big.md'], 1);
  const many = run(['check', 'big.md'], 2);
  assert.equal(one.code, 1, one.stderr);
  assert.match(one.stdout, /unknown-drug/);
  assert.match(one.stdout, /dose-without-drug/);
  assert.equal(many.stdout, one.stdout);
  assert.equal(many.code, one.code);
});

test('a large note exports the same bytes on one thread and on several', () => {
  const one = run(['export', 'big.md', '--format', 'json'], 1);
  const many = run(['export', 'big.md', '--format', 'json'], 2);
  assert.ok(one.stdout.length > 1_000_000, 'export has the annotations');
  assert.equal(many.stdout, one.stdout);
});
