// Completion: directive names after `:`/`::`, lexicon names inside `:drug[`/`:lab[`, units
// that fit the analyte or the block's drug, day forms, attribute names and values inside
// `{...}`, and whole-annotation snippets. Works from the text of the current line (and a
// few lines above for a dose's drug) plus precomputed lexicon lists, so it stays fast on a
// 1 MB note whatever the state of the analysis.
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis, Lexicon } from '../core/index.ts';
import type { DrugEntry } from '../core/lexicon/types.ts';
import { ROLES, ROUTES, SEXES } from '../core/normalize/drug.ts';
import { DRUG_STATUSES } from '../core/model.ts';
import { annotationAt, caseAt } from './positions.ts';

export interface CompletionOptions {
  snippets: boolean;
}

const DIRECTIVES = [
  { name: 'drug', doc: 'A drug or cell product as the paper names it.', snippet: ':drug[${1:name}]{role=${2|therapy,lymphodepletion,bridging,premedication,prophylaxis,rescue,prior,concomitant|}}' },
  { name: 'dose', doc: 'An amount given: a number and a unit.', snippet: ':dose[${1:amount} ${2:mg}]{drug=${3:drug}}' },
  { name: 'day', doc: "When, on the case's timeline (day 0 is the index event).", snippet: ':day[${1:0}]' },
  { name: 'lab', doc: 'A laboratory value or clinical score: analyte, value, unit.', snippet: ':lab[${1:CK} ${2:value} ${3:U/L}]' },
];
const CASE_SNIPPET = '::case[${1:Title}]{#${2:id} age=${3:age} sex=${4|F,M,X,unknown|} dx="${5:diagnosis}"}';

const ATTRIBUTES: Record<string, { name: string; doc: string }[]> = {
  drug: [
    { name: 'role', doc: 'therapy, lymphodepletion, bridging, premedication, prophylaxis, rescue, prior, concomitant' },
    { name: 'status', doc: 'given (default), planned, not-given, stopped, unknown; applies to its doses too.' },
    { name: 'id', doc: 'Force a lexicon key.' },
    { name: 'day', doc: 'Date this fact explicitly (any day expression).' },
    { name: 'from', doc: 'Count `day=` from an anchor.' },
  ],
  dose: [
    { name: 'drug', doc: 'The drug the dose belongs to (lexicon key or name).' },
    { name: 'route', doc: 'iv, sc, po, im, it, topical' },
    { name: 'freq', doc: 'Free text, e.g. q2w, monthly.' },
    { name: 'status', doc: "given, planned, not-given, stopped, unknown (default: its drug's, else given)." },
    { name: 'day', doc: 'Date this fact explicitly (any day expression).' },
    { name: 'from', doc: 'Count `day=` from an anchor.' },
  ],
  day: [
    { name: 'from', doc: 'Count from an anchor instead of day 0.' },
    { name: '#', doc: 'Define an anchor at this day (`#name`).' },
  ],
  lab: [
    { name: 'test', doc: 'The analyte, when the label holds only value and unit.' },
    { name: 'uln', doc: "The paper's upper limit of normal." },
    { name: 'lln', doc: "The paper's lower limit of normal." },
    { name: 'day', doc: 'Date this fact explicitly (any day expression).' },
    { name: 'from', doc: 'Count `day=` from an anchor.' },
  ],
  case: [
    { name: '#', doc: 'The case id, unique across the workspace (`#id`).' },
    { name: 'age', doc: 'Age in years.' },
    { name: 'sex', doc: 'F, M, X or unknown.' },
    { name: 'baseline', doc: 'The day `:day[baseline]` means in this case (default 0), e.g. -7.' },
    { name: 'dx', doc: 'Diagnosis, free text.' },
  ],
};

const DAY_FORMS: { label: string; snippet: string; doc: string }[] = [
  { label: '0', snippet: '0', doc: 'Day 0: the index event (first CAR T cell infusion).' },
  { label: 'day N', snippet: 'day ${1:35}', doc: 'A day of the timeline.' },
  { label: 'D+N', snippet: 'D+${1:35}', doc: 'Day after day 0.' },
  { label: 'week N', snippet: 'week ${1:6}', doc: 'Week precision (7 days).' },
  { label: 'month N', snippet: 'month ${1:9}', doc: 'Month precision (30.4375 days): hover shows ≈ day.' },
  { label: 'MN', snippet: 'M${1:6}', doc: 'Month, short form.' },
  { label: 'year N', snippet: 'year ${1:2}', doc: 'Year precision (365.25 days).' },
  { label: 'A to B', snippet: '${1:-5} to ${2:-3}', doc: 'A range of days.' },
];

