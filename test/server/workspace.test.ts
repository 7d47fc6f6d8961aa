// The workspace side: lexicons reloaded when they change (a broken one is reported on
// itself and the last good one stays in use), excluded folders, the content cache that
// makes a restart fast, and open notes answered while the rest is indexed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Hover, SymbolInformation } from 'vscode-languageserver-protocol';
import { tempDir, TestClient, writeFiles } from './client.ts';

const LEXICON = {
  drugs: [{ key: 'zorbimab', name: 'zorbimab', synonyms: [], abbreviations: ['ZRB'], brands: [], class: 'test antibody', targets: ['CD99'], atc: null, rxcui: null, routes: ['iv'], doses: [], sources: ['test'] }],
};

function notes(count: number, casesEach: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    let text = `# Series ${i}\n\n`;
    for (let c = 0; c < casesEach; c++) {
      text += `::case[Case ${i}-${c}]{#ws-${i}-${c} age=50 sex=M}\n\nOn :day[0] :drug[MB-CART19.1]{role=therapy} at :dose[1.0 × 10^6 cells/kg].\nBy :day[month 3] :lab[CK 2,400 U/L]{uln=170}, :drug[tocilizumab] on :day[3].\n\n`;
    }
    out[`notes/n${String(i).padStart(4, '0')}.md`] = text;
  }
  return out;
}

describe('workspace', () => {
  it('reports a broken lexicon on the lexicon file and keeps the last good one', async () => {
    const client = await TestClient.start();
    const lexPath = path.join(client.root, '.casemark', 'lexicon.json');
    const lexUri = client.uri('.casemark/lexicon.json');
    writeFiles(client.root, { '.casemark/lexicon.json': JSON.stringify(LEXICON, null, 2) });
    await client.filesChanged([{ uri: lexUri, type: 1 }]);
    const uri = client.uri('z.md');
    await client.open(uri, '::case[Z]{#z-1}\n\nOn :day[0] :drug[ZRB] was given.\n', 1);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 14 } });
    assert.match((hover.contents as { value: string }).value, /zorbimab/);

    writeFileSync(lexPath, '{ "drugs": [ { "key": "zorbimab", ');
    await client.filesChanged([{ uri: lexUri, type: 2 }]);
    const broken = await client.waitForDiagnostics(lexUri, (p) => p.diagnostics.length > 0);
    assert.equal(broken.diagnostics[0].code, 'lexicon-error');
    assert.equal(broken.diagnostics[0].severity, 1);
    const still = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 14 } });
    assert.match((still.contents as { value: string }).value, /zorbimab/, 'last good lexicon still in use');

    writeFileSync(lexPath, JSON.stringify({ drugs: [{ ...LEXICON.drugs[0], abbreviations: [] }] }));
    await client.filesChanged([{ uri: lexUri, type: 2 }]);
    await client.waitForDiagnostics(lexUri, (p) => p.diagnostics.length === 0);
    const unknown = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'unknown-drug'));
    assert.ok(unknown, 'the fixed lexicon is reloaded: ZRB is no longer a name of zorbimab');
    assert.ok(client.alive);
    assert.equal(await client.stop(), 0);
  });

  it('leaves out excluded globs and node_modules', async () => {
    const root = tempDir();
    writeFiles(root, { 'kept.md': '::case[K]{#kept-1}\n', 'drafts/d.md': '::case[D]{#draft-1}\n', 'node_modules/x/y.md': '::case[N]{#nm-1}\n' });
    const client = await TestClient.start({ root, settings: { exclude: ['drafts/**'] } });
    await client.progressEnded(1);
    const ids = (await client.request<SymbolInformation[]>('workspace/symbol', { query: '' })).map((s) => s.name);
    assert.deepEqual(ids, ['kept-1']);
    assert.equal(await client.stop(), 0);
  });

  it('answers an open note while indexing, and restarts from the cache', async () => {
    const root = tempDir();
    const cacheFolder = tempDir('casemark-cache-');
    writeFiles(root, notes(300, 12));
    const first = await TestClient.start({ root, cacheFolder });
    const uri = first.uri('open.md');
    await first.open(uri, '::case[O]{#open-1}\n\nOn :day[0] :drug[MMF] was stopped.\n', 1);
    const hover = await first.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 18 } });
    assert.match((hover.contents as { value: string }).value, /mycophenolate mofetil/);
    assert.equal(first.endedProgresses, 0, 'answered before the index finished');
    await first.progressEnded(1);
    const symbols = await first.request<SymbolInformation[]>('workspace/symbol', { query: 'ws-299-11' });
    assert.ok(symbols.some((s) => s.name === 'ws-299-11'));
    assert.ok(first.logs.some((l) => /indexed 300 notes .*300 analyzed, 0 from cache/.test(l)), first.logs.join('\n'));
    assert.equal(await first.stop(), 0);

    const second = await TestClient.start({ root, cacheFolder });
    await second.progressEnded(1);
    assert.ok(second.logs.some((l) => /indexed 300 notes .*0 analyzed, 300 from cache/.test(l)), second.logs.join('\n'));
    const again = await second.request<SymbolInformation[]>('workspace/symbol', { query: 'ws-299-11' });
    assert.deepEqual(again, symbols);
    assert.equal(await second.stop(), 0);
  });
});
