// The content-keyed cache that makes a restart on an unchanged workspace fast: one file per
// workspace folder holding, for each note's key (hash of content, location, lexicon and
// server build), the summary the index keeps. A damaged or foreign cache file is ignored.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileSummary } from './summary.ts';

const FORMAT = 'casemark-index-cache';
const VERSION = 1;

interface CacheFile {
  format: typeof FORMAT;
  version: number;
  scope: string;
  entries: [string, FileSummary][];
}

export function defaultCacheFolder(): string {
  return path.join(os.tmpdir(), 'casemark-cache');
}

export class ContentCache {
  constructor(readonly folder: string) {}

  private fileFor(scope: string): string {
    return path.join(this.folder, `index-${createHash('sha1').update(scope).digest('hex').slice(0, 16)}.json`);
  }

  async load(scope: string): Promise<Map<string, FileSummary>> {
    try {
      const data = JSON.parse(await readFile(this.fileFor(scope), 'utf8')) as Partial<CacheFile>;
      if (data.format !== FORMAT || data.version !== VERSION || data.scope !== scope || !Array.isArray(data.entries)) return new Map();
      return new Map(data.entries);
    } catch {
      return new Map();
    }
  }

  /** Written to a temporary file and renamed, so a second server never reads half a file. */
  async save(scope: string, entries: Iterable<[string, FileSummary]>): Promise<void> {
    const file = this.fileFor(scope);
    const data: CacheFile = { format: FORMAT, version: VERSION, scope, entries: [...entries] };
    await mkdir(this.folder, { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(data));
    await rename(tmp, file);
  }
}
