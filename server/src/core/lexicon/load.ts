// Reading a lexicon file (a workspace's `.casemark/lexicon.json` or a shipped one): JSON
// syntax, then the JSON Schema, then what a schema cannot say (min <= max, UCUM units, a new
// key needs a name). Every problem carries the zero-based position a curator should look at.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../data/lexicon.schema.json' with { type: 'json' };
import { jsonSyntaxError, locateJsonPointer } from '../diagnostics/jsonLocation.ts';
import { commensurable, spellUnit } from '../normalize/units.ts';
import { Lexicon } from './lexicon.ts';
import type { DrugEntry, LabEntry, LexiconFile, LexiconProblem } from './types.ts';

const MAX_PROBLEMS = 100;

let validator: ValidateFunction | undefined;

/** The schema validator, compiled on first use (only workspaces with a lexicon file pay for it). */
function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
  return validator;
}

/**
 * Parse and check a lexicon file. Never throws: whatever the text, the answer is the file
 * (null when anything is wrong) and the problems found. `base` is the lexicon the file will
 * be applied to, to tell overrides of known keys from new entries (default: the built-in one).
 */
export function parseLexiconFile(
  text: string,
  path: string,
  base?: Lexicon,
): { file: LexiconFile | null; problems: LexiconProblem[] } {
  try {
    return parseChecked(typeof text === 'string' ? text : String(text), path, base);
  } catch (e) {
    return { file: null, problems: [{ path, message: `Cannot read lexicon: ${String(e)}`, line: 0, character: 0 }] };
  }
}

function parseChecked(raw: string, path: string, base?: Lexicon): { file: LexiconFile | null; problems: LexiconProblem[] } {
  // A byte-order mark becomes a space so that offsets stay those of the editor.
  const text = raw.charCodeAt(0) === 0xfeff ? ' ' + raw.slice(1) : raw;
  const problem = (message: string, pointer: string): LexiconProblem => ({ path, message, ...locateJsonPointer(text, pointer) });

  const syntax = jsonSyntaxError(text);
  if (syntax) {
    return { file: null, problems: [{ path, message: `Not valid JSON: ${describeSyntax(syntax.message)}.`, line: syntax.line, character: syntax.character }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { file: null, problems: [{ path, message: `Not valid JSON: ${(e as Error).message}`, line: 0, character: 0 }] };
  }

  const check = validate();
  if (!check(data)) {
    // Locating a problem re-reads the file, so only as many as will be shown are located.
    const errors = (check.errors ?? []).slice(0, MAX_PROBLEMS * 2);
    const problems = dedupe(errors.map((err) => schemaProblem(err, data, problem)));
    return { file: null, problems: problems.slice(0, MAX_PROBLEMS) };
  }

  const file = data as LexiconFile;
  const problems = semanticProblems(file, base ?? Lexicon.builtin(), problem).slice(0, MAX_PROBLEMS);
  return { file: problems.length ? null : file, problems };
}

function describeSyntax(code: string): string {
  // jsonc-parser's codes (`PropertyNameExpected`) read better as words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** `drugs[3] ("daratumumab").atc` for `/drugs/3/atc`: where a curator would look. */
function describePath(pointer: string, data: unknown): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  let node: unknown = data;
  for (const part of parts) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    if (/^\d+$/.test(part)) {
      out += `[${part}]`;
      const key = node && typeof node === 'object' ? (node as { key?: unknown }).key : undefined;
      if (typeof key === 'string') out += ` ("${key}")`;
    } else {
      out += out ? `.${part}` : part;
    }
  }
  return out || 'The file';
}

const PATTERN_HINTS: Record<string, string> = {
  key: 'must be lowercase letters and digits joined by single hyphens, e.g. "mb-cart19-1"',
  atc: 'must be an ATC code such as "L01FC01" (or null)',
  rxcui: 'must be an RxNorm concept id made of digits, as a string (or null)',
  loinc: 'must be a LOINC code with its check digit, such as "2157-6" (or null)',
  unit: 'must be a UCUM unit without spaces, such as "mg/dL"',
};

function schemaProblem(err: ErrorObject, data: unknown, problem: (m: string, p: string) => LexiconProblem): LexiconProblem {
  const at = err.instancePath;
  const where = describePath(at, data);
  const field = at.split('/').pop() ?? '';
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return problem(`${where}: unknown field "${name}"; check its spelling (see lexicon.schema.json for the fields).`, `${at}/${escapePointer(name)}`);
    }
    case 'required':
      return problem(`${where}: missing field "${String(params.missingProperty)}".`, at);
    case 'type':
      return problem(`${where} must be ${String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}.`, at);
    case 'enum':
      return problem(`${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`, at);
    case 'pattern': {
      // A dose range's unit is a canonical dose unit, not any UCUM unit.
      if (field === 'unit' && /\/doses\/\d+\/unit$/.test(at)) {
        return problem(`${where} must be a canonical dose unit: an amount (mg, mg/kg, mg/m2, {cells}/kg, {cells}, [IU], [IU]/kg, [IU]/m2, mL, mL/kg), optionally per /d, /wk, /mo, /h or /min.`, at);
      }
      const hint = PATTERN_HINTS[field] ?? (/^\d+$/.test(field) || field === 'name' ? 'must not be blank' : `must match ${String(params.pattern)}`);
      return problem(`${where} ${hint}.`, at);
    }
    default:
      return problem(`${where} ${err.message ?? 'is not valid'}.`, at);
  }
}

