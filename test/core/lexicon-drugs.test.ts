// The shipped drug lexicon as curators meet it: every name a paper may print finds its entry,
// no name stands for two entries, codes have the right shape for their kind, dose ranges are
// in canonical UCUM units, and the facts that once were gaps stay filled.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import drugsFile from '../../server/data/drugs.json' with { type: 'json' };
import { Lexicon } from '../../server/src/core/lexicon/lexicon.ts';
import { normalizeDose } from '../../server/src/core/normalize/dose.ts';
import { normalizeName } from '../../server/src/core/lexicon/normalizeName.ts';
import type { DrugEntry, LexiconFile } from '../../server/src/core/lexicon/types.ts';

const require = createRequire(import.meta.url);
const ucum = require('@lhncbc/ucum-lhc').UcumLhcUtils.getInstance();

const drugs = (drugsFile as unknown as LexiconFile).drugs as DrugEntry[];
const lex = Lexicon.builtin();

const CANONICAL_DOSE_UNIT = /^(mg|mg\/kg|mg\/m2|\{cells\}\/kg|\{cells\}|\[IU\]|\[IU\]\/kg|\[IU\]\/m2|mL|mL\/kg)(\/(d|wk|mo|h))?$/;
const kindOf = (d: DrugEntry) => d.kind ?? 'substance';
const namesOf = (d: DrugEntry) => [d.key, d.name, ...d.synonyms, ...d.abbreviations, ...d.brands];

function inRange(key: string, unit: string, value: number): boolean {
  return (lex.drug(key)?.doses ?? []).some((r) => r.unit === unit && r.min <= value && value <= r.max);
}

