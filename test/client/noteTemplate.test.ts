// The new case note: its file name from the first author and year, and its text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstAuthorSlug, noteFileName, noteText } from '../../client/src/noteTemplate.ts';
import { analyzeDocument, Lexicon } from '../../server/src/core/index.ts';

test('the file is named after the first author and the year, never over an existing note', () => {
  assert.equal(firstAuthorSlug('Müller F, Wirsching A, Hagen M, et al.'), 'muller');
  assert.equal(firstAuthorSlug('Fabian Müller and Georg Schett'), 'muller');
  assert.equal(firstAuthorSlug('Pecher AC; Hensen L'), 'pecher');
  assert.equal(noteFileName({ authors: 'Müller F, et al.', year: '2025' }, () => false), 'muller-2025.md');
  const taken = new Set(['muller-2025.md', 'muller-2025-2.md']);
  assert.equal(noteFileName({ authors: 'Müller F', year: '2025' }, (n) => taken.has(n)), 'muller-2025-3.md');
  assert.equal(noteFileName({ authors: '', year: '' }, () => false), 'case-note.md');
});

test('the note has the front matter CaseMark reads and a first case with an id from the file name', () => {
  const text = noteText({ title: 'BCMA CAR T cells: a relapse', doi: '10.1038/s41591-025-03718-3', pmid: '', authors: 'Müller F, et al.', journal: 'Nat Med', year: '2025', curator: 'A. Curator' }, 'muller-2025.md');
  assert.equal(text, [
    '---', 'title: "BCMA CAR T cells: a relapse"', 'doi: 10.1038/s41591-025-03718-3', 'authors: Müller F, et al.', 'journal: Nat Med', 'year: 2025', 'curator: A. Curator', '---', '',
    '# BCMA CAR T cells: a relapse', '', '::case[Patient 1]{#muller-2025-p1}', '', '',
  ].join('\n'));
  const a = analyzeDocument(text, { uri: 'file:///notes/muller-2025.md', lexicon: Lexicon.builtin() });
  assert.equal(a.source?.doi, '10.1038/s41591-025-03718-3');
  assert.equal(a.source?.title, 'BCMA CAR T cells: a relapse');
  assert.deepEqual(a.cases.map((c) => c.id), ['muller-2025-p1']);
  assert.deepEqual(a.diagnostics.map((d) => d.code), []);
});
