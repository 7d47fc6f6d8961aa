// The shipped lexicons and the lookups the editor relies on: names as papers write them,
// did-you-mean, lab names at the start of a label, workspace overrides, broken files.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import drugsFile from '../../server/data/drugs.json' with { type: 'json' };
import labsFile from '../../server/data/labs.json' with { type: 'json' };
import schema from '../../server/data/lexicon.schema.json' with { type: 'json' };
import { Lexicon } from '../../server/src/core/lexicon/lexicon.ts';
import { parseLexiconFile } from '../../server/src/core/lexicon/load.ts';
import { normalizeName } from '../../server/src/core/lexicon/normalizeName.ts';
import type { DrugEntry, LabEntry, LexiconFile } from '../../server/src/core/lexicon/types.ts';

const require = createRequire(import.meta.url);
const ucum = require('@lhncbc/ucum-lhc').UcumLhcUtils.getInstance();

const drugs = (drugsFile as unknown as LexiconFile).drugs as DrugEntry[];
const labs = (labsFile as unknown as LexiconFile).labs as LabEntry[];
const lex = Lexicon.builtin();

// Every drug and lab CaseMark set out to cover (by key); adding entries is fine, losing one is not.
const EXPECTED_DRUGS = [
  'tisagenlecleucel', 'axicabtagene-ciloleucel', 'lisocabtagene-maraleucel', 'brexucabtagene-autoleucel',
  'obecabtagene-autoleucel', 'mb-cart19-1', 'zamtocabtagene-autoleucel', 'mivocabtagene-autoleucel',
  'resecabtagene-autoleucel', 'bms-986353', 'idecabtagene-vicleucel', 'ciltacabtagene-autoleucel',
  'teclistamab', 'elranatamab', 'blinatumomab', 'daratumumab', 'rituximab', 'ocrelizumab', 'obinutuzumab',
  'inebilizumab', 'belimumab', 'anifrolumab', 'tocilizumab', 'inotuzumab-ozogamicin', 'cyclophosphamide',
  'fludarabine', 'mycophenolate-mofetil', 'tacrolimus', 'ciclosporin', 'methotrexate', 'azathioprine',
  'hydroxychloroquine', 'tofacitinib', 'baricitinib', 'upadacitinib', 'ivig', 'prednisone', 'prednisolone',
  'methylprednisolone', 'dexamethasone', 'valganciclovir', 'letermovir', 'lenabasum',
  // named in the seed papers
  'paracetamol', 'aciclovir', 'co-trimoxazole', 'cd19-car-t-cells', 'bcma-car-t-cells', 'mycophenolic-acid',
];
const EXPECTED_LABS = [
  'ck', 'crp', 'myoglobin', 'igg', 'iga', 'igm', 'anti-jo-1', 'anti-dsdna', 'c3', 'c4', 'leukocytes',
  'neutrophils', 'lymphocytes', 'cd19-b-cells', 'cd4-t-cells', 'cd8-t-cells', 'car-t-cells', 'ferritin',
  'il-6', 'ldh', 'alt', 'ast', 'creatinine', 'egfr', 'hemoglobin', 'platelets', 'aldolase', 'upcr',
  'fvc-percent-predicted', 'dlco-percent-predicted', 'mmt8', 'haq-di',
  'anti-ro52', 'ifn-gamma', 'il-1', 'il-13',
];

// An amount in its canonical unit, optionally per the period the paper printed (never converted).
const CANONICAL_DOSE_UNITS = {
  has: (unit: string): boolean => /^(mg|mg\/kg|mg\/m2|\{cells\}\/kg|\{cells\}|\[IU\]|\[IU\]\/kg|\[IU\]\/m2|mL|mL\/kg)(\/(d|wk|mo|h|min))?$/.test(unit),
};

function ucumValid(unit: string): boolean {
  assert.doesNotMatch(unit, /\s/, `unit "${unit}" has white space`);
  return ucum.validateUnitString(unit).status === 'valid';
}

function inRange(entry: DrugEntry | undefined, unit: string, value: number): boolean {
  return (entry?.doses ?? []).some((r) => r.unit === unit && r.min <= value && value <= r.max);
}

