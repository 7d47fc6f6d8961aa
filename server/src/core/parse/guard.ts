// Guards the Markdown parser against pathological text (a badly converted PDF, a paste gone
// wrong). micromark is correct but some inputs cost it quadratic time or unbounded recursion:
// containers (blockquotes, lists) nested thousands deep overflow the stack, deep one-line
// lists and thousands of emphasis delimiters, brackets or backticks in one paragraph take
// seconds to minutes. A linear pre-scan of each chunk measures those shapes; a chunk over a
// limit is not given to remark but read line by line (plainFacts): its annotations are still
// listed and normalized, and a `too-complex` diagnostic says what to simplify.
//
// The limits and the measurements behind them are in limits.ts.
import type { Range } from '../model.ts';
import type { ChunkFacts, RawEvent, RawProblem } from './extract.ts';
import { extractChunk } from './extract.ts';
import { plainFacts } from './plain.ts';
import { frontMatterEnd } from './chunks.ts';
import { fenceCloses, fenceOpen, type Fence } from './syntax.ts';
import { LIMITS } from './limits.ts';

export { LIMITS };


export interface Complexity {
  /** Offset of the line where the limit was passed. */
  offset: number;
  message: string;
}

/** Container markers (`>`, list bullets, ordered-list numbers) at the start of the line from `i`, plus indentation in pairs of columns. */
function nesting(text: string, i: number, end: number): number {
  let depth = 0;
  let indent = 0;
  let markers = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      // Indentation before the first marker nests a list item under an earlier one.
      if (!markers) indent += c === 9 ? 4 : 1;
      i++;
    } else if (c === 62 /* > */) {
      markers++;
      i++;
    } else if ((c === 45 || c === 42 || c === 43) && (i + 1 >= end || text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
      markers++;
      i++;
    } else if (c >= 48 && c <= 57) {
      let j = i;
      while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const d = text.charCodeAt(j);
      if ((d === 46 || d === 41) && (j + 1 >= end || text.charCodeAt(j + 1) === 32)) {
        markers++;
        i = j + 1;
      } else break;
    } else break;
  }
  if (markers) depth = markers + (indent >> 1);
  return depth;
}

/** The first limit the chunk passes, or null. Linear in the chunk's length. */
export function measure(text: string, first: boolean): Complexity | null {
  let offset = first ? frontMatterEnd(text) : 0;
  let fence: Fence | null = null;
  let runs = 0;
  let ticks = 0;
  let brackets = 0;
  let depth = 0;
  while (offset <= text.length) {
    let end = offset;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const next = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    const c0 = text.charCodeAt(offset);
    // Only lines that could open or close a fence are sliced (the rest are never copied).
    if (fence || c0 === 96 || c0 === 126 || c0 === 32) {
      const line = text.slice(offset, end);
      if (fence) {
        if (fenceCloses(line, fence)) fence = null;
        offset = next;
        continue;
      }
      fence = fenceOpen(line);
      if (fence) {
        offset = next;
        continue;
      }
    }
    let blank = true;
    for (let i = offset; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9) {
        blank = false;
        break;
      }
    }
    if (blank) {
      runs = ticks = brackets = depth = 0;
      offset = next;
      continue;
    }
    const n = nesting(text, offset, end);
    if (n > LIMITS.nesting) {
      return { offset, message: `Blockquotes or lists are nested ${n} deep here (CaseMark reads at most ${LIMITS.nesting}): flatten the nesting, e.g. remove stray ">" or "-" at the start of lines.` };
    }
    for (let i = offset; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) i++;
      else if (c === 42 || c === 95) {
        if (text.charCodeAt(i - 1) !== c) runs++;
      } else if (c === 96) {
        if (text.charCodeAt(i - 1) !== 96) ticks++;
      } else if (c === 91) {
        brackets++;
        depth++;
        if (depth > LIMITS.bracketDepth) return { offset, message: `Square brackets are nested ${depth} deep here (CaseMark reads at most ${LIMITS.bracketDepth}): remove stray "[" or close them.` };
      } else if (c === 93) {
        if (depth > 0) depth--;
      }
    }
    if (runs > LIMITS.delimiterRuns) return { offset, message: `This paragraph has more than ${LIMITS.delimiterRuns} runs of "*" or "_" (emphasis markers): split it with blank lines or escape them as \\* and \\_.` };
    if (ticks > LIMITS.backtickRuns) return { offset, message: `This paragraph has more than ${LIMITS.backtickRuns} runs of backticks: split it with blank lines or escape them as \\\`.` };
    if (brackets > LIMITS.brackets) return { offset, message: `This paragraph has more than ${LIMITS.brackets} "[": split it with blank lines or escape stray ones as \\[.` };
    offset = next;
  }
  return null;
}

/**
 * The facts of one chunk: parsed by remark when it is within the limits, else (or when the
 * parser fails anyway) read line by line with a `too-complex` diagnostic.
 */
export function guardedExtract(text: string, first: boolean): ChunkFacts {
  // micromark drops a byte order mark at the start of its input (any chunk's), which would
  // shift every position on the chunk's first line: parse without it, then shift back.
  if (text.charCodeAt(0) === 0xfeff) return shiftFirstLine(guardedExtract(text.slice(1), first));
  const over = measure(text, first);
  if (!over) {
    try {
      return extractChunk(text, first);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      return plainFacts(text, first, { offset: 0, message: 'This part of the note is too deeply nested for the Markdown parser: simplify its structure (nesting, brackets, emphasis).' });
    }
  }
  return plainFacts(text, first, over);
}

function shiftFirstLine(facts: ChunkFacts): ChunkFacts {
  const shift = (r: Range): Range => ({
    start: r.start.line === 0 ? { line: 0, character: r.start.character + 1 } : r.start,
    end: r.end.line === 0 ? { line: 0, character: r.end.character + 1 } : r.end,
  });
  return {
    ...facts,
    events: facts.events.map((e): RawEvent => {
      if (e.type === 'directive') return { type: e.type, value: { ...e.value, range: shift(e.value.range), labelRange: shift(e.value.labelRange) } };
      if (e.type === 'case') return { type: e.type, value: { ...e.value, range: shift(e.value.range), idRange: e.value.idRange && shift(e.value.idRange) } };
      return { type: e.type, value: { ...e.value, range: shift(e.value.range) } };
    }),
    blocks: facts.blocks.map((b) => ({ ...b, range: shift(b.range) })),
    comments: facts.comments.map((c) => ({ ...c, range: shift(c.range) })),
    problems: facts.problems.map((p): RawProblem => ({ ...p, range: shift(p.range), ...(p.nameRange ? { nameRange: shift(p.nameRange) } : {}) })),
  };
}
