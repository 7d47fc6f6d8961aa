// Starts code-server (VS Code's server build) and a headless Debian Chromium on its workbench,
// for the editor tests: the extension runs in VS Code's real extension host, no desktop VS Code
// download needed. Shared by code-shim.mjs (the `vscodeExecutablePath` for @vscode/test-electron)
// and the browser-level UI test. Install code-server first with install-code-server.sh.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.96.4';

/** Where install-code-server.sh puts code-server (same defaults, same environment variables). */
export function codeServerEntry() {
  if (process.env.CASEMARK_CODE_SERVER) return resolve(process.env.CASEMARK_CODE_SERVER);
  const cache = process.env.CASEMARK_EDITOR_CACHE || join(homedir(), '.cache', 'casemark-editor');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export function chromiumPath() {
  return process.env.CASEMARK_CHROMIUM || '/usr/bin/chromium';
}

/** Settings that keep the welcome page, walkthroughs, telemetry and update checks out of the way. */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => ok(port));
    });
  });
}

/** An environment for code-server: home-folder writes go into `dir`, and nothing inherited
 * from a surrounding VS Code or a `PORT` (which would override --bind-addr) leaks in. */
function serverEnv(dir) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key === 'PORT' || key.startsWith('VSCODE_') || key.startsWith('ELECTRON_')) delete env[key];
  }
  env.XDG_CONFIG_HOME = join(dir, 'xdg-config');
  env.XDG_DATA_HOME = join(dir, 'xdg-data');
  env.XDG_CACHE_HOME = join(dir, 'xdg-cache');
  return env;
}

/** Installs a VSIX into an extensions folder with code-server's own CLI (offline, under a second). */
export function installVsix(vsix, extensionsDir, dataDir) {
  mkdirSync(extensionsDir, { recursive: true });
  execFileSync(process.execPath, [codeServerEntry(), '--install-extension', resolve(vsix), '--force',
    '--extensions-dir', extensionsDir, '--user-data-dir', join(dataDir, 'user-data')],
  { env: serverEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Starts code-server in its own process group on a free port and waits until it answers.
 * @param {{ dataDir?: string, extensionsDir?: string, settings?: Record<string, unknown>,
 *           vsix?: string, log?: (line: string) => void }} [opts]
 */
export async function startCodeServer(opts = {}) {
  const entry = codeServerEntry();
  if (!existsSync(entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed (${entry} is missing): run scripts/editor/install-code-server.sh`);
  }
  const ownDir = !opts.dataDir;
  const dir = opts.dataDir ? resolve(opts.dataDir) : mkdtempSync(join(tmpdir(), 'casemark-code-'));
  const userData = join(dir, 'user-data');
  const extensionsDir = resolve(opts.extensionsDir || join(dir, 'extensions'));
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...opts.settings }, null, 2));
  writeFileSync(join(dir, 'config.yaml'), 'auth: none\ncert: false\n');
  if (opts.vsix) installVsix(opts.vsix, extensionsDir, dir);

  const port = await freePort();
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', '--user-data-dir', userData, '--extensions-dir', extensionsDir,
    '--config', join(dir, 'config.yaml')];
  // detached: a new session and process group, so stop() can end the file watchers and
  // extension hosts code-server forks, not only its main process.
  const child = spawn(process.execPath, args, { detached: true, env: serverEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const onData = (buf) => {
    for (const line of String(buf).split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      opts.log?.(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  child.once('exit', (code, signal) => { exited = code ?? signal; });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before answering:\n${output.join('\n')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      killGroup(child.pid);
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.join('\n')}`);
    }
    await delay(200);
  }

  let stopped = false;
  return {
    url, port, dir, userData, extensionsDir, output,
    /** vscode-remote:// URI of a local path, as the workbench's payload wants it. */
    remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${resolve(path)}`,
    /** The workbench URL for a folder (or an empty window), with an optional test payload. */
    workbenchUrl({ folder, payload } = {}) {
      const q = new URLSearchParams();
      if (folder && folder.endsWith('.code-workspace')) q.set('workspace', resolve(folder));
      else if (folder) q.set('folder', resolve(folder));
      else q.set('ew', 'true');
      if (payload?.length) q.set('payload', JSON.stringify(payload));
      return `${url}/?${q}`;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await killGroup(child.pid, () => exited !== null);
      if (ownDir && !process.env.CASEMARK_EDITOR_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM the process group, then SIGKILL whatever is left after a grace period. */
async function killGroup(pid, isDone = () => false) {
  if (!pid) return;
  try { process.kill(-pid, 'SIGTERM'); } catch { return; }
  for (let i = 0; i < 30 && !isDone(); i++) await delay(100);
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

/** Headless Debian Chromium via playwright-core, with the flags that work in containers. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install chromium (or set CASEMARK_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}
