// Code actions: the core's fixes (did-you-mean, unit spelling, decimal comma) as quick
// fixes attached to their diagnostic; annotation suggestions; `drug=` for a dose without a
// drug; "disable <code> on this line"; and converting a dose or lab to its canonical unit.
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Annotation, Diagnostic, DocumentAnalysis, DoseNormalized, LabNormalized, Lexicon } from '../core/index.ts';
import { toLspDiagnostic } from './diagnostics.ts';
import { annotationAt, annotationsIn, rangesOverlap } from './positions.ts';
import { provideSuggestActions } from './suggestActions.ts';
import { provideDiagnosticFixes } from './diagnosticFixes.ts';

function action(title: string, kind: string, uri: string, edits: TextEdit[], extra: Partial<CodeAction> = {}): CodeAction {
  return { title, kind, edit: { changes: { [uri]: edits } }, ...extra };
}

/** A number written back into a label: no float noise, powers of ten for large round counts. */
export function labelNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 1e6) {
    const exp = Math.floor(Math.log10(Math.abs(n)));
    const mantissa = n / 10 ** exp;
    if (Number.isInteger(Math.round(mantissa * 1000) / 1000)) return `${Math.round(mantissa * 1000) / 1000} × 10^${exp}`;
    const m = Number(mantissa.toPrecision(6));
    if (String(m).length <= 6) return `${m} × 10^${exp}`;
  }
  return String(Number(n.toPrecision(6)));
}

function quantity(cmp: string | null, value: number, end: number | null, unit: string): string {
  const v = end !== null && end !== value ? `${labelNumber(value)}–${labelNumber(end)}` : labelNumber(value);
  return `${cmp ? `${cmp}` : ''}${v} ${unit}`;
}

/** The label rewritten in the canonical unit, or null when conversion would change nothing. */
export function canonicalLabel(a: Annotation, lexicon: Lexicon): string | null {
  if (a.kind === 'dose' && a.normalized) {
    const n = a.normalized as DoseNormalized;
    const same = n.original.value === n.value && n.original.valueEnd === n.valueEnd && (n.original.ucum ?? n.original.unit) === n.unit;
    if (same) return null;
    return quantity(n.comparator, n.value, n.valueEnd, n.unit);
  }
  if (a.kind === 'lab' && a.normalized) {
    const n = a.normalized as LabNormalized;
    if (n.valueKind !== 'quantity' || n.value === null || !n.unit || n.original.value === null) return null;
    if (n.original.value === n.value && n.original.unit === n.unit) return null;
    const match = a.attributes.test ? undefined : lexicon.matchLabPrefix(a.text);
    const analyte = match ? a.text.slice(0, match.length).trim() : '';
    return `${analyte ? `${analyte} ` : ''}${quantity(n.comparator, n.value, n.valueEnd, n.unit)}`;
  }
  return null;
}

function attributeInsert(doc: TextDocument, a: Annotation, attr: string): TextEdit {
  const text = doc.getText(a.range);
  if (text.endsWith('}')) {
    const end = a.range.end;
    const at = { line: end.line, character: end.character - 1 };
    const empty = text.endsWith('{}');
    return { range: { start: at, end: at }, newText: empty ? attr : ` ${attr}` };
  }
  return { range: { start: a.range.end, end: a.range.end }, newText: `{${attr}}` };
}

function attrValue(v: string): string {
  return /^[^\s"'=<>`{}]+$/.test(v) ? v : `"${v.replace(/"/g, '')}"`;
}

function drugChoices(analysis: DocumentAnalysis, dose: Annotation): string[] {
  const c = dose.caseId !== null ? analysis.cases.find((x) => x.id === dose.caseId) : undefined;
  const pool = c ? c.annotations : analysis.unassigned;
  const out: string[] = [];
  for (const a of pool) {
    if (a.kind !== 'drug') continue;
    const key = a.normalized && 'key' in a.normalized ? a.normalized.key : a.text.trim();
    if (key && !out.includes(key)) out.push(key);
  }
  return out;
}

/** "Disable" with a title that says where its comment goes (never the preferred action). */
function disableAction(doc: TextDocument, line: number, code: string): { title: string; edit: TextEdit } {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  // A comment line inside a table would end the table: there, silence the row itself.
  if (text.trimStart().startsWith('|')) {
    const at = { line, character: text.length };
    return { title: `Disable ${code} on this row (comment at the end of the row)`, edit: { range: { start: at, end: at }, newText: ` <!-- casemark-disable-line ${code} -->` } };
  }
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const at = { line, character: 0 };
  return { title: `Disable ${code} for this line (comment on the line above)`, edit: { range: { start: at, end: at }, newText: `${indent}<!-- casemark-disable-next-line ${code} -->\n` } };
}

export function provideCodeActions(
  doc: TextDocument,
  analysis: DocumentAnalysis,
  crossDiagnostics: readonly Diagnostic[],
  range: Range,
  lexicon: Lexicon,
  only?: string[],
  caseIds: () => ReadonlySet<string> = () => new Set(),
): CodeAction[] {
  const uri = doc.uri;
  const out: CodeAction[] = [];
  const wants = (kind: string) => !only?.length || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  // A cursor anywhere on a directive reaches the diagnostics of its label too.
  const touched = annotationsIn(analysis, range);
  const near = (r: Range) => rangesOverlap(r, range) || touched.some((a) => rangesOverlap(r, a.range));
  const diagnostics = [...analysis.diagnostics, ...crossDiagnostics].filter((d) => near(d.range));

  if (wants(CodeActionKind.QuickFix)) {
    for (const d of diagnostics) {
      const lsp: LspDiagnostic = toLspDiagnostic(d);
      for (const f of d.fixes ?? []) {
        out.push(action(f.title, CodeActionKind.QuickFix, uri, f.edits, { diagnostics: [lsp], isPreferred: f.preferred === true }));
      }
      if (d.code === 'dose-without-drug') {
        const dose = annotationAt(analysis, d.range.start);
        if (dose?.kind === 'dose') {
          for (const key of drugChoices(analysis, dose)) {
            out.push(action(`Add drug=${key}`, CodeActionKind.QuickFix, uri, [attributeInsert(doc, dose, `drug=${attrValue(key)}`)], { diagnostics: [lsp] }));
          }
        }
      }
    }
    out.push(...provideDiagnosticFixes(doc, analysis, diagnostics, lexicon, caseIds));
    const seen = new Set<string>();
    for (const d of diagnostics) {
      const key = `${d.range.start.line}:${d.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const disable = disableAction(doc, d.range.start.line, d.code);
      out.push(action(disable.title, CodeActionKind.QuickFix, uri, [disable.edit], { diagnostics: [toLspDiagnostic(d)], isPreferred: false }));
    }
  }

  if (wants(CodeActionKind.RefactorRewrite)) {
    for (const a of touched) {
      const offered = new Set<string>();
      for (const s of a.suggestions) {
        out.push(action(s.title, CodeActionKind.RefactorRewrite, uri, s.edits, { isPreferred: s.preferred === true }));
        for (const e of s.edits) offered.add(e.newText);
      }
      const label = canonicalLabel(a, lexicon);
      if (label !== null && !offered.has(label) && label !== a.text) {
        const n = a.normalized as { unit: string };
        out.push(action(`Convert to canonical unit (${n.unit})`, CodeActionKind.RefactorRewrite, uri, [{ range: a.labelRange, newText: label }]));
      }
    }
  }
  out.push(...provideSuggestActions(doc, range, touched, lexicon, wants));
  return out;
}
