// What a run of the CLI stands on: the lexicon (built-in plus the workspace's own files) and
// `.casemark/config.json`, read from the folder the command runs in, as the editor reads them
// from the workspace folder.
import { join } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, Lexicon, parseConfig, parseLexiconFile, type CaseMarkConfig } from '../core/index.ts';
import { DEFAULT_CONFIG } from '../core/diagnostics/config.ts';
import { locateJsonPointer } from '../core/diagnostics/jsonLocation.ts';
import { MAX_CONFIG_BYTES, MAX_LEXICON_BYTES, readBounded, workspacePath } from '../workspace/boundedRead.ts';

export interface FileProblem {
  path: string;
  line: number;
  character: number;
  code: 'lexicon-error' | 'config-error';
  message: string;
}

export interface Project {
  root: string;
  lexicon: Lexicon;
  config: CaseMarkConfig;
  problems: FileProblem[];
  /** Notes above this many bytes are refused before they are read: --max-file-size, else config.json's maxFileSize, else 10 MiB. */
  maxFileSize: number;
}

export function loadProject(root: string, maxFileSize?: number): Project {
  const problems: FileProblem[] = [];
  let config = DEFAULT_CONFIG;
  const configPath = join('.casemark', 'config.json');
  const configRead = readBounded(join(root, configPath), MAX_CONFIG_BYTES);
  let configText = '';
  if ('problem' in configRead) problems.push({ path: configPath, line: 0, character: 0, code: 'config-error', message: configRead.problem });
  else if ('text' in configRead) {
    configText = configRead.text;
    const r = parseConfig(configText, configPath);
    config = r.config;
    for (const p of r.problems) problems.push({ ...p, path: configPath, code: 'config-error' });
  }
  let lexicon = Lexicon.builtin();
  const lexiconPaths = [join('.casemark', 'lexicon.json'), ...config.lexicons];
  lexiconPaths.forEach((path, i) => {
    const named = i > 0;
    // A path named in config.json is reported where it is named.
    const at = named ? { path: configPath, ...locateJsonPointer(configText, `/lexicons/${i - 1}`) } : { path, line: 0, character: 0 };
    const where = workspacePath(root, path);
    if ('problem' in where) {
      problems.push({ ...at, code: 'lexicon-error', message: where.problem });
      return;
    }
    const read = readBounded(where.path, MAX_LEXICON_BYTES);
    if ('missing' in read) {
      if (named) problems.push({ ...at, code: 'lexicon-error', message: `Lexicon file ${path} named in .casemark/config.json does not exist.` });
      return;
    }
    if ('problem' in read) {
      problems.push({ ...at, code: 'lexicon-error', message: read.problem.replace(where.path, path) });
      return;
    }
    const r = parseLexiconFile(read.text, path);
    for (const p of r.problems) problems.push({ ...p, path, code: 'lexicon-error' });
    if (r.file) {
      try {
        lexicon = lexicon.withFile(r.file);
      } catch (e) {
        problems.push({ path, line: 0, character: 0, code: 'lexicon-error', message: `Lexicon rejected: ${String(e)}` });
      }
    }
  });
  return { root, lexicon, config, problems, maxFileSize: maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE };
}
