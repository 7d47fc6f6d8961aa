// Hosts the summary panel: one webview beside the editor per window, following the active
// Markdown note, updated (debounced) as it changes, and revealing ranges the webview asks for.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { OpenSummaryArgs } from '../../protocol/casemark.ts';
import type { CaseMarkServer } from './server.ts';
import { webviewPage } from './webviewPage.ts';
import { isNote } from './statusBar.ts';
import type { FromWebview, ToWebview } from './webview/messages.ts';

const DEBOUNCE_MS = 300;

export class SummaryPanel implements vscode.Disposable {
  static readonly viewType = 'casemark.summary';
  private static current: SummaryPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private uri: vscode.Uri | undefined;
  private pendingCase: string | undefined;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  /** The last message posted, for tests that drive the panel without reading the webview. */
  lastMessage: ToWebview | undefined;

  /** Opens (or reveals) the panel on `args.uri`, else on the active Markdown note. */
  static show(context: vscode.ExtensionContext, server: CaseMarkServer, args?: OpenSummaryArgs): SummaryPanel {
    const uri = args?.uri ? vscode.Uri.parse(args.uri) : activeNote();
    let panel = SummaryPanel.current;
    if (panel) {
      panel.panel.reveal(undefined, true);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        SummaryPanel.viewType,
        'CaseMark Summary',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          retainContextWhenHidden: true,
          localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'client', 'out'), vscode.Uri.joinPath(context.extensionUri, 'media')],
        },
      );
      panel = SummaryPanel.current = new SummaryPanel(webviewPanel, context, server);
    }
    panel.follow(uri, args?.caseId);
    return panel;
  }

  static get instance(): SummaryPanel | undefined {
    return SummaryPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly server: CaseMarkServer,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewPage(panel.webview, context.extensionUri, { script: 'webview.js', title: 'CaseMark Summary', main: '<main id="root" aria-live="off"><p id="loading">Loading the summary…</p></main>', fonts: true });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (isNote(editor?.document) && editor.document.uri.toString() !== this.uri?.toString()) this.follow(editor.document.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.uri?.toString()) this.schedule(DEBOUNCE_MS);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (this.uri && e.uris.some((u) => u.toString() === this.uri!.toString())) this.schedule(DEBOUNCE_MS);
      }),
      server.onDidRestart(() => this.schedule(0)),
    );
  }

  private follow(uri: vscode.Uri | undefined, caseId?: string): void {
    this.uri = uri;
    this.pendingCase = caseId;
    this.panel.title = uri ? `CaseMark: ${basename(uri.path)}` : 'CaseMark Summary';
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  /** Asks the server for the followed note and posts it; a stale answer is dropped. */
  async refresh(): Promise<void> {
    if (!this.ready) return; // the webview asks with 'ready' once it listens
    const seq = ++this.seq;
    const uri = this.uri;
    if (!uri) {
      await this.post({ type: 'empty', message: 'Open a Markdown case note to see its summary.' });
      return;
    }
    const result = await this.server.cases(uri);
    if (seq !== this.seq) return;
    if (!result) {
      await this.post({ type: 'empty', message: `No CaseMark analysis for ${basename(uri.path)} (is the language server running? See the CaseMark output).` });
      return;
    }
    const caseId = this.pendingCase;
    this.pendingCase = undefined;
    await this.post({ type: 'update', uri: uri.toString(), fileName: basename(uri.path), document: result.document, drugNames: result.drugNames, ...(caseId ? { caseId } : {}) });
  }

  private async post(message: ToWebview): Promise<void> {
    this.lastMessage = message;
    await this.panel.webview.postMessage(message);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    if (message?.type === 'ready') {
      this.ready = true;
      await this.refresh();
    } else if (message?.type === 'reveal') {
      await reveal(vscode.Uri.parse(message.uri), message.range);
    }
  }

  dispose(): void {
    if (SummaryPanel.current === this) SummaryPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function activeNote(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (isNote(doc)) return doc.uri;
  // The panel itself may be active: fall back to a visible note.
  return vscode.window.visibleTextEditors.map((e) => e.document).find(isNote)?.uri;
}

/** Selects `range` in the note, in the editor column that shows it (else the first column). */
export async function reveal(uri: vscode.Uri, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<vscode.TextEditor> {
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const doc = visible?.document ?? (await vscode.workspace.openTextDocument(uri));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection, preserveFocus: false });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

