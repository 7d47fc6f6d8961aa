// Agreement between two curators' notes of one paper (spec section 9). Both notes are reduced
// to the paper's words (words.ts), the word sequences aligned (align.ts), and each
// annotation's label mapped to the words it covers; then, per kind:
//   - spans: an exact match covers the same aligned words; an overlap match shares at least
//     one. Matching is one-to-one, so F1 = 2·matches / (annotations in a + annotations in b);
//   - values: on overlap-matched pairs, same key, value and unit within 0.5 %, status, day;
//   - Cohen's kappa over the aligned words, each labelled none/drug/dose/day/lab by each note.
import type { Annotation, AnnotationKind, DocumentAnalysis, Range } from '../model.ts';
import { ANNOTATION_KINDS } from '../model.ts';
import { LineIndex } from '../parse/lines.ts';
import { alignWords, type Alignment } from './align.ts';
import { emptyConfusion, type Confusion } from './kappa.ts';
import { figuresOf, type Counts, type Figures } from './figures.ts';
import { valueDifferences } from './values.ts';
import { noteWords, type NoteWords, type WordSpan } from './words.ts';

export interface AgreementNote {
  path: string;
  text: string;
  analysis: Pick<DocumentAnalysis, 'annotations' | 'cases'>;
}

/** The unit Cohen's kappa counts, stated with every result (it changes kappa a lot). */
export const KAPPA_UNIT = 'a word of the paper (a run of letters or digits outside directive syntax, front matter, ::case lines and comments) present in both notes, as aligned by a word diff';
/** Each unit's category, by the annotation that covers it; index 0 is `none`. */
export const KAPPA_CATEGORIES: readonly ('none' | AnnotationKind)[] = ['none', ...ANNOTATION_KINDS];

export interface AnnotationRef {
  /** Index in the note's `annotations`. */
  index: number;
  kind: AnnotationKind;
  text: string;
  /** The directive as written, `:kind[label]{attrs}`. */
  directive: string;
  range: Range;
  labelRange: Range;
  /** Where the label starts and ends inside `directive`. */
  labelAt: [number, number];
}

export interface Side {
  /** The note's annotation of these words, or null where the note leaves them plain. */
  annotation: AnnotationRef | null;
  /** Where the words are in this note (the directive, or the plain words); null when the note lacks them. */
  range: Range | null;
}

export type DisagreementType = 'only-a' | 'only-b' | 'span' | 'kind' | 'value';

export interface Disagreement {
  type: DisagreementType;
  a: Side;
  b: Side;
  /** Where in note a the words of b's annotation are (null when b has none, or a lacks them). */
  bWordsInA: Range | null;
  message: string;
}

/** How the messages name the two notes (`a` and `b` on the command line, "this note" and "theirs" in an editor). */
export interface CompareOptions {
  names?: [string, string];
}

export interface Agreement {
  a: string;
  b: string;
  words: { a: number; b: number; aligned: number };
  /** Per kind and `overall`. */
  figures: Figures;
  counts: Record<AnnotationKind, Counts>;
  /** Rows: a's category, columns: b's, in KAPPA_CATEGORIES order, over the aligned words. */
  confusion: Confusion;
  disagreements: Disagreement[];
}

interface Note {
  source: AgreementNote;
  lines: LineIndex;
  words: NoteWords;
  /** Per word: index of the annotation covering it, or -1. */
  cover: Int32Array;
}

function prepare(n: AgreementNote): Note {
  const words = noteWords(n.text, n.analysis);
  const cover = new Int32Array(words.words.length).fill(-1);
  words.spans.forEach((s, i) => {
    if (s) for (let w = s.start; w < s.end; w++) cover[w] = i;
  });
  return { source: n, lines: new LineIndex(n.text), words, cover };
}

