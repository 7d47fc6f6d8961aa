// Edit → diagnostics latency on a 1 MB note (about 900 cases), with the server driven the
// way real editors drive it:
//   incremental   one-character incremental didChange, wait for publishDiagnostics (the
//                 project's own client; what bench/server.bench.ts reports);
//   full sync     the same edits, each sent as the whole text (clients without incremental sync);
//   vscode        VS Code's pattern: pull diagnostics (textDocument/diagnostic right after each
//                 change), typing in bursts of five keys 100 ms apart, and after each burst
//                 the requests VS Code's debounced features send for the visible lines
//                 (semantic tokens, inlay hints, code actions, code lenses, document symbols,
//                 folding ranges); the figure is didChange → the pull's answer;
//   neovim        the real Neovim (`nvim`, 0.7 or later, when installed): its own LSP client,
//                 incremental sync and debounce (150 ms, its default), from the didChange it
//                 sends to the publishDiagnostics it receives (bench/neovim/latency.lua).
//   node --import tsx bench/editors.bench.ts [--edits 200] [--only vscode,neovim]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateNote } from './generate.ts';
import { fmt as fmtLatency, stats, type Latency } from './measure.ts';
import { DEFAULT_CAPABILITIES, positionAt, SERVER, TestClient } from '../test/server/client.ts';

const { values } = parseArgs({ options: { edits: { type: 'string', default: '200' }, only: { type: 'string', default: 'incremental,full,vscode,neovim' } } });
const EDITS = Number(values.edits);
const ONLY = new Set(values.only.split(','));

const NOTE = generateNote(1_000_000, 42);
let seed = 12345;
const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const spots = (text: string) => [...text.matchAll(/:(?:drug|lab)\[([A-Za-z])/g)].map((m) => m.index! + m[0].length - 1);
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One keystroke: a letter of a label replaced by another, as the next version of `text`. */
function keystroke(text: string, offsets: number[]) {
  const offset = offsets[Math.floor(rand() * offsets.length)];
  const ch = String.fromCharCode(97 + Math.floor(rand() * 26));
  const pos = positionAt(text, offset);
  return { text: text.slice(0, offset) + ch + text.slice(offset + 1), change: { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: ch }, pos };
}

async function pushed(full: boolean): Promise<Latency> {
  const client = await TestClient.start();
  const uri = client.uri('big.md');
  let text = NOTE;
  await client.open(uri, text, 1);
  await client.diagnosticsFor(uri, 1);
  const offsets = spots(text);
  const out: number[] = [];
  for (let v = 2; v < EDITS + 2; v++) {
    const k = keystroke(text, offsets);
    text = k.text;
    const t = performance.now();
    await client.change(uri, v, [full ? { text } : k.change]);
    await client.diagnosticsFor(uri, v);
    out.push(performance.now() - t);
  }
  await client.stop();
  return stats(out);
}

async function vscode(): Promise<Latency> {
  const capabilities = { ...DEFAULT_CAPABILITIES, textDocument: { ...DEFAULT_CAPABILITIES.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } };
  const client = await TestClient.start({ capabilities });
  const uri = client.uri('big.md');
  let text = NOTE;
  await client.open(uri, text, 1);
  await client.request('textDocument/diagnostic', { textDocument: { uri } });
  const offsets = spots(text);
  const out: number[] = [];
  const pending: Promise<unknown>[] = [];
  let v = 1;
  while (out.length < EDITS) {
    let pos = { line: 0, character: 0 };
    for (let key = 0; key < 5 && out.length + pending.length < EDITS; key++) {
      const k = keystroke(text, offsets);
      text = k.text;
      pos = k.pos;
      const t = performance.now();
      await client.change(uri, ++v, [k.change]);
      pending.push(client.request('textDocument/diagnostic', { textDocument: { uri } }).then(() => out.push(performance.now() - t)));
      await delay(100);
    }
    // What VS Code's debounced features ask for the visible lines once typing pauses.
    const visible = { start: { line: Math.max(0, pos.line - 30), character: 0 }, end: { line: pos.line + 30, character: 0 } };
    const doc = { textDocument: { uri } };
    pending.push(
      client.request('textDocument/semanticTokens/range', { ...doc, range: visible }),
      client.request('textDocument/inlayHint', { ...doc, range: visible }),
      client.request('textDocument/codeAction', { ...doc, range: { start: pos, end: pos }, context: { diagnostics: [] } }),
      client.request('textDocument/codeLens', doc),
      client.request('textDocument/documentSymbol', doc),
      client.request('textDocument/foldingRange', doc),
    );
    await Promise.all(pending.splice(0));
    await delay(300);
  }
  await client.stop();
  return stats(out);
}

function neovim(): Latency | string {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'nvim not installed (Debian: apt-get install neovim)';
  const dir = path.resolve('bench/generated/neovim');
  mkdirSync(dir, { recursive: true });
  const note = path.join(dir, 'big.md');
  const out = path.join(dir, 'latency.json');
  writeFileSync(note, NOTE);
  writeFileSync(out, '');
  const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.resolve('bench/neovim/latency.lua')}`], {
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, CASEMARK_SERVER: SERVER, CASEMARK_NOTE: note, CASEMARK_OUT: out, CASEMARK_EDITS: String(EDITS) },
  });
  const raw = readFileSync(out, 'utf8');
  if (!raw) return `nvim failed: ${run.stderr || run.stdout || run.status}`;
  const result = JSON.parse(raw) as { fromSend: number[]; nvim: { major: number; minor: number; patch: number } };
  console.log(`  (Neovim ${result.nvim.major}.${result.nvim.minor}.${result.nvim.patch})`);
  return stats(result.fromSend);
}

const fmt = (x: Latency | string) => (typeof x === 'string' ? x : `${fmtLatency(x)} (${x.n} edits)`);
const results: Record<string, Latency | string> = {};
if (ONLY.has('incremental')) console.log(`incremental: ${fmt((results.incremental = await pushed(false)))}`);
if (ONLY.has('full')) console.log(`full sync:   ${fmt((results.full = await pushed(true)))}`);
if (ONLY.has('vscode')) console.log(`vscode:      ${fmt((results.vscode = await vscode()))}`);
if (ONLY.has('neovim')) console.log(`neovim:      ${fmt((results.neovim = neovim()))}`);
mkdirSync('bench/generated', { recursive: true });
writeFileSync('bench/generated/editors.json', JSON.stringify(results, null, 2));
