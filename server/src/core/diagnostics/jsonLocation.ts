// Where in a JSON file a problem is, for diagnostics on lexicon and config files:
// jsonc-parser gives the tree with offsets; JSON pointers from ajv map onto it.
import { findNodeAtLocation, parseTree, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

export interface Location {
  line: number;
  character: number;
}

function locationOf(text: string, offset: number): Location {
  let line = 0;
  let last = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i + 1;
    }
  }
  return { line, character: Math.max(0, offset - last) };
}

/**
 * Arrays and objects nested deeper than this are refused before any parser sees them: the
 * JSON readers and the schema validator recurse on depth (a 6 KB file of `[` overflowed the
 * stack), and CaseMark's files nest 4 levels.
 */
export const MAX_JSON_DEPTH = 64;

/** Offset where nesting first passes MAX_JSON_DEPTH (strings skipped), or -1. Linear. */
function tooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/** The first syntax error of a JSON text, located; null when it parses. */
export function jsonSyntaxError(text: string): (Location & { message: string }) | null {
  const deep = tooDeep(text);
  if (deep >= 0) return { message: `nested more than ${MAX_JSON_DEPTH} levels deep`, ...locationOf(text, deep) };
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!errors.length) return null;
  const e = errors[0];
  return { message: printParseErrorCode(e.error), ...locationOf(text, e.offset) };
}

/** Location of the value at an ajv instance path (`/drugs/3/atc`), or the start of the file. */
export function locateJsonPointer(text: string, pointer: string): Location {
  const tree = parseTree(text);
  if (!tree || !pointer) return { line: 0, character: 0 };
  const path = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const node = findNodeAtLocation(tree, path);
  return locationOf(text, node ? (node.parent?.type === 'property' ? node.parent.offset : node.offset) : 0);
}
