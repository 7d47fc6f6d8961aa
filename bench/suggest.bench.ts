// Suggestions (spec section 9): how fast, and how close to what curators annotate.
//   node --import tsx bench/suggest.bench.ts [bytes] [runs]
// Speed: a generated note of `bytes` (default 100 KB) with its markup stripped, suggested
// `runs` times after one warm-up (the lexicon's matchers are built once per lexicon).
// Quality: each note of examples/ and of the probe notes (test/fixtures/suggest/) is stripped
// of its annotations and the suggestions are compared with what its curator annotated (same
// kind, same span), per kind and overall.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Lexicon } from '../server/src/core/index.ts';
import { stripAnnotations, suggestAnnotations } from '../server/src/core/suggest/index.ts';
import { generateNote } from './generate.ts';
import { percentile } from './core.bench.ts';

export interface Agreement {
  kind: string;
  curated: number;
  suggested: number;
  matched: number;
  recall: number;
  precision: number;
}

/** Suggestions for the stripped notes against their curators' annotations, per kind and overall. */
export function agreement(notes: string[], lexicon = Lexicon.builtin()): Agreement[] {
  const counts = new Map<string, { curated: number; suggested: number; matched: number }>();
  const count = (kind: string) => counts.get(kind) ?? counts.set(kind, { curated: 0, suggested: 0, matched: 0 }).get(kind)!;
  for (const note of notes) {
    const { text, annotations } = stripAnnotations(note);
    const gold = new Set(annotations.map((a) => `${a.kind}:${a.start}:${a.end}`));
    for (const a of annotations) count(a.kind).curated++;
    for (const s of suggestAnnotations(text, lexicon)) {
      count(s.kind).suggested++;
      if (gold.has(`${s.kind}:${s.start}:${s.end}`)) count(s.kind).matched++;
    }
  }
  const rows = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([kind, c]) => ({ kind, ...c }));
  const all = rows.reduce((t, r) => ({ kind: 'all', curated: t.curated + r.curated, suggested: t.suggested + r.suggested, matched: t.matched + r.matched }),
    { kind: 'all', curated: 0, suggested: 0, matched: 0 });
  return [...rows, all].map((r) => ({ ...r, recall: r.matched / (r.curated || 1), precision: r.matched / (r.suggested || 1) }));
}

function main(): void {
  const bytes = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.argv[3] ?? 20);
  const lexicon = Lexicon.builtin();
  // The generated notes are annotated; stripped, they shrink by about a third: grow until the plain text is `bytes`.
  let size = bytes;
  let text = stripAnnotations(generateNote(size, 7)).text;
  while (text.length < bytes) text = stripAnnotations(generateNote((size = Math.ceil(size * 1.1)), 7)).text;
  const cpu: number[] = [];
  const warm = suggestAnnotations(text, lexicon).length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    suggestAnnotations(text, lexicon);
    times.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  // CPU time is shown beside wall time: on a shared machine the wall clock also counts waiting for a core.
  console.log(`suggest, ${(text.length / 1000).toFixed(0)} KB stripped note, ${warm} suggestions (n=${runs}): ` +
    `median ${percentile(times, 50).toFixed(1)} ms (CPU ${percentile(cpu, 50).toFixed(1)} ms), p95 ${percentile(times, 95).toFixed(1)} ms; goal ≤ 50 ms`);
  for (const [title, dir] of [['examples/', EXAMPLES], ['probe notes (test/fixtures/suggest/)', PROBES]]) {
    console.log(`\n${title}\n\n| kind | curated | suggested | matched | recall | precision |\n| --- | --- | --- | --- | --- | --- |`);
    for (const r of agreement(curatedNotes(dir), lexicon)) {
      console.log(`| ${r.kind} | ${r.curated} | ${r.suggested} | ${r.matched} | ${(r.recall * 100).toFixed(1)}% | ${(r.precision * 100).toFixed(1)}% |`);
    }
  }
}

export const EXAMPLES = join(import.meta.dirname, '..', 'examples');
/** Notes written to measure suggestions on text their rules were not tuned on. */
export const PROBES = join(import.meta.dirname, '..', 'test', 'fixtures', 'suggest');

/** The curated notes of a folder (its README aside). */
export function curatedNotes(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort().map((f) => readFileSync(join(dir, f), 'utf8'));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
