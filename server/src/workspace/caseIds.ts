// Which case ids occur more than once across the workspace, kept up to date incrementally
// as notes change: on each keystroke only the few notes that share an id go through the
// core's crossFileDiagnostics, not all 10,000.
export class CaseIdIndex {
  private readonly byId = new Map<string, Map<string, number>>();
  private readonly byUri = new Map<string, string[]>();
  private readonly duplicated = new Set<string>();

  /** Replace the ids of one note; returns the ids whose duplicate status or owners changed. */
  set(uri: string, ids: readonly string[]): Set<string> {
    const touched = new Set<string>();
    const old = this.byUri.get(uri) ?? [];
    if (old.length === ids.length && old.every((id, i) => id === ids[i])) return touched;
    for (const id of old) {
      const owners = this.byId.get(id);
      if (!owners) continue;
      const n = (owners.get(uri) ?? 0) - 1;
      if (n > 0) owners.set(uri, n);
      else owners.delete(uri);
      if (owners.size === 0) this.byId.delete(id);
      touched.add(id);
    }
    for (const id of ids) {
      let owners = this.byId.get(id);
      if (!owners) this.byId.set(id, (owners = new Map()));
      owners.set(uri, (owners.get(uri) ?? 0) + 1);
      touched.add(id);
    }
    if (ids.length) this.byUri.set(uri, [...ids]);
    else this.byUri.delete(uri);
    const changed = new Set<string>();
    for (const id of touched) {
      const owners = this.byId.get(id);
      let total = 0;
      for (const n of owners?.values() ?? []) total += n;
      const dup = total > 1;
      if (dup || this.duplicated.has(id)) changed.add(id);
      if (dup) this.duplicated.add(id);
      else this.duplicated.delete(id);
    }
    return changed;
  }

  delete(uri: string): Set<string> {
    return this.set(uri, []);
  }

  /** Every note holding an id that occurs more than once. */
  participants(): Set<string> {
    const out = new Set<string>();
    for (const id of this.duplicated) for (const uri of this.byId.get(id)?.keys() ?? []) out.add(uri);
    return out;
  }

  owners(id: string): string[] {
    return [...(this.byId.get(id)?.keys() ?? [])];
  }
}
