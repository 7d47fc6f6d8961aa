// Which characters of a note suggestions may touch (spec section 9): not front matter, code
// (fenced or inline), HTML (blocks, inline tags, comments), a link's URL, a reference
// definition, or any directive (`:drug[…]{…}`, `::case[…]{…}`, another tool's `:x[…]`).
// The result is the note with every other character replaced by NUL and line breaks kept,
// so offsets into it are offsets into the note and no word or number runs across a hole.
import { frontMatterEnd } from '../parse/chunks.ts';
import { closingBracket, fenceCloses, fenceOpen, HTML_OPENERS, htmlBlockEnd, type Fence } from '../parse/syntax.ts';
import { HTML_6, HTML_7 } from '../scan.ts';

export const HOLE = '\u0000';

/** A directive already in the note: its name, label and where it sits. */
export interface ExistingDirective {
  name: string;
  label: string;
  attrs: string;
  start: number;
  end: number;
}

export interface MaskedNote {
  /** The note with every character suggestions may not touch replaced by HOLE. */
  text: string;
  directives: ExistingDirective[];
}

const DIRECTIVE = /(?<![\\\p{L}\p{N}]):{1,3}([A-Za-z][\w-]*)(?=[[{])/gu;
const CODE_SPAN = /(`+)(?!`)[^]*?[^`]\1(?!`)/g;
// An inline element with its content (`<span>rituximab</span>`), a comment, a tag, an autolink.
const INLINE_HTML = /<([A-Za-z][\w-]*)\b[^<>\n]*>[^\n]*?<\/\1\s*>|<!--[^]*?-->|<\/?[A-Za-z][^<>\n]*>|<(?:https?|mailto|ftp):[^<>\s]*>/g;
const LINK_URL = /\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>()]+|\b10\.\d{4,9}\/\S+/g;
const REF_DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$/gm;

export function maskNote(note: string): MaskedNote {
  flat(note);
  const blocks: [number, number][] = [[0, frontMatterEnd(note)]];
  maskBlocks(note, frontMatterEnd(note), (a, b) => blocks.push([a, b]));
  let text = punch(note, blocks);

  // Inline constructs, in CommonMark's order of precedence: code spans first, then HTML.
  const inline: [number, number][] = [];
  for (const re of [CODE_SPAN, INLINE_HTML, REF_DEFINITION]) {
    for (const m of text.matchAll(re)) inline.push([m.index, m.index + m[0].length]);
  }
  text = punch(text, inline);
  const directives: ExistingDirective[] = [];
  const holes: [number, number][] = [];
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(text))) {
    const start = m.index;
    let end = start + m[0].length;
    let label = '';
    if (text[end] === '[') {
      // A label may span lines but not paragraphs: look no further than the next blank line.
      const blank = text.slice(end, end + 2000).search(/\n[ \t]*\n/);
      const close = closingBracket(text, end + 1, blank < 0 ? Math.min(text.length, end + 2000) : end + blank);
      if (close < 0) {
        holes.push([start, end + 1]);
        continue;
      }
      label = note.slice(end + 1, close);
      end = close + 1;
    }
    let attrs = '';
    if (text[end] === '{') {
      const close = text.indexOf('}', end);
      if (close >= 0 && !text.slice(end, close).includes('\n\n')) {
        attrs = note.slice(end + 1, close);
        end = close + 1;
      }
    }
    directives.push({ name: m[1], label, attrs, start, end });
    holes.push([start, end]);
    DIRECTIVE.lastIndex = end;
  }
  text = punch(text, holes);
  const urls: [number, number][] = [];
  for (const re of [LINK_URL, BARE_URL]) {
    for (const u of text.matchAll(re)) urls.push([u.index + (re === LINK_URL ? 1 : 0), u.index + u[0].length]);
  }
  return { text: flat(punch(text, urls)), directives };
}

/**
 * The same string, stored as one flat sequence. A string built by many concatenations (an
 * editor's incremental edits, `+=` in a loop) is a tree in V8, and reading it character by
 * character walks that tree each time: the scans below took seconds instead of milliseconds
 * on such a 100 KB note. Converting it to a number flattens it in place (as `flatstr` does).
 */
export function flat(s: string): string {
  void ((s as unknown as number) | 0);
  return s;
}

/** The text with the given spans (any order, may overlap) replaced by HOLE, line breaks kept. */
function punch(text: string, spans: [number, number][]): string {
  const live = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  if (!live.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [a, b] of live) {
    const from = Math.max(a, at);
    if (b <= from) continue;
    const hole = text.slice(from, b);
    parts.push(text.slice(at, from), /[\r\n]/.test(hole) ? hole.replace(/[^\r\n]/g, HOLE) : HOLE.repeat(hole.length));
    at = b;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Fenced code and HTML blocks, line by line as the index scan reads them. */
function maskBlocks(note: string, from: number, hole: (a: number, b: number) => void): void {
  let fence: Fence | null = null;
  let htmlEnd: RegExp | null = null;
  let htmlToBlank = false;
  let prevBlank = true;
  let pos = from;
  while (pos < note.length) {
    const nl = note.indexOf('\n', pos);
    const lineEnd = nl < 0 ? note.length : nl;
    const line = note.slice(pos, lineEnd).replace(/\r$/, '');
    const blank = /^[ \t]*$/.test(line);
    let masked = false;
    if (fence) {
      if (fenceCloses(line, fence)) fence = null;
      masked = true;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = null;
      masked = true;
    } else if (htmlToBlank) {
      if (blank) htmlToBlank = false;
      else masked = true;
    } else if ((fence = fenceOpen(line))) {
      masked = true;
    } else if (HTML_OPENERS.some(([open]) => open.test(line))) {
      htmlEnd = htmlBlockEnd(line);
      masked = true;
    } else if (HTML_6.test(line) || (prevBlank && HTML_7.test(line))) {
      htmlToBlank = true;
      masked = true;
    }
    if (masked) hole(pos, lineEnd);
    prevBlank = blank;
    pos = lineEnd + 1;
  }
}
