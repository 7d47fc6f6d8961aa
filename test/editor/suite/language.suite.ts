// The language features a curator sees in the editor, through VS Code's own command API:
// diagnostics, completion, hover and quick fixes from the CaseMark language server.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { diagnosticWithCode, exampleUri, hoverText, openNote, positionOf, serverReady, writeNote } from './helpers.ts';

const misspelled = (id: string) => `---
title: Editor test note
---

::case[Misspelled drug]{#${id} age=45 sex=F}

On :day[0] she received :drug[daratumumabb]{role=therapy} :dose[1800 mg]{route=sc}.
`;

suite('CaseMark language features', () => {
  suiteSetup(async () => {
    await serverReady();
  });

  test('a misspelled drug gets an unknown-drug warning on its directive', async () => {
    const editor = await writeNote('misspelled.md', misspelled('editor-misspelled'));
    const d = await diagnosticWithCode(editor.document.uri, 'unknown-drug');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(editor.document.getText(d.range), /daratumumabb/);
    assert.equal(d.range.start.line, 6);
  });

  test('completion inside :drug[ offers lexicon names', async () => {
    const editor = await writeNote('complete.md', '::case[Completion]{#editor-complete}\n\nOn :day[0] she received :drug[].\n');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      positionOf(editor.document, ':drug[]', ':drug['.length),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).toLowerCase());
    for (const name of ['daratumumab', 'tocilizumab']) {
      assert.ok(labels.some((l) => l.includes(name)), `completion offers ${name} (got ${labels.slice(0, 10).join(', ')}…)`);
    }
  });

  test('hover on a lab shows the normalized value, its LOINC code and its day', async () => {
    const editor = await openNote(exampleUri('mueller-2025-bcma.md'));
    const pos = positionOf(editor.document, ':lab[CK 2,400 U/L]{uln=170}', 3);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos));
    assert.match(text, /2[,\u202f\u2009 ]?400\s*U\/L/);
    assert.match(text, /2157-6/);
    assert.match(text, /\b274\b/);
  });

  test('the quick fix for a misspelled drug replaces it with the lexicon name', async () => {
    const editor = await writeNote('quickfix.md', misspelled('editor-quickfix'));
    const doc = editor.document;
    const d = await diagnosticWithCode(doc.uri, 'unknown-drug');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value, 10,
    );
    const fix = actions.find((a): a is vscode.CodeAction => 'edit' in a && a.edit !== undefined && /daratumumab\b/.test(a.title));
    assert.ok(fix, `a quick fix to daratumumab (got: ${actions.map((a) => a.title).join(' | ')})`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    assert.match(doc.lineAt(6).text, /:drug\[daratumumab\]\{role=therapy\}/);
    assert.doesNotMatch(doc.getText(), /daratumumabb/);
  });
});
