// FHIR R4 Bundle (collection): a Patient per case, a MedicationStatement per drug and per dose
// (case reports give study days, not dates, and MedicationAdministration requires an
// effective date), an Observation per lab with LOINC and UCUM. Each resource carries the
// source DOI in meta.source and the study day in an extension. Every resource validates
// against the R4 StructureDefinitions (tested with @medplum/core): an annotation with
// problems is written with what is known (a dose whose drug is unknown says so with a
// data-absent-reason), never as another kind of fact.
import type { DoseNormalized, DrugNormalized, LabNormalized } from '../model.ts';
import type { CaseMarkExport, ExportAnnotation, ExportCase, ExportDocument } from './types.ts';
import { stableUuid } from './ids.ts';
import { statusOf } from './infons.ts';
import { lazy } from './jsonStream.ts';

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
const DATA_ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const CASE_ID = 'https://casemark.dev/case-id';
const NOTE_CASE = 'https://casemark.dev/note-case';
/** CaseMark status (spec 1.1) to MedicationStatement.status. */
const STATUS: Record<string, string> = { given: 'completed', planned: 'intended', 'not-given': 'not-taken', stopped: 'stopped', unknown: 'unknown' };
const INTERPRETATION: Record<string, [string, string]> = { high: ['H', 'High'], low: ['L', 'Low'], normal: ['N', 'Normal'] };

type Resource = Record<string, unknown> & { resourceType: string; id: string };

function meta(doc: ExportDocument): Record<string, unknown> | undefined {
  const doi = doc.source?.doi;
  return doi ? { source: `https://doi.org/${encodeURI(String(doi).trim())}` } : undefined;
}

function dayExtension(a: ExportAnnotation): unknown[] | undefined {
  return a.day === null ? undefined : [{ url: STUDY_DAY, valueInteger: a.day }];
}

function medication(drug: DrugNormalized | null, text: string | null): Record<string, unknown> {
  const coding: unknown[] = [];
  if (drug?.atc) coding.push({ system: ATC, code: drug.atc, display: drug.name });
  if (drug?.rxcui) coding.push({ system: RXNORM, code: drug.rxcui, display: drug.name });
  const name = drug?.name ?? text;
  // The drug of a dose may be unknown (no drug in its block): say so rather than guess.
  if (!coding.length && !name) return { extension: [{ url: DATA_ABSENT, valueCode: 'unknown' }] };
  return { ...(coding.length ? { coding } : {}), ...(name ? { text: name } : {}) };
}

function quantity(value: number, unit: string | null): Record<string, unknown> {
  return unit ? { value, unit, system: UCUM, code: unit } : { value };
}

/**
 * A dose as Dosage.doseAndRate: an amount (doseQuantity/doseRange), or an amount per period as
 * printed (`15 mg/wk`: rateQuantity in `mg/wk`, no frequency invented); nothing when a
 * comparator (`<5 mg`) makes it neither, since SimpleQuantity has no comparator.
 */
function doseAndRate(n: DoseNormalized): unknown[] | undefined {
  if (n.comparator) return undefined;
  const [one, range] = n.period ? ['rateQuantity', 'rateRange'] : ['doseQuantity', 'doseRange'];
  if (n.valueEnd !== null) return [{ [range]: { low: quantity(n.value, n.unit), high: quantity(n.valueEnd, n.unit) } }];
  return [{ [one]: quantity(n.value, n.unit) }];
}

function note(a: ExportAnnotation, doc: ExportDocument): unknown[] {
  return [{ text: `${doc.path}:${a.range.start.line + 1}: ${a.text}` }];
}

