// The index scan must agree with the full analysis on what the index keeps: cases (ids,
// titles, ranges), the lexicon keys of drugs and labs with their ranges, disable comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { scanNote } from '../../server/src/core/scan.ts';
import type { DocumentAnalysis } from '../../server/src/core/index.ts';
import { generateNote } from '../../bench/generate.ts';
import { analyse, lexicon, SPEC_EXAMPLE } from './helpers.ts';

function fromAnalysis(a: DocumentAnalysis) {
  return {
    cases: a.cases.map((c) => ({ id: c.id, title: c.title, implicit: c.implicit, headerRange: c.headerRange, range: c.range, idRange: c.idRange })),
    refs: a.annotations
      .filter((x) => (x.kind === 'drug' || x.kind === 'lab') && x.normalized)
      .map((x) => ({ key: `${x.kind}:${(x.normalized as { key: string }).key}`, range: x.range })),
    suppressions: a.suppressions,
  };
}

function agree(text: string, name: string): void {
  const a = analyse(text, { uri: `file:///notes/${name}.md` });
  assert.deepEqual(scanNote(text, name, lexicon), fromAnalysis(a), name);
}

test('the example notes and the spec example', () => {
  agree(SPEC_EXAMPLE, 'spec');
  for (const f of readdirSync('examples').filter((f) => f.endsWith('.md'))) agree(readFileSync(`examples/${f}`, 'utf8'), f.replace(/\.md$/, ''));
});

test('generated notes', () => {
  for (let seed = 1; seed <= 5; seed++) agree(generateNote(20_000, seed), `gen-${seed}`);
});

test('what Markdown makes text is skipped, as the parser skips it', () => {
  agree(
    `# Title

\`\`\`
::case[not a case]{#no}
:drug[rituximab]
\`\`\`

<div>
:drug[tocilizumab]
</div>

Inline \`:drug[rituximab]\` is code; :drug[MMF]{role=prior} is not.

<!-- casemark-disable-next-line unknown-drug -->
:lab[CK 95 U/L] and :lab[13,600 U/L]{test=CK} and :drug[CD19 [CAR] T cells]{id=mb-cart19-1}
`,
    'mixed',
  );
  agree('::case[One]{#a}\n\n:drug[rituximab]\n\n::case[Two]\n\n:lab[CRP 5 mg/dL]\n', 'two');
  agree('No annotations at all.\n', 'plain');
});

test('any bytes: no throw', () => {
  for (let i = 0; i < 100; i++) scanNote(Buffer.from(Array.from({ length: 300 }, (_, j) => (i * 31 + j * 17) % 256)).toString('utf8'), 'x', lexicon);
});
