// W3C Web Annotation Data Model (JSON-LD): one Annotation per CaseMark annotation, targeting
// the note with a TextQuoteSelector and a TextPositionSelector (code point offsets, as the
// model requires), the normalized value as its body.
import type { CaseMarkExport, ExportAnnotation } from './types.ts';
import { stableUuid } from './ids.ts';
import { LineIndex } from '../parse/lines.ts';

const CONTEXT_CHARS = 32;

/** Code point index of a UTF-16 offset. */
function codePoints(text: string, offset: number): number {
  let n = offset;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < offset) {
      i++;
      n--;
    }
  }
  return n;
}

function annotation(path: string, caseId: string | null, a: ExportAnnotation, i: number, text: string | undefined, index: LineIndex | undefined): Record<string, unknown> {
  const selectors: unknown[] = [];
  if (text !== undefined && index) {
    const start = index.offset(a.range.start);
    const end = index.offset(a.range.end);
    selectors.push({
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
      suffix: text.slice(end, end + CONTEXT_CHARS),
    });
    selectors.push({ type: 'TextPositionSelector', start: codePoints(text, start), end: codePoints(text, end) });
  }
  return {
    id: `urn:uuid:${stableUuid(`${path}#${caseId ?? ''}/${i}/${a.range.start.line}:${a.range.start.character}`)}`,
    type: 'Annotation',
    motivation: 'describing',
    body: [
      { type: 'TextualBody', purpose: 'tagging', value: a.kind },
      { type: 'TextualBody', purpose: 'describing', format: 'application/json', value: JSON.stringify({ case: caseId, day: a.day, dayEnd: a.dayEnd, normalized: a.normalized }) },
    ],
    target: { source: path, type: 'Text', format: 'text/markdown', selector: selectors },
  };
}

export function toW3c(exp: CaseMarkExport, texts: Map<string, string>): Record<string, unknown> {
  const items: unknown[] = [];
  for (const doc of exp.documents) {
    const text = texts.get(doc.path);
    const index = text === undefined ? undefined : new LineIndex(text);
    let i = 0;
    for (const a of doc.unassigned) items.push(annotation(doc.path, null, a, i++, text, index));
    for (const c of doc.cases) for (const a of c.annotations) items.push(annotation(doc.path, c.id, a, i++, text, index));
  }
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    label: 'CaseMark annotations',
    total: items.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
  };
}