describe('shipped lexicon files', () => {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  ajv.addSchema(schema, 'lexicon');

  test('validate against the schema, every entry complete', () => {
    const file = ajv.getSchema('lexicon')!;
    assert.ok(file(drugsFile), JSON.stringify(file.errors));
    assert.ok(file(labsFile), JSON.stringify(file.errors));
    const drug = ajv.getSchema('lexicon#/definitions/completeDrug')!;
    const lab = ajv.getSchema('lexicon#/definitions/completeLab')!;
    for (const d of drugs) assert.ok(drug(d), `${d.key}: ${JSON.stringify(drug.errors)}`);
    for (const l of labs) assert.ok(lab(l), `${l.key}: ${JSON.stringify(lab.errors)}`);
  });

  test('load without problems through parseLexiconFile', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const name of ['drugs', 'labs']) {
      const url = new URL(`../../server/data/${name}.json`, import.meta.url);
      const { file, problems } = parseLexiconFile(await readFile(url, 'utf8'), url.pathname);
      assert.deepEqual(problems, []);
      assert.ok(file);
    }
  });

  test('hold every expected drug and lab, keys unique', () => {
    const drugKeys = drugs.map((d) => d.key);
    const labKeys = labs.map((l) => l.key);
    assert.equal(new Set(drugKeys).size, drugKeys.length);
    assert.equal(new Set(labKeys).size, labKeys.length);
    for (const k of EXPECTED_DRUGS) assert.ok(lex.drug(k), `missing drug ${k}`);
    for (const k of EXPECTED_LABS) assert.ok(lex.lab(k), `missing lab ${k}`);
  });

  test('no name stands for two entries', () => {
    const unique = (entries: { key: string; names: string[] }[]) => {
      const owner = new Map<string, string>();
      for (const { key, names } of entries) {
        for (const n of names) {
          const k = normalizeName(n);
          assert.ok(!owner.has(k) || owner.get(k) === key, `"${n}" is a name of both ${owner.get(k)} and ${key}`);
          owner.set(k, key);
        }
      }
    };
    unique(drugs.map((d) => ({ key: d.key, names: [d.key, d.name, ...d.synonyms, ...d.abbreviations, ...d.brands] })));
    unique(labs.map((l) => ({ key: l.key, names: [l.key, l.name, ...l.synonyms] })));
  });

  test('every unit string is valid UCUM and dose units are canonical', () => {
    for (const d of drugs) {
      for (const r of d.doses) {
        assert.ok(CANONICAL_DOSE_UNITS.has(r.unit), `${d.key}: ${r.unit} is not a canonical dose unit`);
        assert.ok(ucumValid(r.unit), `${d.key}: ${r.unit}`);
        assert.ok(r.min <= r.max, `${d.key}: ${r.min} > ${r.max}`);
      }
    }
    for (const l of labs) {
      if (l.unit !== null) assert.ok(ucumValid(l.unit), `${l.key}: ${l.unit}`);
      if (l.kind === 'quantity') assert.ok(l.unit, `${l.key} is a quantity without a unit`);
      for (const u of l.units) {
        assert.ok(ucumValid(u.unit), `${l.key}: ${u.unit}`);
        if (u.factor === undefined) {
          const r = ucum.convertUnitTo(u.unit, 1, l.unit, l.molarMass ? { molecularWeight: l.molarMass } : {});
          assert.equal(r.status, 'succeeded', `${l.key}: UCUM cannot convert ${u.unit} to ${l.unit}`);
        }
      }
    }
  });

  test('codes are well-formed and every code has a named source', () => {
    for (const d of drugs) {
      if (d.atc) assert.ok(d.sources.some((s) => s.includes(`ATC ${d.atc}`)), `${d.key}: ATC without source`);
      if (d.rxcui) assert.ok(d.sources.some((s) => s.includes(`RxCUI ${d.rxcui}`)), `${d.key}: RxCUI without source`);
    }
    for (const l of labs) {
      if (l.loinc) assert.ok(l.sources.some((s) => s.includes(`LOINC ${l.loinc}`)), `${l.key}: LOINC without source`);
    }
    // Investigational products have no codes; MB-CART19.1 is not zamtocabtagene autoleucel.
    assert.equal(lex.drug('mb-cart19-1')?.atc, null);
    assert.notEqual(lex.findDrug('MB-CART19.1')?.key, lex.findDrug('MB-CART2019.1')?.key);
    assert.equal(lex.findDrug('zamto-cel')?.key, 'zamtocabtagene-autoleucel');
  });

  test('the spec example doses and lab facts hold', () => {
    assert.ok(inRange(lex.drug('mb-cart19-1'), '{cells}/kg', 1.0e6));
    assert.ok(inRange(lex.drug('mb-cart19-1'), '{cells}/kg', 1.3e6));
    assert.ok(inRange(lex.drug('idecabtagene-vicleucel'), '{cells}/kg', 6e6));
    assert.ok(inRange(lex.drug('idecabtagene-vicleucel'), '{cells}', 463e6));
    assert.ok(inRange(lex.drug('daratumumab'), 'mg', 1800));
    assert.ok(!inRange(lex.drug('daratumumab'), '{cells}/kg', 1e6));
    assert.ok(inRange(lex.drug('dexamethasone'), 'mg', 20));
    assert.ok(inRange(lex.drug('mycophenolate-mofetil'), 'mg/d', 2000));
    assert.deepEqual(lex.drug('idecabtagene-vicleucel')?.targets, ['BCMA']);
    assert.deepEqual(lex.drug('mb-cart19-1')?.targets, ['CD19']);
    assert.deepEqual(lex.drug('daratumumab')?.targets, ['CD38']);

    const ck = lex.lab('ck')!;
    assert.equal(ck.loinc, '2157-6');
    assert.equal(ck.unit, 'U/L');
    assert.equal(ck.name, 'creatine kinase');
    assert.equal(lex.lab('crp')?.unit, 'mg/L');
    for (const k of ['igg', 'iga', 'igm']) assert.equal(lex.lab(k)?.unit, 'g/L');
    for (const k of ['myoglobin', 'ferritin']) assert.equal(lex.lab(k)?.unit, 'ug/L');
    assert.equal(lex.lab('creatinine')?.unit, 'umol/L');
    assert.equal(lex.lab('creatinine')?.molarMass, 113.12);
    for (const k of ['leukocytes', 'neutrophils', 'lymphocytes', 'cd19-b-cells', 'cd4-t-cells', 'cd8-t-cells', 'car-t-cells']) {
      assert.equal(lex.lab(k)?.unit, '/uL', k);
      assert.ok(lex.lab(k)?.units.some((u) => u.unit === '10*9/L'), k);
    }
    assert.deepEqual(lex.lab('leukocytes')?.reference, { low: 4000, high: 10000 });
    assert.equal(lex.lab('mmt8')?.kind, 'score');
    assert.equal(lex.lab('mmt8')?.scoreMax, 150);
    assert.deepEqual(lex.lab('ck')?.referenceBySex?.M, { low: 39, high: 308 });
  });
});

