// BioC JSON, BioC XML and brat exports, read back by real readers: the XML validated against
// the BioC DTD by libxml2 and parsed by xmldom, the JSON against a BioC JSON schema, the brat
// .ann checked offset by offset against its .txt. Offsets are Unicode code points, so the
// notes include emoji, Greek letters, superscripts, CRLF line breaks and labels across lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import Ajv from 'ajv';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { ParseOption, XmlBufferInputProvider, XmlDocument, xmlRegisterInputProvider } from 'libxml2-wasm';
import { buildExport, exportFiles, formatExport, type CaseMarkExport, type DocumentAnalysis } from '../../server/src/core/index.ts';
import type { BiocCollection } from '../../server/src/core/export/bioc.ts';
import { CodePointCounter } from '../../server/src/core/export/plainText.ts';
import schema from '../fixtures/bioc/bioc.schema.json' with { type: 'json' };
import { analyse, random } from './helpers.ts';

const DTD = new Uint8Array(readFileSync('test/fixtures/bioc/BioC.dtd'));
xmlRegisterInputProvider(new XmlBufferInputProvider({ 'file:///bioc/BioC.dtd': DTD }));
const validateJson = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** A note whose offsets differ in bytes, UTF-16 units and code points. */
const UNICODE = [
  '---',
  'title: "Ωmega 🧬 report: IL-6 ≥ 10⁹"',
  'doi: 10.1000/ünï-😀',
  '---',
  '',
  '# Ελληνικά 👩‍⚕️ and 🇩🇪 notes',
  '',
  '::case[Case α — 🧪 Ψ]{#uni-1 age=30 sex=F dx="myositis ✓"}',
  '',
  'On :day[0] 👩🏽‍🔬 gave :drug[rituximab]{role=therapy} 🎉 at :dose[375 mg/m²] (β-cells ↓),',
  'then 🦠 :lab[CK 13,600 U/L] ⚠️ and :lab[CRP 5 mg/L]{uln=5} — ½ dose 💊 :dose[1 g]{drug=rituximab}.',
  'Anti-Jo-1 :lab[anti-Jo-1 1:320] 😷; μ-test ∑ on :day[week 2], :drug[toci',
  'lizumab] spans 2 lines 🧵.',
  '',
  '::case[Case β 🅱️]{#uni-2}',
  '',
  ':drug[zzzq 🐉] :dose[5 zorks] :lab[IgG 10⁹ 𝔤/L] :day[never 🙃] :dose[]',
  '',
].join('\n');

function examples(): { path: string; text: string }[] {
  return readdirSync('examples')
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ path: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') }));
}

function exportOfNotes(notes: { path: string; text: string }[]): { exp: CaseMarkExport; texts: Map<string, string>; analyses: DocumentAnalysis[] } {
  const analyses = notes.map((n) => analyse(n.text, { uri: `file:///notes/${n.path}` }));
  const exp = buildExport(analyses);
  const texts = new Map(notes.map((n, i) => [analyses[i].path, n.text]));
  return { exp, texts, analyses };
}

const NOTES: [string, { path: string; text: string }[]][] = [
  ['the example notes', examples()],
  ['a note of emoji, Greek letters and superscripts', [{ path: 'unicode.md', text: UNICODE }]],
  ['the same note with CRLF line breaks', [{ path: 'crlf.md', text: UNICODE.replace(/\n/g, '\r\n') }]],
];

function total(exp: CaseMarkExport): number {
  return exp.documents.reduce((n, d) => n + d.unassigned.length + d.cases.reduce((k, c) => k + c.annotations.length, 0), 0);
}

/** Code-point slice. */
function slice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}

/** Every exported annotation's directive as written in the note, in document order. */
function directives(exp: CaseMarkExport, path: string, note: string): { kind: string; source: string }[] {
  const lines = note.split(/(?<=\r\n|\n)/);
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).join('').length + p.character;
  const d = exp.documents.find((x) => x.path === path)!;
  return [...d.unassigned, ...d.cases.flatMap((c) => c.annotations)].map((a) => ({ kind: a.kind, source: note.slice(offset(a.range.start), offset(a.range.end)) }));
}

function children(e: Element, name: string): Element[] {
  return Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).tagName === name);
}

