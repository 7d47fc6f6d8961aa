// The index of every Markdown note in the workspace folders: found with tinyglobby (minus
// node_modules and the exclude globs), analyzed off the main thread by the worker pool in
// batches, reused from the content cache when nothing changed, and kept current from
// workspace/didChangeWatchedFiles. Progress goes to the editor as work-done progress.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import { URI } from 'vscode-uri';
import { InProcessAnalyzer, WorkerPool, type Analyzer, type AnalyzedFile } from './analyzer.ts';
import { ContentCache } from './contentCache.ts';
import type { AnalysisContext } from './context.ts';
import type { FileTask, IndexResult } from './indexTask.ts';
import { compact, type FileSummary } from './summary.ts';
import type { CaseMarkWorkspace, WorkspaceFolder } from './workspace.ts';

export interface ProgressReporter {
  begin(title: string, percentage?: number, message?: string): void;
  report(percentage: number, message: string): void;
  done(): void;
}

export interface IndexHost {
  log(msg: string): void;
  error(msg: string): void;
  progress(): Promise<ProgressReporter>;
  /** The first (or a new full) index finished. */
  indexed?(stats: IndexStats): void;
}

export interface IndexStats {
  files: number;
  analyzed: number;
  cached: number;
  ms: number;
}

const BATCH = 8;

interface Entry {
  key: string;
  summary: FileSummary;
  folder: string;
}

