// Suggested annotations as a curator accepts them in the editor: the code action at the
// cursor wraps one word, and "Review Suggested Annotations…" wraps every suggestion of the
// note in one edit that one undo takes back. Both read the language server's actions.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { CaseMarkApi } from '../../../client/src/extension.ts';
import { casemark, positionOf, serverReady, writeNote } from './helpers.ts';

const REVIEW = 'casemark.reviewSuggestions';
const ANNOTATE_ALL = vscode.CodeActionKind.Source.append('annotateAll').append('casemark');

const plain = (id: string) => `---
title: Suggestions in the editor
---

::case[Refractory antisynthetase syndrome]{#${id} age=41 sex=F}

After fludarabine 25 mg/m2 on days -5 to -3, she received CAR T cells on day 0.
Tocilizumab 8 mg/kg was given on day 2. CK 2,400 U/L at baseline fell to CK 95 U/L by month 3.
`;

type Action = vscode.CodeAction | vscode.Command;
const isEdit = (a: Action): a is vscode.CodeAction & { edit: vscode.WorkspaceEdit } => 'edit' in a && a.edit !== undefined;

function codeActions(doc: vscode.TextDocument, range: vscode.Range, kind: vscode.CodeActionKind): Thenable<Action[]> {
  return vscode.commands.executeCommand<Action[]>('vscode.executeCodeActionProvider', doc.uri, range, kind.value);
}

/** The texts the server still suggests for the note (its "annotate all" source action). */
async function suggested(doc: vscode.TextDocument): Promise<string[]> {
  const actions = await codeActions(doc, new vscode.Range(0, 0, doc.lineCount, 0), ANNOTATE_ALL);
  const all = actions.find(isEdit);
  return (all?.edit.get(doc.uri) ?? []).map((e) => e.newText);
}

suite('CaseMark suggested annotations', () => {
  suiteSetup(async () => {
    await serverReady();
  });

  test('the code action at the cursor wraps the word as :drug, and the server suggests it no more', async () => {
    const editor = await writeNote('suggest-one.md', plain('editor-suggest-one'));
    const doc = editor.document;
    const at = positionOf(doc, 'fludarabine', 3);
    const actions = await codeActions(doc, new vscode.Range(at, at), vscode.CodeActionKind.RefactorRewrite);
    const annotate = actions.filter(isEdit).find((a) => a.title === 'Annotate "fludarabine" as :drug');
    assert.ok(annotate, `"Annotate "fludarabine" as :drug" is offered (got: ${actions.map((a) => a.title).join(' | ')})`);
    assert.equal(annotate.isPreferred, true, 'the only suggestion under the cursor is the preferred action');
    assert.ok(actions.some((a) => /^Annotate the \d+ suggestions in this block$/.test(a.title)), 'the block action is offered too');

    assert.equal(await vscode.workspace.applyEdit(annotate.edit), true);
    assert.match(doc.lineAt(positionOf(doc, 'After ', 0).line).text, /^After :drug\[fludarabine\] 25 mg\/m2 on days -5 to -3,/);
    const left = await suggested(doc);
    assert.ok(!left.some((t) => t.includes('fludarabine')), `fludarabine is no longer suggested (${left.join(', ')})`);
    assert.ok(left.includes(':dose[25 mg/m2]'), `its dose still is (${left.join(', ')})`);
  });

  test('Review Suggested Annotations wraps every suggestion in one edit, and one undo takes it back', async () => {
    const text = plain('editor-suggest-all');
    const editor = await writeNote('suggest-all.md', text);
    const doc = editor.document;
    const before = await suggested(doc);
    assert.ok(before.length >= 10, `the note has its suggestions (${before.join(', ')})`);

    // { all: true } accepts without the quick pick (the UI test ticks through it on screen).
    const wrapped = await vscode.commands.executeCommand<number>(REVIEW, { all: true });
    assert.equal(wrapped, before.length);
    const after = doc.getText();
    for (const directive of [':drug[fludarabine]', ':dose[25 mg/m2]', ':day[days -5 to -3]', ':drug[Tocilizumab]', ':dose[8 mg/kg]', ':lab[CK 2,400 U/L]', ':day[month 3]']) {
      assert.ok(after.includes(directive), `the note now has ${directive}`);
    }
    assert.deepEqual(await suggested(doc), [], 'nothing is left to suggest');

    // Accepted suggestions bring no problem: the server's analysis of the new text (asked after
    // the edit reached it) holds them all, without an error or warning.
    const api = (await casemark()).exports as CaseMarkApi;
    const analysis = await api.server.cases(doc.uri);
    assert.ok(analysis, 'the server analyzed the note');
    assert.equal(analysis.version, doc.version);
    const annotations = analysis.document.cases.reduce((n, c) => n + c.annotations.length, 0);
    assert.equal(annotations, before.length);
    assert.deepEqual(analysis.document.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'), []);

    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), text, 'one undo restores the plain text');
  });
});
