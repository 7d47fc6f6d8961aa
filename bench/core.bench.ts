// Core benchmarks, one measurement per process so each reports its own peak memory:
//   node --import tsx bench/core.bench.ts full <bytes> [runs]      full analysis, no cache
//   node --import tsx bench/core.bench.ts incremental <bytes> [edits]  one-character edits with a ParseCache
// Each prints one JSON line (a CoreResult). bench/run.ts spawns them and makes the table.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { analyzeDocument, Lexicon, ParseCache } from '../server/src/core/index.ts';
import { generateNote, prng } from './generate.ts';

export interface CoreResult {
  name: string;
  bytes: number;
  samples: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  /** Megabytes (10^6 bytes) of note analyzed per second at the median. */
  mbPerS: number;
  /** Peak resident set size of this process, MB (process.resourceUsage().maxRSS). */
  peakRssMb: number;
  /** Facts found in the note, as a sanity check that the work was done. */
  annotations: number;
}

/** Nearest-rank percentile of a sample. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function summarize(name: string, bytes: number, times: number[], annotations: number): CoreResult {
  const median = percentile(times, 50);
  return {
    name,
    bytes,
    samples: times.length,
    medianMs: median,
    p95Ms: percentile(times, 95),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    mbPerS: bytes / 1e6 / (median / 1000),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    annotations,
  };
}

/** Counts annotations whatever shape the analysis result has (cases or a flat list). */
function countAnnotations(result: unknown): number {
  const r = result as { annotations?: unknown[]; cases?: { annotations?: unknown[] }[] };
  if (Array.isArray(r.annotations)) return r.annotations.length;
  if (Array.isArray(r.cases)) return r.cases.reduce((n, c) => n + (c.annotations?.length ?? 0), 0);
  return -1;
}

/** (a) Full analysis of a generated note, no cache: median of `runs`. */
export function benchFull(bytes: number, runs = 5): CoreResult {
  const text = generateNote(bytes, 42);
  const lexicon = Lexicon.builtin();
  const uri = `file:///bench/full-${bytes}.md`;
  const times: number[] = [];
  let annotations = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = analyzeDocument(text, { uri, lexicon });
    times.push(performance.now() - t0);
    annotations = countAnnotations(result);
  }
  return summarize(`full analysis, ${label(bytes)}`, Buffer.byteLength(text), times, annotations);
}

/**
 * Offsets of letters a curator might retype: inside directive labels and in prose, never
 * in front matter, attributes (ids, anchors) or directive names.
 */
export function editableOffsets(text: string): number[] {
  const offsets: number[] = [];
  const fm = /^---\n[\s\S]*?\n---\n/.exec(text);
  let inAttrs = false;
  let inName = false;
  for (let i = fm ? fm[0].length : 0; i < text.length; i++) {
    const c = text[i];
    if (inAttrs) {
      if (c === '}') inAttrs = false;
      continue;
    }
    if (c === '{' && text[i - 1] === ']') {
      inAttrs = true;
      continue;
    }
    if (c === ':') {
      inName = true;
      continue;
    }
    if (inName) {
      if (!/[A-Za-z]/.test(c)) inName = false;
      continue;
    }
    if (/[a-z]/.test(c)) offsets.push(i);
  }
  return offsets;
}

/** (b) Re-analysis after one-character edits of a note, with a warm ParseCache. */
export function benchIncremental(bytes: number, edits = 200): CoreResult {
  let text = generateNote(bytes, 43);
  const lexicon = Lexicon.builtin();
  const cache = new ParseCache();
  const uri = `file:///bench/incremental-${bytes}.md`;
  analyzeDocument(text, { uri, lexicon, cache }); // warm-up: the full first analysis
  const rng = prng(7);
  const candidates = editableOffsets(text);
  const times: number[] = [];
  let annotations = 0;
  for (let i = 0; i < edits; i++) {
    // Replace one letter by another: offsets stay valid, the note stays well-formed.
    const at = candidates[Math.floor(rng() * candidates.length)];
    const old = text[at];
    let ch = old;
    while (ch === old) ch = String.fromCharCode(97 + Math.floor(rng() * 26));
    text = text.slice(0, at) + ch + text.slice(at + 1);
    const t0 = performance.now();
    const result = analyzeDocument(text, { uri, lexicon, cache });
    times.push(performance.now() - t0);
    annotations = countAnnotations(result);
  }
  return summarize(`one-character edit, ${label(bytes)}, cached`, Buffer.byteLength(text), times, annotations);
}

export function label(bytes: number): string {
  return bytes >= 1e6 ? `${bytes / 1e6} MB note` : `${bytes / 1e3} KB note`;
}

function main(argv: string[]): void {
  const [mode, bytesArg, countArg] = argv;
  const bytes = Number(bytesArg);
  if (!Number.isFinite(bytes) || bytes <= 0 || (mode !== 'full' && mode !== 'incremental')) {
    console.error('usage: core.bench.ts full|incremental <bytes> [runs|edits]');
    process.exit(2);
  }
  const count = countArg === undefined ? undefined : Number(countArg);
  const result = mode === 'full' ? benchFull(bytes, count) : benchIncremental(bytes, count);
  console.log(JSON.stringify(result));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
