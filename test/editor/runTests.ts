// Runs the extension test suite in a real VS Code with @vscode/test-electron's runTests.
// By default VS Code is code-server driven by a headless Chromium (scripts/editor/code-shim.mjs
// stands in for the desktop executable: no download needed). CASEMARK_VSCODE_PATH=<executable>
// uses an installed desktop VS Code; CASEMARK_DESKTOP=1 lets runTests download one (internet
// needed, version CASEMARK_VSCODE_VERSION or stable). The workspace is a temporary
// copy of examples/ plus test/editor/workspace/ (notes no test opens), so tests can write
// notes without touching the repository.
//
//   node --import tsx test/editor/runTests.ts
import { runTests } from '@vscode/test-electron';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './build.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  for (const built of ['client/out/extension.js', 'server/out/server.js', 'server/out/cli.js']) {
    if (!existsSync(join(root, built))) {
      console.error(`${built} is missing: run \`npm run build\` first`);
      return 2;
    }
  }
  const extensionTestsPath = await buildSuite();
  const installed = process.env.CASEMARK_VSCODE_PATH;
  const desktop = process.env.CASEMARK_DESKTOP === '1' || Boolean(installed);
  const shim = join(root, 'scripts', 'editor', 'code-shim.mjs');
  const workspace = mkdtempSync(join(tmpdir(), 'casemark-ws-'));
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  cpSync(join(root, 'test', 'editor', 'workspace'), workspace, { recursive: true });
  const started = Date.now();
  try {
    await runTests({
      vscodeExecutablePath: installed ? resolve(installed) : desktop ? undefined : shim,
      version: desktop ? process.env.CASEMARK_VSCODE_VERSION : undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      // --disable-extensions: on desktop, no other installed extension interferes.
      launchArgs: [workspace, '--disable-extensions'],
    });
    return 0;
  } catch (err) {
    console.error(`editor tests failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    console.log(`editor tests took ${((Date.now() - started) / 1000).toFixed(1)} s (${desktop ? 'desktop VS Code' : 'code-server'})`);
    rmSync(workspace, { recursive: true, force: true });
  }
}

process.exitCode = await main();
