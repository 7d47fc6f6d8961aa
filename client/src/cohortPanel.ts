// Hosts the cohort view: every case of the workspace (or of one folder) from the language
// server's workspace export, redrawn (debounced) when notes are saved; a click on a case
// opens its note on the `::case` line with the summary panel on that case.
import * as vscode from 'vscode';
import { Commands, type ExportDocument } from '../../protocol/casemark.ts';
import type { CaseMarkServer } from './server.ts';
import { webviewPage } from './webviewPage.ts';
import { buildCohort } from './webview/cohortModel.ts';
import type { FromCohort, ToCohort } from './webview/messages.ts';

const REFRESH_MS = 1000;

export class CohortPanel implements vscode.Disposable {
  static readonly viewType = 'casemark.cohort';
  private static current: CohortPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  /** The last message posted, for tests. */
  lastMessage: ToCohort | undefined;

  /** Opens (or reveals) the cohort view over the workspace, or over `folder`. */
  static show(context: vscode.ExtensionContext, server: CaseMarkServer, folder?: vscode.Uri): CohortPanel {
    let panel = CohortPanel.current;
    if (panel) panel.panel.reveal();
    else {
      const webviewPanel = vscode.window.createWebviewPanel(CohortPanel.viewType, 'CaseMark Cohort', vscode.ViewColumn.Active, {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'client', 'out'), vscode.Uri.joinPath(context.extensionUri, 'media')],
      });
      panel = CohortPanel.current = new CohortPanel(webviewPanel, context, server);
    }
    panel.folder = folder;
    panel.schedule(0);
    return panel;
  }

  static get instance(): CohortPanel | undefined {
    return CohortPanel.current;
  }

  private folder: vscode.Uri | undefined;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly server: CaseMarkServer,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewPage(panel.webview, context.extensionUri, { script: 'cohort.js', title: 'CaseMark Cohort', main: '<main id="root"><p>Loading the cohort…</p></main>' });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromCohort) => void this.onMessage(m)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.languageId === 'markdown') this.schedule(REFRESH_MS);
      }),
      server.onDidRestart(() => this.schedule(0)),
    );
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  /** Asks the server for the workspace export (it answers once the workspace is indexed); a stale answer is dropped. */
  async refresh(): Promise<void> {
    if (!this.ready) return;
    const seq = ++this.seq;
    const prefix = this.folder ? vscode.workspace.asRelativePath(this.folder, false).replace(/\/?$/, '/') : '';
    const scope = this.folder ? prefix : (vscode.workspace.name ?? 'workspace');
    await this.post({ type: 'status', message: `Reading ${scope}…` });
    try {
      const result = await this.server.export({ format: 'json' });
      if (seq !== this.seq) return;
      const all = (JSON.parse(result.content) as { documents: ExportDocument[] }).documents;
      const documents = prefix ? all.filter((d) => d.path.startsWith(prefix)) : all;
      await this.post({ type: 'cohort', cohort: buildCohort(documents), notes: documents.length, scope });
    } catch (err) {
      await this.post({ type: 'status', message: `No cohort: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private async post(message: ToCohort): Promise<void> {
    this.lastMessage = message;
    await this.panel.webview.postMessage(message);
  }

  private async onMessage(message: FromCohort): Promise<void> {
    if (message?.type === 'ready') {
      this.ready = true;
      await this.refresh();
    } else if (message?.type === 'openCase') {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (!folder) return;
      const uri = vscode.Uri.joinPath(folder, message.path);
      const position = new vscode.Position(message.line, 0);
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
      await vscode.commands.executeCommand(Commands.openSummary, { uri: uri.toString(), caseId: message.caseId });
    }
  }

  dispose(): void {
    if (CohortPanel.current === this) CohortPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

