// What a workspace folder analyses notes with: its `.casemark/config.json` (merged with the
// editor's `casemark.severity`) and its lexicon (built-in + `.casemark/lexicon.json` + the
// `casemark.lexicons` paths). A broken file gets diagnostics on itself and the last good
// version of it stays in use, so a curator mid-edit never loses the lexicon.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { locateJsonPointer } from '../core/diagnostics/jsonLocation.ts';
import { MAX_CONFIG_BYTES, MAX_LEXICON_BYTES, readBounded, workspacePath } from './boundedRead.ts';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { DEFAULT_MAX_FILE_SIZE, Lexicon, parseConfig, parseLexiconFile, type CaseMarkConfig, type Diagnostic } from '../core/index.ts';
import type { LexiconFile } from '../core/lexicon/types.ts';
import type { CaseMarkSettings } from '../../../protocol/casemark.ts';

export const DEFAULT_SETTINGS: CaseMarkSettings = { lexicons: [], exclude: [], maxFileSize: null, severity: {} };

/** Settings as the client sent them, checked field by field (a client may send anything). */
export function readSettings(raw: unknown): CaseMarkSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const severity: CaseMarkSettings['severity'] = {};
  if (s.severity && typeof s.severity === 'object') {
    for (const [code, level] of Object.entries(s.severity as Record<string, unknown>)) {
      if (level === 'error' || level === 'warning' || level === 'information' || level === 'hint' || level === 'off') severity[code] = level;
    }
  }
  const max = typeof s.maxFileSize === 'number' && s.maxFileSize > 0 ? s.maxFileSize : null;
  return { lexicons: strings(s.lexicons), exclude: strings(s.exclude), maxFileSize: max, severity };
}

export interface AnalysisContext {
  /** Workspace folder path, null for notes outside every folder. */
  folderPath: string | null;
  lexicon: Lexicon;
  config: CaseMarkConfig;
  /** The workspace lexicon files in use, in order (workers rebuild the lexicon from them). */
  lexiconFiles: LexiconFile[];
  /** Paths of every config and lexicon file this context reads (watched for changes). */
  sourceFiles: string[];
  /** Changes whenever the lexicon, the size limit or the server build change; keys the content cache. */
  fingerprint: string;
  maxFileSize: number;
}

export interface LoadedContext {
  context: AnalysisContext;
  /** Diagnostics for config and lexicon files, by uri (empty arrays clear earlier ones). */
  fileDiagnostics: Map<string, Diagnostic[]>;
}

let builtinLexicon: Lexicon | undefined;
export function builtin(): Lexicon {
  builtinLexicon ??= Lexicon.builtin();
  return builtinLexicon;
}

/** Build the lexicon from files: the worker threads call this too. */
export function lexiconFromFiles(files: readonly LexiconFile[]): Lexicon {
  let lex = builtin();
  for (const f of files) lex = lex.withFile(f);
  return lex;
}


function problemDiagnostic(code: 'lexicon-error' | 'config-error', p: { message: string; line: number; character: number }): Diagnostic {
  const line = Math.max(0, p.line);
  const character = Math.max(0, p.character);
  return { range: { start: { line, character }, end: { line, character: character + 1 } }, severity: 'error', code, message: p.message };
}

let stamp: Promise<string> | undefined;

/**
 * Identity of the running server build: results cached by another build are not reused.
 * A hash of the bundles' content, not their dates, so rebuilding the same code keeps the cache.
 */
function buildStamp(): Promise<string> {
  stamp ??= (async () => {
    if (typeof __filename !== 'string') return 'dev';
    const hash = createHash('sha1');
    for (const file of [__filename, path.join(path.dirname(__filename), 'worker.js')]) {
      try {
        hash.update(await readFile(file));
      } catch {
        hash.update(file);
      }
    }
    return hash.digest('hex');
  })();
  return stamp;
}

/** The context of a folder; never rejects: a failure is a diagnostic on config.json and the built-in lexicon is used. */
export async function loadContext(
  folderPath: string | null,
  settings: CaseMarkSettings,
  lastGood: Map<string, LexiconFile>,
): Promise<LoadedContext> {
  try {
    return await readContext(folderPath, settings, lastGood);
  } catch (e) {
    const fileDiagnostics = new Map<string, Diagnostic[]>();
    if (folderPath) {
      const configUri = URI.file(path.join(folderPath, '.casemark', 'config.json')).toString();
      fileDiagnostics.set(configUri, [problemDiagnostic('config-error', { message: `CaseMark could not load this folder's configuration and uses its defaults: ${String(e).split('\n')[0]}`, line: 0, character: 0 })]);
    }
    const context: AnalysisContext = { folderPath, lexicon: builtin(), config: { severity: settings.severity, lexicons: [], exclude: settings.exclude }, lexiconFiles: [], sourceFiles: [], fingerprint: `fallback-${Date.now()}`, maxFileSize: settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE };
    return { context, fileDiagnostics };
  }
}

