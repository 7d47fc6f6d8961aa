// The guards that keep every answer bounded and exact: pathological Markdown read line by
// line with too-complex, over-long labels, anchor chains, byte order marks, front matter
// types, one-line messages, JSON nesting in configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildExport, formatExport, parseConfig, parseLexiconFile } from '../../server/src/core/index.ts';
import { oneLine } from '../../server/src/core/diagnostics/oneLine.ts';
import type { Annotation } from '../../server/src/core/index.ts';
import { analyse, codes, one } from './helpers.ts';

const keyOf = (a: Annotation): string | undefined => (a.normalized as { key?: string } | null)?.key;

test('blockquotes nested thousands deep: too-complex, and the annotations are still read', () => {
  const a = analyse('::case[T]{#t}\n\n' + '>'.repeat(8000) + ' :drug[rituximab] :dose[375 mg/m2] on :day[3]\n\nThen :lab[CK 5 U/L].\n');
  assert.deepEqual(codes(a), ['too-complex']);
  assert.match(a.diagnostics[0].message, /nested 8000 deep.*at most 32/);
  assert.equal(a.diagnostics[0].range.start.line, 2);
  assert.equal(keyOf(one(a, 'rituximab')), 'rituximab');
  assert.equal(one(a, '375 mg/m2').day, 3);
  assert.equal(keyOf(one(a, 'CK 5 U/L')), 'ck');
});

test('emphasis, bracket and list bombs are each reported with what to simplify', () => {
  const shapes: [string, RegExp][] = [
    ['*a'.repeat(5000), /runs of "\*" or "_"/],
    ['['.repeat(5000) + 'x' + ']'.repeat(5000), /brackets are nested/],
    ['[a]('.repeat(5000), /more than 1000 "\["/],
    ['- '.repeat(3000) + 'x\n', /nested 3000 deep/],
    ['`a'.repeat(5000), /backticks/],
  ];
  for (const [bomb, message] of shapes) {
    const a = analyse(`::case[T]{#t}\n\n${bomb.endsWith('\n') ? bomb : ''}:drug[rituximab] ${bomb.endsWith('\n') ? '' : bomb} :day[2]\n`);
    const d = a.diagnostics.find((x) => x.code === 'too-complex');
    assert.ok(d, bomb.slice(0, 10));
    assert.match(d.message, message);
    assert.equal(a.annotations.length, 2);
    assert.equal(one(a, 'rituximab').day, 2);
  }
});

test('a normal note is parsed, not guarded', () => {
  const a = analyse('::case[T]{#t}\n\n> - *quoted* [list](x) :drug[rituximab]\n>   - nested :day[1]\n>\n>     *more* :drug[tocilizumab] on :day[2]\n');
  assert.ok(!codes(a).includes('too-complex'));
  assert.equal(one(a, 'tocilizumab').day, 2);
  assert.equal(a.annotations.length, 4);
});

test('an over-long label is listed, not normalized', () => {
  const a = analyse('::case[T]{#t}\n\n:lab[' + 'a\t'.repeat(3000) + ']\n');
  assert.equal(a.annotations.length, 1);
  assert.equal(a.annotations[0].normalized, null);
  assert.match(a.diagnostics.find((d) => d.code === 'too-complex')!.message, /6000 characters \(CaseMark reads at most 1000\)/);
});

test('a chain of 3,000 from= anchors resolves without recursion, a loop is reported', () => {
  const chain = Array.from({ length: 3000 }, (_, i) => (i === 0 ? ':day[0]{#a0}' : `:day[1]{#a${i} from=a${i - 1}}`)).join(' ');
  const a = analyse(`::case[T]{#t}\n\n${chain}\n`);
  assert.equal(a.annotations[2999].day, 2999);
  const loop = analyse('::case[T]{#t}\n\n:day[1]{#x from=y} :day[1]{#y from=z} :day[1]{#z from=x}\n');
  assert.ok(codes(loop).includes('anchor-cycle'));
  assert.ok(loop.annotations.every((x) => x.day === null));
});

test('a byte order mark shifts no position', () => {
  const bom = analyse('\ufeffGiven :drug[ritux');
  assert.deepEqual(codes(bom), ['unterminated-directive']);
  assert.equal(bom.annotations.length, 0);
  assert.equal(bom.diagnostics[0].range.start.character, 7);
  const text = '\ufeff::case[T]{#t}\n\n:drug[rituximab] on :day[3]\n\n\ufeff:lab[CK 5 U/L] then\n';
  const a = analyse(text);
  assert.equal(a.cases[0].id, 't');
  assert.deepEqual(one(a, 'rituximab').range.start, { line: 2, character: 0 });
  assert.deepEqual(one(a, 'CK 5 U/L').range.start, { line: 4, character: 1 });
  const csv = formatExport(buildExport([a]), 'csv');
  assert.match(csv, /,lab,CK 5 U\/L,5,2,5,16,/);
  const w3c = JSON.parse(formatExport(buildExport([a]), 'w3c', new Map([[a.path, text]])));
  const quotes = w3c.first.items.map((x: { target: { selector: { type: string; exact?: string }[] } }) => x.target.selector.find((s) => s.type === 'TextQuoteSelector')?.exact);
  assert.deepEqual(quotes, [':drug[rituximab]', ':day[3]', ':lab[CK 5 U/L]']);
});

test('front matter values that are not text become text or are reported; exports keep strings', () => {
  const a = analyse('---\ntitle: ~\ndoi: 10\nyear: 2020.5\nextra: ' + '['.repeat(100) + ']'.repeat(100) + '\n---\n::case[T]{#t}\n\n:drug[rituximab]\n');
  assert.deepEqual(a.source, { doi: '10', year: '2020.5' });
  assert.match(a.diagnostics.find((d) => d.code === 'bad-front-matter')!.message, /title:, extra:/);
});

test('messages stay on one line, long quotes are shortened', () => {
  assert.equal(oneLine('Unknown drug "a\rb\u0085c\u2028d\ne\u2029f\u0000".'), 'Unknown drug "a\\rb\\u0085c\\u2028d\\ne\\u2029f\\u0000".');
  assert.match(oneLine(`Unknown drug "${'x'.repeat(300)}".`), /^Unknown drug "x{79}…"\.$/);
  const a = analyse('::case[T]{#t}\n\n:drug[ritu\u2028ximab\u0085]\n');
  assert.ok(a.diagnostics.length > 0);
  for (const d of a.diagnostics) assert.doesNotMatch(d.message, /[\r\n\u0085\u2028\u2029]/);
});

test('configuration and lexicons nested thousands deep are reported, not a crash', () => {
  const config = parseConfig('['.repeat(6000), 'config.json');
  assert.match(config.problems[0].message, /nested more than 64 levels/);
  const lexicon = parseLexiconFile('{"drugs": ' + '['.repeat(6000), 'lexicon.json');
  assert.equal(lexicon.file, null);
  assert.match(lexicon.problems[0].message, /nested more than 64 levels/);
});
