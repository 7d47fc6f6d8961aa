// The Markdown preview plugin, run on markdown-it as VS Code's preview would. Its data source
// answers as the language server does (`casemark/cases`: the export model of the note).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { casemarkPlugin, extendMarkdownIt } from '../../client/src/preview/markdownItPlugin.ts';
import { PreviewCache, type PreviewData, type PreviewDataSource } from '../../client/src/preview/previewData.ts';
import { doseDrugNames } from '../../server/src/core/export/drugNames.ts';
import { analyzeDocument } from '../../server/src/core/analyze.ts';
import { toExportDocument } from '../../server/src/core/export/export.ts';
import { Lexicon } from '../../server/src/core/lexicon/lexicon.ts';

const URI = 'file:///notes/preview.md';
/** What `casemark/cases` answers for the note (the server's doseDrugNames names doses' drugs). */
const serverAnswer = (src: string): PreviewData => {
  const document = toExportDocument(analyzeDocument(src, { uri: URI, lexicon: Lexicon.builtin() }));
  return { document, drugNames: doseDrugNames(document, Lexicon.builtin()) };
};
/** A source that always holds the analysis of what is rendered (the data has arrived). */
const arrived: PreviewDataSource = { lookup: (src) => serverAnswer(src) };
const env = () => ({ currentDocument: URI });
/** `null`: no data source at all. */
const render = (src: string, source: PreviewDataSource | null = arrived): string => new MarkdownIt().use(casemarkPlugin, source ?? undefined).render(src, env());

