// The plain text of a note for the standoff formats (BioC, brat): the note with its CaseMark
// markup removed, and an offset map from the note back and forth. What is removed:
//   - the YAML front matter (it goes to the document's metadata instead);
//   - `:kind[` before and `]{…}` after each annotation's label (the label is kept as written);
//   - `::case[` and `]{…}` around a case title (the title stays, as the case's first line).
// Everything else (other Markdown, unknown directives, code) is kept as written, so the text
// is the curator's words with nothing rephrased. Offsets out are Unicode code points, which
// is what Python-based readers (brat, the bioc library, PubTator tools) count.
import type { CaseMarkExport, ExportAnnotation, ExportCase, ExportDocument } from './types.ts';
import { LineIndex } from '../parse/lines.ts';
import { frontMatterEnd } from '../parse/chunks.ts';
import { closingBracket } from '../parse/syntax.ts';

/** A span of the plain text in code points, [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface PlainAnnotation {
  annotation: ExportAnnotation;
  /** Case id, null for annotations before the first `::case`. */
  caseId: string | null;
  span: Span;
  /** The plain text at `span`: the label as written (markup of nested directives removed). */
  text: string;
}

export interface PlainPart {
  /** The case, or null for the text before the first `::case`. */
  case: ExportCase | null;
  span: Span;
  text: string;
  annotations: PlainAnnotation[];
}

export interface PlainNote {
  /** The whole plain text. */
  text: string;
  /** Its length in code points. */
  length: number;
  parts: PlainPart[];
}

/** Code units between the counter's marks. */
const MARK = 4096;

/**
 * Counts code points up to UTF-16 offsets. It walks from the last offset asked, so nearby
 * questions are cheap, and jumps to a mark (the count at every MARK code units, made in one
 * pass) when an offset is far away, so no order of questions costs more than a linear walk.
 * An offset inside a surrogate pair counts the code points before the pair.
 */
export class CodePointCounter {
  private at = 0;
  private count = 0;
  /** For mark k: the first code point boundary at or after k * MARK, and the code points before it. */
  private readonly markAt: Int32Array;
  private readonly markCount: Int32Array;
  constructor(private readonly text: string) {
    const marks = Math.floor(text.length / MARK) + 1;
    this.markAt = new Int32Array(marks);
    this.markCount = new Int32Array(marks);
    let count = 0;
    let k = 1;
    for (let i = 0; i < text.length && k < marks; ) {
      if (i >= k * MARK) {
        this.markAt[k] = i;
        this.markCount[k] = count;
        k++;
        continue;
      }
      i += this.isPair(i) ? 2 : 1;
      count++;
    }
    for (; k < marks; k++) {
      this.markAt[k] = text.length;
      this.markCount[k] = count;
    }
  }

  private isPair(i: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(i);
    return c >= 0xd800 && c <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  }

  of(offset: number): number {
    if (Math.abs(offset - this.at) > MARK) {
      let k = Math.min(this.markAt.length - 1, Math.max(0, Math.floor(offset / MARK)));
      while (k > 0 && this.markAt[k] > offset) k--;
      this.at = this.markAt[k];
      this.count = this.markCount[k];
    }
    while (this.at < offset) {
      this.at += this.isPair(this.at) ? 2 : 1;
      this.count++;
    }
    while (this.at > offset) {
      this.at -= this.at >= 2 && this.isPair(this.at - 2) ? 2 : 1;
      this.count--;
    }
    return this.count;
  }
}

/** UTF-16 offsets of the note mapped to offsets of the plain text, given what is removed. */
class OffsetMap {
  /** Kept segments: note start, note end, plain start. */
  private readonly kept: [number, number, number][] = [];
  readonly text: string;

  constructor(note: string, removed: [number, number][]) {
    removed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let from = 0;
    let plain = 0;
    const pieces: string[] = [];
    for (const [s, e] of removed) {
      if (e <= from) continue;
      if (s > from) {
        this.kept.push([from, s, plain]);
        pieces.push(note.slice(from, s));
        plain += s - from;
      }
      from = Math.max(from, e);
    }
    this.kept.push([from, note.length, plain]);
    pieces.push(note.slice(from));
    this.text = pieces.join('');
  }