/** Spellings a curator types for each canonical dose unit. */
const DOSE_SPELLINGS: Record<string, string[]> = {
  mg: ['mg', 'g', 'µg'],
  'mg/kg': ['mg/kg'],
  'mg/m2': ['mg/m²'],
  'mg/d': ['mg/day', 'g/day'],
  '{cells}/kg': ['cells/kg'],
  '{cells}': ['cells'],
  '[IU]': ['IU'],
  mL: ['mL'],
};

const NAME_SORT: Record<string, string> = { name: '0', synonym: '1', abbreviation: '2', brand: '3' };

function item(label: string, kind: CompletionItemKind, range: Range, newText: string, extra: Partial<CompletionItem> = {}): CompletionItem {
  return { label, kind, textEdit: { range, newText }, ...extra };
}

function rangeBack(pos: Position, length: number): Range {
  return { start: { line: pos.line, character: pos.character - length }, end: pos };
}

/** Strip snippet syntax for clients without snippet support. */
function plain(snippet: string): string {
  return snippet.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

export function provideCompletion(
  doc: TextDocument,
  pos: Position,
  lexicon: Lexicon,
  analysis: DocumentAnalysis | undefined,
  options: CompletionOptions,
): CompletionList {
  const prefix = doc.getText({ start: { line: pos.line, character: 0 }, end: pos });
  const items = complete(doc, pos, prefix, lexicon, analysis, options);
  return { isIncomplete: false, items };
}

function complete(doc: TextDocument, pos: Position, prefix: string, lexicon: Lexicon, analysis: DocumentAnalysis | undefined, o: CompletionOptions): CompletionItem[] {
  const snippet = (text: string) => (o.snippets ? { newText: text, format: InsertTextFormat.Snippet } : { newText: plain(text), format: InsertTextFormat.PlainText });

  // Inside `{...}` after a directive.
  const attr = /(?:^|[^\w:]):{1,2}(drug|dose|day|lab|case)\[[^\]]*\]\{([^}]*)$/.exec(prefix);
  if (attr) return attributeItems(doc, pos, attr[1], attr[2], lexicon, analysis);

  // Inside a label.
  const label = /(?:^|[^\w:]):(drug|dose|day|lab)\[([^\]]*)$/.exec(prefix);
  if (label) {
    const [, kind, text] = label;
    if (kind === 'drug') return drugItems(lexicon, rangeBack(pos, text.length));
    if (kind === 'lab') return labItems(lexicon, text, pos);
    if (kind === 'dose') return doseItems(doc, pos, text, lexicon, analysis);
    return DAY_FORMS.map((f, i) => {
      const s = snippet(f.snippet);
      return item(f.label, CompletionItemKind.Value, rangeBack(pos, text.length), s.newText, { insertTextFormat: s.format, documentation: f.doc, sortText: String(i).padStart(2, '0') });
    });
  }

  // A directive name after `:` (inline) or `::` (own line).
  const name = /(?:^|[\s([*_>|])(::?)([A-Za-z]*)$/.exec(prefix);
  if (name) {
    const [, colons, typed] = name;
    const out: CompletionItem[] = [];
    const nameRange = rangeBack(pos, typed.length);
    const wholeRange = rangeBack(pos, typed.length + colons.length);
    if (colons === ':') {
      for (const d of DIRECTIVES) {
        const s = snippet(`${d.name}[\${1}]`);
        out.push(item(d.name, CompletionItemKind.Keyword, nameRange, s.newText, { insertTextFormat: s.format, detail: `:${d.name}[…]`, documentation: d.doc, sortText: `0${d.name}` }));
        const w = snippet(d.snippet);
        out.push(item(`:${d.name}[…] annotation`, CompletionItemKind.Snippet, wholeRange, w.newText, { insertTextFormat: w.format, filterText: `:${d.name}`, documentation: d.doc, sortText: `1${d.name}` }));
      }
    }
    if (colons === '::' && prefix.trim() === `::${typed}`) {
      const s = snippet('case[${1:Title}]{#${2:id}}');
      out.push(item('case', CompletionItemKind.Keyword, nameRange, s.newText, { insertTextFormat: s.format, detail: '::case[Title]{#id}', documentation: 'Starts a case; it runs to the next ::case or the end of the file.' }));
      const w = snippet(CASE_SNIPPET);
      out.push(item('::case[…] with attributes', CompletionItemKind.Snippet, wholeRange, w.newText, { insertTextFormat: w.format, filterText: '::case' }));
    }
    return out;
  }
  return [];
}

// Built once per lexicon object: lexicons are immutable, so the lists can be shared.
const drugCache = new WeakMap<Lexicon, { label: string; detail: string; doc: string; sort: string }[]>();

function drugItems(lexicon: Lexicon, range: Range): CompletionItem[] {
  let list = drugCache.get(lexicon);
  if (!list) {
    list = lexicon.drugNames().map((n) => ({
      label: n.label,
      detail: n.kind === 'name' ? (n.entry.class ?? 'drug') : `${n.kind} of ${n.entry.name}${n.entry.class ? ` · ${n.entry.class}` : ''}`,
      doc: drugDoc(n.entry),
      sort: `${NAME_SORT[n.kind] ?? '9'}${n.label.toLowerCase()}`,
    }));
    drugCache.set(lexicon, list);
  }
  return list.map((d) => item(d.label, CompletionItemKind.Value, range, d.label, { detail: d.detail, documentation: { kind: 'markdown', value: d.doc }, sortText: d.sort, filterText: d.label }));
}

function drugDoc(e: DrugEntry): string {
  const lines = [`**${e.name}** (\`${e.key}\`)`];
  if (e.class) lines.push(`Class: ${e.class}`);
  if (e.targets.length) lines.push(`Targets: ${e.targets.join(', ')}`);
  if (e.atc) lines.push(`ATC: ${e.atc}`);
  if (e.rxcui) lines.push(`RxNorm: ${e.rxcui}`);
  return lines.join('  \n');
}

function labItems(lexicon: Lexicon, text: string, pos: Position): CompletionItem[] {
  const match = lexicon.matchLabPrefix(text);
  const rest = match ? text.slice(match.length) : text;
  // After a value: the units that fit the analyte.
  const afterValue = /\d[\d.,×x^⁰¹²³⁴⁵⁶⁷⁸⁹ ]*\s+(\S*)$|\d\s*([^\d\s.,:/×x^⁰¹²³⁴⁵⁶⁷⁸⁹][^\s]*)$/.exec(rest);
  if (afterValue && /\d/.test(rest)) {
    const typed = afterValue[1] ?? afterValue[2] ?? '';
    const entries = match ? [match.entry] : lexicon.labs;
    const units = new Map<string, string>();
    for (const e of entries) {
      if (e.unit) units.set(e.unit, `canonical unit of ${e.name}`);
      for (const u of e.units) if (!units.has(u.unit)) units.set(u.unit, `accepted for ${e.name}`);
    }
    return [...units].map(([u, detail], i) => item(u, CompletionItemKind.Unit, rangeBack(pos, typed.length), u, { detail, sortText: String(i).padStart(3, '0') }));
  }
  if (/\d/.test(rest)) return [];
  const range = rangeBack(pos, text.length - (text.length - text.trimStart().length));
  return lexicon.labNames().map((n) =>
    item(n.label, CompletionItemKind.Value, range, n.label, {
      detail: n.kind === 'name' ? `${n.entry.loinc ? `LOINC ${n.entry.loinc}` : 'lab'}${n.entry.unit ? ` · ${n.entry.unit}` : ''}` : `synonym of ${n.entry.name}`,
      sortText: `${NAME_SORT[n.kind] ?? '9'}${n.label.toLowerCase()}`,
    }),
  );
}

/** The drug a dose being typed belongs to: its analysis, else the nearest :drug in its block. */
function blockDrug(doc: TextDocument, pos: Position, lexicon: Lexicon, analysis: DocumentAnalysis | undefined): DrugEntry | undefined {
  const here = analysis ? annotationAt(analysis, pos) : undefined;
  const key = here?.kind === 'dose' && here.normalized && 'drug' in here.normalized ? here.normalized.drug : null;
  if (key) {
    const e = lexicon.drug(key) ?? lexicon.findDrug(key);
    if (e) return e;
  }
  const drugIn = (text: string, last: boolean) => {
    const all = [...text.matchAll(/:drug\[([^\]]*)\](?:\{([^}]*)\})?/g)];
    const ordered = last ? all.reverse() : all;
    for (const m of ordered) {
      const forced = /(?:^|\s)id=("?)([^\s"}]+)\1/.exec(m[2] ?? '')?.[2];
      const e = (forced && lexicon.drug(forced)) || lexicon.findDrug(m[1]);
      if (e) return e;
    }
    return undefined;
  };
  const lineText = doc.getText({ start: { line: pos.line, character: 0 }, end: { line: pos.line + 1, character: 0 } });
  const before = drugIn(lineText.slice(0, pos.character), true);
  if (before) return before;
  for (let line = pos.line - 1; line >= Math.max(0, pos.line - 30); line--) {
    const t = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    if (!t.trim()) break;
    const e = drugIn(t, true);
    if (e) return e;
  }
  return drugIn(lineText.slice(pos.character), false);
}

