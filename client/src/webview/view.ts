// The summary panel's DOM: a header for the note's source and one collapsible section per
// case. Updates patch the DOM: a section, chart or table is rebuilt only when its data changed,
// so typing in the note neither flickers the panel nor loses the filter, sort or scroll.
import type { ExportDocument } from '../../../protocol/casemark.ts';
import { figureLayout, labChart, statusLegend, timelineChart, type FigureLayout } from './charts.ts';
import { append, h, makeRevealable } from './dom.ts';
import type { CaseView, Domain, LabSeries, Timeline } from './model.ts';
import { buildCaseViews, carryDomain, describeSeries, describeTimeline, sourceView } from './model.ts';
import { AnnotationTable } from './table.ts';
import { ZoomControl } from './zoomControl.ts';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface ViewOptions {
  nonce: string;
}

function chartWidth(): number {
  return Math.max(320, Math.min(1100, (document.body.clientWidth || 640) - 48));
}

class CaseSection {
  readonly element: HTMLDetailsElement;
  private readonly title = h('span', { class: 'case-title' });
  private readonly caseId = h('span', { class: 'case-id' });
  private readonly facts = h('dl', { class: 'case-facts' });
  private readonly timeline = h('div', { class: 'timeline', role: 'figure' });
  private readonly undated = h('div', { class: 'undated' });
  private readonly labs = h('div', { class: 'labs' });
  private readonly problems = h('div', { class: 'problems-block' });
  /** The timeline and the lab charts: one day axis, zoomed and panned together. */
  private readonly figure = h('div', { class: 'case-figure' });
  private readonly zoom: ZoomControl;
  private readonly table: AnnotationTable;
  private last: CaseView | null = null;
  private width = 0;
  /** The zoomed domain, null when the figure is fitted to the case. */
  private domain: Domain | null = null;
  private bounds: Domain | null = null;

  constructor(
    readonly id: string,
    private readonly opts: ViewOptions,
  ) {
    this.table = new AnnotationTable(id);
    this.zoom = new ZoomControl(this.figure, (domain) => {
      this.domain = domain;
      if (this.last) this.drawFigure(this.last.timeline);
    });
    this.figure.append(this.zoom.element, this.timeline, this.labs);
    this.element = h(
      'details',
      { class: 'case', 'data-case-id': id, open: true },
      h('summary', {}, this.title, ' ', this.caseId),
      h(
        'div',
        { class: 'case-body' },
        this.facts,
        h('h3', {}, 'Timeline'),
        this.figure,
        this.undated,
        h('h3', {}, 'Annotations'),
        this.table.element,
        h('h3', {}, 'Problems'),
        this.problems,
      ),
    );
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
    // The title as written (no forced case), the id apart.
    this.title.textContent = view.title;
    this.caseId.textContent = view.id ? `#${view.id}` : '';
    if (!prev || !same(prev.facts, view.facts)) this.renderFacts(view);
    if (!prev || resized || !same(prev.timeline, view.timeline)) this.drawFigure(view.timeline);
    if (!prev || !same(prev.rows, view.rows)) this.table.setRows(view.rows);
    if (!prev || !same(prev.problems, view.problems)) this.renderProblems(view);
    this.last = view;
  }

  /** The timeline and lab charts on the current domain; a zoom survives edits of the note. */
  private drawFigure(t: Timeline): void {
    const fitted = figureLayout(t, this.width);
    this.domain = fitted ? carryDomain(this.domain, this.bounds, fitted.bounds) : null;
    this.bounds = fitted?.bounds ?? null;
    const layout = this.domain ? figureLayout(t, this.width, this.domain) : fitted;
    this.renderTimeline(t, layout);
    this.renderLabs(t.labs, layout);
    this.zoom.setLayout(layout);
  }

  private renderFacts(view: CaseView): void {
    const items = view.facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, v)]);
    this.facts.replaceChildren(...items);
  }

  private renderTimeline(t: Timeline, layout: FigureLayout | null): void {
    const summary = describeTimeline(t);
    this.timeline.setAttribute('aria-label', `Timeline: ${summary}`);
    const chart = layout ? timelineChart(t, layout, this.opts.nonce) : null;
    const legend = statusLegend(t);
    this.timeline.replaceChildren(chart ?? h('p', { class: 'none' }, 'Nothing dated.'));
    if (legend.length) this.timeline.appendChild(h('p', { class: 'status-legend' }, ...legend.map((l) => h('span', { class: `legend status-${l.status}` }, l.text))));
    this.timeline.appendChild(h('p', { class: 'sr-only' }, summary));
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

  /** Small multiples on the timeline's day axis, one per quantitative analyte. */
  private renderLabs(series: LabSeries[], layout: FigureLayout | null): void {
    if (!series.length || !layout) {
      this.labs.replaceChildren();
      return;
    }
    this.labs.replaceChildren(...series.map((s) => this.labBlock(s, layout)));
  }

  /** One block per analyte: its name, then one chart per unit its values are in (each unit on
   * its own y-axis, never relabelled), the reference line on the chart of its unit. */
  private labBlock(s: LabSeries, layout: FigureLayout): HTMLElement {
    const summary = describeSeries(s);
    const single = s.tracks.length === 1 ? s.tracks[0] : null;
    const title = h('h4', {}, s.name, single?.unitText ? h('span', { class: 'unit' }, ` (${single.unitText})`) : null, s.loinc ? h('span', { class: 'loinc' }, ` LOINC ${s.loinc}`) : null);
    const block = h('div', { class: 'lab-chart', 'data-analyte': s.key, 'data-scale': s.tracks[0].scale, role: 'figure', 'aria-label': summary }, title);
    for (const track of s.tracks) {
      if (!single) {
        const caption = h('p', { class: 'lab-track-caption' }, track.unitText || 'no unit', track.measureName !== s.name ? ` · ${track.measureName}` : '', track.loinc && track.loinc !== s.loinc ? h('span', { class: 'loinc' }, ` LOINC ${track.loinc}`) : null);
        block.appendChild(caption);
      }
      const chart = labChart(s, track, layout, this.opts.nonce);
      if (chart && !single) chart.setAttribute('data-unit', track.unit ?? '');
      append(block, chart);
    }
    append(block, h('p', { class: 'sr-only' }, summary));
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
  private lastNames: Record<string, string> = {};
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
  /** `drugNames`: lexicon names of drugs that doses give by key only (casemark/cases sends them). */
  update(uri: string, fileName: string, doc: ExportDocument, drugNames: Record<string, string> = {}): void {
    this.message.hidden = true;
    if (uri !== this.uri) {
      this.sections.clear();
      this.cases.replaceChildren();
      this.lastDocument = null;
    }
    this.uri = uri;
    if (this.lastDocument && this.lastFile === fileName && same(this.lastDocument, doc) && same(this.lastNames, drugNames)) return;
    if (!this.lastDocument || !same(this.lastDocument.source, doc.source) || this.lastFile !== fileName) this.renderHeader(fileName, doc);
    this.lastDocument = doc;
    this.lastFile = fileName;
    this.lastNames = drugNames;
    const views = buildCaseViews(doc, drugNames);
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
