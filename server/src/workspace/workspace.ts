// The server's view of the workspace: open notes (analyzed on the main thread with a
// per-document ParseCache, so an edit re-parses only the blocks it touched), every other
// note of the folders (summaries from the index), each folder's lexicon and config, and the
// cross-file duplicate-id diagnostics kept current as any of them changes.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyzeDocument, crossFileDiagnostics, ParseCache, type CaseIndexEntry, type CaseMarkConfig, type Diagnostic, type DocumentAnalysis, type Lexicon } from '../core/index.ts';
import type { LoadedNote } from '../service/cases.ts';
import type { LexiconFile } from '../core/lexicon/types.ts';
import type { CaseMarkSettings } from '../../../protocol/casemark.ts';
import { CaseIdIndex } from './caseIds.ts';
import { DEFAULT_SETTINGS, loadContext, type AnalysisContext } from './context.ts';
import { summarize, caseIndexEntry, type FileSummary } from './summary.ts';
import { isTooLarge, tooLargeAnalysis } from './indexTask.ts';
import { FileIndex, type IndexHost } from './fileIndex.ts';

export interface WorkspaceHost extends IndexHost {
  /** The diagnostics of an open note or of a config/lexicon file changed. */
  diagnosticsChanged(uri: string): void;
}

export interface WorkspaceFolder {
  uri: string;
  fsPath: string;
}

interface OpenDoc {
  doc: TextDocument;
  cache: ParseCache;
  analysis: DocumentAnalysis | null;
  analyzedVersion: number;
  context: AnalysisContext | null;
}

const OUTSIDE = '';

export function emptyAnalysis(uri: string, docPath: string, diagnostics: Diagnostic[] = []): DocumentAnalysis {
  return { uri, path: docPath, source: null, cases: [], unassigned: [], annotations: [], headings: [], diagnostics, lineCount: 0, suppressions: [] };
}

export class CaseMarkWorkspace {
  folders: WorkspaceFolder[] = [];
  settings: CaseMarkSettings = DEFAULT_SETTINGS;
  private readonly contexts = new Map<string, AnalysisContext>();
  private readonly lastGood = new Map<string, LexiconFile>();
  /** Diagnostics of config and lexicon files, by uri. */
  readonly fileDiagnostics = new Map<string, Diagnostic[]>();
  private readonly open = new Map<string, OpenDoc>();
  private readonly ids = new CaseIdIndex();
  private cross = new Map<string, Diagnostic[]>();
  private crossScheduled = false;
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  readonly index: FileIndex;
  private readyResolve!: () => void;
  /** Resolves once every folder's lexicon and config are loaded; requests wait for it. */
  readonly ready: Promise<void> = new Promise((r) => (this.readyResolve = r));

  constructor(
    private readonly host: WorkspaceHost,
    options: { cacheFolder: string; workerScript: string | null; threads?: number },
  ) {
    this.index = new FileIndex(this, host, options);
  }

  async initialize(folders: WorkspaceFolder[], settings: CaseMarkSettings): Promise<void> {
    this.folders = folders;
    this.settings = settings;
    try {
      await this.reloadContexts();
    } finally {
      // Whatever the configuration files hold, the server answers.
      this.readyResolve();
    }
    this.scheduleFlush([...this.open.keys()]);
    void this.index.reindex();
  }

  // ---- folders, contexts ---------------------------------------------------------------

