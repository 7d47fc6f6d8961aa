// The annotation table of one case: every annotation with its kind, text, normalized value,
// day and line; sortable by any column, filtered by a text field, rows focusable (Enter reveals).
import { h, makeRevealable } from './dom.ts';
import type { SortKey, TableRow } from './model.ts';
import { filterRows, sortRows } from './model.ts';

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'kind', label: 'Kind' },
  { key: 'text', label: 'Text' },
  { key: 'normalized', label: 'Normalized' },
  { key: 'day', label: 'Day' },
  { key: 'line', label: 'Line' },
];

/** A plain table: cells wrap instead of truncating, in the panel and in the report alike. */
export class AnnotationTable {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly filter: HTMLInputElement;
  private readonly count: HTMLElement;
  private readonly headers = new Map<SortKey, HTMLElement>();
  private rows: TableRow[] = [];
  private sort: { key: SortKey; direction: 'asc' | 'desc' } = { key: 'line', direction: 'asc' };

  constructor(caseId: string) {
    this.filter = h('input', { class: 'filter', placeholder: 'Filter annotations (kind, text, value, day)', 'aria-label': 'Filter annotations', type: 'search' });
    this.filter.addEventListener('input', () => this.renderRows());
    this.count = h('span', { class: 'row-count', 'aria-live': 'polite' });
    const header = h('tr');
    for (const col of COLUMNS) {
      const button = h('button', { class: 'sort', type: 'button', 'data-sort': col.key }, col.label);
      button.addEventListener('click', () => this.toggleSort(col.key));
      const cell = h('th', { scope: 'col', class: `col-${col.key}`, 'data-sort': col.key }, button);
      this.headers.set(col.key, cell);
      header.appendChild(cell);
    }
    this.body = h('tbody');
    const table = h('table', { class: 'annotations', 'data-case-id': caseId }, h('thead', {}, header), this.body);
    this.element = h('div', { class: 'annotations-block' }, h('div', { class: 'table-tools' }, this.filter, this.count), h('div', { class: 'table-scroll' }, table));
  }

  setRows(rows: TableRow[]): void {
    this.rows = rows;
    this.renderRows();
  }

  private toggleSort(key: SortKey): void {
    this.sort = { key, direction: this.sort.key === key && this.sort.direction === 'asc' ? 'desc' : 'asc' };
    this.renderRows();
  }

  private renderRows(): void {
    for (const [key, cell] of this.headers) {
      cell.setAttribute('aria-sort', key === this.sort.key ? (this.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none');
    }
    const shown = sortRows(filterRows(this.rows, this.filter.value ?? ''), this.sort.key, this.sort.direction);
    const rows = shown.map((r) => {
      const row = h(
        'tr',
        { class: 'annotation-row', 'data-kind': r.kind, 'data-day': r.day ?? '' },
        h('td', { class: `kind kind-${r.kind}` }, r.kind),
        h('td', { class: 'text' }, r.text),
        h('td', { class: 'normalized' }, r.normalized),
        h('td', { class: 'day', title: r.datedBy }, r.day === null ? 'undated' : String(r.day)),
        h('td', { class: 'line' }, String(r.line + 1)),
      );
      makeRevealable(row, r, `${r.kind} ${r.text}, ${r.normalized}, ${r.day === null ? 'undated' : `day ${r.day}`}, line ${r.line + 1}`);
      row.setAttribute('role', 'row');
      return row;
    });
    this.body.replaceChildren(...rows);
    this.count.textContent = shown.length === this.rows.length ? `${this.rows.length} annotations` : `${shown.length} of ${this.rows.length} annotations`;
  }
}
