// The drug and lab lexicons with the lookups the core needs on every keystroke: by key, by
// any name a paper uses, by closeness (did-you-mean), and lab names at the start of a label.
// Every lookup goes through maps built once per lexicon, so lookups cost O(length of name).
import { distance } from 'fastest-levenshtein';
import drugsFile from '../../../data/drugs.json' with { type: 'json' };
import labsFile from '../../../data/labs.json' with { type: 'json' };
import { foldChar, normalizeName } from './normalizeName.ts';
import type { DrugEntry, LabEntry, LexiconFile } from './types.ts';

export type DrugNameKind = 'name' | 'synonym' | 'abbreviation' | 'brand';
export type LabNameKind = 'name' | 'synonym';

export interface DrugName {
  label: string;
  entry: DrugEntry;
  kind: DrugNameKind;
}

export interface LabName {
  label: string;
  entry: LabEntry;
  kind: LabNameKind;
}

/** A trie over folded lab names, for the longest name at the start of a `:lab[...]` label. */
interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: LabEntry;
}

const DRUG_DEFAULTS: Omit<DrugEntry, 'key' | 'name'> = {
  synonyms: [], abbreviations: [], brands: [], class: null, targets: [], atc: null, rxcui: null,
  routes: [], doses: [], sources: [],
};

const LAB_DEFAULTS: Omit<LabEntry, 'key' | 'name'> = {
  synonyms: [], loinc: null, kind: 'quantity', unit: null, units: [], reference: null,
  plausible: null, molarMass: null, scoreMax: null, sources: [],
};

// After a lab name, these end the name: `CK: 95`, `IgG<4 g/L`, `CRP=12`.
const LAB_NAME_END = new Set([' ', ':', '=', '<', '>', '≤', '≥', ',', ';', '(']);

let builtinLexicon: Lexicon | undefined;

export class Lexicon {
  readonly drugs: readonly DrugEntry[];
  readonly labs: readonly LabEntry[];

  private readonly drugByKey = new Map<string, DrugEntry>();
  private readonly labByKey = new Map<string, LabEntry>();
  private readonly drugByName = new Map<string, DrugEntry>();
  private readonly labByName = new Map<string, LabEntry>();
  private readonly measures = new Map<string, LabEntry[]>();
  // Surfaces seen before: a note repeats the same few names thousands of times.
  private readonly drugMemo = new Map<string, DrugEntry | null>();
  private readonly labMemo = new Map<string, LabEntry | null>();
  private drugNameList: DrugName[] | undefined;
  private labNameList: LabName[] | undefined;
  private labTrie: TrieNode | undefined;

  private constructor(drugs: readonly DrugEntry[], labs: readonly LabEntry[]) {
    this.drugs = drugs;
    this.labs = labs;
    for (const d of drugs) this.drugByKey.set(d.key, d);
    for (const l of labs) this.labByKey.set(l.key, l);
    for (const l of labs) {
      if (!l.measureOf) continue;
      const list = this.measures.get(l.measureOf);
      if (list) list.push(l);
      else this.measures.set(l.measureOf, [l]);
    }
    // Earlier kinds win a clash: another entry's name beats a synonym, a synonym an abbreviation.
    index(this.drugByName, drugs, (d) => [d.key, d.name]);
    index(this.drugByName, drugs, (d) => d.synonyms);
    index(this.drugByName, drugs, (d) => d.abbreviations);
    index(this.drugByName, drugs, (d) => d.brands);
    index(this.labByName, labs, (l) => [l.key, l.name]);
    index(this.labByName, labs, (l) => l.synonyms);
  }

  /** The lexicon shipped with CaseMark (built once, shared: lexicons are immutable). */
  static builtin(): Lexicon {
    builtinLexicon ??= new Lexicon(
      deepFreeze((drugsFile as unknown as LexiconFile).drugs ?? []),
      deepFreeze((labsFile as unknown as LexiconFile).labs ?? []),
    );
    return builtinLexicon;
  }

  /**
   * A new lexicon with a workspace file applied: an entry with a known key replaces the fields
   * it gives (field by field, arrays whole); an entry with a new key is added, missing fields
   * taking empty defaults (its name defaults to its key; parseLexiconFile reports that).
   */
  withFile(file: LexiconFile): Lexicon {
    const drugs = merge(this.drugs, file.drugs, (key) => ({ key, name: key, ...DRUG_DEFAULTS }));
    const labs = merge(this.labs, file.labs, (key) => ({ key, name: key, ...LAB_DEFAULTS }));
    return new Lexicon(drugs, labs);
  }

  drug(key: string): DrugEntry | undefined {
    return this.drugByKey.get(key) ?? this.drugByKey.get(key.trim().toLowerCase());
  }

  lab(key: string): LabEntry | undefined {
    return this.labByKey.get(key) ?? this.labByKey.get(key.trim().toLowerCase());
  }

  /** Entries that are other measures of the analyte `key` (B cells in % beside B cells per µL). */
  measuresOf(key: string): readonly LabEntry[] {
    return this.measures.get(key) ?? [];
  }

  /** The drug a paper's name stands for: key, name, synonym, abbreviation or brand. */
  findDrug(surface: string): DrugEntry | undefined {
    return memo(this.drugMemo, surface, () => this.drugByName.get(normalizeName(surface)));
  }

