// Editor features of the built language server, exercised over JSON-RPC as an editor would:
// completion, hover, code actions, symbols, navigation, rename, folding, inlay hints,
// semantic tokens and code lenses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, DocumentSymbol, Hover, InlayHint, Location, SemanticTokens, SymbolInformation, WorkspaceEdit, FoldingRange, CodeLens } from 'vscode-languageserver-protocol';
import { applyEdits, at, TestClient, writeFiles } from './client.ts';

const NOTE = `::case[Test case]{#t-1 age=45 sex=F}

On :day[0] she received :drug[MB-CART19.1]{role=therapy} at :dose[1.0 × 10^6 cells/kg].
CK normalized by :day[month 3] (:lab[CK 95 U/L]) and :lab[CRP 5.2 mg/dl].

Then :drug[rituximap]{role=prior} was given.

A dose of :dose[20 mg] alone.

  :lab[IgG 4,1 g/L]

### BCMA :day[month 20]{#bcma}
:drug[MMF] :dose[2 g/day]; CRS on :day[3]{from=bcma}, treated with :drug[tocilizumab].
Later :day[5]{from=bcma} again.

:drug[prednisolone]{status=not-given} :dose[1 mg/kg] on :day[616].
`;

const OTHER = `::case[Other case]{#o-1}

:drug[mycophenolate mofetil] was stopped on :day[-30].
`;

