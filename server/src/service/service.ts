// The CaseMark language service: one object whose methods answer LSP requests, each feature
// in its own file. It knows nothing of the connection: server.ts registers the handlers,
// the workspace supplies documents, analyses and the index. Any exception inside a feature
// becomes an empty answer and a log line; deliberate LSP errors (ResponseError) pass through.
import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CompletionList,
  type CompletionParams,
  type DefinitionParams,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type HoverParams,
  type InlayHint,
  type InlayHintParams,
  type Location,
  type Position,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type SemanticTokens,
  type SymbolInformation,
  type TextDocumentIdentifier,
  type WorkspaceEdit,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, DocumentAnalysis, Lexicon } from '../core/index.ts';
import type { CasesParams, CasesResult, CompareParams, CompareResult, ExportParams, ExportResult } from '../../../protocol/casemark.ts';
import type { FileSummary } from '../workspace/summary.ts';
import { isTooLarge } from '../workspace/indexTask.ts';
import { provideCases, provideExport, type ExportSource } from './cases.ts';
import { doseDrugNames } from '../core/index.ts';
import { provideCodeActions } from './codeActions.ts';
import { provideLexiconActions, type WorkspaceLexiconFile } from './lexiconActions.ts';
import { provideCodeLenses } from './codeLens.ts';
import type { Comparisons } from './compare.ts';
import { provideCompletion } from './completion.ts';
import { toLspDiagnostics } from './diagnostics.ts';
import { provideFoldingRanges } from './folding.ts';
import { provideHover } from './hover.ts';
import { provideInlayHints } from './inlayHints.ts';
import { provideDefinition, provideReferences } from './navigation.ts';
import { clampPosition } from './positions.ts';
import { providePrepareRename, provideRename } from './rename.ts';
import { provideSemanticTokens } from './semanticTokens.ts';
import { provideDocumentSymbols, provideWorkspaceSymbols } from './symbols.ts';

/** What the service needs from the workspace. */
export interface ServiceWorkspace extends ExportSource {
  document(uri: string): TextDocument | undefined;
  /** The up-to-date analysis of an open note. */
  analysis(uri: string): DocumentAnalysis | undefined;
  /** An open note's own diagnostics plus the cross-file ones. */
  diagnostics(uri: string): Diagnostic[];
  /** Every note of the workspace, open or indexed. */
  summaries(): Iterable<FileSummary>;
  /** The `.casemark/lexicon.json` of a note's workspace folder (none outside a folder). */
  workspaceLexicon(uri: string): WorkspaceLexiconFile | undefined;
}

export interface LexiconProvider {
  lexiconFor(uri: string): Lexicon;
}

export interface ServiceOptions {
  log(message: string): void;
  /** Whether the client takes snippet completions (read when completing). */
  snippets(): boolean;
  /** Notes compared with another curator's (their disagreements are diagnostics too). */
  comparisons?: Comparisons;
  /** Whether the client's workspace edits can create files. */
  createFiles(): boolean;
}

export type CaseMarkService = ReturnType<typeof createCaseMarkService>;

function caseIdsOf(summaries: Iterable<FileSummary>): Set<string> {
  const ids = new Set<string>();
  for (const s of summaries) for (const c of s.cases) ids.add(c.id);
  return ids;
}

