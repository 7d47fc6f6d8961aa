// BioC (Comeau et al., Database 2013): one BioC document per note, a passage per case (and
// one for the text before the first case), each annotation with code-point offsets into the
// plain text of the note (plainText.ts) and its codes in infons. The JSON follows the BioC
// JSON that PubTator serves and the `bioc` Python library reads; biocXml.ts writes the same
// collection as XML.
import type { CaseMarkExport } from './types.ts';
import { annotationInfons, caseInfons, documentInfons, type Infons } from './infons.ts';
import { plainNote, type PlainNote } from './plainText.ts';
import { lazy, mapped, type LazyArray } from './jsonStream.ts';
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

/**
 * A collection as it is written: documents and passages are made one at a time (jsonStream.ts),
 * so each note's plain text is held only while it is written. Written, it reads as BiocCollection.
 */
export interface BiocCollectionStream extends Omit<BiocCollection, 'documents'> {
  documents: LazyArray<BiocDocumentStream>;
}
export interface BiocDocumentStream extends Omit<BiocDocument, 'passages'> {
  passages: LazyArray<BiocPassage>;
}

function* passages(plain: PlainNote): Generator<BiocPassage> {
  let n = 0;
  for (const part of plain.parts) {
    yield {
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
    };
  }
}

/**
 * The BioC collection of an export; `texts` maps each note's path to its text. Its documents
 * and passages are lazy: write it once, with jsonPieces or biocXmlPieces.
 */
export function biocCollection(exp: CaseMarkExport, texts: Map<string, string>): BiocCollectionStream {
  const documents = mapped(exp.documents, (doc): BiocDocumentStream => {
    const text = texts.get(doc.path);
    const plain = plainNote(text ?? '', doc);
    return { id: doc.path, infons: documentInfons(doc, text === undefined ? null : noteHash(text)), passages: lazy(passages(plain)), annotations: [], relations: [] };
  });
  return {
    source: 'CaseMark',
    date: '',
    key: 'casemark.key',
    infons: { format: 'casemark-export', version: String(exp.version), offsets: 'unicode-code-points' },
    documents: lazy(documents),
  };
}
