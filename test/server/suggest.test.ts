// Suggested annotations as code actions, over stdio as an editor asks for them: one at the
// cursor, all of a selection, a block or the note (each one edit), and the other occurrences
// of a drug the curator has just annotated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { applyEdits, at, TestClient } from './client.ts';

const NOTE = `::case[Plain text]{#p-1}

On day 0 she received ide-cel 450 × 10^6 cells; CK 2,400 U/L by week 3.
Tacrolimus was stopped.

She had had tacrolimus and MMF before; \`tacrolimus\` in code stays.

| Day | Drug |
| --- | --- |
| month 9 | rituximab 1000 mg |
`;

describe('suggestion code actions', () => {
  let client: TestClient;
  const uri = () => client.uri('note.md');
  let version = 1;

  before(async () => {
    client = await TestClient.start();
    await client.open(uri(), NOTE, version);
    await client.diagnosticsFor(uri(), version);
  });
  after(async () => {
    await client.stop();
  });

  const actions = (text: string, start: { line: number; character: number }, end = start, only?: string[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri() },
      range: { start, end },
      context: { diagnostics: [], ...(only ? { only } : {}) },
    });
  const titles = (list: CodeAction[]) => list.map((a) => a.title);
  const apply = (text: string, a: CodeAction) => applyEdits(text, a.edit!.changes![uri()]);

  it('offers "Annotate … as :kind" at the cursor, the only one preferred', async () => {
    const list = await actions(NOTE, at(NOTE, 'ide-cel', 2));
    const one = list.find((a) => a.title === 'Annotate "ide-cel" as :drug');
    assert.ok(one, titles(list).join(' | '));
    assert.equal(one.kind, 'refactor.rewrite.annotate');
    assert.equal(one.isPreferred, true);
    assert.match(apply(NOTE, one), /received :drug\[ide-cel\] 450/);
    const lab = (await actions(NOTE, at(NOTE, 'CK 2,400', 4))).find((a) => a.title === 'Annotate "CK 2,400 U/L" as :lab');
    assert.ok(lab);
    const day = (await actions(NOTE, at(NOTE, 'month 9', 1))).find((a) => a.title === 'Annotate "month 9" as :day');
    assert.ok(day);
  });

  it('wraps every suggestion of the selection, the block and the note, each in one edit', async () => {
    const sel = await actions(NOTE, at(NOTE, 'On day 0'), at(NOTE, 'cells;', 5));
    const inSel = sel.find((a) => a.title === 'Annotate the 3 suggestions in the selection');
    assert.ok(inSel, titles(sel).join(' | '));
    assert.match(apply(NOTE, inSel), /On :day\[day 0\] she received :drug\[ide-cel\] :dose\[450 × 10\^6 cells\]; CK 2,400 U\/L/);

    const block = (await actions(NOTE, at(NOTE, 'On day 0'))).find((a) => a.title === 'Annotate the 6 suggestions in this block');
    assert.ok(block);
    assert.match(apply(NOTE, block), /:lab\[CK 2,400 U\/L\] by :day\[week 3\]\.\n:drug\[Tacrolimus\] was stopped/);

    const all = (await actions(NOTE, at(NOTE, 'Plain'), undefined, ['source'])).find((a) => a.kind === 'source.annotateAll.casemark');
    assert.ok(all);
    assert.equal(all.title, 'Annotate all 11 suggestions in the note');
    const wrapped = apply(NOTE, all);
    assert.match(wrapped, /`tacrolimus` in code stays/);
    assert.match(wrapped, /\| :day\[month 9\] \| :drug\[rituximab\] :dose\[1000 mg\] \|/);

    // The wrapped note analyzes without errors.
    version++;
    await client.change(uri(), version, [{ text: wrapped }]);
    const diags: PublishDiagnosticsParams = await client.diagnosticsFor(uri(), version);
    assert.deepEqual(diags.diagnostics.filter((d) => d.severity === 1).map((d) => d.message), []);
    assert.deepEqual(await actions(wrapped, at(wrapped, 'Plain'), undefined, ['source']), []);
    version++;
    await client.change(uri(), version, [{ text: NOTE }]);
  });

  it('after the curator annotates a name, offers to annotate its other occurrences', async () => {
    const annotated = NOTE.replace('She had had tacrolimus', 'She had had :drug[tacrolimus]{role=prior}');
    version++;
    await client.change(uri(), version, [{ text: annotated }]);
    await client.diagnosticsFor(uri(), version);
    const list = await actions(annotated, at(annotated, ':drug[tacrolimus]', 3));
    const others = list.find((a) => a.title.startsWith('Annotate the 1 other occurrence'));
    assert.ok(others, titles(list).join(' | '));
    assert.equal(others.title, 'Annotate the 1 other occurrence of "tacrolimus" as :drug');
    const after = apply(annotated, others);
    assert.match(after, /:drug\[Tacrolimus\] was stopped/);
    assert.match(after, /`tacrolimus` in code stays/);

    // A name the lexicon does not know: its other spellings, with the id that named it.
    const unknown = 'Zorbimab was given; later :drug[zorbimab]{id=rituximab} and ZORBIMAB again.\n';
    version++;
    await client.change(uri(), version, [{ text: unknown }]);
    await client.diagnosticsFor(uri(), version);
    const u = (await actions(unknown, at(unknown, ':drug[zorbimab]', 2))).find((a) => a.title.startsWith('Annotate the 2 other occurrences'));
    assert.ok(u);
    assert.equal(apply(unknown, u), ':drug[Zorbimab]{id=rituximab} was given; later :drug[zorbimab]{id=rituximab} and :drug[ZORBIMAB]{id=rituximab} again.\n');
  });
});
