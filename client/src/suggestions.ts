// Suggested annotations in VS Code: "CaseMark: Review Suggested Annotations…" (Ctrl+Alt+A)
// lists the note's suggestions, all ticked, moving the editor to each one as it is
// highlighted, and wraps the ticked ones in one edit (one undo); a status bar item shows how
// many the active note has. Both read the server's "annotate all" source action, so the
// editor shows exactly what every other LSP client gets.
import * as vscode from 'vscode';
import { isNote } from './statusBar.ts';

export const REVIEW_COMMAND = 'casemark.reviewSuggestions';
const ANNOTATE_ALL = vscode.CodeActionKind.Source.append('annotateAll').append('casemark');
const DEBOUNCE_MS = 600;

/** The suggestions of a note as the server's "annotate all" action edits them. */
export async function noteSuggestions(doc: vscode.TextDocument): Promise<vscode.TextEdit[]> {
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', doc.uri, whole, ANNOTATE_ALL.value);
  const all = (actions ?? []).find((a): a is vscode.CodeAction => 'kind' in a && !!a.kind && ANNOTATE_ALL.contains(a.kind));
  return all?.edit?.get(doc.uri) ?? [];
}

/** Review and accept; `{ all: true }` accepts every suggestion without asking. Returns how many were wrapped. */
export async function reviewSuggestions(arg?: unknown): Promise<number> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNote(editor.document)) {
    void vscode.window.showErrorMessage('CaseMark: open a Markdown case note to review its suggestions.');
    return 0;
  }
  const doc = editor.document;
  const edits = await noteSuggestions(doc);
  if (!edits.length) {
    void vscode.window.setStatusBarMessage('CaseMark: no suggested annotations in this note', 3000);
    return 0;
  }
  let chosen = edits;
  if (!(arg && typeof arg === 'object' && (arg as { all?: boolean }).all)) {
    const items = edits.map((edit) => ({
      label: edit.newText.replace(/\s+/g, ' '),
      description: `line ${edit.range.start.line + 1}`,
      detail: doc.lineAt(edit.range.start.line).text.trim().slice(0, 120),
      picked: true,
      edit,
    }));
    const pick = vscode.window.createQuickPick<(typeof items)[number]>();
    pick.title = `CaseMark: ${edits.length} suggested annotation${edits.length === 1 ? '' : 's'}`;
    pick.placeholder = 'Untick what should stay plain text, then press Enter to annotate the rest';
    pick.canSelectMany = true;
    pick.matchOnDescription = pick.matchOnDetail = true;
    pick.items = items;
    pick.selectedItems = items;
    pick.onDidChangeActive(([item]) => {
      if (item) editor.revealRange(item.edit.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      if (item) editor.selection = new vscode.Selection(item.edit.range.start, item.edit.range.end);
    });
    const accepted = await new Promise<readonly (typeof items)[number][] | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (!accepted) return 0;
    chosen = accepted.map((i) => i.edit);
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(doc.uri, chosen);
  return (await vscode.workspace.applyEdit(edit)) ? chosen.length : 0;
}

/** "$(lightbulb) 12 suggestions" in the status bar while the active note has any; click to review. */
export class SuggestionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('casemark.suggestions', vscode.StatusBarAlignment.Right, 99);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  /** The count last shown (for tests). */
  count = 0;

  constructor() {
    this.item.name = 'CaseMark suggestions';
    this.item.command = REVIEW_COMMAND;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule(DEBOUNCE_MS);
      }),
    );
    this.schedule(DEBOUNCE_MS);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  async refresh(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const seq = ++this.seq;
    const n = isNote(doc) ? (await noteSuggestions(doc).catch(() => [])).length : 0;
    if (seq !== this.seq) return;
    this.count = n;
    if (!n) return this.item.hide();
    this.item.text = `$(lightbulb) ${n}`;
    this.item.tooltip = `CaseMark: ${n} suggested annotation${n === 1 ? '' : 's'} in this note. Click (or Ctrl+Alt+A) to review them.`;
    this.item.show();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