const TYPE_WORDS: Record<string, string> = {
  object: 'an object ({...})', array: 'a list ([...])', string: 'a string', number: 'a number', null: 'null',
};

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function dedupe(problems: LexiconProblem[]): LexiconProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.line}:${p.character}:${p.message}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

function semanticProblems(file: LexiconFile, base: Lexicon, problem: (m: string, p: string) => LexiconProblem): LexiconProblem[] {
  const out: LexiconProblem[] = [];
  const range = (lo: number | null | undefined, hi: number | null | undefined, pointer: string, what: string) => {
    if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) out.push(problem(`${what}: the lower end (${lo}) is above the upper end (${hi}).`, pointer));
  };
  const keysSeen = new Set<string>();
  const entries = (list: readonly (Partial<DrugEntry> | Partial<LabEntry>)[] | undefined, kind: 'drugs' | 'labs') =>
    (list ?? []).forEach((e, i) => {
      const at = `/${kind}/${i}`;
      const label = `${kind}[${i}] ("${e.key}")`;
      if (keysSeen.has(`${kind}/${e.key}`)) out.push(problem(`${label}: the key "${e.key}" appears twice in this file.`, `${at}/key`));
      keysSeen.add(`${kind}/${e.key}`);
      const known = kind === 'drugs' ? base.drug(e.key!) : base.lab(e.key!);
      if (!known && e.name === undefined) {
        out.push(problem(`${label}: "${e.key}" is not a known ${kind === 'drugs' ? 'drug' : 'lab'} key, so this entry adds one and needs a "name".`, at));
      }
    });
  entries(file.drugs, 'drugs');
  entries(file.labs, 'labs');

  (file.drugs ?? []).forEach((d, i) =>
    (d.doses ?? []).forEach((r, j) => range(r.min, r.max, `/drugs/${i}/doses/${j}`, `drugs[${i}] ("${d.key}").doses[${j}]`)),
  );
  (file.labs ?? []).forEach((l, i) => {
    const at = `/labs/${i}`;
    const label = `labs[${i}] ("${l.key}")`;
    range(l.reference?.low, l.reference?.high, `${at}/reference`, `${label}.reference`);
    for (const sex of ['F', 'M'] as const) {
      const r = l.referenceBySex?.[sex];
      range(r?.low, r?.high, `${at}/referenceBySex/${sex}`, `${label}.referenceBySex.${sex}`);
    }
    range(l.plausible?.min, l.plausible?.max, `${at}/plausible`, `${label}.plausible`);
    const known = base.lab(l.key ?? '');
    const ownUnitOk = typeof l.unit === 'string' && checkUnit(l.unit, `${at}/unit`, `${label}.unit`, out, problem);
    const canonical = l.unit === undefined ? (known?.unit ?? null) : ownUnitOk ? l.unit : null;
    (l.units ?? []).forEach((u, j) => {
      const where = `${at}/units/${j}/unit`;
      if (!checkUnit(u.unit, where, `${label}.units[${j}]`, out, problem)) return;
      // Without a factor, UCUM must be able to convert it (a known lab keeps its molar mass).
      const molarMass = l.molarMass !== undefined ? l.molarMass : known?.molarMass;
      if (u.factor === undefined && canonical && !commensurable(u.unit, canonical, molarMass)) {
        out.push(problem(`${label}.units[${j}]: UCUM cannot convert "${u.unit}" to the canonical "${canonical}"; give a "factor" (canonical = value × factor) or drop the unit.`, where));
      }
    });
  });
  return out;
}

function checkUnit(unit: string, pointer: string, what: string, out: LexiconProblem[], problem: (m: string, p: string) => LexiconProblem): boolean {
  // Exact UCUM only: a lexicon is read by programs, so `mg/dl` is not corrected silently here.
  const spelled = spellUnit(unit);
  if ('ucum' in spelled && spelled.ucum === unit) return true;
  const better = 'ucum' in spelled ? spelled.ucum : spelled.suggestions[0];
  const hint = better ? ` Did you mean "${better}"?` : ' Write micro as "u", litre as "L", arbitrary units as [IU] or [arb\'U].';
  out.push(problem(`${what}: "${unit}" is not a UCUM unit.${hint}`, pointer));
  return false;
}
