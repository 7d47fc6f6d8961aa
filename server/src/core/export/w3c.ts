// W3C Web Annotation Data Model (JSON-LD): one Annotation per CaseMark annotation, targeting
// the note with a TextQuoteSelector and a TextPositionSelector (code point offsets, as the
// model requires), the normalized value as its body. The collection lists each note's
// sha256, so a consumer can tell that a note changed since the export (a stale export).
import type { CaseMarkExport, ExportAnnotation } from './types.ts';
import { stableUuid } from './ids.ts';
import { noteHash } from './hash.ts';
import { LineIndex } from '../parse/lines.ts';
import { CodePointCounter } from './plainText.ts';
import { lazy } from './jsonStream.ts';
import { countAnnotations } from './count.ts';

/** The Web Annotation context, plus CaseMark's two terms for the note hashes. */
const CONTEXT = ['http://www.w3.org/ns/anno.jsonld', { casemark: 'https://casemark.dev/ns#', notes: 'casemark:notes', sha256: 'casemark:sha256' }];

const CONTEXT_CHARS = 32;

/** Moves an offset off the middle of a surrogate pair, so quotes never split a character. */
function whole(text: string, offset: number, direction: -1 | 1): number {
  const c = text.charCodeAt(offset);
  const before = text.charCodeAt(offset - 1);
  return offset > 0 && (c & 0xfc00) === 0xdc00 && (before & 0xfc00) === 0xd800 ? offset + direction : offset;
}

function annotation(path: string, caseId: string | null, a: ExportAnnotation, i: number, text: string | undefined, index: LineIndex | undefined, points: CodePointCounter | undefined): Record<string, unknown> {
  const selectors: unknown[] = [];
  if (text !== undefined && index && points) {
    const start = index.offset(a.range.start);
    const end = index.offset(a.range.end);
    selectors.push({
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(whole(text, Math.max(0, start - CONTEXT_CHARS), 1), start),
      suffix: text.slice(end, whole(text, Math.min(text.length, end + CONTEXT_CHARS), -1)),
    });
    selectors.push({ type: 'TextPositionSelector', start: points.of(start), end: points.of(end) });
  }
  return {
    id: `urn:uuid:${stableUuid(`${path}#${caseId ?? ''}/${i}/${a.range.start.line}:${a.range.start.character}`)}`,
    type: 'Annotation',
    motivation: 'describing',
    body: [
      { type: 'TextualBody', purpose: 'tagging', value: a.kind },
      { type: 'TextualBody', purpose: 'describing', format: 'application/json', value: JSON.stringify({ case: caseId, day: a.day, dayEnd: a.dayEnd, ...(a.status ? { status: a.status } : {}), normalized: a.normalized }) },
    ],
    target: { source: path, type: 'Text', format: 'text/markdown', selector: selectors },
  };
}

function* items(exp: CaseMarkExport, texts: Map<string, string>): Generator<unknown> {
  for (const doc of exp.documents) {
    // The position maps of a note are made once, then every annotation of it is looked up.
    const text = texts.get(doc.path);
    const index = text === undefined ? undefined : new LineIndex(text);
    const points = text === undefined ? undefined : new CodePointCounter(text);
    let i = 0;
    for (const a of doc.unassigned) yield annotation(doc.path, null, a, i++, text, index, points);
    for (const c of doc.cases) for (const a of c.annotations) yield annotation(doc.path, c.id, a, i++, text, index, points);
  }
}

/** The collection, its annotations made one at a time as it is written (jsonStream.ts). */
export function w3cCollection(exp: CaseMarkExport, texts: Map<string, string>): Record<string, unknown> {
  const notes: unknown[] = [];
  for (const doc of exp.documents) {
    const text = texts.get(doc.path);
    if (text !== undefined) notes.push({ source: doc.path, sha256: noteHash(text) });
  }
  return {
    '@context': CONTEXT,
    type: 'AnnotationCollection',
    label: 'CaseMark annotations',
    total: countAnnotations(exp),
    notes,
    first: { type: 'AnnotationPage', startIndex: 0, items: lazy(items(exp, texts)) },
  };
}
