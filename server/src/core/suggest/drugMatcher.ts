// Finds the lexicon's drug names in running text: names, synonyms, abbreviations and brands,
// whole words, compared as the lexicon compares them (case-insensitive, hyphens, spaces and
// trademark signs ignored), so `Ide-cel`, `ide cel` and `IDECEL` all meet `ide-cel`.
//
// One trie over the folded names is built per lexicon and walked from every word start;
// separators in the text are skipped as normalizeName drops them. Aho–Corasick libraries
// match raw substrings, which cannot skip separators or keep offsets into the original text,
// and a word-anchored walk is already linear in practice (names are short).
import type { Lexicon } from '../lexicon/lexicon.ts';
import { foldChar, normalizeName } from '../lexicon/normalizeName.ts';
import type { DrugEntry } from '../lexicon/types.ts';
import { wordStarts } from './words.ts';

interface Hit {
  entry: DrugEntry;
  /** The name's letters and digits as the lexicon writes them (for case-sensitive abbreviations). */
  exact: string;
  abbreviation: boolean;
}

interface Node {
  next: Map<string, Node>;
  hits?: Hit[];
}

export interface DrugMatch {
  start: number;
  end: number;
  /** Distinct entries the name stands for (more than one: ambiguous). */
  entries: DrugEntry[];
  /** True when the surface is a short abbreviation that is also an everyday word or acronym. */
  ambiguousWord: boolean;
}

// Short forms that mean something else in a case report (influenza, DEXA scans, methylprednisolone
// vs "MP" joints, "TAC" and "TOC" tables...): proposed only next to a dose, where one reading fits.
const AMBIGUOUS_WORDS = new Set([
  'flu', 'dex', 'dexa', 'mp', 'cy', 'tac', 'toc', 'bel', 'ino', 'ocr', 'pred', 'mpa', 'ltv', 'rtm', 'psl',
  'prd', 'pdn', 'vgc', 'obz', 'acv',
]);

const matchers = new WeakMap<Lexicon, DrugMatcher>();

/** A letter or digit (ASCII without a regular expression: this runs on every character). */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && isWordCode(ch.charCodeAt(0), ch);
}

function isWordCode(c: number, ch: string | undefined): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return c === c && ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

const SEPARATOR_RE = /[ \t\r\n_\p{Pd}\u00AD\u2212®™℠]/u;
function isSeparator(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return c === 32 || c === 9 || c === 10 || c === 13 || c === 95 || c === 45;
  return SEPARATOR_RE.test(ch);
}

export class DrugMatcher {
  private readonly root: Node = { next: new Map() };
  /** The first two characters of every folded name: most words are skipped before the trie. */
  private readonly pairs = new Set<number>();

  static for(lexicon: Lexicon): DrugMatcher {
    let m = matchers.get(lexicon);
    if (!m) matchers.set(lexicon, (m = new DrugMatcher(lexicon)));
    return m;
  }

  private constructor(lexicon: Lexicon) {
    for (const { label, entry, kind } of lexicon.drugNames()) this.add(label, entry, kind === 'abbreviation');
    for (const entry of lexicon.drugs) this.add(entry.key, entry, false);
  }

  private add(label: string, entry: DrugEntry, abbreviation: boolean): void {
    const folded = normalizeName(label);
    if (folded.length < 2) return;
    this.pairs.add(folded.charCodeAt(0) * 0x10000 + folded.charCodeAt(1));
    let node = this.root;
    for (const ch of folded) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map() }));
      node = child;
    }
    const exact = label.replace(/[\s_\p{Pd}\u00AD\u2212®™℠]+/gu, '');
    node.hits ??= [];
    if (!node.hits.some((h) => h.entry === entry && h.exact === exact)) node.hits.push({ entry, exact, abbreviation });
  }

  /** Longest drug names starting at word starts in text[from, to), left to right, not overlapping. */
  find(text: string, from = 0, to = text.length): DrugMatch[] {
    const out: DrugMatch[] = [];
    const lower = text.toLowerCase();
    const aligned = lower.length === text.length;
    // As a number: no two-character string per word.
    const fold = (k: number): number => (aligned && lower.charCodeAt(k) < 128 ? lower.charCodeAt(k) : normalizeChar(text[k]).charCodeAt(0));
    const words = wordStarts(text);
    let after = from;
    for (let w = 0; w < words.length; w++) {
      const i = words[w];
      if (i < after) continue;
      if (i >= to) break;
      let k = i + 1;
      while (k < to && k < i + 4 && isSeparator(text[k])) k++;
      if (k >= to || !this.pairs.has(fold(i) * 0x10000 + fold(k))) continue;
      const m = this.longestAt(text, i, to);
      if (m) {
        out.push(m);
        after = m.end;
      }
    }
    return out;
  }

  private longestAt(text: string, start: number, to: number): DrugMatch | undefined {
    let node: Node | undefined = this.root;
    let best: { end: number; hits: Hit[] } | undefined;
    let newlines = 0;
    let j = start;
    while (j < to) {
      const ch = text[j];
      if (isSeparator(ch)) {
        // A name may wrap onto the next line, never across a blank line.
        if (ch === '\n' && ++newlines > 1) break;
        j++;
        continue;
      }
      newlines = 0;
      node = node.next.get(normalizeChar(ch));
      if (!node) break;
      j++;
      if (node.hits && !isWordChar(text[j])) best = { end: j, hits: node.hits };
    }
    if (!best) return undefined;
    const surface = text.slice(start, best.end).replace(/[\s_\p{Pd}\u00AD\u2212®™℠]+/gu, '');
    // An abbreviation counts only in the case the lexicon writes it: `MMF`, not `mmf`.
    const hits = best.hits.filter((h) => !h.abbreviation || h.exact === surface || surface.length > 5);
    if (!hits.length) return undefined;
    const entries = [...new Set(hits.map((h) => h.entry))];
    return { start, end: best.end, entries, ambiguousWord: AMBIGUOUS_WORDS.has(surface.toLowerCase()) };
  }
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** One character as normalizeName folds it (NFKC and lowercase), when that keeps it one character. */
function normalizeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90 ? LOWER[code - 65] : ch;
  const n = ch.normalize('NFKC').toLowerCase();
  return n.length === 1 ? n : foldChar(ch);
}
