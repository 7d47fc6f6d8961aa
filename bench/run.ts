// Runs the CaseMark benchmarks and prints a Markdown table (also written to
// bench/generated/results.md and results.json). `npm run bench` builds first.
//   node --import tsx bench/run.ts [--only core|cli] [--cli-runs N] [--files N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCli, type CliResult, type ToolRun } from './cli.bench.ts';
import { benchActivation, type ActivationResult } from './activation.bench.ts';
import type { CoreResult } from './core.bench.ts';
import { percentile } from './core.bench.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs one core measurement in its own process, so its peak memory is its own. */
function core(mode: 'full' | 'incremental', bytes: number, count: number): CoreResult {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'core.bench.ts'), mode, String(bytes), String(count)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = (res.stdout ?? '').trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !line.startsWith('{')) {
    throw new Error(`core bench ${mode} ${bytes} failed (exit ${res.status}):\n${res.stderr}`);
  }
  return JSON.parse(line) as CoreResult;
}

const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`);
const mb = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(0)} MB`);
const mbps = (bytes: number, seconds: number): string => (bytes / 1e6 / seconds).toFixed(2);
const mark = (ok: boolean): string => (ok ? 'met' : 'not met');

function coreRows(results: CoreResult[]): string[] {
  return results.map((r) => {
    const goal = r.name.startsWith('one-character') ? `median ≤ 10 ms: ${mark(r.medianMs <= 10)}` : '';
    const mbs = r.name.startsWith('one-character') ? '' : r.mbPerS.toFixed(2);
    return `| ${r.name} (n=${r.samples}) | ${ms(r.medianMs)} | ${ms(r.p95Ms)} | ${mbs} | ${mb(r.peakRssMb)} | ${goal} |`;
  });
}

function cliRows(c: CliResult): string[] {
  const med = (runs: ToolRun[]): number => percentile(runs.map((r) => r.wallS), 50);
  const peak = (runs: ToolRun[]): number | null => {
    const v = runs.map((r) => r.peakRssMb).filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  const cm = med(c.casemark);
  const ml = med(c.markdownlint);
  const cmPeak = peak(c.casemark);
  const what = `${c.files.toLocaleString('en-US')} notes, ${(c.totalBytes / 1e6).toFixed(1)} MB`;
  const p95 = (runs: ToolRun[]): string => ms(percentile(runs.map((r) => r.wallS), 95) * 1000);
  return [
    `| casemark check, ${what} (n=${c.runs}) | ${ms(cm * 1000)} | ${p95(c.casemark)} | ${mbps(c.totalBytes, cm)} | ${mb(cmPeak)} | peak ≤ 300 MB: ${cmPeak === null ? 'n/a' : mark(cmPeak <= 300)} |`,
    `| markdownlint-cli2, same files (n=${c.runs}) | ${ms(ml * 1000)} | ${p95(c.markdownlint)} | ${mbps(c.totalBytes, ml)} | ${mb(peak(c.markdownlint))} | |`,
    `| ratio casemark / markdownlint-cli2 | ${(cm / ml).toFixed(2)} | | | | ≤ 0.5: ${mark(cm / ml <= 0.5)} |`,
  ];
}

function main(): void {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'cli-runs': { type: 'string', default: '1' },
      files: { type: 'string', default: '1000' },
    },
  });
  const only = values.only;
  if (only !== undefined && only !== 'core' && only !== 'cli') {
    console.error('bench: --only must be core or cli');
    process.exit(2);
  }
  const rows: string[] = [];
  const json: { core?: CoreResult[]; activation?: ActivationResult; cli?: CliResult; node: string; cpus: number } = {
    node: process.version,
    cpus: availableParallelism(),
  };
  if (only !== 'cli') {
    const results: CoreResult[] = [];
    for (const [mode, bytes, count] of [
      ['full', 100_000, 5],
      ['full', 1_000_000, 5],
      ['incremental', 1_000_000, 200],
    ] as const) {
      process.stderr.write(`bench: core ${mode} ${bytes} bytes…\n`);
      results.push(core(mode, bytes, count));
    }
    json.core = results;
    rows.push(...coreRows(results));
    process.stderr.write('bench: extension activation…\n');
    const a = benchActivation(20);
    json.activation = a;
    rows.push(`| ${a.name} (n=${a.runs}) | ${a.medianMs.toFixed(1)} ms | ${a.p95Ms.toFixed(1)} ms | | | ≤ 100 ms: ${a.medianMs <= 100 ? 'met' : 'not met'} |`);
  }
  if (only !== 'core') {
    process.stderr.write('bench: generating the workspace and running both command-line tools…\n');
    const c = benchCli(root, Number(values.files), 10_000, Number(values['cli-runs']));
    json.cli = c;
    rows.push(...cliRows(c));
    for (const r of [...c.casemark, ...c.markdownlint]) {
      process.stderr.write(`bench: ${r.tool}: exit ${r.exitCode}, ${r.outputLines} output lines\n`);
    }
  }
  const table = [
    `CaseMark benchmarks (Node ${process.version}, ${json.cpus} CPUs)`,
    '',
    '| measurement | median | p95 | MB/s | peak RSS | goal |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
  console.log(table);
  const out = join(root, 'bench', 'generated');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.md'), table);
  writeFileSync(join(out, 'results.json'), JSON.stringify(json, null, 2));
}

main();
