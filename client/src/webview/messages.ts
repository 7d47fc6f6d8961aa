// Messages between the summary panel's host (extension) and its webview. Types only.
import type { ExportDocument } from '../../../protocol/casemark.ts';
import type { Range } from '../../../server/src/core/model.ts';
import type { Cohort } from './cohortModel.ts';

/** Extension → webview. */
export type ToWebview =
  /** The analysis of the followed note; `caseId` scrolls to and opens that case. */
  | { type: 'update'; uri: string; fileName: string; document: ExportDocument; drugNames?: Record<string, string>; caseId?: string }
  /** No Markdown note to follow, or the server could not answer. */
  | { type: 'empty'; message: string }
  | { type: 'focusCase'; caseId: string };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  /** Reveal and select `range` of the note `uri`. */
  | { type: 'reveal'; uri: string; range: Range };

/** What `casemark report` embeds in its page. */
export interface ReportData {
  generated: string;
  documents: ExportDocument[];
  /** Lexicon names of drugs that doses give by key only, for every note. */
  drugNames?: Record<string, string>;
}

/** Extension → cohort view. */
export type ToCohort =
  | { type: 'cohort'; cohort: Cohort; notes: number; scope: string }
  | { type: 'status'; message: string };

/** Cohort view → extension. */
export type FromCohort =
  | { type: 'ready' }
  /** Open the note at `path` (relative to the workspace folder) on the case's line. */
  | { type: 'openCase'; path: string; caseId: string; line: number };