  folderFor(uri: string): WorkspaceFolder | undefined {
    const fsPath = fsPathOf(uri);
    if (!fsPath) return undefined;
    let best: WorkspaceFolder | undefined;
    for (const f of this.folders) {
      const rel = path.relative(f.fsPath, fsPath);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel) && (!best || f.fsPath.length > best.fsPath.length)) best = f;
    }
    return best;
  }

  contextFor(uri: string): AnalysisContext {
    const folder = this.folderFor(uri);
    return this.contexts.get(folder?.fsPath ?? OUTSIDE) ?? this.contexts.get(OUTSIDE)!;
  }

  contextOfFolder(folder: WorkspaceFolder): AnalysisContext {
    return this.contexts.get(folder.fsPath) ?? this.contexts.get(OUTSIDE)!;
  }

  lexiconFor(uri: string): Lexicon {
    return this.contextFor(uri).lexicon;
  }

  /** The `.casemark/lexicon.json` of a note's folder, as on disk (text null when absent). */
  workspaceLexicon(uri: string): { uri: string; text: string | null } | undefined {
    const folder = this.folderFor(uri);
    if (!folder) return undefined;
    const file = path.join(folder.fsPath, '.casemark', 'lexicon.json');
    let text: string | null = null;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = null;
    }
    return { uri: URI.file(file).toString(), text };
  }

  /** Path as exported: relative to its workspace folder with forward slashes, else the file name. */
  relativePath(uri: string): string {
    const folder = this.folderFor(uri);
    const fsPath = fsPathOf(uri);
    if (folder && fsPath) return path.relative(folder.fsPath, fsPath).split(path.sep).join('/');
    return path.posix.basename(URI.parse(uri).path);
  }

  /** Reload every folder's config and lexicons; returns true when the lexicons changed. */
  async reloadContexts(): Promise<boolean> {
    const before = new Map([...this.contexts].map(([k, c]) => [k, c.fingerprint]));
    const seen = new Set<string>();
    for (const key of [OUTSIDE, ...this.folders.map((f) => f.fsPath)]) {
      const { context, fileDiagnostics } = await loadContext(key === OUTSIDE ? null : key, this.settings, this.lastGood);
      this.contexts.set(key, context);
      for (const [uri, diags] of fileDiagnostics) {
        const old = this.fileDiagnostics.get(uri);
        if (diags.length === 0) this.fileDiagnostics.delete(uri);
        else this.fileDiagnostics.set(uri, diags);
        if (JSON.stringify(old ?? []) !== JSON.stringify(diags)) this.host.diagnosticsChanged(uri);
      }
      seen.add(key);
    }
    for (const key of [...this.contexts.keys()]) if (!seen.has(key)) this.contexts.delete(key);
    // Open notes re-analyze against the new context (severities, lexicon).
    this.scheduleFlush([...this.open.keys()]);
    return [...this.contexts].some(([k, c]) => before.get(k) !== c.fingerprint);
  }

  /** True when `fsPath` is a config or lexicon file some context reads. */
  isContextSource(fsPath: string): boolean {
    for (const c of this.contexts.values()) if (c.sourceFiles.includes(fsPath)) return true;
    return path.basename(path.dirname(fsPath)) === '.casemark' && fsPath.endsWith('.json');
  }

  async updateSettings(settings: CaseMarkSettings): Promise<void> {
    const excludeBefore = JSON.stringify(this.settings.exclude);
    this.settings = settings;
    const lexiconsChanged = await this.reloadContexts();
    if (lexiconsChanged || excludeBefore !== JSON.stringify(settings.exclude)) void this.index.reindex();
  }

  // ---- open documents ----------------------------------------------------------------------

  didOpen(doc: TextDocument): void {
    this.open.set(doc.uri, { doc, cache: new ParseCache(), analysis: null, analyzedVersion: -1, context: null });
    this.scheduleFlush([doc.uri]);
  }

  didChange(doc: TextDocument): void {
    const od = this.open.get(doc.uri);
    if (!od) return this.didOpen(doc);
    od.doc = doc;
    this.scheduleFlush([doc.uri]);
  }

  didClose(uri: string): void {
    if (!this.open.delete(uri)) return;
    this.dirty.delete(uri);
    // The note on disk takes over in the index (it may differ from the closed buffer).
    const disk = this.index.summaryOf(uri);
    this.ids.set(uri, disk ? disk.cases.map((c) => c.id) : []);
    this.scheduleCross();
    void this.index.refreshFile(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  document(uri: string): TextDocument | undefined {
    return this.open.get(uri)?.doc;
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  /** The analysis of an open note, brought up to date with its text first; undefined when not open. */
  analysis(uri: string): DocumentAnalysis | undefined {
    const od = this.open.get(uri);
    if (!od) return undefined;
    const context = this.contextFor(uri);
    if (od.analysis && od.analyzedVersion === od.doc.version && od.context === context) return od.analysis;
    if (od.context !== context) od.cache = new ParseCache();
    od.context = context;
    od.analyzedVersion = od.doc.version;
    od.analysis = this.analyzeOpen(od, context);
    const changed = this.ids.set(uri, od.analysis.cases.map((c) => c.id));
    if (changed.size) this.scheduleCross();
    return od.analysis;
  }

  private analyzeOpen(od: OpenDoc, context: AnalysisContext): DocumentAnalysis {
    const uri = od.doc.uri;
    const docPath = this.relativePath(uri);
    const text = od.doc.getText();
    // A UTF-8 byte is at most one UTF-16 unit and a unit at most three bytes: count only when in doubt.
    if (text.length > context.maxFileSize / 3) {
      const size = Buffer.byteLength(text);
      if (size > context.maxFileSize) return tooLargeAnalysis({ uri, path: docPath }, context, size);
    }
    try {
      return analyzeDocument(text, { uri, path: docPath, lexicon: context.lexicon, config: context.config, cache: od.cache });
    } catch (e) {
      this.host.error(`CaseMark could not analyze ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      od.cache = new ParseCache();
      return emptyAnalysis(uri, docPath);
    }
  }

  private scheduleFlush(uris: string[]): void {
    for (const u of uris) this.dirty.add(u);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate, not a timer: a burst of edits already queued is coalesced, a single edit is not delayed.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.ready.then(() => this.flush());
    });
  }

  private flush(): void {
    const uris = [...this.dirty];
    this.dirty.clear();
    for (const uri of uris) {
      if (!this.open.has(uri)) continue;
      this.analysis(uri);
      this.host.diagnosticsChanged(uri);
    }
  }

  /** Diagnostics of a note: its own (open notes) plus the cross-file ones. */
  diagnostics(uri: string): Diagnostic[] {
    const own = this.analysis(uri)?.diagnostics ?? [];
    const cross = this.cross.get(uri);
    return cross?.length ? [...own, ...cross] : own;
  }

  crossDiagnostics(uri: string): Diagnostic[] {
    return this.cross.get(uri) ?? [];
  }

  crossDiagnosticsMap(): Map<string, Diagnostic[]> {
    return this.cross;
  }

  // ---- the index's side --------------------------------------------------------------------

  /** Called by the index when a note on disk got a new summary (or disappeared: null). */
  diskSummaryChanged(uri: string, summary: FileSummary | null): void {
    if (this.open.has(uri)) return;
    const changed = this.ids.set(uri, summary ? summary.cases.map((c) => c.id) : []);
    if (changed.size) this.scheduleCross();
  }

  /** Every note of the workspace: open ones from their current analysis, the rest from the index. */
  summaries(): FileSummary[] {
    const out: FileSummary[] = [];
    for (const uri of this.open.keys()) {
      const a = this.analysis(uri);
      if (a) out.push(summarize(a));
    }
    for (const s of this.index.summaries()) if (!this.open.has(s.uri)) out.push(s);
    return out;
  }

  scheduleCross(): void {
    if (this.crossScheduled) return;
    this.crossScheduled = true;
    setImmediate(() => {
      this.crossScheduled = false;
      this.recomputeCross();
    });
  }

  /** Re-run crossFileDiagnostics over the notes sharing an id, re-publish open notes it changed. */
  recomputeCross(): void {
    const participants = this.ids.participants();
    const analyses: CaseIndexEntry[] = [];
    for (const uri of participants) {
      const a = this.open.has(uri) ? this.analysis(uri) : undefined;
      const s = a ? undefined : this.index.summaryOf(uri);
      if (a) analyses.push(a);
      else if (s) analyses.push(caseIndexEntry(s));
    }
    let next = new Map<string, Diagnostic[]>();
    try {
      const config = this.contexts.get(this.folders[0]?.fsPath ?? OUTSIDE)?.config;
      if (analyses.length) next = crossFileDiagnostics(analyses, config);
    } catch (e) {
      this.host.error(`CaseMark cross-file diagnostics failed: ${String(e)}`);
    }
    const before = this.cross;
    this.cross = next;
    for (const uri of this.open.keys()) {
      if (JSON.stringify(before.get(uri) ?? []) !== JSON.stringify(next.get(uri) ?? [])) this.host.diagnosticsChanged(uri);
    }
  }

  // ---- what the export and summary requests read ------------------------------------------

  /** A note with its analysis and text: the open buffer if open, else the file on disk. */
  async load(uri: string): Promise<LoadedNote | null> {
    await this.ready;
    const od = this.open.get(uri);
    if (od) {
      const analysis = this.analysis(uri)!;
      return { analysis, text: isTooLarge(analysis) ? undefined : od.doc.getText(), version: od.doc.version };
    }
    if (!fsPathOf(uri)) return null;
    const r = await this.index.analyzeOnDisk(uri);
    return r ? { analysis: r.analysis, text: r.text, version: null } : null;
  }

  /** Every note of the workspace folders: the indexed ones and open notes inside a folder. */
  exportUris(): string[] {
    const uris = new Set(this.index.uris());
    for (const uri of this.open.keys()) if (fsPathOf(uri) && this.index.covers(uri)) uris.add(uri);
    return [...uris];
  }

  configFor(uri: string): CaseMarkConfig {
    return this.contextFor(uri).config;
  }

  dispose(): void {
    this.index.dispose();
  }
}

export function fsPathOf(uri: string): string | null {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : null;
  } catch {
    return null;
  }
}
