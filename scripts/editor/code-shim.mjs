#!/usr/bin/env node
// Stands in for the VS Code desktop executable, so @vscode/test-electron's
// `runTests({ vscodeExecutablePath })` works where VS Code cannot be downloaded. It takes the
// desktop arguments (--extensionDevelopmentPath=… --extensionTestsPath=… [folder]), runs the
// tests in code-server's extension host through a headless Chromium (the workbench URL's
// `payload`, as @vscode/test-web does), relays the test output and exits with the tests'
// exit code. Options: CASEMARK_EDITOR_TIMEOUT (seconds, default 300), CASEMARK_EDITOR_DEBUG=1
// (code-server and browser console output), CASEMARK_EDITOR_KEEP=1 (keep the temp folder).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'node:util';
import { launchChromium, startCodeServer } from './code-server.mjs';

const debug = Boolean(process.env.CASEMARK_EDITOR_DEBUG);
const timeoutMs = Number(process.env.CASEMARK_EDITOR_TIMEOUT || 300) * 1000;

/** The desktop command line, reduced to what the web workbench understands. */
function parseArgs(argv) {
  const out = { devPaths: [], testsPath: null, folder: null, extensionsDir: null, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--extensionDevelopmentPath': out.devPaths.push(resolve(value())); break;
      case '--extensionTestsPath': out.testsPath = resolve(value()); break;
      case '--extensions-dir': out.extensionsDir = resolve(value()); break;
      // Desktop-only: the shim keeps its own fresh user data folder per run.
      case '--user-data-dir': value(); break;
      default:
        if (!arg.startsWith('-') && !out.folder) out.folder = resolve(arg);
        else out.ignored.push(arg);
    }
  }
  return out;
}

/** The workbench's own chatter that reaches codeAutomationLog too (connection set-up, the
 * extension gallery it cannot reach offline): hidden unless CASEMARK_EDITOR_DEBUG is set. */
const noise = [/^Resolv(ing|ed) connection token/, /^Creating a socket/, /^Updating additional builtin/,
  /^\[Service Worker\]/, /^Creation of workbench contribution/, /^\[network\]/, /open-vsx\.org/,
  /vsda/, /^Started local extension host/, /^Loading development extension/];
function isWorkbenchNoise(text) {
  return noise.some((re) => re.test(text));
}

/** Mocha's closing lines ("  5 passing", "  1 failing") → counts, for a plain summary line. */
function countResults(lines) {
  let passed = null, failed = 0, plain = false;
  for (const line of lines) {
    const clean = line.replace(/\x1b\[[0-9;]*m/g, '');
    if (/^\d+ passed, \d+ failed/.test(clean.trim())) plain = true;
    const p = /^\s*(\d+) passing\b/.exec(clean);
    if (p) passed = Number(p[1]);
    const f = /^\s*(\d+) failing\b/.exec(clean);
    if (f) failed = Number(f[1]);
  }
  return { passed, failed, plain };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath || args.devPaths.length === 0) {
    console.error('code-shim: expected --extensionDevelopmentPath=DIR and --extensionTestsPath=FILE (as @vscode/test-electron passes them)');
    return 2;
  }
  if (debug && args.ignored.length) console.error(`code-shim: ignoring desktop-only arguments ${args.ignored.join(' ')}`);

  // Chromium starts while code-server does (both take a while on a busy machine).
  const browserStarting = launchChromium();
  browserStarting.catch(() => {});
  let server;
  try {
    server = await startCodeServer({
      extensionsDir: args.extensionsDir ?? undefined,
      log: debug ? (line) => console.error(`[code-server] ${line}`) : undefined,
    });
  } catch (err) {
    await browserStarting.then((b) => b.close(), () => {});
    throw err;
  }
  let browser;
  // Ctrl+C in the test runner reaches us as SIGINT: stop the process group before leaving.
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      Promise.allSettled([browser?.close(), server.stop()]).then(() => process.exit(130));
    });
  }
  const lines = [];
  try {
    browser = await browserStarting;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    if (debug) page.on('console', (msg) => console.error(`[browser ${msg.type()}] ${msg.text()}`));
    let finish;
    const exitCode = new Promise((ok) => { finish = ok; });
    // The workbench calls these with the extension host's test output and its exit code.
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      // Mocha logs printf-style ('%s%s', …): format like Node's console does.
      const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      lines.push(...text.split('\n'));
      if (!debug && isWorkbenchNoise(text)) return;
      (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    const payload = [
      ...args.devPaths.map((p) => ['extensionDevelopmentPath', server.remoteUri(p)]),
      ['extensionTestsPath', server.remoteUri(args.testsPath)],
    ];
    await page.goto(server.workbenchUrl({ folder: args.folder ?? undefined, payload }));
    let timer;
    const timedOut = new Promise((ok) => { timer = setTimeout(() => ok('timeout'), timeoutMs); });
    const result = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: 'test-artifacts/code-shim-timeout.png' }).catch(() => {});
      console.error(`code-shim: no test result after ${timeoutMs / 1000} s (screenshot: test-artifacts/code-shim-timeout.png; CASEMARK_EDITOR_DEBUG=1 shows the logs)`);
      return 1;
    }
    const { passed, failed, plain } = countResults(lines);
    if (!plain && passed !== null) console.log(`${passed} passed, ${failed} failed`);
    return result;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => { console.error(`code-shim: ${err instanceof Error ? err.message : String(err)}`); process.exit(2); },
);
