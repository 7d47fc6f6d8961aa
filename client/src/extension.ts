// CaseMark for VS Code: starts the language server, shows the active note's counts in the
// status bar, registers the commands and the summary panel, and extends the Markdown preview.
import * as vscode from 'vscode';
import { CohortPanel } from './cohortPanel.ts';
import { registerCommands } from './commands.ts';
import { extendMarkdownIt } from './preview/markdownItPlugin.ts';
import { CaseMarkServer } from './server.ts';
import { StatusBar } from './statusBar.ts';
import { SummaryPanel } from './summaryPanel.ts';

/** What `activate` returns: the preview hook, and read access for tests. */
export interface CaseMarkApi {
  extendMarkdownIt: typeof extendMarkdownIt;
  /** The language server (started on activation); `ready()` resolves once it answers. */
  server: CaseMarkServer;
  /** The open summary panel, if any (its `lastMessage` is what the webview last received). */
  summaryPanel(): SummaryPanel | undefined;
  /** The open cohort view, if any. */
  cohortPanel(): CohortPanel | undefined;
}

export function activate(context: vscode.ExtensionContext): CaseMarkApi {
  const server = new CaseMarkServer(context);
  context.subscriptions.push(server, new StatusBar(server));
  registerCommands(context, server);
  // Start now (not awaited: the preview hook must not wait for the server).
  void server.ready();
  return { extendMarkdownIt, server, summaryPanel: () => SummaryPanel.instance, cohortPanel: () => CohortPanel.instance };
}

export function deactivate(): void {
  SummaryPanel.instance?.dispose();
  CohortPanel.instance?.dispose();
}
