// FHIR R4 Bundle (collection): a Patient per case, a MedicationStatement per drug and per dose
// (case reports give study days, not dates, and MedicationAdministration requires an
// effective date), an Observation per lab with LOINC and UCUM. Each resource carries the
// source DOI in meta.source and the study day in an extension.
import type { DoseNormalized, DrugNormalized, LabNormalized } from '../model.ts';
import type { CaseMarkExport, ExportAnnotation, ExportCase, ExportDocument } from './types.ts';
import { stableUuid } from './ids.ts';

const UCUM = 'http://unitsofmeasure.org';
const LOINC = 'http://loinc.org';
const ATC = 'http://www.whocc.no/atc';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const STUDY_DAY = 'https://casemark.dev/fhir/StructureDefinition/study-day';
const AGE = 'https://casemark.dev/fhir/StructureDefinition/age-at-report';
const ROUTES: Record<string, [string, string]> = {
  iv: ['47625008', 'Intravenous route'],
  sc: ['34206005', 'Subcutaneous route'],
  po: ['26643006', 'Oral route'],
  im: ['78421000', 'Intramuscular route'],
  it: ['72607000', 'Intrathecal route'],
  topical: ['6064005', 'Topical route'],
};
const GENDER: Record<string, string> = { F: 'female', M: 'male', X: 'other', unknown: 'unknown' };
const INTERPRETATION: Record<string, [string, string]> = { high: ['H', 'High'], low: ['L', 'Low'], normal: ['N', 'Normal'] };

type Resource = Record<string, unknown> & { resourceType: string; id: string };

function meta(doc: ExportDocument): Record<string, unknown> | undefined {
  const doi = doc.source?.doi;
  return doi ? { source: `https://doi.org/${String(doi)}` } : undefined;
}

function dayExtension(a: ExportAnnotation): unknown[] | undefined {
  return a.day === null ? undefined : [{ url: STUDY_DAY, valueInteger: a.day }];
}

function medication(drug: DrugNormalized | null, text: string): Record<string, unknown> {
  const coding: unknown[] = [];
  if (drug?.atc) coding.push({ system: ATC, code: drug.atc, display: drug.name });
  if (drug?.rxcui) coding.push({ system: RXNORM, code: drug.rxcui, display: drug.name });
  return { ...(coding.length ? { coding } : {}), text: drug?.name ?? text };
}

function note(a: ExportAnnotation, doc: ExportDocument): unknown[] {
  return [{ text: `${doc.path}:${a.range.start.line + 1}: ${a.text}` }];
}

function resourcesOfCase(doc: ExportDocument, c: ExportCase): Resource[] {
  const base = `${doc.path}#${c.id}`;
  const patientId = stableUuid(base);
  const subject = { reference: `urn:uuid:${patientId}`, display: c.id };
  const m = meta(doc);
  const patient: Resource = {
    resourceType: 'Patient',
    id: patientId,
    ...(m ? { meta: m } : {}),
    identifier: [{ system: 'https://casemark.dev/case-id', value: c.id }],
    ...(c.attributes.sex && GENDER[c.attributes.sex] ? { gender: GENDER[c.attributes.sex] } : {}),
    ...(c.attributes.age && !Number.isNaN(Number(c.attributes.age))
      ? { extension: [{ url: AGE, valueAge: { value: Number(c.attributes.age), unit: 'a', system: UCUM, code: 'a' } }] }
      : {}),
  };
  const out: Resource[] = [patient];
  const drugs = new Map<string, DrugNormalized>();
  for (const a of c.annotations) if (a.kind === 'drug' && a.normalized) drugs.set((a.normalized as DrugNormalized).key, a.normalized as DrugNormalized);
  c.annotations.forEach((a, i) => {
    const id = stableUuid(`${base}/${i}`);
    const common = { id, ...(m ? { meta: m } : {}), ...(dayExtension(a) ? { extension: dayExtension(a) } : {}) };
    if (a.kind === 'drug') {
      out.push({ resourceType: 'MedicationStatement', ...common, status: 'completed', medicationCodeableConcept: medication(a.normalized as DrugNormalized | null, a.text), subject, note: note(a, doc) });
    } else if (a.kind === 'dose') {
      const n = a.normalized as DoseNormalized | null;
      const drug = n?.drug ? drugs.get(n.drug) ?? null : null;
      const route = n?.route ? ROUTES[n.route] : undefined;
      const dosage: Record<string, unknown> = { text: a.text };
      if (route) dosage.route = { coding: [{ system: 'http://snomed.info/sct', code: route[0], display: route[1] }] };
      if (n?.freq) dosage.timing = { code: { text: n.freq } };
      if (n) dosage.doseAndRate = [{ doseQuantity: { value: n.value, unit: n.unit, system: UCUM, code: n.unit } }];
      out.push({ resourceType: 'MedicationStatement', ...common, status: 'completed', medicationCodeableConcept: medication(drug, n?.drug ?? a.text), subject, dosage: [dosage], note: note(a, doc) });
    } else if (a.kind === 'lab') {
      const n = a.normalized as LabNormalized | null;
      const obs: Resource = {
        resourceType: 'Observation',
        ...common,
        status: 'final',
        code: n ? { ...(n.loinc ? { coding: [{ system: LOINC, code: n.loinc, display: n.name }] } : {}), text: n.name } : { text: a.text },
        subject,
        note: note(a, doc),
      };
      if (n?.valueKind === 'quantity' && n.value !== null && n.unit) {
        obs.valueQuantity = { value: n.value, ...(n.comparator ? { comparator: n.comparator } : {}), unit: n.unit, system: UCUM, code: n.unit };
      } else if (n?.valueKind === 'score' && n.value !== null) {
        obs.valueQuantity = { value: n.value, unit: '{score}', system: UCUM, code: '{score}' };
      } else if (n?.result) obs.valueString = n.result;
      if (n && (n.lln !== null || n.uln !== null) && n.unit) {
        obs.referenceRange = [{ ...(n.lln !== null ? { low: { value: n.lln, unit: n.unit, system: UCUM, code: n.unit } } : {}), ...(n.uln !== null ? { high: { value: n.uln, unit: n.unit, system: UCUM, code: n.unit } } : {}) }];
      }
      const flag = n?.flag ? INTERPRETATION[n.flag] : undefined;
      if (flag) obs.interpretation = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: flag[0], display: flag[1] }] }];
      out.push(obs);
    }
  });
  return out;
}

export function toFhir(exp: CaseMarkExport): Record<string, unknown> {
  const entry: unknown[] = [];
  for (const doc of exp.documents) for (const c of doc.cases) for (const r of resourcesOfCase(doc, c)) entry.push({ fullUrl: `urn:uuid:${r.id}`, resource: r });
  return { resourceType: 'Bundle', type: 'collection', entry };
}
