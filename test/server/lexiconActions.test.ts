// "Add to the workspace lexicon" over stdio, as a plain LSP client (Neovim, Helix) applies
// it: the server's workspace edit creates .casemark/lexicon.json, then extends it; once the
// file is written and the client says so, the warning clears.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, at, DEFAULT_CAPABILITIES, TestClient } from './client.ts';
import { parseLexiconFile } from '../../server/src/core/index.ts';

const NOTE = `::case[New names]{#n-1}

:drug[Zorbimab]{role=therapy} :dose[10 mg] on :day[0]; :lab[Frobnin 12 mg/L] on :day[3].
`;

describe('add to the workspace lexicon', () => {
  let client: TestClient;
  const uri = () => client.uri('note.md');
  const codes = () => (client.diagnostics.get(uri())?.diagnostics ?? []).map((d) => d.code);

  before(async () => {
    client = await TestClient.start({
      capabilities: { ...DEFAULT_CAPABILITIES, workspace: { ...DEFAULT_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
    });
    await client.open(uri(), NOTE);
    await client.diagnosticsFor(uri(), 1);
  });
  after(async () => {
    await client.stop();
  });

  const fixesAt = async (needle: string) => {
    const p = at(NOTE, needle, 2);
    const diagnostics = (client.diagnostics.get(uri())?.diagnostics ?? []).filter((d) => d.range.start.line === p.line);
    return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri() }, range: { start: p, end: p }, context: { diagnostics } });
  };

  it('creates .casemark/lexicon.json with a schema-valid drug entry, and the warning clears', async () => {
    assert.ok(codes().includes('unknown-drug'), codes().join());
    const all = await fixesAt(':drug[Zorbimab]');
    const action = all.find((a) => a.title.startsWith('Add "Zorbimab" to the workspace lexicon'));
    assert.ok(action, all.map((a) => a.title).join(' | ') + client.logs.join('\n'));
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.diagnostics?.[0].code, 'unknown-drug');
    const [create, edit] = action.edit!.documentChanges as [CreateFile, TextDocumentEdit];
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, client.uri('.casemark/lexicon.json'));
    const file = fileURLToPath(create.uri);
    assert.equal(existsSync(file), false);
    const text = (edit.edits[0] as TextEdit).newText;
    const parsed = parseLexiconFile(text, '.casemark/lexicon.json');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.file?.drugs?.[0], {
      key: 'zorbimab', name: 'Zorbimab', synonyms: [], abbreviations: [], brands: [], class: null, targets: [], atc: null, rxcui: null, routes: [], doses: [], sources: [],
    });

    // The client applies the edit and reports the new file.
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    await client.filesChanged([{ uri: create.uri, type: 1 }]);
    const cleared = await client.waitForDiagnostics(uri(), (p) => !p.diagnostics.some((d) => d.code === 'unknown-drug'));
    assert.ok(cleared.diagnostics.some((d) => d.code === 'unknown-lab'), 'the lab is still unknown');
  });

  it('extends the existing file with a lab entry that keeps the unit it was written in', async () => {
    const action = (await fixesAt(':lab[Frobnin')).find((a) => a.title.startsWith('Add "Frobnin" to the workspace lexicon'));
    assert.ok(action);
    const lexiconUri = client.uri('.casemark/lexicon.json');
    const file = fileURLToPath(lexiconUri);
    const before = readFileSync(file, 'utf8');
    const after = applyEdits(before, action.edit!.changes![lexiconUri]);
    const parsed = parseLexiconFile(after, '.casemark/lexicon.json');
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.file?.drugs?.length, 1, 'the drug stays');
    assert.deepEqual(parsed.file?.labs?.[0], {
      key: 'frobnin', name: 'Frobnin', synonyms: [], loinc: null, kind: 'quantity', unit: 'mg/L', units: [], reference: null, plausible: null, molarMass: null, scoreMax: null, sources: [],
    });
    writeFileSync(file, after);
    await client.filesChanged([{ uri: lexiconUri, type: 2 }]);
    const cleared = await client.waitForDiagnostics(uri(), (p) => !p.diagnostics.some((d) => d.code === 'unknown-lab'));
    assert.deepEqual(cleared.diagnostics.filter((d) => d.severity === 1), []);
    assert.deepEqual((await fixesAt(':lab[Frobnin')).filter((a) => a.title.includes('workspace lexicon')), []);
  });
});
