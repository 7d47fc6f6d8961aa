// What a workspace folder analyses notes with: its `.casemark/config.json` (merged with the
// editor's `casemark.severity`) and its lexicon (built-in + `.casemark/lexicon.json` + the
// `casemark.lexicons` paths). A broken file gets diagnostics on itself and the last good
// version of it stays in use, so a curator mid-edit never loses the lexicon.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Lexicon, parseConfig, parseLexiconFile, type CaseMarkConfig, type Diagnostic } from '../core/index.ts';
import type { LexiconFile } from '../core/lexicon/types.ts';
import type { CaseMarkSettings } from '../../../protocol/casemark.ts';

export const DEFAULT_SETTINGS: CaseMarkSettings = { lexicons: [], exclude: [], maxFileSize: 10 * 1024 * 1024, severity: {} };

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
  const max = typeof s.maxFileSize === 'number' && s.maxFileSize > 0 ? s.maxFileSize : DEFAULT_SETTINGS.maxFileSize;
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

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
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

export async function loadContext(
  folderPath: string | null,
  settings: CaseMarkSettings,
  lastGood: Map<string, LexiconFile>,
): Promise<LoadedContext> {
  const fileDiagnostics = new Map<string, Diagnostic[]>();
  const sourceFiles: string[] = [];
  const hash = createHash('sha1').update(await buildStamp());
  let config: CaseMarkConfig = { severity: {}, lexicons: [], exclude: [] };

  if (folderPath) {
    const configPath = path.join(folderPath, '.casemark', 'config.json');
    sourceFiles.push(configPath);
    const text = await readText(configPath);
    if (text !== null) {
      const parsed = parseConfig(text, configPath);
      config = parsed.config;
      fileDiagnostics.set(URI.file(configPath).toString(), parsed.problems.map((p) => problemDiagnostic('config-error', p)));
    }
  }
  const resolve = (p: string) => (path.isAbsolute(p) || !folderPath ? p : path.join(folderPath, p));
  const lexiconPaths = [
    ...(folderPath ? [path.join(folderPath, '.casemark', 'lexicon.json')] : []),
    ...config.lexicons.map(resolve),
    ...settings.lexicons.map(resolve),
  ].filter((p, i, all) => all.indexOf(p) === i);

  const lexiconFiles: LexiconFile[] = [];
  for (const file of lexiconPaths) {
    sourceFiles.push(file);
    const text = await readText(file);
    const uri = URI.file(file).toString();
    if (text === null) {
      lastGood.delete(file);
      fileDiagnostics.set(uri, []);
      continue;
    }
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
  // Severities do not change what the index keeps (cases and keys), so they stay out of it.
  hash.update(String(settings.maxFileSize));
  let lexicon: Lexicon;
  try {
    lexicon = lexiconFromFiles(lexiconFiles);
  } catch {
    lexicon = builtin();
  }
  return {
    context: { folderPath, lexicon, config: merged, lexiconFiles, sourceFiles, fingerprint: hash.digest('hex'), maxFileSize: settings.maxFileSize },
    fileDiagnostics,
  };
}
