// String key/value metadata for the standoff formats (BioC infons, brat notes): what the
// note's front matter, a case and an annotation say, flattened to strings. Every field of
// `normalized` is kept under its own name, so fields added to the model later come along.
import type { ExportAnnotation, ExportCase, ExportDocument } from './types.ts';

export type Infons = Record<string, string>;

function put(out: Infons, key: string, value: unknown): void {
  if (value === null || value === undefined || key in out) return;
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== null && v !== undefined && typeof v !== 'object');
    if (items.length) out[key] = items.map(String).join('; ');
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) put(out, `${key}.${k}`, v);
  } else out[key] = String(value);
}

/** The status of a drug or dose (spec 1.1: default `given`), undefined for days and labs. */
export function statusOf(a: ExportAnnotation): string | undefined {
  if (a.kind !== 'drug' && a.kind !== 'dose') return undefined;
  return a.status ?? 'given';
}

/** The main code of an annotation as `SYSTEM:code` (ATC, then RxNorm, for drugs; LOINC for labs). */
export function identifierOf(a: ExportAnnotation): string | null {
  const n = a.normalized as unknown as Record<string, unknown> | null;
  if (!n) return null;
  if (a.kind === 'drug') return n.atc ? `ATC:${String(n.atc)}` : n.rxcui ? `RxNorm:${String(n.rxcui)}` : null;
  if (a.kind === 'lab') return n.loinc ? `LOINC:${String(n.loinc)}` : null;
  return null;
}

/** An annotation's infons: type, case, identifier, day, status, normalized fields, attributes. */
export function annotationInfons(a: ExportAnnotation, caseId: string | null): Infons {
  const out: Infons = { type: a.kind };
  put(out, 'identifier', identifierOf(a));
  put(out, 'case', caseId);
  put(out, 'day', a.day);
  put(out, 'dayEnd', a.dayEnd);
  put(out, 'status', statusOf(a));
  out.normalized = a.normalized ? 'true' : 'false';
  if (a.normalized) for (const [k, v] of Object.entries(a.normalized)) put(out, k, v);
  for (const [k, v] of Object.entries(a.attributes)) put(out, `attribute.${k}`, v);
  return out;
}

/** A note's infons: its path, hash, front matter, and every case's title and attributes. */
export function documentInfons(doc: ExportDocument, sha256: string | null): Infons {
  const out: Infons = { path: doc.path };
  put(out, 'sha256', sha256);
  if (doc.source) for (const [k, v] of Object.entries(doc.source)) put(out, k, v);
  const seen = new Map<string, number>();
  for (const c of doc.cases) {
    const n = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, n);
    const prefix = `case.${c.id}${n > 1 ? `#${n}` : ''}`;
    put(out, `${prefix}.title`, c.title);
    for (const [k, v] of Object.entries(c.attributes)) put(out, `${prefix}.${k}`, v);
  }
  return out;
}

/** A case's passage infons: type `case`, its id, title and attributes. */
export function caseInfons(c: ExportCase | null): Infons {
  if (!c) return { type: 'preamble' };
  const out: Infons = { type: 'case', case: c.id, title: c.title };
  for (const [k, v] of Object.entries(c.attributes)) put(out, k in out ? `attribute.${k}` : k, v);
  return out;
}
