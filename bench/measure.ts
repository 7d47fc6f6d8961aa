// What the language-server benchmarks share: latency statistics and a process's memory.
import { readFileSync } from 'node:fs';

export interface Latency {
  median: number;
  p95: number;
  max: number;
  n: number;
}

/** Median, p95 (nearest rank) and maximum of some timings in ms. */
export function stats(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const rank = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: rank(0.5), p95: rank(0.95), max: s[s.length - 1], n: s.length };
}

export const fmt = (x: Latency) => `median ${x.median.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms, max ${x.max.toFixed(1)} ms`;

/** Peak and current resident memory of a process, from /proc (Linux). */
export function memory(pid: number): { rssMB: number; peakMB: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMB: NaN, peakMB: NaN };
  }
}
