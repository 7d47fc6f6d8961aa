// The HTML page of a CaseMark webview (summary panel, cohort view): one script bundle and the
// shared stylesheet under a nonce-based Content Security Policy.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface PageOptions {
  /** Bundle in client/out, e.g. `webview.js`. */
  script: string;
  title: string;
  /** The `<main>` element shown until the first message arrives. */
  main: string;
  /** Whether the page may load fonts from the extension. */
  fonts?: boolean;
}

export function webviewPage(webview: vscode.Webview, root: vscode.Uri, page: PageOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'client', 'out', page.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'summary.css'));
  // Plot styles each chart with a <style> element: the webview gives it this nonce. Plot sets
  // inline styles only through the CSSOM (element.style), which CSP does not restrict, so
  // style-src needs no 'unsafe-inline'.
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    ...(page.fonts ? [`font-src ${webview.cspSource}`] : []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${page.title}</title>
</head>
<body>
${page.main}
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
