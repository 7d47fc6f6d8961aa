// The Markdown preview's view of CaseMark: `:drug[…]`, `:dose[…]`, `:day[…]` and `:lab[…]`
// become coloured chips (media/preview.css) whose tooltip gives the normalized value, its
// codes and the day that dates the fact, and the problems of the annotation (the chip is then
// marked); `::case[…]{…}` becomes a heading-like block. Directives are found by
// markdown-it-directive; the values come from the language server's analysis of the note
// (a PreviewDataSource, see previewData.ts): the plugin only presents. Until that analysis of
// the current text arrives, chips show their kind and attributes only. Label and attributes
// always go out escaped.
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type Renderer from 'markdown-it/lib/renderer';
import directive from 'markdown-it-directive';
import type { DirectiveBlockHandlerArgs, DirectiveInlineHandlerArgs, MarkdownItWithDirectives } from 'markdown-it-directive';
import type { ExportAnnotation, ExportDiagnostic } from '../../../server/src/core/export/types.ts';
import { describeNormalized, drugNames } from '../webview/model.ts';
import { withKnown } from '../webview/timelineModel.ts';
import type { PreviewData, PreviewDataSource } from './previewData.ts';

export type { PreviewDataSource } from './previewData.ts';

/** One annotation as the server read it, with the problems inside its range. */
interface Known {
  annotation: ExportAnnotation;
  problems: ExportDiagnostic[];
  names: Map<string, string>;
}

/** The server's annotations of a note, queued by kind and label in note order: the preview
 * meets the chips in that same order, so the nth chip of a kind and label is the nth such
 * annotation. A chip with no match keeps the plain tooltip rather than borrow another's values. */
interface Analysis {
  queues: Map<string, Known[]>;
}

const queueKey = (kind: string, label: string): string => `${kind}\u0000${label}`;
const before = (a: { line: number; character: number }, b: { line: number; character: number }): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);

let last: { data: PreviewData; queues: Map<string, Known[]> } | null = null;

/** The chips' queues of an analysis, reused while it is the same (the preview re-renders often). */
function queuesOf(data: PreviewData | undefined): Analysis {
  if (!data) return { queues: new Map() };
  if (last?.data !== data) {
    const doc = data.document;
    const queues = new Map<string, Known[]>();
    // Doses name their drug by key: the server's names, then any drug of the note, give its name.
    const names = withKnown(drugNames([...doc.unassigned, ...doc.cases.flatMap((c) => c.annotations)]), data.drugNames ?? {});
    for (const group of [doc.unassigned, ...doc.cases.map((c) => c.annotations)]) {
      const own = new Map([...names, ...drugNames(group)]);
      for (const annotation of group) {
        const problems = doc.diagnostics.filter((d) => before(annotation.range.start, d.range.start) && before(d.range.end, annotation.range.end));
        const key = queueKey(annotation.kind, annotation.text);
        queues.set(key, [...(queues.get(key) ?? []), { annotation, problems, names: own }]);
      }
    }
    for (const q of queues.values()) q.sort((a, b) => (before(a.annotation.range.start, b.annotation.range.start) ? -1 : 1));
    last = { data, queues };
  }
  // Each render consumes its own copy of the queues.
  return { queues: new Map([...last.queues].map(([k, v]) => [k, [...v]])) };
}

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

function tooltip(kind: string, attrs: [string, string][], known: Known | undefined): string {
  const parts = [kind];
  if (known) {
    const a = known.annotation;
    const value = describeNormalized(a, known.names);
    if (value !== '—') parts.push(value);
    if (kind !== 'day') parts.push(a.day === null ? 'undated' : `${a.dayEnd !== null && a.dayEnd !== a.day ? `days ${a.day} to ${a.dayEnd}` : `day ${a.day}`}${a.datedBy ? ` (${a.datedBy.rule} :day[${a.datedBy.text}], line ${a.datedBy.line + 1})` : ''}`);
  }
  // A day's from= and #id are already in its value ("from #bcma", "defines #bcma").
  const described = describeAttrs(attrs.filter(([k]) => kind !== 'day' || (k !== 'from' && (!known || k !== 'id'))));
  if (described) parts.push(described);
  const lines = [parts.join(' · ')];
  for (const p of known?.problems ?? []) lines.push(`${p.severity} ${p.code}: ${p.message}`);
  return lines.join('\n');
}

/** The chip's class: its kind, and its worst problem when it has one. */
function chipClass(kind: string, known: Known | undefined): string {
  const severities = new Set(known?.problems.map((p) => p.severity));
  const worst = severities.has('error') ? 'error' : severities.has('warning') ? 'warning' : null;
  return `casemark-chip casemark-${kind}${worst ? ` casemark-has-${worst}` : ''}`;
}

function inlineHandler(kind: string) {
  return ({ state, content, attrs }: DirectiveInlineHandlerArgs): boolean => {
    if (content === undefined) return false; // `:drug` without a label is plain text
    const md = state.md;
    const label = md.utils.unescapeAll(content);
    const list = attrList(attrs as Attrs | undefined);
    const env = state.env as { casemark?: Analysis } | undefined;
    const queue = env?.casemark?.queues.get(queueKey(kind, content)) ?? env?.casemark?.queues.get(queueKey(kind, label));
    const known = queue?.shift();
    const open = state.push('casemark_chip_open', 'span', 1);
    open.attrSet('class', chipClass(kind, known));
    open.attrSet('data-casemark', kind);
    if (known?.problems.length) open.attrSet('data-problems', known.problems.map((p) => p.code).join(' '));
    open.attrSet('title', tooltip(kind, list, known));
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

/** markdown-it plugin: `md.use(casemarkPlugin, source)`; without a source, chips have no details. Idempotent. */
export function casemarkPlugin(md: MarkdownIt, source?: PreviewDataSource): void {
  md.use(directive);
  const mdd = md as MarkdownItWithDirectives;
  for (const kind of ANNOTATION_KINDS) mdd.inlineDirectives[kind] = inlineHandler(kind);
  mdd.blockDirectives.case = caseHandler;
  for (const name of ['casemark_chip', 'casemark_case', 'casemark_case_title', 'casemark_case_meta']) {
    md.renderer.rules[`${name}_open`] = renderTag;
    md.renderer.rules[`${name}_close`] = renderTag;
  }
  md.renderer.rules.casemark_case_meta = (tokens, idx) => md.utils.escapeHtml(tokens[idx].content);
  if (!md.core.ruler.getRules('').some((r) => r.name === 'casemark_analyse')) {
    // Before the inline pass: look up the note's analysis once per render.
    md.core.ruler.before('inline', 'casemark_analyse', (state) => {
      if (!state.env || typeof state.env !== 'object') return false;
      let data: PreviewData | undefined;
      try {
        data = source?.lookup(state.src, state.env);
      } catch {
        // The preview renders all the same, with plain chips.
      }
      (state.env as { casemark?: Analysis }).casemark = queuesOf(data);
      return false;
    });
  }
}

/** What the extension hands VS Code's Markdown preview (`contributes.markdown.markdownItPlugins`), with its data source. */
export function extendMarkdownIt(md: MarkdownIt, source?: PreviewDataSource): MarkdownIt {
  return md.use(casemarkPlugin, source);
}
