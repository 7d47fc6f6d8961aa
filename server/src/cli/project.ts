// What a run of the CLI stands on: the lexicon (built-in plus the workspace's own files) and
// `.casemark/config.json`, read from the folder the command runs in, as the editor reads them
// from the workspace folder.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Lexicon, parseConfig, parseLexiconFile, type CaseMarkConfig } from '../core/index.ts';
import { DEFAULT_CONFIG } from '../core/diagnostics/config.ts';

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
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function loadProject(root: string): Project {
  const problems: FileProblem[] = [];
  let config = DEFAULT_CONFIG;
  const configPath = join('.casemark', 'config.json');
  const configText = read(join(root, configPath));
  if (configText !== null) {
    const r = parseConfig(configText, configPath);
    config = r.config;
    for (const p of r.problems) problems.push({ ...p, path: configPath, code: 'config-error' });
  }
  let lexicon = Lexicon.builtin();
  const lexiconPaths = [join('.casemark', 'lexicon.json'), ...config.lexicons];
  for (const path of lexiconPaths) {
    const full = resolve(root, path);
    if (!existsSync(full)) {
      if (path !== lexiconPaths[0]) problems.push({ path, line: 0, character: 0, code: 'lexicon-error', message: `Lexicon file ${path} named in .casemark/config.json does not exist.` });
      continue;
    }
    const text = read(full);
    if (text === null) {
      problems.push({ path, line: 0, character: 0, code: 'lexicon-error', message: `Cannot read lexicon file ${path}.` });
      continue;
    }
    const r = parseLexiconFile(text, path);
    for (const p of r.problems) problems.push({ ...p, path, code: 'lexicon-error' });
    if (r.file) lexicon = lexicon.withFile(r.file);
  }
  return { root, lexicon, config, problems };
}
