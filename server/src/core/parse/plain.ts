// The line-by-line reading of a chunk the Markdown parser is not given (guard.ts): the text
// stays text, but its `::case` lines, directives and disable comments are read as the index
// scan reads them, so no annotation of a pathological block is lost. Each run of non-blank
// lines is one block (so a dose still finds the drug of its paragraph); sentences and
// clauses are segmented as usual.
import type { AnnotationKind } from '../model.ts';
import { attributes } from '../scan.ts';
import { frontMatterEnd } from './chunks.ts';
import type { ChunkFacts, RawProblem } from './extract.ts';
import { LIMITS } from './limits.ts';
import { LineIndex } from './lines.ts';
import { segmentBlock } from './segments.ts';
import { closingBracket, DISABLE_COMMENT, fenceCloses, fenceOpen, type Fence } from './syntax.ts';

const DIRECTIVE = /(?<![\\:]):(drug|dose|day|lab)\[/g;
const CASE = /^ {0,3}::case\[/;
/** How far a label's closing `]` is looked for: labels longer than LIMITS.label are not read anyway. */
const LOOKAHEAD = LIMITS.label + 1;

interface Found {
  kind: AnnotationKind;
  start: number;
  end: number;
  labelStart: number;
  labelEnd: number;
  attrs: Record<string, string>;
}

export function plainFacts(text: string, first: boolean, over: { offset: number; message: string }): ChunkFacts {
  const index = new LineIndex(text);
  const facts: ChunkFacts = { events: [], blocks: [], comments: [], problems: [], frontMatter: null, open: false };
  const overLine = index.position(over.offset).line;
  const tooComplex: RawProblem = {
    code: 'too-complex',
    message: `${over.message} Until then this block is read as plain text, line by line.`,
    range: index.range(index.starts[overLine], index.starts[overLine] + index.lineText(overLine).length),
  };
  facts.problems.push(tooComplex);

  let line = 0;
  if (first) {
    const fm = frontMatterEnd(text);
    if (fm) {
      const endLine = index.position(fm).line;
      const lines: string[] = [];
      for (let l = 1; l < endLine - 1; l++) lines.push(index.lineText(l));
      facts.frontMatter = lines.join('\n');
      line = endLine;
    }
  }

  let fence: Fence | null = null;
  let block: Found[] = [];
  let blockStart = -1;
  let blockEnd = -1;
  const flush = (): void => {
    if (blockStart < 0) return;
    const b = facts.blocks.length;
    facts.blocks.push({ type: 'paragraph', depth: 0, range: index.range(blockStart, blockEnd) });
    if (block.length) {
      const node = { type: 'paragraph', children: [], position: { start: { line: 1, column: 1, offset: blockStart }, end: { line: 1, column: 1, offset: blockEnd } } } as const;
      const seg = segmentBlock(text, node as never, block.map((d) => [d.start, d.end, d.kind === 'day']));
      block.forEach((d, i) => {
        const label = text.slice(d.labelStart, d.labelEnd);
        // What the normalizers read: backslash escapes resolved (emphasis stays text here).
        const plain = label.replace(/\\([!-/:-@[-`{-~])/g, '$1');
        facts.events.push({
          type: 'directive',
          value: {
            kind: d.kind,
            text: label,
            ...(plain !== label ? { plain } : {}),
            range: index.range(d.start, d.end),
            labelRange: index.range(d.labelStart, d.labelEnd),
            attributes: d.attrs,
            block: b,
            sentence: seg.sentence[i],
            clause: seg.clause[i],
          },
        });
      });
    }
    block = [];
    blockStart = blockEnd = -1;
  };

  for (; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const at = index.starts[line];
    if (fence) {
      if (fenceCloses(raw, fence)) fence = null;
      continue;
    }
    fence = fenceOpen(raw);
    if (fence) {
      flush();
      continue;
    }
    if (/^[ \t]*$/.test(raw)) {
      flush();
      continue;
    }
    if (raw.includes('casemark-')) {
      DISABLE_COMMENT.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = DISABLE_COMMENT.exec(raw))) {
        facts.comments.push({ directive: m[1] as ChunkFacts['comments'][number]['directive'], codes: m[2].split(/[\s,]+/).filter(Boolean), range: index.range(at + m.index, at + m.index + m[0].length) });
      }
    }
    if (CASE.test(raw)) {
      const open = raw.indexOf('[');
      const close = closingBracket(raw, open + 1);
      const rest = close < 0 ? null : raw[close + 1] === '{' ? attributes(raw, close + 1) : { attrs: {}, end: close + 1, idAt: null };
      if (rest && /^[ \t]*$/.test(raw.slice(rest.end))) {
        flush();
        const start = raw.indexOf(':');
        facts.events.push({
          type: 'case',
          value: {
            title: raw.slice(open + 1, close).trim(),
            attributes: rest.attrs,
            range: index.range(at + start, at + rest.end),
            idRange: rest.idAt ? index.range(at + rest.idAt[0], at + rest.idAt[1]) : null,
          },
        });
        continue;
      }
    }
    if (blockStart < 0) blockStart = at;
    blockEnd = at + raw.length;
    if (!raw.includes(':')) continue;
    DIRECTIVE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DIRECTIVE.exec(raw))) {
      const labelStart = m.index + m[0].length;
      // Bounded look-ahead: a line of thousands of unclosed `:drug[` stays linear.
      const close = closingBracket(raw, labelStart, Math.min(raw.length, labelStart + LOOKAHEAD));
      if (close < 0) {
        facts.problems.push({
          code: 'unterminated-directive',
          message: `This :${m[1]}[ is not a complete annotation: close its label with "]" on the same line, within ${LIMITS.label} characters; until then it is plain text.`,
          range: index.range(at + m.index, at + raw.length),
        });
        continue;
      }
      let end = close + 1;
      let attrs: Record<string, string> = {};
      if (raw[end] === '{') {
        const a = attributes(raw, end);
        if (a) {
          attrs = a.attrs;
          end = a.end;
        }
      }
      block.push({ kind: m[1] as AnnotationKind, start: at + m.index, end: at + end, labelStart: at + labelStart, labelEnd: at + close, attrs });
      DIRECTIVE.lastIndex = end;
    }
  }
  flush();
  return facts;
}
