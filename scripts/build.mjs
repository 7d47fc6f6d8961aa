// Bundles the language server, the CLI, the VS Code client and the webview with esbuild.
// Node bundles are CommonJS (VS Code loads extensions with require); each out folder gets a
// package.json saying so, since the repository itself is an ES module package.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
// mainFields: prefer ES module builds (jsonc-parser's UMD main requires files esbuild cannot see).
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', mainFields: ['module', 'main'],
  // Some dependencies (fdir, via tinyglobby) use import.meta.url, which CommonJS output lacks.
  define: { 'import.meta.url': '__casemarkImportMetaUrl' },
  banner: { js: "var __casemarkImportMetaUrl = require('url').pathToFileURL(__filename).href;" }, sourcemap: true, minify: !watch, logLevel: 'warning' };

const entries = [
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
  { entryPoints: ['server/src/workspace/workerMain.ts'], outfile: 'server/out/worker.js' },
  { entryPoints: ['server/src/cli/cli.ts'], outfile: 'server/out/cli.js', banner: { js: "#!/usr/bin/env node\nvar __casemarkImportMetaUrl = require('url').pathToFileURL(__filename).href;" } },
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  { entryPoints: ['client/src/preview/markdownItPlugin.ts'], outfile: 'client/out/preview.js', external: ['vscode'] },
];
const webview = { entryPoints: ['client/src/webview/main.ts'], outfile: 'client/out/webview.js', bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: !watch, sourcemap: true, logLevel: 'warning' };

// The report page runs the same panel code (client/src/webview) from one inlined script.
const report = { ...webview, entryPoints: ['client/src/webview/reportMain.ts'], outfile: 'client/out/report.js', sourcemap: false };
const cohort = { ...webview, entryPoints: ['client/src/webview/cohortMain.ts'], outfile: 'client/out/cohort.js' };

const builds = entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => ({ ...common, ...e }));
for (const page of [webview, report, cohort]) if (existsSync(page.entryPoints[0])) builds.push(page);

for (const dir of ['server/out', 'client/out']) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, '{ "type": "commonjs" }\n');
}
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
