// The Markdown preview's view of CaseMark: `:drug[…]`, `:dose[…]`, `:day[…]` and `:lab[…]`
// become coloured chips (media/preview.css) whose tooltip names the kind, the attributes and,
// for days, the day on the timeline; `::case[…]{…}` becomes a heading-like block. Directives
// are found by markdown-it-directive; label and attributes always go out escaped.
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type Renderer from 'markdown-it/lib/renderer';
import directive from 'markdown-it-directive';
import type { DirectiveBlockHandlerArgs, DirectiveInlineHandlerArgs, MarkdownItWithDirectives } from 'markdown-it-directive';
import { parseDayExpression } from '../../../server/src/core/normalize/days.ts';

export const ANNOTATION_KINDS = ['drug', 'dose', 'day', 'lab'] as const;

type Attrs = Record<string, string | string[]>;

/** Attributes as written, `#id` first; a repeated attribute keeps its last value. */
function attrList(attrs: Attrs | undefined): [string, string][] {
  if (!attrs) return [];
  return Object.entries(attrs).map(([k, v]): [string, string] => [k, Array.isArray(v) ? v[v.length - 1] : v]);
}

function describeAttrs(list: [string, string][]): string {
  return list.map(([k, v]) => (k === 'id' ? `#${v}` : `${k}=${v}`)).join(' ');
}

/** The day a `:day` label stands for, when it reads cleanly; the preview has no timeline to add anchors. */
function dayHint(label: string, attrs: [string, string][]): string {
  const parsed = parseDayExpression(label);
  if (!parsed.ok) return '';
  const approx = parsed.precision === 'day' ? '' : '≈ ';
  const span = parsed.dayEnd !== null ? `days ${parsed.day} to ${parsed.dayEnd}` : `${approx}day ${parsed.day}`;
  const from = attrs.find(([k]) => k === 'from');
  return from ? `${span} from #${from[1]}` : span;
}

function tooltip(kind: string, label: string, attrs: [string, string][]): string {
  const parts = [kind];
  if (kind === 'day') {
    const hint = dayHint(label, attrs);
    if (hint) parts.push(hint);
  }
  const described = describeAttrs(attrs.filter(([k]) => kind !== 'day' || k !== 'from'));
  if (described) parts.push(described);
  return parts.join(' · ');
}

function inlineHandler(kind: string) {
  return ({ state, content, attrs }: DirectiveInlineHandlerArgs): boolean => {
    if (content === undefined) return false; // `:drug` without a label is plain text
    const md = state.md;
    const label = md.utils.unescapeAll(content);
    const list = attrList(attrs as Attrs | undefined);
    const open = state.push('casemark_chip_open', 'span', 1);
    open.attrSet('class', `casemark-chip casemark-${kind}`);
    open.attrSet('data-casemark', kind);
    open.attrSet('title', tooltip(kind, label, list));
    const text = state.push('text', '', 0);
    text.content = label;
    state.push('casemark_chip_close', 'span', -1);
    return true;
  };
}

function caseHandler({ state, inlineContent, attrs, directiveStartLine, directiveEndLine }: DirectiveBlockHandlerArgs): boolean {
  const list = attrList(attrs as Attrs | undefined);
  const id = list.find(([k]) => k === 'id')?.[1];
  const others = list.filter(([k]) => k !== 'id');
  const open = state.push('casemark_case_open', 'div', 1);
  open.block = true;
  open.map = [directiveStartLine, directiveEndLine];
  open.attrSet('class', 'casemark-case');
  open.attrSet('data-casemark', 'case');
  if (id) open.attrSet('data-case-id', id);
  open.attrSet('title', ['case', id ? `#${id}` : '', describeAttrs(others)].filter(Boolean).join(' · '));

  const headingOpen = state.push('casemark_case_title_open', 'div', 1);
  headingOpen.attrSet('class', 'casemark-case-title');
  headingOpen.attrSet('role', 'heading');
  headingOpen.attrSet('aria-level', '2');
  // The title is Markdown (it may hold annotations): the inline rule parses it later.
  const inline = state.push('inline', '', 0);
  inline.content = inlineContent ?? '';
  inline.map = [directiveStartLine, directiveEndLine];
  inline.children = [];
  state.push('casemark_case_title_close', 'div', -1);

  if (id || others.length) {
    const metaOpen = state.push('casemark_case_meta_open', 'div', 1);
    metaOpen.attrSet('class', 'casemark-case-meta');
    const meta = state.push('casemark_case_meta', '', 0);
    meta.content = [id ? `#${id}` : '', ...others.map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join(' · ');
    state.push('casemark_case_meta_close', 'div', -1);
  }
  state.push('casemark_case_close', 'div', -1);
  return true;
}

function renderTag(tokens: Token[], idx: number, _options: unknown, _env: unknown, self: Renderer): string {
  const t = tokens[idx];
  return t.nesting === -1 ? `</${t.tag}>${t.block ? '\n' : ''}` : `<${t.tag}${self.renderAttrs(t)}>`;
}

/** markdown-it plugin: `md.use(casemarkPlugin)`. Idempotent. */
export function casemarkPlugin(md: MarkdownIt): void {
  md.use(directive);
  const mdd = md as MarkdownItWithDirectives;
  for (const kind of ANNOTATION_KINDS) mdd.inlineDirectives[kind] = inlineHandler(kind);
  mdd.blockDirectives.case = caseHandler;
  for (const name of ['casemark_chip', 'casemark_case', 'casemark_case_title', 'casemark_case_meta']) {
    md.renderer.rules[`${name}_open`] = renderTag;
    md.renderer.rules[`${name}_close`] = renderTag;
  }
  md.renderer.rules.casemark_case_meta = (tokens, idx) => md.utils.escapeHtml(tokens[idx].content);
}

/** What VS Code's Markdown preview calls (`contributes.markdown.markdownItPlugins`). */
export function extendMarkdownIt(md: MarkdownIt): MarkdownIt {
  return md.use(casemarkPlugin);
}
