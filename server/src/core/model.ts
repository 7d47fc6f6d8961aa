// The data model of a CaseMark note: what the core computes and every consumer reads
// (language server, CLI, exports, summary panel). Plain data, no editor types: ranges are
// LSP-shaped (zero-based lines, UTF-16 characters) so the server can pass them through.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type AnnotationKind = 'drug' | 'dose' | 'day' | 'lab';
export const ANNOTATION_KINDS: readonly AnnotationKind[] = ['drug', 'dose', 'day', 'lab'];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit, as LSP has it. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix computed by the core; the server turns it into a code action, the CLI could apply it. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** Stable code, e.g. `unknown-drug` (spec section 2). */
  code: string;
  message: string;
  fixes?: Fix[];
}

export type Comparator = '<' | '>' | '<=' | '>=';

/** A number as papers print it: a value, possibly a range, possibly with a comparator. */
export interface ParsedNumber {
  value: number;
  /** Upper end of a range (`8–20`), else null. */
  valueEnd: number | null;
  comparator: Comparator | null;
}

export interface DrugNormalized {
  key: string;
  name: string;
  class: string | null;
  targets: string[];
  atc: string | null;
  /** Further ATC codes of the same substance (methotrexate: L01BA01 besides L04AX03); empty when none. */
  atcAlso: string[];
  rxcui: string | null;
  /** `substance`, a cell or gene therapy `product`, or a drug `class` (whose ATC is a group code). */
  drugKind: 'substance' | 'product' | 'class';
}

export interface DoseNormalized {
  value: number;
  valueEnd: number | null;
  comparator: Comparator | null;
  /**
   * Canonical UCUM unit of the dose's amount (`mg`, `{cells}/kg`, ...) followed by the period
   * the paper printed, never converted (`mg/wk` stays weekly; `2 g/day` is 2000 `mg/d`).
   */
  unit: string;
  /** The dosing period as printed, in UCUM (`d`, `wk`, `mo`, `h`), or null for one administration. */
  period: string | null;
  original: { value: number; valueEnd: number | null; unit: string; ucum: string | null };
  /** Lexicon key of the drug the dose belongs to, or the surface name when unknown. */
  drug: string | null;
  route: string | null;
  freq: string | null;
}

export type DayPrecision = 'day' | 'week' | 'month' | 'year' | 'baseline';

export interface DayNormalized {
  day: number;
  dayEnd: number | null;
  precision: DayPrecision;
  /** Anchor the expression counts from, null for day 0. */
  from: string | null;
  /** The day relative to its anchor, before the anchor's offset is added. */
  relative: number;
  /** Anchor defined here (`#name`), if any. */
  anchor: string | null;
}

export type LabValueKind = 'quantity' | 'titer' | 'qualitative' | 'score' | 'grade';

export interface LabNormalized {
  key: string;
  name: string;
  /** The analyte's key when `key` is another measure of it (the lexicon's `measureOf`: eGFR not
   * per 1.73 m², B cells in %), else null. Lets a reader group the measures of one analyte. */
  measureOf: string | null;
  loinc: string | null;
  valueKind: LabValueKind;
  /** Canonical value for quantities and scores, the dilution denominator for titers, null for qualitative. */
  value: number | null;
  valueEnd: number | null;
  unit: string | null;
  comparator: Comparator | null;
  /** `positive`, `negative`, ... for qualitative results; `1:320` for titers; `149/150` for scores. */
  result: string | null;
  scoreMax: number | null;
  lln: number | null;
  uln: number | null;
  xUln: number | null;
  /** Where lln/uln come from: the annotation's own `uln=`/`lln=`, one carried from an earlier value of the case, or the lexicon. */
  referenceSource: 'attribute' | 'carried' | 'lexicon' | null;
  /** What the value proves against the interval; null when a comparator or range leaves it open. */
  flag: 'low' | 'normal' | 'high' | null;
  original: { value: number | null; unit: string | null };
}

export type Normalized = DrugNormalized | DoseNormalized | DayNormalized | LabNormalized;

