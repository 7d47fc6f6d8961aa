// Suggested annotations for the plain text of a note (spec section 9): drugs from the
// lexicon, labs, doses next to a drug, and days. Pure and shared: the CLI's `casemark
// suggest` and the language server's code actions both call suggestAnnotations.
//
// Order matters for overlaps: a lab run claims its text first (`IgG 4.1 g/L` is a lab, not
// a drug name and a dose), then drugs, then doses (which need the drugs), then days. No two
// suggestions overlap, and none touches code, HTML, front matter, a URL or a directive.
import type { AnnotationKind, Range, TextEdit } from '../model.ts';
import type { Lexicon } from '../lexicon/lexicon.ts';
import { LineIndex } from '../parse/lines.ts';
import { DrugMatcher, type DrugMatch } from './drugMatcher.ts';
import { findDays } from './days.ts';
import { findDoses, type DrugPlace } from './doses.ts';
import { findLabs } from './labs.ts';
import { Intervals } from './intervals.ts';
import { maskNote, type ExistingDirective } from './mask.ts';
import { findTableLabs } from './tableLabs.ts';

export interface Suggestion {
  kind: AnnotationKind;
  /** Offsets into the note (UTF-16), end exclusive. */
  start: number;
  end: number;
  /** The text to wrap, exactly as the note has it. */
  text: string;
  range: Range;
  /** Lexicon key of a drug or lab suggestion. */
  key?: string;
  /** Attributes the directive needs (`test=c3` for a value in a table of labs), without braces. */
  attrs?: string;
}

export function suggestAnnotations(note: string, lexicon: Lexicon): Suggestion[] {
  const { text, directives } = maskNote(note);
  const { headings, headingSpans, tableHeads } = titleLines(text);
  const inside = (spans: Intervals, s: { start: number; end: number }): boolean => spans.contains(s.start, s.end);
  // A table's header row names columns; it holds no facts. Nor do the text before a note's
  // first case, a list of references or a citation (section 9: not the case's facts).
  const taken = new Intervals([...tableHeads, ...quietZones(note, text, directives, headingSpans)]);
  const claimed = (s: number, e: number): boolean => taken.overlaps(s, e);
  type Raw = { kind: AnnotationKind; start: number; end: number; key: string | undefined; attrs?: string };
  const raw: Raw[] = [];
  // Each kind's spans come left to right and overlap neither each other nor what is taken: they
  // are taken in one merge when the kind is done.
  let fresh: Raw[] = [];
  const claim = (kind: AnnotationKind, s: { start: number; end: number; key?: string }, attrs?: string): void => {
    fresh.push({ kind, start: s.start, end: s.end, key: s.key, attrs });
  };
  const done = (): void => {
    fresh.sort((a, b) => a.start - b.start);
    raw.push(...taken.addSorted(fresh));
    fresh = [];
  };

  // A heading's drugs and labs title its section; only its day dates something (spec section 3).
  for (const lab of findLabs(text, lexicon, claimed)) if (!inside(headings, lab)) claim('lab', lab);
  done();
  for (const lab of findTableLabs(text, lexicon, claimed, tableHeads)) claim('lab', lab, `test=${lab.test}`);
  done();

  const matches = DrugMatcher.for(lexicon).find(text);
  const places: DrugPlace[] = directives
    .filter((d) => d.name === 'drug')
    .map((d) => ({ start: d.start, end: d.end, entry: drugOfDirective(d.label, d.attrs, lexicon) }));
  const pending = matches.filter((m, i) =>
    !claimed(m.start, m.end) && m.entries.length === 1 && !inside(headings, m) && !explainedBy(text, m, matches[i + 1]));
  for (const m of pending) places.push({ start: m.start, end: m.end, entry: m.entries[0] });
  places.sort((a, b) => a.start - b.start);

  const doses = findDoses(text, places, claimed);
  for (const dose of doses) claim('dose', dose);
  done();
  const doseStarts = new Set(doses.map((d) => d.start));
  const nextToDose = (m: { start: number; end: number }): boolean => {
    const gap = /^[\s:]{0,3}/.exec(text.slice(m.end, m.end + 3))?.[0].length ?? 0;
    return doseStarts.has(m.end + gap);
  };
  for (const m of pending) {
    // Also a drug class (`glucocorticoids`, `antivirals`: a vague mention unless dosed), or also
    // a lab (`CAR T cells` the product or the count): one reading fits only next to a dose.
    const ambiguous = m.ambiguousWord || m.entries[0].kind === 'class' || alsoLab(text.slice(m.start, m.end), lexicon);
    if (ambiguous && !nextToDose(m)) continue;
    if (!claimed(m.start, m.end)) claim('drug', { start: m.start, end: m.end, key: m.entries[0].key });
  }
  done();
  for (const day of findDays(text, claimed)) claim('day', day);
  done();

  raw.sort((a, b) => a.start - b.start);
  const lines = new LineIndex(note);
  // Built field by field: object spread costs more than everything else here on thousands of suggestions.
  return raw.map((s) => {
    const out: Suggestion = { kind: s.kind, start: s.start, end: s.end, text: note.slice(s.start, s.end), range: lines.range(s.start, s.end) };
    if (s.key) out.key = s.key;
    if (s.attrs) out.attrs = s.attrs;
    return out;
  });
}

