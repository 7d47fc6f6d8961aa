// One unit of indexing work, the same in a worker thread and on the main thread: read a
// note, key it by content, and either report a cache hit or analyze it and summarize.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { analyzeDocument, tooLargeDiagnostics, type CaseMarkConfig, type Diagnostic, type DocumentAnalysis, type Lexicon } from '../core/index.ts';
import { summarize, summarizeScan, tooLargeSummary, type FileSummary } from './summary.ts';
import { scanNote } from '../core/scan.ts';
import { baseName } from '../core/analyze.ts';

export interface FileTask {
  uri: string;
  fsPath: string;
  /** Path as exported: relative to the workspace folder, forward slashes. */
  path: string;
}

export interface TaskContext {
  lexicon: Lexicon;
  config: CaseMarkConfig;
  fingerprint: string;
  maxFileSize: number;
}

export type IndexResult =
  | { uri: string; key: string; cached: true }
  | { uri: string; key: string; cached: false; summary: FileSummary }
  | { uri: string; missing: true };

/** Cache key of a note: its content, where it lives (implicit case ids come from the file name) and the context. */
export function contentKey(fingerprint: string, uri: string, content: string | Buffer): string {
  return createHash('sha1').update(fingerprint).update('\0').update(uri).update('\0').update(content).digest('hex');
}

export function tooLargeKey(fingerprint: string, uri: string, size: number): string {
  return createHash('sha1').update(fingerprint).update('\0').update(uri).update(`\0too-large:${size}`).digest('hex');
}

export async function indexFile(task: FileTask, ctx: TaskContext, known: ReadonlySet<string>): Promise<IndexResult> {
  let size: number;
  try {
    size = (await stat(task.fsPath)).size;
  } catch {
    return { uri: task.uri, missing: true };
  }
  if (size > ctx.maxFileSize) {
    const key = tooLargeKey(ctx.fingerprint, task.uri, size);
    return { uri: task.uri, key, cached: false, summary: tooLargeSummary(task.uri, task.path) };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(task.fsPath);
  } catch {
    return { uri: task.uri, missing: true };
  }
  const key = contentKey(ctx.fingerprint, task.uri, bytes);
  if (known.has(key)) return { uri: task.uri, key, cached: true };
  const text = bytes.toString('utf8');
  // The index keeps only cases, drug/lab keys and disable comments: the line scan gives
  // them ~14× faster than a full analysis (tests hold the two to the same answer).
  let summary: FileSummary;
  try {
    summary = summarizeScan(task.uri, task.path, scanNote(text, baseName(task.uri), ctx.lexicon));
  } catch {
    summary = summarize(analyzeSafely(text, task, ctx));
  }
  return { uri: task.uri, key, cached: false, summary };
}

/** Full analysis of a note on disk (export and the summary panel of a note that is not open). */
export async function analyzeFile(task: FileTask, ctx: TaskContext): Promise<{ analysis: DocumentAnalysis; text: string | undefined } | null> {
  let text: string;
  try {
    const size = (await stat(task.fsPath)).size;
    // No text: exports list the note with its problem, and quote or hash nothing of it.
    if (size > ctx.maxFileSize) return { analysis: tooLargeAnalysis(task, ctx, size), text: undefined };
    text = await readFile(task.fsPath, 'utf8');
  } catch {
    return null;
  }
  return { analysis: analyzeSafely(text, task, ctx), text };
}

/** A note above the size limit (`maxFileSize`): one diagnostic instead of an analysis. */
export function tooLargeAnalysis(task: { uri: string; path: string }, ctx: Pick<TaskContext, 'config' | 'maxFileSize'>, size: number): DocumentAnalysis {
  const diagnostics = tooLargeDiagnostics(size, ctx.maxFileSize, ctx.config);
  const analysis: DocumentAnalysis = { uri: task.uri, path: task.path, source: null, cases: [], unassigned: [], annotations: [], headings: [], diagnostics, lineCount: 0, suppressions: [] };
  tooLarge.add(analysis);
  return analysis;
}

const tooLarge = new WeakSet<DocumentAnalysis>();

/** Whether an analysis (made on this thread) stands for a note too large to analyze. */
export function isTooLarge(analysis: DocumentAnalysis): boolean {
  return tooLarge.has(analysis);
}

/** A note the core cannot analyze still gets an (empty) analysis: indexing never stops on one file. */
export function analyzeSafely(text: string, task: { uri: string; path: string }, ctx: TaskContext): DocumentAnalysis {
  try {
    return analyzeDocument(text, { uri: task.uri, path: task.path, lexicon: ctx.lexicon, config: ctx.config });
  } catch (e) {
    return {
      uri: task.uri,
      path: task.path,
      source: null,
      cases: [],
      unassigned: [],
      annotations: [],
      headings: [],
      diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'internal-error', message: `CaseMark could not analyze this note: ${String(e)}` }],
      lineCount: 0,
      suppressions: [],
    };
  }
}
