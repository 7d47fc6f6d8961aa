// `casemark`: the command-line twin of the language server, over the same core.
//   casemark check <files|folders…>
//   casemark export <files|folders…> --format json|ndjson|csv|fhir|w3c|bioc|bioc-xml|brat [--out FILE|DIR] [--strict]
//   casemark summary [files|folders…]   (check, then a readable summary of each case)
//   casemark agree <a> <b> [--format table|json]   (agreement between two curators)
//   casemark report <files|folders…> --out report.html   (one self-contained HTML page)
//   casemark suggest <files|folders…> [--write]   (suggested annotations, or wrap them)
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { addDiagnostics, crossFileDiagnostics, doseDrugNames, type ExportDocument } from '../core/index.ts';
import { collectNotes, parseMaxFileSize, UsageError } from './files.ts';
import { loadProject, type Project } from './project.ts';
import { analyseAll, workerMain, type FileResult, type Keep } from './run.ts';
import { summarize } from './summary.ts';
import { agree } from './agree.ts';
import { reportHtml } from './report.ts';
import { runSuggest } from './suggest.ts';
import { escapeLine, oneLine } from '../core/diagnostics/oneLine.ts';
import { progressBar } from './progress.ts';
import { checkFormat, NEEDS_TEXT, problemLine, writeExport } from './exportCommand.ts';

const USAGE = `Usage:
  casemark check <files|folders...>
  casemark export <files|folders...> --format json|ndjson|csv|fhir|w3c [--out FILE] [--strict]
  casemark export <files|folders...> --format bioc|bioc-xml [--out DIR] [--strict]
  casemark export <files|folders...> --format brat --out DIR [--strict]
  casemark summary [files|folders...]   (default: examples)
  casemark agree <a> <b> [--format table|json]   (two curators' notes or folders)
  casemark report <files|folders...> --out report.html
  casemark suggest <files|folders...> [--write]
Folders are searched for *.md. check exits 1 when an error is found, 0 otherwise; bad arguments exit 2.
Every command takes --max-file-size BYTES: notes above it (default: maxFileSize in
.casemark/config.json, else 10485760) are not read and get one note-too-large warning.
export writes the export all the same and counts the notes' errors and warnings on standard
error; with --strict it exits 1 when there are errors. bioc and bioc-xml without --out write
one collection to standard output; with --out DIR, one file per note.`;

interface Outcome {
  results: FileResult[];
  documents: ExportDocument[];
  errors: number;
  lines: string[];
}

/** Analyses the notes and merges cross-file diagnostics, as the language server does. */
async function analyse(project: Project, args: string[], keep: Keep): Promise<Outcome> {
  const paths = collectNotes(args, project.root, project.config.exclude);
  const bar = progressBar(paths.length);
  const results = await analyseAll(project, paths, { keep, onProgress: bar.update });
  bar.done();
  const unreadable = results.find((r) => r.error);
  if (unreadable) throw new UsageError(unreadable.error);
  const cross = crossFileDiagnostics(results, project.config);
  const documents = results.map((r) => addDiagnostics(r.document, cross.get(r.uri) ?? []));
  const lines: string[] = [];
  let errors = 0;
  for (const p of project.problems) {
    lines.push(`${escapeLine(p.path)}:${p.line + 1}:${p.character + 1} error ${p.code} ${oneLine(p.message)}`);
    errors++;
  }
  for (const d of documents) {
    for (const diag of d.diagnostics) {
      if (diag.severity === 'error') errors++;
      lines.push(`${escapeLine(d.path)}:${diag.range.start.line + 1}:${diag.range.start.character + 1} ${diag.severity} ${diag.code} ${oneLine(diag.message)}`);
    }
  }
  return { results, documents, errors, lines };
}

