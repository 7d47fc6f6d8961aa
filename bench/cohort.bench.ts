// The cohort view with 1,000 cases: the model in Node (the extension host builds it), then in
// headless Chromium, from the bundle VS Code loads (client/out/cohort.js), the message with the
// model, Plot's SVG (swimmer plot, overlay, matrix), layout and the first frame. The cases are
// generated notes, exported by the built CLI.
//   node --import tsx bench/cohort.bench.ts [cases] [runs]     (npm run build first)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { ExportDocument } from '../server/src/core/export/types.ts';
import { buildCohort } from '../client/src/webview/cohortModel.ts';
import { percentile } from './core.bench.ts';
import { generateWorkspace } from './generate.ts';

export interface CohortResult {
  name: string;
  cases: number;
  runs: number;
  modelMedianMs: number;
  drawMedianMs: number;
  paintMedianMs: number;
  paintP95Ms: number;
  /** Opening the drug × case matrix (drawn on demand above 200 cases), to its first frame. */
  matrixMedianMs: number;
  /** The machine's 1-minute load average when the run ended: figures from a busy machine are slower. */
  loadAverage: number;
}

/** About 1.1 KB a case: notes of 11 KB hold ten cases each. */
function documentsFor(cases: number): ExportDocument[] {
  const dir = resolve('bench/generated/cohort');
  const cached = join(dir, '..', `cohort-${cases}.json`);
  if (!existsSync(cached)) {
    generateWorkspace(dir, Math.ceil(cases / 10), 11_000);
    const r = spawnSync(process.execPath, [resolve('server/out/cli.js'), 'export', dir, '--format', 'json', '--out', cached], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`export failed: ${r.stderr}`);
  }
  const docs = (JSON.parse(readFileSync(cached, 'utf8')) as { documents: ExportDocument[] }).documents;
  // Exactly `cases` cases.
  let left = cases;
  return docs.flatMap((d) => {
    const take = d.cases.slice(0, Math.max(0, left));
    left -= take.length;
    return take.length ? [{ ...d, cases: take }] : [];
  });
}

export async function benchCohort(cases = 1000, runs = 5): Promise<CohortResult> {
  const documents = documentsFor(cases);
  const modelMs: number[] = [];
  let cohort = buildCohort(documents);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    cohort = buildCohort(documents);
    modelMs.push(performance.now() - t);
  }
  const dir = resolve('bench/generated');
  mkdirSync(dir, { recursive: true });
  const page = join(dir, 'cohort.html');
  const css = readFileSync('media/summary.css', 'utf8') + readFileSync('media/report.css', 'utf8');
  writeFileSync(
    page,
    `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body><main id="root"></main>` +
      `<script>window.acquireVsCodeApi = () => ({ postMessage() {} });</script><script src="../../client/out/cohort.js"></script></body></html>`,
  );
  const browser = await chromium.launch({ executablePath: process.env.CASEMARK_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const draw: number[] = [];
  const paint: number[] = [];
  const matrix: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await tab.goto(`file://${page}`);
      const r = await tab.evaluate(async (data) => {
        const status = document.getElementById('status')!;
        const drawn = new Promise<void>((done) => new MutationObserver(() => status.textContent?.includes('drawn') && done()).observe(status, { childList: true, characterData: true, subtree: true }));
        const t0 = performance.now();
        window.postMessage({ type: 'cohort', cohort: data, notes: 0, scope: 'bench' }, '*');
        await drawn;
        // Layout and the first frame: the next animation frame, then a task after it.
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        const paint = performance.now() - t0;
        // The drug × case matrix of a big cohort is drawn when its section is opened.
        const t2 = performance.now();
        (document.querySelector('details.matrix-block') as HTMLDetailsElement).open = true;
        await new Promise<void>((done) => new MutationObserver((_, o) => (o.disconnect(), done())).observe(document.querySelector('.matrix')!, { childList: true }));
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        const matrix = performance.now() - t2;
        return { draw: Number(/drawn in (\d+) ms/.exec(status.textContent ?? '')?.[1]), paint, matrix, rows: document.querySelectorAll('.swimmer .case-label text').length };
      }, cohort);
      if (r.rows !== cases) throw new Error(`the swimmer plot drew ${r.rows} rows, not ${cases}`);
      draw.push(r.draw);
      paint.push(r.paint);
      matrix.push(r.matrix);
      await tab.close();
    }
  } finally {
    await browser.close();
  }
  return {
    name: `cohort view, ${cases.toLocaleString('en-US')} cases (swimmer and overlay; matrix on opening)`,
    cases,
    runs,
    modelMedianMs: percentile(modelMs, 50),
    drawMedianMs: percentile(draw, 50),
    paintMedianMs: percentile(paint, 50),
    paintP95Ms: percentile(paint, 95),
    matrixMedianMs: percentile(matrix, 50),
    loadAverage: loadavg()[0],
  };
}

if (process.argv[1]?.endsWith('cohort.bench.ts')) {
  const [cases, runs] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await benchCohort(cases || 1000, runs || 5)));
}
