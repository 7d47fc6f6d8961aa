// Language-server benchmarks, measured as an editor sees them: the built server
// (`node server/out/server.js --stdio`) driven over JSON-RPC by the test client.
//   node --import tsx bench/server.bench.ts [--files 10000] [--bytes 10000] [--edits 200]
// 1. A 1 MB note (about 1,000 cases): one-character edits, time from didChange to the
//    publishDiagnostics of that version; completion and hover latency on that note.
// 2. A workspace of generated notes: first index (until the indexing progress ends), with
//    hover on an open note answered throughout; restart on the unchanged workspace (cache);
//    peak resident memory of the server process (VmHWM, worker threads included).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateNote, generateWorkspace } from './generate.ts';
import { fmt, memory, stats } from './measure.ts';
import { positionAt, tempDir, TestClient } from '../test/server/client.ts';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '10000' }, bytes: { type: 'string', default: '10000' }, edits: { type: 'string', default: '200' }, 'skip-workspace': { type: 'boolean', default: false } },
});
const FILES = Number(values.files);
const BYTES = Number(values.bytes);
const EDITS = Number(values.edits);

let seed = 12345;
const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;

async function bigNote(): Promise<void> {
  const client = await TestClient.start();
  const uri = client.uri('big.md');
  let text = generateNote(1_000_000, 42);
  let t = performance.now();
  await client.open(uri, text, 1);
  await client.diagnosticsFor(uri, 1);
  console.log(`1 MB note (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, ${text.split('::case').length - 1} cases): first diagnostics ${(performance.now() - t).toFixed(0)} ms`);

  // One-character edits inside labels, accumulating as when typing.
  const labels = [...text.matchAll(/:(?:drug|lab)\[([A-Za-z])/g)].map((m) => m.index! + m[0].length - 1);
  const edits: number[] = [];
  for (let v = 2; v < EDITS + 2; v++) {
    const offset = labels[Math.floor(rand() * labels.length)];
    const pos = positionAt(text, offset);
    const ch = String.fromCharCode(97 + Math.floor(rand() * 26));
    text = text.slice(0, offset) + ch + text.slice(offset + 1);
    t = performance.now();
    await client.change(uri, v, [{ range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: ch }]);
    await client.diagnosticsFor(uri, v);
    edits.push(performance.now() - t);
  }
  console.log(`edit → diagnostics: ${fmt(stats(edits))} (goal: median ≤ 20, p95 ≤ 50)`);

  const completion: number[] = [];
  const hover: number[] = [];
  const starts = [...text.matchAll(/:(drug|lab|dose)\[/g)].map((m) => m.index! + m[0].length);
  for (let i = 0; i < 300; i++) {
    const offset = starts[Math.floor(rand() * starts.length)];
    const position = positionAt(text, offset + 1);
    t = performance.now();
    await client.request('textDocument/completion', { textDocument: { uri }, position });
    completion.push(performance.now() - t);
    t = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position });
    hover.push(performance.now() - t);
  }
  console.log(`completion: ${fmt(stats(completion))} (goal: p95 ≤ 10)`);
  console.log(`hover: ${fmt(stats(hover))} (goal: p95 ≤ 5)`);
  console.log(`server memory after the 1 MB note: ${JSON.stringify(memory(client.child.pid!))}`);
  await client.stop();
}

async function workspace(): Promise<void> {
  const root = path.resolve('bench/generated/server-workspace');
  console.log(`generating ${FILES} notes of ~${BYTES} bytes in ${root}…`);
  generateWorkspace(root, FILES, BYTES);
  const cacheFolder = tempDir('casemark-bench-cache-');

  for (const run of ['first index', 'restart (cache)']) {
    const start = performance.now();
    const client = await TestClient.start({ root, cacheFolder });
    const uri = client.uri('open-note.md');
    const text = generateNote(20_000, 7, { idPrefix: 'open' });
    await client.open(uri, text, 1);
    const position = positionAt(text, text.indexOf(':drug[') + 7);
    const hovers: number[] = [];
    let peak = 0;
    const done = client.progressEnded(1);
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      const t = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      hovers.push(performance.now() - t);
      peak = Math.max(peak, memory(client.child.pid!).peakMB);
      await Promise.race([done, new Promise((r) => setTimeout(r, 100))]);
    }
    const elapsed = (performance.now() - start) / 1000;
    const mem = memory(client.child.pid!);
    console.log(`${run}: ${elapsed.toFixed(1)} s for ${FILES} notes; ${client.logs.find((l) => l.includes('indexed')) ?? ''}`);
    console.log(`  hover on an open note while indexing (${hovers.length} requests): ${fmt(stats(hovers))}`);
    console.log(`  server memory: peak ${Math.max(peak, mem.peakMB).toFixed(0)} MB, now ${mem.rssMB.toFixed(0)} MB (goal ≤ 500)`);
    await client.stop();
  }
}

await bigNote();
if (!values['skip-workspace']) await workspace();
