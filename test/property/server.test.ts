// Properties of the language server over stdio on hostile input: it stays ready with a
// broken configuration, answers every note (pathological ones too) within the bound while
// other notes keep getting answers, keeps incremental edits equal to a fresh open, and
// answers cancelled requests with RequestCancelled.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { positionAt, TestClient, tempDir, writeFiles } from '../server/client.ts';
import { bombs, generators, prng, randomEdit, realistic, runs, SEED } from './generators.ts';

const BOUND_MS = Number(process.env.CASEMARK_PROPERTY_BOUND_MS) || 10_000;
const BREAKS = /[\r\n\u0085\u2028\u2029]/;
let client: TestClient;

/** The promise, or a failure naming `what` once the bound has passed. */
function within<T>(what: string, p: Promise<T>, ms = BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

before(async () => {
  const root = tempDir('casemark-property-server-');
  writeFiles(root, { '.casemark/config.json': '['.repeat(6000) });
  client = await TestClient.start({ root });
});

after(async () => {
  await client.stop();
});

test('property: a broken config.json is reported and the server still answers', async () => {
  const config = client.uri('.casemark/config.json');
  const d = await within('config diagnostics', client.waitForDiagnostics(config, (p) => p.diagnostics.length > 0));
  assert.equal(d.diagnostics[0].code, 'config-error');
  const uri = client.uri('plain.md');
  await client.open(uri, '::case[T]{#t}\n\n:drug[rituximab] on :day[0].\n');
  assert.deepEqual((await within('plain note', client.diagnosticsFor(uri, 1))).diagnostics, []);
});

test('property: pathological notes are answered, and other notes stay answered meanwhile', async () => {
  const rng = prng(SEED);
  const opened: string[] = [];
  for (const [name, bomb] of Object.entries(bombs)) {
    const uri = client.uri(`bomb-${name}.md`);
    await client.open(uri, '::case[B]{#b-' + name + '}\n\n' + bomb(rng) + bomb(rng));
    opened.push(uri);
  }
  const calm = client.uri('calm.md');
  await client.open(calm, realistic(rng, 2000));
  await within('a calm note among bombs', client.diagnosticsFor(calm, 1));
  for (const uri of opened) {
    const d: PublishDiagnosticsParams = await within(uri, client.diagnosticsFor(uri, 1));
    for (const x of d.diagnostics) assert.doesNotMatch(typeof x.message === 'string' ? x.message : x.message.value, BREAKS, `${uri}: ${x.code}`);
  }
  const symbols = await within('symbols of a bomb', client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: opened[0] } }));
  assert.ok(Array.isArray(symbols));
});

test('property: incremental edits give what a fresh open gives', async () => {
  const count = runs(3);
  for (let i = 0; i < count; i++) {
    const rng = prng(SEED + 100 + i);
    let text = i % 2 ? generators.lineEnds(rng) : realistic(rng, 2500);
    const uri = client.uri(`edited-${i}.md`);
    await client.open(uri, text);
    let version = 1;
    for (let k = 0; k < 12; k++) {
      const e = randomEdit(rng, text);
      const range = { start: positionAt(text, e.start), end: positionAt(text, e.end) };
      // positionAt counts \n only; keep edits exact by sending full text when other breaks are present.
      const exact = !/[\r\u2028\u2029\u0085]/.test(text);
      text = text.slice(0, e.start) + e.insert + text.slice(e.end);
      await client.change(uri, ++version, exact ? [{ range, text: e.insert }] : [{ text }]);
    }
    const edited = await within('edited note', client.diagnosticsFor(uri, version));
    const fresh = client.uri(`fresh-${i}.md`);
    await client.open(fresh, text);
    const reference = await within('fresh note', client.diagnosticsFor(fresh, 1));
    const shape = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code !== 'duplicate-case-id').map((d) => [d.code, d.range, d.message]);
    assert.deepEqual(shape(edited), shape(reference), `seed ${SEED + 100 + i}`);
  }
});

test('property: cancelled requests are answered with RequestCancelled', async () => {
  const uri = client.uri('cancel.md');
  await client.open(uri, realistic(prng(SEED + 7), 20_000));
  await within('cancel note', client.diagnosticsFor(uri, 1));
  const outcomes = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const source = new CancellationTokenSource();
      const reply = client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }, source.token);
      source.cancel();
      try {
        await within('cancelled request', reply);
        return 'answered';
      } catch (e) {
        return (e as { code?: number }).code === -32800 ? 'cancelled' : String(e);
      }
    }),
  );
  assert.ok(outcomes.every((o) => o === 'answered' || o === 'cancelled'), outcomes.join(', '));
  assert.ok(outcomes.filter((o) => o === 'cancelled').length >= 10, outcomes.join(', '));
  const symbols = await within('a request not cancelled', client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } }));
  assert.ok(symbols.length > 0);
});
