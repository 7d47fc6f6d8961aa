// `casemark agree <a> <b> [--format table|json]`: agreement between two curators' notes of
// the same papers (spec section 9). The figures come from the core (core/agree); this file
// reads the notes, pairs them, and prints a table or JSON.
import { statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  analyzeDocument,
  ANNOTATION_KINDS,
  compareNotes,
  differentPapers,
  KAPPA_CATEGORIES,
  KAPPA_UNIT,
  pairNotes,
  pooledFigures,
  tooLargeMessage,
  type Agreement,
  type AgreementNote,
  type Figures,
  type NoteIdentity,
  type NotePair,
} from '../core/index.ts';
import { collectNotes, parseMaxFileSize, readNote, toPosix, UsageError } from './files.ts';
import type { Project } from './project.ts';

const FORMATS = ['table', 'json'] as const;

interface ReadNote extends NoteIdentity, AgreementNote {}

/** Runs the command; returns what to print on standard output and on standard error. */
export function agree(args: string[], project: Project): { stdout: string; stderr: string } {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', short: 'f' }, 'max-file-size': { type: 'string' } } });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const format = (parsed.values.format ?? 'table') as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (expected ${FORMATS.join(' or ')})`);
  if (parsed.positionals.length !== 2) throw new UsageError('agree needs two notes or two folders: casemark agree <a> <b>');
  const [argA, argB] = parsed.positionals;
  project.maxFileSize = parseMaxFileSize(parsed.values['max-file-size']) ?? project.maxFileSize;
  const warnings = project.problems.map((p) => `casemark: warning: ${p.path}:${p.line + 1}:${p.character + 1} ${p.code} ${p.message}`);
  const a = readSide(argA, project, warnings);
  const b = readSide(argB, project, warnings);

  let pairs: NotePair[];
  let onlyA: string[] = [];
  let onlyB: string[] = [];
  if (a.file && b.file) {
    pairs = [{ a: a.notes[0].path, b: b.notes[0].path, by: 'arguments', id: null }];
    if (differentPapers(a.notes[0], b.notes[0])) warnings.push(`casemark: warning: ${argA} and ${argB} name different papers in their front matter`);
  } else {
    ({ pairs, onlyA, onlyB } = pairNotes(a.notes, b.notes));
    for (const p of onlyA) warnings.push(`casemark: warning: ${p} has no partner in ${argB}`);
    for (const p of onlyB) warnings.push(`casemark: warning: ${p} has no partner in ${argA}`);
  }
  if (!pairs.length) throw new UsageError(`no note of ${argA} pairs with a note of ${argB} (by DOI, PMID or file name)`);

  const notesA = new Map(a.notes.map((n) => [n.path, n]));
  const notesB = new Map(b.notes.map((n) => [n.path, n]));
  const results = pairs.map((p) => ({ pair: p, agreement: compareNotes(notesA.get(p.a)!, notesB.get(p.b)!) }));
  const pooled = pooledFigures(results.map((r) => r.agreement));
  const stdout = format === 'json' ? json(results, pooled, onlyA, onlyB) : table(results, pooled);
  return { stdout, stderr: warnings.map((w) => w + '\n').join('') };
}

/** One curator's notes; a note above the size limit is left out with a warning (or refused, when it is the one note named). */
function readSide(arg: string, project: Project, warnings: string[]): { file: boolean; notes: ReadNote[] } {
  const full = resolve(project.root, arg);
  const paths = collectNotes([arg], project.root, project.config.exclude);
  const file = !statSync(full).isDirectory();
  if (!paths.length) throw new UsageError(`${arg} holds no *.md notes`);
  const notes = paths.flatMap((path) => {
    const abs = resolve(project.root, path);
    const read = readNote(abs, project.maxFileSize);
    if ('error' in read) throw new UsageError(`cannot read ${path}: ${read.error}`);
    if ('tooLarge' in read) {
      const line = `${path}:1:1 note-too-large ${tooLargeMessage(read.tooLarge, project.maxFileSize)}`;
      if (file) throw new UsageError(line);
      warnings.push(`casemark: warning: ${line}`);
      return [];
    }
    const text = read.text;
    const analysis = analyzeDocument(text, { uri: pathToFileURL(abs).href, path, lexicon: project.lexicon, config: project.config });
    return { path, text, analysis, source: analysis.source, name: file ? basename(abs) : toPosix(relative(full, abs)) };
  });
  return { file, notes };
}

type Result = { pair: NotePair; agreement: Agreement };

function json(results: Result[], pooled: ReturnType<typeof pooledFigures>, onlyA: string[], onlyB: string[]): string {
  const out = {
    format: 'casemark-agreement',
    version: 1,
    kappa: { unit: KAPPA_UNIT, categories: KAPPA_CATEGORIES },
    pairs: results.map(({ pair, agreement }) => ({
      a: pair.a,
      b: pair.b,
      pairedBy: pair.by,
      id: pair.id,
      words: agreement.words,
      figures: agreement.figures,
      confusion: agreement.confusion,
      disagreements: agreement.disagreements,
    })),
    onlyA,
    onlyB,
    overall: pooled,
  };
  return JSON.stringify(out, null, 2) + '\n';
}

const ratio = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** The figures as an aligned text table, one row per kind and one overall. */
export function figuresTable(figures: Figures): string[] {
  const head = ['kind', 'in a', 'in b', 'exact', 'exact F1', 'overlap', 'overlap F1', 'same value', 'value agr.', 'kappa'];
  const rows = [...ANNOTATION_KINDS, 'overall' as const].map((k) => {
    const f = figures[k];
    return [k, f.a, f.b, f.exact, ratio(f.exactF1), f.overlap, ratio(f.overlapF1), `${f.valuesAgreed}/${f.valuesCompared}`, ratio(f.valueAgreement), ratio(f.kappa)].map(String);
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

function table(results: Result[], pooled: ReturnType<typeof pooledFigures>): string {
  const out: string[] = [];
  for (const { pair, agreement: g } of results) {
    const how = pair.by === 'arguments' ? '' : pair.by === 'name' ? ' (same file name)' : ` (same ${pair.by.toUpperCase()} ${pair.id})`;
    out.push(`a: ${pair.a}`, `b: ${pair.b}${how}`, `words: ${g.words.a} in a, ${g.words.b} in b, ${g.words.aligned} aligned`, '', ...figuresTable(g.figures), '');
    if (g.disagreements.length) {
      out.push(`disagreements (${g.disagreements.length}):`);
      for (const d of g.disagreements) out.push(`  ${where(pair.a, d.a.range)}  ${where(pair.b, d.b.range)}  ${d.type}  ${d.message}`);
    } else out.push('no disagreements');
    out.push('');
  }
  if (results.length > 1) out.push(`all ${results.length} pairs:`, '', ...figuresTable(pooled.figures), '');
  out.push(`kappa unit: ${KAPPA_UNIT}; categories: ${KAPPA_CATEGORIES.join(', ')}.`);
  out.push('F1 is 2 × matched / (in a + in b), matches one to one; exact: the same words, overlap: a word in common.');
  return out.join('\n') + '\n';
}

function where(path: string, range: { start: { line: number; character: number } } | null): string {
  return range ? `${path}:${range.start.line + 1}:${range.start.character + 1}` : `${path}:-`;
}
