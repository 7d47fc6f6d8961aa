// The content-keyed cache that makes a restart on an unchanged workspace fast: one file per
// workspace folder holding, for each note's key (hash of content, location, lexicon and
// server build), the summary the index keeps. One JSON line per note, read and written in
// slices that yield to the event loop: a 10,000-note cache is tens of megabytes, and the
// editor's requests must not wait for it. A damaged or foreign cache file is ignored.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileSummary } from './summary.ts';

const HEADER = 'casemark-index-cache 3';
const SLICE = 250;

const yieldToEditor = () => new Promise<void>((r) => setImmediate(r));

export function defaultCacheFolder(): string {
  return path.join(os.tmpdir(), 'casemark-cache');
}

export class ContentCache {
  constructor(readonly folder: string) {}

  private fileFor(scope: string): string {
    return path.join(this.folder, `index-${createHash('sha1').update(scope).digest('hex').slice(0, 16)}.ndjson`);
  }

  async load(scope: string): Promise<Map<string, FileSummary>> {
    const out = new Map<string, FileSummary>();
    let text: string;
    try {
      text = await readFile(this.fileFor(scope), 'utf8');
    } catch {
      return out;
    }
    const lines = text.split('\n');
    if (lines[0] !== `${HEADER} ${JSON.stringify(scope)}`) return out;
    try {
      for (let i = 1; i < lines.length; i++) {
        if (!lines[i]) continue;
        const [key, summary] = JSON.parse(lines[i]) as [string, FileSummary];
        out.set(key, summary);
        if (i % SLICE === 0) await yieldToEditor();
      }
    } catch {
      return new Map();
    }
    return out;
  }

  /** Written to a temporary file and renamed, so a second server never reads half a file. */
  async save(scope: string, entries: Iterable<[string, FileSummary]>): Promise<void> {
    const file = this.fileFor(scope);
    const lines = [`${HEADER} ${JSON.stringify(scope)}`];
    for (const [key, s] of entries) {
      lines.push(JSON.stringify([key, { ...s, refRanges: Array.from(s.refRanges), caseRanges: Array.from(s.caseRanges) }]));
      if (lines.length % SLICE === 0) await yieldToEditor();
    }
    await mkdir(this.folder, { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, lines.join('\n') + '\n');
    await rename(tmp, file);
  }
}
