// CaseMark's own requests (casemark/cases, casemark/export — the same bytes as the CLI) and
// the server's manners with bad requests: unknown methods, out-of-range positions, notes
// never opened, cancellation.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError, type Hover } from 'vscode-languageserver-protocol';
import type { CasesResult, ExportResult } from '../../protocol/casemark.ts';
import { SERVER, TestClient, writeFiles } from './client.ts';

const CLI = path.join(path.dirname(SERVER), 'cli.js');

function note(id: string, drug: string): string {
  return `---\ntitle: Note ${id}\ndoi: 10.0000/${id}\n---\n\n::case[Case ${id}]{#${id} age=40 sex=F}\n\nOn :day[0] she received :drug[${drug}]{role=therapy} at :dose[1.0 × 10^6 cells/kg].\nBy :day[month 3] :lab[CK 2,400 U/L]{uln=170} and :lab[CRP 5.2 mg/dL].\n`;
}

describe('casemark/cases and casemark/export', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
    writeFiles(client.root, {
      'notes/one.md': note('one-1', 'MB-CART19.1'),
      'notes/two.md': note('two-1', 'ide-cel'),
      'three.md': note('one-1', 'foobarzine'),
      'node_modules/pkg/readme.md': note('ignored-1', 'MMF'),
    });
    await client.filesChanged([{ uri: client.uri('three.md'), type: 1 }]);
    await client.progressEnded(1);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('returns the export model of an open note, with its version', async () => {
    const uri = client.uri('notes/one.md');
    await client.open(uri, note('one-1', 'MB-CART19.1'), 3);
    const r = await client.request<CasesResult>('casemark/cases', { uri });
    assert.equal(r.uri, uri);
    assert.equal(r.version, 3);
    assert.equal(r.document.path, 'notes/one.md');
    assert.equal(r.document.cases[0].id, 'one-1');
    assert.equal(r.document.cases[0].annotations.length, 6);
    assert.ok(r.document.diagnostics.some((d) => d.code === 'duplicate-case-id'), 'cross-file diagnostics included');
    await client.close(uri);
  });

  it('names the drugs doses refer to by key, for clients without a lexicon (the preview chips)', async () => {
    const uri = client.uri('notes/mmf.md');
    await client.open(uri, '::case[M]{#mmf-1}\n\nOn :day[0] :dose[2 g/day]{drug=MMF} and :dose[5 mg]{drug=foobarzine}.\n', 1);
    const r = await client.request<CasesResult>('casemark/cases', { uri });
    assert.deepEqual(r.drugNames, { 'mycophenolate-mofetil': 'mycophenolate mofetil' }, 'a drug the lexicon does not know has no name to give');
    await client.close(uri);
  });

  it('reads a note that is not open from disk', async () => {
    const r = await client.request<CasesResult>('casemark/cases', { uri: client.uri('notes/two.md') });
    assert.equal(r.version, null);
    assert.equal(r.document.cases[0].id, 'two-1');
  });

  for (const format of ['json', 'ndjson', 'csv', 'fhir', 'w3c', 'bioc', 'bioc-xml']) {
    it(`exports the workspace as ${format} exactly as the CLI does`, async () => {
      const r = await client.request<ExportResult>('casemark/export', { format });
      const cli = execFileSync(process.execPath, [CLI, 'export', '.', '--format', format], { cwd: client.root, encoding: 'utf8' });
      assert.equal(r.content, cli);
      assert.equal(r.documents, 3);
    });
  }

  for (const format of ['bioc', 'bioc-xml', 'brat']) {
    it(`exports the workspace as ${format} files exactly as the CLI writes them into a folder`, async () => {
      const r = await client.request<ExportResult>('casemark/export', { format });
      const out = mkdtempSync(path.join(tmpdir(), `casemark-${format}-`));
      execFileSync(process.execPath, [CLI, 'export', '.', '--format', format, '--out', out], { cwd: client.root, encoding: 'utf8' });
      assert.ok(r.files && r.files.length >= 3);
      for (const f of r.files) assert.equal(f.content, readFileSync(path.join(out, f.path), 'utf8'), f.path);
      assert.deepEqual(
        r.files.map((f) => f.path).sort(),
        readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(path.join(out, p)).isFile()).map((p) => p.split(path.sep).join('/')).sort(),
      );
    });
  }

  it('exports one note as the CLI does for that file', async () => {
    const r = await client.request<ExportResult>('casemark/export', { uri: client.uri('three.md'), format: 'json' });
    const cli = execFileSync(process.execPath, [CLI, 'export', 'three.md', '--format', 'json'], { cwd: client.root, encoding: 'utf8' });
    assert.equal(r.content, cli);
    assert.equal(r.documents, 1);
    assert.equal(r.annotations, JSON.parse(r.content).documents[0].cases[0].annotations.length);
  });

  it("counts the exported notes' errors and warnings, as casemark export reports them", async () => {
    const r = await client.request<ExportResult>('casemark/export', { format: 'json' });
    const all = (JSON.parse(r.content) as { documents: { diagnostics: { severity: string }[] }[] }).documents.flatMap((d) => d.diagnostics);
    assert.ok(r.errors > 0, 'duplicate case ids are errors');
    assert.ok(r.warnings > 0, 'an unknown drug is a warning');
    assert.equal(r.errors, all.filter((d) => d.severity === 'error').length);
    assert.equal(r.warnings, all.filter((d) => d.severity === 'warning').length);
    const cli = spawnSync(process.execPath, [CLI, 'export', '.', '--format', 'json'], { cwd: client.root, encoding: 'utf8' });
    assert.match(cli.stderr, new RegExp(`${r.errors} errors?, ${r.warnings} warnings?`));
  });

  it('answers an unknown format with an LSP error', async () => {
    await assert.rejects(client.request('casemark/export', { format: 'pdf' }), (e: ResponseError<unknown>) => e.code === ErrorCodes.InvalidParams);
  });
});