function write(out: string, content: string): void {
  try {
    writeFileSync(out, content);
  } catch (e) {
    throw new UsageError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write('casemark 0.1.0\n');
    return 0;
  }
  if (command === 'agree') {
    const out = agree(rest, loadProject(process.cwd()));
    process.stderr.write(out.stderr);
    process.stdout.write(out.stdout);
    return 0;
  }
  if (!['check', 'export', 'summary', 'agree', 'report', 'suggest'].includes(command)) throw new UsageError(`unknown command "${command}" (expected check, export, summary, agree, report or suggest)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options:
        command === 'export'
          ? { format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' }, strict: { type: 'boolean' }, 'max-file-size': { type: 'string' } }
          : command === 'report'
            ? { out: { type: 'string', short: 'o' }, 'max-file-size': { type: 'string' } }
            : command === 'suggest'
              ? { write: { type: 'boolean', short: 'w' }, 'max-file-size': { type: 'string' } }
              : { 'max-file-size': { type: 'string' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const positionals = parsed.positionals.length ? parsed.positionals : command === 'summary' ? ['examples'] : [];
  if (!positionals.length) throw new UsageError(`${command} needs at least one file or folder`);
  const project = loadProject(process.cwd(), parseMaxFileSize(parsed.values['max-file-size'] as string | undefined));

  if (command === 'suggest') {
    const { lines, refused, summary } = runSuggest(project, positionals, parsed.values.write === true);
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
    if (refused.length) process.stderr.write(refused.join('\n') + '\n');
    process.stderr.write(summary + '\n');
    return 0;
  }

  if (command === 'export') {
    const run = { format: parsed.values.format as string | undefined, out: parsed.values.out as string | undefined, strict: parsed.values.strict === true };
    const format = checkFormat(run);
    const outcome = await analyse(project, positionals, { text: NEEDS_TEXT.includes(format), annotations: true });
    // A note refused for its size has no text: it is listed, but nothing quotes or hashes it.
    const texts = new Map(outcome.results.flatMap((r) => (r.text === undefined ? [] : [[r.path, r.text] as const])));
    await writeExport(outcome.documents, format, texts, run.out);
    // A note left out for its size is named, not only counted: its export holds nothing of it.
    const refused = outcome.documents.flatMap((d) => d.diagnostics.filter((x) => x.code === 'note-too-large').map((x) => `${escapeLine(d.path)}:1:1 ${x.severity} ${x.code} ${oneLine(x.message)}`));
    if (refused.length) process.stderr.write(refused.join('\n') + '\n');
    const problems = problemLine(outcome.documents, project.problems.length);
    process.stderr.write(problems.line + '\n');
    return run.strict && problems.errors > 0 ? 1 : 0;
  }

  if (command === 'report') {
    const out = parsed.values.out as string | undefined;
    if (!out) throw new UsageError('report needs --out FILE (the HTML page to write)');
    const outcome = await analyse(project, positionals, { text: false, annotations: true });
    const drugNames = Object.assign({}, ...outcome.documents.map((d) => doseDrugNames(d, project.lexicon))) as Record<string, string>;
    write(out, reportHtml(outcome.documents, drugNames));
    const cases = outcome.documents.reduce((n, d) => n + d.cases.length, 0);
    process.stderr.write(`${out}: ${outcome.documents.length} note${outcome.documents.length === 1 ? '' : 's'}, ${cases} case${cases === 1 ? '' : 's'}.\n`);
    return 0;
  }

  const outcome = await analyse(project, positionals, { text: false, annotations: command === 'summary' });
  if (outcome.lines.length) process.stdout.write(outcome.lines.join('\n') + '\n');
  if (command === 'summary') process.stdout.write(summarize(outcome.documents));
  const files = outcome.documents.length;
  process.stderr.write(`${files} note${files === 1 ? '' : 's'} checked, ${outcome.errors} error${outcome.errors === 1 ? '' : 's'}, ${outcome.lines.length - outcome.errors} other problem${outcome.lines.length - outcome.errors === 1 ? '' : 's'}.\n`);
  return outcome.errors > 0 ? 1 : 0;
}

if (!isMainThread && parentPort && workerData) {
  workerMain(workerData as { root: string; maxFileSize: number; keep: Keep }, parentPort);
} else {
  // `casemark export … | head`: a reader that stops early is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError) {
        process.stderr.write(`casemark: ${e.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`casemark: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exitCode = 3;
      }
    },
  );
}