function doseItems(doc: TextDocument, pos: Position, text: string, lexicon: Lexicon, analysis: DocumentAnalysis | undefined): CompletionItem[] {
  if (!/\d/.test(text)) return [];
  const typed = /\s(\S*)$/.exec(text)?.[1] ?? /\d([^\d\s.,×x^⁰¹²³⁴⁵⁶⁷⁸⁹]\S*)$/.exec(text)?.[1] ?? '';
  const drug = blockDrug(doc, pos, lexicon, analysis);
  const canonical = drug?.doses.length ? [...new Set(drug.doses.map((d) => d.unit))] : Object.keys(DOSE_SPELLINGS);
  const out: CompletionItem[] = [];
  for (const unit of canonical) {
    for (const spelling of DOSE_SPELLINGS[unit] ?? [unit]) {
      const range = drug?.doses.find((d) => d.unit === unit);
      const detail = drug ? `${drug.name}${range ? `: ${range.min}–${range.max} ${unit}` : ''}` : `canonical ${unit}`;
      out.push(item(spelling, CompletionItemKind.Unit, rangeBack(pos, typed.length), spelling, { detail, sortText: String(out.length).padStart(3, '0') }));
    }
  }
  return out;
}

function attributeItems(doc: TextDocument, pos: Position, kind: string, attrText: string, lexicon: Lexicon, analysis: DocumentAnalysis | undefined): CompletionItem[] {
  const value = /(?:^|\s)([A-Za-z_][\w-]*)\s*=\s*"?([^\s"=]*)$/.exec(attrText);
  if (value) {
    const [, name, typed] = value;
    const range = rangeBack(pos, typed.length);
    const values = attributeValues(doc, pos, kind, name, lexicon, analysis);
    return values.map((v, i) => item(v.label, CompletionItemKind.EnumMember, range, v.label, { detail: v.detail, sortText: String(i).padStart(4, '0') }));
  }
  const typed = /(?:^|\s)([A-Za-z_-]*)$/.exec(attrText);
  if (!typed) return [];
  const present = new Set([...attrText.matchAll(/(?:^|\s)([A-Za-z_][\w-]*)\s*=/g)].map((m) => m[1]));
  return (ATTRIBUTES[kind] ?? [])
    .filter((a) => !present.has(a.name))
    .map((a) => item(a.name === '#' ? '#' : `${a.name}=`, CompletionItemKind.Property, rangeBack(pos, typed[1].length), a.name === '#' ? '#' : `${a.name}=`, { documentation: a.doc, filterText: a.name }));
}

