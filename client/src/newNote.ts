// "CaseMark: New Case Note…": asks for the source publication (title, DOI, PMID, authors,
// journal, year; the curator comes from the `casemark.curator` setting), writes the note
// next to the active one or at the workspace root, named after the first author and year,
// and opens it at its first case. `{ fields, folder }` skips the questions (tests).
import * as vscode from 'vscode';
import { noteFileName, noteText, type NoteFields } from './noteTemplate.ts';

const QUESTIONS: { key: Exclude<keyof NoteFields, 'curator'>; prompt: string; placeHolder: string }[] = [
  { key: 'title', prompt: 'Title of the case report', placeHolder: 'BCMA CAR T cells in a patient with relapsing myositis' },
  { key: 'authors', prompt: 'Authors (the first one names the file)', placeHolder: 'Müller F, Wirsching A, et al.' },
  { key: 'year', prompt: 'Year', placeHolder: '2025' },
  { key: 'journal', prompt: 'Journal', placeHolder: 'Nat Med' },
  { key: 'doi', prompt: 'DOI (optional)', placeHolder: '10.1038/s41591-025-03718-3' },
  { key: 'pmid', prompt: 'PMID (optional)', placeHolder: '38381673' },
];

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function newCaseNote(arg?: unknown): Promise<vscode.Uri | undefined> {
  const given = arg && typeof arg === 'object' ? (arg as { fields?: Partial<NoteFields>; folder?: string }) : {};
  const curator = vscode.workspace.getConfiguration('casemark').get<string>('curator', '');
  const fields: NoteFields = { title: '', doi: '', pmid: '', authors: '', journal: '', year: '', curator, ...given.fields };
  if (!given.fields) {
    for (const q of QUESTIONS) {
      const answer = await vscode.window.showInputBox({ title: 'CaseMark: New Case Note', prompt: q.prompt, placeHolder: q.placeHolder, ignoreFocusOut: true });
      if (answer === undefined) return undefined; // Escape cancels
      fields[q.key] = answer;
    }
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = given.folder
    ? vscode.Uri.file(given.folder)
    : active?.scheme === 'file' ? vscode.Uri.joinPath(active, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) {
    void vscode.window.showErrorMessage('CaseMark: open a folder to create a case note in.');
    return undefined;
  }
  const taken = new Set<string>();
  for (const [name] of await vscode.workspace.fs.readDirectory(folder).then((x) => x, () => [] as [string, vscode.FileType][])) taken.add(name);
  const name = noteFileName(fields, (n) => taken.has(n));
  const uri = vscode.Uri.joinPath(folder, name);
  if (await exists(uri)) return undefined;
  const text = noteText(fields, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const editor = await vscode.window.showTextDocument(uri);
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  return uri;
}
