// Which notes a command works on: files as given, folders searched for *.md.
import { statSync } from 'node:fs';
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