describe('bad requests get LSP errors, never a dead server', () => {
  let client: TestClient;
  let uri: string;
  const text = note('bad-1', 'MMF');
  before(async () => {
    client = await TestClient.start();
    const many: Record<string, string> = {};
    for (let i = 0; i < 150; i++) many[`many/n${i}.md`] = note(`many-${i}`, 'rituximab').repeat(1);
    writeFiles(client.root, many);
    await client.filesChanged([{ uri: client.uri('many/n0.md'), type: 1 }]);
    uri = client.uri('bad.md');
    await client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('answers an unknown request with MethodNotFound', async () => {
    await assert.rejects(client.request('casemark/nope', {}), (e: ResponseError<unknown>) => e.code === ErrorCodes.MethodNotFound);
  });

  it('answers out-of-range positions without crashing', async () => {
    assert.equal(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 99999, character: 99999 } }), null);
    await client.request('textDocument/completion', { textDocument: { uri }, position: { line: -4, character: -1 } });
    await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 500, character: 0 }, end: { line: 900, character: 3 } }, context: { diagnostics: [] } });
    await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1e6, character: 0 } } });
    assert.ok(client.alive);
  });

  it('answers requests on a note never opened with an LSP error', async () => {
    const never = client.uri('never-opened.md');
    await assert.rejects(client.request('textDocument/hover', { textDocument: { uri: never }, position: { line: 0, character: 0 } }), (e: ResponseError<unknown>) => e.code === ErrorCodes.InvalidParams);
    await assert.rejects(client.request('textDocument/documentSymbol', { textDocument: { uri: never } }), (e: ResponseError<unknown>) => e.code === ErrorCodes.InvalidParams);
    await assert.rejects(client.request('casemark/cases', { uri: client.uri('no-such-file.md') }), (e: ResponseError<unknown>) => e.code === ErrorCodes.InvalidParams);
  });

  it('cancels a slow request or answers it, and keeps serving', async () => {
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('casemark/export', { format: 'json' }, source.token);
    source.cancel();
    try {
      const r = (await pending) as ExportResult;
      assert.ok(r.documents > 0);
    } catch (e) {
      assert.equal((e as ResponseError<unknown>).code, LSPErrorCodes.RequestCancelled);
    }
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 30 } });
    assert.match((hover.contents as { value: string }).value, /mycophenolate/);
  });
});

describe('transports', () => {
  it('works over --node-ipc as over --stdio', async () => {
    const client = await TestClient.start({ ipc: true });
    const uri = client.uri('ipc.md');
    await client.open(uri, '::case[I]{#ipc-1}\n\n:drug[foobarzine] on :day[0].\n', 1);
    assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['unknown-drug']);
    assert.equal(await client.stop(), 0);
  });
});

describe('the text of the example notes', () => {
  it('exports the shipped examples as the CLI does', async () => {
    const root = path.resolve(path.dirname(SERVER), '../../examples');
    const client = await TestClient.start({ root });
    await client.progressEnded(1);
    const first = path.join(root, 'mueller-2025-bcma.md');
    const uri = client.uri('mueller-2025-bcma.md');
    await client.open(uri, readFileSync(first, 'utf8'), 1);
    const r = await client.request<ExportResult>('casemark/export', { format: 'csv' });
    const cli = execFileSync(process.execPath, [CLI, 'export', '.', '--format', 'csv'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.content, cli);
    assert.equal(await client.stop(), 0);
  });
});
