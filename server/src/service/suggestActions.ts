// Code actions that apply the core's suggested annotations (spec section 9), in every LSP
// editor: "Annotate … as :drug" at the cursor; one action each for all suggestions of the
// selection, the block (paragraph, heading or table row) and the note, each a single
// workspace edit, so one undo takes it back; and, on a drug the curator has annotated,
// "Annotate the N other occurrences of …".
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Annotation, Lexicon } from '../core/index.ts';
import { drugOccurrences, suggestAnnotations, suggestionEdit, type Suggestion } from '../core/suggest/index.ts';
import { rangesOverlap } from './positions.ts';

/** Kind of the actions that wrap suggestions (a refactoring: nothing is wrong before). */
export const ANNOTATE_KIND = `${CodeActionKind.RefactorRewrite}.annotate`;
/** Kind of "annotate every suggestion of the note", also offered as a source action. */
export const ANNOTATE_ALL_KIND = `${CodeActionKind.Source}.annotateAll.casemark`;

// Suggestions of the note, per document version and lexicon: a code action request comes with
// every cursor move, the suggestions change only with the text.
const cache = new Map<string, { version: number; lexicon: Lexicon; suggestions: Suggestion[] }>();

export function suggestionsOf(doc: TextDocument, lexicon: Lexicon): Suggestion[] {
  const hit = cache.get(doc.uri);
  if (hit && hit.version === doc.version && hit.lexicon === lexicon) return hit.suggestions;
  const suggestions = suggestAnnotations(doc.getText(), lexicon);
  if (cache.size > 50) cache.clear();
  cache.set(doc.uri, { version: doc.version, lexicon, suggestions });
  return suggestions;
}

export function forgetSuggestions(uri: string): void {
  cache.delete(uri);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const quote = (text: string): string => {
  const t = text.replace(/\s+/g, ' ');
  return `"${t.length > 40 ? `${t.slice(0, 39)}…` : t}"`;
};

function wrapAll(title: string, kind: string, uri: string, suggestions: readonly Suggestion[]): CodeAction {
  return { title, kind, edit: { changes: { [uri]: suggestions.map(suggestionEdit) } } };
}

/** The block around a position: lines up to the blank lines around it; a table row or heading alone. */
function blockAround(doc: TextDocument, line: number): Range {
  const lineText = (n: number): string => doc.getText({ start: { line: n, character: 0 }, end: { line: n + 1, character: 0 } }).replace(/\r?\n$/, '');
  const single = (t: string): boolean => /^\s*\|/.test(t) || /^ {0,3}#{1,6}\s/.test(t);
  if (single(lineText(line))) return { start: { line, character: 0 }, end: { line, character: lineText(line).length } };
  let first = line;
  let last = line;
  while (first > 0 && lineText(first - 1).trim() !== '' && !single(lineText(first - 1))) first--;
  while (last + 1 < doc.lineCount && lineText(last + 1).trim() !== '' && !single(lineText(last + 1))) last++;
  return { start: { line: first, character: 0 }, end: { line: last, character: lineText(last).length } };
}

export function provideSuggestActions(
  doc: TextDocument,
  range: Range,
  touched: readonly Annotation[],
  lexicon: Lexicon,
  wants: (kind: string) => boolean,
): CodeAction[] {
  const uri = doc.uri;
  const out: CodeAction[] = [];
  const wantOne = wants(ANNOTATE_KIND);
  const wantAll = wants(ANNOTATE_ALL_KIND);
  if (!wantOne && !wantAll) return out;
  const all = suggestionsOf(doc, lexicon);

  if (wantOne) {
    const here = all.filter((s) => rangesOverlap(s.range, range));
    for (const s of here) {
      out.push({ ...wrapAll(`Annotate ${quote(s.text)} as :${s.kind}`, ANNOTATE_KIND, uri, [s]), isPreferred: here.length === 1 });
    }
    const selection = range.start.line !== range.end.line || range.start.character !== range.end.character;
    const [from, to] = [doc.offsetAt(range.start), doc.offsetAt(range.end)];
    const inSelection = selection ? all.filter((s) => s.start < to && from < s.end) : [];
    if (inSelection.length > 1) out.push(wrapAll(`Annotate the ${plural(inSelection.length, 'suggestion')} in the selection`, ANNOTATE_KIND, uri, inSelection));
    const block = blockAround(doc, range.start.line);
    const inBlock = all.filter((s) => rangesOverlap(s.range, block));
    if (inBlock.length > 1 && inBlock.length !== inSelection.length) {
      out.push(wrapAll(`Annotate the ${plural(inBlock.length, 'suggestion')} in this block`, ANNOTATE_KIND, uri, inBlock));
    }
    for (const a of touched) {
      if (a.kind !== 'drug') continue;
      const others = drugOccurrences(doc.getText(), a.text, lexicon, all);
      if (!others.length) continue;
      // The attribute that chose the lexicon entry goes with the name; a role is per mention.
      const id = a.attributes.id ? `{id=${/^[^\s"'=<>`{}]+$/.test(a.attributes.id) ? a.attributes.id : `"${a.attributes.id}"`}}` : '';
      const edits: TextEdit[] = others.map((s) => ({ range: s.range, newText: `:drug[${s.text}]${id}` }));
      out.push({
        title: `Annotate the ${plural(others.length, 'other occurrence')} of ${quote(a.text)} as :drug`,
        kind: ANNOTATE_KIND,
        edit: { changes: { [uri]: edits } },
      });
    }
  }
  if (wantAll && all.length) {
    out.push(wrapAll(`Annotate all ${plural(all.length, 'suggestion')} in the note`, ANNOTATE_ALL_KIND, uri, all));
  }
  return out;
}
