// "CaseMark: Check Workspace": every note's problems in the Problems panel, with progress,
// then the totals and a "Show Problems" button. The server keeps the closed notes' problems
// until they change.
import * as vscode from 'vscode';
import type { CheckWorkspaceResult } from '../../protocol/casemark.ts';
import type { CaseMarkServer } from './server.ts';

export async function checkWorkspace(server: CaseMarkServer): Promise<CheckWorkspaceResult | undefined> {
  let result: CheckWorkspaceResult | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'CaseMark: checking every note of the workspace', cancellable: true },
      (_progress, token) => server.checkWorkspace(token),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`CaseMark: the check failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const text = `CaseMark: ${n(result.notes, 'note')} checked: ${n(result.errors, 'error')}, ${n(result.warnings, 'warning')}.`;
  const show = result.errors || result.warnings ? 'Show Problems' : undefined;
  const show$ = show ? vscode.window.showInformationMessage(text, show) : vscode.window.showInformationMessage(text);
  void show$.then((picked) => {
    if (picked === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}
