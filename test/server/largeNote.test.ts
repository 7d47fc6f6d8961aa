// A note above the size limit, opened in an editor: the server answers with one
// `note-too-large` diagnostic naming the limit and the settings that change it, answers every
// request on it at once (with nothing), and stays responsive for other notes. The limit comes
// from casemark.maxFileSize, else the workspace's .casemark/config.json, else 10 MiB.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient, writeFiles } from './client.ts';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

/** About `bytes` of annotated cases, each with its own id. */
function caseSeries(bytes: number): string {
  const one = (i: number) => `::case[Patient ${i}]{#big-${i} age=41 sex=F}\n\nOn :day[day 0] she received :drug[rituximab] :dose[375 mg/m2]; :lab[CK 1200 U/L] on :day[day 3].\n\n`;
  const n = Math.ceil(bytes / one(1).length);
  return Array.from({ length: n }, (_, i) => one(i + 1)).join('');
}

describe('a note above the size limit in the editor', () => {
  let client: TestClient;
  const big = caseSeries(50 * 1024 * 1024);
  before(async () => {
    client = await TestClient.start();
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('gets one note-too-large at once, answers requests on it, and keeps serving other notes', async () => {
    const uri = client.uri('huge.md');
    const small = client.uri('small.md');
    const started = Date.now();
    await client.open(uri, big, 1);
    await client.open(small, '::case[S]{#small-1}\n\n:drug[foobarzine] on :day[0].\n', 1);
    const ds = (await client.diagnosticsFor(uri, 1)).diagnostics;
    assert.deepEqual(codes(ds), ['note-too-large']);
    assert.match(String(ds[0].message), /^This note is 5\d\.\d MiB \([\d,]+ bytes\), above the size limit of 10 MiB \(10,485,760 bytes\)/);
    assert.match(String(ds[0].message), /maxFileSize in \.casemark\/config\.json, the casemark\.maxFileSize setting or casemark --max-file-size/);
    assert.deepEqual(codes((await client.diagnosticsFor(small, 1)).diagnostics), ['unknown-drug']);
    const td = { uri };
    const pos = { line: 2, character: 30 };
    const whole = { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } };
    const answers = await Promise.all([
      client.request('textDocument/documentSymbol', { textDocument: td }),
      client.request('textDocument/foldingRange', { textDocument: td }),
      client.request('textDocument/semanticTokens/full', { textDocument: td }),
      client.request('textDocument/hover', { textDocument: td, position: pos }),
      client.request('textDocument/completion', { textDocument: td, position: pos }),
      client.request('textDocument/codeAction', { textDocument: td, range: whole, context: { diagnostics: [] } }),
      client.request('textDocument/inlayHint', { textDocument: td, range: whole }),
      client.request('textDocument/codeLens', { textDocument: td }),
      client.request('textDocument/definition', { textDocument: td, position: pos }),
    ]);
    assert.equal(answers.length, 9);
    // One edit: still refused, as fast.
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
    assert.deepEqual(codes((await client.diagnosticsFor(uri, 2)).diagnostics), ['note-too-large']);
    const elapsed = Date.now() - started;
    // Sending and parsing 50 MB of JSON-RPC takes about a second; an analysis would take minutes.
    assert.ok(elapsed < 20_000, `answered in ${elapsed} ms`);
    process.stderr.write(`50 MB note opened, refused, queried and edited in ${elapsed} ms\n`);
    // The export lists the note with its problem and quotes nothing of it.
    const exp = await client.request<{ content: string; documents: number; warnings: number }>('casemark/export', { uri, format: 'w3c' });
    assert.equal(exp.documents, 1);
    assert.equal(exp.warnings, 1);
    assert.deepEqual(JSON.parse(exp.content).notes, []);
  });
});

describe('the size limit of .casemark/config.json', () => {
  it('applies in the editor unless casemark.maxFileSize is set', async () => {
    const note = '::case[C]{#cfg-1}\n\nOn :day[0] :drug[rituximab] :dose[375 mg/m2].\n'.repeat(40);
    const client = await TestClient.start();
    writeFiles(client.root, { '.casemark/config.json': '{ "maxFileSize": 2000 }' });
    await client.filesChanged([{ uri: client.uri('.casemark/config.json'), type: 1 }]);
    const uri = client.uri('cfg.md');
    await client.open(uri, note, 1);
    const ds = (await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'note-too-large'))).diagnostics;
    assert.match(String(ds[0].message), /above the size limit of 2\.0 KiB \(2,000 bytes\)/);
    // The editor's own setting wins over the workspace's.
    client.settings = { maxFileSize: 1_000_000 };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { casemark: client.settings } });
    const after = await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'note-too-large'));
    assert.equal(after.diagnostics.length, 0);
    assert.equal(await client.stop(), 0);
  });
});
