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

const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

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

export function findTableLabs(text: string, lexicon: Lexicon, claimed: (s: number, e: number) => boolean): TableLab[] {
  const out: TableLab[] = [];
  if (!text.includes('|')) return out;
  const lines: [number, number][] = [];
  for (let pos = 0; pos <= text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    lines.push([pos, text[end - 1] === '\r' ? end - 1 : end]);
    if (nl < 0) break;
    pos = nl + 1;
  }
  for (let l = 1; l < lines.length; l++) {
    const [ds, de] = lines[l];
    const [hs, he] = lines[l - 1];
    if (!text.slice(hs, he).includes('|') || !DELIMITER_ROW.test(text.slice(ds, de))) continue;
    const columns = cells(text, hs, he).map((c) => analyte(c.text, lexicon));
    for (l = l + 1; l < lines.length && text.slice(lines[l][0], lines[l][1]).includes('|'); l++) {
      const row = cells(text, lines[l][0], lines[l][1]);
      const rowAnalyte = row.length > 1 ? analyte(row[0].text, lexicon) : undefined;
      row.forEach((cell, i) => {
        const test = columns[i] ?? (i > 0 ? rowAnalyte : undefined);
        if (!test || !cell.text || cell.text.includes(HOLE) || !startsValue(cell.text) || claimed(cell.start, cell.end)) return;
        const key = cleanValue(cell.text, test, lexicon);
        if (key) out.push({ start: cell.start, end: cell.end, key, test });
      });
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
