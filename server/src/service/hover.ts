// Hover: what CaseMark read from an annotation, in words a curator checks against the
// paper (not JSON): the normalized drug, dose, day or lab, and which :day dated it and why.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type {
  Annotation,
  Case,
  DayNormalized,
  DayRule,
  DocumentAnalysis,
  DoseNormalized,
  DrugNormalized,
  LabNormalized,
  Lexicon,
} from '../core/index.ts';
import { displayUnit } from '../core/normalize/units.ts';
import { annotationAt, caseAt, dayAnnotationStartingAt, rangeContains } from './positions.ts';

const STATUS_WORDS: Record<string, string> = { planned: 'planned, not (yet) given', 'not-given': 'not given', stopped: 'stopped', unknown: 'unknown whether given' };
const PERIODS: Record<string, string> = { d: 'day', wk: 'week', mo: 'month', h: 'hour', min: 'minute' };

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e9 || (Math.abs(n) < 1e-4 && n !== 0)) return n.toExponential(3).replace(/\.?0+e/, 'e');
  return n.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

function span(value: number | null, end: number | null): string {
  if (value === null) return '';
  return end !== null && end !== value ? `${formatNumber(value)}–${formatNumber(end)}` : formatNumber(value);
}

const RULES: Record<DayRule, string> = {
  attribute: 'its own `day=` attribute',
  clause: 'the `:day` of its clause',
  sentence: 'a `:day` in its sentence',
  block: 'an earlier `:day` in its paragraph',
  heading: 'the `:day` of the heading above it',
};

export function dayLabel(day: number, dayEnd: number | null, precision: DayNormalized['precision'] | undefined): string {
  const approx = precision && precision !== 'day' ? '≈ ' : '';
  return `${approx}day ${span(day, dayEnd)}`;
}

function drugLines(n: DrugNormalized): string[] {
  const lines = [`**${n.name}**${n.class ? ` — ${n.class}` : ''}`];
  if (n.targets.length) lines.push(`Targets: ${n.targets.join(', ')}`);
  const atc = [n.atc, ...(n.atcAlso ?? [])].filter(Boolean).join(', ');
  lines.push(`${n.drugKind === 'class' ? 'ATC group' : 'ATC'}: ${atc || '—'} · RxNorm: ${n.rxcui ?? '—'} · key \`${n.key}\``);
  return lines;
}

function doseLines(n: DoseNormalized, lexicon: Lexicon): string[] {
  const cmp = n.comparator ? `${n.comparator} ` : '';
  const lines = [`**${cmp}${span(n.value, n.valueEnd)} ${displayUnit(n.unit)}** (UCUM \`${n.unit}\`)`];
  const orig = n.original;
  if (orig.unit !== n.unit || orig.value !== n.value) lines.push(`As written: ${span(orig.value, orig.valueEnd)} ${orig.unit}${orig.ucum && orig.ucum !== orig.unit ? ` (UCUM \`${orig.ucum}\`)` : ''}`);
  if (n.period) lines.push(`Per ${PERIODS[n.period] ?? n.period}, as printed (a period is never converted)`);
  const drug = n.drug ? (lexicon.drug(n.drug)?.name ?? n.drug) : null;
  lines.push(`Drug: ${drug ?? '— (no drug found for this dose)'}`);
  if (n.route) lines.push(`Route: ${n.route}`);
  if (n.freq) lines.push(`Frequency: ${n.freq}`);
  return lines;
}

function dayLines(n: DayNormalized, c: Case | undefined): string[] {
  const lines = [`**${dayLabel(n.day, n.dayEnd, n.precision)}**${n.precision !== 'day' ? ` (${n.precision} precision, rounded to the nearest day)` : ''}`];
  if (n.from) {
    const anchor = c?.anchors.find((a) => a.name === n.from);
    lines.push(`Counted from anchor \`#${n.from}\`${anchor?.day != null ? ` (day ${formatNumber(anchor.day)})` : ''}: ${formatNumber(n.relative)} after it`);
  }
  if (n.anchor) lines.push(`Defines anchor \`#${n.anchor}\``);
  return lines;
}

