// Disjoint spans of the note, kept sorted: "is this already claimed?" in O(log n), since a
// 100 KB note has thousands of suggestions.

export class Intervals {
  private starts: number[] = [];
  private ends: number[] = [];

  constructor(spans: Iterable<readonly [number, number]> = []) {
    for (const [s, e] of spans) this.add(s, e);
  }

  /** Index of the first span whose end is after `at`. */
  private firstEndingAfter(at: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlaps(start: number, end: number): boolean {
    const i = this.firstEndingAfter(start);
    return i < this.starts.length && this.starts[i] < end;
  }

  /** Whether [start, end) lies within one span. */
  contains(start: number, end: number): boolean {
    const i = this.firstEndingAfter(start);
    return i < this.starts.length && this.starts[i] <= start && end <= this.ends[i];
  }

  /**
   * Adds spans sorted by start, each unless it overlaps one already there or just added, and
   * returns those added: one merge of two sorted lists, where adding them one by one would move
   * the arrays' tails thousands of times.
   */
  addSorted<T extends { start: number; end: number }>(spans: readonly T[]): T[] {
    const kept: T[] = [];
    if (!spans.length) return kept;
    const starts: number[] = [];
    const ends: number[] = [];
    let i = 0;
    for (const s of spans) {
      while (i < this.starts.length && this.starts[i] < s.start) {
        starts.push(this.starts[i]);
        ends.push(this.ends[i++]);
      }
      const prevEnd = ends.length ? ends[ends.length - 1] : -Infinity;
      if (prevEnd > s.start || (i < this.starts.length && this.starts[i] < s.end)) continue;
      starts.push(s.start);
      ends.push(s.end);
      kept.push(s);
    }
    for (; i < this.starts.length; i++) {
      starts.push(this.starts[i]);
      ends.push(this.ends[i]);
    }
    this.starts = starts;
    this.ends = ends;
    return kept;
  }

  /** Adds a span that overlaps none already there (an overlapping one is ignored). */
  add(start: number, end: number): boolean {
    if (this.overlaps(start, end)) return false;
    const i = this.firstEndingAfter(start);
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
    return true;
  }
}
