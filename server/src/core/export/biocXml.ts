// BioC XML, valid against the BioC DTD (BioC.dtd of the BioC project): the collection of
// bioc.ts, element for element. Written directly rather than through an XML builder because
// offsets must survive a reader: a carriage return is written as `&#13;` (XML readers turn a
// literal CR LF into LF, which would shift every later offset), and the few characters XML
// 1.0 forbids (C0 controls, lone surrogates) become U+FFFD, one code point for one.
import type { BiocAnnotation, BiocCollection, BiocDocument, BiocPassage } from './bioc.ts';
import type { Infons } from './infons.ts';

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(FORBIDDEN, '\uFFFD').replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

function attribute(value: string): string {
  return text(value).replace(/["\t\n]/g, (c) => (c === '"' ? '&quot;' : c === '\t' ? '&#9;' : '&#10;'));
}

function infons(out: string[], indent: string, values: Infons): void {
  for (const [k, v] of Object.entries(values)) out.push(`${indent}<infon key="${attribute(k)}">${text(v)}</infon>`);
}

function annotation(out: string[], a: BiocAnnotation): void {
  out.push(`      <annotation id="${attribute(a.id)}">`);
  infons(out, '        ', a.infons);
  for (const l of a.locations) out.push(`        <location offset="${l.offset}" length="${l.length}"/>`);
  out.push(`        <text>${text(a.text)}</text>`, '      </annotation>');
}

function passage(out: string[], p: BiocPassage): void {
  out.push('    <passage>');
  infons(out, '      ', p.infons);
  out.push(`      <offset>${p.offset}</offset>`, `      <text>${text(p.text)}</text>`);
  for (const a of p.annotations) annotation(out, a);
  out.push('    </passage>');
}

function document(out: string[], d: BiocDocument): void {
  out.push('  <document>', `    <id>${text(d.id)}</id>`);
  infons(out, '    ', d.infons);
  for (const p of d.passages) passage(out, p);
  out.push('  </document>');
}

export function toBiocXml(c: BiocCollection): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE collection SYSTEM "BioC.dtd">', '<collection>'];
  out.push(`  <source>${text(c.source)}</source>`, `  <date>${text(c.date)}</date>`, `  <key>${text(c.key)}</key>`);
  infons(out, '  ', c.infons);
  for (const d of c.documents) document(out, d);
  out.push('</collection>');
  return out.join('\n') + '\n';
}
