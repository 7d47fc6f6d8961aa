// The YAML front matter describes the source publication (spec section 1). Exports promise
// strings for title, doi and journal (server/data/export.schema.json), so YAML's other types
// are turned into strings where that keeps the meaning (numbers, booleans, dates) and
// reported where it does not (null, lists, maps). Depth and size are bounded: the YAML
// reader recurses on nesting, and its errors are caught like any other.
import { parse } from 'yaml';
import type { SourceInfo } from '../model.ts';

/** Front matter larger than this is not read (a publication's fields fit in a few hundred bytes). */
export const MAX_FRONT_MATTER = 64 * 1024;
/** Other fields keep nested lists and maps up to this depth. */
const MAX_DEPTH = 8;
const STRING_FIELDS = ['title', 'doi', 'pmid', 'journal', 'curator'];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function scalar(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  return null;
}

/** Sets a key as own data, so a `__proto__:` field stays a field. */
function define(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A JSON copy of a YAML value, or undefined when it nests deeper than MAX_DEPTH (iterative: no recursion on input depth). */
function toJson(value: unknown): Json | undefined {
  const root: { v?: Json } = {};
  const stack: { from: unknown; put: (v: Json) => void; depth: number }[] = [{ from: value, put: (v) => (root.v = v), depth: 0 }];
  while (stack.length) {
    const { from, put, depth } = stack.pop()!;
    const s = scalar(from);
    if (typeof from === 'boolean' || (typeof from === 'number' && Number.isFinite(from))) put(from);
    else if (s !== null) put(s);
    else if (from === null || from === undefined) put(null);
    else if (depth >= MAX_DEPTH) return undefined;
    else if (Array.isArray(from)) {
      const out: Json[] = new Array(from.length).fill(null);
      put(out);
      from.forEach((x, i) => stack.push({ from: x, put: (v) => (out[i] = v), depth: depth + 1 }));
    } else if (typeof from === 'object') {
      const out: { [key: string]: Json } = {};
      put(out);
      const entries = from instanceof Map ? [...from.entries()] : Object.entries(from);
      for (const [k, x] of entries) stack.push({ from: x, put: (v) => define(out, String(k), v), depth: depth + 1 });
    } else put(String(from));
  }
  return root.v;
}

export function readFrontMatter(yaml: string | null): { data: SourceInfo | null; problem?: string } {
  if (yaml === null) return { data: null };
  if (yaml.length > MAX_FRONT_MATTER) return { data: null, problem: `The front matter is ${Math.round(yaml.length / 1024)} KB; CaseMark reads at most ${MAX_FRONT_MATTER / 1024} KB: keep it to the publication's fields.` };
  let data: unknown;
  try {
    data = parse(yaml, { prettyErrors: false, maxAliasCount: 100 });
  } catch (e) {
    return { data: null, problem: `The front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  if (data === null || data === undefined) return { data: null };
  if (typeof data !== 'object' || Array.isArray(data)) return { data: null, problem: 'The front matter should be YAML fields such as title:, doi:, journal:, year:.' };
  const out: SourceInfo = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (STRING_FIELDS.includes(key)) {
      const s = scalar(value);
      if (s === null) dropped.push(key);
      else define(out, key, s);
    } else if (key === 'year') {
      if (typeof value === 'number' && Number.isInteger(value)) out.year = value;
      else if (scalar(value) !== null) out.year = scalar(value)!;
      else dropped.push(key);
    } else if (key === 'authors') {
      const list = Array.isArray(value) ? value.map(scalar) : [scalar(value)];
      if (list.some((x) => x === null)) dropped.push(key);
      else out.authors = Array.isArray(value) ? (list as string[]) : list[0]!;
    } else {
      const json = toJson(value);
      if (json === undefined) dropped.push(key);
      else define(out, key, json);
    }
  }
  if (dropped.length) {
    const names = dropped.map((k) => `${k}:`).join(', ');
    const what = dropped.length > 1 ? 'are empty, lists or maps' : 'is empty, a list or a map';
    return { data: out, problem: `Front matter ${names} ${what} where CaseMark expects text (other fields may nest ${MAX_DEPTH} levels): ${dropped.length > 1 ? 'they are' : 'it is'} left out of exports.` };
  }
  return { data: out };
}
