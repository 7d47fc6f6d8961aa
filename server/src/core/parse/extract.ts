// Parses one chunk with the remark stack and extracts what the analysis needs, with ranges
// relative to the chunk (line 0 = the chunk's first line), so a chunk parsed once is reused
// wherever it moves in the document.
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import remarkDirective from 'remark-directive';
import { toString } from 'mdast-util-to-string';
import type { Nodes, Parents, Root } from 'mdast';
import type { AnnotationKind, Range, Suppression } from '../model.ts';
import { LineIndex } from './lines.ts';
import { segmentBlock, type Segmentation } from './segments.ts';
import { closingBracket, DISABLE_COMMENT } from './syntax.ts';

export interface RawDirective {
  kind: AnnotationKind;
  /** The label exactly as written between its brackets (spec section 1). */
  text: string;
  /** What the normalizers read: the label with Markdown emphasis and escapes resolved; absent when equal to `text`. */
  plain?: string;
  range: Range;
  labelRange: Range;
  attributes: Record<string, string>;
  /** Index of the block (paragraph, heading, table row) in the chunk. */
  block: number;
  sentence: number;
  clause: number;
}

export interface RawBlock {
  type: 'paragraph' | 'heading' | 'row' | 'other';
  depth: number;
  range: Range;
}

export interface RawCase {
  title: string;
  attributes: Record<string, string>;
  range: Range;
  /** Range of the id's text inside `{#id}` or `id=…`, when present. */
  idRange: Range | null;
}

export interface RawHeading {
  depth: number;
  text: string;
  range: Range;
  block: number;
}

export type RawComment = Suppression;

export interface RawProblem {
  code: 'unknown-directive' | 'unterminated-directive' | 'too-complex';
  message: string;
  range: Range;
  /** For near misses: the directive name that was meant. */
  meant?: string;
  nameRange?: Range;
}

export type RawEvent =
  | { type: 'case'; value: RawCase }
  | { type: 'heading'; value: RawHeading }
  | { type: 'directive'; value: RawDirective };

export interface ChunkFacts {
  /** Cases, headings and annotations in document order. */
  events: RawEvent[];
  blocks: RawBlock[];
  comments: RawComment[];
  problems: RawProblem[];
  /** YAML front matter text (first chunk only). */
  frontMatter: string | null;
  /** True when the chunk ends inside a construct that continues past it (fenced code, HTML). */
  open: boolean;
}

const KINDS = new Set<string>(['drug', 'dose', 'day', 'lab']);
const NAMES = ['drug', 'dose', 'day', 'lab', 'case'];

/**
 * GFM tables, the part of GFM the language gives a meaning to (each row is a block), as
 * remark-gfm adds them. The rest of GFM (autolink literals, footnotes, strikethrough, task
 * lists) changes no annotation and cost a third of the parse time, so it is left out.
 */
function gfmTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

const bodyParser = unified().use(remarkParse).use(gfmTables).use(remarkDirective).freeze();
const firstParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(gfmTables).use(remarkDirective).freeze();

type DirectiveNode = Extract<Nodes, { type: 'textDirective' | 'leafDirective' | 'containerDirective' }>;

function attributesOf(node: DirectiveNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attributes ?? {})) out[k] = v ?? '';
  return out;
}

/** Optimal-string-alignment distance (a transposition counts once: `durg` → `drug`). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The directive name a near miss was meant to be (`durg` → `drug`), if any. */
function nearName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (NAMES.includes(lower)) return lower;
  if (name.length < 3 || name.length > 6) return undefined;
  return NAMES.find((target) => distance(lower, target) <= 1);
}

