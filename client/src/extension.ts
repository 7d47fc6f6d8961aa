// CaseMark for VS Code: starts the language server, shows the active note's counts in the
// status bar, registers the commands and the summary panel, and extends the Markdown preview.
import * as vscode from 'vscode';
import { CohortPanel } from './cohortPanel.ts';
import { registerCommands } from './commands.ts';
import { join } from 'node:path';
import type { extendMarkdownIt as ExtendMarkdownIt } from './preview/markdownItPlugin.ts';
import { PreviewBridge } from './previewBridge.ts';
import { CaseMarkServer } from './server.ts';
import { StatusBar } from './statusBar.ts';
import { SummaryPanel } from './summaryPanel.ts';
import { newCaseNote } from './newNote.ts';
import { checkWorkspace } from './checkWorkspace.ts';
import { REVIEW_COMMAND, reviewSuggestions, SuggestionStatus } from './suggestions.ts';

// The preview plugin (markdown-it-directive and the chips' presentation) is its own bundle,
// loaded when the Markdown preview first asks for it; its data comes from the language server.
let preview: typeof ExtendMarkdownIt | undefined;
let previewData: PreviewBridge | undefined;
const extendMarkdownIt: typeof ExtendMarkdownIt = (md) => {
  preview ??= (require(join(__dirname, 'preview.js')) as { extendMarkdownIt: typeof ExtendMarkdownIt }).extendMarkdownIt;
  return preview(md, previewData);
};

/** What `activate` returns: the preview hook, and read access for tests. */
export interface CaseMarkApi {
  extendMarkdownIt: typeof ExtendMarkdownIt;
  /** The language server (started on activation); `ready()` resolves once it answers. */
  server: CaseMarkServer;
  /** The open summary panel, if any (its `lastMessage` is what the webview last received). */
  summaryPanel(): SummaryPanel | undefined;
  /** The open cohort view, if any. */
  cohortPanel(): CohortPanel | undefined;
}

export function activate(context: vscode.ExtensionContext): CaseMarkApi {
  const server = new CaseMarkServer(context);
  const suggestions = new SuggestionStatus();
  previewData = new PreviewBridge(server);
  context.subscriptions.push(
    server,
    previewData,
    new StatusBar(server),
    suggestions,
    vscode.commands.registerCommand(REVIEW_COMMAND, async (arg?: unknown) => {
      const n = await reviewSuggestions(arg);
      void suggestions.refresh();
      return n;
    }),
    vscode.commands.registerCommand('casemark.newCaseNote', (arg?: unknown) => newCaseNote(arg)),
    vscode.commands.registerCommand('casemark.checkWorkspace', () => checkWorkspace(server)),
  );
  registerCommands(context, server);
  // Start now (not awaited: the preview hook must not wait for the server).
  void server.ready();
  return { extendMarkdownIt, server, summaryPanel: () => SummaryPanel.instance, cohortPanel: () => CohortPanel.instance };
}

export function deactivate(): void {
  SummaryPanel.instance?.dispose();
  CohortPanel.instance?.dispose();
}