  /** The plain offset of a note offset; a removed offset maps to where the next kept text starts. */
  toPlain(offset: number): number {
    const kept = this.kept;
    let lo = 0;
    let hi = kept.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (kept[mid][0] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const [start, end, plain] = kept[lo];
    return plain + Math.max(0, Math.min(offset, end) - start);
  }
}

/** The label of a directive `:kind[label]{…}` that starts at `start`, as note offsets, or null. */
function labelOf(note: string, start: number, end: number, name: string): Span | null {
  const open = `:${name}[`;
  if (note.slice(start, start + open.length) !== open) return null;
  const from = start + open.length;
  const close = closingBracket(note, from, end);
  return close < 0 ? null : { start: from, end: close };
}

/** Makes the plain text of one exported note from the note's own text. */
export function plainNote(note: string, doc: ExportDocument): PlainNote {
  const lines = new LineIndex(note);
  const removed: [number, number][] = [];
  const fm = frontMatterEnd(note);
  if (fm > 0) removed.push([0, fm]);
  // Each annotation's label in note offsets (the whole directive when its label can't be found).
  const labels = new Map<ExportAnnotation, Span>();
  const all = [...doc.unassigned, ...doc.cases.flatMap((c) => c.annotations)];
  for (const a of all) {
    const start = lines.offset(a.range.start);
    const end = lines.offset(a.range.end);
    const label = labelOf(note, start, end, a.kind);
    if (label) {
      removed.push([start, label.start], [label.end, end]);
      labels.set(a, label);
    } else labels.set(a, { start, end });
  }
  const caseStarts: number[] = [];
  for (const c of doc.cases) {
    const start = Math.max(lines.offset(c.range.start), fm);
    caseStarts.push(start);
    if (c.implicit) continue;
    const lineEnd = lines.offset({ line: c.range.start.line, character: Number.MAX_SAFE_INTEGER });
    const at = note.indexOf('::case[', start);
    if (at < 0 || at >= lineEnd) continue;
    const close = closingBracket(note, at + 7, lineEnd);
    if (close < 0) continue;
    removed.push([at, at + 7], [close, lineEnd]);
  }
  const map = new OffsetMap(note, removed);
  const text = map.text;

  // Parts in note order: the text before the first case (when it holds anything), then each
  // case up to the next one. Offsets here are UTF-16 into the plain text.
  const bounds: { case: ExportCase | null; start: number; annotations: [ExportAnnotation, string | null][] }[] = [];
  const firstCase = doc.cases.length ? map.toPlain(caseStarts[0]) : text.length;
  if (doc.unassigned.length || text.slice(0, firstCase).trim() !== '' || !doc.cases.length) {
    bounds.push({ case: null, start: 0, annotations: doc.unassigned.map((a) => [a, null]) });
  }
  doc.cases.forEach((c, i) => bounds.push({ case: c, start: map.toPlain(caseStarts[i]), annotations: c.annotations.map((a) => [a, c.id]) }));
  let previous = 0;
  const raw = bounds.map((b, i) => {
    const start = Math.max(previous, b.start);
    const end = Math.max(start, i + 1 < bounds.length ? bounds[i + 1].start : text.length);
    previous = end;
    const annotations = b.annotations.map(([a, caseId]) => {
      const label = labels.get(a)!;
      return { a, caseId, s: map.toPlain(label.start), e: map.toPlain(label.end) };
    });
    return { case: b.case, start, end, annotations };
  });

  // Code points of the offsets used, asked mostly in order: the counter walks from one to the
  // next and jumps to a mark for the few far ones (a case's end, then its annotations).
  const counter = new CodePointCounter(text);
  const cp = (o: number) => counter.of(o);
  const parts: PlainPart[] = raw.map((r) => ({
    case: r.case,
    span: { start: cp(r.start), end: cp(r.end) },
    text: text.slice(r.start, r.end),
    annotations: r.annotations.map(({ a, caseId, s, e }) => ({ annotation: a, caseId, span: { start: cp(s), end: cp(e) }, text: text.slice(s, e) })),
  }));
  return { text, length: cp(text.length), parts };
}

/** Each exported note with its plain text (notes without their text get an empty one). */
export function plainNotes(exp: CaseMarkExport, texts: Map<string, string>): [ExportDocument, PlainNote][] {
  return exp.documents.map((d) => [d, plainNote(texts.get(d.path) ?? '', d)]);
}
