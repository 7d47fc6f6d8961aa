// Which day a fact belongs to (spec section 3), and the anchors days count from.
// Works on one case at a time, after every `:day` of the case has its relative value.
import type { Annotation, DatedBy, DayNormalized, DayRule, Diagnostic } from '../model.ts';

/** An annotation with where it sits: its block, sentence, clause and the headings above it. */
export interface Placed {
  ann: Annotation;
  block: number;
  sentence: number;
  clause: number;
  /** Headings enclosing the annotation, outermost first (shared arrays, never mutated). */
  headings: readonly HeadingRef[];
}

export interface HeadingRef {
  block: number;
  depth: number;
  /** The heading's `:day`, resolved later. */
  day: Placed | null;
}

/** A `day=` attribute read on a drug, dose or lab: relative day plus its anchor. */
export interface AttributeDay {
  day: number;
  dayEnd: number | null;
  from: string | null;
}

function diag(ann: Annotation, code: string, message: string): Diagnostic {
  return { range: ann.range, severity: 'error', code, message };
}

/**
 * Resolves anchors (`#name`, `from=name`) of one case and sets `day`/`dayEnd` of its `:day`
 * annotations. Returns the anchors' days and the problems found.
 */
export function resolveAnchors(days: Placed[]): { anchors: Map<string, { day: number | null; ann: Annotation }>; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const defs = new Map<string, Annotation>();
  for (const p of days) {
    const n = p.ann.normalized as DayNormalized | null;
    const name = n?.anchor ?? (p.ann.attributes.id || null);
    if (!name) continue;
    if (defs.has(name)) problems.push(diag(p.ann, 'duplicate-anchor', `Anchor "${name}" is already defined on line ${defs.get(name)!.range.start.line + 1} of this case; give this one another name.`));
    else defs.set(name, p.ann);
  }
  const resolved = new Map<string, number | null>();
  const cyclic = new Set<Annotation>();
  // Iterative, so a chain of thousands of `from=` anchors cannot overflow the stack: follow
  // the chain to a resolved anchor, a day 0, a missing anchor or a loop, then unwind it.
  const anchorDay = (start: string): number | null => {
    const path: string[] = [];
    const onPath = new Set<string>();
    let name: string | null = start;
    let base: number | null = null;
    while (name !== null) {
      if (resolved.has(name)) {
        base = resolved.get(name)!;
        break;
      }
      const def = defs.get(name);
      if (!def) break;
      if (onPath.has(name)) {
        cyclic.add(def);
        break;
      }
      path.push(name);
      onPath.add(name);
      const n = def.normalized as DayNormalized | null;
      if (!n) {
        resolved.set(name, null);
        path.pop();
        break;
      }
      if (!n.from) {
        base = n.relative;
        resolved.set(name, base);
        path.pop();
        break;
      }
      name = n.from;
    }
    // Unwind: every anchor on the path counts from the next one.
    for (let i = path.length - 1; i >= 0; i--) {
      const n = defs.get(path[i])!.normalized as DayNormalized;
      base = base === null ? null : n.relative + base;
      resolved.set(path[i], base);
    }
    return resolved.has(start) ? resolved.get(start)! : base;
  };
  const dayOf = (ann: Annotation): number | null => {
    const n = ann.normalized as DayNormalized | null;
    if (!n) return null;
    if (!n.from) return n.relative;
    const base = anchorDay(n.from);
    return base === null ? null : n.relative + base;
  };
  for (const p of days) {
    const n = p.ann.normalized as DayNormalized | null;
    if (!n) continue;
    if (n.from && !defs.has(n.from)) {
      problems.push(diag(p.ann, 'unknown-anchor', `No :day in this case defines the anchor "${n.from}"; define it with {#${n.from}} on the day it names, or fix the name.`));
    }
    const day = dayOf(p.ann);
    const offset = day === null ? null : day - n.relative;
    p.ann.day = day;
    p.ann.dayEnd = n.dayEnd === null || offset === null ? null : n.dayEnd + offset;
    if (day !== null) p.ann.normalized = { ...n, day, dayEnd: p.ann.dayEnd };
  }
  for (const ann of cyclic) {
    const n = ann.normalized as DayNormalized;
    problems.push(diag(ann, 'anchor-cycle', `Anchor "${n.anchor ?? ann.attributes.id}" counts from "${n.from}", which counts back to it: break the loop with a day that counts from day 0.`));
  }
  const anchors = new Map<string, { day: number | null; ann: Annotation }>();
  for (const [name, ann] of defs) anchors.set(name, { day: anchorDay(name), ann });
  return { anchors, problems };
}

function dated(target: Annotation, by: Annotation, rule: DayRule): void {
  target.day = by.day;
  target.dayEnd = by.dayEnd;
  target.datedBy = { rule, range: by.range, text: by.text } satisfies DatedBy;
}

/** Applies rules 2-5 to the facts of one case (rule 1, `day=`, is applied by the caller). */
export function attributeDays(placed: Placed[]): void {
  const byBlock = new Map<number, Placed[]>();
  for (const p of placed) {
    let list = byBlock.get(p.block);
    if (!list) byBlock.set(p.block, (list = []));
    list.push(p);
  }
  const headingDay = (p: Placed): Annotation | null => {
    for (let i = p.headings.length - 1; i >= 0; i--) {
      const h = p.headings[i];
      if (h.block !== p.block && h.day && h.day.ann.day !== null) return h.day.ann;
    }
    return null;
  };
  // One pass per block: the most recent :day so far, plus the first :day of each clause and
  // sentence (clauses and sentences only grow along a block, so "the last :day earlier in my
  // clause/sentence" is the most recent :day when it shares my clause/sentence).
  for (const items of byBlock.values()) {
    const firstInClause = new Map<number, Annotation>();
    const firstInSentence = new Map<number, Annotation>();
    for (const p of items) {
      if (p.ann.kind !== 'day' || p.ann.day === null) continue;
      if (!firstInClause.has(p.clause)) firstInClause.set(p.clause, p.ann);
      if (!firstInSentence.has(p.sentence)) firstInSentence.set(p.sentence, p.ann);
    }
    let last: Placed | null = null;
    for (const p of items) {
      if (p.ann.kind === 'day') {
        if (p.ann.day !== null) last = p;
        continue;
      }
      if (p.ann.datedBy) continue;
      const clauseDay = firstInClause.get(p.clause);
      if (clauseDay) dated(p.ann, last && last.clause === p.clause ? last.ann : clauseDay, 'clause');
      else if (last && last.sentence === p.sentence) dated(p.ann, last.ann, 'sentence');
      else if (firstInSentence.has(p.sentence)) dated(p.ann, firstInSentence.get(p.sentence)!, 'sentence');
      else if (last) dated(p.ann, last.ann, 'block');
      else {
        const h = headingDay(p);
        if (h) dated(p.ann, h, 'heading');
      }
    }
  }
}
