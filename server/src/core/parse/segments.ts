// Sentences and clauses of a block (spec section 3). A sentence ends at `.`, `;`, `!` or `?`
// followed by white space; a clause at `,` followed by white space; in a table row each cell
// is a clause of the row's one sentence. Directives are masked first, so punctuation inside
// a label or its attributes never ends anything.
import type { Nodes } from 'mdast';

export interface Segmentation {
  /** Sentence index (within the block) of each directive, in the order given. */
  sentence: number[];
  /** Clause index (within the block, counting across sentences) of each directive. */
  clause: number[];
}

export function segmentBlock(text: string, block: Nodes, directives: [number, number][]): Segmentation {
  const start = block.position?.start.offset ?? 0;
  const end = block.position?.end.offset ?? text.length;
  if (block.type === 'tableRow') {
    const cells = block.children.map((c) => c.position?.end.offset ?? end);
    return {
      sentence: directives.map(() => 0),
      clause: directives.map(([s]) => {
        const i = cells.findIndex((cellEnd) => s < cellEnd);
        return i < 0 ? cells.length - 1 : i;
      }),
    };
  }
  const sentence: number[] = [];
  const clause: number[] = [];
  let s = 0;
  let c = 0;
  let d = 0;
  for (let i = start; i < end && d < directives.length; i++) {
    if (i === directives[d][0]) {
      sentence.push(s);
      clause.push(c);
      i = directives[d][1] - 1;
      d++;
      // Nested directives (inside a label) share their parent's place.
      while (d < directives.length && directives[d][0] < i + 1) {
        sentence.push(s);
        clause.push(c);
        d++;
      }
      continue;
    }
    const ch = text[i];
    const next = text[i + 1];
    const spaceNext = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r' || next === '\u00a0';
    if (!spaceNext) continue;
    if (ch === '.' || ch === ';' || ch === '!' || ch === '?') {
      s++;
      c++;
    } else if (ch === ',') c++;
  }
  while (sentence.length < directives.length) {
    sentence.push(s);
    clause.push(c);
  }
  return { sentence, clause };
}
