// "Add to the workspace lexicon" (spec section 9): a schema-valid entry for a drug or lab name
// the lexicon does not know, with every code null for the curator to fill, and the edit that
// creates `.casemark/lexicon.json` or appends the entry to it (jsonc-parser's `modify`, so
// the rest of the file keeps its formatting).
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import type { Lexicon } from './lexicon.ts';
import type { DrugEntry, LabEntry, LabKind } from './types.ts';
import { readLabValue, startsValue } from '../normalize/labValue.ts';
import { spellUnit } from '../normalize/units.ts';

export interface NewEntry {
  section: 'drugs' | 'labs';
  entry: DrugEntry | LabEntry;
}

/** A lexicon key from a name: lowercase letters and digits between single hyphens, unused so far. */
export function keyFor(name: string, taken: (key: string) => boolean): string | null {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!base) return null;
  let key = base;
  for (let n = 2; taken(key); n++) key = `${base}-${n}`;
  return key;
}

export function newDrugEntry(label: string, lexicon: Lexicon): NewEntry | null {
  const name = label.replace(/\s+/g, ' ').trim();
  const key = keyFor(name, (k) => lexicon.drug(k) !== undefined);
  if (!key) return null;
  const entry: DrugEntry = {
    key, name, synonyms: [], abbreviations: [], brands: [], class: null, targets: [], atc: null, rxcui: null,
    routes: [], doses: [], sources: [],
  };
  return { section: 'drugs', entry };
}

/** The analyte of a lab label (the words before its value) and what the value says about the lab. */
export function newLabEntry(label: string, lexicon: Lexicon): NewEntry | null {
  const text = label.replace(/\s+/g, ' ').trim();
  let cut = text.length;
  for (const m of text.matchAll(/ /g)) {
    if (startsValue(text.slice(m.index + 1))) {
      cut = m.index;
      break;
    }
  }
  const name = text.slice(0, cut).replace(/[:=]$/, '').trim();
  const key = keyFor(name, (k) => lexicon.lab(k) !== undefined);
  if (!key || !name) return null;
  const value = readLabValue(text.slice(cut), undefined);
  let kind: LabKind = 'quantity';
  let unit: string | null = null;
  let scoreMax: number | null = null;
  if (value.kind === 'qualitative') kind = 'qualitative';
  else if (value.kind === 'titer') kind = 'titer';
  else if (value.kind === 'quantity') {
    const score = /^\/\s*(\d+(?:\.\d+)?)$/.exec(value.unitText);
    if (score) {
      kind = 'score';
      scoreMax = Number(score[1]);
      unit = '{score}';
    } else if (value.unitText) {
      const spelled = spellUnit(value.unitText);
      if (!('error' in spelled)) unit = spelled.ucum;
    }
  }
  const entry: LabEntry = {
    key, name, synonyms: [], loinc: null, kind, unit, units: [], reference: null, plausible: null, molarMass: null,
    scoreMax, sources: [],
  };
  return { section: 'labs', entry };
}

/**
 * The new text of the workspace lexicon file with the entry added, or null when the file is
 * not a JSON object (the curator must repair it first: its own diagnostics say how).
 */
export function withEntry(current: string | null, add: NewEntry): string | null {
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  if (current === null || current.trim() === '') {
    return JSON.stringify({ [add.section]: [add.entry] }, null, 2) + '\n';
  }
  const errors: ParseError[] = [];
  const parsed = parse(current, errors, { allowTrailingComma: false });
  if (errors.length || !parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const list = (parsed as Record<string, unknown>)[add.section];
  if (list !== undefined && !Array.isArray(list)) return null;
  const path = list === undefined ? [add.section] : [add.section, (list as unknown[]).length];
  const value = list === undefined ? [add.entry] : add.entry;
  const edits = modify(current, path, value, { formattingOptions, isArrayInsertion: list !== undefined });
  return applyEdits(current, edits);
}
