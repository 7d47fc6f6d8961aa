// "Check Workspace" on the 10,000-note benchmark workspace: the language server indexes the
// workspace, then answers `casemark/checkWorkspace` (a full analysis of every note, on its
// worker threads) and publishes the problems of every note that is not open.
//   node --import tsx bench/checkWorkspace.bench.ts [--files 10000] [--bytes 10000]
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorkspace } from './generate.ts';
import { memory } from './measure.ts';
import { tempDir, TestClient } from '../test/server/client.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '10000' }, bytes: { type: 'string', default: '10000' } } });
const FILES = Number(values.files);
const root = path.resolve('bench/generated/server-workspace');
console.log(`generating ${FILES} notes of ~${values.bytes} bytes in ${root}…`);
generateWorkspace(root, FILES, Number(values.bytes));

const client = await TestClient.start({ root, cacheFolder: tempDir('casemark-bench-cache-') });
let t = performance.now();
await client.progressEnded(1);
console.log(`first index: ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
const result = await client.request<{ notes: number; errors: number; warnings: number }>('casemark/checkWorkspace', {});
const s = (performance.now() - t) / 1000;
console.log(`Check Workspace: ${s.toFixed(1)} s for ${result.notes} notes (${((s * 1000) / result.notes).toFixed(1)} ms a note), ${result.errors} errors, ${result.warnings} warnings; server peak memory ${memory(client.child.pid!).peakMB.toFixed(0)} MB`);
await client.stop();
