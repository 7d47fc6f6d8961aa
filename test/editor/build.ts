// Bundles the extension test suite (test/editor/suite/*.suite.ts and index.ts) into test/editor/out/ as CommonJS:
// the extension host loads the suite with require(). `vscode` comes from the host and mocha
// from the repository's node_modules, so neither is bundled.
import * as esbuild from 'esbuild';
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const suiteOut = join(here, 'out');
export const suiteIndex = join(suiteOut, 'index.js');

export async function buildSuite(): Promise<string> {
  const dir = join(here, 'suite');
  const entryPoints = readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.suite.ts')).map((f) => join(dir, f));
  mkdirSync(suiteOut, { recursive: true });
  // The output is generated: keep it out of git without touching the repository's .gitignore.
  writeFileSync(join(suiteOut, '.gitignore'), '*\n');
  writeFileSync(join(suiteOut, 'package.json'), '{ "type": "commonjs" }\n');
  await esbuild.build({
    entryPoints, outdir: suiteOut, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  return suiteIndex;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildSuite();
  console.log(`editor test suite bundled into ${suiteOut}`);
}
