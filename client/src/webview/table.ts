// The annotation table of one case: every annotation with its kind, text, normalized value,
// day and line; sortable by any column, filtered by a text field, rows focusable (Enter reveals).
import { h, makeRevealable } from './dom.ts';
import type { SortKey, TableRow } from './model.ts';
import { filterRows, sortRows } from './model.ts';

const COLUMNS: { key: SortKey; label: string; width: string }[] = [
  { key: 'kind', label: 'Kind', width: '9%' },
  { key: 'text', label: 'Text', width: '27%' },
  { key: 'normalized', label: 'Normalized', width: '44%' },
  { key: 'day', label: 'Day', width: '10%' },
  { key: 'line', label: 'Line', width: '10%' },
];

const ROW_HEIGHT = 24;

export class AnnotationTable {
  readonly element: HTMLElement;
  private readonly table: HTMLElement;
  private readonly body: HTMLElement;
  private readonly filter: HTMLElement & { value: string };
  private readonly count: HTMLElement;
  private readonly headers = new Map<SortKey, HTMLElement>();
  private rows: TableRow[] = [];
  private sort: { key: SortKey; direction: 'asc' | 'desc' } = { key: 'line', direction: 'asc' };

  constructor(caseId: string) {
    this.filter = h('vscode-textfield', { class: 'filter', placeholder: 'Filter annotations (kind, text, value, day)', 'aria-label': 'Filter annotations', type: 'search' }) as HTMLElement & { value: string };
    this.filter.addEventListener('input', () => this.renderRows());
    this.count = h('span', { class: 'row-count', 'aria-live': 'polite' });
    const header = h('vscode-table-header', { slot: 'header' });
    for (const col of COLUMNS) {
      const button = h('button', { class: 'sort', type: 'button', 'data-sort': col.key }, col.label);
      button.addEventListener('click', () => this.toggleSort(col.key));
      const cell = h('vscode-table-header-cell', { 'data-sort': col.key }, button);
      this.headers.set(col.key, cell);
      header.appendChild(cell);
    }
    this.body = h('vscode-table-body', { slot: 'body' });
    // Not `resizable`: vscode-table resizes the cells of the first row it cached, and filtering
    // and sorting replace the rows; each cell carries its column's width instead.
    this.table = h('vscode-table', { class: 'annotations', 'data-case-id': caseId, zebra: true, 'bordered-rows': true }, header, this.body);
    (this.table as HTMLElement & { columns: string[] }).columns = COLUMNS.map((c) => c.width);
    this.element = h('div', { class: 'annotations-block' }, h('div', { class: 'table-tools' }, this.filter, this.count), this.table);
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
        'vscode-table-row',
        { 'data-kind': r.kind, 'data-day': r.day ?? '' },
        h('vscode-table-cell', { class: `kind kind-${r.kind}` }, r.kind),
        h('vscode-table-cell', { class: 'text', title: r.text }, r.text),
        h('vscode-table-cell', { class: 'normalized', title: r.normalized }, r.normalized),
        h('vscode-table-cell', { class: 'day', title: r.datedBy }, r.day === null ? 'undated' : String(r.day)),
        h('vscode-table-cell', { class: 'line' }, String(r.line + 1)),
      );
      Array.from(row.children).forEach((cell, i) => ((cell as HTMLElement).style.width = COLUMNS[i].width));
      makeRevealable(row, r, `${r.kind} ${r.text}, ${r.normalized}, ${r.day === null ? 'undated' : `day ${r.day}`}, line ${r.line + 1}`);
      row.setAttribute('role', 'row');
      return row;
    });
    this.body.replaceChildren(...rows);
    this.count.textContent = shown.length === this.rows.length ? `${this.rows.length} annotations` : `${shown.length} of ${this.rows.length} annotations`;
    // vscode-table scrolls inside its own box: size it to its rows, up to a screenful.
    this.table.style.height = `${Math.min(420, ROW_HEIGHT * (Math.max(1, shown.length) + 1) + 8)}px`;
  }
}
