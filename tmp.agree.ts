import { analyse, SPEC_EXAMPLE } from './test/core/helpers.ts';
import { compareNotes } from './server/src/core/index.ts';
const b = SPEC_EXAMPLE.replace(':dose[20 mg]', '20 mg').replace('(:lab[CK 95 U/L])', '(CK :lab[95 U/L]{test=CK})').replace(':drug[tocilizumab]', ':lab[tocilizumab]').replace(':dose[1800 mg]{route=sc}', ':dose[1600 mg]{route=sc}').replace('CRS on', 'CRS :drug[on]');
const r = compareNotes({ path: 'a.md', text: SPEC_EXAMPLE, analysis: analyse(SPEC_EXAMPLE) }, { path: 'b.md', text: b, analysis: analyse(b, { uri: 'file:///b/note.md' }) });
console.log(JSON.stringify({ ...r, disagreements: r.disagreements.map((d) => d.type + ' ' + d.message + ' ' + JSON.stringify(d.a.range?.start) + JSON.stringify(d.b.range?.start)) }, null, 1));
