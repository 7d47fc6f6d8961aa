// The size limit on notes, shared by the language server (`casemark.maxFileSize`) and the CLI
// (`--max-file-size`), both defaulting to `maxFileSize` in `.casemark/config.json`, then 10 MiB.
// A note above it is not read or analyzed: it gets one `note-too-large` diagnostic, with the
// same words in the editor and in CI, and is still listed (with no annotations) in exports.
import type { Diagnostic } from '../model.ts';
import type { CaseMarkConfig } from './config.ts';

/**
 * 10 MiB: about twice the longest case series seen, and what a note can be while a full
 * analysis stays within a few seconds and a few hundred MB (see README, "Large notes").
 */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A size as people read it (10 MiB, 6.6 KiB), then exactly in bytes. */
function size(n: number): string {
  const [unit, scale] = n >= 1024 * 1024 ? ['MiB', 1024 * 1024] : n >= 1024 ? ['KiB', 1024] : ['', 1];
  const v = n / scale;
  return unit ? `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit} (${grouped(n)} bytes)` : `${grouped(n)} bytes`;
}

/** The one-line message: the note's size, the limit, and the three places that change it. */
export function tooLargeMessage(bytes: number, limit: number): string {
  return `This note is ${size(bytes)}, above the size limit of ${size(limit)}, and is not analyzed; raise maxFileSize in .casemark/config.json, the casemark.maxFileSize setting or casemark --max-file-size BYTES.`;
}

/** The diagnostics of a note above the limit: one `note-too-large`, at the severity the config gives (none when off). */
export function tooLargeDiagnostics(size: number, limit: number, config: Pick<CaseMarkConfig, 'severity'>): Diagnostic[] {
  const level = config.severity['note-too-large'] ?? 'warning';
  if (level === 'off') return [];
  const at = { line: 0, character: 0 };
  return [{ range: { start: at, end: at }, severity: level, code: 'note-too-large', message: tooLargeMessage(size, limit) }];
}
