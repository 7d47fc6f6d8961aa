// Entry of the HTML report `casemark report` writes (bundled into client/out/report.js and
// inlined into the page): the cohort view, then every note with its cases' timelines and
// tables, drawn by the very code the VS Code panel uses. The data comes from a JSON script
// element; nothing is fetched.
import { CohortView } from './cohortView.ts';
import { h } from './dom.ts';
import type { ReportData } from './messages.ts';
import { SummaryView } from './view.ts';

const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const root = document.getElementById('root') ?? document.body;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function draw(): void {
  const data = JSON.parse(document.getElementById('casemark-data')?.textContent ?? '{"documents":[]}') as ReportData;
  const notes = h('div', { id: 'notes' });
  const cohort = new CohortView({
    nonce,
    onOpenCase: (c) => {
      const section = document.querySelector(`details.case[data-case-ref="${CSS.escape(c.ref)}"]`) as HTMLDetailsElement | null;
      if (!section) return;
      section.open = true;
      section.scrollIntoView({ block: 'start' });
    },
  });
  cohort.width = Math.max(480, Math.min(1100, document.body.clientWidth - 48));
  const toc = h('ul', { class: 'toc' });
  root.replaceChildren(
    h('header', { id: 'report-header' }, h('h1', {}, 'CaseMark report'), h('p', { class: 'report-meta' }, `${plural(data.documents.length, 'note')}, ${plural(data.documents.reduce((n, d) => n + d.cases.length, 0), 'case')} · ${data.generated}`)),
    h('nav', { 'aria-label': 'Notes' }, toc),
    h('h2', {}, 'Cohort'),
    cohort.element,
    h('h2', {}, 'Cases'),
    notes,
  );
  cohort.setDocuments(data.documents);
  data.documents.forEach((doc, i) => {
    const el = h('article', { class: 'note', id: `note-${i + 1}` });
    notes.appendChild(el);
    new SummaryView(el, { nonce }).update(doc.path, doc.path, doc, data.drugNames);
    for (const section of Array.from(el.querySelectorAll('details.case'))) section.setAttribute('data-case-ref', `${doc.path}#${section.getAttribute('data-case-id') ?? ''}`);
    toc.appendChild(h('li', {}, h('a', { href: `#note-${i + 1}` }, doc.path)));
  });
}

try {
  draw();
} catch (err) {
  root.replaceChildren(h('p', { id: 'empty' }, `The report could not be drawn: ${err instanceof Error ? err.message : String(err)}`));
}
