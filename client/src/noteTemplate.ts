// A new case note (command "CaseMark: New Case Note…"): front matter describing the source
// publication, a heading and a first `::case`; the file named after the first author and
// the year. Pure, so the tests can check it without an editor.

export interface NoteFields {
  title: string;
  doi: string;
  pmid: string;
  authors: string;
  journal: string;
  year: string;
  curator: string;
}

/** The first author's surname as a file-name word: `Müller F, Wirsching A` → `muller`. */
export function firstAuthorSlug(authors: string): string {
  const first = authors.split(/[,;]| and /)[0]?.trim() ?? '';
  const words = first.split(/\s+/).filter(Boolean);
  // "Müller F" / "Pecher AC" (Vancouver: initials last) or "Fabian Müller" (surname last).
  const initials = (w: string): boolean => /^(?:\p{Lu}\.?){1,3}$/u.test(w);
  const surname = words.length > 1 && initials(words[words.length - 1]) ? words.slice(0, -1).join(' ') : words[words.length - 1] ?? '';
  return surname.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** `muller-2025.md`, or `muller-2025-2.md` when that is taken; `case-note.md` without author or year. */
export function noteFileName(fields: Pick<NoteFields, 'authors' | 'year'>, taken: (name: string) => boolean): string {
  const base = [firstAuthorSlug(fields.authors), fields.year.trim().replace(/[^0-9a-z]/gi, '')].filter(Boolean).join('-') || 'case-note';
  let name = `${base}.md`;
  for (let n = 2; taken(name); n++) name = `${base}-${n}.md`;
  return name;
}

/** A YAML scalar: plain when safe, else double-quoted with escapes. */
function yaml(value: string): string {
  const v = value.trim();
  return /^[\p{L}\p{N}][\p{L}\p{N} .,/()–-]*$/u.test(v) && !/:\s|\s#/.test(v) && !/^(?:true|false|null|yes|no|~)$/i.test(v) ? v : JSON.stringify(v);
}

/** The note's text: front matter (empty fields left out), the title as heading, a first case whose id comes from the file name. */
export function noteText(fields: NoteFields, fileName: string): string {
  const keys: (keyof NoteFields)[] = ['title', 'doi', 'pmid', 'authors', 'journal', 'year', 'curator'];
  const front = keys.filter((k) => fields[k].trim() !== '').map((k) => `${k}: ${k === 'year' || k === 'pmid' ? fields[k].trim() : yaml(fields[k])}`);
  const id = `${fileName.replace(/\.md$/, '')}-p1`;
  return [
    '---', ...front, '---', '',
    `# ${fields.title.trim() || 'Case report'}`, '',
    `::case[Patient 1]{#${id}}`, '',
    '',
  ].join('\n');
}
