// JSON written piece by piece, with exactly the bytes of `JSON.stringify(value, null, 2)`:
// arrays wrapped in `lazy(...)` are read one item at a time, so an export of any size is
// never held as one string (V8 strings stop at about 512 MB: "Invalid string length").
// Each item is still written by JSON.stringify and indented to its depth, which is safe
// because JSON.stringify escapes every line break inside strings.

/** An array whose items are produced while it is written (an iterable, read once). */
export class LazyArray<T = unknown> {
  constructor(readonly items: Iterable<T>) {}
}

export function lazy<T>(items: Iterable<T>): LazyArray<T> {
  return new LazyArray(items);
}

/** `items` mapped one at a time, for lazy arrays made from existing ones. */
export function* mapped<T, U>(items: Iterable<T>, f: (item: T, index: number) => U): Generator<U> {
  let i = 0;
  for (const item of items) yield f(item, i++);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof LazyArray) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True when a value is, or has among its object fields, a lazy array (only those need walking). */
function holdsLazy(v: unknown): boolean {
  if (v instanceof LazyArray) return true;
  return isPlainObject(v) && Object.values(v).some(holdsLazy);
}

function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** The pieces of `JSON.stringify(value, null, 2)`, the value written at depth `indent`. */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  const inner = indent + '  ';
  if (value instanceof LazyArray) {
    let first = true;
    for (const item of value.items as Iterable<unknown>) {
      yield (first ? '[\n' : ',\n') + inner;
      first = false;
      // JSON.stringify writes null for an array item it cannot write.
      if (skipped(item)) yield 'null';
      else yield* jsonPieces(item, inner);
    }
    yield first ? '[]' : '\n' + indent + ']';
    return;
  }
  if (isPlainObject(value) && holdsLazy(value)) {
    let first = true;
    for (const [key, v] of Object.entries(value)) {
      if (skipped(v)) continue;
      yield (first ? '{\n' : ',\n') + inner + JSON.stringify(key) + ': ';
      first = false;
      yield* jsonPieces(v, inner);
    }
    yield first ? '{}' : '\n' + indent + '}';
    return;
  }
  const text = JSON.stringify(value, null, 2) ?? 'null';
  yield indent && text.includes('\n') ? text.replaceAll('\n', '\n' + indent) : text;
}

/** A JSON document as exports write it: two-space indent and a final line break. */
export function* jsonDocument(value: unknown): Generator<string> {
  yield* jsonPieces(value);
  yield '\n';
}

/** Pieces joined into chunks of about `size` characters, so a writer makes few, large writes. */
export function* chunked(pieces: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buffer: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    length += piece.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (length) yield buffer.join('');
}

/** All pieces as one string (the language server answers with one JSON-RPC message). */
export function joinPieces(pieces: Iterable<string>): string {
  const all: string[] = [];
  for (const p of pieces) all.push(p);
  return all.join('');
}
