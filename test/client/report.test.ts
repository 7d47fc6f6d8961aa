// `casemark report` opened as a colleague would: the HTML file from disk in Debian's Chromium
// (headless, driven by playwright-core), offline. Checks what it shows, that a hostile note
// stays literal text and that no request leaves the page; screenshots go to docs/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

const CLI = resolve('server/out/cli.js');
/** Debian's Chromium; the README's setup (and .ci/run) installs it with apt. */
const CHROMIUM = process.env.CASEMARK_CHROMIUM ?? '/usr/bin/chromium';
let dir: string;
let browser: Browser;

function report(args: string[], out: string): string {
  // A fixed date keeps the committed screenshots stable.
  const r = spawnSync(process.execPath, [CLI, 'report', ...args, '--out', out], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' } });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

interface Visit {
  page: Page;
  /** Every URL the page asked for, besides the report file itself. */
  requests: string[];
  errors: string[];
  dialogs: string[];
}

async function open(file: string, width = 1100, ready = '.swimmer svg, #empty'): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const visit: Visit = { page, requests: [], errors: [], dialogs: [] };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `file://${file}`) return route.continue();
    visit.requests.push(url);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') visit.errors.push(m.text());
  });
  page.on('pageerror', (e) => visit.errors.push(e.message));
  page.on('dialog', (d) => {
    visit.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`file://${file}`);
  await page.locator(ready).first().waitFor();
  return visit;
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium), as the README's setup does`);
  dir = mkdtempSync(join(tmpdir(), 'casemark-report-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
});

test('the report is one self-contained file with a strict CSP', () => {
  const html = report(['examples'], join(dir, 'examples.html'));
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+';/);
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i, 'no external script, stylesheet or image');
  assert.equal((html.match(/<script/g) ?? []).length, 2, 'the data and the inlined bundle');
});

test('the report shows the cohort and every case with its timeline, lab charts and table', async () => {
  const file = join(dir, 'examples.html');
  const { page, requests, errors } = await open(file);
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, [], 'nothing is fetched');
  assert.equal(await page.locator('details.case').count(), 5);
  assert.match(await page.locator('.cohort-count').innerText(), /^5 of 5 cases/);
  assert.equal(await page.locator('.swimmer .case-label text').count(), 4, 'one row per case with a dated fact');
  assert.match(await page.locator('.cohort-count').innerText(), /1 with nothing dated/);
  const p1 = page.locator('details.case[data-case-id="mueller-2025-p1"]');
  assert.equal(await p1.locator('summary .case-title').innerText(), 'Jo-1 anti-synthetase syndrome, relapse after CD19 CAR T', 'the title as written');
  assert.ok(await p1.locator('.timeline svg').count());
  assert.ok(await p1.locator('.lab-chart[data-analyte="ck"] svg').count());
  const lanes = await p1.locator('.timeline svg g[aria-label="y-axis tick label"] text').allTextContents();
  assert.ok(lanes.includes('daratumumab') && lanes.some((l) => l.startsWith('anti-Jo-1 antibody')), lanes.join(', '));
  const table = await p1.locator('table.annotations').innerText();
  assert.match(table, /1 × 10⁶ cells\/kg · MB-CART19\.1/);
  assert.doesNotMatch(await page.locator('body').innerText(), /\{cells\}|\{score\}|umol\/L/);
  // Ticks are whole days.
  const ticks = await p1.locator('.timeline svg g[aria-label="x-axis tick label"] text').allTextContents();
  assert.ok(ticks.every((t) => /^-?\d+$/.test(t)), ticks.join(' '));
  await page.screenshot({ path: 'docs/report.png', fullPage: false });
  await p1.screenshot({ path: 'docs/report-case.png' });
  // The drug filter narrows the swimmer plot; clicking a case opens its section.
  await page.locator('.cohort select[name="drug"]').selectOption('daratumumab');
  assert.match(await page.locator('.cohort-count').innerText(), /^1 of 5 cases/);
  await page.locator('.swimmer .case-label text').first().click();
  assert.ok(await p1.evaluate((el) => (el as HTMLDetailsElement).open));
  await page.locator('.cohort select[name="drug"]').selectOption('');
  await page.close();
});

