// Splits a note into top-level chunks that remark can parse independently, so that an edit
// re-parses only the chunks it touches (the full remark stack runs at ~0.2 MB/s; one 1 KB
// chunk costs ~1.5 ms). A split is only made where Markdown itself starts a new top-level
// block: a line at column 0 after a blank line, outside front matter, fenced code, HTML
// blocks that may span blank lines, and directive containers. Fewer splits are always safe;
// extract.ts re-joins a chunk that remark reports as still open at its end.
import { fenceCloses, fenceOpen, htmlBlockEnd, type Fence } from './syntax.ts';

/**
 * Chunks grow to about this many characters before a split: each remark parse has a fixed
 * cost, so very small chunks parse slower in total, while ~1-2 KB re-parses in a millisecond
 * or two. A `::case` line always starts a chunk, so chunk boundaries resynchronize after an
 * edit and whole cases are reused.
 */
const TARGET_CHUNK = 1024;

export interface Chunk {
  text: string;
  /** Offset of the chunk in the document. */
  offset: number;
  /** Zero-based line of the chunk's first character. */
  line: number;
}

const CONTAINER_OPEN = /^ {0,3}(:{3,})\s*[A-Za-z]/;
const CONTAINER_CLOSE = /^ {0,3}(:{3,})\s*$/;

/** Lines with their offsets; a line keeps its own line break. */
function* lines(text: string): Generator<{ text: string; offset: number; index: number }> {
  let offset = 0;
  let index = 0;
  const re = /\r\n|\r|\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    yield { text: text.slice(offset, m.index), offset, index };
    offset = m.index + m[0].length;
    index++;
  }
  yield { text: text.slice(offset), offset, index };
}

/** Where front matter ends (offset after its closing line), or 0 when there is none. */
export function frontMatterEnd(text: string): number {
  const first = /^\ufeff?(---|\+\+\+)[ \t]*(\r\n|\r|\n)/.exec(text);
  if (!first) return 0;
  const fence = first[1];
  const close = new RegExp(`(?:\\r\\n|\\r|\\n)${fence === '---' ? '---' : '\\+\\+\\+'}[ \\t]*(?:\\r\\n|\\r|\\n|$)`, 'g');
  close.lastIndex = first[0].length - first[2].length;
  const m = close.exec(text);
  return m ? m.index + m[0].length : 0;
}

export function splitChunks(text: string): Chunk[] {
  return scan(text, 0, 0, null).chunks;
}

/** True when the text has a lone \r line break (rare; the fast path handles \n and \r\n). */
export function hasLoneCr(text: string): boolean {
  return text.indexOf('\r') >= 0 && /\r(?!\n)/.test(text);
}

/**
 * Splits from `from` (a chunk start, line `fromLine`) onwards. When `resync` is given and a
 * split lands on one of its offsets, the scan stops there: from a split on, the chunks depend
 * only on the text after it, so the caller reuses the chunks it already had (rechunk.ts).
 */
export function scan(text: string, from: number, fromLine: number, resync: Map<number, number> | null): { chunks: Chunk[]; stoppedAt: { offset: number; line: number } | null } {
  const chunks: Chunk[] = [];
  const fmEnd = from === 0 ? frontMatterEnd(text) : 0;
  const lineList = hasLoneCr(text) ? [...lines(text)] : null;
  let chunkStart = from;
  let chunkLine = fromLine;
  let prevBlank = false;
  let fence: Fence | null = null;
  let htmlEnd: RegExp | null = null;
  let containerDepth = 0;
  let offset = from;
  let index = fromLine;

  // One pass over the lines; a line is only sliced out when its first characters could open
  // or close a construct (the text of most lines is never copied).
  for (;;) {
    let end: number;
    let next: number;
    if (lineList) {
      if (index >= lineList.length) break;
      offset = lineList[index].offset;
      end = offset + lineList[index].text.length;
      next = index + 1 < lineList.length ? lineList[index + 1].offset : text.length + 1;
    } else {
      if (offset > text.length) break;
      const n = text.indexOf('\n', offset);
      end = n < 0 ? text.length : n;
      next = n < 0 ? text.length + 1 : n + 1;
      if (end > offset && text.charCodeAt(end - 1) === 13) end--;
    }
    if (offset >= fmEnd) {
      let first = offset;
      while (first < end && first - offset < 4 && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
      const blank = first === end && (end - offset < 4 || /^[ \t]*$/.test(text.slice(offset, end)));
      const c0 = text.charCodeAt(offset);
      const canSplit =
        prevBlank &&
        !fence &&
        !htmlEnd &&
        containerDepth === 0 &&
        end > offset &&
        c0 !== 32 &&
        c0 !== 9 &&
        offset > chunkStart &&
        (offset - chunkStart >= TARGET_CHUNK || text.startsWith('::case', offset));
      if (canSplit) {
        chunks.push({ text: text.slice(chunkStart, offset), offset: chunkStart, line: chunkLine });
        if (resync?.has(offset)) return { chunks, stoppedAt: { offset, line: index } };
        chunkStart = offset;
        chunkLine = index;
      }
      prevBlank = blank;
      const c = text.charCodeAt(first);
      const interesting = c === 96 /* ` */ || c === 126 /* ~ */ || c === 60 /* < */ || c === 58; /* : */
      if (fence || htmlEnd || interesting) {
        const t = text.slice(offset, end);
        if (fence) {
          if (fenceCloses(t, fence)) fence = null;
        } else if (htmlEnd) {
          if (htmlEnd.test(t)) htmlEnd = null;
        } else {
          fence = fenceOpen(t);
          if (!fence) {
            htmlEnd = htmlBlockEnd(t);
            if (CONTAINER_OPEN.test(t)) containerDepth++;
            else if (containerDepth > 0 && CONTAINER_CLOSE.test(t)) containerDepth--;
          }
        }
      }
    }
    offset = next;
    index++;
  }
  chunks.push({ text: text.slice(chunkStart), offset: chunkStart, line: chunkLine });
  return { chunks, stoppedAt: null };
}