/** How an annotation got its day (spec section 3); shown by hover and the summary panel. */
export type DayRule = 'attribute' | 'clause' | 'sentence' | 'block' | 'heading';

export interface DatedBy {
  rule: DayRule;
  /** Range of the `:day` directive (or of the annotation itself for a `day=` attribute). */
  range: Range;
  /** The day expression's text. */
  text: string;
}

/** What happened to a drug or dose (attribute `status`, default `given`; a drug's applies to its doses). */
export type DrugStatus = 'given' | 'planned' | 'not-given' | 'stopped' | 'unknown';
export const DRUG_STATUSES: readonly DrugStatus[] = ['given', 'planned', 'not-given', 'stopped', 'unknown'];

export interface Annotation {
  kind: AnnotationKind;
  /** The label exactly as written between its brackets, e.g. `CK 13,600 U/L` or `anti-Jo-1 1:320`. */
  text: string;
  /** What the normalizers read when it differs from `text` (Markdown emphasis and escapes resolved). */
  plain?: string;
  /** Drugs and doses: what happened (`status=`, or the drug's for a dose); absent for days and labs. */
  status?: DrugStatus;
  /** The whole directive, `:kind[...]{...}`. */
  range: Range;
  /** The label between the brackets. */
  labelRange: Range;
  attributes: Record<string, string>;
  /** Case id, null for annotations before the first `::case` of a file that has cases. */
  caseId: string | null;
  day: number | null;
  dayEnd: number | null;
  datedBy: DatedBy | null;
  normalized: Normalized | null;
  /** Edits offered without a diagnostic (respell `mg/dl` as `mg/dL`, convert to the canonical unit). */
  suggestions: Fix[];
}

export interface DrugAnnotation extends Annotation {
  kind: 'drug';
  normalized: DrugNormalized | null;
}
export interface DoseAnnotation extends Annotation {
  kind: 'dose';
  normalized: DoseNormalized | null;
}
export interface DayAnnotation extends Annotation {
  kind: 'day';
  normalized: DayNormalized | null;
}
export interface LabAnnotation extends Annotation {
  kind: 'lab';
  normalized: LabNormalized | null;
}

export interface Anchor {
  name: string;
  day: number | null;
  /** The `:day` directive that defines it. */
  range: Range;
}

export interface Case {
  id: string;
  title: string;
  /** Every attribute but the id, as strings (`age`, `sex`, `dx`, others). */
  attributes: Record<string, string>;
  /** True for the one case of a file without `::case`. */
  implicit: boolean;
  /** The `::case` line (the first line of the file for an implicit case). */
  headerRange: Range;
  /** From the `::case` line to the end of the case. */
  range: Range;
  /** The range of the id text, for rename and duplicate diagnostics. */
  idRange: Range | null;
  annotations: Annotation[];
  anchors: Anchor[];
}

export interface Heading {
  depth: number;
  text: string;
  range: Range;
}

/** Source publication from the YAML front matter. */
export interface SourceInfo {
  title?: string;
  doi?: string;
  pmid?: string;
  authors?: string[] | string;
  journal?: string;
  year?: number | string;
  curator?: string;
  [key: string]: unknown;
}

export interface DocumentAnalysis {
  uri: string;
  /** Path as exported (workspace- or command-relative, forward slashes). */
  path: string;
  source: SourceInfo | null;
  cases: Case[];
  /** Annotations that belong to no case (before the first `::case`). */
  unassigned: Annotation[];
  /** Every annotation of the file in document order. */
  annotations: Annotation[];
  headings: Heading[];
  /** Diagnostics of this file alone, after disable comments and severity overrides. */
  diagnostics: Diagnostic[];
  lineCount: number;
  /** Disable comments of the file, so diagnostics computed later (cross-file) honour them too. */
  suppressions: Suppression[];
}

export interface Suppression {
  directive: 'disable' | 'enable' | 'disable-line' | 'disable-next-line' | 'disable-file';
  codes: string[];
  range: Range;
}
