// Where the words of a note start (a letter or digit after none), found once per note and
// shared by the lab and drug scans: both look names up only at word starts.

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isWord(c: number, text: string, i: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER_OR_DIGIT.test(text[i]);
}

let lastText: string | undefined;
let lastStarts: Int32Array = new Int32Array(0);

/** Offsets of the word starts of `text`, ascending (the last note's are remembered). */
export function wordStarts(text: string): Int32Array {
  if (text === lastText) return lastStarts;
  const starts = new Int32Array(Math.ceil(text.length / 2) + 1);
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const w = isWord(text.charCodeAt(i), text, i);
    if (w && !inWord) starts[n++] = i;
    inWord = w;
  }
  lastText = text;
  lastStarts = starts.subarray(0, n);
  return lastStarts;
}

/**
 * Where a label that starts `text` may end: after each of its next tokens (trailing
 * punctuation dropped), shortest first. Stops after `max` tokens, at the first gap holding
 * `breakAt` (a line break or a blank line), at a token `stops` says is no longer part of the
 * label, and after a token that ends in punctuation.
 */
export function labelEnds(text: string, max: number, breakAt: string, stops: (token: string) => boolean): number[] {
  const ends: number[] = [];
  const token = /[^\s\u0000]+/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text)) && ends.length < max) {
    if (text.slice(0, m.index).includes(breakAt)) break;
    const tokenText = m[0].replace(/[.,;:)\]]+$/u, '');
    if (stops(tokenText)) break;
    if (tokenText) ends.push(m.index + tokenText.length);
    if (tokenText !== m[0]) break; // punctuation ends the label
  }
  return ends;
}
