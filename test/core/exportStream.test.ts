// Exports are written piece by piece (exportPieces): the pieces make exactly the bytes a whole
// serialization makes, the first piece comes before the last annotation is even read, and
// no lookup of a position depends on the order annotations are asked in.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { buildExport, EXPORT_FORMATS, exportFileStreams, exportPieces, formatExport, type CaseMarkExport, type ExportFormat } from '../../server/src/core/index.ts';
import { CodePointCounter } from '../../server/src/core/export/plainText.ts';
import { chunked, jsonPieces, lazy } from '../../server/src/core/export/jsonStream.ts';
import { analyse } from './helpers.ts';

const EXAMPLES = 'examples';
const notes = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => ({ path: `examples/${f}`, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
// Hostile extras: a BOM, CR and CRLF line ends, a character outside the BMP, text before the first case.
notes.push({
  path: 'odd.md',
  text: '\ufeff---\ntitle: Odd\n---\nBefore :drug[MMF].\r\n::case[P1]{#odd-1 age=40 sex=F}\r\nGiven :drug[rituximab] :dose[375 mg/m2] on :day[day 3] 😀 :lab[CK 1200 U/L]\r\r::case[P2]{#odd-2}\nGiven :drug[tocilizumab]{status=not-given} :dose[8 mg/kg].\n',
});
const analyses = notes.map((n) => analyse(n.text, { uri: `file:///notes/${n.path}` }));
for (const [i, a] of analyses.entries()) a.path = notes[i].path;
const exp = buildExport(analyses);
const texts = new Map(notes.map((n) => [n.path, n.text]));

describe('streamed exports', () => {
  it('json is JSON.stringify of the whole export, byte for byte', () => {
    assert.equal(formatExport(exp, 'json'), JSON.stringify(exp, null, 2) + '\n');
  });

  it('fhir, w3c and bioc are exactly what JSON.stringify writes for their content', () => {
    for (const format of ['fhir', 'w3c', 'bioc'] as const) {
      const out = formatExport(exp, format, texts);
      assert.equal(out, JSON.stringify(JSON.parse(out), null, 2) + '\n', format);
    }
  });

  it('csv is what csv-stringify writes for all rows at once, ndjson one JSON line per annotation', () => {
    const csv = formatExport(exp, 'csv');
    const records = parse(csv, { relax_column_count: false }) as string[][];
    assert.equal(csv, stringify(records, { record_delimiter: '\r\n' }));
    const n = analyses.reduce((k, a) => k + a.annotations.length, 0);
    assert.equal(records.length, n + 1);
    const lines = formatExport(exp, 'ndjson').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, n);
    for (const l of lines) assert.equal(JSON.stringify(JSON.parse(l)), l);
  });

  it('jsonPieces matches JSON.stringify on empty, nested and skipped values', () => {
    const value = { a: lazy([]), b: { c: lazy([1, { d: lazy(['x', undefined]) }]), e: undefined, f: [] }, g: null, h: lazy([[], {}]) };
    const plain = { a: [], b: { c: [1, { d: ['x', undefined] }], e: undefined, f: [] }, g: null, h: [[], {}] };
    assert.equal([...jsonPieces(value)].join(''), JSON.stringify(plain, null, 2));
    assert.equal([...chunked(['ab', 'c', 'def'], 3)].join('|'), 'abc|def');
  });

  it('writes the first piece before the last annotation is read, in every format', () => {
    // More annotations than one CSV batch.
    const series = Array.from({ length: 200 }, (_, i) => `::case[P${i}]{#s-${i}}\n\nOn :day[day ${i}] :drug[rituximab] :dose[375 mg/m2]; :lab[CK ${i + 100} U/L].\n\n`).join('');
    const a = analyse(series, { uri: 'file:///notes/series.md' });
    a.path = 'series.md';
    const big = buildExport([...analyses, a]);
    const bigTexts = new Map([...texts, ['series.md', series]]);
    for (const format of EXPORT_FORMATS) {
      const { watched, read } = watchLast(big);
      const pieces = format === 'brat' ? firstFilePieces(watched, format, bigTexts) : exportPieces(watched, format, bigTexts);
      const first = pieces.next();
      assert.ok(!first.done && first.value.length > 0, format);
      assert.equal(read(), false, `${format} read the last annotation before writing anything`);
      for (let r = pieces.next(); !r.done; r = pieces.next());
      if (format !== 'brat') assert.equal(read(), true, `${format} never read the last annotation`);
    }
  });

  it('a folder export streams, per note, the bytes of that note exported alone', () => {
    for (const format of ['bioc', 'bioc-xml'] as ExportFormat[]) {
      const files = [...exportFileStreams(exp, format, texts)];
      assert.equal(files.length, exp.documents.length);
      files.forEach((f, i) => assert.equal([...f.pieces].join(''), formatExport({ ...exp, documents: [exp.documents[i]] }, format, texts), f.path));
    }
  });
});

describe('code point counter', () => {
  it('answers any order of offsets as a count from the start does', () => {
    const text = 'a😀b\ud800c'.repeat(3000) + '😀'.repeat(5000);
    const naive = (o: number) => {
      let n = 0;
      for (let i = 0; i < o; ) {
        const c = text.charCodeAt(i);
        const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
        if (pair && i + 2 > o) break; // inside a pair: the code points before it
        i += pair ? 2 : 1;
        n++;
      }
      return n;
    };
    const counter = new CodePointCounter(text);
    let seed = 7;
    for (let k = 0; k < 400; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const o = seed % (text.length + 1);
      assert.equal(counter.of(o), naive(o), `offset ${o}`);
    }
  });
});

/** A copy of the export whose last annotation records when it is read. */
function watchLast(source: CaseMarkExport): { watched: CaseMarkExport; read: () => boolean } {
  const watched = structuredClone(source);
  const doc = watched.documents.at(-1)!;
  const list = doc.cases.length ? doc.cases.at(-1)!.annotations : doc.unassigned;
  const last = list.at(-1)!;
  let seen = false;
  const range = last.range;
  Object.defineProperty(last, 'range', { enumerable: true, get: () => ((seen = true), range) });
  return { watched, read: () => seen };
}

function firstFilePieces(e: CaseMarkExport, format: ExportFormat, texts: Map<string, string>): Iterator<string> {
  const files = exportFileStreams(e, format, texts);
  return files.next().value!.pieces[Symbol.iterator]();
}
