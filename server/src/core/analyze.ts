// From a note's text to its DocumentAnalysis: chunks parsed by remark (reused from the
// cache when unchanged), cases, normalized annotations, days, diagnostics. The document-wide
// pass after parsing is linear and cheap, so re-analysis after an edit costs one chunk's
// parse plus that pass.
import type { Annotation, Case, Diagnostic, DocumentAnalysis, Heading, Range, DayNormalized, Fix, LabNormalized, Severity } from './model.ts';
import { CODES, type Code, type LabelProblem } from './diagnostics/codes.ts';
import type { CaseMarkConfig } from './diagnostics/config.ts';
import { applyDisableComments, applySeverities } from './diagnostics/suppress.ts';
import type { Lexicon } from './lexicon/lexicon.ts';
import { shiftRange } from './parse/lines.ts';
import type { RawComment, RawDirective } from './parse/extract.ts';
import { ParseCache, parseDocument, type ParsedChunk } from './parse/cache.ts';
import type { ChunkFacts } from './parse/extract.ts';
import { attributeDays, resolveAnchors, type HeadingRef, type Placed } from './timeline/attribution.ts';
import { checkAttribute, normalizeDrug, readStatus } from './normalize/drug.ts';
import { normalizeDose } from './normalize/dose.ts';
import { normalizeLab, withLimits } from './normalize/lab.ts';
import { parseDayExpression } from './normalize/days.ts';
import { readFrontMatter } from './parse/frontMatter.ts';
import { LIMITS } from './parse/limits.ts';
import { oneLine } from './diagnostics/oneLine.ts';

export { ParseCache };

export interface AnalyzeOptions {
  uri: string;
  /** Path used in exports; defaults to the uri's last segment. */
  path?: string;
  lexicon: Lexicon;
  config?: CaseMarkConfig;
  /** Per-document cache: pass the same one for every version of a document. */
  cache?: ParseCache;
}

interface CaseBuilder {
  case: Case;
  placed: Placed[];
  sex: string | null;
}

/** The id of a file's implicit case, and the stem of made-up case ids: the file name without extension. */
export function baseName(uri: string): string {
  const last = decodeURIComponent(uri.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? 'note');
  return last.replace(/\.[^.]*$/, '') || 'note';
}

function problemRange(d: RawDirective | Annotation): Range {
  const l = d.labelRange;
  return l.start.line === l.end.line && l.start.character === l.end.character ? d.range : l;
}

function toDiagnostic(code: Code, message: string, range: Range, fixes?: Fix[], severity?: Severity): Diagnostic {
  const d: Diagnostic = { range, severity: severity ?? CODES[code].severity, code, message };
  if (fixes?.length) d.fixes = fixes;
  return d;
}

function labelDiagnostic(p: LabelProblem, ann: Annotation): Diagnostic {
  const fixes = p.fixes?.map((f) => ({ title: f.title, edits: [{ range: ann.labelRange, newText: f.label }], preferred: f.preferred }));
  return toDiagnostic(p.code, p.message, problemRange(ann), fixes, p.severity);
}

