// Shapes of the drug and lab lexicons: the shipped data files (server/data/*.json) and a
// workspace's `.casemark/lexicon.json` share them; lexicon.schema.json validates both.

/**
 * A plausible range for one administration, in a canonical dose unit: an amount (`mg`,
 * `mg/kg`, `{cells}/kg`, ...) optionally per the period the paper printed (`mg/d`, `mg/wk`).
 */
export interface DoseRange {
  unit: string;
  min: number;
  max: number;
}

export interface DrugEntry {
  /** Stable key, lowercase with hyphens (`idecabtagene-vicleucel`). */
  key: string;
  /** Generic (INN) name or the product's usual name. */
  name: string;
  /** `substance` (default), a cell or gene therapy `product`, or a `class` (glucocorticoids) with an ATC group code. */
  kind?: 'substance' | 'product' | 'class';
  synonyms: string[];
  abbreviations: string[];
  brands: string[];
  class: string | null;
  targets: string[];
  atc: string | null;
  /** Further ATC codes of the same substance (methotrexate: L01BA01 besides L04AX03). */
  atcAlso?: string[];
  rxcui: string | null;
  /** Usual routes (`iv`, `sc`, `po`, ...). */
  routes: string[];
  /** Plausible dose per administration, one entry per canonical unit the drug is dosed in. */
  doses: DoseRange[];
  /** Where the codes and ranges come from. */
  sources: string[];
}

export type LabKind = 'quantity' | 'titer' | 'qualitative' | 'score' | 'grade';

/** A unit accepted for a lab. Without `factor`, UCUM converts it; with it, canonical = value × factor. */
export interface LabUnit {
  unit: string;
  factor?: number;
}

export interface LabEntry {
  key: string;
  name: string;
  /**
   * Key of the analyte this entry is another measure of (B cells in % of lymphocytes, eGFR
   * not per 1.73 m², a score out of another maximum): found through that analyte's names,
   * chosen by the value's unit, scale or kind.
   */
  measureOf?: string;
  synonyms: string[];
  loinc: string | null;
  kind: LabKind;
  /** Canonical UCUM unit (null for titers and qualitative results). */
  unit: string | null;
  /** Other UCUM units accepted for this lab. */
  units: LabUnit[];
  /** Adult reference interval in the canonical unit; either end may be null. */
  reference: { low: number | null; high: number | null } | null;
  /** Sex-specific intervals where they differ (case attribute `sex=F|M`). */
  referenceBySex?: { F?: { low: number | null; high: number | null }; M?: { low: number | null; high: number | null } };
  /** Physiologically plausible bounds in the canonical unit. */
  plausible: { min: number; max: number } | null;
  /** g/mol, for conversions between mass and molar units. */
  molarMass: number | null;
  /** Maximum of a score (MMT8: 150). */
  scoreMax: number | null;
  sources: string[];
}

export interface LexiconFile {
  $schema?: string;
  drugs?: DrugEntry[];
  labs?: LabEntry[];
}

/** A problem found while loading a lexicon file; line and character are zero-based. */
export interface LexiconProblem {
  path: string;
  message: string;
  line: number;
  character: number;
}