describe('language features', () => {
  let client: TestClient;
  let uri: string;
  let n = 0;

  before(async () => {
    client = await TestClient.start();
    writeFiles(client.root, { 'note.md': NOTE, 'other.md': OTHER });
    await client.filesChanged([{ uri: client.uri('other.md'), type: 1 }]);
    await client.progressEnded(1);
    uri = client.uri('note.md');
    await client.open(uri, NOTE, 1);
    await client.diagnosticsFor(uri, 1);
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  /** Completion labels at `|` in `text`, in a fresh open document. */
  async function complete(text: string): Promise<CompletionList> {
    const cursor = at(text, '|');
    const docUri = client.uri(`completion-${++n}.md`);
    await client.open(docUri, text.replace('|', ''), 1);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: docUri }, position: cursor });
    await client.close(docUri);
    return list;
  }
  const labels = (l: CompletionList) => l.items.map((i) => i.label);

  it('completes directive names after : and ::case at a line start', async () => {
    const inline = labels(await complete('Given :|'));
    for (const k of ['drug', 'dose', 'day', 'lab']) assert.ok(inline.includes(k), `${k} in ${inline}`);
    assert.ok(inline.some((l) => l.includes('annotation')), 'whole-annotation snippets');
    assert.ok(labels(await complete('::c|')).includes('case'));
    assert.deepEqual(labels(await complete('The time was 10:|')), []);
  });

  it('completes drug names, synonyms and brands with the generic name in detail', async () => {
    const list = await complete('She got :drug[Rit|');
    const brand = list.items.find((i) => i.label === 'Rituxan');
    assert.ok(brand, 'brand Rituxan offered');
    assert.match(brand.detail ?? '', /rituximab/);
    assert.equal((brand.textEdit as { newText: string }).newText, 'Rituxan');
    assert.ok(labels(list).includes('MMF') && labels(list).includes('mycophenolate mofetil'));
  });

  it('completes lab analytes, then units that fit the analyte', async () => {
    assert.ok(labels(await complete('CK :lab[|')).includes('creatine kinase'));
    const units = labels(await complete('Then :lab[CK 95 |'));
    assert.ok(units.includes('U/L') && units.includes('ukat/L'), String(units));
    assert.ok(!units.includes('g/L'), 'no IgG units for CK');
  });

  it("completes dose units that fit the block's drug", async () => {
    const units = labels(await complete(':drug[rituximab] :dose[375 |'));
    assert.ok(units.includes('mg/m²') && units.includes('mg'), String(units));
    assert.ok(!units.includes('cells/kg'));
    const cells = labels(await complete(':drug[ide-cel]\n:dose[450 × 10^6 |'));
    assert.ok(cells.includes('cells') || cells.includes('cells/kg'), String(cells));
  });

  it('completes day forms and attribute names and values', async () => {
    assert.ok(labels(await complete('On :day[|')).includes('month N'));
    assert.deepEqual(labels(await complete(':drug[rituximab]{role=|')).sort(), ['bridging', 'concomitant', 'lymphodepletion', 'premedication', 'prior', 'prophylaxis', 'rescue', 'therapy']);
    assert.ok(labels(await complete(':dose[20 mg]{|')).includes('route='));
    assert.ok(labels(await complete(':dose[20 mg]{drug=|')).includes('rituximab'));
    assert.ok(labels(await complete(':lab[95 U/L]{test=|')).includes('ck'));
    assert.ok(labels(await complete('::case[T]{#t-9 sex=|')).includes('F'));
    const anchors = labels(await complete('::case[A]{#a-1}\n\n:day[month 2]{#alpha} and :day[3]{from=|'));
    assert.deepEqual(anchors, ['alpha']);
  });

  it('hovers drugs, doses, days and labs in words, with the day that dated them', async () => {
    const hover = async (needle: string, offset = 2) => (await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(NOTE, needle, offset) }))?.contents as { value: string } | undefined;
    const mmf = (await hover(':drug[MMF]'))!.value;
    assert.match(mmf, /mycophenolate mofetil/);
    assert.match(mmf, /ATC: L04AA06/);
    assert.match(mmf, /RxNorm: 68149/);
    assert.match(mmf, /≈ day 609/);
    assert.match(mmf, /heading/);
    const dose = (await hover(':dose[2 g/day]'))!.value;
    assert.match(dose, /2,000 mg\/d/);
    assert.match(dose, /mycophenolate mofetil/);
    const day = (await hover(':day[month 3]'))!.value;
    assert.match(day, /≈ day 91/);
    const from = (await hover(':day[3]{from=bcma}'))!.value;
    assert.match(from, /day 612/);
    assert.match(from, /#bcma/);
    const crp = (await hover(':lab[CRP'))!.value;
    assert.match(crp, /C-reactive protein/);
    assert.match(crp, /52 mg\/L/);
    assert.match(crp, /LOINC: 1988-5/);
    assert.match(crp, /× ULN/);
    assert.match(crp, /high/);
    assert.match(crp, /:day\[month 3\]` on line 4/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 0 } }), null);
  });

  it('shows what happened to a drug and its dose: status in hover and inlay hints', async () => {
    const hover = async (needle: string) => ((await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(NOTE, needle, 2) }))?.contents as { value: string }).value;
    assert.match(await hover(':drug[prednisolone]'), /Status: not given/);
    assert.match(await hover(':dose[1 mg/kg]'), /Status: not given/);
    assert.doesNotMatch(await hover(':drug[MMF]'), /Status/);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } } });
    const line = at(NOTE, ':drug[prednisolone]').line;
    assert.deepEqual(hints.filter((h) => h.position.line === line).map((h) => h.label), ['d616 · not given', 'd616 · not given']);
  });

  it("offers the core's fixes, drug=, disable and canonical-unit actions", async () => {
    const actions = async (needle: string, offset = 2) => {
      const p = at(NOTE, needle, offset);
      const diags = (client.diagnostics.get(uri)?.diagnostics ?? []).filter((d) => d.range.start.line === p.line);
      return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: p, end: p }, context: { diagnostics: diags } });
    };
    const typo = await actions(':drug[rituximap]');
    const fix = typo.find((a) => a.title.includes('rituximab'));
    assert.ok(fix, typo.map((a) => a.title).join(' | '));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.diagnostics?.[0].code, 'unknown-drug');
    assert.match(applyEdits(NOTE, fix.edit!.changes![uri]), /:drug\[rituximab\]\{role=prior\}/);

    const comma = (await actions(':lab[IgG')).find((a) => a.diagnostics?.[0]?.code === 'bad-number' && a.title.startsWith('Write'));
    assert.ok(comma);
    const disable = (await actions(':lab[IgG')).find((a) => a.title === 'Disable bad-number for this line (comment on the line above)');
    assert.ok(disable);
    assert.match(applyEdits(NOTE, disable.edit!.changes![uri]), /\n {2}<!-- casemark-disable-next-line bad-number -->\n {2}:lab\[IgG/);

    const lonely = await actions(':dose[20 mg]');
    const addDrug = lonely.filter((a) => a.title.startsWith('Add drug='));
    assert.ok(addDrug.some((a) => a.title === 'Add drug=mb-cart19-1'), lonely.map((a) => a.title).join(' | '));
    assert.match(applyEdits(NOTE, addDrug[0].edit!.changes![uri]), /:dose\[20 mg\]\{drug=[\w-]+\}/);

    const crp = await actions(':lab[CRP');
    assert.ok(crp.some((a) => a.title === 'Write the unit as mg/dL'));
    const convert = crp.find((a) => a.title.startsWith('Convert to canonical unit'));
    assert.ok(convert);
    assert.match(applyEdits(NOTE, convert.edit!.changes![uri]), /:lab\[CRP 52 mg\/L\]/);
  });

  it('lists document symbols by case and kind, and workspace symbols', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0].name, 't-1');
    assert.deepEqual(symbols[0].children!.map((c) => c.name), ['Drugs', 'Doses', 'Days', 'Labs']);
    assert.ok(symbols[0].children![0].children!.some((s) => s.name === 'MMF'));
    const ws = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'o-1' });
    assert.ok(ws.some((s) => s.name === 'o-1' && s.location.uri === client.uri('other.md')), JSON.stringify(ws));
  });

  it('goes from from=name to the anchor and finds references by normalized key', async () => {
    const def = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: at(NOTE, 'from=bcma', 6) });
    assert.equal(def.length, 1);
    assert.deepEqual(def[0].range.start, at(NOTE, ':day[month 20]'));
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: at(NOTE, ':drug[MMF]', 7), context: { includeDeclaration: true } });
    assert.ok(refs.some((r) => r.uri === client.uri('other.md')), 'MMF finds mycophenolate mofetil in other.md');
    assert.ok(refs.some((r) => r.uri === uri));
  });

  it('renames anchors with their uses, and case ids', async () => {
    const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: at(NOTE, 'from=bcma', 6) });
    assert.equal(prep.placeholder, 'bcma');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: at(NOTE, '{#bcma}', 3), newName: 'bcmacart' });
    const renamed = applyEdits(NOTE, edit.changes![uri]);
    assert.equal(edit.changes![uri].length, 3);
    assert.match(renamed, /\{#bcmacart\}/);
    assert.match(renamed, /\{from=bcmacart\}, treated/);
    assert.match(renamed, /:day\[5\]\{from=bcmacart\}/);
    const caseEdit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: at(NOTE, '#t-1', 2), newName: 'case-7' });
    assert.match(applyEdits(NOTE, caseEdit.changes![uri]), /\{#case-7 age=45/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position: at(NOTE, '{#bcma}', 3), newName: 'not valid' }));
    assert.equal(await client.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: 1, character: 0 } }), null);
  });

  it('folds cases, hints days, colours annotations and offers a summary lens', async () => {
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(folds.map((f) => f.startLine), [0]);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
    const mmf = hints.find((h) => h.position.line === at(NOTE, ':drug[MMF]').line && h.position.character === at(NOTE, ':drug[MMF]', ':drug[MMF]'.length).character);
    assert.equal(mmf?.label, '≈ d609');
    assert.ok(hints.some((h) => h.label === 'd612'));
    const end = (needle: string) => at(NOTE, needle, needle.length);
    for (const undated of [':drug[rituximap]{role=prior}', ':dose[20 mg]']) {
      assert.equal(hints.find((h) => h.position.line === end(undated).line && h.position.character === end(undated).character)?.label, 'undated', undated);
    }
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.equal(tokens.data.length % 5, 0);
    assert.ok(tokens.data.length / 5 >= 15);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.map((l) => [l.command?.command, l.command?.arguments]), [['casemark.openSummary', [{ uri, caseId: 't-1' }]]]);
  });
});
