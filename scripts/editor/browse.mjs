#!/usr/bin/env node
// Opens the bundled examples in VS Code in the browser, for users without VS Code: the same
// editor build the tests use (code-server, installed by scripts/editor/install-code-server.sh),
// with the freshly packaged CaseMark extension installed. Ctrl+C stops it.
//   npm run browse [-- <folder>]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startCodeServer } from './code-server.mjs';

const folder = resolve(process.argv[2] ?? 'examples');
const vsix = resolve('casemark.vsix');
if (!existsSync(vsix)) {
  console.error('casemark: casemark.vsix is missing; run `npm run package` first (npm run browse does).');
  process.exit(2);
}
const server = await startCodeServer({ vsix });
console.log(`CaseMark in VS Code for the browser: ${server.workbenchUrl({ folder })}`);
console.log('Open that address in a browser; press Ctrl+C to stop.');
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
