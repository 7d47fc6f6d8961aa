// `casemark report`: one self-contained HTML file — the cohort view and every case's timeline
// and table — for colleagues without VS Code. The page inlines the panel's own bundle
// (client/out/report.js, built from client/src/webview) and stylesheets; a strict CSP allows
// only that script and those styles, by nonce, and no connection of any kind.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportDocument } from '../core/index.ts';
import { UsageError } from './files.ts';

/** The package folder (where client/out and media are), from this module's place in it. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'media'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new UsageError('cannot find the report assets (client/out/report.js): run "npm run build"');
    dir = up;
  }
}

function asset(root: string, path: string): string {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}: run "npm run build"`);
  }
}

/** JSON safe inside a <script> element: no `<` (so no `</script>` or `<!--`), no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Inline script or style text: an end tag inside it would close the element early. */
const inline = (text: string, tag: 'script' | 'style'): string => text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

/** Today, or the date SOURCE_DATE_EPOCH gives (reproducible builds' convention). */
function today(): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return new Date(Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
}

/** `drugNames`: lexicon names of drugs that doses give by key only (doseDrugNames). */
export function reportHtml(documents: ExportDocument[], drugNames: Record<string, string> = {}, generated = today()): string {
  const root = packageRoot();
  const script = asset(root, 'client/out/report.js');
  const css = `${asset(root, 'media/summary.css')}\n${asset(root, 'media/report.css')}`;
  const nonce = randomBytes(18).toString('base64');
  // Plot sets inline styles through the CSSOM only, which style-src does not govern; its
  // <style> elements get the nonce from the script. Nothing may connect, frame or submit.
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "connect-src 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="CaseMark">
<title>CaseMark report</title>
<style nonce="${nonce}">
${inline(css, 'style')}
</style>
</head>
<body>
<main id="root"><noscript>This report draws its charts and tables with JavaScript.</noscript></main>
<script type="application/json" id="casemark-data">${scriptJson({ generated, documents, drugNames })}</script>
<script nonce="${nonce}">
${inline(script, 'script')}
</script>
</body>
</html>
`;
}
