// What the Markdown guard (guard.ts) lets through to the parser, and how long a label may be.
// Limits, measured on the full remark stack (ms per KB of note, 2 cores; plain prose ≈ 1):
// - nesting of blockquote/list markers on one line: 64 deep ≈ 5, 128 ≈ 30, 512 ≈ 90 and a
//   stack overflow from ~4,000: limit 32 (real notes nest 2-6 deep);
// - `*`/`_` runs, backtick runs and `[` per paragraph: 1,000 ≈ 5, 8,000 ≈ 375 (6 s for one
//   16 KB line): limit 1,000 of each;
// - `[` nested inside each other: limit 32 (a label nests one or two), which also bounds the
//   depth of the syntax tree the extraction walks;
// - a label or attribute value is normalized up to 1,000 characters (a 30 KB lab label took
//   12 s in the number and unit readers; real labels are under 100): longer ones are listed,
//   not normalized, with `too-complex`.
export const LIMITS = {
  nesting: 32,
  delimiterRuns: 1000,
  backtickRuns: 1000,
  brackets: 1000,
  bracketDepth: 32,
  /** Characters of a label or attribute value that are normalized (analyze.ts). */
  label: 1000,
} as const;
