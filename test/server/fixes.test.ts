// Quick fixes for the problems whose fix is knowable, over stdio as an editor asks for them:
// a lab's own units, the case's anchors, the nearest day that reads, an unused case id; and
// "Disable", never preferred, titled with where its comment goes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, at, TestClient, writeFiles } from './client.ts';

const NOTE = `::case[Fixes]{#dup}

CK rose, :lab[CK 95 mg/dL] on :day[3 to 1].
BCMA CAR T on :day[month 20]{#bcma}; CRS on :day[3]{from=bcmaa}; relapse :day[day 35 after].

| Day | Lab |
| --- | --- |
| :day[5]{from=bcma} | :lab[CRP 5 U/L] |
`;

describe('quick fixes for every knowable problem', () => {
  let client: TestClient;
  const uri = () => client.uri('note.md');

  before(async () => {
    client = await TestClient.start();
    writeFiles(client.root, { 'other.md': '::case[Other]{#dup}\n\n:drug[rituximab] on :day[0].\n' });
    await client.filesChanged([{ uri: client.uri('other.md'), type: 1 }]);
    await client.progressEnded(1);
    await client.open(uri(), NOTE);
    await client.waitForDiagnostics(uri(), (p) => p.diagnostics.some((d) => d.code === 'duplicate-case-id'));
  });
  after(async () => {
    await client.stop();
  });

  const fixes = async (code: string, needle: string) => {
    const diags: Diagnostic[] = (client.diagnostics.get(uri())?.diagnostics ?? []).filter((d) => d.code === code);
    const p = at(NOTE, needle, 1);
    const list = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri() }, range: { start: p, end: p }, context: { diagnostics: diags } });
    return list.filter((a) => a.diagnostics?.[0]?.code === code);
  };
  const apply = (a: CodeAction) => applyEdits(NOTE, a.edit!.changes![uri()]);

  it('lab-unit-mismatch: the units the lab is measured in', async () => {
    const list = await fixes('lab-unit-mismatch', ':lab[CK 95');
    const u = list.find((a) => a.title === 'Change the unit to U/L (creatine kinase is measured in it)');
    assert.ok(u, list.map((a) => a.title).join(' | '));
    assert.match(apply(u), /:lab\[CK 95 U\/L\]/);
    const row = await fixes('lab-unit-mismatch', ':lab[CRP');
    assert.ok(row.some((a) => a.title.startsWith('Change the unit to mg/L')));
  });

  it("unknown-anchor: the case's anchors, the near miss preferred", async () => {
    const list = await fixes('unknown-anchor', ':day[3]{from=bcmaa}');
    const use = list.find((a) => a.title === 'Count from the anchor "bcma"');
    assert.ok(use, list.map((a) => a.title).join(' | '));
    assert.equal(use.isPreferred, true);
    assert.match(apply(use), /:day\[3\]\{from=bcma\}/);
  });

  it('bad-day: the nearest expression that reads', async () => {
    const reversed = (await fixes('bad-day', ':day[3 to 1]')).find((a) => a.title === 'Write the day as "1 to 3"');
    assert.ok(reversed);
    assert.match(apply(reversed), /:day\[1 to 3\]/);
    const trailing = await fixes('bad-day', ':day[day 35 after]');
    assert.equal(trailing[0]?.title, 'Write the day as "day 35"', trailing.map((a) => a.title).join(' | '));
  });

  it('duplicate-case-id: an id no case of the workspace uses', async () => {
    const [rename] = (await fixes('duplicate-case-id', '#dup')).filter((a) => a.title.startsWith('Rename'));
    assert.equal(rename.title, 'Rename this case\'s id to "dup-2" (unused in the workspace)');
    assert.equal(rename.isPreferred, true);
    assert.match(apply(rename), /::case\[Fixes\]\{#dup-2\}/);
  });

  it('"Disable" is never preferred and says where its comment goes', async () => {
    const disable = (await fixes('unknown-anchor', ':day[3]{from=bcmaa}')).find((a) => a.title.startsWith('Disable'));
    assert.equal(disable?.title, 'Disable unknown-anchor for this line (comment on the line above)');
    assert.equal(disable?.isPreferred, false);
    assert.match(apply(disable!), /<!-- casemark-disable-next-line unknown-anchor -->\nBCMA CAR T/);
    const row = (await fixes('lab-unit-mismatch', ':lab[CRP')).find((a) => a.title.startsWith('Disable'));
    assert.equal(row?.title, 'Disable lab-unit-mismatch on this row (comment at the end of the row)');
    assert.match(apply(row!), /\| :lab\[CRP 5 U\/L\] \| <!-- casemark-disable-line lab-unit-mismatch -->/);
  });
});