describe('finding drugs', () => {
  test('through names, synonyms, abbreviations and brands, ignoring case and separators', () => {
    const cases: [string, string][] = [
      ['MMF', 'mycophenolate-mofetil'], ['mmf', 'mycophenolate-mofetil'], ['ide-cel', 'idecabtagene-vicleucel'],
      ['Ide Cel', 'idecabtagene-vicleucel'], ['Abecma', 'idecabtagene-vicleucel'], ['Abecma®', 'idecabtagene-vicleucel'],
      ['daratumumab', 'daratumumab'], ['Darzalex™', 'daratumumab'], ['DARA', 'daratumumab'],
      ['MB-CART19.1', 'mb-cart19-1'], ['MB CART19.1', 'mb-cart19-1'], ['tocilizumab', 'tocilizumab'],
      ['TOCILIZUMAB', 'tocilizumab'], ['idecabtagene vicleucel', 'idecabtagene-vicleucel'],
      ['idecabtagene_vicleucel', 'idecabtagene-vicleucel'], ['axi‑cel', 'axicabtagene-ciloleucel'],
      ['IVIG', 'ivig'], ['intravenous immunoglobulins', 'ivig'], ['dexamethasone', 'dexamethasone'],
      ['CD19 CAR T cells', 'cd19-car-t-cells'], ['KYV-101', 'mivocabtagene-autoleucel'], ['acetaminophen', 'paracetamol'],
    ];
    for (const [surface, key] of cases) assert.equal(lex.findDrug(surface)?.key, key, surface);
  });

  test('an unknown name is not found; a key is found by drug()', () => {
    assert.equal(lex.findDrug('aspirinx'), undefined);
    assert.equal(lex.findDrug(''), undefined);
    assert.equal(lex.findDrug('   '), undefined);
    assert.equal(lex.drug('mb-cart19-1')?.name, 'MB-CART19.1');
    assert.equal(lex.drug('no-such-drug'), undefined);
  });

  test('suggests close names for typos and nothing for far ones', () => {
    assert.equal(lex.suggestDrugs('daratumumb')[0]?.key, 'daratumumab');
    assert.equal(lex.suggestDrugs('tocilizumap')[0]?.key, 'tocilizumab');
    assert.equal(lex.suggestDrugs('idecabtagene')[0]?.key, 'idecabtagene-vicleucel');
    assert.deepEqual(lex.suggestDrugs('zzzzzzzz'), []);
    assert.deepEqual(lex.suggestDrugs(''), []);
    assert.ok(lex.suggestDrugs('prednisolon', 2).length <= 2);
  });

  test('drugNames lists every label with its kind, for completion', () => {
    const names = lex.drugNames();
    assert.ok(names.some((n) => n.label === 'MMF' && n.kind === 'abbreviation' && n.entry.key === 'mycophenolate-mofetil'));
    assert.ok(names.some((n) => n.label === 'Abecma' && n.kind === 'brand'));
    assert.ok(names.some((n) => n.label === 'daratumumab' && n.kind === 'name'));
    assert.equal(lex.drugNames(), names, 'cached');
  });
});

