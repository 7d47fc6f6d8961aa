// What concerns the whole workspace, as a curator meets it in the editor: "Add to the
// workspace lexicon" writes a schema-valid .casemark/lexicon.json and the unknown-drug
// warning clears; "CaseMark: Check Workspace" fills Problems with the problems of notes that
// were never opened.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import { Commands, type CheckWorkspaceResult } from '../../../protocol/casemark.ts';
import { casemark, codeOf, diagnosticWithCode, positionOf, serverReady, waitFor, workspaceFolder, writeNote } from './helpers.ts';

const NEW_DRUG = `::case[A drug no lexicon knows]{#editor-lexicon age=38 sex=M}

On :day[0] he received :drug[Zorbimab]{role=therapy} :dose[10 mg/kg]{route=iv}.
`;

/** The notes of test/editor/workspace/unopened/ (in the workspace from the start, never
 * opened by any test) and the problem each has. */
const UNOPENED: Record<string, string> = {
  'lee-2024-myositis.md': 'lab-unit-mismatch',
  'kim-2023-anchor.md': 'unknown-anchor',
};

suite('CaseMark workspace lexicon and Check Workspace', () => {
  suiteSetup(async () => {
    await serverReady();
  });

  test('"Add to the workspace lexicon" writes a schema-valid .casemark/lexicon.json, and the warning clears', async () => {
    const ext = await casemark();
    const editor = await writeNote('lexicon-add.md', NEW_DRUG);
    const doc = editor.document;
    const warning = await diagnosticWithCode(doc.uri, 'unknown-drug');
    assert.equal(doc.getText(warning.range), 'Zorbimab');
    const lexiconUri = vscode.Uri.joinPath(workspaceFolder(), '.casemark', 'lexicon.json');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(lexiconUri)), 'the workspace has no lexicon file yet');

    const at = positionOf(doc, 'Zorbimab', 2);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, new vscode.Range(at, at), vscode.CodeActionKind.QuickFix.value,
    );
    const add = actions.find((a): a is vscode.CodeAction => 'edit' in a && a.title.startsWith('Add "Zorbimab" to the workspace lexicon'));
    assert.ok(add?.edit, `the quick fix is offered (got: ${actions.map((a) => a.title).join(' | ')})`);

    // As the light bulb applies it: a refactoring, saved by VS Code (files.refactoring.autoSave).
    const cleared = waitFor(
      vscode.languages.onDidChangeDiagnostics,
      () => (vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'unknown-drug') ? undefined : true),
      'the unknown-drug warning to clear',
    );
    assert.equal(await vscode.workspace.applyEdit(add.edit, { isRefactoring: true }), true);
    await cleared;

    const written = readFileSync(lexiconUri.fsPath, 'utf8');
    const lexicon = JSON.parse(written) as { drugs?: { key: string; name: string }[] };
    const schema = JSON.parse(readFileSync(join(ext.extensionPath, 'server', 'data', 'lexicon.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
    assert.equal(validate(lexicon), true, JSON.stringify(validate.errors));
    assert.deepEqual(lexicon.drugs?.map((d) => d.name), ['Zorbimab']);
    assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.toString() === lexiconUri.toString())?.isDirty ?? false, false, 'nothing is left unsaved');
  });

  test('Check Workspace fills Problems with the problems of notes that were never opened', async () => {
    const uris = Object.keys(UNOPENED).map((name) => vscode.Uri.joinPath(workspaceFolder(), 'unopened', name));
    for (const uri of uris) {
      await vscode.workspace.fs.stat(uri); // it is there
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), `${uri.path} is not open`);
      assert.deepEqual(vscode.languages.getDiagnostics(uri), [], `no problem of ${uri.path} is listed before the check`);
    }

    const result = await vscode.commands.executeCommand<CheckWorkspaceResult | undefined>(Commands.checkWorkspace);
    assert.ok(result, 'the check returned its totals');
    // The examples, the notes the other tests wrote, and these two.
    assert.ok(result.notes >= 3 + uris.length, `every note was checked (${result.notes})`);
    assert.ok(result.errors >= uris.length, `the unopened notes' errors are counted (${result.errors})`);

    for (const [i, uri] of uris.entries()) {
      const code = Object.values(UNOPENED)[i]!;
      const d = await diagnosticWithCode(uri, code);
      assert.equal(d.source, 'casemark');
      assert.ok(!vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === uri.toString()), `${uri.path} is still not open`);
    }
    // Clean notes get nothing: the examples are listed with no problem.
    for (const name of ['mueller-2024-case-series.md', 'antisynthetase-2023-two-cases.md']) {
      assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.joinPath(workspaceFolder(), name)).map((d) => d.message), [], name);
    }
  });
});
