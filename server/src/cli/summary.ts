// The readable per-case summary `casemark summary` (and `npm start`) prints: who, what was
// given when, which labs moved — the panel's content as plain text.
import type { DoseNormalized, DrugNormalized, ExportAnnotation, ExportDocument, LabNormalized } from '../core/index.ts';

function dayLabel(a: ExportAnnotation): string {
  if (a.day === null) return 'undated';
  return a.dayEnd !== null && a.dayEnd !== a.day ? `day ${a.day}–${a.dayEnd}` : `day ${a.day}`;
}

function describe(a: ExportAnnotation): string {
  const n = a.normalized;
  if (!n) return `${a.text} (not normalized)`;
  if (a.kind === 'drug') {
    const d = n as DrugNormalized;
    return `${d.name}${d.targets.length ? ` [${d.targets.join(', ')}]` : ''}${a.attributes.role ? ` (${a.attributes.role})` : ''}`;
  }
  if (a.kind === 'dose') {
    const d = n as DoseNormalized;
    return `${d.comparator ?? ''}${d.value}${d.valueEnd !== null ? `–${d.valueEnd}` : ''} ${d.unit}${d.drug ? ` of ${d.drug}` : ''}${d.route ? ` ${d.route}` : ''}`;
  }
  const l = n as LabNormalized;
  const value = l.valueKind === 'quantity' || l.valueKind === 'score' ? `${l.comparator ?? ''}${l.value}${l.unit ? ` ${l.unit}` : ''}` : (l.result ?? '');
  return `${l.name} ${value}${l.xUln !== null ? ` (${l.xUln}× ULN)` : ''}${l.flag && l.flag !== 'normal' ? ` ${l.flag}` : ''}`;
}

export function summarize(documents: ExportDocument[]): string {
  const out: string[] = [''];
  for (const doc of documents) {
    const src = doc.source;
    out.push(`${doc.path}${src?.title ? ` — ${String(src.title)}` : ''}${src?.doi ? ` (doi:${String(src.doi)})` : ''}`);
    for (const c of doc.cases) {
      const who = [c.attributes.age && `${c.attributes.age} y`, c.attributes.sex, c.attributes.dx].filter(Boolean).join(', ');
      out.push(`  ${c.id}: ${c.title}${who ? ` (${who})` : ''}`);
      const facts = c.annotations.filter((a) => a.kind !== 'day');
      const dated = facts.filter((a) => a.day !== null).sort((a, b) => (a.day as number) - (b.day as number));
      for (const a of dated) out.push(`    ${dayLabel(a).padEnd(14)} ${a.kind.padEnd(4)}  ${describe(a)}`);
      const undated = facts.filter((a) => a.day === null);
      if (undated.length) out.push(`    undated: ${undated.map((a) => describe(a)).join('; ')}`);
      const problems = doc.diagnostics.filter((d) => d.range.start.line >= c.range.start.line && d.range.start.line <= c.range.end.line);
      if (problems.length) out.push(`    ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${[...new Set(problems.map((p) => p.code))].join(', ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}
