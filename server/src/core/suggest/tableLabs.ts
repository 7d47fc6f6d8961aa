// Lab values in tables of labs: a cell that holds only a value (`480 IU/mL`, `<10 IU/mL`,
// `0.42 g/L`, a score `18`) under a column headed by an analyte (`| anti-dsDNA | C3 |`), or
// in a row whose first cell names one (`| CRP | 14 mg/L | 2 mg/L |`). The curator wraps
// the value and names the analyte in `test=` (spec section 2, lab), so the suggestion
// carries that attribute; it is checked with normalizeLab like every other lab suggestion.
import type { Lexicon } from '../lexicon/lexicon.ts';
import { normalizeLab } from '../normalize/lab.ts';
import { startsValue } from '../normalize/labValue.ts';
import { HOLE } from './mask.ts';
import type { Span } from './labs.ts';

export interface TableLab extends Span {
  key: string;
  /** The analyte the value belongs to, as `test=` wants it. */
  test: string;
}

interface Cell {
  start: number;
  end: number;
  text: string;
}

/** The cells of one table row (`| a | b |`, outer pipes optional; `\|` is not a separator), trimmed. */
function cells(text: string, from: number, to: number): Cell[] {
  const out: Cell[] = [];
  let start = from;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    out.push({ start: start + lead, end: start + lead + body.length, text: body });
  };
  for (let i = from; i < to; i++) {
    if (text[i] === '|' && text[i - 1] !== '\\') {
      push(i);
      start = i + 1;
    }
  }
  push(to);
  // Outer pipes leave an empty first and last cell.
  if (out.length && out[0].text === '' && /^[ \t]*\|/.test(text.slice(from, to))) out.shift();
  if (out.length && out[out.length - 1].text === '' && /\|[ \t]*$/.test(text.slice(from, to))) out.pop();
  return out;
}

/** `heads`: each table's header row (the row before its delimiter row), as offsets. */
export function findTableLabs(text: string, lexicon: Lexicon, claimed: (s: number, e: number) => boolean, heads: readonly [number, number][]): TableLab[] {
  const out: TableLab[] = [];
  const lineEnd = (from: number): number => {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    return text[end - 1] === '\r' ? end - 1 : end;
  };
  for (const [hs, he] of heads) {
    const columns = cells(text, hs, he).map((c) => analyte(c.text, lexicon));
    const delimiterEnd = text.indexOf('\n', he + 1);
    // Body rows: the lines after the delimiter row that have a pipe.
    for (let from = delimiterEnd + 1; delimiterEnd >= 0 && from > 0 && from < text.length; ) {
      const to = lineEnd(from);
      const line = text.slice(from, to);
      if (!line.includes('|')) break;
      const row = cells(text, from, to);
      const rowAnalyte = row.length > 1 ? analyte(row[0].text, lexicon) : undefined;
      row.forEach((cell, i) => {
        const test = columns[i] ?? (i > 0 ? rowAnalyte : undefined);
        if (!test || !cell.text || cell.text.includes(HOLE) || !startsValue(cell.text) || claimed(cell.start, cell.end)) return;
        const key = cleanValue(cell.text, test, lexicon);
        if (key) out.push({ start: cell.start, end: cell.end, key, test });
      });
      const nl = text.indexOf('\n', to);
      if (nl < 0) break;
      from = nl + 1;
    }
  }
  return out;
}

/** The lab key a header cell (or a row's first cell) names, as a whole. */
function analyte(header: string, lexicon: Lexicon): string | undefined {
  if (!header || header.includes(HOLE) || header.length > 60) return undefined;
  return lexicon.findLab(header)?.key;
}

function cleanValue(label: string, test: string, lexicon: Lexicon): string | null {
  const r = normalizeLab(label, { test }, lexicon, null);
  return r.normalized && !r.problems.length && r.normalized.valueKind !== 'qualitative' ? r.normalized.key : null;
}
