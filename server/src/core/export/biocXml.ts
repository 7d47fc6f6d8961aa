// BioC XML, valid against the BioC DTD (BioC.dtd of the BioC project): the collection of
// bioc.ts, element for element. Written directly rather than through an XML builder because
// offsets must survive a reader: a carriage return is written as `&#13;` (XML readers turn a
// literal CR LF into LF, which would shift every later offset), and the few characters XML
// 1.0 forbids (C0 controls, lone surrogates) become U+FFFD, one code point for one.
import type { BiocAnnotation, BiocCollectionStream, BiocDocumentStream, BiocPassage } from './bioc.ts';
import type { Infons } from './infons.ts';

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(FORBIDDEN, '\uFFFD').replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

function attribute(value: string): string {
  return text(value).replace(/["\t\n]/g, (c) => (c === '"' ? '&quot;' : c === '\t' ? '&#9;' : '&#10;'));
}

function* infons(indent: string, values: Infons): Generator<string> {
  for (const [k, v] of Object.entries(values)) yield `${indent}<infon key="${attribute(k)}">${text(v)}</infon>\n`;
}

function* annotation(a: BiocAnnotation): Generator<string> {
  yield `      <annotation id="${attribute(a.id)}">\n`;
  yield* infons('        ', a.infons);
  for (const l of a.locations) yield `        <location offset="${l.offset}" length="${l.length}"/>\n`;
  yield `        <text>${text(a.text)}</text>\n      </annotation>\n`;
}

function* passage(p: BiocPassage): Generator<string> {
  yield '    <passage>\n';
  yield* infons('      ', p.infons);
  yield `      <offset>${p.offset}</offset>\n      <text>${text(p.text)}</text>\n`;
  for (const a of p.annotations) yield* annotation(a);
  yield '    </passage>\n';
}

function* document(d: BiocDocumentStream): Generator<string> {
  yield `  <document>\n    <id>${text(d.id)}</id>\n`;
  yield* infons('    ', d.infons);
  for (const p of d.passages.items) yield* passage(p);
  yield '  </document>\n';
}

/** The XML of a collection (bioc.ts), written a document and a passage at a time. */
export function* biocXmlPieces(c: BiocCollectionStream): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE collection SYSTEM "BioC.dtd">\n<collection>\n';
  yield `  <source>${text(c.source)}</source>\n  <date>${text(c.date)}</date>\n  <key>${text(c.key)}</key>\n`;
  yield* infons('  ', c.infons);
  for (const d of c.documents.items) yield* document(d);
  yield '</collection>\n';
}
