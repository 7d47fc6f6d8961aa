// Strips a note's inline annotations down to their labels, keeping where each one was: the
// plain text a curator starts from, and what the curator then annotated. Used to measure
// suggestions against real curation (bench/suggest.bench.ts, test/core/suggest.test.ts).
import type { AnnotationKind } from '../model.ts';
import { maskNote } from './mask.ts';

export interface StrippedAnnotation {
  kind: AnnotationKind;
  start: number;
  end: number;
  text: string;
}

const KINDS = new Set(['drug', 'dose', 'day', 'lab']);

/** The note with every inline `:drug/:dose/:day/:lab[label]{attrs}` replaced by its label. */
export function stripAnnotations(note: string): { text: string; annotations: StrippedAnnotation[] } {
  const { directives } = maskNote(note);
  let text = '';
  let at = 0;
  const annotations: StrippedAnnotation[] = [];
  for (const d of directives) {
    if (!KINDS.has(d.name) || note.startsWith('::', d.start)) continue;
    text += note.slice(at, d.start);
    annotations.push({ kind: d.name as AnnotationKind, start: text.length, end: text.length + d.label.length, text: d.label });
    text += d.label;
    at = d.end;
  }
  return { text: text + note.slice(at), annotations };
}
