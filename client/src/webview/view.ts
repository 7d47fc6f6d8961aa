// The summary panel's DOM: a header for the note's source and one collapsible section per
// case. Updates patch the DOM: a section, chart or table is rebuilt only when its data changed,
// so typing in the note neither flickers the panel nor loses the filter, sort or scroll.
import type { ExportDocument } from '../../../protocol/casemark.ts';
import { labChart, timelineChart } from './charts.ts';
import { append, h, makeRevealable } from './dom.ts';
import type { CaseView, LabSeries, Timeline } from './model.ts';
import { buildCaseViews, describeSeries, describeTimeline, sourceView } from './model.ts';
import { AnnotationTable } from './table.ts';

/** Lab charts sit side by side when the panel is wide (media/summary.css lays them out). */
const LAB_CHART_WIDTH = 460;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface ViewOptions {
  nonce: string;
}

function chartWidth(): number {
  return Math.max(320, Math.min(960, (document.body.clientWidth || 640) - 48));
}

class CaseSection {
  readonly element: HTMLElement & { open: boolean };
  private readonly facts = h('dl', { class: 'case-facts' });
  private readonly timeline = h('div', { class: 'timeline', role: 'figure' });
  private readonly undated = h('div', { class: 'undated' });
  private readonly labs = h('div', { class: 'labs' });
  private readonly problems = h('div', { class: 'problems-block' });
  private readonly table: AnnotationTable;
  private last: CaseView | null = null;
  private width = 0;

  constructor(
    readonly id: string,
    private readonly opts: ViewOptions,
  ) {
    this.table = new AnnotationTable(id);
    this.element = h(
      'vscode-collapsible',
      { class: 'case', 'data-case-id': id, open: true },
      h(
        'div',
        { class: 'case-body' },
        this.facts,
        h('h3', {}, 'Timeline'),
        this.timeline,
        this.undated,
        h('h3', {}, 'Labs'),
        this.labs,
        h('h3', {}, 'Annotations'),
        this.table.element,
        h('h3', {}, 'Problems'),
        this.problems,
      ),
    ) as HTMLElement & { open: boolean };
    if (id === '') this.element.classList.add('outside');
    this.timeline.id = id === '' ? 'timeline-outside' : `timeline-${id}`;
  }

  /** Redraws the charts when the panel's width changed noticeably. */
  relayout(): void {
    if (this.last) this.update(this.last);
  }

  update(view: CaseView): void {
    const prev = this.last;
    const width = chartWidth();
    const resized = Math.abs(width - this.width) > 24;
    this.width = width;
    // Properties, not attributes: a title attribute would be a tooltip over the whole section.
    const header = this.element as unknown as { title: string; description: string };
    header.title = view.title;
    header.description = view.id ? `#${view.id}` : '';
    if (!prev || !same(prev.facts, view.facts)) this.renderFacts(view);
    if (!prev || resized || !same(prev.timeline, view.timeline)) this.renderTimeline(view.timeline);
    if (!prev || resized || !same(prev.labs, view.labs)) this.renderLabs(view.labs, prev?.labs ?? [], resized);
    if (!prev || !same(prev.rows, view.rows)) this.table.setRows(view.rows);
    if (!prev || !same(prev.problems, view.problems)) this.renderProblems(view);
    this.last = view;
  }

  private renderFacts(view: CaseView): void {
    const items = [['id', view.id || '—'] as [string, string], ...view.facts].flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, v)]);
    this.facts.replaceChildren(...items);
  }

  private renderTimeline(t: Timeline): void {
    const summary = describeTimeline(t);
    this.timeline.setAttribute('aria-label', `Timeline: ${summary}`);
    const chart = timelineChart(t, { width: this.width, nonce: this.opts.nonce });
    this.timeline.replaceChildren(chart ?? h('p', { class: 'none' }, 'No dated drug or dose.'), h('p', { class: 'sr-only' }, summary));
    if (!t.undated.length) {
      this.undated.replaceChildren();
      return;
    }
    const list = h('ul', { class: 'undated-list' });
    for (const f of t.undated) {
      const li = h('li', { 'data-kind': f.kind }, h('span', { class: `kind kind-${f.kind}` }, f.kind), ' ', f.text, h('span', { class: 'line' }, ` line ${f.line + 1}`));
      makeRevealable(li, f, `undated ${f.kind} ${f.text}, line ${f.line + 1}`);
      list.appendChild(li);
    }
    this.undated.replaceChildren(h('h4', {}, 'Undated'), list);
  }

  private renderLabs(series: LabSeries[], prev: LabSeries[], force: boolean): void {
    if (!series.length) {
      this.labs.replaceChildren(h('p', { class: 'none' }, 'No lab value.'));
      return;
    }
    const old = new Map<string, Element>();
    for (const el of Array.from(this.labs.querySelectorAll(':scope > .lab-chart'))) old.set(el.getAttribute('data-analyte') ?? '', el);
    const prevByKey = new Map(prev.map((s) => [s.key, s]));
    const charts = series.map((s) => {
      const kept = old.get(s.key);
      const before = prevByKey.get(s.key);
      return kept && before && !force && same(before, s) ? kept : this.labBlock(s);
    });
    this.labs.replaceChildren(...charts);
  }

  private labBlock(s: LabSeries): HTMLElement {
    const summary = describeSeries(s);
    const title = h('h4', {}, s.name, s.unit ? h('span', { class: 'unit' }, ` (${s.unit})`) : null, s.loinc ? h('span', { class: 'loinc' }, ` LOINC ${s.loinc}`) : null);
    const block = h('div', { class: 'lab-chart', 'data-analyte': s.key, 'data-scale': s.scale, role: 'figure', 'aria-label': summary }, title);
    append(block, labChart(s, { width: Math.min(this.width, LAB_CHART_WIDTH), nonce: this.opts.nonce }), h('p', { class: 'sr-only' }, summary));
    if (s.results.length) {
      const list = h('ul', { class: 'lab-results' });
      for (const r of s.results) {
        const li = h('li', {}, r.day === null ? 'undated' : `day ${r.day}`, ': ', h('span', { class: 'result' }, r.result));
        makeRevealable(li, r, `${s.name} ${r.result}, ${r.day === null ? 'undated' : `day ${r.day}`}, line ${r.line + 1}`);
        list.appendChild(li);
      }
      block.appendChild(list);
    }
    return block;
  }

  private renderProblems(view: CaseView): void {
    if (!view.problems.length) {
      this.problems.replaceChildren(h('p', { class: 'none' }, 'No problem.'));
      return;
    }
    const list = h('ul', { class: 'problems' });
    for (const d of view.problems) {
      const li = h(
        'li',
        { class: `problem severity-${d.severity}`, 'data-code': d.code, 'data-severity': d.severity },
        h('span', { class: 'severity' }, d.severity),
        ' ',
        h('code', { class: 'code' }, d.code),
        ' ',
        h('span', { class: 'message' }, d.message),
        h('span', { class: 'line' }, ` line ${d.range.start.line + 1}`),
      );
      makeRevealable(li, { range: d.range, line: d.range.start.line }, `${d.severity} ${d.code}: ${d.message}, line ${d.range.start.line + 1}`);
      list.appendChild(li);
    }
    this.problems.replaceChildren(list);
  }
}

