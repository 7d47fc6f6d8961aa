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

/** The first syntax error of a JSON text, located; null when it parses. */
export function jsonSyntaxError(text: string): (Location & { message: string }) | null {
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
