// The YAML front matter describes the source publication (spec section 1).
import { parse } from 'yaml';
import type { SourceInfo } from '../model.ts';

export function readFrontMatter(yaml: string | null): { data: SourceInfo | null; problem?: string } {
  if (yaml === null) return { data: null };
  try {
    const data: unknown = parse(yaml, { prettyErrors: false });
    if (data === null || data === undefined) return { data: null };
    if (typeof data !== 'object' || Array.isArray(data)) return { data: null, problem: 'The front matter should be YAML fields such as title:, doi:, journal:, year:.' };
    // Dates and other YAML types become plain JSON values.
    return { data: JSON.parse(JSON.stringify(data)) as SourceInfo };
  } catch (e) {
    return { data: null, problem: `The front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
}
