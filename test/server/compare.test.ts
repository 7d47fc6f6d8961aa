// "Compare with another curator's note" over JSON-RPC, as the editor does it: casemark/compare,
// the disagreements as diagnostics, "Take theirs" (an edit) and "Keep mine" (a server command).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { CompareResult } from '../../protocol/casemark.ts';
import { applyEdits, tempDir, TestClient, uriOf, writeFiles } from './client.ts';

// Mine annotates prednisone and a longer lab; theirs gives the dose to prednisone.
const MINE = `::case[Mine]{#p1}

On :day[0] she received :drug[rituximab] at :dose[1000 mg] and :drug[prednisone].

Before treatment :lab[CK 2400 U/L] was high.
`;
const THEIRS = `::case[Theirs]{#p1}

On :day[0] she received :drug[rituximab] at :dose[1000 mg]{drug=prednisone} and prednisone.

Before treatment CK :lab[2400 U/L]{test=CK} was high.
`;

const disagreements = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'curator-disagreement');

describe('casemark/compare', () => {
  let client: TestClient;
  let uri: string;
  let other: string;

  before(async () => {
    client = await TestClient.start();
    // The other curator's note lives outside the workspace folder: its case id is no duplicate.
    writeFiles(client.root, { 'mine.md': MINE });
    const elsewhere = tempDir('casemark-theirs-');
    writeFiles(elsewhere, { 'theirs.md': THEIRS });
    other = uriOf(elsewhere, 'theirs.md');
    await client.progressEnded(1);
    uri = client.uri('mine.md');
    await client.open(uri, MINE, 1);
    await client.diagnosticsFor(uri, 1);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('shows each disagreement as a diagnostic of the note, with the figures in the answer', async () => {
    const r = await client.request<CompareResult>('casemark/compare', { uri, other });
    assert.deepEqual([r.disagreements, r.shown], [3, 3]);
    assert.equal(r.figures?.drug.exactF1, 2 / 3);
    assert.match(r.kappaUnit, /word of the paper/);
    const p = await client.waitForDiagnostics(uri, (x) => disagreements(x).length === 3);
    assert.deepEqual(
      disagreements(p).map((d) => d.message),
      [
        'dose “1000 mg”: drug rituximab ≠ prednisone (compared with theirs.md)',
        'drug “prednisone” only in this note (compared with theirs.md)',
        'lab “CK 2400 U/L” in this note, “2400 U/L” in theirs (compared with theirs.md)',
      ],
    );
  });

  it('"Keep mine" hides a disagreement; "Take theirs" edits the note, which clears it', async () => {
    const p = await client.waitForDiagnostics(uri, (x) => disagreements(x).length === 3);
    const [dose, prednisone, lab] = disagreements(p);
    const actionsAt = (d: (typeof p.diagnostics)[number]) =>
      client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });

    const forDose = (await actionsAt(dose)).filter((a) => a.diagnostics?.some((x) => x.code === 'curator-disagreement' && x.message === dose.message));
    assert.deepEqual(forDose.map((a) => a.title), ['Take theirs', 'Keep mine']);
    const keep = forDose[1].command!;
    await client.request('workspace/executeCommand', { command: keep.command, arguments: keep.arguments });
    const afterKeep = await client.waitForDiagnostics(uri, (x) => disagreements(x).length === 2);
    assert.ok(!disagreements(afterKeep).some((d) => d.message === dose.message));

    // Take theirs for the lab and for prednisone, as the editor applies a code action's edit.
    let text = MINE;
    let version = 1;
    for (const d of [lab, prednisone]) {
      const take = (await actionsAt(d)).find((a) => a.title === 'Take theirs' && a.diagnostics?.[0].message === d.message)!;
      const edits = take.edit!.changes![uri];
      text = applyEdits(text, edits);
      version++;
      await client.change(uri, version, [{ text }]);
      // Positions shift after the first edit: ask again on the fresh diagnostics.
      const fresh = await client.diagnosticsFor(uri, version);
      if (d === lab) {
        assert.equal(disagreements(fresh).length, 1);
        prednisone.range = disagreements(fresh)[0].range;
      } else assert.deepEqual(disagreements(fresh), []);
    }
    assert.equal(text, MINE.replace(':drug[prednisone]', 'prednisone').replace(':lab[CK 2400 U/L]', 'CK :lab[2400 U/L]{test=CK}'));
  });

  it('stops comparing with other: null, and answers a note it cannot read with an error', async () => {
    await client.request<CompareResult>('casemark/compare', { uri, other: null });
    await client.change(uri, 10, [{ text: MINE }]);
    assert.deepEqual(disagreements(await client.diagnosticsFor(uri, 10)), []);
    await assert.rejects(client.request('casemark/compare', { uri, other: client.uri('missing.md') }), /cannot read/);
  });
});