export function createCaseMarkService(workspace: ServiceWorkspace, lexicons: LexiconProvider, options: ServiceOptions) {
  function guard<T>(feature: string, empty: T, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      options.log(`CaseMark ${feature} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return empty;
    }
  }

  async function guardAsync<T>(feature: string, empty: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      options.log(`CaseMark ${feature} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return empty;
    }
  }

  /**
   * An open note, or an LSP error: position requests on a note never opened are the client's
   * mistake. `tooLarge`: the note is above the size limit, and every feature answers with
   * nothing at once (without it, one code action request scans a 50 MB note for suggestions).
   */
  function open(td: TextDocumentIdentifier | undefined): { doc: TextDocument; analysis: DocumentAnalysis; lexicon: Lexicon; tooLarge: boolean } {
    const uri = td?.uri;
    if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'textDocument.uri is missing');
    const doc = workspace.document(uri);
    const analysis = doc && workspace.analysis(uri);
    if (!doc || !analysis) throw new ResponseError(ErrorCodes.InvalidParams, `Document not open: ${uri}`);
    return { doc, analysis, lexicon: lexicons.lexiconFor(uri), tooLarge: isTooLarge(analysis) };
  }

  function withPosition<T>(feature: string, empty: T, td: TextDocumentIdentifier, position: Position, fn: (o: ReturnType<typeof open>, pos: Position) => T): T {
    const o = open(td);
    if (o.tooLarge) return empty;
    return guard(feature, empty, () => fn(o, clampPosition(o.doc, position)));
  }

  function clampRange(doc: TextDocument, r: Range | undefined): Range {
    const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) };
    if (!r) return whole;
    return { start: clampPosition(doc, r.start), end: clampPosition(doc, r.end) };
  }

  return {
    diagnostics(uri: string): LspDiagnostic[] {
      return guard('diagnostics', [], () => toLspDiagnostics([...workspace.diagnostics(uri), ...(options.comparisons?.diagnostics(uri) ?? [])]));
    },

    completion(p: CompletionParams): CompletionList {
      return withPosition('completion', { isIncomplete: false, items: [] }, p.textDocument, p.position, (o, pos) =>
        provideCompletion(o.doc, pos, o.lexicon, o.analysis, { snippets: options.snippets() }),
      );
    },

    hover(p: HoverParams): Hover | null {
      return withPosition('hover', null, p.textDocument, p.position, (o, pos) => provideHover(o.analysis, pos, o.lexicon));
    },

    codeActions(p: CodeActionParams): CodeAction[] {
      const o = open(p.textDocument);
      if (o.tooLarge) return [];
      return guard('code actions', [], () => {
        const range = clampRange(o.doc, p.range);
        const only = p.context?.only;
        const actions = provideCodeActions(o.doc, o.analysis, workspace.crossDiagnostics(o.doc.uri), range, o.lexicon, only, () => caseIdsOf(workspace.summaries()));
        const quickFixes = !only?.length || only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(`${CodeActionKind.QuickFix}.`));
        if (!quickFixes) return actions;
        return [
          ...actions,
          ...provideLexiconActions(o.analysis, o.analysis.diagnostics, range, o.lexicon, () => workspace.workspaceLexicon(o.doc.uri), options.createFiles()),
          ...(options.comparisons ? options.comparisons.codeActions(o.doc.uri, range) : []),
        ];
      });
    },

    documentSymbols(p: { textDocument: TextDocumentIdentifier }): DocumentSymbol[] {
      const o = open(p.textDocument);
      return guard('document symbols', [], () => provideDocumentSymbols(o.analysis));
    },

    workspaceSymbols(p: WorkspaceSymbolParams, token?: CancellationToken): SymbolInformation[] {
      return guard('workspace symbols', [], () => provideWorkspaceSymbols(workspace.summaries(), typeof p?.query === 'string' ? p.query : '', token));
    },

    definition(p: DefinitionParams): Location[] {
      return withPosition('definition', [], p.textDocument, p.position, (o, pos) => provideDefinition(o.doc, o.analysis, pos));
    },

    references(p: ReferenceParams, token?: CancellationToken): Location[] {
      return withPosition('references', [], p.textDocument, p.position, (o, pos) =>
        provideReferences(o.doc, o.analysis, pos, workspace.summaries(), p.context?.includeDeclaration !== false, token),
      );
    },

    prepareRename(p: PrepareRenameParams): { range: Range; placeholder: string } | null {
      return withPosition('prepare rename', null, p.textDocument, p.position, (o, pos) => providePrepareRename(o.doc, o.analysis, pos));
    },

    rename(p: RenameParams): WorkspaceEdit | null {
      return withPosition('rename', null, p.textDocument, p.position, (o, pos) => provideRename(o.doc, o.analysis, pos, String(p.newName ?? '')));
    },

    foldingRanges(p: { textDocument: TextDocumentIdentifier }): FoldingRange[] {
      const o = open(p.textDocument);
      return guard('folding ranges', [], () => provideFoldingRanges(o.analysis));
    },

    inlayHints(p: InlayHintParams): InlayHint[] {
      const o = open(p.textDocument);
      if (o.tooLarge) return [];
      return guard('inlay hints', [], () => provideInlayHints(o.analysis, clampRange(o.doc, p.range)));
    },

    semanticTokens(p: { textDocument: TextDocumentIdentifier; range?: Range }): SemanticTokens {
      const o = open(p.textDocument);
      if (o.tooLarge) return { data: [] };
      return guard('semantic tokens', { data: [] }, () => provideSemanticTokens(o.doc, o.analysis, p.range ? clampRange(o.doc, p.range) : undefined));
    },

    codeLenses(p: { textDocument: TextDocumentIdentifier }): CodeLens[] {
      const o = open(p.textDocument);
      return guard('code lenses', [], () => provideCodeLenses(o.analysis));
    },

    cases(p: CasesParams): Promise<CasesResult | null> {
      return guardAsync<CasesResult | null>('casemark/cases', null, async () => {
        const r = await provideCases(workspace, p);
        return { ...r, drugNames: doseDrugNames(r.document, lexicons.lexiconFor(p.uri)) };
      });
    },

    compare(p: CompareParams): CompareResult {
      if (typeof p?.uri !== 'string' || (p.other !== null && typeof p.other !== 'string')) throw new ResponseError(ErrorCodes.InvalidParams, 'casemark/compare needs uri and other (a note URI or null)');
      open({ uri: p.uri });
      if (!options.comparisons) throw new ResponseError(ErrorCodes.InternalError, 'comparing notes is not available');
      try {
        return options.comparisons.compare(p);
      } catch (e) {
        throw new ResponseError(ErrorCodes.InvalidParams, (e as Error).message);
      }
    },

    keepMine(args: unknown[] | undefined): void {
      const [uri, key] = args ?? [];
      if (typeof uri === 'string' && typeof key === 'string') options.comparisons?.keepMine(uri, key);
    },

    export(p: ExportParams, token?: CancellationToken): Promise<ExportResult> {
      return guardAsync('casemark/export', { content: '', documents: 0, annotations: 0, errors: 0, warnings: 0 }, () => provideExport(workspace, p, token));
    },
  };
}
