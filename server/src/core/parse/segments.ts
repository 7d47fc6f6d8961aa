// Sentences and clauses of a block (spec section 3).
// - A sentence is a run between Unicode sentence boundaries (UAX #29, `Intl.Segmenter`), or
//   ended by `;`. A boundary right after a common abbreviation (`Fig.`, `et al.`, `vs.`) is
//   not one, nor one after a dotted abbreviation (`i.v.`, `e.g.`, `b.i.d.`) before a
//   lower-case word.
// - A clause is a run of a sentence ended by `,` and white space, or ended right before a
//   conjunction (`and`, `then`, `followed by`, `but`, `while`, `whereas`) that follows a
//   `:day` of the clause and has another `:day` after it in the sentence. In a table row each
//   cell is a clause of the row's one sentence.
// Directives are masked first, so punctuation inside a label or its attributes never ends
// anything. A masked directive reads as a capitalised word: a sentence that opens with
// `:drug[tocilizumab]` starts a sentence as a person reads it, though UAX #29 would keep
// ". tocilizumab" together.
import type { Nodes } from 'mdast';

export interface Segmentation {
  /** Sentence index (within the block) of each directive, in the order given. */
  sentence: number[];
  /** Clause index (within the block, counting across sentences) of each directive. */
  clause: number[];
}

/** A directive of the block: its start and end offsets, and whether it is a `:day`. */
export type DirectiveSpan = [start: number, end: number, isDay: boolean];

// Always abbreviations: a boundary right after them is not one.
const ABBREVIATIONS = /(?:^|[^\p{L}.])(?:figs?|dr|drs|prof|et al|vs|approx|ca|no|nos|ref|refs|resp|cf|incl|mr|mrs|ms|pt|pts|dept|univ|etc)\.$/iu;
// Dotted abbreviations (`i.v.`, `e.g.`, `b.i.d.`): no boundary before a lower-case word.
const DOTTED = /(?:^|[^\p{L}.])(?:\p{L}\.){2,}$/u;
const CONJUNCTION = /\b(?:and|then|followed\s+by|but|while|whereas)\b/giy;
const SPACE = new Set([' ', '\t', '\n', '\r', '\u00a0']);

let segmenter: Intl.Segmenter | undefined;

export function segmentBlock(text: string, block: Nodes, directives: DirectiveSpan[]): Segmentation {
  const start = block.position?.start.offset ?? 0;
  const end = block.position?.end.offset ?? text.length;
  if (block.type === 'tableRow') {
    const cells = block.children.map((c) => c.position?.end.offset ?? end);
    return {
      sentence: directives.map(() => 0),
      clause: directives.map(([s]) => {
        const i = cells.findIndex((cellEnd) => s < cellEnd);
        return i < 0 ? cells.length - 1 : i;
      }),
    };
  }
  const { masked, labels } = mask(text, start, end, directives);
  const sentenceEnds = sentenceBoundaries(masked, labels);
  // The first :day at or after each directive, so "is there a :day later in the sentence" is O(1).
  const nextDay = new Array<number>(directives.length + 1).fill(directives.length);
  for (let k = directives.length - 1; k >= 0; k--) nextDay[k] = directives[k][2] ? k : nextDay[k + 1];
  // Walk the block once: boundaries, clause commas and conjunctions, and the directives.
  const sentence: number[] = [];
  const clause: number[] = [];
  let s = 0;
  let c = 0;
  let d = 0;
  let nextEnd = 0;
  let dayInClause = false;
  for (let i = 0; i <= masked.length && d < directives.length; i++) {
    while (nextEnd < sentenceEnds.length && sentenceEnds[nextEnd] <= i) {
      nextEnd++;
      s++;
      c++;
      dayInClause = false;
    }
    const at = start + i;
    if (d < directives.length && at >= directives[d][0]) {
      // Nested directives (inside a label) share their parent's place.
      const outerEnd = directives[d][1];
      while (d < directives.length && directives[d][0] < outerEnd) {
        sentence.push(s);
        clause.push(c);
        if (directives[d][2]) dayInClause = true;
        d++;
      }
      i = outerEnd - start - 1;
      continue;
    }
    const ch = masked[i];
    if (ch === ',' && (i + 1 >= masked.length || SPACE.has(masked[i + 1]))) {
      c++;
      dayInClause = false;
    } else if (dayInClause && (i === 0 || !/[\p{L}\p{N}]/u.test(masked[i - 1]))) {
      CONJUNCTION.lastIndex = i;
      const m = CONJUNCTION.exec(masked);
      const sentenceEnd = nextEnd < sentenceEnds.length ? start + sentenceEnds[nextEnd] : end;
      const later = nextDay[d];
      if (m && later < directives.length && directives[later][0] < sentenceEnd) {
        c++;
        dayInClause = false;
        i += m[0].length - 1;
      }
    }
  }
  while (sentence.length < directives.length) {
    sentence.push(s);
    clause.push(c);
  }
  return { sentence, clause };
}

