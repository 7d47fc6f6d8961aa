// CLI benchmark: `casemark check` over a generated workspace, side by side with
// markdownlint-cli2 (all default rules) on the same files in the same run. Wall time is
// measured around each process; peak memory comes from GNU `/usr/bin/time -v` when it is
// installed (the largest resident set of the process or any child it waited for).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateWorkspace } from './generate.ts';

export interface ToolRun {
  tool: string;
  command: string;
  wallS: number;
  /** Peak RSS in MB, or null when /usr/bin/time is not available. */
  peakRssMb: number | null;
  exitCode: number | null;
  /** Lines the tool printed (diagnostics), as a sanity check that it read the files. */
  outputLines: number;
}

export interface CliResult {
  files: number;
  totalBytes: number;
  runs: number;
  casemark: ToolRun[];
  markdownlint: ToolRun[];
  memorySource: string;
}

const TIME = '/usr/bin/time';

/** Runs a command, timing it, with /usr/bin/time -v around it when present. */
export function timedRun(tool: string, cmd: string, args: string[], cwd: string): ToolRun {
  const useTime = existsSync(TIME);
  const [file, argv] = useTime ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const res = spawnSync(file, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallS = (performance.now() - t0) / 1000;
  if (res.error) throw new Error(`${tool}: ${res.error.message}`);
  let stderr = res.stderr ?? '';
  let peakRssMb: number | null = null;
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (m) peakRssMb = Number(m[1]) / 1024;
    // GNU time appends its report to stderr; keep only the tool's own lines.
    const cut = stderr.lastIndexOf('\tCommand being timed:');
    if (cut >= 0) stderr = stderr.slice(0, cut);
  }
  const output = `${res.stdout ?? ''}${stderr}`;
  return {
    tool,
    command: [cmd, ...args].join(' '),
    wallS,
    peakRssMb,
    exitCode: res.status,
    outputLines: output.split('\n').filter((l) => l.trim() !== '').length,
  };
}

/** (c) Generates `files` notes of ~`bytesEach` and times both tools on them `runs` times, alternating. */
export function benchCli(root: string, files = 1000, bytesEach = 10_000, runs = 1): CliResult {
  const dir = join(root, 'bench', 'generated', `workspace-${files}`);
  const paths = generateWorkspace(dir, files, bytesEach);
  const totalBytes = paths.reduce((n, p) => n + statSync(p).size, 0);
  const rel = relative(root, dir);
  const cli = join(root, 'server', 'out', 'cli.js');
  const mdl = join(root, 'node_modules', '.bin', 'markdownlint-cli2');
  if (!existsSync(cli)) throw new Error('server/out/cli.js is missing: run `npm run build` first');
  if (!existsSync(mdl)) throw new Error('markdownlint-cli2 is missing: run `npm install`');
  const result: CliResult = {
    files,
    totalBytes,
    runs,
    casemark: [],
    markdownlint: [],
    memorySource: existsSync(TIME) ? '/usr/bin/time -v (maximum resident set size)' : 'not measured (/usr/bin/time missing)',
  };
  for (let i = 0; i < runs; i++) {
    result.casemark.push(timedRun('casemark check', process.execPath, [cli, 'check', rel], root));
    result.markdownlint.push(timedRun('markdownlint-cli2', mdl, [`${rel}/**/*.md`], root));
  }
  return result;
}