export class FileIndex {
  private readonly entries = new Map<string, Entry>();
  private analyzer: Analyzer;
  private cache: ContentCache;
  private generation = 0;
  private readonly contextIds = new Map<AnalysisContext, string>();
  private saveTimer: NodeJS.Timeout | undefined;
  /** Resolves when the latest full index finished. */
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly ws: CaseMarkWorkspace,
    private readonly host: IndexHost,
    options: { cacheFolder: string; workerScript: string | null; threads?: number },
  ) {
    this.cache = new ContentCache(options.cacheFolder);
    this.analyzer =
      options.workerScript && existsSync(options.workerScript) && options.threads !== 0
        ? new WorkerPool(options.workerScript, options.threads, (m) => host.log(m))
        : new InProcessAnalyzer();
  }

  /** The client's storage folder (initializationOptions.cacheFolder) replaces the default. */
  setCacheFolder(folder: string): void {
    this.cache = new ContentCache(folder);
  }

  get threads(): number {
    return this.analyzer.threads;
  }

  summaryOf(uri: string): FileSummary | undefined {
    return this.entries.get(uri)?.summary;
  }

  *summaries(): Iterable<FileSummary> {
    for (const e of this.entries.values()) yield e.summary;
  }

  /** Uris of every indexed note (open or not), for the workspace export. */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  private contextId(ctx: AnalysisContext, known: string[] = []): string {
    let id = this.contextIds.get(ctx);
    if (!id || known.length) {
      id ??= `${ctx.folderPath ?? ''}#${ctx.fingerprint}#${this.contextIds.size}`;
      this.contextIds.set(ctx, id);
      this.analyzer.setContext(id, { lexiconFiles: ctx.lexiconFiles, config: ctx.config, fingerprint: ctx.fingerprint, maxFileSize: ctx.maxFileSize, known });
    }
    return id;
  }

  /** A Markdown note inside a folder and not excluded: what the index (and the workspace export) covers. */
  covers(uri: string): boolean {
    const folder = this.ws.folderFor(uri);
    const fsPath = URI.parse(uri).fsPath;
    return !!folder && fsPath.endsWith('.md') && !this.excluded(folder, fsPath);
  }

  private excluded(folder: WorkspaceFolder, fsPath: string): boolean {
    const rel = path.relative(folder.fsPath, fsPath).split(path.sep).join('/');
    const ctx = this.ws.contextOfFolder(folder);
    return picomatch(['**/node_modules/**', ...ctx.config.exclude], { dot: true })(rel);
  }

  private task(folder: WorkspaceFolder, fsPath: string): FileTask {
    const uri = URI.file(fsPath).toString();
    return { uri, fsPath, path: path.relative(folder.fsPath, fsPath).split(path.sep).join('/') };
  }

  /** (Re)index every folder; a newer call supersedes a running one. */
  reindex(): Promise<void> {
    const gen = ++this.generation;
    this.done = this.run(gen).catch((e) => this.host.error(`CaseMark indexing failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
    return this.done;
  }

  private async run(gen: number): Promise<void> {
    const started = Date.now();
    await this.ws.ready;
    const progress = await this.host.progress();
    progress.begin('CaseMark: indexing notes', 0, 'finding notes');
    const jobs: { folder: WorkspaceFolder; ctxId: string; tasks: FileTask[]; known: Map<string, FileSummary> }[] = [];
    const seen = new Set<string>();
    for (const folder of this.ws.folders) {
      const ctx = this.ws.contextOfFolder(folder);
      const ignore = ['**/node_modules/**', ...ctx.config.exclude];
      const files = await glob(['**/*.md'], { cwd: folder.fsPath, ignore, absolute: true, dot: false, followSymbolicLinks: false });
      const known = await this.cache.load(folder.uri);
      const ctxId = this.contextId(ctx, [...known.keys()]);
      const tasks = files.sort().map((f) => this.task(folder, path.normalize(f)));
      for (const t of tasks) seen.add(t.uri);
      jobs.push({ folder, ctxId, tasks: tasks.filter((t) => !this.ws.isOpen(t.uri)), known });
    }
    if (gen !== this.generation) return progress.done();
    for (const uri of [...this.entries.keys()]) {
      if (!seen.has(uri)) {
        this.entries.delete(uri);
        this.ws.diskSummaryChanged(uri, null);
      }
    }
    const total = jobs.reduce((n, j) => n + j.tasks.length, 0);
    let doneCount = 0;
    let analyzed = 0;
    let cached = 0;
    let lastReport = 0;
    for (const job of jobs) {
      const batches: FileTask[][] = [];
      for (let i = 0; i < job.tasks.length; i += BATCH) batches.push(job.tasks.slice(i, i + BATCH));
      let next = 0;
      const runner = async () => {
        while (next < batches.length && gen === this.generation) {
          const batch = batches[next++];
          const results = await this.indexBatch(job.ctxId, batch);
          if (gen !== this.generation) return;
          for (const r of results) {
            if (this.apply(job.folder, r, job.known) === 'cached') cached++;
            else analyzed++;
          }
          doneCount += batch.length;
          const now = Date.now();
          if (now - lastReport > 250) {
            lastReport = now;
            progress.report(Math.floor((100 * doneCount) / Math.max(1, total)), `${doneCount}/${total} notes`);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, this.analyzer.threads * 2) }, runner));
      if (gen !== this.generation) return progress.done();
      await this.save(job.folder);
    }
    this.host.indexed?.({ files: total, analyzed, cached, ms: Date.now() - started });
    progress.done();
    this.ws.scheduleCross();
  }

  private async indexBatch(ctxId: string, batch: FileTask[]): Promise<IndexResult[]> {
    try {
      return await this.analyzer.index(ctxId, batch);
    } catch (e) {
      if (this.analyzer instanceof WorkerPool && this.analyzer.broken) {
        this.host.error('CaseMark workers failed; indexing on the main thread');
        this.fallBack();
        return this.indexBatch(this.reregister(ctxId), batch);
      }
      this.host.error(`CaseMark could not index ${batch.map((t) => t.path).join(', ')}: ${String(e)}`);
      return [];
    }
  }

  private fallBack(): void {
    this.analyzer.dispose();
    this.analyzer = new InProcessAnalyzer();
  }

  /** Context ids are per analyzer: after a fallback, register them with the new one. */
  private reregister(ctxId: string): string {
    for (const [ctx, id] of this.contextIds) {
      if (id === ctxId) {
        this.contextIds.delete(ctx);
        return this.contextId(ctx);
      }
    }
    return ctxId;
  }

  private apply(folder: WorkspaceFolder, r: IndexResult, known: Map<string, FileSummary>): 'cached' | 'analyzed' | 'missing' {
    if ('missing' in r) {
      if (this.entries.delete(r.uri)) this.ws.diskSummaryChanged(r.uri, null);
      return 'missing';
    }
    const found = r.cached ? known.get(r.key) : r.summary;
    if (!found) return 'missing';
    const summary = compact(found);
    this.entries.set(r.uri, { key: r.key, summary, folder: folder.uri });
    this.ws.diskSummaryChanged(r.uri, summary);
    return r.cached ? 'cached' : 'analyzed';
  }

  private async save(folder: WorkspaceFolder): Promise<void> {
    const entries: [string, FileSummary][] = [];
    for (const e of this.entries.values()) if (e.folder === folder.uri) entries.push([e.key, e.summary]);
    try {
      await this.cache.save(folder.uri, entries);
    } catch (e) {
      this.host.log(`CaseMark could not write its cache: ${String(e)}`);
    }
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      for (const f of this.ws.folders) void this.save(f);
    }, 2000);
    this.saveTimer.unref();
  }

  /** A note changed, appeared or disappeared on disk (or was closed): index it alone. */
  async refreshFile(uri: string): Promise<void> {
    await this.ws.ready;
    const folder = this.ws.folderFor(uri);
    const fsPath = URI.parse(uri).fsPath;
    if (!folder || !fsPath.endsWith('.md') || this.excluded(folder, fsPath)) {
      if (this.entries.delete(uri)) this.ws.diskSummaryChanged(uri, null);
      return;
    }
    const ctxId = this.contextId(this.ws.contextOfFolder(folder));
    const [r] = await this.indexBatch(ctxId, [this.task(folder, fsPath)]);
    if (r) this.apply(folder, r, new Map());
    this.scheduleSave();
  }

  removeFile(uri: string): void {
    if (this.entries.delete(uri)) this.ws.diskSummaryChanged(uri, null);
    this.scheduleSave();
  }

  /** Full analysis of a note that is not open (export, summary panel). */
  async analyzeOnDisk(uri: string): Promise<AnalyzedFile | null> {
    await this.ws.ready;
    const folder = this.ws.folderFor(uri);
    const fsPath = URI.parse(uri).fsPath;
    const ctx = folder ? this.ws.contextOfFolder(folder) : this.ws.contextFor(uri);
    const task: FileTask = folder ? this.task(folder, fsPath) : { uri, fsPath, path: path.basename(fsPath) };
    try {
      return await this.analyzer.analyze(this.contextId(ctx), task);
    } catch (e) {
      if (this.analyzer instanceof WorkerPool && this.analyzer.broken) {
        this.fallBack();
        this.contextIds.clear();
        return this.analyzer.analyze(this.contextId(ctx), task);
      }
      throw e;
    }
  }

  dispose(): void {
    clearTimeout(this.saveTimer);
    this.analyzer.dispose();
  }
}
