// Seeded generators of hostile notes for the property suite: what a badly converted PDF, a
// broken editor or a curious user produces. Each generator is a pure function of a PRNG
// (the benchmarks' mulberry32), so a failure names a seed that reproduces it.
import { generateNote, prng } from '../../bench/generate.ts';

export type Rng = () => number;
export { prng };

/** Runs per generator: `fallback` by default, CASEMARK_PROPERTY_RUNS for a larger run. */
export function runs(fallback: number): number {
  const n = Number(process.env.CASEMARK_PROPERTY_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Seed of the suite: CASEMARK_PROPERTY_SEED explores other inputs, the default is fixed. */
export const SEED = Number(process.env.CASEMARK_PROPERTY_SEED) || 20_251_202;

const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

/** A realistic note of about `bytes` bytes (cases, drugs, doses, days, labs, front matter). */
export function realistic(rng: Rng, bytes = 1500): string {
  return generateNote(bytes, int(rng, 1, 1_000_000));
}

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

const FRAGMENTS = [':drug[', ':dose[', ':day[', ':lab[', '::case[', ':::', ']', '[', '{', '}', '{#a}', '{from=a}', '{#b from=a}', '=', '"', "'", '#', '.', ',', ';', ' ', '\t', '\n', '\n\n', '```', '~~~', '<!--', '-->', '<!-- casemark-disable -->', '|', '> ', '- ', '1. ', '*', '_', '`', '\\', 'rituximab', '375 mg/m2', 'CK 2,400 U/L', '10^6 cells/kg', 'month 3', '5,5 mg', 'µg', '×'];

/** Random edits of a realistic note: byte flips, truncation, fragments, line ends, BOMs, NULs. */
export const mutations: Record<string, (rng: Rng, text: string) => string> = {
  byteFlips(rng, text) {
    const bytes = Buffer.from(text, 'utf8');
    for (let k = int(rng, 1, 20); k > 0 && bytes.length; k--) bytes[int(rng, 0, bytes.length - 1)] ^= 1 << int(rng, 0, 7);
    return bytes.toString('utf8');
  },
  truncation(rng, text) {
    return text.slice(0, int(rng, 0, text.length));
  },
  fragments(rng, text) {
    let out = text;
    for (let k = int(rng, 1, 30); k > 0; k--) out = insertAt(out, int(rng, 0, out.length), pick(rng, FRAGMENTS));
    return out;
  },
  lineEnds(rng, text) {
    return text.replace(/\n/g, () => pick(rng, ['\n', '\r\n', '\r', '\u0085', '\u2028', '\n\r']));
  },
  boms(rng, text) {
    let out = rng() < 0.7 ? '\ufeff' + text : text;
    for (let k = int(rng, 0, 5); k > 0; k--) out = insertAt(out, int(rng, 0, out.length), '\ufeff');
    return out;
  },
  nulsAndControls(rng, text) {
    let out = text;
    for (let k = int(rng, 1, 10); k > 0; k--) out = insertAt(out, int(rng, 0, out.length), pick(rng, ['\0', '\u0001', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\u2029', '\ud800', '\udfff']));
    return out;
  },
};

/** Pathological shapes, each sized by the PRNG from harmless to far over every limit. */
export const bombs: Record<string, (rng: Rng) => string> = {
  quoteNesting: (rng) => '>'.repeat(int(rng, 10, 6000)) + ' :drug[rituximab] :dose[375 mg/m2]\n',
  listOneLine: (rng) => '- '.repeat(int(rng, 10, 5000)) + ':lab[CK 5 U/L]\n',
  listNested: (rng) => Array.from({ length: int(rng, 5, 400) }, (_, i) => '  '.repeat(i) + '- :day[' + i + ']').join('\n') + '\n',
  mixedNesting: (rng) => pick(rng, ['> - ', '- > ', '1. > ', '* ']).repeat(int(rng, 10, 3000)) + ':drug[tocilizumab]\n',
  emphasis: (rng) => ':drug[rituximab] ' + pick(rng, ['*a', '_a ', '**a', '*a **', 'a_']).repeat(int(rng, 100, 12000)) + ' :dose[1 g]\n',
  brackets: (rng) => {
    const n = int(rng, 10, 20000);
    return pick(rng, ['['.repeat(n) + 'x' + ']'.repeat(n), '[a]('.repeat(n), '['.repeat(n), ':drug['.repeat(n), ':drug['.repeat(n) + ']'.repeat(n)]) + ' :day[3]\n';
  },
  backticks: (rng) => '`a'.repeat(int(rng, 100, 12000)) + ' :lab[CRP 5 mg/L]\n',
  longLabel: (rng) => `:${pick(rng, ['drug', 'dose', 'day', 'lab'])}[` + pick(rng, ['a\t', '1 ', 'mg/', '(', 'x']).repeat(int(rng, 100, 30000)) + ']' + (rng() < 0.5 ? '{from=' + 'a'.repeat(int(rng, 10, 5000)) + '}' : '') + '\n',
  controlsInLabels: (rng) => `:drug[ritu${pick(rng, ['\r', '\u0085', '\u2028', '\u2029', '\t', '\u001b'])}ximab] :lab[CK${pick(rng, ['\r', '\u0085', '\u2028'])} 5 U/L] :dose[${'x'.repeat(int(rng, 1, 400))}]\n`,
  anchorChain: (rng) => {
    const n = int(rng, 2, 1200);
    return Array.from({ length: n }, (_, i) => (i === 0 ? ':day[0]{#a0}' : `:day[${int(rng, 1, 9)}]{#a${i} from=a${i - 1}}`)).join(rng() < 0.5 ? ' ' : '\n\n') + ' :drug[rituximab]{day=2 from=a' + (n - 1) + '}\n';
  },
  anchorLoop: (rng) => {
    const n = int(rng, 1, 800);
    return Array.from({ length: n }, (_, i) => `:day[${int(rng, 0, 9)}]{#b${i} from=b${(i + 1) % n}}`).join('\n\n') + ' :day[1]{from=nowhere}\n';
  },
};

const YAML_ODDITIES = [
  'title: ~',
  'title: null\ndoi:\njournal: []',
  'title: 42\nyear: 2020.5\ndoi: 10.1/x\nauthors: [A, 3, null]',
  'title: ' + '['.repeat(100) + ']'.repeat(100),
  'title: ' + '['.repeat(3000),
  Array.from({ length: 100 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' deep',
  'a: &x [1, 2]\nb: [*x, *x, *x]\ntitle: *x',
  '__proto__: {polluted: true}\ntitle: ok',
  'date: 2024-01-01\nyear: 2024-01-01\ntitle: !!binary aGVsbG8=',
  'title: "unterminated',
  ': : :\n- - -\n\t\ttabs: x',
  'title: |\n  multi\n  line\u2028title',
  'x: ' + 'y'.repeat(70_000),
];

/** A note with odd YAML front matter above a realistic body. */
export function yamlOddity(rng: Rng): string {
  return `---\n${pick(rng, YAML_ODDITIES)}\n---\n\n` + realistic(rng, 600);
}

/** Every generator, by name: a note from a seed. */
export const generators: Record<string, (rng: Rng) => string> = {
  ...Object.fromEntries(Object.entries(mutations).map(([name, m]) => [name, (rng: Rng) => m(rng, realistic(rng))])),
  ...Object.fromEntries(Object.entries(bombs).map(([name, b]) => [name, (rng: Rng) => (rng() < 0.5 ? '::case[Bomb]{#bomb}\n\n' : '') + b(rng) + (rng() < 0.5 ? '\n' + realistic(rng, 500) : '')])),
  yamlOddity,
};

/** A random edit of a text: replace a random span with a fragment or a slice of the text. */
export function randomEdit(rng: Rng, text: string): { start: number; end: number; insert: string } {
  const start = int(rng, 0, text.length);
  const end = Math.min(text.length, start + int(rng, 0, 40));
  const insert = rng() < 0.5 ? pick(rng, FRAGMENTS) : text.slice(int(rng, 0, text.length), int(rng, 0, text.length));
  return { start, end, insert };
}