describe('finding labs', () => {
  test('through what papers write', () => {
    const cases: [string, string][] = [
      ['CK', 'ck'], ['CPK', 'ck'], ['creatine kinase', 'ck'], ['CRP', 'crp'], ['IgG', 'igg'], ['CD19+ B cells', 'cd19-b-cells'],
      ['B cells', 'cd19-b-cells'], ['anti-Jo-1', 'anti-jo-1'], ['anti-Jo1', 'anti-jo-1'], ['MMT8', 'mmt8'], ['MMT-8', 'mmt8'],
      ['LDH', 'ldh'], ['ALT', 'alt'], ['AST', 'ast'], ['ferritin', 'ferritin'], ['leukocytes', 'leukocytes'], ['WBC', 'leukocytes'],
      ['lymphocytes', 'lymphocytes'], ['neutrophils', 'neutrophils'], ['CAR T cells', 'car-t-cells'], ['CD4+ T cells', 'cd4-t-cells'],
      ['CD8+ T cells', 'cd8-t-cells'], ['creatinine', 'creatinine'], ['myoglobin', 'myoglobin'], ['IL-6', 'il-6'], ['anti-Ro52', 'anti-ro52'],
    ];
    for (const [name, key] of cases) assert.equal(lex.findLab(name)?.key, key, name);
    assert.equal(lex.suggestLabs('ferritn')[0]?.key, 'ferritin');
    assert.deepEqual(lex.suggestLabs('qqqqqqq'), []);
    assert.ok(lex.labNames().some((n) => n.label === 'CPK' && n.kind === 'synonym'));
  });

  test('matchLabPrefix splits analyte from value', () => {
    const split = (text: string) => {
      const m = lex.matchLabPrefix(text);
      return m && [m.entry.key, text.slice(0, m.length), text.slice(m.length).trim()];
    };
    assert.deepEqual(split('CD19+ B cells 0/µL'), ['cd19-b-cells', 'CD19+ B cells', '0/µL']);
    assert.deepEqual(split('anti-Jo-1 1:320'), ['anti-jo-1', 'anti-Jo-1', '1:320']);
    assert.deepEqual(split('anti-Jo-1 positive'), ['anti-jo-1', 'anti-Jo-1', 'positive']);
    assert.deepEqual(split('CK 13,600 U/L'), ['ck', 'CK', '13,600 U/L']);
    assert.deepEqual(split('ck 95 U/L'), ['ck', 'ck', '95 U/L']);
    assert.deepEqual(split('CRP 5.2 mg/dL'), ['crp', 'CRP', '5.2 mg/dL']);
    assert.deepEqual(split('MMT8 149/150'), ['mmt8', 'MMT8', '149/150']);
    assert.deepEqual(split('IL-13 12 pg/mL'), ['il-13', 'IL-13', '12 pg/mL']);
    assert.deepEqual(split('IL-1 12 pg/mL'), ['il-1', 'IL-1', '12 pg/mL']);
    assert.deepEqual(split('CD4+ T cells 350/µL'), ['cd4-t-cells', 'CD4+ T cells', '350/µL']);
    assert.deepEqual(split('IgG<4 g/L'), ['igg', 'IgG', '<4 g/L']);
    assert.deepEqual(split('CK'), ['ck', 'CK', '']);
    assert.equal(split('CKD stage 3'), undefined, 'a name must end at a word boundary');
    assert.equal(split('13,600 U/L'), undefined);
    assert.equal(split(''), undefined);
  });

  test('matchLabPrefix is fast enough for every label of a large note', () => {
    const start = performance.now();
    for (let i = 0; i < 50_000; i++) lex.matchLabPrefix(i % 2 ? 'CD19+ B cells 0/µL' : 'creatine kinase 13,600 U/L');
    assert.ok(performance.now() - start < 1000, 'under 20 µs a call');
  });
});

