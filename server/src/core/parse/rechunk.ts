// Re-splits an edited note into chunks by scanning only around the edit. Chunks before the
// first changed chunk and after the edit are the previous Chunk objects (their text is the
// same string, so the parse cache finds them without hashing a megabyte of new slices);
// only the stretch in between is scanned again. The result equals splitChunks(text).
import { hasLoneCr, scan, splitChunks, type Chunk } from './chunks.ts';

export interface Chunking {
  text: string;
  chunks: Chunk[];
}

/** Whether `chunk` stands in `text` shifted by `delta`: a slice and `===` compare memory at once, where startsWith goes character by character. */
function at(text: string, chunk: Chunk, delta: number): boolean {
  const start = chunk.offset + delta;
  return text.slice(start, start + chunk.text.length) === chunk.text;
}

export function rechunk(previous: Chunking | null, text: string): Chunk[] {
  if (!previous || previous.text === text) return previous ? previous.chunks : splitChunks(text);
  const old = previous.chunks;
  if (old.length < 3 || hasLoneCr(text)) return splitChunks(text);
  const delta = text.length - previous.text.length;

  // The first chunk whose text changed. A split is decided on the line that starts a chunk
  // and the lines before it, so scanning restarts at the chunk before it (the boundary
  // between the two may move); the first chunk holds the front matter: restart at 0.
  let first = 0;
  while (first < old.length && at(text, old[first], 0)) first++;
  // Every old chunk still stands: the text was only appended to, so the last chunk grew.
  if (first === old.length) first = old.length - 1;
  const restart = first <= 1 ? 0 : first - 1;

  // Old chunks that still stand, shifted by the edit, at the end of the note.
  let last = old.length;
  while (last > restart + 1 && old[last - 1].offset + delta >= old[restart].offset && at(text, old[last - 1], delta)) last--;
  const resync = new Map<number, number>();
  for (let k = last; k < old.length; k++) if (k > restart) resync.set(old[k].offset + delta, k);

  const head = old.slice(0, restart);
  const { chunks: middle, stoppedAt } = scan(text, old[restart].offset, old[restart].line, resync);
  if (!stoppedAt) return head.concat(middle);
  const k = resync.get(stoppedAt.offset)!;
  const lineDelta = stoppedAt.line - old[k].line;
  const tail = old.slice(k).map((c) => (delta === 0 && lineDelta === 0 ? c : { text: c.text, offset: c.offset + delta, line: c.line + lineDelta }));
  return head.concat(middle, tail);
}
