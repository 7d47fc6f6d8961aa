// Where the Markdown preview's chips get their details: the language server's analysis of the
// note (`casemark/cases`, the request the summary panel makes), kept per note with the text it
// was computed from. The preview plugin runs no analysis of its own; a chip whose note has no
// data yet (or only data of another text) renders without details until the data arrives.
// Pure: no vscode import, so the plugin's tests use it as the extension does.
import type { CasesResult } from '../../../protocol/casemark.ts';

/** What the chips show: the note's export model, and the names of drugs its doses refer to by key. */
export type PreviewData = Pick<CasesResult, 'document' | 'drugNames'>;

/** What the preview plugin asks for the data of the source it renders. */
export interface PreviewDataSource {
  /** The analysis of exactly `src`, or undefined (the source may then start fetching it). */
  lookup(src: string, env: unknown): PreviewData | undefined;
}

/** markdown-it normalizes line ends and NUL before it parses; a note's text is compared the same way. */
export function normalizeSource(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** The note's URI from the preview's render environment (VS Code passes `currentDocument`). */
export function documentUri(env: unknown): string | undefined {
  const doc = (env as { currentDocument?: unknown } | null | undefined)?.currentDocument;
  return doc === undefined || doc === null ? undefined : String(doc);
}

/** The latest analysis of each note, with the text it belongs to. */
export class PreviewCache {
  private readonly entries = new Map<string, { src: string; data: PreviewData; json: string }>();

  /** The analysis of `src` for `uri`; undefined when there is none or it is of another text. */
  get(uri: string, src: string): PreviewData | undefined {
    const e = this.entries.get(uri);
    return e && e.src === normalizeSource(src) ? e.data : undefined;
  }

  /** Stores an analysis; true when it differs from what was stored (the preview should re-render). */
  set(uri: string, src: string, data: PreviewData): boolean {
    const json = JSON.stringify([data.document, data.drugNames ?? {}]);
    const text = normalizeSource(src);
    const old = this.entries.get(uri);
    if (old && old.src === text && old.json === json) return false;
    this.entries.set(uri, { src: text, data, json });
    return true;
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
