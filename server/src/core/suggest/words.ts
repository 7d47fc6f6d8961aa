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
