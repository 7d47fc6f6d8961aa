// Deterministic identifiers for exported resources: the same note gives the same ids in the
// editor and in CI (no random UUIDs), shaped as UUIDs so `urn:uuid:` URIs stay valid.
function hash32(text: string, seed: number): number {
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function stableUuid(text: string): string {
  const hex = [1, 2, 3, 4].map((s) => hash32(text, s).toString(16).padStart(8, '0')).join('');
  // Version 8 (custom) UUID with the RFC 4122 variant bits.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