export function compareNotes(a: AgreementNote, b: AgreementNote, options: CompareOptions = {}): Agreement {
  const [nameA, nameB] = options.names ?? ['a', 'b'];
  const na = prepare(a);
  const nb = prepare(b);
  const alignment = alignWords(
    na.words.words.map((w) => w.key),
    nb.words.words.map((w) => w.key),
  );
  const annsA = a.analysis.annotations;
  const annsB = b.analysis.annotations;
  const partnerA = new Int32Array(annsA.length).fill(-1);
  const partnerB = new Int32Array(annsB.length).fill(-1);
  const exact = new Uint8Array(annsA.length);

  // Exact matches: every word of a's label aligned, onto exactly the words of a b label of the same kind.
  const byImage = new Map<string, number[]>();
  annsB.forEach((ann, j) => {
    const s = nb.words.spans[j];
    if (s) byImage.set(`${ann.kind} ${s.start} ${s.end}`, [...(byImage.get(`${ann.kind} ${s.start} ${s.end}`) ?? []), j]);
  });
  annsA.forEach((ann, i) => {
    const s = na.words.spans[i];
    const image = s && imageOf(s, alignment.aToB);
    const j = image ? byImage.get(`${ann.kind} ${image.start} ${image.end}`)?.find((k) => partnerB[k] < 0) : undefined;
    if (j !== undefined) {
      partnerA[i] = j;
      partnerB[j] = i;
      exact[i] = 1;
    }
  });
  // Overlap matches among the rest: the unmatched b label of the same kind sharing most aligned words.
  const sameKind = (i: number, j: number) => annsA[i].kind === annsB[j].kind;
  annsA.forEach((_, i) => {
    if (partnerA[i] < 0) {
      const j = bestOverlap(na.words.spans[i], alignment.aToB, nb.cover, (k) => partnerB[k] < 0 && sameKind(i, k));
      if (j >= 0) {
        partnerA[i] = j;
        partnerB[j] = i;
      }
    }
  });

  const counts = Object.fromEntries(ANNOTATION_KINDS.map((k) => [k, { a: 0, b: 0, exact: 0, overlap: 0, valuesCompared: 0, valuesAgreed: 0 }])) as Record<AnnotationKind, Counts>;
  for (const ann of annsB) counts[ann.kind].b++;
  const disagreements: Disagreement[] = [];
  const kindClaimed = new Uint8Array(annsB.length);
  annsA.forEach((ann, i) => {
    const c = counts[ann.kind];
    c.a++;
    const j = partnerA[i];
    if (j < 0) {
      // Same words, another kind: one disagreement rather than two.
      const k = bestOverlap(na.words.spans[i], alignment.aToB, nb.cover, (x) => partnerB[x] < 0 && !kindClaimed[x]);
      if (k >= 0) {
        kindClaimed[k] = 1;
        const bWordsInA = wordsRange(na, nb.words.spans[k], alignment.bToA);
        disagreements.push({ type: 'kind', a: sideOf(na, i), b: sideOf(nb, k), bWordsInA, message: `“${ann.text}”: ${ann.kind} in ${nameA}, ${annsB[k].kind} in ${nameB}` });
      } else {
        const b = { annotation: null, range: wordsRange(nb, na.words.spans[i], alignment.aToB) };
        disagreements.push({ type: 'only-a', a: sideOf(na, i), b, bWordsInA: null, message: `${ann.kind} “${ann.text}” only in ${nameA}` });
      }
      return;
    }
    c.overlap++;
    if (exact[i]) c.exact++;
    const diffs = valueDifferences(ann, annsB[j]);
    c.valuesCompared++;
    if (!diffs.length) c.valuesAgreed++;
    const pair = { a: sideOf(na, i), b: sideOf(nb, j), bWordsInA: wordsRange(na, nb.words.spans[j], alignment.bToA) };
    if (!exact[i]) disagreements.push({ type: 'span', ...pair, message: [`${ann.kind} “${ann.text}” in ${nameA}, “${annsB[j].text}” in ${nameB}`, ...diffs].join('; ') });
    else if (diffs.length) disagreements.push({ type: 'value', ...pair, message: `${ann.kind} “${ann.text}”: ${diffs.join('; ')}` });
  });
  annsB.forEach((ann, j) => {
    if (partnerB[j] < 0 && !kindClaimed[j]) {
      const bWordsInA = wordsRange(na, nb.words.spans[j], alignment.bToA);
      disagreements.push({ type: 'only-b', a: { annotation: null, range: bWordsInA }, b: sideOf(nb, j), bWordsInA, message: `${ann.kind} “${ann.text}” only in ${nameB}` });
    }
  });
  disagreements.sort((x, y) => order(x) - order(y));

  const confusion = confusionOf(na, nb, alignment, annsA, annsB);
  return {
    a: a.path,
    b: b.path,
    words: { a: na.words.words.length, b: nb.words.words.length, aligned: alignment.aligned },
    figures: figuresOf(counts, confusion),
    counts,
    confusion,
    disagreements,
  };
}

