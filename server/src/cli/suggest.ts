// `casemark suggest <files|folders…> [--write]` (spec sections 6 and 9): proposes annotations
// for the text of each note that is not yet inside a directive, one line each as
// `path:line:col kind text`; with --write, wraps them in the files and prints each wrapped
// annotation as `path:line:col :kind[text]`. Positions are those of the note before writing.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applySuggestions, suggestAnnotations } from '../core/suggest/index.ts';
import { collectNotes, readNote, UsageError } from './files.ts';
import { tooLargeDiagnostics } from '../core/index.ts';
import { escapeLine } from '../core/diagnostics/oneLine.ts';
import type { Project } from './project.ts';

export function runSuggest(project: Project, args: string[], write: boolean): { lines: string[]; refused: string[]; summary: string } {
  const paths = collectNotes(args, project.root, project.config.exclude);
  const lines: string[] = [];
  const refused: string[] = [];
  let total = 0;
  let changed = 0;
  for (const path of paths) {
    const full = resolve(project.root, path);
    const read = readNote(full, project.maxFileSize);
    if ('error' in read) throw new UsageError(`cannot read ${path}: ${read.error}`);
    if ('tooLarge' in read) {
      // Not read, so nothing to suggest: said on standard error, as `check` says it.
      for (const d of tooLargeDiagnostics(read.tooLarge, project.maxFileSize, project.config)) refused.push(`${escapeLine(path)}:1:1 ${d.severity} ${d.code} ${d.message}`);
      continue;
    }
    const text = read.text;
    const suggestions = suggestAnnotations(text, project.lexicon);
    for (const s of suggestions) {
      const shown = s.text.replace(/\s+/g, ' ');
      const at = `${path}:${s.range.start.line + 1}:${s.range.start.character + 1}`;
      const attrs = s.attrs ? `{${s.attrs}}` : '';
      lines.push(write ? `${at} :${s.kind}[${shown}]${attrs}` : `${at} ${s.kind} ${shown}${attrs && ' ' + attrs}`);
    }
    total += suggestions.length;
    if (write && suggestions.length) {
      try {
        writeFileSync(full, applySuggestions(text, suggestions));
      } catch (e) {
        throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      changed++;
    }
  }
  const n = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  const summary = write
    ? `${n(total, 'annotation')} written into ${n(changed, 'note')} of ${paths.length}.`
    : `${n(total, 'suggestion')} in ${n(paths.length, 'note')}; run with --write to wrap them.`;
  return { lines, refused, summary };
}