export class SummaryView {
  private readonly header = h('header', { id: 'doc-header' });
  private readonly message = h('p', { id: 'empty', hidden: true });
  private readonly cases = h('div', { id: 'cases' });
  private readonly sections = new Map<string, CaseSection>();
  private lastDocument: ExportDocument | null = null;
  private lastFile = '';
  uri = '';

  constructor(
    root: HTMLElement,
    private readonly opts: ViewOptions,
  ) {
    root.replaceChildren(this.header, this.message, this.cases);
  }

  showMessage(text: string): void {
    this.message.textContent = text;
    this.message.hidden = false;
    this.header.replaceChildren();
    this.cases.replaceChildren();
    this.sections.clear();
    this.lastDocument = null;
    this.uri = '';
  }

  /** Show a note; a different note replaces the sections, the same note patches them. */
  update(uri: string, fileName: string, doc: ExportDocument): void {
    this.message.hidden = true;
    if (uri !== this.uri) {
      this.sections.clear();
      this.cases.replaceChildren();
      this.lastDocument = null;
    }
    this.uri = uri;
    if (this.lastDocument && this.lastFile === fileName && same(this.lastDocument, doc)) return;
    if (!this.lastDocument || !same(this.lastDocument.source, doc.source) || this.lastFile !== fileName) this.renderHeader(fileName, doc);
    this.lastDocument = doc;
    this.lastFile = fileName;
    const views = buildCaseViews(doc);
    const seen = new Set<string>();
    const ordered = views.map((v) => {
      seen.add(v.id);
      let section = this.sections.get(v.id);
      if (!section) this.sections.set(v.id, (section = new CaseSection(v.id, this.opts)));
      section.update(v);
      return section.element;
    });
    for (const id of [...this.sections.keys()]) if (!seen.has(id)) this.sections.delete(id);
    // Re-append only when the order or the set of sections changed (moving nodes resets nothing, but costs layout).
    const current = Array.from(this.cases.children);
    if (current.length !== ordered.length || current.some((el, i) => el !== ordered[i])) this.cases.replaceChildren(...ordered);
    if (!views.length) this.cases.replaceChildren(h('p', { class: 'none' }, 'No case in this note.'));
  }

  relayout(): void {
    for (const section of this.sections.values()) section.relayout();
  }

  focusCase(caseId: string): void {
    const section = this.sections.get(caseId);
    if (!section) return;
    section.element.open = true;
    section.element.scrollIntoView({ block: 'start' });
    section.element.focus?.();
  }

  private renderHeader(fileName: string, doc: ExportDocument): void {
    const src = sourceView(doc);
    const parts: (Node | string)[] = [];
    if (src?.journal) parts.push(h('span', { class: 'journal' }, src.journal));
    if (src?.year) parts.push(h('span', { class: 'year' }, src.year));
    if (src?.doi && src.doiUrl) parts.push(h('a', { class: 'doi', href: src.doiUrl }, `doi:${src.doi}`));
    const meta = h('p', { id: 'source-meta' });
    parts.forEach((p, i) => append(meta, i ? ' · ' : '', p));
    const nodes: Node[] = [h('h1', { id: 'doc-title' }, src?.title ?? fileName)];
    if (src?.title) nodes.push(h('p', { id: 'doc-file' }, fileName));
    if (parts.length) nodes.push(meta);
    this.header.replaceChildren(...nodes);
  }
}