export function analyzeDocument(text: string, options: AnalyzeOptions): DocumentAnalysis {
  const cache = options.cache ?? new ParseCache();
  const lexicon = options.lexicon;
  const memo = cache.memoFor(lexicon);
  const parsed = parseDocument(text, cache);
  const fileId = baseName(options.uri);
  const hasCases = parsed.some((p) => p.facts.events.some((e) => e.type === 'case'));
  // A file with no ::case is one implicit case, if it annotates anything: a plain README in
  // the notes folder is not a case.
  const implicit = !hasCases && parsed.some((p) => p.facts.events.some((e) => e.type === 'directive'));

  // Segments that start at a ::case depend only on their own chunks (and their place), so an
  // edit re-analyses the segment it touches and reuses the others as they were.
  const previous = cache.segments as Map<ChunkFacts, SegmentEntry>;
  const next = new Map<ChunkFacts, SegmentEntry>();
  const results: SegmentResult[] = [];
  let ordinal = 0;
  for (const seg of segmentsOf(parsed, hasCases)) {
    const facts = seg.map((p) => p.facts);
    const line = seg[0].chunk.line;
    const old = previous.get(facts[0]);
    const reusable = old && old.line === line && old.ordinal === ordinal && old.fileId === fileId && old.memo === memo && sameFacts(old.facts, facts);
    const result = reusable ? old.result : analyzeSegment(seg, { fileId, ordinal, implicit, lexicon, memo });
    next.set(facts[0], { facts, line, ordinal, fileId, memo, result });
    results.push(result);
    ordinal += result.cases.length;
  }
  cache.segments = next;

  const diagnostics: Diagnostic[] = [];
  const comments: RawComment[] = [];
  const cases: Case[] = [];
  const unassigned: Annotation[] = [];
  const annotations: Annotation[] = [];
  const headings: Heading[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) diagnostics.push(d);
    for (const c of r.comments) comments.push(c);
    for (const c of r.cases) cases.push(c);
    for (const a of r.unassigned) unassigned.push(a);
    for (const a of r.annotations) annotations.push(a);
    for (const h of r.headings) headings.push(h);
  }
  const lines = new DocumentLines(parsed);
  // Case ranges run to the line before the next case (or the end of the file).
  const endPos = { line: lines.count - 1, character: lines.length(lines.count - 1) };
  const ranged = cases.map((c, i) => {
    const nextCase = cases[i + 1];
    const endLine = nextCase ? Math.max(0, nextCase.headerRange.start.line - 1) : endPos.line;
    const end = nextCase ? { line: endLine, character: lines.length(endLine) } : endPos;
    return c.range.end.line === end.line && c.range.end.character === end.character ? c : { ...c, range: { start: c.range.start, end } };
  });
  // Keep the ranged cases in the segment cache, so unchanged cases stay the same objects.
  let k = 0;
  for (const r of results) for (let i = 0; i < r.cases.length; i++) r.cases[i] = ranged[k++];

  const source = frontMatterOf(parsed[0]?.facts);
  if (source.problem) diagnostics.push(toDiagnostic('bad-front-matter', source.problem, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }));

  let final = applyDisableComments(diagnostics, comments);
  final = applySeverities(final, options.config?.severity ?? {});
  final.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const d of final) d.message = oneLine(d.message);
  return {
    uri: options.uri,
    path: options.path ?? decodeURIComponent(options.uri.split(/[\\/]/).pop() ?? options.uri),
    source: source.data,
    cases: ranged,
    unassigned,
    annotations,
    headings,
    diagnostics: final,
    lineCount: lines.count,
    suppressions: comments,
  };
}

/** Splits the chunks at every chunk that opens with a ::case (one segment when there are no cases). */
function segmentsOf(parsed: ParsedChunk[], hasCases: boolean): ParsedChunk[][] {
  if (!hasCases) return parsed.length ? [parsed] : [];
  const out: ParsedChunk[][] = [];
  for (const p of parsed) {
    if (!out.length || p.facts.events[0]?.type === 'case') out.push([p]);
    else out[out.length - 1].push(p);
  }
  return out;
}