test('each annotation kind becomes a chip of its kind with the label as text', () => {
  const html = render('On :day[0] she received :drug[MB-CART19.1]{role=therapy} at :dose[1.0 × 10^6 cells/kg], :lab[CK 95 U/L].');
  assert.match(html, /<span class="casemark-chip casemark-day" data-casemark="day" title="day · day 0">0<\/span>/);
  assert.match(html, /<span class="casemark-chip casemark-drug" data-casemark="drug" title="drug · MB-CART19.1 · targets CD19 · day 0 \(clause :day\[0\], line 1\) · role=therapy">MB-CART19.1<\/span>/);
  assert.match(html, /<span class="casemark-chip casemark-dose"[^>]*>1.0 × 10\^6 cells\/kg<\/span>/);
  assert.match(html, /<span class="casemark-chip casemark-lab"[^>]*>CK 95 U\/L<\/span>/);
  assert.doesNotMatch(html, /:drug|\{role/);
});

test('a day chip says which day it is: approximate for months, relative to its anchor', () => {
  const html = render('relapse at :day[month 9] and :day[3]{from=bcma} and :day[month 20]{#bcma}');
  assert.match(html, /title="day · ≈ day 274 \(month\)">month 9</);
  assert.match(html, /title="day · day 612 from #bcma">3</);
  assert.match(html, /title="day · ≈ day 609 \(month\) defines #bcma">month 20</);
});

test('a chip\'s tooltip gives the normalized value, its codes and the day that dates it', () => {
  const html = render('::case[A]{#a}\n\nOn :day[month 9] :lab[CK 2,400 U/L]{uln=170} and :dose[2 g/day]{drug=MMF} with :drug[tocilizumab].');
  assert.match(html, /title="lab · creatine kinase · 2,400 U\/L · 14\.1\d? × ULN · high · LOINC 2157-6 · day 274 \(clause :day\[month 9\], line 3\) · uln=170"/);
  assert.match(html, /title="drug · tocilizumab · targets [^"]* · ATC L04AC07[^"]* · day 274 \((clause|sentence) :day\[month 9\], line 3\)"/);
  assert.match(html, /title="dose · 2,000 mg\/day · mycophenolate mofetil · day 274[^"]*"/, 'a drug named only in drug= shows by its name');
});

test('a chip of an annotation with a problem is marked and its tooltip says why', () => {
  const html = render('::case[A]{#a}\n\n:dose[5,0 mg]{drug=rituximab} and :drug[daratumumb] and :drug[rituximab].');
  assert.match(html, /<span class="casemark-chip casemark-dose casemark-has-error" data-casemark="dose" data-problems="bad-number" title="dose · undated · drug=rituximab\nerror bad-number: [^"]*decimal comma/);
  assert.match(html, /<span class="casemark-chip casemark-drug casemark-has-warning" data-casemark="drug" data-problems="unknown-drug"[^>]*>daratumumb</);
  assert.match(html, /<span class="casemark-chip casemark-drug" data-casemark="drug" title="drug · rituximab/);
});

test('two chips with the same label each get their own day', () => {
  const html = render('::case[A]{#a}\n\nOn :day[1] :drug[rituximab].\n\nOn :day[15] :drug[rituximab] again.');
  const titles = [...html.matchAll(/title="(drug · rituximab[^"]*)"/g)].map((m) => m[1]);
  assert.equal(titles.length, 2);
  assert.match(titles[0], / · day 1 /);
  assert.match(titles[1], / · day 15 /);
});

test('::case becomes a heading-like block with its id and attributes', () => {
  const html = render('::case[Jo-1 anti-synthetase syndrome]{#mueller-2025-p1 age=45 sex=F dx="anti-Jo-1 ASyS"}\n\nText.');
  assert.match(html, /<div class="casemark-case" data-casemark="case" data-case-id="mueller-2025-p1" title="case · #mueller-2025-p1 · age=45 sex=F dx=anti-Jo-1 ASyS">/);
  assert.match(html, /<div class="casemark-case-title" role="heading" aria-level="2">Jo-1 anti-synthetase syndrome<\/div>/);
  assert.match(html, /<div class="casemark-case-meta">#mueller-2025-p1 · age: 45 · sex: F · dx: anti-Jo-1 ASyS<\/div>/);
  assert.match(html, /<p>Text.<\/p>/);
});

test('labels and attributes are escaped, never markup', () => {
  const html = render(':drug[<img src=x onerror=alert(1)>] and :lab[CK 5 U/L]{test="<b>x</b>"}\n\n::case[<script>alert(1)</script>]{#c1 dx="\\"><img src=x>"}');
  assert.doesNotMatch(html, /<img|<script|<b>/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /title="lab · undated · test=&lt;b&gt;x&lt;\/b&gt;\nwarning unknown-lab: [^"]*"/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('code, unknown directives and near misses stay as written', () => {
  const html = render('Write `:drug[X]` and :note[aside] and :durg[Y].\n\n```\n:drug[Z]\n```');
  assert.doesNotMatch(html, /casemark-chip/);
  assert.match(html, /<code>:drug\[X\]<\/code>/);
  assert.match(html, /:note\[aside\]/);
  assert.match(html, /:durg\[Y\]/);
  assert.match(html, /:drug\[Z\]/);
});

test('extendMarkdownIt returns the same instance, extended; using it twice is harmless', () => {
  const md = new MarkdownIt();
  assert.equal(extendMarkdownIt(md), md);
  extendMarkdownIt(md);
  assert.match(md.render(':drug[X]'), /^<p><span class="casemark-chip casemark-drug[ "][^>]*>X<\/span><\/p>/);
});

test('before the server\'s analysis of the current text arrives, chips render without details', () => {
  const src = '::case[A]{#a}\n\nOn :day[0] :lab[CK 2,400 U/L]{uln=170} and :drug[daratumumb].';
  const plain = render(src, null);
  assert.match(plain, /<span class="casemark-chip casemark-lab" data-casemark="lab" title="lab · uln=170">CK 2,400 U\/L<\/span>/);
  assert.match(plain, /<span class="casemark-chip casemark-drug" data-casemark="drug" title="drug">daratumumb<\/span>/, 'no problem marked without data');
  // The cache holds an analysis for the text it was made from, and for no other.
  const cache = new PreviewCache();
  const cached: PreviewDataSource = { lookup: (text) => cache.get(URI, text) };
  assert.doesNotMatch(render(src, cached), /creatine kinase/);
  assert.equal(cache.set(URI, src.replace(/\n/g, '\r\n'), serverAnswer(src)), true, 'new data: the preview is refreshed');
  assert.equal(cache.set(URI, src, serverAnswer(src)), false, 'the same data again: no refresh');
  assert.match(render(src, cached), /title="lab · creatine kinase · 2,400 U\/L · [^"]*LOINC 2157-6 · day 0 /);
  assert.match(render(src, cached), /casemark-has-warning" data-casemark="drug" data-problems="unknown-drug"/);
  assert.doesNotMatch(render(src.replace('2,400', '2,500'), cached), /creatine kinase/, 'an edited text waits for its own analysis');
  cache.delete(URI);
  assert.equal(cache.get(URI, src), undefined);
});

test('the data source is asked for the previewed note, and a failing source leaves plain chips', () => {
  const asked: unknown[] = [];
  const spy: PreviewDataSource = {
    lookup: (_src, e) => {
      asked.push((e as { currentDocument?: unknown }).currentDocument);
      throw new Error('server gone');
    },
  };
  const html = render(':drug[rituximab]', spy);
  assert.deepEqual(asked, [URI]);
  assert.match(html, /title="drug">rituximab</);
});
