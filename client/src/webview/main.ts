// Entry of the summary panel's webview (bundled for the browser into client/out/webview.js).
// It talks to the extension only through messages; no vscode or Node import.
import { revealTargetOf } from './dom.ts';
import type { FromWebview, ToWebview } from './messages.ts';
import { SummaryView } from './view.ts';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
// The page's nonce: Plot's <style> elements carry it (style-src allows only that nonce).
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';

const root = document.getElementById('root') ?? document.body;
const view = new SummaryView(root, { nonce });

function reveal(target: EventTarget | null): boolean {
  const t = revealTargetOf(target);
  if (!t || !view.uri) return false;
  vscode.postMessage({ type: 'reveal', uri: view.uri, range: t.range });
  return true;
}

root.addEventListener('click', (e) => {
  if ((e.target as Element | null)?.closest?.('a[href]')) return;
  reveal(e.target);
});
root.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  if (reveal(e.target)) e.preventDefault();
});

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  try {
    if (msg.type === 'update') {
      view.update(msg.uri, msg.fileName, msg.document, msg.drugNames);
      if (msg.caseId) view.focusCase(msg.caseId);
    } else if (msg.type === 'empty') {
      view.showMessage(msg.message);
    } else if (msg.type === 'focusCase') {
      view.focusCase(msg.caseId);
    }
  } catch (err) {
    // A rendering bug must not leave a blank panel without a word.
    view.showMessage(`The summary could not be drawn: ${err instanceof Error ? err.message : String(err)}`);
  }
});

// Charts are drawn for the panel's width: redraw them (debounced) when it changes.
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => view.relayout(), 200);
});

vscode.postMessage({ type: 'ready' });