/**
 * `intravenous immunoglobulins (IVIG)`: the paper introduces the short form it goes on to use;
 * one fact, so only the short form is proposed.
 */
function explainedBy(text: string, m: DrugMatch, next: DrugMatch | undefined): boolean {
  return !!next && next.entries.length === 1 && next.entries[0] === m.entries[0] && /^\s*\($/.test(text.slice(m.end, next.start));
}

// A heading that opens a list of references, and a block that reads as a citation
// (`Author AB, et al. Title. Journal 2022;28:2124–2132.`).
const REFERENCES_HEADING = /^ {0,3}(#{1,6})[ \t]+(?:references?|bibliography|literature(?: cited)?|works cited|sources|citations)\b/i;
const CITATION = /\bet al\.?[^\n]{0,300}?\b(?:19|20)\d{2}\s*[;:,]\s*\d/;

/**
 * Spans of the note whose words are not facts of a case: before the first `::case` of a note
 * that has cases (an annotation there is an `outside-case` warning), a references section (to
 * the next heading of its level or above), and each block that holds a citation.
 */
function quietZones(note: string, text: string, directives: ExistingDirective[], headings: [number, number][]): [number, number][] {
  const zones: [number, number][] = [];
  const firstCase = directives.find((d) => d.name === 'case' && note.startsWith('::', d.start) && !note.startsWith(':::', d.start));
  if (firstCase) zones.push([0, firstCase.start]);
  headings.forEach(([start, end], h) => {
    const m = REFERENCES_HEADING.exec(text.slice(start, end));
    if (!m) return;
    const level = m[1].length;
    const next = headings.slice(h + 1).find(([s]) => (/^ {0,3}(#+)/.exec(text.slice(s, s + 10))?.[1].length ?? 7) <= level);
    zones.push([start, next ? next[0] : text.length]);
  });
  if (text.includes('et al')) {
    // Blocks: paragraphs and list items.
    for (const b of text.matchAll(/(?:^|\n)((?:[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+)?[^\n]+(?:\n(?![ \t]*(?:[-*+]|\d{1,3}[.)])[ \t])(?![ \t]*\n)[^\n]+)*)/g)) {
      if (CITATION.test(b[1]) && /^[ \t]*(?:[-*+]|\d{1,3}[.)]|\[\d+\])[ \t]/.test(b[1])) {
        const start = b.index + b[0].length - b[1].length;
        zones.push([start, start + b[1].length]);
      }
    }
  }
  return zones;
}

/** ATX heading lines, and table header rows (a row followed by a delimiter row), as offset spans. */
function titleLines(text: string): { headings: Intervals; headingSpans: [number, number][]; tableHeads: [number, number][] } {
  const headings: [number, number][] = [];
  const tableHeads: [number, number][] = [];
  for (const m of text.matchAll(/^ {0,3}#{1,6}[ \t].*$/gm)) headings.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(/^.*\|.*\r?\n[ \t]*\|?[ \t]*:?-{1,}:?[ \t]*(?:\|[ \t]*:?-{1,}:?[ \t]*)*\|?[ \t]*$/gm)) {
    tableHeads.push([m.index, m.index + m[0].indexOf('\n')]);
  }
  return { headings: new Intervals(headings), headingSpans: headings, tableHeads };
}

const labNames = new WeakMap<Lexicon, Map<string, boolean>>();

/** Whether a drug's surface text also names a lab (`CAR T cells`), remembered per lexicon. */
function alsoLab(surface: string, lexicon: Lexicon): boolean {
  let names = labNames.get(lexicon);
  if (!names) labNames.set(lexicon, (names = new Map()));
  let hit = names.get(surface);
  if (hit === undefined) {
    hit = lexicon.findLab(surface) !== undefined;
    if (names.size > 5000) names.clear();
    names.set(surface, hit);
  }
  return hit;
}

function drugOfDirective(label: string, attrs: string, lexicon: Lexicon) {
  const id = /(?:^|\s)id=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(attrs);
  const key = id ? id[1] ?? id[2] ?? id[3] : undefined;
  return (key ? lexicon.drug(key) : undefined) ?? lexicon.findDrug(label);
}

/** The edit that wraps one suggestion: `:kind[text]` in place of the text. */
export function suggestionEdit(s: Suggestion): TextEdit {
  return { range: s.range, newText: directiveText(s) };
}

function directiveText(s: Suggestion): string {
  return `:${s.kind}[${s.text}]${s.attrs ? `{${s.attrs}}` : ''}`;
}

/** The note with the given suggestions wrapped (they must not overlap). */
export function applySuggestions(note: string, suggestions: readonly Suggestion[]): string {
  let out = '';
  let at = 0;
  for (const s of [...suggestions].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out += note.slice(at, s.start) + directiveText(s);
    at = s.end;
  }
  return out + note.slice(at);
}