/** Each chart of a case's figure: its x tick labels and where they sit on screen. */
async function axes(page: Page, caseId: string): Promise<{ chart: string; ticks: string[]; xs: number[] }[]> {
  return page.evaluate((id) => {
    const figure = document.querySelector(`details.case[data-case-id="${id}"] .case-figure`)!;
    return Array.from(figure.querySelectorAll('svg')).filter((svg) => svg.querySelector('g[aria-label="x-axis tick label"]')).map((svg) => {
      const labels = Array.from(svg.querySelectorAll('g[aria-label="x-axis tick label"] text'));
      return {
        chart: svg.closest('.lab-chart')?.getAttribute('data-analyte') ?? 'timeline',
        ticks: labels.map((t) => t.textContent ?? ''),
        xs: labels.map((t) => { const r = t.getBoundingClientRect(); return Math.round(r.x + r.width / 2); }),
      };
    });
  }, caseId);
}

/** The timeline and every lab chart show the same days at the same places. */
function assertAligned(charts: { chart: string; ticks: string[]; xs: number[] }[]): string[] {
  assert.ok(charts.length >= 2 && charts[0].chart === 'timeline', charts.map((c) => c.chart).join());
  for (const c of charts.slice(1)) {
    assert.deepEqual(c.ticks, charts[0].ticks, `${c.chart} has the timeline's ticks`);
    assert.ok(c.xs.every((x, i) => Math.abs(x - charts[0].xs[i]) <= 1), `${c.chart} puts them where the timeline does: ${c.xs} vs ${charts[0].xs}`);
  }
  assert.ok(charts[0].ticks.every((t) => /^-?\d+$/.test(t)), charts[0].ticks.join(' '));
  return charts[0].ticks;
}

const days = (ticks: string[]): [number, number] => [Number(ticks[0]), Number(ticks[ticks.length - 1])];

test('a dose that names its drug only by key shows the drug by name', async () => {
  const note = join(dir, 'keyed-dose.md');
  writeFileSync(note, '::case[Maintenance]{#m}\n\nFrom :day[30] :dose[1 g]{drug=mycophenolate-mofetil freq=bid} was given.\n');
  const file = join(dir, 'keyed-dose.html');
  report([note], file);
  const { page, errors } = await open(file, 1100, 'details.case .timeline svg');
  assert.deepEqual(errors, []);
  const lanes = await page.locator('details.case .timeline svg g[aria-label="y-axis tick label"] text').allTextContents();
  assert.ok(lanes.some((l) => /mycophenolate mofetil/i.test(l)), lanes.join(', '));
  assert.doesNotMatch(await page.locator('table.annotations').innerText(), /mycophenolate-mofetil/);
  await page.close();
});

