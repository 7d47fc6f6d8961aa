// "Check Workspace" (request `casemark/checkWorkspace`): analyzes every note of the workspace
// folders, open or not, and publishes the problems of the notes that are not open, so the
// Problems panel lists the whole workspace. Those stay until the note changes on disk (then
// it is checked again), is deleted, or is opened (the open note's own diagnostics take over;
// when it is closed again its saved text is checked again).
//
// Mechanism: publishDiagnostics for the checked notes only, on request. The alternative,
// workspace diagnostics pull, makes the editor ask for every note on its own schedule; a
// full check of 10,000 notes costs about as much as the first index's analysis (it runs on
// the same worker threads), which is too much to pay whenever the editor decides to pull.
import type { Diagnostic } from '../core/index.ts';
import type { CaseMarkWorkspace } from './workspace.ts';
import type { ProgressReporter } from './fileIndex.ts';

export interface CheckResult {
  notes: number;
  errors: number;
  warnings: number;
}

export class WorkspaceCheck {
  private readonly checked = new Set<string>();

  constructor(
    private readonly ws: CaseMarkWorkspace,
    /** Publish diagnostics for a note that is not open (an empty list clears them). */
    private readonly publish: (uri: string, diagnostics: Diagnostic[]) => void,
    /** True when open notes' diagnostics are pulled, so pushed ones must be cleared while a note is open. */
    private readonly pulled: () => boolean,
  ) {}

  async run(progress: ProgressReporter, cancelled: () => boolean = () => false): Promise<CheckResult> {
    await this.ws.ready;
    await this.ws.index.done; // the index knows every note and every case id
    const uris = this.ws.exportUris().sort();
    const result: CheckResult = { notes: 0, errors: 0, warnings: 0 };
    progress.begin('CaseMark: checking the workspace', 0, `${uris.length} notes`);
    let next = 0;
    let last = 0;
    const worker = async (): Promise<void> => {
      while (next < uris.length && !cancelled()) {
        const uri = uris[next++];
        const diagnostics = await this.diagnosticsOf(uri);
        if (diagnostics === null) continue;
        result.notes++;
        for (const d of diagnostics) {
          if (d.severity === 'error') result.errors++;
          else if (d.severity === 'warning') result.warnings++;
        }
        const now = Date.now();
        if (now - last > 250) {
          last = now;
          progress.report(Math.floor((100 * result.notes) / Math.max(1, uris.length)), `${result.notes}/${uris.length} notes`);
        }
      }
    };
    // A few requests in flight keep both worker threads busy.
    await Promise.all(Array.from({ length: 4 }, worker));
    progress.done();
    return result;
  }

  /** The note's diagnostics; published unless the note is open (its own diagnostics are shown). */
  private async diagnosticsOf(uri: string): Promise<Diagnostic[] | null> {
    if (this.ws.isOpen(uri)) return this.ws.diagnostics(uri);
    const loaded = await this.ws.load(uri).catch(() => null);
    if (!loaded) return null;
    const diagnostics = [...loaded.analysis.diagnostics, ...this.ws.crossDiagnostics(uri)];
    if (!this.ws.isOpen(uri)) {
      this.checked.add(uri);
      this.publish(uri, diagnostics);
    }
    return diagnostics;
  }

  /** A checked note changed on disk, or was closed: check it again. */
  async refresh(uri: string): Promise<void> {
    if (!this.checked.has(uri) || this.ws.isOpen(uri)) return;
    await this.diagnosticsOf(uri);
  }

  /** A checked note was opened: with pulled diagnostics, the pushed ones would show twice. */
  opened(uri: string): void {
    if (this.checked.has(uri) && this.pulled()) this.publish(uri, []);
  }

  removed(uri: string): void {
    if (this.checked.delete(uri)) this.publish(uri, []);
  }

  isChecked(uri: string): boolean {
    return this.checked.has(uri);
  }
}