describe('BioC', () => {
  for (const [what, notes] of NOTES) {
    it(`JSON of ${what}: valid, code-point offsets, text equal to its slice`, () => {
      const { exp, texts } = exportOfNotes(notes);
      const col = JSON.parse(formatExport(exp, 'bioc', texts)) as BiocCollection;
      assert.ok(validateJson(col), JSON.stringify(validateJson.errors?.slice(0, 3)));
      let n = 0;
      for (const d of col.documents) {
        const note = texts.get(d.id)!;
        assert.equal(d.infons.sha256, createHash('sha256').update(note).digest('hex'));
        const seen: BiocCollection['documents'][number]['passages'][number]['annotations'] = [];
        for (const p of d.passages) {
          for (const a of p.annotations) {
            n++;
            const [loc] = a.locations;
            assert.equal(slice(p.text, loc.offset - p.offset, loc.offset - p.offset + loc.length), a.text, `${d.id} ${a.id}`);
            seen.push(a);
          }
        }
        // Each annotation's text is its label exactly as written between the brackets.
        const written = directives(exp, d.id, note);
        assert.equal(seen.length, written.length);
        seen.forEach((a, i) => {
          assert.equal(a.infons.type, written[i].kind);
          assert.ok(written[i].source.startsWith(`:${a.infons.type}[${a.text}]`), `${JSON.stringify(written[i].source)} has label ${JSON.stringify(a.text)}`);
        });
      }
      assert.equal(n, total(exp));
    });

    it(`XML of ${what}: valid against the BioC DTD and read back with the same offsets`, () => {
      const { exp, texts } = exportOfNotes(notes);
      const xml = formatExport(exp, 'bioc-xml', texts);
      const checked = XmlDocument.fromString(xml, { url: 'file:///bioc/export.xml', option: ParseOption.XML_PARSE_DTDVALID | ParseOption.XML_PARSE_NONET });
      checked.dispose();
      const json = JSON.parse(formatExport(exp, 'bioc', texts)) as BiocCollection;
      const dom = new DOMParser().parseFromString(xml, 'text/xml');
      const docs = Array.from(dom.getElementsByTagName('document'));
      assert.equal(docs.length, json.documents.length);
      docs.forEach((d, i) => {
        const passages = children(d, 'passage');
        assert.equal(passages.length, json.documents[i].passages.length);
        passages.forEach((p, j) => {
          const offset = Number(children(p, 'offset')[0].textContent);
          const text = children(p, 'text')[0].textContent ?? '';
          assert.equal(offset, json.documents[i].passages[j].offset);
          assert.equal(text, json.documents[i].passages[j].text, 'passage text survives the XML reader (CR included)');
          for (const a of children(p, 'annotation')) {
            const loc = children(a, 'location')[0];
            const start = Number(loc.getAttribute('offset')) - offset;
            assert.equal(slice(text, start, start + Number(loc.getAttribute('length'))), children(a, 'text')[0].textContent);
          }
        });
      });
    });
  }

  it('puts codes in annotation infons and the front matter and case attributes in document infons', () => {
    const { exp, texts } = exportOfNotes([{ path: 'unicode.md', text: UNICODE }]);
    const col = JSON.parse(formatExport(exp, 'bioc', texts)) as BiocCollection;
    const d = col.documents[0];
    assert.equal(d.infons.title, 'Ωmega 🧬 report: IL-6 ≥ 10⁹');
    assert.equal(d.infons.doi, '10.1000/ünï-😀');
    assert.equal(d.infons['case.uni-1.age'], '30');
    assert.equal(d.infons['case.uni-1.dx'], 'myositis ✓');
    assert.equal(d.passages[0].infons.type, 'preamble');
    assert.deepEqual([d.passages[1].infons.type, d.passages[1].infons.case, d.passages[1].infons.sex], ['case', 'uni-1', 'F']);
    assert.ok(d.passages[1].text.startsWith('Case α — 🧪 Ψ\n'), 'the ::case line becomes its title');
    assert.ok(!/:drug\[|\]\{|::case/.test(col.documents[0].passages.map((p) => p.text).join('')), 'no directive markup left');
    const all = d.passages.flatMap((p) => p.annotations);
    const ritux = all.find((a) => a.text === 'rituximab')!;
    assert.equal(ritux.infons.type, 'drug');
    assert.equal(ritux.infons.atc, 'L01FA01');
    assert.equal(ritux.infons.identifier, 'ATC:L01FA01');
    assert.equal(ritux.infons.day, '0');
    assert.equal(ritux.infons['attribute.role'], 'therapy');
    const ck = all.find((a) => a.text === 'CK 13,600 U/L')!;
    assert.deepEqual([ck.infons.loinc, ck.infons.value, ck.infons.unit], ['2157-6', '13600', 'U/L']);
    const dose = all.find((a) => a.text === '375 mg/m²')!;
    assert.equal(dose.infons.unit, 'mg/m2');
    assert.equal(all.find((a) => a.text === '5 zorks')!.infons.normalized, 'false');
    // The label across two lines keeps its line break, at the right place.
    assert.ok(all.some((a) => a.text === 'toci\nlizumab'));
    assert.ok(all.some((a) => a.text === ''), 'an empty label is kept as an empty annotation');
  });
});

/** Reads a brat .ann: entity id → type, fragments and text. */
function readAnn(ann: string): Map<string, { type: string; fragments: [number, number][]; text: string }> {
  const out = new Map<string, { type: string; fragments: [number, number][]; text: string }>();
  for (const line of ann.split('\n').filter(Boolean)) {
    // As brat reads it: id, then type and offsets, then the rest of the line (tabs included).
    const [id, middle, ...rest] = line.split('\t');
    const text = rest.join('\t');
    assert.ok(/^[TANR#]\d+$/.test(id), line);
    if (!id.startsWith('T')) continue;
    const [type, ...offsets] = middle.split(' ');
    const fragments = offsets.join(' ').split(';').map((f) => f.split(' ').map(Number) as [number, number]);
    out.set(id, { type, fragments, text });
  }
  return out;
}

describe('brat', () => {
  for (const [what, notes] of NOTES) {
    it(`standoff of ${what}: every offset checked against the .txt`, () => {
      const { exp, texts } = exportOfNotes(notes);
      const files = new Map(exportFiles(exp, 'brat', texts).map((f) => [f.path, f.content]));
      assert.ok(files.get('annotation.conf')?.includes('[entities]'));
      let n = 0;
      for (const d of exp.documents) {
        const base = d.path.replace(/\.md$/, '');
        const txt = files.get(`${base}.txt`)!;
        const entities = readAnn(files.get(`${base}.ann`)!);
        for (const [id, e] of entities) {
          n++;
          for (const [s, end] of e.fragments) assert.ok(!/[\r\n]/.test(slice(txt, s, end)), `${id} fragment crosses a line`);
          assert.equal(e.fragments.map(([s, end]) => slice(txt, s, end)).join(' '), e.text, `${base} ${id}`);
        }
      }
      assert.equal(n, total(exp));
    });
  }

  it('writes status, codes and values beside each entity', () => {
    const { exp, texts } = exportOfNotes([{ path: 'unicode.md', text: UNICODE }]);
    const ann = exportFiles(exp, 'brat', texts).find((f) => f.path === 'unicode.ann')!.content;
    const t = /^(T\d+)\tDrug \d+ \d+\trituximab$/m.exec(ann)![1];
    assert.match(ann, new RegExp(`^A\\d+\\tStatus ${t} given$`, 'm'));
    assert.match(ann, new RegExp(`^N\\d+\\tReference ${t} ATC:L01FA01\\trituximab$`, 'm'));
    assert.match(ann, /^N\d+\tReference T\d+ LOINC:2157-6\t/m);
    assert.match(ann, /^#\d+\tAnnotatorNotes T\d+\tname=creatine kinase value=13600 unit=U\/L/m);
    assert.match(ann, /^T\d+\tDrug \d+ \d+;\d+ \d+\ttoci lizumab$/m);
  });
});

describe('standoff exports of CaseMark-ish soup', () => {
  it('never throw, keep every annotation, and keep every offset right', () => {
    const rnd = random(23);
    const parts = [':drug[', ':dose[', ':day[', ':lab[', ']', '{', '}', '{status=not-given}', '#a', ' ', '\n', '\r\n', '\n\n', '```', '::case[x 😀]{#c}', '::case[', '|', '𝔤', '👩‍⚕️', 'Ω', '¹', '\u0007', '<&>', ']]>', '`', '---\n', '5,2 mg', 'CK 5 U/L', '\\]', '\t'];
    for (let i = 0; i < 150; i++) {
      let text = '';
      for (let j = 0; j < 50; j++) text += parts[Math.floor(rnd() * parts.length)];
      const { exp, texts } = exportOfNotes([{ path: `soup${i}.md`, text }]);
      const col = JSON.parse(formatExport(exp, 'bioc', texts)) as BiocCollection;
      assert.ok(validateJson(col), JSON.stringify(validateJson.errors?.slice(0, 3)));
      const anns = col.documents[0].passages.flatMap((p) => p.annotations.map((a) => ({ a, p })));
      assert.equal(anns.length, total(exp), JSON.stringify(text));
      for (const { a, p } of anns) {
        const start = a.locations[0].offset - p.offset;
        assert.equal(slice(p.text, start, start + a.locations[0].length), a.text, JSON.stringify(text));
      }
      XmlDocument.fromString(formatExport(exp, 'bioc-xml', texts), { url: 'file:///bioc/export.xml', option: ParseOption.XML_PARSE_DTDVALID | ParseOption.XML_PARSE_NONET }).dispose();
      const files = new Map(exportFiles(exp, 'brat', texts).map((f) => [f.path, f.content]));
      const txt = files.get(`soup${i}.txt`)!;
      const entities = readAnn(files.get(`soup${i}.ann`)!);
      assert.equal(entities.size, total(exp));
      for (const e of entities.values()) assert.equal(e.fragments.map(([s, end]) => slice(txt, s, end)).join(' '), e.text, JSON.stringify(text));
    }
  });
});

describe('code points', () => {
  it('are counted right whichever order the offsets come in', () => {
    const rnd = random(5);
    const text = UNICODE.repeat(3);
    const counter = new CodePointCounter(text);
    const boundaries = [...text].reduce<number[]>((acc, ch) => [...acc, acc[acc.length - 1] + ch.length], [0]);
    for (let i = 0; i < 500; i++) {
      const k = Math.floor(rnd() * boundaries.length);
      assert.equal(counter.of(boundaries[k]), k);
    }
  });
});
