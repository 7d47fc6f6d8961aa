// The commands a curator runs: open the summary, export a note or the workspace, insert an
// annotation, restart the server. Exports take `{ format, uri?, target? }` to skip every
// dialog (automated tests, keybindings); without them they ask.
import { dirname, isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { Commands, type CompareResult, type ExportFormat, type ExportResult, type OpenSummaryArgs } from '../../protocol/casemark.ts';
import { EXPORT_FORMATS } from '../../server/src/core/export/types.ts';
import type { AnnotationKind } from '../../server/src/core/model.ts';
import { CohortPanel } from './cohortPanel.ts';
import type { CaseMarkServer } from './server.ts';
import { isNote } from './statusBar.ts';
import { SummaryPanel } from './summaryPanel.ts';

export interface ExportArgs {
  format?: ExportFormat;
  /** Note to export (exportNote); defaults to the active Markdown editor. */
  uri?: string;
  /** File path to write; without it a save dialog asks. */
  target?: string;
}

/** What the export commands return (undefined when the user cancelled). */
export interface ExportOutcome extends ExportResult {
  target: string;
  format: ExportFormat;
}

const FORMATS: Record<ExportFormat, { label: string; detail: string; extension: string; filter: string }> = {
  json: { label: 'JSON', detail: 'casemark-export version 1: documents, cases, annotations, diagnostics', extension: 'json', filter: 'JSON' },
  ndjson: { label: 'NDJSON', detail: 'one annotation a line, with document and case ids', extension: 'ndjson', filter: 'NDJSON' },
  csv: { label: 'CSV', detail: 'one annotation a row (RFC 4180), for spreadsheets', extension: 'csv', filter: 'CSV' },
  fhir: { label: 'FHIR R4 Bundle', detail: 'Patient, MedicationAdministration/Statement and Observation (LOINC, UCUM) resources', extension: 'fhir.json', filter: 'FHIR JSON' },
  w3c: { label: 'W3C Web Annotation', detail: 'JSON-LD annotations targeting the note with text quote and position selectors', extension: 'jsonld', filter: 'JSON-LD' },
  bioc: { label: 'BioC JSON', detail: 'plain text with code-point offsets and codes in infons (PubTator, BioCreative); a file per note', extension: 'bioc.json', filter: 'BioC JSON' },
  'bioc-xml': { label: 'BioC XML', detail: 'the same as BioC XML, valid against the BioC DTD; a file per note', extension: 'bioc.xml', filter: 'BioC XML' },
  brat: { label: 'brat standoff', detail: '.txt and .ann per note, with N lines for codes; into a folder', extension: 'ann', filter: 'brat' },
};

/** Formats written into a folder, a file per note (as `casemark export --out DIR`). */
const FOLDER: readonly ExportFormat[] = ['bioc', 'bioc-xml', 'brat'];

const SNIPPETS: Record<AnnotationKind, { detail: string; placeholder: string }> = {
  drug: { detail: 'a drug or cell product, e.g. :drug[tocilizumab]{role=rescue}', placeholder: 'drug name' },
  dose: { detail: 'an amount given, e.g. :dose[1800 mg]{route=sc}', placeholder: 'amount unit' },
  day: { detail: 'when, on the case timeline, e.g. :day[D+35] or :day[month 9]', placeholder: '0' },
  lab: { detail: 'a lab value or score, e.g. :lab[CK 13,600 U/L]', placeholder: 'analyte value unit' },
};

function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** Command arguments come from menus (a Uri), code lenses and tests (plain objects). */
function objectArg<T extends object>(arg: unknown): Partial<T> {
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as Partial<T>) : {};
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: FORMATS[f].label, description: f, detail: FORMATS[f].detail, format: f })),
    { title: 'CaseMark: export format', placeHolder: 'Choose the format to write' },
  );
  return picked?.format;
}

