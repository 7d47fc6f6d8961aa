// `casemark`: the command-line twin of the language server, over the same core.
//   casemark check <files|folders…>
//   casemark export <files|folders…> --format json|ndjson|csv|fhir|w3c [--out FILE]
//   casemark summary [files|folders…]   (check, then a readable summary of each case)
//   casemark agree <a> <b> [--format table|json]   (agreement between two curators)
//   casemark report <files|folders…> --out report.html   (one self-contained HTML page)
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { addDiagnostics, crossFileDiagnostics, EXPORT_FORMATS, exportOf, formatExport, type ExportDocument, type ExportFormat } from '../core/index.ts';
import { collectNotes, UsageError } from './files.ts';
import { loadProject, type Project } from './project.ts';
import { analyseAll, workerMain, type FileResult, type Keep } from './run.ts';
import { summarize } from './summary.ts';
import { agree } from './agree.ts';
import { reportHtml } from './report.ts';
import { escapeLine, oneLine } from '../core/diagnostics/oneLine.ts';
import { progressBar } from './progress.ts';

const USAGE = `Usage:
  casemark check <files|folders...>
  casemark export <files|folders...> --format json|ndjson|csv|fhir|w3c [--out FILE]
  casemark summary [files|folders...]   (default: examples)
  casemark agree <a> <b> [--format table|json]   (two curators' notes or folders)
  casemark report <files|folders...> --out report.html
Folders are searched for *.md. check exits 1 when an error is found, 0 otherwise; bad arguments exit 2.`;

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
  if (!['check', 'export', 'summary', 'agree', 'report'].includes(command)) throw new UsageError(`unknown command "${command}" (expected check, export, summary, agree or report)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options:
        command === 'export'
          ? { format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' } }
          : command === 'report'
            ? { out: { type: 'string', short: 'o' } }
            : {},
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const positionals = parsed.positionals.length ? parsed.positionals : command === 'summary' ? ['examples'] : [];
  if (!positionals.length) throw new UsageError(`${command} needs at least one file or folder`);
  const project = loadProject(process.cwd());

  if (command === 'export') {
    const format = parsed.values.format as string | undefined;
    if (!format) throw new UsageError(`export needs --format (${EXPORT_FORMATS.join(', ')})`);
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new UsageError(`unknown format "${format}" (expected ${EXPORT_FORMATS.join(', ')})`);
    const outcome = await analyse(project, positionals, { text: format === 'w3c', annotations: true });
    const texts = new Map(outcome.results.map((r) => [r.path, r.text ?? '']));
    const content = formatExport(exportOf(outcome.documents), format as ExportFormat, texts);
    const out = parsed.values.out as string | undefined;
    if (out) write(out, content);
    else process.stdout.write(content);
    return 0;
  }

  if (command === 'report') {
    const out = parsed.values.out as string | undefined;
    if (!out) throw new UsageError('report needs --out FILE (the HTML page to write)');
    const outcome = await analyse(project, positionals, { text: false, annotations: true });
    write(out, reportHtml(outcome.documents));
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
  workerMain(workerData as { root: string; keep: Keep }, parentPort);
} else {
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
