// The per-document parse cache that makes re-analysis incremental: chunk text → facts.
// Entries not used by the latest version are dropped, so memory follows the document.
import type { Lexicon } from '../lexicon/lexicon.ts';
import type { Chunk } from './chunks.ts';
import { rechunk, type Chunking } from './rechunk.ts';
import type { ChunkFacts } from './extract.ts';
import { guardedExtract } from './guard.ts';

const MEMO_LIMIT = 100_000;

export class ParseCache {
  /** `split: false` parses the whole document as one chunk (tests compare both ways). */
  constructor(readonly options: { split?: boolean } = {}) {}

  private chunks = new Map<string, ChunkFacts>();
  /** The last version's chunks, re-split around the next edit only. */
  private chunking: Chunking | null = null;
  private memo = new Map<string, unknown>();
  private memoLexicon: Lexicon | null = null;
  /** Chunks parsed by the last analysis (the rest came from the cache). */
  parsedChunks = 0;
  /** Analysed segments of the last version, keyed by their first chunk (analyze.ts owns them). */
  segments = new Map<ChunkFacts, unknown>();

  /** Normalization results, valid as long as the lexicon is the same object. */
  memoFor(lexicon: Lexicon): Map<string, unknown> {
    if (this.memoLexicon !== lexicon || this.memo.size > MEMO_LIMIT) {
      this.memo = new Map();
      this.memoLexicon = lexicon;
    }
    return this.memo;
  }

  /** @internal */
  swap(used: Map<string, ChunkFacts>): void {
    this.chunks = used;
  }

  /** @internal The chunks of `text`, re-using the last version's around an edit. */
  split(text: string): Chunk[] {
    if (this.options.split === false) return [{ text, offset: 0, line: 0 }];
    const chunks = rechunk(this.chunking, text);
    this.chunking = { text, chunks };
    return chunks;
  }

  /** @internal */
  get(key: string): ChunkFacts | undefined {
    return this.chunks.get(key);
  }

}

function chunkKey(text: string, first: boolean): string {
  return (first ? '\u0000' : '') + text;
}

export interface ParsedChunk {
  chunk: Chunk;
  facts: ChunkFacts;
}

export function parseDocument(text: string, cache: ParseCache): ParsedChunk[] {
  const chunks = cache.split(text);
  const used = new Map<string, ChunkFacts>();
  const out: ParsedChunk[] = [];
  let parsed = 0;
  for (let i = 0; i < chunks.length; i++) {
    let chunk = chunks[i];
    for (;;) {
      const first = chunk.offset === 0;
      const key = (first ? '\u0000' : '') + chunk.text;
      let facts = used.get(key) ?? cache.get(key);
      if (!facts) {
        facts = guardedExtract(chunk.text, first);
        parsed++;
      }
      // A construct still open at the chunk's end (say, a fence in a list item) swallows
      // the next chunk: parse them together, as a whole-document parse would.
      if (facts.open && i + 1 < chunks.length) {
        const next = chunks[++i];
        chunk = { text: chunk.text + next.text, offset: chunk.offset, line: chunk.line };
        continue;
      }
      used.set(key, facts);
      out.push({ chunk, facts });
      break;
    }
  }
  cache.swap(used);
  cache.parsedChunks = parsed;
  return out;
}