function attributeValues(doc: TextDocument, pos: Position, kind: string, name: string, lexicon: Lexicon, analysis: DocumentAnalysis | undefined): { label: string; detail?: string }[] {
  switch (name) {
    case 'role':
      return ROLES.map((label) => ({ label }));
    case 'route':
      return ROUTES.map((label) => ({ label }));
    case 'status':
      return DRUG_STATUSES.map((label) => ({ label }));
    case 'sex':
      return SEXES.map((label) => ({ label }));
    case 'test':
      return lexicon.labs.map((l) => ({ label: l.key, detail: l.name }));
    case 'drug':
    case 'id': {
      if (kind === 'case') return [];
      const inCase = new Set<string>();
      const c = analysis ? caseAt(analysis, pos) : undefined;
      for (const a of c?.annotations ?? []) if (a.kind === 'drug' && a.normalized && 'key' in a.normalized) inCase.add(a.normalized.key);
      const all = lexicon.drugs.map((d) => ({ label: d.key, detail: d.name }));
      return [...all.filter((d) => inCase.has(d.label)), ...all.filter((d) => !inCase.has(d.label))];
    }
    case 'from':
      return anchorNames(doc, pos, analysis).map((label) => ({ label, detail: 'anchor' }));
    case 'day':
      return DAY_FORMS.filter((f) => !f.snippet.includes(' ')).map((f) => ({ label: f.label.replace(/N$/, '') }));
    default:
      return [];
  }
}

/** Anchors of the case at `pos` (from the analysis), else every `#name` on a :day in the note. */
function anchorNames(doc: TextDocument, pos: Position, analysis: DocumentAnalysis | undefined): string[] {
  const c = analysis ? caseAt(analysis, pos) : undefined;
  if (c?.anchors.length) return [...new Set(c.anchors.map((a) => a.name))];
  const names = new Set<string>();
  for (const m of doc.getText().matchAll(/:day\[[^\]]*\]\{[^}]*#([\w-]+)/g)) names.add(m[1]);
  return [...names];
}
