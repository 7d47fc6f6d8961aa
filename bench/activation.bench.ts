// Activation cost of the VS Code extension: loading client/out/extension.js and running
// activate() until it returns (the language server then starts in the background, as in
// VS Code). Each run is a fresh `node bench/activation-child.cjs` with a stub `vscode`, so
// this measures CaseMark's own code, not the editor's; the real-editor tests
// (docs/testing.md) show the same bundle activating in VS Code.
//   node --import tsx bench/activation.bench.ts [runs]
import { spawnSync } from 'node:child_process';
import { percentile } from './core.bench.ts';

export interface ActivationResult {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  loadMedianMs: number;
  activateMedianMs: number;
}

export function benchActivation(runs = 20): ActivationResult {
  const samples: { loadMs: number; activateMs: number; totalMs: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['bench/activation-child.cjs'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`activation run failed: ${r.stderr.split('\n').slice(0, 5).join('\n')}`);
    samples.push(JSON.parse(r.stdout));
  }
  return {
    name: 'extension activation (load extension.js + activate)',
    runs,
    medianMs: percentile(samples.map((s) => s.totalMs), 50),
    p95Ms: percentile(samples.map((s) => s.totalMs), 95),
    loadMedianMs: percentile(samples.map((s) => s.loadMs), 50),
    activateMedianMs: percentile(samples.map((s) => s.activateMs), 50),
  };
}

if (process.argv[1]?.endsWith('activation.bench.ts')) {
  console.log(JSON.stringify(benchActivation(Number(process.argv[2] ?? 20))));
}