describe('drug lexicon coverage', () => {
  test('holds at least 250 drugs, products and classes with unique keys', () => {
    assert.ok(drugs.length >= 250, `only ${drugs.length} entries`);
    assert.equal(new Set(drugs.map((d) => d.key)).size, drugs.length);
    for (const kind of ['substance', 'product', 'class']) {
      assert.ok(drugs.some((d) => kindOf(d) === kind), `no ${kind} entry`);
    }
  });

  test('every name, synonym, abbreviation and brand finds its own entry', () => {
    for (const d of drugs) {
      for (const name of namesOf(d)) assert.equal(lex.findDrug(name)?.key, d.key, `"${name}" should find ${d.key}`);
      // Papers change case and spacing; lookup must not care.
      assert.equal(lex.findDrug(d.name.toUpperCase())?.key, d.key, d.name);
      assert.equal(lex.findDrug(` ${d.name.replace(/ /g, '-')} `)?.key, d.key, d.name);
    }
  });

  test('no surface stands for two entries', () => {
    const owner = new Map<string, string>();
    for (const d of drugs) {
      for (const name of namesOf(d)) {
        const k = normalizeName(name);
        assert.ok(k.length > 0, `${d.key}: empty name`);
        assert.ok(!owner.has(k) || owner.get(k) === d.key, `"${name}" is a name of both ${owner.get(k)} and ${d.key}`);
        owner.set(k, d.key);
      }
    }
  });

  test('products and engagers of the field are found by the names papers use', () => {
    const cases: [string, string][] = [
      ['tisa-cel', 'tisagenlecleucel'], ['Kymriah', 'tisagenlecleucel'], ['CTL019', 'tisagenlecleucel'],
      ['axi-cel', 'axicabtagene-ciloleucel'], ['brexu-cel', 'brexucabtagene-autoleucel'], ['liso-cel', 'lisocabtagene-maraleucel'],
      ['obe-cel', 'obecabtagene-autoleucel'], ['ide-cel', 'idecabtagene-vicleucel'], ['bb2121', 'idecabtagene-vicleucel'],
      ['cilta-cel', 'ciltacabtagene-autoleucel'], ['JNJ-68284528', 'ciltacabtagene-autoleucel'],
      ['MB-CART2019.1', 'zamtocabtagene-autoleucel'], ['MB-CART19.1', 'mb-cart19-1'], ['KYV-101', 'mivocabtagene-autoleucel'],
      ['CABA-201', 'resecabtagene-autoleucel'], ['relma-cel', 'relmacabtagene-autoleucel'], ['eque-cel', 'equecabtagene-autoleucel'],
      ['CT103A', 'equecabtagene-autoleucel'], ['varnimcabtagene autoleucel', 'varnimcabtagene-autoleucel'],
      ['Descartes-08', 'descartes-08'], ['BMS-986353', 'bms-986353'], ['CD19 NEX-T', 'bms-986353'], ['azer-cel', 'azercabtagene-zapreleucel'],
      ['blinatumomab', 'blinatumomab'], ['teclistamab', 'teclistamab'], ['Elrexfio', 'elranatamab'], ['talquetamab', 'talquetamab'],
      ['linvoseltamab', 'linvoseltamab'], ['mosunetuzumab', 'mosunetuzumab'], ['glofitamab', 'glofitamab'], ['Epkinly', 'epcoritamab'],
      ['odronextamab', 'odronextamab'], ['IGM-2323', 'imvotamab'],
      ['Bendamustine', 'bendamustine'], ['Sylvant', 'siltuximab'], ['Kineret', 'anakinra'], ['Keppra', 'levetiracetam'],
      ['Jakavi', 'ruxolitinib'], ['emapalumab', 'emapalumab'], ['VP-16', 'etoposide'], ['Solu-Cortef', 'hydrocortisone'],
      ['valacyclovir', 'valaciclovir'], ['cyclosporine', 'ciclosporin'], ['acyclovir', 'aciclovir'], ['TMP-SMX', 'co-trimoxazole'],
      ['Noxafil', 'posaconazole'], ['Prevymis', 'letermovir'], ['entecavir', 'entecavir'], ['Neupogen', 'filgrastim'],
      ['Neulasta', 'pegfilgrastim'], ['Granocyte', 'lenograstim'], ['G-CSF', 'granulocyte-colony-stimulating-factors'],
      ['voclosporin', 'voclosporin'], ['Kesimpta', 'ofatumumab'], ['Uplizna', 'inebilizumab'], ['Soliris', 'eculizumab'],
      ['Ultomiris', 'ravulizumab'], ['zilucoplan', 'zilucoplan'], ['Vyvgart', 'efgartigimod-alfa'], ['Rystiggo', 'rozanolixizumab'],
      ['Enspryng', 'satralizumab'], ['Tysabri', 'natalizumab'], ['Mavenclad', 'cladribine'], ['Gilenya', 'fingolimod'],
      ['Tecfidera', 'dimethyl-fumarate'], ['Copaxone', 'glatiramer-acetate'], ['Ofev', 'nintedanib'], ['Esbriet', 'pirfenidone'],
      ['Orencia', 'abatacept'], ['Tavneos', 'avacopan'], ['Velcade', 'bortezomib'], ['Mestinon', 'pyridostigmine'],
      ['corticosteroids', 'glucocorticoids'], ['steroids', 'glucocorticoids'], ['JAK inhibitors', 'jak-inhibitors'],
      ['anti-TNF', 'tnf-inhibitors'], ['Benadryl', 'diphenhydramine'], ['acetaminophen', 'paracetamol'], ['ATG', 'anti-thymocyte-globulin'],
    ];
    for (const [surface, key] of cases) assert.equal(lex.findDrug(surface)?.key, key, surface);
  });
});

