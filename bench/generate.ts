// Deterministic generator of CaseMark notes for the benchmarks: cases shaped like the
// specification's worked example (about 1 KB each) with varied ids, numbers and days, so a
// run on one machine can be repeated exactly on another. Everything it writes is valid
// CaseMark, so `casemark check` does its full work and finds no errors.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

/** Thousands separator as papers print it (spec section 1, numbers). */
function withThousands(n: number): string {
  return n.toLocaleString('en-US');
}

const DIAGNOSES = [
  'anti-Jo-1 anti-synthetase syndrome',
  'systemic lupus erythematosus',
  'systemic sclerosis',
  'idiopathic inflammatory myositis',
  'anti-PL-12 anti-synthetase syndrome',
] as const;

const CD19_PRODUCTS = ['MB-CART19.1', 'tisagenlecleucel', 'axi-cel', 'Kymriah'] as const;
const BCMA_PRODUCTS = ['idecabtagene vicleucel', 'ide-cel', 'Abecma'] as const;
const PRIOR = ['rituximab', 'MMF', 'tacrolimus', 'IVIG', 'tofacitinib', 'baricitinib', 'methotrexate', 'cyclophosphamide'] as const;

/** One case of about 1 KB, modelled on the specification's worked example. */
export function generateCase(rng: Rng, id: string): string {
  const age = int(rng, 19, 74);
  const sex = pick(rng, ['F', 'M'] as const);
  const dx = pick(rng, DIAGNOSES);
  const cd19 = pick(rng, CD19_PRODUCTS);
  const bcma = pick(rng, BCMA_PRODUCTS);
  const prior1 = pick(rng, PRIOR);
  const prior2 = pick(rng, PRIOR.filter((d) => d !== prior1));
  const dose1 = (int(rng, 5, 20) / 10).toFixed(1);
  const dose2 = (int(rng, 5, 20) / 10).toFixed(1);
  const m1 = int(rng, 2, 4);
  const m2 = int(rng, m1 + 3, m1 + 9);
  const m3 = m2 + int(rng, 2, 4);
  const m4 = m3 + 1;
  const m5 = m4 + int(rng, 4, 9);
  const ckLow = int(rng, 40, 160);
  const ckHigh = int(rng, 900, 24000);
  const crp = (int(rng, 5, 250) / 10).toFixed(1);
  const igg = (int(rng, 20, 140) / 10).toFixed(1);
  const mmt = int(rng, 110, 150);
  const dara = pick(rng, ['1800 mg', '1,800 mg'] as const);
  const dex = pick(rng, [20, 12, 8] as const);
  const crsDay = int(rng, 1, 9);
  const lastDay = int(rng, 28, 120);
  const bcells = int(rng, 0, 350);

  return `::case[${dx}, relapse after CD19 CAR T]{#${id} age=${age} sex=${sex} dx="${dx}"}

Earlier treatment with :drug[${prior1}]{role=prior} and :drug[${prior2}]{role=prior} failed.
On :day[0] the patient received :drug[${cd19}]{role=therapy} at :dose[${dose1} × 10^6 cells/kg].
CK normalized by :day[month ${m1}] (:lab[CK ${ckLow} U/L]) and stayed drug-free until relapse
at :day[month ${m2}] with :lab[CK ${withThousands(ckHigh)} U/L]{uln=170} and :lab[CRP ${crp} mg/dL].

A second infusion of :drug[${cd19}] at :dose[${dose2} × 10^6 cells/kg] on :day[month ${m3}]{#reinfusion}
did not expand; :lab[CD19+ B cells ${bcells}/µL] on :day[week 2]{from=reinfusion}.

### Daratumumab bridging :day[month ${m4}]
Nine doses of :drug[daratumumab]{role=bridging} :dose[${dara}]{route=sc} with
:drug[dexamethasone]{role=premedication} :dose[${dex} mg].

### BCMA CAR T :day[month ${m5}]{#bcma}
:drug[${bcma}] :dose[${pick(rng, [3, 4, 6] as const)} × 10^6 cells/kg]; grade 1 CRS on :day[${crsDay}]{from=bcma},
treated with :drug[tocilizumab]; CAR T cells detectable until :day[${lastDay}]{from=bcma}.

| Day | Lab |
| --- | --- |
| :day[${lastDay}]{from=bcma} | :lab[IgG ${igg} g/L], :lab[MMT8 ${mmt}/150] |

`;
}

export interface NoteOptions {
  /** Prefix of the case ids, unique per note so a workspace has no duplicate ids. */
  idPrefix?: string;
}

/** A note of at least `targetBytes` (UTF-8), made of front matter and generated cases. */
export function generateNote(targetBytes: number, seed: number, options: NoteOptions = {}): string {
  const rng = prng(seed);
  const prefix = options.idPrefix ?? `gen-${seed}`;
  const parts: string[] = [
    `---\ntitle: Generated case series ${seed}\ndoi: 10.0000/casemark-bench.${seed}\njournal: Bench\nyear: 2025\ncurator: CaseMark bench\n---\n\n# Generated case series ${seed}\n\n`,
  ];
  let bytes = Buffer.byteLength(parts[0]);
  for (let i = 1; bytes < targetBytes; i++) {
    const part = generateCase(rng, `${prefix}-p${i}`);
    parts.push(part);
    bytes += Buffer.byteLength(part);
  }
  return parts.join('');
}

/** Writes `count` notes of about `bytesEach` into `dir` (emptied first); returns their paths. */
export function generateWorkspace(dir: string, count: number, bytesEach: number): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `note-${String(i + 1).padStart(4, '0')}.md`);
    writeFileSync(path, generateNote(bytesEach, 1000 + i, { idPrefix: `ws-${i + 1}` }));
    paths.push(path);
  }
  return paths;
}
