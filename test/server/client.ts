// A small LSP client for the tests: starts the built server (`node server/out/server.js
// --stdio`) as a child process and speaks JSON-RPC to it as an editor does. Waiting is done
// on notifications (diagnostics for a uri and version, the end of indexing progress), never
// with sleeps.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/out/server.js');

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  window: { workDoneProgress: true },
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    rename: { prepareSupport: true },
    publishDiagnostics: { versionSupport: true },
  },
};

export interface StartOptions {
  /** Workspace folder; a fresh temporary folder when absent. */
  root?: string;
  /** The `casemark` settings section the client answers workspace/configuration with. */
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  cacheFolder?: string;
  /** Speak over Node IPC (`--node-ipc`) instead of stdio. */
  ipc?: boolean;
}

export function tempDir(prefix = 'casemark-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Write files (relative path → text) under `root`, creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

export function uriOf(root: string, rel: string): string {
  return pathToFileURL(path.join(root, rel)).toString();
}

type Waiter<T> = { test: (v: T) => boolean; resolve: (v: T) => void };

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  private diagWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private progressEnds = 0;
  private endWaiters: Waiter<number>[] = [];
  private exited: Promise<number | null>;
  stderr = '';

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    readonly root: string,
    public settings: Record<string, unknown>,
  ) {
    this.exited = new Promise((r) => child.on('exit', (code) => r(code)));
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.diagWaiters = this.diagWaiters.filter((w) => (w.test(p) ? (w.resolve(p), false) : true));
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
      if (p.value?.kind !== 'end') return;
      this.progressEnds++;
      this.endWaiters = this.endWaiters.filter((w) => (w.test(this.progressEnds) ? (w.resolve(this.progressEnds), false) : true));
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    connection.onRequest('workspace/diagnostic/refresh', () => null);
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const root = options.root ?? tempDir();
    const child = spawn(process.execPath, [SERVER, options.ipc ? '--node-ipc' : '--stdio'], {
      stdio: options.ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : 'pipe',
    }) as ChildProcessWithoutNullStreams;
    const connection = options.ipc
      ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    const client = new TestClient(child, connection, root, options.settings ?? {});
    const rootUri = pathToFileURL(root).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      initializationOptions: { cacheFolder: options.cacheFolder ?? tempDir('casemark-cache-') },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  uri(rel: string): string {
    return uriOf(this.root, rel);
  }

  /** Resolves when `count` work-done progresses have ended (the first index is the first). */
  progressEnded(count = 1): Promise<number> {
    if (this.progressEnds >= count) return Promise.resolve(this.progressEnds);
    return new Promise((resolve) => this.endWaiters.push({ test: (n) => n >= count, resolve }));
  }

  get endedProgresses(): number {
    return this.progressEnds;
  }

  /** The next (or already received) diagnostics for `uri` that satisfy `test`. */
  waitForDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const last = this.diagnostics.get(uri);
    if (last && test(last)) return Promise.resolve(last);
    return new Promise((resolve) => this.diagWaiters.push({ test: (p) => p.uri === uri && test(p), resolve }));
  }

  /** Diagnostics published for exactly this version of the document. */
  diagnosticsFor(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, (p) => p.version === version);
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  get alive(): boolean {
    return this.child.exitCode === null;
  }

  async stop(): Promise<number | null> {
    if (this.alive) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        this.child.kill();
      }
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }
}

/** Position of `needle` in `text` (its first occurrence after `from`), shifted by `offset` characters. */
export function at(text: string, needle: string, offset = 0, from = 0): { line: number; character: number } {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, i + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** Apply LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** LSP position of a string offset (UTF-16, as LSP counts). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
