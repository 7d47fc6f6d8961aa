// Entry of the cohort view's webview (bundled into client/out/cohort.js): the CohortView the
// report also uses, fed by the extension with the workspace's export.
import { CohortView } from './cohortView.ts';
import { h } from './dom.ts';
import type { FromCohort, ToCohort } from './messages.ts';

interface VsCodeApi {
  postMessage(message: FromCohort): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const root = document.getElementById('root') ?? document.body;
const status = h('p', { id: 'status', class: 'none', 'aria-live': 'polite' }, 'Reading the workspace…');
const title = h('h1', {}, 'Cohort');
const view = new CohortView({ nonce, onOpenCase: (c) => vscode.postMessage({ type: 'openCase', path: c.path, caseId: c.id, line: c.line }) });
root.replaceChildren(title, status, view.element);

const width = (): number => Math.max(480, Math.min(1400, document.body.clientWidth - 40));

window.addEventListener('message', (event: MessageEvent<ToCohort>) => {
  const msg = event.data;
  try {
    if (msg.type === 'status') {
      status.textContent = msg.message;
    } else if (msg.type === 'cohort') {
      title.textContent = `Cohort: ${msg.scope}`;
      view.width = width();
      const start = performance.now();
      view.setCohort(msg.cohort);
      status.textContent = `${msg.notes} notes, drawn in ${Math.round(performance.now() - start)} ms.`;
    }
  } catch (err) {
    status.textContent = `The cohort could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
  }
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    view.width = width();
    view.render();
  }, 200);
});

vscode.postMessage({ type: 'ready' });