describe('workspace lexicon files', () => {
  const text = JSON.stringify({
    drugs: [
      { key: 'daratumumab', synonyms: ['Dara-SC'], doses: [{ unit: 'mg', min: 1000, max: 2000 }] },
      { key: 'kyv-101-local', name: 'KYV-101 (local batch)', abbreviations: ['KYVL'], targets: ['CD19'], doses: [{ unit: '{cells}', min: 1e7, max: 2e8 }] },
    ],
    labs: [
      { key: 'ck', reference: { low: null, high: 170 } },
      { key: 'anti-mda5', name: 'anti-MDA5 antibody', synonyms: ['anti-MDA5'], kind: 'qualitative' },
    ],
  }, null, 2);

  test('override field by field and add new entries', () => {
    const { file, problems } = parseLexiconFile(text, '.casemark/lexicon.json');
    assert.deepEqual(problems, []);
    const ws = lex.withFile(file!);
    const dara = ws.drug('daratumumab')!;
    assert.deepEqual(dara.synonyms, ['Dara-SC']);
    assert.equal(ws.findDrug('dara sc')?.key, 'daratumumab');
    assert.equal(dara.atc, lex.drug('daratumumab')!.atc, 'fields not given are kept');
    assert.deepEqual(dara.doses, [{ unit: 'mg', min: 1000, max: 2000 }]);
    assert.equal(ws.findDrug('KYVL')?.name, 'KYV-101 (local batch)');
    assert.deepEqual(ws.drug('kyv-101-local')?.brands, [], 'new entries get defaults');
    assert.deepEqual(ws.lab('ck')?.reference, { low: null, high: 170 });
    assert.equal(ws.lab('ck')?.loinc, '2157-6');
    assert.equal(ws.matchLabPrefix('anti-MDA5 positive')?.entry.key, 'anti-mda5');
    // The original lexicon is untouched.
    assert.equal(lex.findDrug('KYVL'), undefined);
    assert.notDeepEqual(lex.drug('daratumumab')?.synonyms, ['Dara-SC']);
    assert.equal(ws.drugs.length, lex.drugs.length + 1);
  });

  test('a new key without a name is refused with its position', () => {
    const { file, problems } = parseLexiconFile('{\n  "drugs": [\n    { "key": "new-thing" }\n  ]\n}', 'lexicon.json');
    assert.equal(file, null);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /new-thing.*needs a "name"/);
    assert.deepEqual([problems[0].line, problems[0].character], [2, 4]);
  });
});