const UNTERMINATED = /:(drug|dose|day|lab)\[/g;

export function extractChunk(text: string, first: boolean): ChunkFacts {
  const tree = (first ? firstParser : bodyParser).parse(text) as Root;
  const index = new LineIndex(text);
  const facts: ChunkFacts = { events: [], blocks: [], comments: [], problems: [], frontMatter: null, open: false };
  const range = (node: { position?: { start: { offset?: number }; end: { offset?: number } } }): Range =>
    index.range(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);

  // Directives of the block being walked, segmented once the block is complete.
  const visit = (node: Nodes, block: number, pending: { node: DirectiveNode; offset: number }[]): void => {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
      case 'tableRow': {
        const b = facts.blocks.length;
        const type = node.type === 'tableRow' ? 'row' : node.type;
        facts.blocks.push({ type, depth: node.type === 'heading' ? node.depth : 0, range: range(node) });
        if (node.type === 'heading') {
          facts.events.push({ type: 'heading', value: { depth: node.depth, text: toString(node).trim(), range: range(node), block: b } });
        }
        const own: { node: DirectiveNode; offset: number }[] = [];
        for (const child of node.children) visit(child as Nodes, b, own);
        if (own.length) addDirectives(node, b, own);
        return;
      }
      case 'textDirective':
      case 'leafDirective':
      case 'containerDirective':
        directive(node, block, pending);
        return;
      case 'yaml':
        if (first) facts.frontMatter = node.value;
        return;
      case 'html':
        comments(node.value, node.position?.start.offset ?? 0);
        if (node === tree.children[tree.children.length - 1] && htmlOpen(node.value)) facts.open = true;
        return;
      case 'text':
        unterminated(node.value, node.position?.start.offset ?? 0);
        return;
      case 'code':
      case 'inlineCode':
        return;
    }
    if ('children' in node) for (const child of (node as Parents).children) visit(child as Nodes, block, pending);
  };

  const directive = (node: DirectiveNode, block: number, pending: { node: DirectiveNode; offset: number }[]): void => {
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    if (node.name === 'case' && node.type === 'leafDirective') {
      facts.events.push({ type: 'case', value: caseOf(node, start, end) });
      return;
    }
    if (KINDS.has(node.name) && node.type !== 'containerDirective' && end === start + (node.type === 'leafDirective' ? 2 : 1) + node.name.length && text[end] === '[') {
      // `:drug[` whose label never closes: micromark keeps a bare `:drug` and the rest as text.
      unterminatedAt(node.name, start);
      return;
    }
    if (KINDS.has(node.name) && node.type !== 'containerDirective') {
      if (block < 0) {
        // A leaf directive (`::drug[...]` on its own line) is a block of its own.
        const b = facts.blocks.length;
        facts.blocks.push({ type: 'other', depth: 0, range: range(node) });
        addDirectives(node, b, [{ node, offset: start }]);
      } else pending.push({ node, offset: start });
      return;
    }
    const meant = nearName(node.name);
    if (meant === 'case' && node.name === 'case') {
      facts.problems.push({ code: 'unknown-directive', message: 'A case starts with "::case[Title]{#id}" on a line of its own.', range: index.range(start, end) });
    } else if (meant) {
      const colons = node.type === 'textDirective' ? 1 : node.type === 'leafDirective' ? 2 : 3;
      facts.problems.push({
        code: 'unknown-directive',
        message: `Unknown directive "${node.name}": did you mean "${meant}"?`,
        range: index.range(start, end),
        meant,
        nameRange: index.range(start + colons, start + colons + node.name.length),
      });
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes, block, pending);
  };

  const addDirectives = (blockNode: Nodes, b: number, list: { node: DirectiveNode; offset: number }[]): void => {
    const seg: Segmentation = segmentBlock(text, blockNode, list.map((d) => [d.offset, d.node.position?.end.offset ?? d.offset, d.node.name === 'day']));
    list.forEach(({ node, offset }, i) => {
      const end = node.position?.end.offset ?? offset;
      const colons = node.type === 'leafDirective' ? 2 : 1;
      const labelStart = offset + colons + node.name.length + 1;
      // The label runs to the `]` matching the opening bracket (brackets nest in labels).
      const closing = text[labelStart - 1] === '[' ? closingBracket(text, labelStart, end) : -1;
      const labelEnd = closing < 0 ? labelStart : closing;
      // The label is the source slice: remark may read `1:320` as a nested directive or `*` as
      // emphasis, but the curator's text is kept whole.
      const slice = closing < 0 ? toString(node) : text.slice(labelStart, labelEnd);
      const plain = closing < 0 ? slice : plainLabel(node, text);
      facts.events.push({
        type: 'directive',
        value: {
          kind: node.name as AnnotationKind,
          text: slice,
          ...(plain !== slice ? { plain } : {}),
          range: index.range(offset, end),
          labelRange: index.range(labelStart, Math.max(labelStart, labelEnd)),
          attributes: attributesOf(node),
          block: b,
          sentence: seg.sentence[i],
          clause: seg.clause[i],
        },
      });
    });
  };

  const caseOf = (node: DirectiveNode, start: number, end: number): RawCase => {
    const source = text.slice(start, end);
    const m = /\{[^}]*?(?:#|\bid\s*=\s*["']?)([^\s"'}#.]+)/.exec(source);
    const idRange = m ? index.range(start + m.index + m[0].length - m[1].length, start + m.index + m[0].length) : null;
    return { title: toString(node).trim(), attributes: attributesOf(node), range: index.range(start, end), idRange };
  };

  const comments = (value: string, offset: number): void => {
    DISABLE_COMMENT.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DISABLE_COMMENT.exec(value))) {
      const codes = m[2].split(/[\s,]+/).filter(Boolean);
      facts.comments.push({ directive: m[1] as RawComment['directive'], codes, range: index.range(offset + m.index, offset + m.index + m[0].length) });
    }
  };

  const unterminatedAt = (name: string, start: number): void => {
    const line = index.position(start).line;
    // The squiggle runs to the end of the line: that is where the label was expected to close.
    const stop = index.starts[line] + index.lineText(line).length;
    facts.problems.push({
      code: 'unterminated-directive',
      message: `This :${name}[ is not a complete annotation: close its label with "]" and check its {attributes}; until then it is plain text.`,
      range: index.range(start, Math.max(start + name.length + 2, stop)),
    });
  };

  const unterminated = (value: string, offset: number): void => {
    if (!value.includes('[')) return;
    UNTERMINATED.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = UNTERMINATED.exec(value))) unterminatedAt(m[1], offset + m.index);
  };

  for (const child of tree.children) visit(child as Nodes, -1, []);
  if (!facts.open) facts.open = endsOpen(tree, text);
  return facts;
}