function labLines(n: LabNormalized): string[] {
  const cmp = n.comparator ? `${n.comparator} ` : '';
  let value: string;
  if (n.valueKind === 'qualitative') value = n.result ?? '—';
  else if (n.valueKind === 'titer') value = `titer ${n.result ?? span(n.value, n.valueEnd)}`;
  else if (n.valueKind === 'score') value = `score ${n.result ?? `${span(n.value, n.valueEnd)}${n.scoreMax != null ? `/${n.scoreMax}` : ''}`}`;
  else if (n.valueKind === 'grade') value = `${n.result ?? `grade ${n.value}`}${n.scoreMax != null ? ` (of ${n.scoreMax})` : ''}`;
  else value = `${cmp}${span(n.value, n.valueEnd)}${n.unit ? ` ${displayUnit(n.unit)}` : ''}`;
  const lines = [`**${n.name}**: ${value}`];
  if (n.valueKind === 'quantity' && n.original.unit && (n.original.unit !== n.unit || n.original.value !== n.value)) {
    lines.push(`As written: ${n.original.value !== null ? formatNumber(n.original.value) : '—'} ${n.original.unit}`);
  }
  lines.push(`LOINC: ${n.loinc ?? '—'} · key \`${n.key}\``);
  const from = n.referenceSource === 'attribute' ? ' (the paper\'s limit, given here)' : n.referenceSource === 'carried' ? ' (the paper\'s limit, given earlier in this case)' : n.referenceSource === 'lexicon' ? ' (typical adult values)' : '';
  if (n.lln !== null || n.uln !== null) lines.push(`Reference interval: ${n.lln !== null ? formatNumber(n.lln) : '…'}–${n.uln !== null ? formatNumber(n.uln) : '…'}${n.unit ? ` ${displayUnit(n.unit)}` : ''}${from}`);
  const derived: string[] = [];
  if (n.xUln !== null) derived.push(`${formatNumber(Math.round(n.xUln * 10) / 10)} × ULN`);
  if (n.flag) derived.push(n.flag === 'normal' ? 'normal' : `**${n.flag}**`);
  if (derived.length) lines.push(derived.join(' · '));
  else if (n.comparator && (n.lln !== null || n.uln !== null)) lines.push(`No flag: \`${n.comparator} ${formatNumber(n.value ?? 0)}\` does not prove the value in or out of the interval`);
  return lines;
}

function datedLines(a: Annotation, analysis: DocumentAnalysis): string[] {
  if (a.kind === 'day') return [];
  if (a.day === null) return ['_Undated: no `:day` applies to this fact._'];
  const by = a.datedBy;
  const source = by ? dayAnnotationStartingAt(analysis, by.range.start) : undefined;
  const precision = source?.normalized && 'precision' in source.normalized ? source.normalized.precision : undefined;
  const when = dayLabel(a.day, a.dayEnd, precision);
  if (!by) return [`Dated: ${when}`];
  const where = by.rule === 'attribute' ? `\`day=${by.text}\`` : `\`:day[${by.text}]\` on line ${by.range.start.line + 1}`;
  return [`Dated ${when} by ${where}, ${RULES[by.rule] ?? by.rule}`];
}

function caseHover(c: Case): string {
  const counts = { drug: 0, dose: 0, day: 0, lab: 0 };
  for (const a of c.annotations) counts[a.kind]++;
  const attrs = Object.entries(c.attributes).map(([k, v]) => `${k}: ${v}`);
  return [
    `**Case \`${c.id}\`**${c.implicit ? ' (whole file)' : ''} — ${c.title || 'untitled'}`,
    ...(attrs.length ? [attrs.join(' · ')] : []),
    `${counts.drug} drugs · ${counts.dose} doses · ${counts.day} days · ${counts.lab} labs · ${c.anchors.length} anchors`,
  ].join('  \n');
}

export function provideHover(analysis: DocumentAnalysis, pos: Position, lexicon: Lexicon): Hover | null {
  const a = annotationAt(analysis, pos);
  if (!a) {
    const c = caseAt(analysis, pos);
    if (c && !c.implicit && rangeContains(c.headerRange, pos)) return { contents: { kind: MarkupKind.Markdown, value: caseHover(c) }, range: c.headerRange };
    return null;
  }
  const c = a.caseId !== null ? analysis.cases.find((x) => x.id === a.caseId) : undefined;
  const n = a.normalized;
  let lines: string[];
  if (!n) lines = [`\`:${a.kind}[${a.text}]\` — not normalized (see the diagnostic on it)`];
  else if (a.kind === 'drug') lines = drugLines(n as DrugNormalized);
  else if (a.kind === 'dose') lines = doseLines(n as DoseNormalized, lexicon);
  else if (a.kind === 'day') lines = dayLines(n as DayNormalized, c);
  else lines = labLines(n as LabNormalized);
  if (a.status && a.status !== 'given') lines.unshift(`**Status: ${STATUS_WORDS[a.status] ?? a.status}**`);
  if (a.kind === 'drug' && a.attributes.role) lines.push(`Role: ${a.attributes.role}`);
  lines.push(...datedLines(a, analysis));
  if (a.caseId === null && analysis.cases.some((x) => !x.implicit)) lines.push('_Outside any case._');
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('  \n') }, range: a.range };
}
