// Line-level Markdown syntax shared by the chunker (chunks.ts), the tree extraction
// (extract.ts) and the index scan (scan.ts), so the three agree on what is code, HTML and a
// disable comment.

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

export interface Fence {
  char: string;
  length: number;
}

/** The fence a line opens (a backtick fence's info string may not contain backticks), or null. */
export function fenceOpen(line: string): Fence | null {
  const f = FENCE.exec(line);
  if (!f || (f[1][0] === '`' && f[2].includes('`'))) return null;
  return { char: f[1][0], length: f[1].length };
}

/** Whether a line closes an open fence: the same character, at least as long, nothing after. */
export function fenceCloses(line: string, fence: Fence): boolean {
  const m = FENCE.exec(line);
  return !!m && m[1][0] === fence.char && m[1].length >= fence.length && /^[ \t]*$/.test(m[2]);
}

/** HTML blocks of CommonMark types 1-5: opener, and the marker that ends them (blank lines do not). */
export const HTML_OPENERS: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/** The end marker of the HTML block a line opens and leaves open, or null. */
export function htmlBlockEnd(line: string): RegExp | null {
  for (const [open, close] of HTML_OPENERS) {
    if (open.test(line)) return close.test(line.replace(open, '')) ? null : close;
  }
  return null;
}

/** `<!-- casemark-disable… codes -->` (global: reset lastIndex before use). */
export const DISABLE_COMMENT = /<!--\s*casemark-(disable-next-line|disable-line|disable-file|disable|enable)\b([^]*?)-->/g;

/** Index of the `]` closing a label whose text starts at `from`, or -1 (brackets nest, `\` escapes). */
export function closingBracket(text: string, from: number, limit = text.length): number {
  let depth = 1;
  for (let j = from; j < limit; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j;
  }
  return -1;
}
