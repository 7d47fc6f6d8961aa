// Which notes a command works on: files as given, folders searched for *.md.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import picomatch from 'picomatch';

export class UsageError extends Error {}

/** Note paths relative to `root`, with forward slashes, sorted, without duplicates. */
export function collectNotes(args: string[], root: string, exclude: string[]): string[] {
  const isExcluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  const found = new Set<string>();
  for (const arg of args) {
    const full = resolve(root, arg);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      throw new UsageError(`cannot read ${arg}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      for (const f of globSync('**/*.md', { cwd: full, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'], dot: false })) {
        const rel = toPosix(relative(root, f));
        if (!isExcluded(rel)) found.add(rel);
      }
    } else {
      found.add(toPosix(relative(root, full)));
    }
  }
  return [...found].sort();
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export type NoteRead = { text: string } | { tooLarge: number } | { error: string };

/**
 * Reads a note of at most `limit` bytes. The size is looked at before anything is read, so a
 * 50 MB note is refused at once; a file that grows meanwhile, or a device or pipe with no size,
 * is read only up to the limit.
 */
export function readNote(file: string, limit: number): NoteRead {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) return { error: 'EISDIR' };
    if (st.size > limit) return { tooLarge: st.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1 - total, 64 * 1024), limit + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > limit) return { tooLarge: total };
    }
    return { text: (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)).toString('utf8') };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `--max-file-size BYTES`: a whole number of bytes, at least 1. */
export function parseMaxFileSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--max-file-size needs a whole number of bytes (e.g. 20971520 for 20 MiB), not "${value}"`);
  }
  return Number(value);
}