test('zoom and pan move the timeline and the lab charts together, with buttons, keys, Ctrl+wheel and a drag', async () => {
  report(['examples'], join(dir, 'zoom.html'));
  const { page, errors, requests } = await open(join(dir, 'zoom.html'));
  const id = 'mueller-2025-p1';
  const figure = page.locator(`details.case[data-case-id="${id}"] .case-figure`);
  const fitted = assertAligned(await axes(page, id));
  const whole = days(fitted);
  assert.ok(await figure.getByRole('button', { name: 'Fit case' }).isDisabled(), 'nothing to reset yet');

  await figure.getByRole('button', { name: 'Zoom in' }).click();
  const zoomed = days(assertAligned(await axes(page, id)));
  assert.ok(zoomed[1] - zoomed[0] < whole[1] - whole[0], `zoom in narrows the days: ${zoomed} within ${whole}`);
  assert.match(await figure.locator('.zoom-status').innerText(), /^Showing days -?\d+ to -?\d+$/);

  // Keyboard: the toolbar's buttons are reachable and the arrow keys pan.
  await figure.getByRole('button', { name: 'Earlier days' }).focus();
  await page.keyboard.press('ArrowRight');
  const panned = days(assertAligned(await axes(page, id)));
  assert.ok(panned[0] > zoomed[0], `→ shows later days: ${panned} after ${zoomed}`);

  // Ctrl + wheel over a lab chart zooms about the pointer, and the timeline follows.
  const ck = figure.locator('.lab-chart[data-analyte="ck"] svg');
  await ck.scrollIntoViewIfNeeded();
  const box = (await ck.boundingBox())!;
  const before = (await axes(page, id))[0].ticks.join();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -400);
  await page.keyboard.up('Control');
  await page.waitForFunction((previous) => {
    const labels = document.querySelectorAll('details.case[data-case-id="mueller-2025-p1"] .timeline svg g[aria-label="x-axis tick label"] text');
    return Array.from(labels).map((t) => t.textContent).join() !== previous;
  }, before);
  const wheeled = days(assertAligned(await axes(page, id)));
  assert.ok(wheeled[1] - wheeled[0] < panned[1] - panned[0], `Ctrl+wheel zooms in: ${wheeled} within ${panned}`);

  // Fit case (keyboard: 0) returns to the whole case.
  await figure.getByRole('button', { name: 'Fit case' }).press('Enter');
  assert.deepEqual(assertAligned(await axes(page, id)), fitted);

  // A drag across the timeline shows the days dragged over (and reveals nothing).
  const timeline = figure.locator('.timeline svg');
  await timeline.scrollIntoViewIfNeeded();
  const t = (await timeline.boundingBox())!;
  await page.mouse.move(t.x + t.width * 0.3, t.y + t.height - 20);
  await page.mouse.down();
  await page.mouse.move(t.x + t.width * 0.45, t.y + t.height - 20, { steps: 5 });
  await page.mouse.move(t.x + t.width * 0.6, t.y + t.height - 20, { steps: 5 });
  await page.mouse.up();
  const dragged = days(assertAligned(await axes(page, id)));
  assert.ok(dragged[0] > whole[0] && dragged[1] < whole[1], `the drag selects days inside the case: ${dragged} within ${whole}`);
  await figure.screenshot({ path: 'docs/report-zoom.png' });
  await figure.getByRole('button', { name: 'Fit case' }).click();
  assert.deepEqual(errors, []);
  assert.deepEqual(requests, []);
  await page.close();
});

test('a hostile note shows as literal text, runs nothing and fetches nothing', async () => {
  const file = join(dir, 'hostile.html');
  const html = report(['test/client/fixtures/hostile.md'], file);
  assert.doesNotMatch(html, /<img src=x|<iframe|<svg onload/i, 'note text goes into the page only as escaped JSON');
  const { page, requests, errors, dialogs } = await open(file, 900);
  assert.deepEqual(requests, [], 'no request leaves the page');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  assert.equal(await page.evaluate(() => (window as { pwned?: number }).pwned), undefined);
  const counts = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    images: document.querySelectorAll('img, iframe, object, embed, link').length,
    jsLinks: document.querySelectorAll('a[href^="javascript" i]').length,
    styles: Array.from(document.querySelectorAll('style')).filter((s) => !s.nonce).length,
  }));
  assert.deepEqual(counts, { scripts: 2, images: 0, jsLinks: 0, styles: 0 });
  const section = page.locator('details.case[data-case-id="evil"]');
  assert.equal(await section.locator('summary .case-title').innerText(), '<script>window.pwned=2</script> <img src=http://evil.example/case.png> javascript://evil.example/%0Aalert(3)');
  assert.equal(await section.locator('dd[data-fact="dx"]').innerText(), '<img src=http://evil.example/dx.png onerror=alert(4)>');
  const body = await page.locator('body').innerText();
  assert.ok(body.includes('<img src=http://evil.example/drug.png onerror=alert(6)>'), 'the drug as written');
  assert.ok(body.includes('<script>window.pwned=3</script> positive'));
  const doi = await page.locator('a.doi').getAttribute('href');
  assert.ok(doi === null || doi.startsWith('https://doi.org/'), `the DOI link stays on doi.org: ${doi}`);
  const lanes = await section.locator('.timeline svg g[aria-label="y-axis tick label"] text').allTextContents();
  assert.ok(lanes.some((l) => l.startsWith('<img')), lanes.join(', '));
  await page.screenshot({ path: 'docs/report-hostile.png', fullPage: true });
  await page.close();
});
