// Browser-level test of the CaseMark extension in a real VS Code workbench (code-server driven
// by a headless Chromium through playwright-core): what a curator sees on screen. Squiggles and
// the Problems count, a hover, the summary panel's timeline and lab chart, a click on a
// table row that moves the editor's selection, the cohort view; then a curator's workflow:
// accepting suggestions (light bulb, Review Suggested Annotations), "Add to the workspace
// lexicon" and Check Workspace. Screenshots go to test-artifacts/; CASEMARK_DOCS_SCREENSHOTS=1
// also refreshes those in docs/ (hover, summary-panel, cohort-view, suggest-*, lexicon-add,
// check-workspace).
// CASEMARK_VSIX=casemark.vsix tests the packaged extension instead of the source folder.
//
//   npm run build && node --import tsx --test test/editor/ui.test.ts
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import Ajv from 'ajv';
import { launchChromium, startCodeServer, type CodeServer } from '../../scripts/editor/code-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'test-artifacts');
const NOTE = 'mueller-2025-bcma.md';
const PROBLEMS_NOTE = 'ui-problems.md';
const PROBLEMS = `::case[Problems on screen]{#ui-problems age=45 sex=F}

On :day[0] she received :drug[daratumumabb]{role=therapy} :dose[1800 mg]{route=sc}.
By :day[month 3] :lab[CK 95 mg/dL] was measured.
`;
const SUGGEST_NOTE = 'ui-suggest.md';
const SUGGEST = `---
title: Suggested annotations
---

::case[Refractory antisynthetase syndrome]{#ui-suggest age=41 sex=F}

After fludarabine 25 mg/m2 on days -5 to -3, she received CAR T cells on day 0.
Tocilizumab 8 mg/kg was given on day 2. CK 2,400 U/L at baseline fell to CK 95 U/L by month 3.
`;
const LEXICON_NOTE = 'ui-lexicon.md';
const LEXICON = `::case[A drug no lexicon knows]{#ui-lexicon age=38 sex=M}

On :day[0] he received :drug[Zorbimab]{role=therapy} :dose[10 mg/kg]{route=iv}.
`;
const TIMEOUT = 60_000;

let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
let workspace = '';
let tempDir = '';

async function shot(name: string): Promise<string> {
  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' }); // fade-ins finished
  return file;
}

/** Runs a step; on failure keeps a screenshot of the window for the CI log. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (page) await shot(`failure-${name}`).catch(() => undefined);
    throw err;
  }
}

async function runCommand(title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
}

async function openFile(name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(name);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ timeout: TIMEOUT });
}

/** Moves the cursor with Go to Line (1-based line and column, as the status bar shows them). */
async function goTo(line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: TIMEOUT });
  await input.fill(`:${line}:${column}`); // Go to Line's input starts with ':'
  await page.locator('.quick-input-list .monaco-list-row', { hasText: `line ${line}` }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await selectionIs(line);
}

const selectionItem = () => page.locator('[id="status.editor.selection"]');

async function selectionIs(line: number): Promise<void> {
  await page.waitForFunction(
    (ln) => new RegExp(`Ln ${ln},`).test(document.getElementById('status.editor.selection')?.textContent ?? ''),
    line,
    { timeout: TIMEOUT },
  );
}

/**
 * Points the mouse at the editor's cursor, as a curator hovers an annotation, until a hover
 * with `text` shows. The gesture is repeated (within TIMEOUT) because a mouse move that lands
 * while the editor is still scrolling or re-rendering decorations is dropped by the editor.
 */
