// Which note of curator a goes with which note of curator b: the same paper, known by the DOI
// or PMID of the front matter, else by file name (spec section 9). Two notes whose front
// matter names different papers are never paired by name.
import type { SourceInfo } from '../model.ts';

export interface NoteIdentity {
  /** The note's path, as reported. */
  path: string;
  /** Its path inside the folder it was found in (the file name for a file given as such). */
  name: string;
  source: SourceInfo | null;
}

export type PairedBy = 'doi' | 'pmid' | 'name' | 'arguments';

export interface NotePair {
  a: string;
  b: string;
  by: PairedBy;
  /** The DOI or PMID they share. */
  id: string | null;
}

export interface Pairing {
  pairs: NotePair[];
  /** Notes of a with no partner in b, and the other way round. */
  onlyA: string[];
  onlyB: string[];
}

/** `10.1038/X` from `https://doi.org/10.1038/x`, `doi:10.1038/x`; DOIs are case-insensitive. */
export function normalizeDoi(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const s = String(value)
    .trim()
    .replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '')
    .toLowerCase();
  return s || null;
}

export function normalizePmid(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const s = String(value).trim().replace(/^pmid:\s*/i, '');
  return /^\d+$/.test(s) ? String(Number(s)) : s || null;
}

const ids = (n: NoteIdentity) => ({ doi: normalizeDoi(n.source?.doi), pmid: normalizePmid(n.source?.pmid) });

/** Whether the front matter of two notes names different papers. */
export function differentPapers(a: NoteIdentity, b: NoteIdentity): boolean {
  const x = ids(a);
  const y = ids(b);
  return (!!x.doi && !!y.doi && x.doi !== y.doi) || (!!x.pmid && !!y.pmid && x.pmid !== y.pmid);
}

const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

export function pairNotes(a: NoteIdentity[], b: NoteIdentity[]): Pairing {
  const pairs: NotePair[] = [];
  const takenA = new Set<number>();
  const takenB = new Set<number>();
  const link = (i: number, j: number, by: PairedBy, id: string | null) => {
    takenA.add(i);
    takenB.add(j);
    pairs.push({ a: a[i].path, b: b[j].path, by, id });
  };
  type Key = (n: NoteIdentity) => string | null;
  const byKey = (keyA: Key, by: PairedBy, fits: (i: number, j: number) => boolean = () => true, keyB: Key = keyA) => {
    a.forEach((na, i) => {
      const k = keyA(na);
      if (k === null || takenA.has(i)) return;
      const candidates = b.map((_, j) => j).filter((j) => !takenB.has(j) && keyB(b[j]) === k && fits(i, j));
      // Several notes of b for one paper: the one with the same name, else the first.
      const j = candidates.find((x) => b[x].name === na.name) ?? candidates[0];
      if (j !== undefined) link(i, j, by, by === 'doi' || by === 'pmid' ? k : null);
    });
  };
  byKey((n) => ids(n).doi, 'doi');
  byKey((n) => ids(n).pmid, 'pmid');
  const unrelated = (i: number, j: number) => !differentPapers(a[i], b[j]);
  byKey((n) => n.name, 'name', unrelated);
  // A file name alone, when it is unique on both sides (notes kept in differently named folders).
  const unique = (list: NoteIdentity[]) => {
    const count = new Map<string, number>();
    for (const n of list) count.set(baseName(n.name), (count.get(baseName(n.name)) ?? 0) + 1);
    return (n: NoteIdentity) => (count.get(baseName(n.name)) === 1 ? baseName(n.name) : null);
  };
  byKey(unique(a), 'name', unrelated, unique(b));
  return {
    pairs,
    onlyA: a.filter((_, i) => !takenA.has(i)).map((n) => n.path),
    onlyB: b.filter((_, j) => !takenB.has(j)).map((n) => n.path),
  };
}
