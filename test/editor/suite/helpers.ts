// Helpers for the extension tests: the CaseMark extension, the test workspace, notes written
// into it, and waiting for what the language server publishes (events, never fixed sleeps).
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'casemark.casemark';

export async function casemark(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}

let ready: Promise<void> | undefined;

/** Resolves once the language server answers: a note with a known problem gets its diagnostic
 * (language features asked for before the client has started would come back empty). */
export function serverReady(): Promise<void> {
  ready ??= (async () => {
    const api = (await casemark()).exports as { server?: { ready?: () => Promise<unknown> } } | undefined;
    if (api?.server?.ready && !(await api.server.ready())) {
      throw new Error('the CaseMark language server did not start (see the CaseMark output channel)');
    }
    const editor = await writeNote('server-ready.md', '::case[Ready]{#editor-ready}\n\n:drug[notadrugxyz] on :day[0].\n');
    await diagnosticWithCode(editor.document.uri, 'unknown-drug');
  })();
  return ready;
}

/** The workspace folder runTests opened: a temporary copy of examples/. */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the editor tests need a workspace folder (runTests opens a copy of examples/)');
  return folder.uri;
}

/** Writes a note into the workspace (a subfolder of its own) and shows it in an editor. */
export async function writeNote(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), 'editor-tests', name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return openNote(uri);
}

export async function openNote(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function exampleUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), name);
}

/** Resolves when `check` returns a value (checked now and on every change `onEvent` reports). */
export function waitFor<T>(
  onEvent: vscode.Event<unknown>,
  check: () => T | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const now = check();
    if (now !== undefined) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`));
    }, timeoutMs);
    const sub = onEvent(() => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

/** For state nothing announces (what a webview was last sent): checks every 100 ms. */
export function poll<T>(check: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

/** The diagnostics of `uri` once one with `code` is among them. */
export function diagnosticWithCode(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === code),
    `a ${code} diagnostic on ${uri.path}`,
  );
}

/** The position just inside `needle` (plus `delta` characters) in the document. */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const at = doc.getText().indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in ${doc.uri.path}`);
  return doc.positionAt(at + delta);
}

/** Text of hover contents, whatever form the provider used. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** Runs the bundled CLI the way a user would (node server/out/cli.js …) in `cwd`. */
export function runCli(extensionPath: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  // On desktop VS Code process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
  const res = spawnSync(process.execPath, [`${extensionPath}/server/out/cli.js`, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}
