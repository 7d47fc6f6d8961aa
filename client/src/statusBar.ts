// The status bar item of the active Markdown note: its cases, annotations and problems, from
// `casemark/cases`, refreshed (debounced) as the note changes. Click opens the summary panel.
import * as vscode from 'vscode';
import { Commands, type OpenSummaryArgs } from '../../protocol/casemark.ts';
import type { CaseMarkServer } from './server.ts';
import { countDocument } from './webview/model.ts';

const DEBOUNCE_MS = 400;

export function isNote(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === 'markdown' && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('casemark.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;

  constructor(private readonly server: CaseMarkServer) {
    this.item.name = 'CaseMark';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule(DEBOUNCE_MS);
      }),
      // Diagnostics arrive after the server analyzed a change (also of another file: duplicate ids).
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.schedule(DEBOUNCE_MS);
      }),
      server.onDidRestart(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  async refresh(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const seq = ++this.seq;
    if (!isNote(doc)) {
      this.item.hide();
      return;
    }
    const result = await this.server.cases(doc.uri);
    if (seq !== this.seq) return; // a newer refresh is under way
    if (!result) {
      this.item.text = '$(notebook) CaseMark';
      this.item.tooltip = 'CaseMark: no analysis for this note (see the CaseMark output).';
    } else {
      const n = countDocument(result.document);
      const problems = n.errors || n.warnings ? ` $(error) ${n.errors} $(warning) ${n.warnings}` : '';
      this.item.text = `$(notebook) ${n.cases} ${n.cases === 1 ? 'case' : 'cases'} · ${n.annotations} ann.${problems}`;
      this.item.tooltip = `CaseMark: ${n.cases} case(s), ${n.annotations} annotation(s), ${n.problems} problem(s) (${n.errors} error(s), ${n.warnings} warning(s)). Click to open the summary.`;
    }
    const args: OpenSummaryArgs = { uri: doc.uri.toString() };
    this.item.command = { title: 'Open CaseMark summary', command: Commands.openSummary, arguments: [args] };
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