describe('broken lexicon files', () => {
  const problemsOf = (text: string) => {
    const r = parseLexiconFile(text, 'lexicon.json');
    assert.equal(r.file, null, text);
    assert.ok(r.problems.length > 0, text);
    for (const p of r.problems) {
      assert.equal(p.path, 'lexicon.json');
      assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0);
    }
    return r.problems;
  };

  test('not JSON: the position of the syntax error', () => {
    const [p] = problemsOf('{\n  "drugs": [\n    { "key": "x", }\n  ]\n}');
    assert.match(p.message, /Not valid JSON/);
    assert.deepEqual([p.line, p.character], [2, 18]);
    problemsOf('');
    problemsOf('{"drugs": [');
  });

  test('wrong types, bad codes and unknown fields point at the field', () => {
    const text = '{\n  "drugs": [\n    { "key": "daratumumab", "atc": 42 },\n    { "key": "rituximab", "atcCode": "L01FA01" }\n  ],\n  "labs": [{ "key": "ck", "loinc": "2157" }]\n}';
    const problems = problemsOf(text);
    const find = (re: RegExp) => problems.find((p) => re.test(p.message));
    const atc = find(/atc must be a string or null/);
    assert.ok(atc && atc.line === 2, JSON.stringify(problems));
    const unknown = find(/unknown field "atcCode"/);
    assert.ok(unknown, JSON.stringify(problems));
    assert.deepEqual([unknown.line, unknown.character], [3, 26]);
    assert.ok(find(/LOINC code/)?.line === 5);
    problemsOf('[]');
    problemsOf('{"drugs": {}}');
    problemsOf('{"drugs": [{"key": "Bad Key", "name": "x"}]}');
    problemsOf('{"labs": [{"key": "ck", "kind": "number"}]}');
    problemsOf('{"drgus": []}');
  });

  test('ranges upside down and units that are not UCUM', () => {
    assert.match(problemsOf('{"drugs": [{"key": "daratumumab", "doses": [{"unit": "mg", "min": 10, "max": 1}]}]}')[0].message, /lower end/);
    assert.match(problemsOf('{"drugs": [{"key": "daratumumab", "doses": [{"unit": "g", "min": 1, "max": 2}]}]}')[0].message, /canonical dose unit/);
    assert.match(problemsOf('{"labs": [{"key": "crp", "unit": "µg/L"}]}')[0].message, /not a UCUM unit.*"ug\/L"/);
    assert.match(problemsOf('{"labs": [{"key": "crp", "unit": "mg per L"}]}')[0].message, /without spaces/);
    assert.match(problemsOf('{"labs": [{"key": "ck", "units": [{"unit": "mg/dL"}]}]}')[0].message, /cannot convert/);
    assert.match(problemsOf('{"labs": [{"key": "ck", "reference": {"low": 300, "high": 100}}]}')[0].message, /lower end/);
  });

  test('random bytes never throw', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['{', '}', '[', ']', '"key"', ':', ',', '"drugs"', '"labs"', 'null', '1e999', '"\\u0000"', '\uFEFF', '\u00ff', '"', ' ', '\n', 'true', '-'];
    for (let i = 0; i < 300; i++) {
      let text = '';
      const n = Math.floor(rand() * 30);
      for (let j = 0; j < n; j++) text += rand() < 0.5 ? pieces[Math.floor(rand() * pieces.length)] : String.fromCharCode(Math.floor(rand() * 0x3000));
      const r = parseLexiconFile(text, 'fuzz.json');
      assert.ok(Array.isArray(r.problems));
      assert.ok(r.file === null || r.problems.length === 0);
    }
    assert.doesNotThrow(() => parseLexiconFile(undefined as unknown as string, 'x.json'));
  });

  test('a byte-order mark is allowed', () => {
    const r = parseLexiconFile('\uFEFF{"drugs": [{"key": "daratumumab", "brands": ["Darzalex"]}]}', 'bom.json');
    assert.deepEqual(r.problems, []);
  });
});