describe('codes', () => {
  test('class entries carry an ATC group code and no RxCUI', () => {
    for (const d of drugs.filter((x) => kindOf(x) === 'class')) {
      assert.ok(d.atc && d.atc.length < 7, `${d.key}: a class needs an ATC group code, not ${d.atc}`);
      assert.equal(d.rxcui, null, `${d.key}: a class has no RxCUI`);
      assert.deepEqual(d.doses, [], `${d.key}: a class has no dose range`);
    }
  });

  test('substance and product codes are full 7-character ATC codes', () => {
    for (const d of drugs.filter((x) => kindOf(x) !== 'class')) {
      for (const code of [d.atc, ...(d.atcAlso ?? [])]) {
        if (code !== null) assert.match(code, /^[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}$/, `${d.key}: ${code}`);
      }
    }
  });

  test('every code, further ATC codes included, names its source', () => {
    for (const d of drugs) {
      for (const code of [d.atc, ...(d.atcAlso ?? [])]) {
        if (code) assert.ok(d.sources.some((s) => s.includes(`ATC ${code}`)), `${d.key}: ATC ${code} without source`);
      }
      if (d.rxcui) assert.ok(d.sources.some((s) => s.includes(`RxCUI ${d.rxcui}`)), `${d.key}: RxCUI without source`);
      if (d.doses.length > 0) assert.ok(d.sources.some((s) => s.startsWith('doses:')), `${d.key}: dose ranges without a note on their source`);
    }
  });

  test('the facts that once were gaps stay filled', () => {
    assert.equal(lex.drug('aciclovir')?.atc, 'J05AB01');
    assert.equal(lex.drug('paracetamol')?.atc, 'N02BE01');
    assert.equal(lex.drug('co-trimoxazole')?.atc, 'J01EE01');
    assert.equal(lex.drug('obinutuzumab')?.rxcui, '974779');
    assert.equal(lex.drug('methotrexate')?.atc, 'L04AX03');
    assert.deepEqual(lex.drug('methotrexate')?.atcAlso, ['L01BA01']);
    assert.equal(lex.drug('subcutaneous-immunoglobulin')?.atc, 'J06BA01');
    assert.equal(lex.drug('ivig')?.atc, 'J06BA02');
    // Investigational products carry no codes.
    for (const key of ['mb-cart19-1', 'zamtocabtagene-autoleucel', 'mivocabtagene-autoleucel', 'resecabtagene-autoleucel', 'descartes-08']) {
      assert.equal(lex.drug(key)?.atc, null, key);
      assert.equal(lex.drug(key)?.rxcui, null, key);
    }
  });
});

describe('IVIG and SCIG', () => {
  const ivig = lex.drug('ivig')!;
  const scig = lex.drug('subcutaneous-immunoglobulin')!;

  test('are separate entries that never find each other', () => {
    for (const name of namesOf(ivig)) assert.notEqual(lex.findDrug(name)?.key, scig.key, name);
    for (const name of namesOf(scig)) assert.notEqual(lex.findDrug(name)?.key, ivig.key, name);
    for (const name of namesOf(ivig)) assert.doesNotMatch(name, /subcutan|\bSC|SCIG|HyQvia|Hizentra/i, `IVIG name "${name}" speaks of the subcutaneous route`);
    for (const name of namesOf(scig)) assert.doesNotMatch(name, /intraven|\bIV|IVIG/i, `SCIG name "${name}" speaks of the intravenous route`);
  });

  test('names without a route go to the immunoglobulin class', () => {
    for (const s of ['SCIG', 'SCIg', 'subcutaneous immunoglobulin', 'Hizentra', 'HyQvia']) assert.equal(lex.findDrug(s)?.key, scig.key, s);
    for (const s of ['IVIG', 'IVIg', 'intravenous immunoglobulin', 'Privigen']) assert.equal(lex.findDrug(s)?.key, ivig.key, s);
    for (const s of ['immunoglobulin replacement', 'IgG replacement']) assert.equal(lex.findDrug(s)?.key, 'immunoglobulins', s);
  });
});

