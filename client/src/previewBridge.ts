// Feeds the Markdown preview's chips from the language server: when the preview renders a note
// whose analysis (of that very text) the client does not hold, it asks the server
// (`casemark/cases`, as the summary panel does), keeps the answer, and refreshes the preview
// once it has new data. An edit of a previewed note asks again after a short pause.
import * as vscode from 'vscode';
import { documentUri, PreviewCache, type PreviewDataSource } from './preview/previewData.ts';
import type { CaseMarkServer } from './server.ts';

/** Typing sends one request per pause, not one per keystroke. */
const EDIT_DELAY_MS = 300;

export class PreviewBridge implements PreviewDataSource, vscode.Disposable {
  private readonly cache = new PreviewCache();
  private readonly inFlight = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly server: CaseMarkServer) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        const uri = e.document.uri.toString();
        if (!this.cache.has(uri)) return; // not a previewed note
        clearTimeout(this.timers.get(uri));
        this.timers.set(uri, setTimeout(() => void this.fetch(uri), EDIT_DELAY_MS));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
    ];
  }

  lookup(src: string, env: unknown): ReturnType<PreviewDataSource['lookup']> {
    const uri = documentUri(env);
    if (!uri) return undefined;
    const data = this.cache.get(uri, src);
    if (!data) void this.fetch(uri);
    return data;
  }

  /** Asks the server for the note's analysis; once more, after a pause, if it answers for an older text. */
  private async fetch(uri: string, retried = false): Promise<void> {
    if (this.inFlight.has(uri)) return;
    this.inFlight.add(uri);
    try {
      const parsed = vscode.Uri.parse(uri);
      const result = await this.server.cases(parsed);
      if (!result) return;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      // Only an answer for the text as it is now: an older one would misplace values.
      if (open && result.version !== null && open.version !== result.version) {
        if (!retried) this.timers.set(uri, setTimeout(() => void this.fetch(uri, true), EDIT_DELAY_MS));
        return;
      }
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(parsed));
      if (this.cache.set(uri, text, result)) await vscode.commands.executeCommand('markdown.preview.refresh');
    } catch {
      // No data: the chips stay plain.
    } finally {
      this.inFlight.delete(uri);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}
