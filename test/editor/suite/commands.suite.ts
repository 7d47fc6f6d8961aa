// The extension's commands as a curator (or a keybinding) runs them: the summary panel opens
// as a webview tab on the note, and the note export writes exactly what the CLI writes.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { Commands, type OpenSummaryArgs } from '../../../protocol/casemark.ts';
import { casemark, exampleUri, openNote, poll, runCli, serverReady, waitFor, workspaceFolder } from './helpers.ts';

const NOTE = 'mueller-2025-bcma.md';

/** What the extension's API lets a test read of the summary panel. */
interface SummaryApi {
  summaryPanel?: () => { lastMessage?: { type: string; document?: { cases: { id: string }[] } } } | undefined;
}

/** The summary panel's tab once it is titled after `note`. */
function summaryTab(note: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('casemark.summary') && t.label.includes(note));
}

suite('CaseMark commands', () => {
  let outDir = '';
  suiteSetup(async () => {
    await serverReady();
    outDir = mkdtempSync(join(tmpdir(), 'casemark-export-'));
  });
  suiteTeardown(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  test('Open Summary shows a webview tab with the note\'s cases', async () => {
    const editor = await openNote(exampleUri(NOTE));
    const args: OpenSummaryArgs = { uri: editor.document.uri.toString() };
    await vscode.commands.executeCommand(Commands.openSummary, args);
    const tab = await waitFor(vscode.window.tabGroups.onDidChangeTabs, () => summaryTab(NOTE), `a summary webview tab titled after ${NOTE}`);
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    // The webview was sent the note's cases (its DOM is checked by the UI test).
    const api = (await casemark()).exports as SummaryApi | undefined;
    if (api?.summaryPanel) {
      const ids = await poll(() => {
        const msg = api.summaryPanel?.()?.lastMessage;
        return msg?.type === 'update' ? msg.document?.cases.map((c) => c.id) : undefined;
      }, 'the summary panel to receive the note');
      assert.ok(ids.includes('mueller-2025-p1'), `the panel shows case mueller-2025-p1 (got ${ids.join(', ')})`);
    }
    // The note stays open beside it.
    const notes = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText);
    assert.ok(notes.some((t) => (t.input as vscode.TabInputText).uri.path.endsWith(`/${NOTE}`)));
  });

  test('Export Note (json) writes what `casemark export --format json` prints, byte for byte', async () => {
    const ext = await casemark();
    const uri = exampleUri(NOTE);
    const target = join(outDir, 'note.json');
    const outcome = await vscode.commands.executeCommand<{ target: string; annotations: number } | undefined>(
      Commands.exportNote, { format: 'json', uri: uri.toString(), target },
    );
    assert.ok(outcome, 'the export command returned its outcome');
    assert.ok(outcome.annotations > 20, `the note's annotations were exported (${outcome.annotations})`);
    const written = readFileSync(target, 'utf8');
    const parsed = JSON.parse(written) as { format: string; documents: { path: string; cases: { annotations: unknown[] }[] }[] };
    assert.equal(parsed.format, 'casemark-export');
    assert.equal(parsed.documents[0]?.path, NOTE);
    // The server's workspace root is the workspace folder: run the CLI there.
    const cli = runCli(ext.extensionPath, ['export', NOTE, '--format', 'json'], workspaceFolder().fsPath);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(written, cli.stdout);
  });

  test('Export Note (brat) writes into a folder the files `casemark export --format brat --out DIR` writes', async () => {
    const ext = await casemark();
    const uri = exampleUri(NOTE);
    const target = join(outDir, 'brat-editor');
    const outcome = await vscode.commands.executeCommand<{ target: string; annotations: number } | undefined>(
      Commands.exportNote, { format: 'brat', uri: uri.toString(), target },
    );
    assert.ok(outcome, 'the export command returned its outcome');
    const cliOut = join(outDir, 'brat-cli');
    const cli = runCli(ext.extensionPath, ['export', NOTE, '--format', 'brat', '--out', cliOut], workspaceFolder().fsPath);
    assert.equal(cli.status, 0, cli.stderr);
    const files = readdirSync(cliOut).sort();
    assert.deepEqual(readdirSync(target).sort(), files);
    for (const f of files) assert.equal(readFileSync(join(target, f), 'utf8'), readFileSync(join(cliOut, f), 'utf8'), f);
  });
});
