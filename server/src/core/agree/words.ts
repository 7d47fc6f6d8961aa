// The paper's own words in a note: what two curators' notes of the same paper share, and
// what agreement is measured on (spec section 9). A label is the paper's words, so only the
// directive syntax around it is dropped (`:kind[` and `]{attrs}`), together with the front
// matter, `::case` lines and HTML comments, which are the curator's, not the paper's.
// Markup characters (`#`, `*`, `|`) fall out by themselves: a word is a run of letters
// and digits.
import type { Annotation, DocumentAnalysis, Range } from '../model.ts';
import { LineIndex } from '../parse/lines.ts';
import { frontMatterEnd } from '../parse/chunks.ts';

export interface Word {
  /** As written. */
  text: string;
  /** Compared case-insensitively: a curator may fix a capital without changing the paper. */
  key: string;
  /** UTF-16 offsets into the note. */
  start: number;
  end: number;
}

/** Words `start` to `end` (exclusive) of the note's word list. */
export interface WordSpan {
  start: number;
  end: number;
}

export interface NoteWords {
  words: Word[];
  /** One per annotation of `analysis.annotations`, null when its label has no word (`:dose[]`). */
  spans: (WordSpan | null)[];
}

const WORD = /[\p{L}\p{N}]+/gu;
const HTML_COMMENT = /<!--[^]*?-->/g;

/** The paper's words of a note and, for each annotation, the words its label covers. */
export function noteWords(text: string, analysis: Pick<DocumentAnalysis, 'annotations' | 'cases'>): NoteWords {
  const lines = new LineIndex(text);
  const masked: [number, number][] = [[0, frontMatterEnd(text)]];
  for (const c of analysis.cases) if (!c.implicit) masked.push(lineOf(lines, c.headerRange));
  for (const a of analysis.annotations) {
    const start = lines.offset(a.range.start);
    const labelStart = lines.offset(a.labelRange.start);
    const labelEnd = lines.offset(a.labelRange.end);
    masked.push([start, Math.max(start, labelStart)], [labelEnd, Math.max(labelEnd, lines.offset(a.range.end))]);
  }
  HTML_COMMENT.lastIndex = 0;
  for (let m; (m = HTML_COMMENT.exec(text)); ) masked.push([m.index, m.index + m[0].length]);

  // Blank the masked stretches (same length, so offsets stay those of the note), then read words.
  masked.sort((x, y) => x[0] - y[0]);
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of masked) {
    if (e <= at) continue;
    const from = Math.max(s, at);
    parts.push(text.slice(at, from), ' '.repeat(e - from));
    at = e;
  }
  parts.push(text.slice(at));
  const blanked = parts.join('');

  const words: Word[] = [];
  WORD.lastIndex = 0;
  for (let m; (m = WORD.exec(blanked)); ) words.push({ text: m[0], key: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  const spans = analysis.annotations.map((a) => spanOf(words, lines, a));
  return { words, spans };
}

function lineOf(lines: LineIndex, range: Range): [number, number] {
  const start = lines.starts[range.start.line] ?? lines.text.length;
  const next = lines.starts[range.end.line + 1] ?? lines.text.length;
  return [start, next];
}

/** The words lying inside an annotation's label. */
function spanOf(words: Word[], lines: LineIndex, a: Annotation): WordSpan | null {
  const from = lines.offset(a.labelRange.start);
  const to = lines.offset(a.labelRange.end);
  const start = firstAtOrAfter(words, from);
  let end = start;
  while (end < words.length && words[end].end <= to) end++;
  return end > start ? { start, end } : null;
}

function firstAtOrAfter(words: Word[], offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
