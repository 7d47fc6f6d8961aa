// A fast index scan of a note, for the notes of a workspace that are not open: their cases
// (workspace symbols, duplicate ids), the lexicon keys of their drugs and labs (references)
// and their disable comments. It reads lines, not a syntax tree — about ten times faster
// than analyzeDocument — so the first index of a large workspace takes seconds per thousand
// notes. It skips what Markdown makes text (front matter, fences, HTML blocks, code spans)
// the way splitChunks does, and normalizes with the core's own functions, so its keys are the
// analysis's keys; a note that is opened gets the full analysis. Tests compare both.
import type { Range, Suppression } from './model.ts';
import type { Lexicon } from './lexicon/lexicon.ts';
import { frontMatterEnd } from './parse/chunks.ts';
import { closingBracket, DISABLE_COMMENT, fenceCloses, fenceOpen, HTML_OPENERS, htmlBlockEnd, type Fence } from './parse/syntax.ts';
import { normalizeDrug } from './normalize/drug.ts';
import { normalizeLab } from './normalize/lab.ts';

export interface ScannedCase {
  id: string;
  title: string;
  implicit: boolean;
  headerRange: Range;
  range: Range;
  idRange: Range | null;
}

export interface ScanResult {
  cases: ScannedCase[];
  /** `drug:<key>` or `lab:<key>` and the directive's range, in document order. */
  refs: { key: string; range: Range }[];
  suppressions: Suppression[];
}

