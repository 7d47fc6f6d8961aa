// Reading configuration and lexicon files safely: they are named by the workspace (a
// checked-in config.json or a setting), so a path may point anywhere. Only regular files
// inside the workspace folder are read (no `..`, no absolute path, no symlink out of it),
// and only up to a size cap, so `/dev/zero` or a 2 GB file cannot exhaust memory.
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** `.casemark/config.json` holds a few settings. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** A lexicon of every drug and lab a group curates fits in a few MB (the built-in one is 80 KB). */
export const MAX_LEXICON_BYTES = 16 * 1024 * 1024;

export type BoundedRead = { text: string } | { missing: true } | { problem: string };

/** Reads a regular file of at most `max` bytes as UTF-8. Never throws. */
export function readBounded(file: string, max: number): BoundedRead {
  let st;
  try {
    st = statSync(file);
  } catch {
    return { missing: true };
  }
  if (st.isDirectory()) return { problem: `${file} is a folder, not a JSON file.` };
  if (!st.isFile()) return { problem: `${file} is not a regular file.` };
  if (st.size > max) return { problem: `${file} is ${(st.size / 1048576).toFixed(1)} MB; CaseMark reads at most ${max / 1048576} MB.` };
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    // Read at most max + 1 bytes, whatever the size said (the file may grow meanwhile).
    const buf = Buffer.alloc(Math.min(max + 1, st.size + 1));
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n >= buf.length) break;
    }
    if (n > max) return { problem: `${file} is larger than ${max / 1048576} MB; CaseMark reads at most that.` };
    return { text: buf.subarray(0, n).toString('utf8') };
  } catch (e) {
    return { problem: `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The absolute path of a lexicon path named by the workspace, or why it is refused: it must be
 * relative to the workspace folder and stay inside it, also after following symlinks.
 */
export function workspacePath(root: string, name: string): { path: string } | { problem: string } {
  if (path.isAbsolute(name) || path.win32.isAbsolute(name)) return { problem: `Lexicon path "${name}" is absolute; name lexicons relative to the workspace folder.` };
  const full = path.resolve(root, name);
  if (!inside(path.resolve(root), full)) return { problem: `Lexicon path "${name}" leads outside the workspace folder; CaseMark only reads lexicons inside it.` };
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    return { path: full }; // missing: reported as missing by the caller
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = path.resolve(root);
  }
  if (!inside(realRoot, real)) return { problem: `Lexicon path "${name}" is a link to a file outside the workspace folder; CaseMark only reads lexicons inside it.` };
  return { path: full };
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}
