// BioC (Comeau et al., Database 2013): one BioC document per note, a passage per case (and
// one for the text before the first case), each annotation with code-point offsets into the
// plain text of the note (plainText.ts) and its codes in infons. The JSON follows the BioC
// JSON that PubTator serves and the `bioc` Python library reads; biocXml.ts writes the same
// collection as XML.
import type { CaseMarkExport } from './types.ts';
import { annotationInfons, caseInfons, documentInfons, type Infons } from './infons.ts';
import { plainNote } from './plainText.ts';
import { noteHash } from './hash.ts';

export interface BiocLocation {
  offset: number;
  length: number;
}
export interface BiocAnnotation {
  id: string;
  infons: Infons;
  text: string;
  locations: BiocLocation[];
}
export interface BiocPassage {
  offset: number;
  infons: Infons;
  text: string;
  sentences: [];
  annotations: BiocAnnotation[];
  relations: [];
}
export interface BiocDocument {
  id: string;
  infons: Infons;
  passages: BiocPassage[];
  annotations: [];
  relations: [];
}
export interface BiocCollection {
  source: string;
  /** Left empty so that the same notes always give the same bytes. */
  date: string;
  key: string;
  infons: Infons;
  documents: BiocDocument[];
}

/** The BioC collection of an export; `texts` maps each note's path to its text. */
export function toBioc(exp: CaseMarkExport, texts: Map<string, string>): BiocCollection {
  const documents = exp.documents.map((doc): BiocDocument => {
    const text = texts.get(doc.path);
    const plain = plainNote(text ?? '', doc);
    let n = 0;
    const passages = plain.parts.map((part): BiocPassage => ({
      offset: part.span.start,
      infons: caseInfons(part.case),
      text: part.text,
      sentences: [],
      annotations: part.annotations.map((p) => ({
        id: `T${++n}`,
        infons: annotationInfons(p.annotation, p.caseId),
        text: p.text,
        locations: [{ offset: p.span.start, length: p.span.end - p.span.start }],
      })),
      relations: [],
    }));
    return { id: doc.path, infons: documentInfons(doc, text === undefined ? null : noteHash(text)), passages, annotations: [], relations: [] };
  });
  return {
    source: 'CaseMark',
    date: '',
    key: 'casemark.key',
    infons: { format: 'casemark-export', version: String(exp.version), offsets: 'unicode-code-points' },
    documents,
  };
}
