// brat standoff (brat.nlplab.org/standoff.html): for each note a `.txt` (its plain text,
// plainText.ts) and an `.ann` beside it. Offsets are code points, as brat (Python) counts.
//   T  an entity: Drug, Dose, Day or Lab; a label across lines is a discontinuous span,
//      one fragment a line, since brat spans may not cross a line break;
//   A  the Status of a drug or dose (given, planned, not-given, stopped, unknown);
//   N  a code: ATC, RxNorm, LOINC, and the UCUM unit of a dose or lab;
//   #  AnnotatorNotes: the normalized value, unit and study day, readable.
import type { ExportAnnotation } from './types.ts';
import type { PlainAnnotation, PlainNote } from './plainText.ts';
import { statusOf } from './infons.ts';

const TYPES: Record<ExportAnnotation['kind'], string> = { drug: 'Drug', dose: 'Dose', day: 'Day', lab: 'Lab' };

/** brat's annotation.conf for these files, so the folder opens in brat as it is. */
export const BRAT_CONF = `# CaseMark entities (written by casemark export --format brat)
[entities]
Drug
Dose
Day
Lab

[relations]

[events]

[attributes]
Status\tArg:<ENTITY>, Value:given|planned|not-given|stopped|unknown
`;

/** Line-free fragments of a span, in code points (empty fragments dropped; an empty span stays one). */
function fragments(p: PlainAnnotation): [number, number, string][] {
  const out: [number, number, string][] = [];
  let at = p.span.start;
  for (const piece of p.text.split(/(\r\n|\r|\n)/)) {
    const length = [...piece].length;
    if (piece && !/^(\r\n|\r|\n)$/.test(piece)) out.push([at, at + length, piece]);
    at += length;
  }
  return out.length ? out : [[p.span.start, p.span.start, '']];
}

function oneLine(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ');
}

function notes(a: ExportAnnotation): string {
  const n = a.normalized as unknown as Record<string, unknown> | null;
  const parts: string[] = [];
  if (n && a.kind !== 'day') {
    if (n.name !== undefined) parts.push(`name=${String(n.name)}`);
    if (n.value !== undefined && n.value !== null) parts.push(`value=${String(n.value)}${n.valueEnd !== null && n.valueEnd !== undefined ? `-${String(n.valueEnd)}` : ''}`);
    if (n.comparator) parts.push(`comparator=${String(n.comparator)}`);
    if (n.unit) parts.push(`unit=${String(n.unit)}`);
    if (n.result) parts.push(`result=${String(n.result)}`);
    if (n.drug) parts.push(`drug=${String(n.drug)}`);
    if (n.flag) parts.push(`flag=${String(n.flag)}`);
  }
  if (a.day !== null) parts.push(`day=${a.day}${a.dayEnd !== null ? `-${a.dayEnd}` : ''}`);
  if (!n) parts.push('not normalized');
  return oneLine(parts.join(' '));
}

function codes(a: ExportAnnotation): [string, string][] {
  const n = a.normalized as unknown as Record<string, unknown> | null;
  if (!n) return [];
  const out: [string, string][] = [];
  if (a.kind === 'drug' && n.atc) out.push(['ATC', String(n.atc)]);
  if (a.kind === 'drug' && n.rxcui) out.push(['RxNorm', String(n.rxcui)]);
  if (a.kind === 'lab' && n.loinc) out.push(['LOINC', String(n.loinc)]);
  if ((a.kind === 'dose' || a.kind === 'lab') && typeof n.unit === 'string' && n.unit) out.push(['UCUM', n.unit]);
  return out;
}

/** The `.ann` file of a note, a line at a time. */
export function* bratAnnPieces(plain: PlainNote): Generator<string> {
  let t = 0;
  let attr = 0;
  let norm = 0;
  let note = 0;
  for (const part of plain.parts) {
    for (const p of part.annotations) {
      const id = `T${++t}`;
      const frags = fragments(p);
      const lines = [`${id}\t${TYPES[p.annotation.kind]} ${frags.map(([s, e]) => `${s} ${e}`).join(';')}\t${frags.map((f) => f[2]).join(' ')}`];
      const status = statusOf(p.annotation);
      if (status) lines.push(`A${++attr}\tStatus ${id} ${status}`);
      const name = (p.annotation.normalized as { name?: unknown } | null)?.name;
      for (const [db, code] of codes(p.annotation)) lines.push(`N${++norm}\tReference ${id} ${db}:${code.replace(/\s+/g, '_')}\t${oneLine(db === 'UCUM' ? code : String(name ?? code))}`);
      lines.push(`#${++note}\tAnnotatorNotes ${id}\t${notes(p.annotation)}`);
      yield lines.join('\n') + '\n';
    }
  }
}
