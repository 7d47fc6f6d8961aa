// Problems are printed one per line (`path:line:col severity code message`, the editors'
// problem matchers, LSP clients): a message or path that quotes the curator's text must not
// break that line. Control characters and Unicode line and paragraph separators are escaped
// as JSON would (`\r`, `\n`, `\t`, `\u0085`, `\u2028`), and a quoted text longer than
// MAX_QUOTE is shortened with an ellipsis.

/** Characters of a quoted text kept in a message. */
export const MAX_QUOTE = 80;
/** Characters of a whole message kept (after escaping). */
export const MAX_MESSAGE = 1000;

// C0 and C1 controls, DEL, and the separators U+2028/U+2029 (NEL is U+0085, a C1 control).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Escapes what would break a line; nothing else changes. */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A message safe to print on one line, its long quotes shortened. */
export function oneLine(message: string): string {
  const out = escapeLine(message).replace(/"([^"]*)"/g, (m, quoted: string) => (quoted.length > MAX_QUOTE ? `"${quoted.slice(0, MAX_QUOTE - 1)}…"` : m));
  return out.length > MAX_MESSAGE ? out.slice(0, MAX_MESSAGE - 1) + '…' : out;
}
