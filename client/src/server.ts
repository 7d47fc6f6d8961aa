// Starts and restarts the CaseMark language server (server/out/server.js over Node IPC) and
// sends it CaseMark's own requests. Work-done progress the server reports ($/progress after
// window/workDoneProgress/create) is shown by vscode-languageclient's ProgressFeature.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import {
  CasesRequestMethod,
  CompareRequestMethod,
  ExportRequestMethod,
  CheckWorkspaceRequestMethod,
  type CheckWorkspaceResult,
  type CasesParams,
  type CasesResult,
  type CompareParams,
  type CompareResult,
  type ExportParams,
  type ExportResult,
  type InitializationOptions,
} from '../../protocol/casemark.ts';

export class CaseMarkServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private readonly restarted = new vscode.EventEmitter<void>();
  /** Fires after a restart, so views can ask again. */
  readonly onDidRestart = this.restarted.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  /** The running client, starting it on first use; undefined when the server cannot start. */
  ready(): Promise<LanguageClient | undefined> {
    this.starting ??= this.start();
    return this.starting;
  }

  private async start(): Promise<LanguageClient | undefined> {
    const module = this.context.asAbsolutePath('server/out/server.js');
    if (!existsSync(module)) {
      void vscode.window.showErrorMessage(`CaseMark: the language server is missing (${module}). Run "npm run build" or reinstall the extension.`);
      return undefined;
    }
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const initializationOptions: InitializationOptions = { cacheFolder: this.context.globalStorageUri.fsPath };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'markdown' },
      ],
      synchronize: {
        configurationSection: 'casemark',
        fileEvents: [vscode.workspace.createFileSystemWatcher('**/.casemark/*.json'), vscode.workspace.createFileSystemWatcher('**/*.md')],
      },
      initializationOptions,
      outputChannelName: 'CaseMark',
    };
    // The id `casemark` makes vscode-languageclient honour the `casemark.trace.server` setting.
    const client = new LanguageClient('casemark', 'CaseMark', serverOptions, clientOptions);
    try {
      await client.start();
    } catch (err) {
      void vscode.window.showErrorMessage(`CaseMark: the language server did not start: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    this.client = client;
    return client;
  }

  async restart(): Promise<void> {
    const client = await this.ready();
    if (client) {
      await client.restart();
    } else {
      this.starting = undefined;
      await this.ready();
    }
    this.restarted.fire();
  }

  /** Everything the panel shows for one note; null when the server is not there or fails. */
  async cases(uri: vscode.Uri): Promise<CasesResult | null> {
    const client = await this.ready();
    if (!client) return null;
    const params: CasesParams = { uri: uri.toString() };
    try {
      return await client.sendRequest<CasesResult | null>(CasesRequestMethod, params);
    } catch (err) {
      client.warn(`casemark/cases failed for ${params.uri}`, err);
      return null;
    }
  }

  /** Throws with the server's message when the export fails. */
  async export(params: ExportParams, token?: vscode.CancellationToken): Promise<ExportResult> {
    const client = await this.ready();
    if (!client) throw new Error('the CaseMark language server is not running');
    return client.sendRequest<ExportResult>(ExportRequestMethod, params, token);
  }

  /** Starts or stops comparing a note with another curator's; throws with the server's message. */
  async compare(params: CompareParams): Promise<CompareResult> {
    const client = await this.ready();
    if (!client) throw new Error('the CaseMark language server is not running');
    return client.sendRequest<CompareResult>(CompareRequestMethod, params);
  }

  /** Checks every note of the workspace; the server publishes the problems of the closed ones. */
  async checkWorkspace(token?: vscode.CancellationToken): Promise<CheckWorkspaceResult> {
    const client = await this.ready();
    if (!client) throw new Error('the CaseMark language server is not running');
    return client.sendRequest<CheckWorkspaceResult>(CheckWorkspaceRequestMethod, {}, token);
  }

  dispose(): void {
    this.restarted.dispose();
    void this.client?.stop();
  }
}