async function runExport(server: CaseMarkServer, rawArgs: unknown, scope: 'note' | 'workspace'): Promise<ExportOutcome | undefined> {
  const args = objectArg<ExportArgs>(rawArgs);
  let uri: vscode.Uri | undefined;
  if (scope === 'note') {
    uri = rawArgs instanceof vscode.Uri ? rawArgs : args.uri ? vscode.Uri.parse(args.uri) : undefined;
    if (!uri) {
      const doc = vscode.window.activeTextEditor?.document;
      if (!isNote(doc)) {
        void vscode.window.showErrorMessage('CaseMark: open a Markdown case note to export it.');
        return undefined;
      }
      uri = doc.uri;
    }
  }
  if (args.format !== undefined && !isExportFormat(args.format)) {
    void vscode.window.showErrorMessage(`CaseMark: unknown export format "${String(args.format)}" (use ${EXPORT_FORMATS.join(', ')}).`);
    return undefined;
  }
  const format = args.format ?? (await pickFormat());
  if (!format) return undefined;
  let target = args.target ? targetUri(args.target) : undefined;
  const folder = FOLDER.includes(format);
  if (!target && folder) {
    const picked = await vscode.window.showOpenDialog({ title: `CaseMark: folder to write the ${FORMATS[format].label} files into`, canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here' });
    target = picked?.[0];
    if (!target) return undefined;
  }
  if (!target) {
    const folder = uri && uri.scheme === 'file' ? vscode.Uri.file(dirname(uri.fsPath)) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = uri ? uri.path.split('/').pop()!.replace(/\.(md|markdown)$/i, '') || 'note' : 'casemark-export';
    target = await vscode.window.showSaveDialog({
      title: scope === 'note' ? 'CaseMark: export the note' : 'CaseMark: export the workspace',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${FORMATS[format].extension}`) : undefined,
      filters: { [FORMATS[format].filter]: [FORMATS[format].extension.split('.').pop()!] },
    });
    if (!target) return undefined;
  }
  const destination = target;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `CaseMark: exporting ${scope === 'note' ? 'the note' : 'the workspace'} as ${FORMATS[format].label}`, cancellable: true },
      async (progress, token) => {
        const exported = await server.export(uri ? { uri: uri.toString(), format } : { format }, token);
        progress.report({ message: `writing ${vscode.workspace.asRelativePath(destination)}` });
        if (folder) {
          for (const f of exported.files ?? []) {
            const parts = f.path.split('/');
            await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(destination, ...parts.slice(0, -1)));
            await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(destination, ...parts), new TextEncoder().encode(f.content));
          }
        } else await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(exported.content));
        return exported;
      },
    );
    const outcome: ExportOutcome = { ...result, target: destination.fsPath, format };
    const problems = result.errors + result.warnings;
    const said = problems ? ` The notes have ${result.errors} error(s) and ${result.warnings} warning(s); the export holds their annotations all the same.` : '';
    const show = (problems ? vscode.window.showWarningMessage : vscode.window.showInformationMessage)(
      `CaseMark: exported ${result.annotations} annotation(s) from ${result.documents} note(s) to ${vscode.workspace.asRelativePath(destination)}.${said}`,
      'Open',
      ...(problems ? ['Show Problems'] : []),
    );
    void show.then(async (choice) => {
      if (choice === 'Show Problems') {
        // Closed notes' problems reach the Problems panel through Check Workspace.
        if (scope === 'workspace') await vscode.commands.executeCommand('casemark.checkWorkspace');
        return vscode.commands.executeCommand('workbench.actions.view.problems');
      }
      if (choice === 'Open') return folder ? vscode.commands.executeCommand('revealInExplorer', destination) : vscode.window.showTextDocument(destination);
      return undefined;
    });
    return outcome;
  } catch (err) {
    void vscode.window.showErrorMessage(`CaseMark: the export failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** An absolute path as is; a relative one from the first workspace folder. */
function targetUri(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return isAbsolute(path) || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder, path);
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

async function insertAnnotation(arg: unknown): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNote(editor.document)) {
    void vscode.window.showErrorMessage('CaseMark: open a Markdown case note to insert an annotation.');
    return false;
  }
  const given = typeof arg === 'string' ? arg : objectArg<{ kind: string }>(arg).kind;
  let kind: AnnotationKind | undefined = given && given in SNIPPETS ? (given as AnnotationKind) : undefined;
  if (!kind) {
    const picked = await vscode.window.showQuickPick(
      (Object.keys(SNIPPETS) as AnnotationKind[]).map((k) => ({ label: `:${k}[…]`, description: k, detail: SNIPPETS[k].detail, annotation: k })),
      { title: 'CaseMark: insert an annotation', placeHolder: 'Which kind of fact?' },
    );
    kind = picked?.annotation;
  }
  if (!kind) return false;
  // The selected text (as in "select 'tocilizumab', insert :drug") becomes the label.
  const selected = editor.document.getText(editor.selection);
  const label = selected && !selected.includes('\n') ? escapeSnippet(selected) : SNIPPETS[kind].placeholder;
  return editor.insertSnippet(new vscode.SnippetString(`:${kind}[\${1:${label}}]$0`));
}

/** Arguments of `casemark.compareWithCurator`; without them it uses the active note and asks for the other. */
export interface CompareArgs {
  uri?: string;
  /** The other curator's note (a URI), or null to stop comparing. */
  other?: string | null;
}

async function compareWithCurator(server: CaseMarkServer, rawArgs: unknown): Promise<CompareResult | undefined> {
  const args = objectArg<CompareArgs>(rawArgs);
  const doc = vscode.window.activeTextEditor?.document;
  const uri = args.uri ?? (isNote(doc) ? doc.uri.toString() : undefined);
  if (!uri) {
    void vscode.window.showErrorMessage("CaseMark: open a Markdown case note to compare it with another curator's note.");
    return undefined;
  }
  let other = args.other;
  if (other === undefined) {
    const picked = await vscode.window.showOpenDialog({ title: "CaseMark: the other curator's note of the same paper", openLabel: 'Compare', canSelectMany: false, filters: { Markdown: ['md', 'markdown'] } });
    if (!picked?.[0]) return undefined;
    other = picked[0].toString();
  }
  try {
    const result = await server.compare({ uri, other });
    if (other === null) return result;
    const f = result.figures?.overall;
    const figure = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(2));
    const name = vscode.Uri.parse(other).path.split('/').pop();
    void vscode.window
      .showInformationMessage(
        `CaseMark: ${result.disagreements} disagreement(s) with ${name} (${result.shown} shown as problems). Span F1 ${figure(f?.exactF1)} exact, ${figure(f?.overlapF1)} overlapping; kappa ${figure(f?.kappa)} over the words of the paper.`,
        'Stop Comparing',
      )
      .then((choice) => (choice ? server.compare({ uri, other: null }) : undefined));
    return result;
  } catch (err) {
    void vscode.window.showErrorMessage(`CaseMark: the comparison failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export function registerCommands(context: vscode.ExtensionContext, server: CaseMarkServer): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.openSummary, (arg?: OpenSummaryArgs | vscode.Uri) => {
      const args: OpenSummaryArgs | undefined = arg instanceof vscode.Uri ? { uri: arg.toString() } : arg && typeof arg.uri === 'string' ? arg : undefined;
      SummaryPanel.show(context, server, args);
      return true;
    }),
    vscode.commands.registerCommand(Commands.openCohort, (arg?: unknown) => CohortPanel.show(context, server, arg instanceof vscode.Uri ? arg : undefined)),
    vscode.commands.registerCommand(Commands.exportNote, (arg?: unknown) => runExport(server, arg, 'note')),
    vscode.commands.registerCommand(Commands.exportWorkspace, (arg?: unknown) => runExport(server, arg, 'workspace')),
    vscode.commands.registerCommand(Commands.insertAnnotation, (arg?: unknown) => insertAnnotation(arg)),
    vscode.commands.registerCommand(Commands.compareWithCurator, (arg?: unknown) => compareWithCurator(server, arg)),
    vscode.commands.registerCommand(Commands.restartServer, async () => {
      await server.restart();
      void vscode.window.setStatusBarMessage('CaseMark: language server restarted', 3000);
    }),
  );
}