function sameFacts(a: ChunkFacts[], b: ChunkFacts[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

const frontMatters = new WeakMap<ChunkFacts, ReturnType<typeof readFrontMatter>>();

/** The front matter read once per first chunk (YAML parsing is the costliest step of an edit elsewhere). */
function frontMatterOf(facts: ChunkFacts | undefined): ReturnType<typeof readFrontMatter> {
  if (!facts) return readFrontMatter(null);
  let read = frontMatters.get(facts);
  if (!read) frontMatters.set(facts, (read = readFrontMatter(facts.frontMatter)));
  return read;
}

/**
 * Line count and line lengths of the document, read from its chunks (a split always falls at
 * a line start): each chunk's lengths are computed once per chunk, so an edit costs one chunk.
 */
class DocumentLines {
  private static perChunk = new WeakMap<ChunkFacts, number[]>();
  readonly count: number;

  constructor(private readonly parsed: ParsedChunk[]) {
    const last = parsed[parsed.length - 1];
    this.count = last ? last.chunk.line + this.of(last).length : 1;
  }

  /** Length of a line without its break (0 past the end). */
  length(line: number): number {
    const parsed = this.parsed;
    let lo = 0;
    let hi = parsed.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (parsed[mid].chunk.line <= line) lo = mid;
      else hi = mid - 1;
    }
    const p = parsed[lo];
    return p ? (this.of(p)[line - p.chunk.line] ?? 0) : 0;
  }

  private of(p: ParsedChunk): number[] {
    let lengths = DocumentLines.perChunk.get(p.facts);
    if (!lengths) {
      lengths = p.chunk.text.split(/\r\n|\r|\n/).map((l) => l.length);
      DocumentLines.perChunk.set(p.facts, lengths);
    }
    return lengths;
  }
}

interface SegmentContext {
  fileId: string;
  /** Number of cases before this segment (for ids made up for cases without one). */
  ordinal: number;
  implicit: boolean;
  lexicon: Lexicon;
  memo: Memo;
}

export interface SegmentResult {
  cases: Case[];
  unassigned: Annotation[];
  annotations: Annotation[];
  headings: Heading[];
  diagnostics: Diagnostic[];
  comments: RawComment[];
}

interface SegmentEntry {
  facts: ChunkFacts[];
  line: number;
  ordinal: number;
  fileId: string;
  memo: Memo;
  result: SegmentResult;
}

function analyzeSegment(parsed: ParsedChunk[], ctx: SegmentContext): SegmentResult {
  const { fileId, lexicon, memo } = ctx;
  const diagnostics: Diagnostic[] = [];
  const comments: RawComment[] = [];
  const headings: Heading[] = [];
  const annotations: Annotation[] = [];
  const unassigned: Annotation[] = [];
  const cases: CaseBuilder[] = [];
  const outside: Placed[] = [];

  let current: CaseBuilder | null = null;
  let stack: HeadingRef[] = [];
  let blockBase = 0;
  const headingByBlock = new Map<number, HeadingRef>();
  if (ctx.implicit) {
    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    current = {
      case: { id: fileId, title: '', attributes: {}, implicit: true, headerRange: zero, range: zero, idRange: null, annotations: [], anchors: [] },
      placed: [],
      sex: null,
    };
    cases.push(current);
  }

  for (const { chunk, facts } of parsed) {
    const shift = chunk.line;
    for (const c of facts.comments) comments.push({ ...c, range: shiftRange(c.range, shift) });
    for (const p of facts.problems) {
      const range = shiftRange(p.range, shift);
      const fixes = p.meant && p.nameRange ? [{ title: `Change to "${p.meant}"`, edits: [{ range: shiftRange(p.nameRange, shift), newText: p.meant }], preferred: true }] : undefined;
      diagnostics.push(toDiagnostic(p.code, p.message, range, fixes));
    }
    for (const event of facts.events) {
      if (event.type === 'case') {
        const raw = event.value;
        const attributes = { ...raw.attributes };
        const explicitId = attributes.id;
        delete attributes.id;
        const range = shiftRange(raw.range, shift);
        const id = explicitId || `${fileId}-${ctx.ordinal + cases.length + 1}`;
        if (!explicitId) diagnostics.push(toDiagnostic('missing-case-id', `This case has no id; add {#${id}} (ids must be unique across the workspace).`, range));
        for (const [name, value] of Object.entries(attributes)) {
          const problem = checkAttribute('case', name, value);
          if (problem) diagnostics.push(toDiagnostic('bad-attribute', problem, range));
        }
        current = {
          case: { id, title: raw.title, attributes, implicit: false, headerRange: range, range: { start: range.start, end: range.end }, idRange: raw.idRange && shiftRange(raw.idRange, shift), annotations: [], anchors: [] },
          placed: [],
          sex: attributes.sex ?? null,
        };
        cases.push(current);
        stack = [];
        continue;
      }
      if (event.type === 'heading') {
        const h = event.value;
        headings.push({ depth: h.depth, text: h.text, range: shiftRange(h.range, shift) });
        if (current?.case.implicit && !current.case.title) current.case.title = h.text;
        const ref: HeadingRef = { block: blockBase + h.block, depth: h.depth, day: null };
        headingByBlock.set(ref.block, ref);
        stack = [...stack.filter((s) => s.depth < h.depth), ref];
        continue;
      }
      const d = event.value;
      const ann: Annotation = {
        kind: d.kind,
        text: d.text,
        ...(d.plain !== undefined ? { plain: d.plain } : {}),
        range: shiftRange(d.range, shift),
        labelRange: shiftRange(d.labelRange, shift),
        attributes: d.attributes,
        caseId: current?.case.id ?? null,
        day: null,
        dayEnd: null,
        datedBy: null,
        normalized: null,
        suggestions: [],
      };
      annotations.push(ann);
      const placed: Placed = { ann, block: blockBase + d.block, sentence: d.sentence, clause: d.clause, headings: stack };
      if (current) {
        current.case.annotations.push(ann);
        current.placed.push(placed);
      } else {
        unassigned.push(ann);
        outside.push(placed);
        diagnostics.push(toDiagnostic('outside-case', 'This annotation comes before the first ::case, so it belongs to no case; move it below a ::case line.', ann.range));
      }
      const heading = headingByBlock.get(placed.block);
      if (heading && d.kind === 'day' && !heading.day) heading.day = placed;
    }
    blockBase += facts.blocks.length;
  }

  for (const b of cases) analyzeCase(b.placed, b, lexicon, memo, diagnostics);
  analyzeCase(outside, null, lexicon, memo, diagnostics);
  return { cases: cases.map((b) => b.case), unassigned, annotations, headings, diagnostics, comments };
}

type Memo = Map<string, unknown>;

function memoized<T>(memo: Memo, key: string, compute: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

/** One case (or the annotations outside any case, with `b` null): days, anchors, facts. */
function analyzeCase(placed: Placed[], b: CaseBuilder | null, lexicon: Lexicon, memo: Memo, out: Diagnostic[]): void {
  const baseline = caseBaseline(b, memo, out);
  const ctx: Context = { placed, index: new Map(placed.map((p, i) => [p, i])), lexicon, memo, sex: b?.sex ?? null, out, baseline, doseDrugs: new Map() };
  // Days first (their relative values), then anchors, then everything dated from them.
  const days = placed.filter((p) => p.ann.kind === 'day');
  for (const p of days) normalizeOne(p, ctx);
  const { anchors, problems } = resolveAnchors(days);
  out.push(...problems);
  ctx.anchors = anchors;
  if (b) b.case.anchors = [...anchors].map(([name, a]) => ({ name, day: a.day, range: a.ann.range }));
  for (const p of placed) if (p.ann.kind !== 'day') normalizeOne(p, ctx);
  applyDrugToDoses(ctx);
  carryLimits(placed);
  attributeDays(placed);
}

/** The case's `baseline` attribute as a day (default 0): what `:day[baseline]` means. */
function caseBaseline(b: CaseBuilder | null, memo: Memo, out: Diagnostic[]): number {
  const raw = b?.case.attributes.baseline;
  if (raw === undefined || raw.trim() === '') return 0;
  const parsed = memoized(memo, `day\0${raw}`, () => parseDayExpression(raw));
  if (!parsed.ok || parsed.precision === 'baseline' || parsed.dayEnd !== null) {
    const why = parsed.ok ? 'it must be one day, such as -7 or week -1' : parsed.message;
    out.push(toDiagnostic('bad-attribute', `baseline="${raw}": ${why}`, b!.case.headerRange));
    return 0;
  }
  return parsed.day;
}

/**
 * A dose takes its drug's `status` and `day=` unless it gives its own (spec sections 2 and 3):
 * "prednisolone {status=not-given} 1 mg/kg" is a dose not given either.
 */
function applyDrugToDoses(ctx: Context): void {
  for (const [dose, drug] of ctx.doseDrugs) {
    if (dose.attributes.status === undefined && drug.status) dose.status = drug.status;
    if (dose.attributes.day === undefined && drug.datedBy?.rule === 'attribute') {
      dose.day = drug.day;
      dose.dayEnd = drug.dayEnd;
      dose.datedBy = drug.datedBy;
    }
  }
}

/**
 * A paper's `uln=`/`lln=` is its limit for that measure: it holds for every later value of the
 * same measure in the case that sets none of its own (spec section 2, lab).
 */
function carryLimits(placed: Placed[]): void {
  const limits = new Map<string, { lln?: number | null; uln?: number | null }>();
  for (const { ann } of placed) {
    const n = ann.normalized as LabNormalized | null;
    if (ann.kind !== 'lab' || !n || n.valueKind !== 'quantity') continue;
    if (n.referenceSource === 'attribute') {
      const prev = limits.get(n.key) ?? {};
      const own = (name: 'lln' | 'uln'): boolean => (ann.attributes[name] ?? '').trim() !== '';
      limits.set(n.key, { lln: own('lln') ? n.lln : prev.lln, uln: own('uln') ? n.uln : prev.uln });
      continue;
    }
    const carried = limits.get(n.key);
    if (!carried) continue;
    ann.normalized = withLimits(n, carried.lln !== undefined ? carried.lln : n.lln, carried.uln !== undefined ? carried.uln : n.uln, 'carried');
  }
}

interface Context {
  placed: Placed[];
  index: Map<Placed, number>;
  lexicon: Lexicon;
  memo: Memo;
  sex: string | null;
  out: Diagnostic[];
  anchors?: Map<string, { day: number | null }>;
  /** The case's baseline day (`:day[baseline]`). */
  baseline: number;
  /** Each dose's drug annotation, where one was found in its block. */
  doseDrugs: Map<Annotation, Annotation>;
}

function normalizeOne(p: Placed, ctx: Context): void {
  const { lexicon, memo, sex, out, anchors } = ctx;
  const ann = p.ann;
  const attrs = ann.attributes;
  if (tooLong(ann, out)) return;
  const text = ann.plain ?? ann.text;
  for (const [name, value] of Object.entries(attrs)) {
    const problem = checkAttribute(ann.kind, name, value);
    if (problem) out.push(toDiagnostic('bad-attribute', problem, ann.range));
  }
  if (ann.kind === 'day') {
    const parsed = memoized(memo, `day\0${text}`, () => parseDayExpression(text));
    if (!parsed.ok) {
      out.push(toDiagnostic('bad-day', parsed.message, problemRange(ann)));
      return;
    }
    const day = parsed.precision === 'baseline' ? ctx.baseline : parsed.day;
    const n: DayNormalized = { day, dayEnd: parsed.dayEnd, precision: parsed.precision, from: attrs.from || null, relative: day, anchor: attrs.id || null };
    ann.normalized = n;
    ann.day = day;
    ann.dayEnd = parsed.dayEnd;
    return;
  }
  if (attrs.day !== undefined) applyDayAttribute(ann, memo, out, ctx.baseline, anchors);
  if (ann.kind === 'drug' || ann.kind === 'dose') ann.status = readStatus(attrs.status ?? '') ?? 'given';
  let problems: LabelProblem[] = [];
  let respell: { label: string; title: string } | undefined;
  if (ann.kind === 'drug') {
    const r = memoized(memo, `drug\0${text}\0${attrs.id ?? ''}`, () => normalizeDrug(text, attrs, lexicon));
    ann.normalized = r.normalized;
    problems = r.problems;
  } else if (ann.kind === 'dose') {
    const ref = doseDrug(p, ctx);
    if (ref?.ann) ctx.doseDrugs.set(ann, ref.ann);
    if (!ref) {
      out.push(toDiagnostic('dose-without-drug', 'This dose has no drug: put a :drug[...] in the same paragraph, row or item, or add {drug=name}.', ann.range));
    }
    const key = `dose\0${text}\0${attrs.route ?? ''}\0${attrs.freq ?? ''}\0${ref?.name ?? ''}`;
    const r = memoized(memo, key, () => normalizeDose(text, attrs, ref?.entry, ref?.name ?? null));
    ann.normalized = r.normalized;
    problems = r.problems;
    respell = r.respell;
  } else {
    const key = `lab\0${text}\0${attrs.test ?? ''}\0${attrs.uln ?? ''}\0${attrs.lln ?? ''}\0${sex ?? ''}`;
    const r = memoized(memo, key, () => normalizeLab(text, attrs, lexicon, sex));
    ann.normalized = r.normalized;
    problems = r.problems;
    respell = r.respell;
  }
  for (const problem of problems) out.push(labelDiagnostic(problem, ann));
  ann.suggestions = respell ? [{ title: respell.title, edits: [{ range: ann.labelRange, newText: respell.label }], preferred: true }] : [];
}

/** A label or attribute value too long to normalize in bounded time: listed, not normalized. */
function tooLong(ann: Annotation, out: Diagnostic[]): boolean {
  const long = ann.text.length > LIMITS.label ? 'label' : Object.keys(ann.attributes).find((k) => ann.attributes[k].length > LIMITS.label);
  if (!long) return false;
  const what = long === 'label' ? `This label has ${ann.text.length} characters` : `The value of ${long}= has ${ann.attributes[long].length} characters`;
  out.push(toDiagnostic('too-complex', `${what} (CaseMark reads at most ${LIMITS.label}): shorten it; is a "]" or quote missing?`, ann.range));
  return true;
}

type DrugRef = { name: string; entry: ReturnType<Lexicon['drug']>; ann?: Annotation };

/** The drug a dose belongs to: `drug=`, else the nearest :drug before it in its block, else after. */
function doseDrug(p: Placed, ctx: Context): DrugRef | null {
  const { placed, lexicon } = ctx;
  const attr = p.ann.attributes.drug;
  const i = ctx.index.get(p) ?? -1;
  const sameBlock = (q: Placed | undefined) => q && q.block === p.block;
  if (attr) {
    const entry = lexicon.drug(attr) ?? lexicon.findDrug(attr);
    const name = entry?.key ?? attr;
    // The :drug of the same block that it names, if any, lends the dose its status and day=.
    const names = (q: Placed | undefined): boolean => !!q && q.ann.kind === 'drug' && drugRef(q.ann, lexicon).name === name;
    // Nearest first, within the block only.
    for (let k = 1; sameBlock(placed[i - k]) || sameBlock(placed[i + k]); k++) {
      if (sameBlock(placed[i - k]) && names(placed[i - k])) return { name, entry, ann: placed[i - k].ann };
      if (sameBlock(placed[i + k]) && names(placed[i + k])) return { name, entry, ann: placed[i + k].ann };
    }
    return { name, entry };
  }
  for (let j = i - 1; j >= 0 && sameBlock(placed[j]); j--) if (placed[j].ann.kind === 'drug') return drugRef(placed[j].ann, lexicon);
  for (let j = i + 1; j < placed.length && sameBlock(placed[j]); j++) if (placed[j].ann.kind === 'drug') return drugRef(placed[j].ann, lexicon);
  return null;
}

function drugRef(drug: Annotation, lexicon: Lexicon): DrugRef {
  const text = drug.plain ?? drug.text;
  const entry = drug.attributes.id ? lexicon.drug(drug.attributes.id) ?? lexicon.findDrug(drug.attributes.id) : lexicon.findDrug(text);
  return { name: entry?.key ?? text.trim(), entry, ann: drug };
}

/** Rule 1: an explicit `day=` (any day expression, `from=` allowed) dates the fact. */
function applyDayAttribute(ann: Annotation, memo: Memo, out: Diagnostic[], baseline: number, anchors?: Map<string, { day: number | null }>): void {
  const expr = ann.attributes.day;
  const parsed = memoized(memo, `day\0${expr}`, () => parseDayExpression(expr));
  if (!parsed.ok) {
    out.push(toDiagnostic('bad-day', `day="${expr}": ${parsed.message}`, ann.range));
    return;
  }
  const from = ann.attributes.from;
  let base = 0;
  if (from) {
    const anchor = anchors?.get(from);
    if (!anchor) {
      out.push(toDiagnostic('unknown-anchor', `No :day in this case defines the anchor "${from}"; define it with {#${from}} or fix the name.`, ann.range));
      return;
    }
    if (anchor.day === null) return;
    base = anchor.day;
  }
  const day = parsed.precision === 'baseline' ? baseline : parsed.day;
  ann.day = day + base;
  ann.dayEnd = parsed.dayEnd === null ? null : parsed.dayEnd + base;
  ann.datedBy = { rule: 'attribute', range: ann.range, text: expr };
}