describe('dose ranges', () => {
  test('every unit is a canonical UCUM unit and every range is the right way up', () => {
    for (const d of drugs) {
      for (const r of d.doses) {
        assert.match(r.unit, CANONICAL_DOSE_UNIT, `${d.key}: ${r.unit}`);
        assert.equal(ucum.validateUnitString(r.unit).status, 'valid', `${d.key}: ${r.unit} is not UCUM`);
        assert.ok(r.min >= 0 && r.min <= r.max, `${d.key} ${r.unit}: ${r.min} > ${r.max}`);
      }
      const units = d.doses.map((r) => r.unit);
      assert.equal(new Set(units).size, units.length, `${d.key}: one range per unit`);
    }
  });

  test('every listed unit reads back: a dose written in it fits its drug, at both ends of its range', () => {
    for (const d of drugs) {
      for (const r of d.doses) {
        for (const value of [r.min, r.max]) {
          const out = normalizeDose(`${value} ${r.unit}`, {}, d, d.key);
          assert.equal(out.normalized?.unit, r.unit, `${d.key}: ${value} ${r.unit}`);
          assert.deepEqual(out.problems.map((p) => p.code), [], `${d.key}: ${value} ${r.unit}`);
        }
      }
    }
  });

  test('every substance and product the lexicon names has a range', () => {
    for (const d of drugs.filter((x) => kindOf(x) !== 'class')) assert.ok(d.doses.length > 0, `${d.key} has no dose range`);
  });

  test('each drug is dosed in every dimension papers print for it', () => {
    const expected: [string, string, number][] = [
      ['prednisone', 'mg', 60], ['prednisone', 'mg/d', 5], ['prednisone', 'mg/kg/d', 1],
      ['methylprednisolone', 'mg', 1000], ['methylprednisolone', 'mg/d', 500], ['methylprednisolone', 'mg/kg', 30], ['methylprednisolone', 'mg/kg/d', 2],
      ['ivig', 'mg/kg', 2000], ['ivig', 'mg/kg/d', 400], ['ivig', 'mg', 140000],
      ['fludarabine', 'mg/m2', 30], ['fludarabine', 'mg/m2/d', 25],
      ['cyclophosphamide', 'mg/m2', 1000], ['cyclophosphamide', 'mg/m2/d', 300], ['cyclophosphamide', 'mg/kg', 15],
      ['cyclophosphamide', 'mg/kg/d', 2], ['cyclophosphamide', 'mg', 500], ['cyclophosphamide', 'mg/d', 100],
      ['methotrexate', 'mg/wk', 15], ['methotrexate', 'mg', 20], ['methotrexate', 'mg/m2', 12],
      ['filgrastim', 'mg/kg/d', 0.005], ['filgrastim', 'mg', 0.3], ['filgrastim', 'mg/d', 0.48], ['filgrastim', '[IU]', 3e7],
      ['tocilizumab', 'mg/kg', 8], ['tocilizumab', 'mg', 162], ['rituximab', 'mg/m2', 375], ['rituximab', 'mg', 1000],
      ['idecabtagene-vicleucel', '{cells}/kg', 6e6], ['idecabtagene-vicleucel', '{cells}', 450e6], ['mb-cart19-1', '{cells}/kg', 1e6],
      ['subcutaneous-immunoglobulin', 'mg/kg/wk', 100], ['subcutaneous-immunoglobulin', 'mL', 40],
      ['dexamethasone', 'mg', 10], ['hydrocortisone', 'mg', 100], ['anakinra', 'mg', 100], ['siltuximab', 'mg/kg', 11],
      ['aciclovir', 'mg', 400], ['valaciclovir', 'mg', 500], ['co-trimoxazole', 'mg', 960], ['fluconazole', 'mg', 200],
      ['letermovir', 'mg', 480], ['paracetamol', 'mg', 1000], ['blinatumomab', 'mg/d', 0.028], ['teclistamab', 'mg/kg', 1.5],
      ['belimumab', 'mg/kg', 10], ['belimumab', 'mg', 200], ['mycophenolate-mofetil', 'mg/d', 2000], ['hydroxychloroquine', 'mg/d', 400],
      ['efgartigimod-alfa', 'mg/kg', 10], ['eculizumab', 'mg', 900], ['inebilizumab', 'mg', 300], ['ocrelizumab', 'mg', 600],
    ];
    for (const [key, unit, value] of expected) assert.ok(inRange(key, unit, value), `${key}: ${value} ${unit} should be plausible`);
  });

  test('a dose in the wrong dimension or far out of range is not plausible', () => {
    assert.ok(!inRange('fludarabine', 'mg/m2', 300), 'fludarabine 300 mg/m2 is a slip for 30');
    assert.ok(!inRange('methotrexate', 'mg/wk', 150));
    assert.ok(!inRange('tocilizumab', '{cells}/kg', 8));
    assert.ok(!inRange('filgrastim', 'mg/kg/d', 5), '5 mg/kg/day is a slip for 5 µg/kg/day');
    assert.ok(!inRange('prednisone', 'mg/kg/d', 10));
    assert.ok(!inRange('ivig', 'mg/kg', 20000));
  });
});