function resourcesOfCase(doc: ExportDocument, c: ExportCase, key: string, shared: boolean): Resource[] {
  const base = `${doc.path}#${key}`;
  const patientId = stableUuid(base);
  const subject = { reference: `urn:uuid:${patientId}`, type: 'Patient', display: c.id };
  const m = meta(doc);
  const identifier = [{ system: NOTE_CASE, value: `${doc.path}#${key}` }];
  // A case id used twice in the export (error duplicate-case-id) identifies neither case.
  if (!shared) identifier.unshift({ system: CASE_ID, value: c.id });
  const patient: Resource = {
    resourceType: 'Patient',
    id: patientId,
    ...(m ? { meta: m } : {}),
    identifier,
    ...(c.attributes.sex && GENDER[c.attributes.sex] ? { gender: GENDER[c.attributes.sex] } : {}),
    ...(c.attributes.age && c.attributes.age.trim() !== '' && Number.isFinite(Number(c.attributes.age))
      ? { extension: [{ url: AGE, valueAge: { value: Number(c.attributes.age), unit: 'a', system: UCUM, code: 'a' } }] }
      : {}),
  };
  const out: Resource[] = [patient];
  const drugs = new Map<string, DrugNormalized>();
  for (const a of c.annotations) if (a.kind === 'drug' && a.normalized) drugs.set((a.normalized as DrugNormalized).key, a.normalized as DrugNormalized);
  c.annotations.forEach((a, i) => {
    const id = stableUuid(`${base}/${i}`);
    const common = { id, ...(m ? { meta: m } : {}), ...(dayExtension(a) ? { extension: dayExtension(a) } : {}) };
    const status = STATUS[statusOf(a) ?? 'given'] ?? 'unknown';
    if (a.kind === 'drug') {
      out.push({ resourceType: 'MedicationStatement', ...common, status, medicationCodeableConcept: medication(a.normalized as DrugNormalized | null, a.text), subject, note: note(a, doc) });
    } else if (a.kind === 'dose') {
      const n = a.normalized as DoseNormalized | null;
      const drugKey = n?.drug ?? a.attributes.drug ?? null;
      const drug = drugKey ? drugs.get(drugKey) ?? null : null;
      const route = n?.route ? ROUTES[n.route] : a.attributes.route ? ROUTES[a.attributes.route] : undefined;
      const dosage: Record<string, unknown> = { text: a.text };
      if (n?.freq) dosage.timing = { code: { text: n.freq } };
      if (route) dosage.route = { coding: [{ system: 'http://snomed.info/sct', code: route[0], display: route[1] }] };
      const amounts = n ? doseAndRate(n) : undefined;
      if (amounts) dosage.doseAndRate = amounts;
      out.push({ resourceType: 'MedicationStatement', ...common, status, medicationCodeableConcept: medication(drug, drugKey), subject, dosage: [dosage], note: note(a, doc) });
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
      const unit = n?.valueKind === 'score' ? '{score}' : (n?.unit ?? null);
      if (n && n.value !== null && n.valueEnd !== null && !n.comparator) {
        obs.valueRange = { low: quantity(n.value, unit), high: quantity(n.valueEnd, unit) };
      } else if (n && n.value !== null && (n.valueKind === 'quantity' || n.valueKind === 'score' || n.valueKind === 'grade')) {
        obs.valueQuantity = { ...quantity(n.value, unit), ...(n.comparator ? { comparator: n.comparator } : {}) };
      } else if (n?.result) obs.valueString = n.result;
      if (n && (n.lln !== null || n.uln !== null) && n.unit) {
        obs.referenceRange = [{ ...(n.lln !== null ? { low: quantity(n.lln, n.unit) } : {}), ...(n.uln !== null ? { high: quantity(n.uln, n.unit) } : {}) }];
      }
      const flag = n?.flag ? INTERPRETATION[n.flag] : undefined;
      if (flag) obs.interpretation = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: flag[0], display: flag[1] }] }];
      out.push(obs);
    }
  });
  return out;
}

function* entries(exp: CaseMarkExport): Generator<unknown> {
  const uses = new Map<string, number>();
  for (const doc of exp.documents) for (const c of doc.cases) uses.set(c.id, (uses.get(c.id) ?? 0) + 1);
  for (const doc of exp.documents) {
    // Two cases of one note with the same id (an error) still get their own resources.
    const seen = new Map<string, number>();
    for (const c of doc.cases) {
      const n = (seen.get(c.id) ?? 0) + 1;
      seen.set(c.id, n);
      const key = n === 1 ? c.id : `${c.id}#${n}`;
      for (const r of resourcesOfCase(doc, c, key, (uses.get(c.id) ?? 0) > 1)) yield { fullUrl: `urn:uuid:${r.id}`, resource: r };
    }
  }
}

/** The Bundle, its entries made one case at a time as it is written (jsonStream.ts). */
export function fhirBundle(exp: CaseMarkExport): Record<string, unknown> {
  return { resourceType: 'Bundle', type: 'collection', entry: lazy(entries(exp)) };
}