async function hoverAtCursor(text: string): Promise<Locator> {
  const cursor = page.locator('.editor-instance .monaco-editor .cursors-layer .cursor').first();
  const hover = page.locator('.monaco-hover', { hasText: text }).first();
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    await cursor.waitFor({ state: 'attached', timeout: TIMEOUT });
    const box = await cursor.boundingBox();
    assert.ok(box, 'the editor shows its cursor');
    await page.mouse.move(box.x + 40, box.y - 60);
    await page.mouse.move(box.x + 4, box.y + box.height / 2, { steps: 4 });
    try {
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
      return hover;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

/** The summary panel's content: webviews are an iframe inside an iframe. */
function summaryFrame(): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

before(async () => {
  for (const built of ['client/out/extension.js', 'server/out/server.js']) {
    assert.ok(existsSync(join(root, built)), `${built} is missing: run \`npm run build\` first`);
  }
  tempDir = mkdtempSync(join(tmpdir(), 'casemark-ui-'));
  workspace = join(tempDir, 'examples'); // the window title shows the folder's name
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  cpSync(join(root, 'test', 'editor', 'workspace'), workspace, { recursive: true }); // unopened/: notes no step opens
  writeFileSync(join(workspace, PROBLEMS_NOTE), PROBLEMS);
  writeFileSync(join(workspace, SUGGEST_NOTE), SUGGEST);
  writeFileSync(join(workspace, LEXICON_NOTE), LEXICON);
  const vsix = process.env.CASEMARK_VSIX ? resolve(process.env.CASEMARK_VSIX) : undefined;
  server = await startCodeServer({ vsix, settings: { 'editor.hover.delay': 200, 'workbench.colorTheme': 'Default Dark Modern' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  // Without a VSIX the workbench loads the extension from the repository, as F5 does.
  const payload: [string, string][] | undefined = vsix ? undefined : [['extensionDevelopmentPath', server.remoteUri(root)]];
  await page.goto(server.workbenchUrl({ folder: workspace, payload }));
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: TIMEOUT });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

test('problems in a note show as squiggles and in the status bar count', () =>
  step('problems', async () => {
    await openFile(PROBLEMS_NOTE);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: TIMEOUT });
    await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: TIMEOUT });
    // The Problems entry shows "(error icon) N (warning icon) M".
    await page.waitForFunction(() => {
      const [errors = 0, warnings = 0] = (document.getElementById('status.problems')?.textContent?.match(/\d+/g) ?? []).map(Number);
      return errors > 0 && warnings > 0;
    }, undefined, { timeout: TIMEOUT });
    assert.notEqual(await page.locator('[id="status.problems"]').getAttribute('aria-label'), 'No Problems');
    await shot('problems');
  }));

test('hover on a lab shows its normalized value and LOINC code', () =>
  step('hover', async () => {
    await openFile(NOTE);
    const lines = readFileSync(join(workspace, NOTE), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(':lab[CK 2,400 U/L]'));
    assert.ok(line >= 0, `${NOTE} has the CK 2,400 U/L lab`);
    await goTo(line + 1, lines[line]!.indexOf(':lab[CK 2,400') + 8); // on "CK"
    // The server has analyzed the note once its day shows as an inlay hint ("≈ d274"): a hover
    // asked for earlier comes back empty and is not asked again until the mouse moves.
    await page.locator('.view-line', { hasText: /CK\s2,400\sU\/L.*274/ }).waitFor({ timeout: TIMEOUT });
    const hover = await hoverAtCursor('2157-6');
    const text = await hover.innerText();
    assert.match(text, /2[,\u202f\u2009 ]?400\s*U\/L/);
    assert.match(text, /\b274\b/);
    const file = await shot('hover');
    if (process.env.CASEMARK_DOCS_SCREENSHOTS === '1') copyFileSync(file, join(root, 'docs', 'hover.png'));
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  }));

test('the summary panel shows the timeline and lab charts of the note', () =>
  step('summary', async () => {
    // More room for the panel: hide the Explorer.
    await runCommand('View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: TIMEOUT });
    await runCommand('CaseMark: Open Case Summary');
    const frame = summaryFrame();
    const caseSection = frame.locator('.case[data-case-id="mueller-2025-p1"]');
    await caseSection.waitFor({ timeout: TIMEOUT });
    await caseSection.locator('.timeline svg').first().waitFor({ timeout: TIMEOUT });
    await caseSection.locator('.lab-chart[data-analyte] svg').first().waitFor({ timeout: TIMEOUT });
    assert.match(await frame.locator('#doc-title').innerText(), /BCMA CAR T cells/);
    const file = await shot('summary-panel');
    if (process.env.CASEMARK_DOCS_SCREENSHOTS === '1') copyFileSync(file, join(root, 'docs', 'summary-panel.png'));
  }));

test('clicking a row of the annotation table selects that annotation in the note', () =>
  step('reveal', async () => {
    const before = (await selectionItem().innerText().catch(() => '')).trim();
    const current = Number(/Ln (\d+)/.exec(before)?.[1] ?? 0);
    const rows = summaryFrame().locator('.case[data-case-id="mueller-2025-p1"] tr.revealable');
    await rows.first().waitFor({ timeout: TIMEOUT });
    // A row on another line than the cursor's, so the move is visible.
    const lines = (await rows.locator('td.line').allInnerTexts()).map(Number);
    const index = lines.findIndex((l) => l !== current);
    assert.ok(index >= 0, 'the table has a row on another line');
    await rows.nth(index).click();
    await selectionIs(lines[index]!);
    assert.notEqual((await selectionItem().innerText()).trim(), before);
    await shot('reveal');
  }));

/**
 * The cohort view's frame: the summary panel may stay visible beside it, so look in every
 * visible webview for the swimmer plot, again each time a frame navigates.
 */
async function cohortFrame(): Promise<FrameLocator> {
  const hosts = page.locator('iframe.webview.ready:visible');
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    for (let i = (await hosts.count()) - 1; i >= 0; i--) {
      const frame = hosts.nth(i).contentFrame().locator('iframe#active-frame').contentFrame();
      if (await frame.locator('.swimmer svg').count().catch(() => 0)) return frame;
    }
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
  throw new Error('the cohort view did not draw its swimmer plot');
}

test('the cohort view draws every case of the workspace; a click opens the case', () =>
  step('cohort', async () => {
    await runCommand('CaseMark: Open Cohort View');
    const frame = await cohortFrame();
    assert.match(await frame.locator('.cohort-count').innerText(), /of \d+ cases/);
    assert.ok((await frame.locator('.swimmer .case-label text').count()) >= 4);
    await frame.locator('.matrix svg').first().waitFor({ timeout: TIMEOUT });
    const file = await shot('cohort-view');
    if (process.env.CASEMARK_DOCS_SCREENSHOTS === '1') copyFileSync(file, join(root, 'docs', 'cohort-view.png'));
    await frame.locator('.swimmer .case-label text', { hasText: 'pecher-2023-ass' }).click();
    await page.locator('.tab.active', { hasText: 'antisynthetase-2023-two-cases.md' }).waitFor({ timeout: TIMEOUT });
  }));

/** Saves a screenshot to test-artifacts/ and, with CASEMARK_DOCS_SCREENSHOTS=1, to docs/. */
async function docShot(name: string): Promise<void> {
  const file = await shot(name);
  if (process.env.CASEMARK_DOCS_SCREENSHOTS === '1') copyFileSync(file, join(root, 'docs', `${name}.png`));
}

const activeEditor = () => page.locator('.editor-instance .monaco-editor').first();

/**
 * Opens the code action menu at the cursor (Ctrl+.) until it offers `title`, and moves the
 * menu's focus onto it with the arrow keys (a pointer block covers the menu against stray
 * clicks); Enter then applies it.
 */
async function focusCodeAction(title: string): Promise<void> {
  const entry = page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first();
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    await activeEditor().locator('textarea').first().focus();
    await page.keyboard.press('Control+.');
    try {
      await entry.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (err) {
      // Asked before the server had the note, the menu says "No code actions available".
      if (Date.now() > deadline) throw err;
      await page.keyboard.press('Escape');
    }
  }
  const rows = await page.locator('.action-widget .monaco-list-row.action').count();
  for (let i = 0; i <= rows && !(await entry.getAttribute('class'))?.includes('focused'); i++) await page.keyboard.press('ArrowDown');
  assert.match((await entry.getAttribute('class')) ?? '', /focused/, `"${title}" is focused in the menu`);
}

/** The line (1-based) and column of `needle` in a note of the workspace, plus `delta` columns. */
function lineColumn(note: string, needle: string, delta = 2): [number, number] {
  const lines = readFileSync(join(workspace, note), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${note} has "${needle}"`);
  return [line + 1, lines[line]!.indexOf(needle) + 1 + delta];
}

const suggestionCount = () => page.locator('.statusbar-item[id$="casemark.suggestions"]');

test('a suggestion: the light bulb offers to annotate a drug, and accepting wraps it', () =>
  step('suggest-one', async () => {
    // A smaller window from here on: the screenshots of these steps illustrate the README.
    await page.setViewportSize({ width: 1200, height: 640 });
    await runCommand('View: Close All Editors');
    await page.locator('.editor-instance').first().waitFor({ state: 'detached', timeout: TIMEOUT });
    await openFile(SUGGEST_NOTE);
    // The status bar counts the note's suggestions once the server has them.
    await suggestionCount().filter({ hasText: '11' }).waitFor({ timeout: TIMEOUT });
    await goTo(...lineColumn(SUGGEST_NOTE, 'fludarabine'));
    await focusCodeAction('Annotate "fludarabine" as :drug');
    await page.locator('.action-widget .monaco-list-row', { hasText: /Annotate the \d+ suggestions in this block/ }).waitFor({ timeout: TIMEOUT });
    await docShot('suggest-1-lightbulb');
    await page.keyboard.press('Enter');
    await activeEditor().locator('.view-line', { hasText: 'After :drug[fludarabine] 25 mg/m2' }).waitFor({ timeout: TIMEOUT });
    await suggestionCount().filter({ hasText: '10' }).waitFor({ timeout: TIMEOUT });
  }));

test('Review Suggested Annotations (Ctrl+Alt+A) lists the rest; Enter wraps them all', () =>
  step('suggest-review', async () => {
    await activeEditor().locator('textarea').first().focus();
    await page.keyboard.press('Control+Alt+A');
    const pick = page.locator('.quick-input-widget');
    await pick.locator('.quick-input-title', { hasText: '10 suggested annotations' }).waitFor({ timeout: TIMEOUT });
    await pick.locator('.quick-input-list .monaco-list-row', { hasText: ':dose[25 mg/m2]' }).waitFor({ timeout: TIMEOUT });
    await docShot('suggest-2-review');
    await page.keyboard.press('Enter');
    await pick.waitFor({ state: 'hidden', timeout: TIMEOUT });
    const lines = activeEditor().locator('.view-lines');
    // One by one: inlay hints (the day a fact is dated to) sit between them on screen.
    for (const text of [':dose[25 mg/m2]', ':day[days -5 to -3]', ':drug[Tocilizumab]', ':dose[8 mg/kg]', ':lab[CK 2,400 U/L]', ':day[month 3]']) {
      await lines.locator('.view-line', { hasText: text }).waitFor({ timeout: TIMEOUT });
    }
    // Nothing left to suggest, and no problem came with the annotations.
    await suggestionCount().waitFor({ state: 'hidden', timeout: TIMEOUT });
    await page.locator('.statusbar-item[id$="casemark.status"]', { hasText: '1 case · 11 ann.' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await activeEditor().locator('.squiggly-error, .squiggly-warning').count(), 0);
    await docShot('suggest-3-accepted');
  }));

test('"Add to the workspace lexicon" writes .casemark/lexicon.json and the warning clears', () =>
  step('lexicon-add', async () => {
    await openFile(LEXICON_NOTE);
    const squiggle = activeEditor().locator('.squiggly-warning');
    await squiggle.first().waitFor({ state: 'attached', timeout: TIMEOUT });
    await goTo(...lineColumn(LEXICON_NOTE, 'Zorbimab'));
    await focusCodeAction('Add "Zorbimab" to the workspace lexicon');
    await docShot('lexicon-add');
    await page.keyboard.press('Enter');
    // The squiggle goes once the server has read the saved file.
    await squiggle.first().waitFor({ state: 'detached', timeout: TIMEOUT });
    const lexicon = JSON.parse(readFileSync(join(workspace, '.casemark', 'lexicon.json'), 'utf8')) as { drugs?: { name: string }[] };
    const schema = JSON.parse(readFileSync(join(root, 'server', 'data', 'lexicon.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
    assert.equal(validate(lexicon), true, JSON.stringify(validate.errors));
    assert.deepEqual(lexicon.drugs?.map((d) => d.name), ['Zorbimab']);
    assert.equal(await page.locator('.tab.dirty').count(), 0, 'no editor is left unsaved');
  }));

test('Check Workspace lists in Problems the problems of notes never opened', () =>
  step('check-workspace', async () => {
    await runCommand('View: Close All Editors');
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.waitFor({ state: 'visible', timeout: TIMEOUT });
    const unopened = ['lee-2024-myositis.md', 'kim-2023-anchor.md'];
    for (const name of unopened) assert.equal(await problems.locator('.monaco-list-row', { hasText: name }).count(), 0, `${name} is not listed yet`);
    await runCommand('CaseMark: Check Workspace');
    const toast = page.locator('.notification-toast', { hasText: /notes? checked: \d+ errors?/ });
    await toast.waitFor({ timeout: TIMEOUT });
    for (const name of unopened) await problems.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: TIMEOUT });
    await problems.locator('.monaco-list-row', { hasText: 'defines the anchor "infusion"' }).first().waitFor({ timeout: TIMEOUT });
    await docShot('check-workspace');
    await toast.locator('.monaco-button', { hasText: 'Show Problems' }).click();
    await toast.waitFor({ state: 'hidden', timeout: TIMEOUT });
    assert.equal(await page.locator('.tabs-container .tab', { hasText: /lee-2024|kim-2023/ }).count(), 0, 'the notes are still not open');
  }));