/** The b words an a span aligns onto, when all of them align and nothing is inserted between them. */
function imageOf(s: WordSpan, aToB: Int32Array): WordSpan | null {
  for (let w = s.start; w < s.end; w++) if (aToB[w] < 0) return null;
  const start = aToB[s.start];
  const end = aToB[s.end - 1] + 1;
  return end - start === s.end - s.start ? { start, end } : null;
}

function bestOverlap(s: WordSpan | null, map: Int32Array, cover: Int32Array, eligible: (j: number) => boolean): number {
  if (!s) return -1;
  const shared = new Map<number, number>();
  for (let w = s.start; w < s.end; w++) {
    const j = map[w] >= 0 ? cover[map[w]] : -1;
    if (j >= 0 && eligible(j)) shared.set(j, (shared.get(j) ?? 0) + 1);
  }
  let best = -1;
  let most = 0;
  for (const [j, n] of shared) if (n > most || (n === most && j < best)) [best, most] = [j, n];
  return best;
}

function confusionOf(na: Note, nb: Note, al: Alignment, annsA: Annotation[], annsB: Annotation[]): Confusion {
  const m = emptyConfusion(KAPPA_CATEGORIES.length);
  const category = (anns: Annotation[], i: number) => (i < 0 ? 0 : KAPPA_CATEGORIES.indexOf(anns[i].kind));
  for (let w = 0; w < al.aToB.length; w++) {
    const v = al.aToB[w];
    if (v >= 0) m[category(annsA, na.cover[w])][category(annsB, nb.cover[v])]++;
  }
  return m;
}

function sideOf(n: Note, i: number): Side {
  const ann = n.source.analysis.annotations[i];
  const start = n.lines.offset(ann.range.start);
  const directive = n.source.text.slice(start, n.lines.offset(ann.range.end));
  const labelAt: [number, number] = [n.lines.offset(ann.labelRange.start) - start, n.lines.offset(ann.labelRange.end) - start];
  return { annotation: { index: i, kind: ann.kind, text: ann.text, directive, range: ann.range, labelRange: ann.labelRange, labelAt }, range: ann.range };
}

/** The range in note `n` of the words another note's span aligns onto, or null if none align. */
function wordsRange(n: Note, s: WordSpan | null, map: Int32Array): Range | null {
  if (!s) return null;
  let first = -1;
  let last = -1;
  for (let w = s.start; w < s.end; w++) {
    if (map[w] < 0) continue;
    if (first < 0) first = map[w];
    last = map[w];
  }
  return first < 0 ? null : n.lines.range(n.words.words[first].start, n.words.words[last].end);
}

/** Disagreements in the order of note a (those whose words a lacks, by note b, at the end). */
function order(d: Disagreement): number {
  const r = d.a.range ?? d.b.range;
  return (d.a.range ? 0 : 1e12) + (r ? r.start.line * 1e5 + r.start.character : 0);
}
