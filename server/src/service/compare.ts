// "Compare with another curator's note": while a note is compared, the disagreements with the
// other note are diagnostics of it (`curator-disagreement`), each with "Take theirs" (an edit
// computed by the core) and "Keep mine" (a server command that hides it). Recomputed from
// both notes' current text whenever diagnostics are asked for, so an edit that resolves a
// disagreement clears it.
import { readFileSync } from 'node:fs';
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, compareNotes, KAPPA_UNIT, takeTheirs, type CaseMarkConfig, type Diagnostic, type Disagreement, type DocumentAnalysis, type Figures, type Lexicon, type TextEdit } from '../core/index.ts';
import { KeepMineCommand, type CompareParams, type CompareResult } from '../../../protocol/casemark.ts';
import { fsPathOf } from '../workspace/workspace.ts';
import { toLspDiagnostic } from './diagnostics.ts';
import { rangesOverlap } from './positions.ts';

export const DISAGREEMENT_CODE = 'curator-disagreement';

export interface CompareWorkspace {
  document(uri: string): TextDocument | undefined;
  analysis(uri: string): DocumentAnalysis | undefined;
  lexiconFor(uri: string): Lexicon;
  configFor(uri: string): CaseMarkConfig;
}

interface Comparison {
  other: string;
  kept: Set<string>;
}

/** Identifies a disagreement across recomputations (the same directives, the same finding). */
function keyOf(d: Disagreement): string {
  return [d.type, d.a.annotation?.directive ?? '', d.b.annotation?.directive ?? '', d.message].join('\u0000');
}

export class Comparisons {
  private readonly active = new Map<string, Comparison>();
  /** The other note's last analysis, reused while its text is unchanged. */
  private readonly others = new Map<string, { text: string; analysis: DocumentAnalysis }>();
  private readonly computed = new Map<string, { version: number; other: object; otherUri: string; all: number; items: { key: string; edit: TextEdit | null; diagnostic: Diagnostic }[]; figures: Figures }>();

  constructor(
    private readonly workspace: CompareWorkspace,
    private readonly changed: (uri: string) => void,
  ) {}

  /** Starts (or stops, with `other: null`) comparing a note; throws when a note cannot be read. */
  compare(p: CompareParams): CompareResult {
    if (p.other === null) {
      this.active.delete(p.uri);
      this.computed.delete(p.uri);
      this.changed(p.uri);
      return { other: null, disagreements: 0, shown: 0, figures: null, kappaUnit: KAPPA_UNIT };
    }
    this.active.set(p.uri, { other: p.other, kept: new Set() });
    const found = this.compute(p.uri);
    if (!found) {
      this.active.delete(p.uri);
      throw new Error(`cannot read ${p.other}`);
    }
    this.changed(p.uri);
    return { other: p.other, disagreements: found.all, shown: found.shown.length, figures: found.figures, kappaUnit: KAPPA_UNIT };
  }

  keepMine(uri: string, key: string): void {
    const c = this.active.get(uri);
    if (!c) return;
    c.kept.add(key);
    this.changed(uri);
  }

  /** The disagreements of a compared note, as core diagnostics. */
  diagnostics(uri: string): Diagnostic[] {
    return this.compute(uri)?.shown.map((s) => s.diagnostic) ?? [];
  }

  codeActions(uri: string, range: Range): CodeAction[] {
    const out: CodeAction[] = [];
    for (const s of this.compute(uri)?.shown ?? []) {
      if (!rangesOverlap(s.diagnostic.range, range)) continue;
      const lsp = toLspDiagnostic(s.diagnostic);
      if (s.edit) out.push({ title: 'Take theirs', kind: CodeActionKind.QuickFix, diagnostics: [lsp], edit: { changes: { [uri]: [s.edit] } } });
      out.push({ title: 'Keep mine', kind: CodeActionKind.QuickFix, diagnostics: [lsp], command: { title: 'Keep mine', command: KeepMineCommand, arguments: [uri, s.key] } });
    }
    return out;
  }

  isCompared(uri: string): boolean {
    return this.active.has(uri);
  }

  private compute(uri: string) {
    const c = this.active.get(uri);
    const doc = this.workspace.document(uri);
    const analysis = this.workspace.analysis(uri);
    const other = c && this.otherNote(c.other);
    if (!c || !doc || !analysis || !other) return null;
    // Diagnostics and code actions ask for the same version several times: compare once.
    let found = this.computed.get(uri);
    if (!found || found.version !== doc.version || found.other !== other || found.otherUri !== c.other) {
      const text = doc.getText();
      const agreement = compareNotes({ path: uri, text, analysis }, { path: c.other, text: other.text, analysis: other.analysis }, { names: ['this note', 'theirs'] });
      const theirs = c.other.split('/').pop();
      const items = agreement.disagreements
        .filter((d) => d.a.range)
        .map((d) => ({
          key: keyOf(d),
          edit: takeTheirs(d, text, analysis.annotations),
          diagnostic: { range: d.a.range!, severity: 'information', code: DISAGREEMENT_CODE, message: `${d.message} (compared with ${theirs})` } as Diagnostic,
        }));
      found = { version: doc.version, other, otherUri: c.other, all: agreement.disagreements.length, items, figures: agreement.figures };
      this.computed.set(uri, found);
    }
    return { all: found.all, shown: found.items.filter((i) => !c.kept.has(i.key)), figures: found.figures };
  }

  private otherNote(uri: string): { text: string; analysis: DocumentAnalysis } | null {
    const open = this.workspace.document(uri);
    let text: string;
    if (open) text = open.getText();
    else {
      const path = fsPathOf(uri);
      if (!path) return null;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    }
    const cached = this.others.get(uri);
    if (cached && cached.text === text) return cached;
    const analysis = analyzeDocument(text, { uri, lexicon: this.workspace.lexiconFor(uri), config: this.workspace.configFor(uri) });
    const entry = { text, analysis };
    this.others.set(uri, entry);
    return entry;
  }
}
