// `.casemark/config.json`: per-code severity overrides, extra lexicon files, excluded globs
// and the note size limit — few settings, domain config in a schema-validated file (server/data/config.schema.json).
import Ajv from 'ajv';
import schema from '../../../data/config.schema.json' with { type: 'json' };
import type { Severity } from '../model.ts';
import { jsonSyntaxError, locateJsonPointer } from './jsonLocation.ts';

export interface CaseMarkConfig {
  severity: Record<string, Severity | 'off'>;
  lexicons: string[];
  exclude: string[];
  /** Notes above this many bytes are not analyzed (noteSize.ts); absent: the editor's setting or the default. */
  maxFileSize?: number;
}

export interface ConfigProblem {
  path: string;
  message: string;
  line: number;
  character: number;
}

export const DEFAULT_CONFIG: CaseMarkConfig = { severity: {}, lexicons: [], exclude: [] };

let validator: ReturnType<Ajv['compile']> | undefined;

export function parseConfig(text: string, path: string): { config: CaseMarkConfig; problems: ConfigProblem[] } {
  const syntax = jsonSyntaxError(text.replace(/^\uFEFF/, ''));
  if (syntax) {
    const { message, ...at } = syntax;
    return { config: DEFAULT_CONFIG, problems: [{ path, message: `${path} is not valid JSON: ${message}.`, ...at }] };
  }
  const data: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  if (!validator(data)) {
    const problems = (validator.errors ?? []).map((err) => ({
      path,
      message: `${err.instancePath || '(root)'} ${err.message ?? 'is invalid'}${err.params && 'additionalProperty' in err.params ? `: "${String(err.params.additionalProperty)}"` : ''}`,
      ...locateJsonPointer(text, err.instancePath),
    }));
    return { config: DEFAULT_CONFIG, problems };
  }
  const d = data as Partial<CaseMarkConfig>;
  return { config: { severity: d.severity ?? {}, lexicons: d.lexicons ?? [], exclude: d.exclude ?? [], ...(d.maxFileSize !== undefined ? { maxFileSize: d.maxFileSize } : {}) }, problems: [] };
}

/** Merge severity overrides: later ones win (config file, then editor settings). */
export function mergeConfig(base: CaseMarkConfig, over: Partial<CaseMarkConfig>): CaseMarkConfig {
  return {
    severity: { ...base.severity, ...(over.severity ?? {}) },
    lexicons: [...base.lexicons, ...(over.lexicons ?? [])],
    exclude: [...base.exclude, ...(over.exclude ?? [])],
  };
}