/**
 * A label's text as the normalizers read it: text and code as remark reads them (emphasis
 * marks and backslash escapes gone), and any other inline node (a nested directive such as
 * the `:320` of `1:320`, a link, HTML) as its source slice, so nothing the curator wrote is lost.
 */
function plainLabel(node: DirectiveNode, source: string): string {
  let out = '';
  const walk = (n: Nodes): void => {
    if (n.type === 'text' || n.type === 'inlineCode') out += n.value;
    else if (n.type === 'emphasis' || n.type === 'strong' || n.type === 'delete') for (const c of n.children) walk(c as Nodes);
    else if (n.position?.start.offset !== undefined && n.position.end.offset !== undefined) out += source.slice(n.position.start.offset, n.position.end.offset);
  };
  for (const c of (node as Parents).children) walk(c as Nodes);
  return out;
}

function htmlOpen(value: string): boolean {
  if (/^ {0,3}<!--/.test(value)) return !value.includes('-->');
  if (/^ {0,3}<(script|pre|style|textarea)/i.test(value)) return !/<\/(script|pre|style|textarea)>/i.test(value);
  return false;
}

/** Whether the chunk's last construct is a fenced code block that was never closed. */
function endsOpen(tree: Root, text: string): boolean {
  let node: Nodes | undefined = tree.children[tree.children.length - 1] as Nodes | undefined;
  while (node && 'children' in node && (node as Parents).children.length) {
    const children: Nodes[] = (node as Parents).children as Nodes[];
    node = children[children.length - 1];
  }
  if (!node || node.type !== 'code' || !node.position) return false;
  const source = text.slice(node.position.start.offset, node.position.end.offset);
  const open = /^[ \t>]*(`{3,}|~{3,})/.exec(source);
  if (!open) return false;
  const lines = source.split(/\r\n|\r|\n/);
  if (lines.length < 2) return true;
  const last = lines[lines.length - 1].replace(/^[ \t>]*/, '');
  return !(last.startsWith(open[1]) && /^[`~]+\s*$/.test(last) && last.trim()[0] === open[1][0]);
}
