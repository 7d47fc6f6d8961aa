// Parses the chunks of one large note on worker threads, so a 5 MB note uses every core.
// The Markdown parse is most of an analysis and each chunk parses on its own (parse/chunks.ts),
// so the workers fill the note's ParseCache with the facts parseChunk gives, and the main
// thread then runs the ordinary analyzeDocument over a warm cache: the result is the same
// as a one-thread analysis, byte for byte.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseChunk, type ParseCache, type PendingChunk } from '../core/index.ts';
import type { ChunkFacts } from '../core/parse/extract.ts';

/** Notes smaller than this are parsed on the main thread: starting workers costs ~50 ms. */
export const PARALLEL_NOTE_BYTES = 512 * 1024;
/** Characters of chunk text per message: small enough to balance the workers, big enough that messaging is noise. */
const BATCH_CHARS = 64 * 1024;

export interface ParseRequest {
  chunks: { text: string; first: boolean }[];
}

export function parallelism(): number {
  return Number(process.env.CASEMARK_JOBS) || Math.min(availableParallelism(), 4);
}

/**
 * Fills `cache` with the facts of every chunk of `text` it lacks, parsed by `workers`
 * threads of `script` (the CLI bundle, which answers ParseRequests in parseWorkerMain).
 */
export async function primeInParallel(text: string, cache: ParseCache, script: string, workers = parallelism()): Promise<void> {
  const pending = cache.missing(text);
  if (pending.length < 2 || workers < 2) return;
  const batches: PendingChunk[][] = [];
  let current: PendingChunk[] = [];
  let size = 0;
  for (const p of pending) {
    current.push(p);
    size += p.text.length;
    if (size >= BATCH_CHARS) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length) batches.push(current);
  let next = 0;
  const threads = Math.min(workers, batches.length);
  await Promise.all(
    Array.from({ length: threads }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(script, { workerData: { mode: 'parse' } });
        let batch: PendingChunk[] = [];
        const feed = (): void => {
          if (next >= batches.length) {
            void worker.terminate().then(() => resolve(), reject);
            return;
          }
          batch = batches[next++];
          worker.postMessage({ chunks: batch.map((p) => ({ text: p.text, first: p.first })) } satisfies ParseRequest);
        };
        worker.on('message', (facts: ChunkFacts[]) => {
          batch.forEach((p, i) => cache.prime(p.key, facts[i]));
          feed();
        });
        worker.on('error', reject);
        feed();
      }),
    ),
  );
}

/** Worker side: parse the chunks each request carries. */
export function parseWorkerMain(port: { on(ev: 'message', f: (m: ParseRequest) => void): void; postMessage(m: unknown): void }): void {
  port.on('message', (req) => {
    port.postMessage(req.chunks.map((c) => parseChunk(c.text, c.first)));
  });
}
