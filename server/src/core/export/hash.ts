// The hash of a note's text in exports (W3C, BioC): a consumer compares it with the note's
// current text to tell whether an export is stale.
import { createHash } from 'node:crypto';

/** sha256 of the note's text as UTF-8, lowercase hex. */
export function noteHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