async function readContext(
  folderPath: string | null,
  settings: CaseMarkSettings,
  lastGood: Map<string, LexiconFile>,
): Promise<LoadedContext> {
  const fileDiagnostics = new Map<string, Diagnostic[]>();
  const sourceFiles: string[] = [];
  const hash = createHash('sha1').update(await buildStamp());
  let config: CaseMarkConfig = { severity: {}, lexicons: [], exclude: [] };
  let configText = '';

  if (folderPath) {
    const configPath = path.join(folderPath, '.casemark', 'config.json');
    sourceFiles.push(configPath);
    const read = readBounded(configPath, MAX_CONFIG_BYTES);
    const configUri = URI.file(configPath).toString();
    if ('problem' in read) fileDiagnostics.set(configUri, [problemDiagnostic('config-error', { message: read.problem, line: 0, character: 0 })]);
    else if ('text' in read) {
      configText = read.text;
      const parsed = parseConfig(configText, configPath);
      config = parsed.config;
      fileDiagnostics.set(configUri, parsed.problems.map((p) => problemDiagnostic('config-error', p)));
    }
  }
  // Lexicon paths must be relative and stay inside the workspace folder; a refused one is
  // reported on config.json where it is named (or on the path, when a setting names it).
  const configDiagnostics = folderPath ? fileDiagnostics.get(URI.file(path.join(folderPath, '.casemark', 'config.json')).toString()) : undefined;
  const lexiconPaths: string[] = folderPath ? [path.join(folderPath, '.casemark', 'lexicon.json')] : [];
  const named = [...config.lexicons.map((p, i) => ({ p, pointer: `/lexicons/${i}` })), ...settings.lexicons.map((p) => ({ p, pointer: null }))];
  for (const { p, pointer } of named) {
    const where = folderPath ? workspacePath(folderPath, p) : { problem: `Lexicon path "${p}" names no workspace folder; open the folder that holds it.` };
    if ('path' in where) {
      if (!lexiconPaths.includes(where.path)) lexiconPaths.push(where.path);
      continue;
    }
    if (pointer && configDiagnostics) configDiagnostics.push(problemDiagnostic('lexicon-error', { message: where.problem, ...locateJsonPointer(configText, pointer) }));
    else fileDiagnostics.set(URI.file(path.resolve(folderPath ?? '/', p)).toString(), [problemDiagnostic('lexicon-error', { message: where.problem, line: 0, character: 0 })]);
  }

  const lexiconFiles: LexiconFile[] = [];
  for (const file of lexiconPaths) {
    sourceFiles.push(file);
    const read = readBounded(file, MAX_LEXICON_BYTES);
    const uri = URI.file(file).toString();
    if ('missing' in read) {
      lastGood.delete(file);
      fileDiagnostics.set(uri, []);
      continue;
    }
    if ('problem' in read) {
      lastGood.delete(file);
      fileDiagnostics.set(uri, [problemDiagnostic('lexicon-error', { message: read.problem, line: 0, character: 0 })]);
      continue;
    }
    const text = read.text;
    let parsed: ReturnType<typeof parseLexiconFile>;
    try {
      parsed = parseLexiconFile(text, file);
    } catch (e) {
      parsed = { file: null, problems: [{ path: file, message: `Cannot read lexicon: ${String(e)}`, line: 0, character: 0 }] };
    }
    fileDiagnostics.set(uri, parsed.problems.map((p) => problemDiagnostic('lexicon-error', p)));
    let use: LexiconFile | undefined;
    if (parsed.file && parsed.problems.length === 0) {
      try {
        builtin().withFile(parsed.file); // a file the lexicon refuses is as broken as bad JSON
        use = parsed.file;
        lastGood.set(file, parsed.file);
      } catch (e) {
        fileDiagnostics.set(uri, [problemDiagnostic('lexicon-error', { message: `Lexicon rejected: ${String(e)}`, line: 0, character: 0 })]);
      }
    }
    use ??= lastGood.get(file);
    if (use) {
      lexiconFiles.push(use);
      hash.update(JSON.stringify(use));
    }
  }

  const merged: CaseMarkConfig = {
    severity: { ...config.severity, ...settings.severity },
    lexicons: config.lexicons,
    exclude: [...config.exclude, ...settings.exclude],
  };
  // The editor's setting, else the workspace's config.json, else 10 MiB: the CLI's order too.
  const maxFileSize = settings.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // Severities do not change what the index keeps (cases and keys), so they stay out of it.
  hash.update(String(maxFileSize));
  let lexicon: Lexicon;
  try {
    lexicon = lexiconFromFiles(lexiconFiles);
  } catch {
    lexicon = builtin();
  }
  return {
    context: { folderPath, lexicon, config: merged, lexiconFiles, sourceFiles, fingerprint: hash.digest('hex'), maxFileSize },
    fileDiagnostics,
  };
}
