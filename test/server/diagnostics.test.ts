// Diagnostics as an editor receives them: pushed on open and change (or pulled), with
// disable comments, config.json and client severities applied, cross-file duplicate ids
// kept right as files change on disk, bursts of edits, garbage input and the size limit.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, DocumentDiagnosticReport, Hover } from 'vscode-languageserver-protocol';
import { at, DEFAULT_CAPABILITIES, positionAt, TestClient, writeFiles } from './client.ts';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

describe('pushed diagnostics', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
    writeFiles(client.root, {
      'a.md': '::case[A]{#case-a}\n\nOn :day[0] :drug[rituximab] :dose[375 mg/m²].\n',
      'b.md': '::case[B]{#case-b}\n\nOn :day[0] :drug[MMF].\n',
    });
    await client.filesChanged([{ uri: client.uri('a.md'), type: 1 }, { uri: client.uri('b.md'), type: 1 }]);
    await client.progressEnded(1);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('publishes on open and on each change, for that version', async () => {
    const uri = client.uri('typo.md');
    const text = '::case[T]{#typo-1}\n\nOn :day[0] she got :drug[rituximap] and :lab[IgG 4,1 g/L].\n';
    await client.open(uri, text, 1);
    assert.deepEqual(codes((await client.diagnosticsFor(uri, 1)).diagnostics), ['bad-number', 'unknown-drug']);
    const p = at(text, 'rituximap', 8);
    await client.change(uri, 2, [{ range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: 'b' }]);
    assert.deepEqual(codes((await client.diagnosticsFor(uri, 2)).diagnostics), ['bad-number']);
  });

  it('honours disable comments', async () => {
    const uri = client.uri('disabled.md');
    await client.open(uri, '::case[D]{#disabled-1}\n\n<!-- casemark-disable-next-line unknown-drug -->\n:drug[foobarzine] on :day[0].\n', 1);
    assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics, []);
  });

  it('keeps cross-file duplicate ids right as files change on disk', async () => {
    const a = client.uri('a.md');
    await client.open(a, '::case[A]{#case-a}\n\nOn :day[0] :drug[rituximab] :dose[375 mg/m²].\n', 1);
    assert.deepEqual((await client.diagnosticsFor(a, 1)).diagnostics, []);
    writeFileSync(path.join(client.root, 'b.md'), '::case[B]{#case-a}\n\nOn :day[0] :drug[MMF].\n');
    await client.filesChanged([{ uri: client.uri('b.md'), type: 2 }]);
    const dup = await client.waitForDiagnostics(a, (p) => p.diagnostics.length > 0);
    assert.deepEqual(codes(dup.diagnostics), ['duplicate-case-id']);
    assert.match(String(dup.diagnostics[0].message), /b\.md:1/);
    writeFileSync(path.join(client.root, 'b.md'), '::case[B]{#case-b}\n');
    await client.filesChanged([{ uri: client.uri('b.md'), type: 2 }]);
    await client.waitForDiagnostics(a, (p) => p.diagnostics.length === 0);
    // An open note that takes the id is flagged too, and clears when closed.
    const c = client.uri('c.md');
    await client.open(c, '::case[C]{#case-a}\n', 1);
    assert.deepEqual(codes((await client.waitForDiagnostics(c, (p) => p.diagnostics.length > 0)).diagnostics), ['duplicate-case-id']);
    await client.waitForDiagnostics(a, (p) => p.diagnostics.length === 1);
    await client.close(c);
    await client.waitForDiagnostics(a, (p) => p.diagnostics.length === 0);
  });

  it('ends a burst of 100 incremental edits with the diagnostics of the final text', async () => {
    const uri = client.uri('burst.md');
    let text = 'On :day[0] she got :drug[] and :lab[CK 1 U/L].\n';
    await client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1);
    const letters = 'rituximabzx ';
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let v = 2; v <= 101; v++) {
      const label = text.indexOf(':drug[') + 6;
      const end = text.indexOf(']', label);
      const offset = label + Math.floor(rand() * (end - label + 1));
      const ch = letters[Math.floor(rand() * letters.length)];
      const pos = positionAt(text, offset);
      text = text.slice(0, offset) + ch + text.slice(offset);
      void client.change(uri, v, [{ range: { start: pos, end: pos }, text: ch }]);
    }
    const final = await client.diagnosticsFor(uri, 101);
    const fresh = client.uri('burst-copy.md');
    await client.open(fresh, text, 1);
    const expected = await client.diagnosticsFor(fresh, 1);
    assert.deepEqual(final.diagnostics, expected.diagnostics);
  });

  it('survives a note that is not Markdown at all', async () => {
    const uri = client.uri('garbage.md');
    const text = randomBytes(8192).toString('latin1') + '\n:drug[' + randomBytes(512).toString('binary');
    await client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1);
    await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } });
    await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 10, character: 2 } });
    assert.ok(client.alive);
  });
});

describe('severities, size limit and pull diagnostics', () => {
  it('merges casemark.severity over .casemark/config.json', async () => {
    const client = await TestClient.start({ settings: { severity: { 'outside-case': 'off' } } });
    writeFiles(client.root, { '.casemark/config.json': JSON.stringify({ severity: { 'unknown-drug': 'error', 'outside-case': 'hint' } }) });
    await client.filesChanged([{ uri: client.uri('.casemark/config.json'), type: 1 }]);
    const uri = client.uri('sev.md');
    await client.open(uri, ':drug[rituximab] first.\n\n::case[S]{#sev-1}\n\n:drug[foobarzine] on :day[0].\n', 1);
    const ds = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'unknown-drug' && d.severity === 1));
    assert.deepEqual(codes(ds.diagnostics), ['unknown-drug'], 'outside-case switched off by the client setting');
    assert.equal(await client.stop(), 0);
  });

  it('replaces the analysis of a note above casemark.maxFileSize by one diagnostic', async () => {
    const client = await TestClient.start({ settings: { maxFileSize: 2000 } });
    const uri = client.uri('big.md');
    await client.open(uri, ':drug[foobarzine] on :day[0].\n'.repeat(200), 1);
    const ds = (await client.diagnosticsFor(uri, 1)).diagnostics;
    assert.deepEqual(codes(ds), ['note-too-large']);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } }), null);
    assert.equal(await client.stop(), 0);
  });

  it('answers textDocument/diagnostic and does not push when the client pulls', async () => {
    const capabilities = { ...DEFAULT_CAPABILITIES, textDocument: { ...DEFAULT_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false } } };
    const client = await TestClient.start({ capabilities });
    const uri = client.uri('pull.md');
    await client.open(uri, '::case[P]{#pull-1}\n\n:drug[foobarzine] on :day[0].\n', 1);
    const report = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(codes(report.kind === 'full' ? report.items : []), ['unknown-drug']);
    // A request after the open has been handled: any push would have arrived before its answer.
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.equal(client.diagnostics.has(uri), false);
    assert.equal(await client.stop(), 0);
  });
});
