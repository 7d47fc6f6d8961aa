// Quick fixes for the problems whose fix the server can know from the note and the
// workspace: the units a lab is measured in (`lab-unit-mismatch`), the case's anchors
// (`unknown-anchor`), the nearest day expression that reads (`bad-day`) and an id no other
// case uses (`duplicate-case-id`). Each is attached to its diagnostic; one is preferred only
// when it is the one reading that fits.
import { distance } from 'fastest-levenshtein';
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Annotation, Diagnostic, DocumentAnalysis, Lexicon } from '../core/index.ts';
import { parseDayExpression } from '../core/normalize/days.ts';
import { readLabValue } from '../core/normalize/labValue.ts';
import { toLspDiagnostic } from './diagnostics.ts';
import { annotationAt, attributeLocations, caseById, offsetsToRange } from './positions.ts';

function fix(title: string, uri: string, d: Diagnostic, edits: TextEdit[], preferred = false): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [toLspDiagnostic(d)], isPreferred: preferred, edit: { changes: { [uri]: edits } } };
}

export function provideDiagnosticFixes(
  doc: TextDocument,
  analysis: DocumentAnalysis,
  diagnostics: readonly Diagnostic[],
  lexicon: Lexicon,
  caseIds: () => ReadonlySet<string>,
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const a = annotationAt(analysis, d.range.start);
    if (d.code === 'lab-unit-mismatch' && a?.kind === 'lab') out.push(...labUnitFixes(doc, a, d, lexicon));
    else if (d.code === 'unknown-anchor' && a) out.push(...anchorFixes(doc, analysis, a, d));
    else if (d.code === 'bad-day' && a) out.push(...dayFixes(doc, a, d));
    else if (d.code === 'duplicate-case-id') out.push(...idFixes(doc, analysis, d, caseIds));
  }
  return out;
}

/** The units the lab is measured in, in place of the one written. */
function labUnitFixes(doc: TextDocument, a: Annotation, d: Diagnostic, lexicon: Lexicon): CodeAction[] {
  if (a.attributes.test) return [];
  const match = lexicon.matchLabPrefix(a.text);
  if (!match) return [];
  const v = readLabValue(a.text.slice(match.length), match.entry);
  if (v.kind !== 'quantity' || !v.unitText) return [];
  // unitStart counts from the start of the text after the analyte's name.
  const start = doc.offsetAt(a.labelRange.start) + match.length + v.unitStart;
  const range = offsetsToRange(doc, start, start + v.unitText.length);
  const units = [match.entry.unit, ...(match.entry.units ?? []).map((u) => u.unit)].filter((u): u is string => !!u);
  return [...new Set(units)].slice(0, 4).map((unit) =>
    fix(`Change the unit to ${unit} (${match.entry.name} is measured in it)`, doc.uri, d, [{ range, newText: unit }]));
}

/** The anchors the case defines, closest name first; the closest is preferred when it is a likely typo. */
function anchorFixes(doc: TextDocument, analysis: DocumentAnalysis, a: Annotation, d: Diagnostic): CodeAction[] {
  const from = attributeLocations(doc, a).find((l) => l.name === 'from');
  const c = caseById(analysis, a.caseId);
  const anchors = c ? c.anchors : [];
  if (!from) return [];
  const names = [...new Set(anchors.map((x) => x.name))]
    .map((name) => ({ name, d: distance(name.toLowerCase(), from.value.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  return names.slice(0, 5).map((n, i) =>
    fix(`Count from the anchor "${n.name}"`, doc.uri, d, [{ range: from.range, newText: n.name }], i === 0 && n.d <= 2 && names.length > 0));
}

/** The nearest expression the day parser reads: a reversed range put in order, or the part of the label that is a day. */
function dayFixes(doc: TextDocument, a: Annotation, d: Diagnostic): CodeAction[] {
  if (a.kind !== 'day') return [];
  const label = a.text.trim();
  const candidates: string[] = [];
  const reversed = /^(.*?\d)\s*(to|–|-|through)\s*([+\-−]?\s*\d.*)$/.exec(label);
  if (reversed) candidates.push(`${reversed[3].trim()} ${reversed[2]} ${reversed[1].trim()}`.replace(/ – /, '–'));
  candidates.push(label.replace(/^(?:on|at|by|from|since|until)\s+/i, '').replace(/\s+(?:after|post|later|following)\b.*$/i, ''));
  candidates.push(label.replace(/(\d)\s*(?:st|nd|rd|th)\b/g, '$1'), label.replace(/^([a-z]+)(\d)/i, '$1 $2'));
  // Else the longest run of words that reads as a day.
  const words = label.split(/\s+/);
  for (let len = words.length - 1; len >= 1; len--) {
    for (let i = 0; i + len <= words.length; i++) candidates.push(words.slice(i, i + len).join(' '));
  }
  const good = [...new Set(candidates)].filter((c) => c && c !== label && /\d|baseline/i.test(c) && parseDayExpression(c).ok).slice(0, 2);
  return good.map((c, i) => fix(`Write the day as "${c}"`, doc.uri, d, [{ range: a.labelRange, newText: c }], i === 0 && good.length === 1));
}

/** An id no case of the workspace uses: the id with the next free number after it. */
function idFixes(doc: TextDocument, analysis: DocumentAnalysis, d: Diagnostic, caseIds: () => ReadonlySet<string>): CodeAction[] {
  const c = analysis.cases.find((x) => x.idRange && rangesEqual(x.idRange, d.range));
  if (!c?.idRange) return [];
  const taken = caseIds();
  let n = 2;
  while (taken.has(`${c.id}-${n}`)) n++;
  const id = `${c.id}-${n}`;
  return [fix(`Rename this case's id to "${id}" (unused in the workspace)`, doc.uri, d, [{ range: c.idRange, newText: id }], true)];
}

function rangesEqual(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
