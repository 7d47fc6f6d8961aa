// Which case ids occur more than once across the workspace, kept up to date incrementally
// as notes change: on each keystroke only the few notes that share an id go through the
// core's crossFileDiagnostics, not all 10,000. Most ids have one owner: that owner is kept as
// a plain string, and a map of owners is made only for the ids that are shared.
type Owners = string | Map<string, number>;

function count(owners: Owners | undefined): number {
  if (owners === undefined) return 0;
  if (typeof owners === 'string') return 1;
  let n = 0;
  for (const c of owners.values()) n += c;
  return n;
}

export class CaseIdIndex {
  private readonly byId = new Map<string, Owners>();
  private readonly byUri = new Map<string, string[]>();
  private readonly duplicated = new Set<string>();

  private add(id: string, uri: string): void {
    const owners = this.byId.get(id);
    if (owners === undefined) this.byId.set(id, uri);
    else if (typeof owners === 'string') this.byId.set(id, new Map(owners === uri ? [[uri, 2]] : [[owners, 1], [uri, 1]]));
    else owners.set(uri, (owners.get(uri) ?? 0) + 1);
  }

  private remove(id: string, uri: string): void {
    const owners = this.byId.get(id);
    if (owners === undefined) return;
    if (typeof owners === 'string') {
      if (owners === uri) this.byId.delete(id);
      return;
    }
    const n = (owners.get(uri) ?? 0) - 1;
    if (n > 0) owners.set(uri, n);
    else owners.delete(uri);
    if (owners.size === 0) this.byId.delete(id);
    else if (owners.size === 1 && count(owners) === 1) this.byId.set(id, owners.keys().next().value as string);
  }

  /** Replace the ids of one note; returns the ids whose duplicate status or owners changed. */
  set(uri: string, ids: readonly string[]): Set<string> {
    const changed = new Set<string>();
    const old = this.byUri.get(uri) ?? [];
    if (old.length === ids.length && old.every((id, i) => id === ids[i])) return changed;
    const touched = new Set<string>([...old, ...ids]);
    for (const id of old) this.remove(id, uri);
    for (const id of ids) this.add(id, uri);
    if (ids.length) this.byUri.set(uri, [...ids]);
    else this.byUri.delete(uri);
    for (const id of touched) {
      const dup = count(this.byId.get(id)) > 1;
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
    for (const id of this.duplicated) {
      const owners = this.byId.get(id);
      if (typeof owners === 'string') out.add(owners);
      else for (const uri of owners?.keys() ?? []) out.add(uri);
    }
    return out;
  }
}
