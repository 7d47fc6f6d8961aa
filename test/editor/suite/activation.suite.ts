// The extension loads in the editor: it activates, registers the commands its manifest
// contributes, and hands back its API.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { Commands } from '../../../protocol/casemark.ts';
import { casemark } from './helpers.ts';

suite('CaseMark activation', () => {
  test('the extension activates and registers its commands', async () => {
    const ext = await casemark();
    assert.equal(ext.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of Object.values(Commands)) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });

  test('every command the manifest contributes is registered', async () => {
    const ext = await casemark();
    const contributed = ((ext.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.includes(Commands.openSummary), 'the manifest contributes CaseMark: Open Summary');
    const commands = await vscode.commands.getCommands(true);
    assert.deepEqual(contributed.filter((id) => !commands.includes(id)), []);
  });
});