// CommonMark HTML blocks of type 6 (block-level tag names) and 7 (a lone complete tag, which
// cannot interrupt a paragraph) run to the next blank line.
export const HTML_6 = /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|\/?>|$)/i;
export const HTML_7 = /^ {0,3}<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>\s*$/;
const DIRECTIVE = /(?<![:\\]):(drug|lab)\[/g;
const CASE = /^ {0,3}::case\[/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/** Attributes of `{…}` as remark-directive reads them (`#id`, `.class`, `k=v`, `k="v"`), or null if malformed. */
export function attributes(line: string, from: number): { attrs: Record<string, string>; end: number; idAt: [number, number] | null } | null {
  const attrs: Record<string, string> = {};
  let idAt: [number, number] | null = null;
  const re = /\s*(?:#([^\s"'<=>`{}#.]+)|\.([^\s"'<=>`{}#.]+)|([A-Za-z_:][\w.:-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`{}]+)))?)/y;
  let i = from + 1;
  for (;;) {
    const close = /\s*\}/y;
    close.lastIndex = i;
    if (close.exec(line)) return { attrs, end: close.lastIndex, idAt };
    re.lastIndex = i;
    const m = re.exec(line);
    if (!m || re.lastIndex === i) return null;
    if (m[1] !== undefined) {
      attrs.id = m[1];
      idAt = [re.lastIndex - m[1].length, re.lastIndex];
    } else if (m[2] !== undefined) attrs.class = attrs.class ? `${attrs.class} ${m[2]}` : m[2];
    else {
      const value = m[4] ?? m[5] ?? m[6] ?? '';
      attrs[m[3]] = value;
      if (m[3] === 'id') idAt = [re.lastIndex - value.length - (m[4] !== undefined || m[5] !== undefined ? 1 : 0), re.lastIndex - (m[4] !== undefined || m[5] !== undefined ? 1 : 0)];
    }
    i = re.lastIndex;
  }
}

/** Blanks out code spans on a line (same-length backtick runs), keeping offsets. */
function withoutCodeSpans(line: string): string {
  if (!line.includes('`')) return line;
  return line.replace(/(`+)([^`]|[^`][^]*?[^`])\1(?!`)/g, (m) => ' '.repeat(m.length));
}

function unescapeLabel(label: string): string {
  return label.replace(/\\([!-/:-@[-`{-~])/g, '$1').trim();
}

export function scanNote(text: string, fileId: string, lexicon: Lexicon): ScanResult {
  const lines = text.split(/\r\n|\r|\n/);
  const fmEnd = frontMatterEnd(text);
  const fmLines = fmEnd ? text.slice(0, fmEnd).split(/\r\n|\r|\n/).length - 1 : 0;
  const cases: ScannedCase[] = [];
  const refs: ScanResult['refs'] = [];
  const suppressions: Suppression[] = [];
  let firstHeading: string | null = null;
  let anyDirective = false;
  let fence: Fence | null = null;
  let htmlEnd: RegExp | null = null;
  let htmlToBlank = false;
  let prevBlank = true;
  const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });

  for (let n = fmLines; n < lines.length; n++) {
    const raw = lines[n];
    const blank = /^[ \t]*$/.test(raw);
    if (fence) {
      if (fenceCloses(raw, fence)) fence = null;
      prevBlank = blank;
      continue;
    }
    if (!htmlEnd && !htmlToBlank) {
      fence = fenceOpen(raw);
      if (fence) {
        prevBlank = blank;
        continue;
      }
      if (HTML_OPENERS.some(([open]) => open.test(raw))) htmlEnd = htmlBlockEnd(raw);
      else if (HTML_6.test(raw) || (prevBlank && HTML_7.test(raw))) {
        htmlToBlank = true;
      }
    } else if (htmlEnd) {
      if (htmlEnd.test(raw)) htmlEnd = null;
    } else if (blank) htmlToBlank = false;
    prevBlank = blank;

    // Disable comments live in HTML (blocks or inline), never in code.
    const line = withoutCodeSpans(raw);
    if (line.includes('casemark-')) {
      DISABLE_COMMENT.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = DISABLE_COMMENT.exec(line))) {
        suppressions.push({ directive: m[1] as Suppression['directive'], codes: m[2].split(/[\s,]+/).filter(Boolean), range: range(n, m.index, m.index + m[0].length) });
      }
    }
    if (htmlEnd || htmlToBlank) continue;
    if (firstHeading === null) {
      const h = HEADING.exec(line);
      if (h) firstHeading = (h[1] ?? '').trim();
    }
    if (CASE.test(line)) {
      const open = line.indexOf('[');
      const close = closingBracket(line, open + 1);
      const rest = close < 0 ? null : line[close + 1] === '{' ? attributes(line, close + 1) : { attrs: {}, end: close + 1, idAt: null };
      if (rest && /^[ \t]*$/.test(line.slice(rest.end))) {
        const start = line.indexOf(':');
        const id = rest.attrs.id || `${fileId}-${cases.length + 1}`;
        cases.push({
          id,
          title: unescapeLabel(line.slice(open + 1, close)),
          implicit: false,
          headerRange: range(n, start, rest.end),
          range: range(n, start, rest.end),
          idRange: rest.idAt ? range(n, rest.idAt[0], rest.idAt[1]) : null,
        });
        continue;
      }
    }
    if (!line.includes(':')) continue;
    DIRECTIVE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DIRECTIVE.exec(line))) {
      const close = closingBracket(line, m.index + m[0].length);
      if (close < 0) continue;
      let end = close + 1;
      let attrs: Record<string, string> = {};
      if (line[end] === '{') {
        const a = attributes(line, end);
        if (!a) continue;
        attrs = a.attrs;
        end = a.end;
      }
      anyDirective = true;
      const label = unescapeLabel(line.slice(m.index + m[0].length, close));
      const key = m[1] === 'drug' ? normalizeDrug(label, attrs, lexicon).normalized?.key : normalizeLab(label, attrs, lexicon, null).normalized?.key;
      if (key) refs.push({ key: `${m[1]}:${key}`, range: range(n, m.index, end) });
      DIRECTIVE.lastIndex = end;
    }
    if (!anyDirective && /(?<![:\\]):(?:dose|day)\[/.test(line)) anyDirective = true;
  }

  // Cases run to the line before the next one, the last to the end of the file.
  const last = { line: lines.length - 1, character: lines[lines.length - 1].length };
  cases.forEach((c, i) => {
    const next = cases[i + 1];
    const endLine = next ? Math.max(0, next.headerRange.start.line - 1) : last.line;
    c.range = { start: c.headerRange.start, end: next ? { line: endLine, character: lines[endLine].length } : last };
  });
  if (!cases.length && anyDirective) {
    cases.push({ id: fileId, title: firstHeading ?? '', implicit: true, headerRange: range(0, 0, 0), range: { start: { line: 0, character: 0 }, end: last }, idRange: null });
  }
  return { cases, refs, suppressions };
}