  findLab(name: string): LabEntry | undefined {
    return memo(this.labMemo, name, () => this.labByName.get(normalizeName(name)));
  }

  /** Drugs whose names are close to `surface` (edit distance), closest first; empty if none is. */
  suggestDrugs(surface: string, limit = 3): DrugEntry[] {
    return suggest(this.drugByName, surface, limit);
  }

  suggestLabs(name: string, limit = 3): LabEntry[] {
    return suggest(this.labByName, name, limit);
  }

  /**
   * The longest lab name or synonym that starts `text` (case-insensitive, any run of white
   * space matching one space) and ends where the name ends: at the end of the text, at white
   * space or at `:`, `=`, `<`, `>`, `,`, `;`, `(`. `length` counts the characters of `text`
   * the name took (leading white space included), so `text.slice(length)` is the value.
   */
  matchLabPrefix(text: string): { entry: LabEntry; length: number } | undefined {
    this.labTrie ??= buildTrie(this.labNames());
    let node: TrieNode | undefined = this.labTrie;
    let i = 0;
    while (i < text.length && foldChar(text[i]) === ' ') i++;
    let best: { entry: LabEntry; length: number } | undefined;
    while (node && i < text.length) {
      const ch = foldChar(text[i]);
      node = node.next.get(ch);
      if (!node) break;
      i++;
      if (ch === ' ') while (i < text.length && foldChar(text[i]) === ' ') i++;
      // Names are trimmed, so a node reached by white space never ends one.
      if (node.entry && (i === text.length || LAB_NAME_END.has(foldChar(text[i])))) {
        best = { entry: node.entry, length: i };
      }
    }
    return best;
  }

  /** Every drug name for completion: names, synonyms, abbreviations and brands. */
  drugNames(): DrugName[] {
    this.drugNameList ??= this.drugs.flatMap((entry) => [
      { label: entry.name, entry, kind: 'name' as const },
      ...entry.synonyms.map((label) => ({ label, entry, kind: 'synonym' as const })),
      ...entry.abbreviations.map((label) => ({ label, entry, kind: 'abbreviation' as const })),
      ...entry.brands.map((label) => ({ label, entry, kind: 'brand' as const })),
    ]);
    return this.drugNameList;
  }

  labNames(): LabName[] {
    this.labNameList ??= this.labs.flatMap((entry) => [
      { label: entry.name, entry, kind: 'name' as const },
      ...entry.synonyms.map((label) => ({ label, entry, kind: 'synonym' as const })),
    ]);
    return this.labNameList;
  }
}

const MEMO_LIMIT = 10_000;

function memo<T>(cache: Map<string, T | null>, surface: string, look: () => T | undefined): T | undefined {
  const hit = cache.get(surface);
  if (hit !== undefined) return hit ?? undefined;
  if (cache.size >= MEMO_LIMIT) cache.clear();
  const found = look();
  cache.set(surface, found ?? null);
  return found;
}

function index<T>(map: Map<string, T>, entries: readonly T[], names: (e: T) => readonly string[]): void {
  for (const e of entries) {
    for (const name of names(e)) {
      const key = normalizeName(name);
      if (key && !map.has(key)) map.set(key, e);
    }
  }
}

function merge<T extends { key: string }>(
  current: readonly T[],
  patches: readonly Partial<T>[] | undefined,
  fresh: (key: string) => T,
): readonly T[] {
  if (!patches?.length) return current;
  const byKey = new Map(current.map((e) => [e.key, e]));
  for (const patch of patches) {
    if (!patch || typeof patch.key !== 'string') continue;
    const base = byKey.get(patch.key) ?? fresh(patch.key);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    byKey.set(patch.key, { ...base, ...defined });
  }
  return [...byKey.values()];
}

function suggest<T>(map: Map<string, T>, surface: string, limit: number): T[] {
  const wanted = normalizeName(surface);
  if (!wanted || limit <= 0) return [];
  // Short names need near-exact spelling, or every abbreviation would be "close".
  const max = wanted.length <= 4 ? 1 : Math.max(2, Math.floor(wanted.length / 3));
  const scored: { entry: T; d: number; name: string }[] = [];
  for (const [name, entry] of map) {
    // A name begun but not finished (`idecabtagene`) ranks after the near misses.
    if (wanted.length >= 4 && name.length > wanted.length && name.startsWith(wanted)) {
      scored.push({ entry, d: max + 0.5, name });
      continue;
    }
    if (Math.abs(name.length - wanted.length) > max) continue;
    const d = distance(wanted, name);
    if (d <= max && d < wanted.length) scored.push({ entry, d, name });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  const out: T[] = [];
  for (const s of scored) {
    if (!out.includes(s.entry)) out.push(s.entry);
    if (out.length === limit) break;
  }
  return out;
}

function buildTrie(names: readonly LabName[]): TrieNode {
  const root: TrieNode = { next: new Map() };
  for (const { label, entry } of names) {
    let node = root;
    const folded = label.trim().replace(/\s+/gu, ' ');
    // By UTF-16 unit, as matchLabPrefix walks the text.
    for (let k = 0; k < folded.length; k++) {
      const c = foldChar(folded[k]);
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: new Map() }));
      node = child;
    }
    node.entry ??= entry; // names come before synonyms, so a name keeps its place
  }
  return root;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
