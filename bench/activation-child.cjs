// One activation of the built extension with a stub `vscode` (see activation.bench.ts).
// Plain CommonJS, run by bare node, so no TypeScript loader sits in the measured require.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { performance } = require('node:perf_hooks');

/** A stub that accepts any property access, assignment, call and construction. */
function stub() {
  return new Proxy(function () {}, {
    get: (_t, prop) => (prop === 'then' ? undefined : prop === Symbol.toPrimitive ? () => 'stub' : stub()),
    apply: () => stub(),
    construct: () => stub(),
    set: () => true,
  });
}

// Every class, namespace, enum and function `vscode` exports, read from its type declarations
// (esbuild copies a module's own properties, so the stub must list them).
const d = readFileSync(resolve('node_modules/@types/vscode/index.d.ts'), 'utf8');
const names = [...new Set([...d.matchAll(/^\s*export (?:class|namespace|enum|const|function) (\w+)/gm)].map((m) => m[1]))];
const made = {};
const get = (p) => (made[p] ??= stub());
const vscode = new Proxy(made, {
  get: (_t, p) => (p === '__esModule' || p === 'then' ? undefined : get(p)),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_t, p) => ({ value: get(p), configurable: true, enumerable: true, writable: true }),
});
const load = Module._load;
Module._load = (request, ...rest) => (request === 'vscode' ? vscode : load(request, ...rest));

const context = {
  subscriptions: [],
  asAbsolutePath: (p) => resolve(p),
  globalStorageUri: { fsPath: resolve('.cache/activation-bench') },
  extensionUri: stub(),
  extensionPath: resolve('.'),
};
const start = performance.now();
const ext = require(resolve('client/out/extension.js'));
const loaded = performance.now();
ext.activate(context);
const done = performance.now();
process.stdout.write(JSON.stringify({ loadMs: loaded - start, activateMs: done - loaded, totalMs: done - start }));
process.exit(0);
