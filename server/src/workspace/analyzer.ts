// Where notes that are not open get analyzed: a pool of worker threads (the parse is the
// cost, and a 2-core machine has a core to spare while the main thread answers the
// editor), or the main thread in small slices when workers cannot start. Both speak the
// same messages; workerMain.ts is the worker side.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CaseMarkConfig, DocumentAnalysis } from '../core/index.ts';
import type { LexiconFile } from '../core/lexicon/types.ts';
import { lexiconFromFiles } from './context.ts';
import { analyzeFile, indexFile, type FileTask, type IndexResult, type TaskContext } from './indexTask.ts';

/** A note analyzed from disk, with the text it was read as (the w3c export quotes it); none when it was too large to read. */
export interface AnalyzedFile {
  analysis: DocumentAnalysis;
  text: string | undefined;
}

export interface ContextPayload {
  lexiconFiles: LexiconFile[];
  config: CaseMarkConfig;
  fingerprint: string;
  maxFileSize: number;
  /** Cache keys already known: those files come back as `cached` without being parsed. */
  known: string[];
}

export type WorkerRequest =
  | { type: 'context'; ctx: string; payload: ContextPayload }
  | { type: 'index'; id: number; ctx: string; tasks: FileTask[] }
  | { type: 'analyze'; id: number; ctx: string; task: FileTask };

export type WorkerResponse = { type: 'done'; id: number; value: unknown } | { type: 'failed'; id: number; message: string };

export interface Analyzer {
  readonly threads: number;
  setContext(ctx: string, payload: ContextPayload): void;
  index(ctx: string, tasks: FileTask[]): Promise<IndexResult[]>;
  analyze(ctx: string, task: FileTask): Promise<AnalyzedFile | null>;
  dispose(): void;
}

/** Turns a context payload into what the index task needs (shared by both analyzers). */
export class ContextTable {
  private readonly table = new Map<string, { ctx: TaskContext; known: Set<string> }>();
  set(id: string, p: ContextPayload): void {
    this.table.set(id, {
      ctx: { lexicon: lexiconFromFiles(p.lexiconFiles), config: p.config, fingerprint: p.fingerprint, maxFileSize: p.maxFileSize },
      known: new Set(p.known),
    });
  }
  get(id: string): { ctx: TaskContext; known: Set<string> } {
    const entry = this.table.get(id);
    if (!entry) throw new Error(`unknown analysis context ${id}`);
    return entry;
  }
}

/** Handles one request; the worker thread and the in-process analyzer both call it. */
export async function handleRequest(table: ContextTable, req: WorkerRequest): Promise<unknown> {
  if (req.type === 'context') {
    table.set(req.ctx, req.payload);
    return null;
  }
  const { ctx, known } = table.get(req.ctx);
  if (req.type === 'analyze') return analyzeFile(req.task, ctx);
  const out: IndexResult[] = [];
  for (const t of req.tasks) out.push(await indexFile(t, ctx, known));
  return out;
}

export class InProcessAnalyzer implements Analyzer {
  readonly threads = 0;
  private readonly table = new ContextTable();
  setContext(ctx: string, payload: ContextPayload): void {
    this.table.set(ctx, payload);
  }
  async index(ctx: string, tasks: FileTask[]): Promise<IndexResult[]> {
    const out: IndexResult[] = [];
    for (const t of tasks) {
      // One file, then let the editor's requests through.
      await new Promise((r) => setImmediate(r));
      out.push(...((await handleRequest(this.table, { type: 'index', id: 0, ctx, tasks: [t] })) as IndexResult[]));
    }
    return out;
  }
  async analyze(ctx: string, task: FileTask): Promise<AnalyzedFile | null> {
    await new Promise((r) => setImmediate(r));
    return (await handleRequest(this.table, { type: 'analyze', id: 0, ctx, task })) as AnalyzedFile | null;
  }
  dispose(): void {}
}

interface Job {
  msg: WorkerRequest & { id: number };
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Job | null;
  dead: boolean;
}

export class WorkerPool implements Analyzer {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly contexts = new Map<string, ContextPayload>();
  private nextId = 1;
  private failures = 0;
  private disposed = false;

  constructor(
    private readonly script: string,
    // One core is left to the main thread and to V8's garbage collector threads: measured on
    // 2 cores, a second worker indexed only ~15% faster (the collectors of two allocation-heavy
    // workers compete for the same cores) and cost ~150 MB of memory.
    readonly threads: number = Math.max(1, availableParallelism() - 1),
    private readonly log: (msg: string) => void = () => {},
  ) {}

  /** Workers start with the first job and stop when idle: each holds its own copy of the core. */
  private static readonly IDLE_MS = 20_000;
  private idleTimer: NodeJS.Timeout | undefined;

  /** Too many worker crashes: the caller falls back to the main thread. */
  get broken(): boolean {
    return this.failures > 3 * this.threads;
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
    worker.unref();
    const slot: Slot = { worker, busy: null, dead: false };
    worker.on('message', (res: WorkerResponse) => {
      const job = slot.busy;
      if (!job || job.msg.id !== res.id) return;
      slot.busy = null;
      if (res.type === 'done') job.resolve(res.value);
      else job.reject(new Error(res.message));
      this.pump();
    });
    const crash = (why: string) => {
      if (this.disposed || slot.dead) return;
      slot.dead = true;
      this.failures++;
      this.log(`CaseMark worker stopped (${why}); ${this.broken ? 'no more restarts' : 'restarting it'}`);
      const job = slot.busy;
      slot.busy = null;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      job?.reject(new Error(`worker stopped: ${why}`));
      if (!this.broken) {
        this.pump();
      } else {
        for (const j of this.queue.splice(0)) j.reject(new Error('workers unavailable'));
      }
    };
    worker.on('error', (e) => crash(String(e)));
    worker.on('exit', (code) => crash(`exit ${code}`));
    for (const [ctx, payload] of this.contexts) worker.postMessage({ type: 'context', ctx, payload } satisfies WorkerRequest);
    return slot;
  }

  setContext(ctx: string, payload: ContextPayload): void {
    this.contexts.set(ctx, payload);
    for (const s of this.slots) s.worker.postMessage({ type: 'context', ctx, payload } satisfies WorkerRequest);
  }

  private run(msg: WorkerRequest & { id: number }): Promise<unknown> {
    if (this.broken) return Promise.reject(new Error('workers unavailable'));
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length > this.slots.filter((s) => !s.busy).length && this.slots.length < this.threads) this.slots.push(this.spawn());
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.busy = job;
      slot.worker.postMessage(job.msg);
    }
    if (this.queue.length === 0 && this.slots.every((s) => !s.busy)) {
      this.idleTimer = setTimeout(() => this.stopIdle(), WorkerPool.IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private stopIdle(): void {
    for (const s of this.slots.splice(0)) {
      s.dead = true;
      void s.worker.terminate();
    }
  }

  index(ctx: string, tasks: FileTask[]): Promise<IndexResult[]> {
    return this.run({ type: 'index', id: this.nextId++, ctx, tasks }) as Promise<IndexResult[]>;
  }

  analyze(ctx: string, task: FileTask): Promise<AnalyzedFile | null> {
    return this.run({ type: 'analyze', id: this.nextId++, ctx, task }) as Promise<AnalyzedFile | null>;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    for (const j of this.queue.splice(0)) j.reject(new Error('disposed'));
    for (const s of this.slots) void s.worker.terminate();
    this.slots.length = 0;
  }
}
