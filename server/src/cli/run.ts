// Analyses a list of notes, on worker threads when there are many (both cores), and gives
// back what check, export and summary need. Workers and the main thread run the same
// analyseFile, so the result does not depend on how the work was split.
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyzeDocument, toExportDocument, tooLargeDiagnostics, type Case, type ExportDocument, type Suppression } from '../core/index.ts';
import { loadProject, type Project } from './project.ts';
import { readNote as readBoundedNote } from './files.ts';

/** What a file's analysis leaves for the rest of the run (small enough to cross threads). */
export interface FileResult {
  uri: string;
  path: string;
  document: ExportDocument;
  /** The fields crossFileDiagnostics reads. */
  cases: Pick<Case, 'id' | 'idRange' | 'headerRange'>[];
  suppressions: Suppression[];
  text?: string;
  error?: string;
}

type Read = { uri: string; text: string } | { uri: string; failed: FileResult };

function readNote(project: Project, path: string): Read {
  const full = resolve(project.root, path);
  const uri = pathToFileURL(full).href;
  const read = readBoundedNote(full, project.maxFileSize);
  const empty = { path, source: null, cases: [], unassigned: [], diagnostics: [] };
  if ('error' in read) return { uri, failed: { uri, path, document: empty, cases: [], suppressions: [], error: `cannot read ${path}: ${read.error}` } };
  // Refused before it is read: listed, with its one problem, and no text (no quote, no hash of it).
  if ('tooLarge' in read) return { uri, failed: { uri, path, document: { ...empty, diagnostics: tooLargeDiagnostics(read.tooLarge, project.maxFileSize, project.config) }, cases: [], suppressions: [] } };
  return { uri, text: read.text };
}

export function analyseFile(project: Project, path: string, keep: Keep): FileResult {
  const read = readNote(project, path);
  return 'failed' in read ? read.failed : analyseText(project, path, read.uri, read.text, keep);
}

function analyseText(project: Project, path: string, uri: string, text: string, keep: Keep): FileResult {
  const analysis = analyzeDocument(text, { uri, path, lexicon: project.lexicon, config: project.config });
  const document = toExportDocument(analysis);
  // `check` needs only the diagnostics: dropping the annotations keeps memory flat on big runs.
  if (!keep.annotations) for (const c of document.cases) c.annotations = [];
  if (!keep.annotations) document.unassigned = [];
  return {
    uri,
    path,
    document,
    cases: analysis.cases.map((c) => ({ id: c.id, idRange: c.idRange, headerRange: c.headerRange })),
    suppressions: analysis.suppressions,
    ...(keep.text ? { text } : {}),
  };
}

/** What to keep of each file beyond its diagnostics. */
export interface Keep {
  text: boolean;
  annotations: boolean;
}

export interface RunOptions {
  keep: Keep;
  onProgress?: (done: number, total: number) => void;
}

const PARALLEL_THRESHOLD = 64;

export async function analyseAll(project: Project, paths: string[], options: RunOptions): Promise<FileResult[]> {
  const jobs = Number(process.env.CASEMARK_JOBS) || Math.min(availableParallelism(), 4);
  const workers = Math.min(jobs, Math.ceil(paths.length / PARALLEL_THRESHOLD));
  if (workers <= 1 || !isBundle()) {
    const out: FileResult[] = [];
    for (const p of paths) {
      out.push(analyseFile(project, p, options.keep));
      options.onProgress?.(out.length, paths.length);
    }
    return out;
  }
  // Workers take files from a shared queue one batch at a time, so a slow file doesn't hold up one worker's whole share.
  const results = new Array<FileResult>(paths.length);
  let next = 0;
  let done = 0;
  const batch = 16;
  await Promise.all(
    Array.from({ length: workers }, () =>
      new Promise<void>((resolveWorker, reject) => {
        const worker = new Worker(__filename, { workerData: { root: project.root, maxFileSize: project.maxFileSize, keep: options.keep } });
        const feed = () => {
          if (next >= paths.length) {
            void worker.terminate();
            resolveWorker();
            return;
          }
          const start = next;
          next = Math.min(paths.length, next + batch);
          worker.postMessage({ start, paths: paths.slice(start, next) });
        };
        worker.on('message', (msg: { start: number; results: FileResult[] }) => {
          msg.results.forEach((r, i) => (results[msg.start + i] = r));
          done += msg.results.length;
          options.onProgress?.(done, paths.length);
          feed();
        });
        worker.on('error', reject);
        feed();
      }),
    ),
  );
  return results;
}

/** True when running from the esbuild bundle (CommonJS), where the bundle can be its own worker. */
function isBundle(): boolean {
  return typeof __filename === 'string' && __filename.endsWith('.js');
}

/** Worker side: analyse the batches the main thread posts. */
export function workerMain(data: { root: string; maxFileSize: number; keep: Keep }, port: { on(ev: 'message', f: (m: { start: number; paths: string[] }) => void): void; postMessage(m: unknown): void }): void {
  const project = loadProject(data.root, data.maxFileSize);
  port.on('message', (msg) => {
    port.postMessage({ start: msg.start, results: msg.paths.map((p) => analyseFile(project, p, data.keep)) });
  });
}

