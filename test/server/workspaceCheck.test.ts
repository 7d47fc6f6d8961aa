// "Check Workspace" over stdio: every note's problems in the Problems panel, open or not,
// kept until the note changes on disk, is deleted, or is opened and closed again.
import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckWorkspaceResult } from '../../protocol/casemark.ts';
import { TestClient, writeFiles } from './client.ts';

describe('check workspace', () => {
  let client: TestClient;
  const codes = (rel: string) => (client.diagnostics.get(client.uri(rel))?.diagnostics ?? []).map((d) => d.code);

  before(async () => {
    client = await TestClient.start();
    writeFiles(client.root, {
      'notes/bad.md': '::case[Bad]{#bad}\n\n:drug[rituximab] :dose[5 mg/kg/zz] on :day[0].\n',
      'notes/typo.md': '::case[Typo]{#typo}\n\n:drug[rituximap] on :day[0].\n',
      'notes/dup.md': '::case[Dup]{#bad}\n\n:drug[rituximab] on :day[1].\n',
      'notes/clean.md': '::case[Clean]{#clean}\n\n:drug[rituximab] on :day[0].\n',
    });
    await client.filesChanged(['bad', 'typo', 'dup', 'clean'].map((n) => ({ uri: client.uri(`notes/${n}.md`), type: 1 as const })));
    await client.progressEnded(1);
  });
  after(async () => {
    await client.stop();
  });

  it('publishes the problems of every note that is not open, and counts them', async () => {
    assert.equal(client.diagnostics.get(client.uri('notes/typo.md')), undefined, 'nothing before the check');
    const result = await client.request<CheckWorkspaceResult>('casemark/checkWorkspace', {});
    assert.deepEqual(result, { notes: 4, errors: 3, warnings: 1 });
    assert.deepEqual(codes('notes/typo.md'), ['unknown-drug']);
    assert.deepEqual(codes('notes/bad.md').sort(), ['duplicate-case-id', 'unknown-unit']);
    assert.deepEqual(codes('notes/dup.md'), ['duplicate-case-id']);
    assert.deepEqual(codes('notes/clean.md'), []);
  });

  it('checks a note again when it changes on disk, and clears a deleted one', async () => {
    writeFileSync(join(client.root, 'notes/typo.md'), '::case[Typo]{#typo}\n\n:drug[rituximab] on :day[0].\n');
    await client.filesChanged([{ uri: client.uri('notes/typo.md'), type: 2 }]);
    await client.waitForDiagnostics(client.uri('notes/typo.md'), (p) => p.diagnostics.length === 0);
    unlinkSync(join(client.root, 'notes/dup.md'));
    await client.filesChanged([{ uri: client.uri('notes/dup.md'), type: 3 }]);
    await client.waitForDiagnostics(client.uri('notes/dup.md'), (p) => p.diagnostics.length === 0);
  });

  it('an opened note shows its own problems; closed again, those of its saved text', async () => {
    const uri = client.uri('notes/bad.md');
    await client.open(uri, '::case[Bad]{#bad}\n\n:drug[rituximab] :dose[375 mg/m²] on :day[0].\n', 7);
    const open = await client.diagnosticsFor(uri, 7);
    assert.deepEqual(open.diagnostics.map((d) => d.code), []);
    await client.close(uri);
    const closed = await client.waitForDiagnostics(uri, (p) => p.version === undefined && p.diagnostics.some((d) => d.code === 'unknown-unit'));
    assert.deepEqual(closed.diagnostics.map((d) => d.code), ['unknown-unit']);
  });
});