/**
 * The block's text with each directive replaced by a same-length capitalised word (`Xxxx`),
 * line breaks as spaces (a soft line break does not end a sentence), and each directive's
 * label by its offset in the masked text, for the case of its first letter.
 */
function mask(text: string, start: number, end: number, directives: DirectiveSpan[]): { masked: string; labels: Map<number, string> } {
  let out = '';
  const labels = new Map<number, string>();
  let pos = start;
  for (const [ds, de] of directives) {
    if (ds < pos) continue; // nested in the previous one
    out += text.slice(pos, ds);
    labels.set(out.length, text.slice(ds, de).replace(/^:+[^[]*\[/, ''));
    out += 'X' + 'x'.repeat(Math.max(0, Math.min(de, end) - ds - 1));
    pos = Math.min(de, end);
  }
  out += text.slice(pos, end);
  return { masked: out.replace(/[\r\n\u0085\u2028\u2029]/g, ' '), labels };
}

// Where UAX #29 may end a sentence: a terminator, closing punctuation, then white space.
const CANDIDATE = /[.!?\u2026\u203c\u203d\u2047-\u2049\u3002\uff01\uff0e\uff1f]+["'\u201d\u2019)\]\u00bb]*[ \t\u00a0]+/g;
const LETTER = /\p{L}/u;

/**
 * Offsets (in the masked text) where sentences end: UAX #29 boundaries and `;`, less
 * abbreviations. `Intl.Segmenter` is asked about each candidate in a small window (from the
 * word before the terminator to the first letter after it, all its rules look at), since
 * segmenting a long paragraph whole takes time quadratic in its length.
 */
function sentenceBoundaries(masked: string, labels: Map<number, string>): number[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  const ends: number[] = [];
  CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CANDIDATE.exec(masked))) {
    const stop = m.index + m[0].length;
    if (stop >= masked.length) break;
    const from = masked.lastIndexOf(' ', m.index - 1) + 1;
    let to = stop;
    while (to < masked.length && to - stop < 64 && !LETTER.test(masked[to])) to++;
    const window = masked.slice(from, Math.min(masked.length, to + 1));
    if (!isBoundary(window, stop - from)) continue;
    const before = masked.slice(Math.max(from - 16, 0), stop).trimEnd();
    if (ABBREVIATIONS.test(before)) continue;
    if (DOTTED.test(before) && lowerNext(masked, stop, labels)) continue;
    ends.push(stop);
  }
  // `;` followed by white space ends a sentence too.
  for (let i = masked.indexOf(';'); i >= 0; i = masked.indexOf(';', i + 1)) {
    if (i + 1 < masked.length && SPACE.has(masked[i + 1])) ends.push(i + 1);
  }
  return [...new Set(ends)].sort((x, y) => x - y);
}

// Windows repeat (`mg. Xxxx`, `U/L). Xxxx`): remember the segmenter's answers.
const decisions = new Map<string, boolean>();

function isBoundary(window: string, at: number): boolean {
  const key = `${at}\u0000${window}`;
  let known = decisions.get(key);
  if (known === undefined) {
    known = false;
    for (const seg of segmenter!.segment(window)) if (seg.index === at) known = true;
    if (decisions.size >= 20_000) decisions.clear();
    decisions.set(key, known);
  }
  return known;
}

/** Whether the first word at `from` starts with a lower-case letter (a directive by its label). */
function lowerNext(masked: string, from: number, labels: Map<number, string>): boolean {
  let i = from;
  while (i < masked.length && SPACE.has(masked[i])) i++;
  if (i >= masked.length) return false;
  const word = labels.get(i) ?? masked.slice(i, i + 8);
  const letter = /\p{L}/u.exec(word)?.[0];
  return letter !== undefined && letter === letter.toLowerCase() && letter !== letter.toUpperCase();
}
