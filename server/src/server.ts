// The CaseMark language server: wiring only. `node server/out/server.js --stdio` (or
// `--node-ipc`, picked from argv by createConnection) for any LSP editor. Features live in
// service/, the workspace (open notes, index, lexicons, config) in workspace/.
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  ProposedFeatures,
  RequestType,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeResult,
  type WorkspaceFolder as LspWorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  CasesRequestMethod,
  CompareRequestMethod,
  CheckWorkspaceRequestMethod,
  type CheckWorkspaceResult,
  ExportRequestMethod,
  KeepMineCommand,
  type CasesParams,
  type CasesResult,
  type CompareParams,
  type CompareResult,
  type ExportParams,
  type ExportResult,
  type InitializationOptions,
} from '../../protocol/casemark.ts';
import { createCaseMarkService } from './service/service.ts';
import { Comparisons } from './service/compare.ts';
import { SEMANTIC_LEGEND } from './service/semanticTokens.ts';
import { toLspDiagnostics } from './service/diagnostics.ts';
import { ANNOTATE_ALL_KIND, ANNOTATE_KIND, forgetSuggestions } from './service/suggestActions.ts';
import { defaultCacheFolder } from './workspace/contentCache.ts';
import { readSettings } from './workspace/context.ts';
import type { ProgressReporter } from './workspace/fileIndex.ts';
import { CaseMarkWorkspace, fsPathOf, type WorkspaceFolder } from './workspace/workspace.ts';
import { WorkspaceCheck } from './workspace/workspaceCheck.ts';

const CasesRequest = new RequestType<CasesParams, CasesResult | null, void>(CasesRequestMethod);
const ExportRequest = new RequestType<ExportParams, ExportResult, void>(ExportRequestMethod);
const CompareRequest = new RequestType<CompareParams, CompareResult, void>(CompareRequestMethod);
const CheckWorkspaceRequest = new RequestType<Record<string, never> | null, CheckWorkspaceResult, void>(CheckWorkspaceRequestMethod);

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let caps: ClientCapabilities = {};
let pullDiagnostics = false;
const log = (m: string) => connection.console.log(m);
const error = (m: string) => connection.console.error(m);

process.on('uncaughtException', (e) => error(`CaseMark: uncaught ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
process.on('unhandledRejection', (e) => error(`CaseMark: unhandled rejection ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

const NULL_PROGRESS: ProgressReporter = { begin() {}, report() {}, done() {} };

/** Bundled as CommonJS, the worker sits next to this file; under tsx there is no bundle. */
function workerScript(): string | null {
  return typeof __dirname === 'string' ? path.join(__dirname, 'worker.js') : null;
}

let refreshScheduled = false;

async function workspaceProgress(): Promise<ProgressReporter> {
  if (!caps.window?.workDoneProgress) return NULL_PROGRESS;
  try {
    return await connection.window.createWorkDoneProgress();
  } catch {
    return NULL_PROGRESS;
  }
}
const workspace = new CaseMarkWorkspace(
  {
    log,
    error,
    diagnosticsChanged(uri) {
      if (workspace.isOpen(uri)) {
        if (pullDiagnostics) return scheduleRefresh();
        const doc = workspace.document(uri);
        connection.sendDiagnostics({ uri, version: doc?.version, diagnostics: service.diagnostics(uri) });
      } else {
        // Config and lexicon files are never pulled (not notes): always pushed.
        connection.sendDiagnostics({ uri, diagnostics: toLspDiagnostics(workspace.fileDiagnostics.get(uri) ?? []) });
      }
    },
    async progress() {
      if (!caps.window?.workDoneProgress) return NULL_PROGRESS;
      try {
        return await connection.window.createWorkDoneProgress();
      } catch {
        return NULL_PROGRESS;
      }
    },
    indexed(stats) {
      const mb = (n: number) => Math.round(n / 2 ** 20);
      const mem = process.memoryUsage();
      log(`CaseMark indexed ${stats.files} notes in ${stats.ms} ms (${stats.analyzed} analyzed, ${stats.cached} from cache); memory: ${mb(mem.rss)} MB resident, main heap ${mb(mem.heapUsed)} MB`);
    },
  },
  { cacheFolder: defaultCacheFolder(), workerScript: workerScript() },
);

const check = new WorkspaceCheck(
  workspace,
  (uri, diagnostics) => connection.sendDiagnostics({ uri, diagnostics: toLspDiagnostics(diagnostics) }),
  () => pullDiagnostics,
);

function scheduleRefresh(): void {
  if (refreshScheduled || !caps.workspace?.diagnostics?.refreshSupport) return;
  refreshScheduled = true;
  setImmediate(() => {
    refreshScheduled = false;
    connection.languages.diagnostics.refresh().catch(() => {});
  });
}

/** A compared note's diagnostics changed without an edit (comparison started, stopped, kept). */
function republish(uri: string): void {
  if (!workspace.isOpen(uri)) return;
  if (pullDiagnostics) return scheduleRefresh();
  connection.sendDiagnostics({ uri, version: workspace.document(uri)?.version, diagnostics: service.diagnostics(uri) });
}

const service = createCaseMarkService(workspace, workspace, {
  log: error,
  snippets: () => caps.textDocument?.completion?.completionItem?.snippetSupport === true,
  comparisons: new Comparisons(workspace, republish),
  createFiles: () => caps.workspace?.workspaceEdit?.documentChanges === true && (caps.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
});

function toFolders(folders: LspWorkspaceFolder[] | null | undefined, rootUri: string | null | undefined): WorkspaceFolder[] {
  const list = folders?.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
  return list.map((uri) => ({ uri, fsPath: fsPathOf(uri) ?? '' })).filter((f) => f.fsPath);
}

let initialFolders: WorkspaceFolder[] = [];
let initOptions: InitializationOptions & { settings?: unknown } = {};

connection.onInitialize((params): InitializeResult => {
  caps = params.capabilities ?? {};
  pullDiagnostics = !!caps.textDocument?.diagnostic;
  initOptions = (params.initializationOptions ?? {}) as typeof initOptions;
  initialFolders = toFolders(params.workspaceFolders, params.rootUri);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [':', '[', '{', ' ', '=', '#'] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, ANNOTATE_KIND, ANNOTATE_ALL_KIND] },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: caps.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
      foldingRangeProvider: true,
      inlayHintProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true, range: true },
      codeLensProvider: { resolveProvider: false },
      executeCommandProvider: { commands: [KeepMineCommand] },
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'casemark' },
  };
});

async function fetchSettings(): Promise<ReturnType<typeof readSettings>> {
  if (caps.workspace?.configuration) {
    try {
      return readSettings(await connection.workspace.getConfiguration('casemark'));
    } catch {
      // fall through to what the client passed at start
    }
  }
  return readSettings(initOptions.settings);
}

connection.onInitialized(async () => {
  if (initOptions.cacheFolder) workspace.index.setCacheFolder(initOptions.cacheFolder);
  if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.md' }, { globPattern: '**/.casemark/*.json' }, { globPattern: '**/*.json' }],
    });
  }
  if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'casemark' });
  }
  if (caps.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      workspace.folders = [...workspace.folders.filter((f) => !removed.has(f.uri)), ...toFolders(e.added, null)];
      await workspace.reloadContexts();
      void workspace.index.reindex();
    });
  }
  await workspace.initialize(initialFolders, await fetchSettings());
});

connection.onDidChangeConfiguration(async (change) => {
  await workspace.ready;
  const fromPush = (change?.settings as { casemark?: unknown } | undefined)?.casemark;
  const settings = caps.workspace?.configuration ? await fetchSettings() : readSettings(fromPush);
  await workspace.updateSettings(settings);
});

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  await workspace.ready;
  let contextChanged = false;
  for (const c of changes ?? []) {
    const fsPath = fsPathOf(c.uri);
    if (!fsPath) continue;
    if (workspace.isContextSource(fsPath)) contextChanged = true;
    else if (fsPath.endsWith('.md') && !workspace.isOpen(c.uri)) {
      if (c.type === FileChangeType.Deleted) {
        workspace.index.removeFile(c.uri);
        check.removed(c.uri);
      } else void workspace.index.refreshFile(c.uri).then(() => check.refresh(c.uri));
    }
  }
  if (contextChanged && (await workspace.reloadContexts())) void workspace.index.reindex();
});

documents.onDidOpen((e) => {
  workspace.didOpen(e.document);
  check.opened(e.document.uri);
});
documents.onDidChangeContent((e) => workspace.didChange(e.document));
documents.onDidClose((e) => {
  workspace.didClose(e.document.uri);
  forgetSuggestions(e.document.uri);
  if (!pullDiagnostics) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  // A checked note goes back to showing the problems of its saved text.
  void check.refresh(e.document.uri);
});

/**
 * Every request waits for the lexicons and config (not for the index). A request cancelled
 * by `$/cancelRequest` is answered with the RequestCancelled error instead of a result. Long
 * requests first yield to the event loop, so a cancellation already sent is read before the
 * work starts; their loops check the token too.
 */
function when<P, R>(fn: (p: P, token?: CancellationToken) => R | Promise<R>, long = false) {
  return async (p: P, token?: CancellationToken): Promise<R> => {
    await workspace.ready;
    if (long) await new Promise<void>((resolve) => setImmediate(resolve));
    if (token?.isCancellationRequested) throw cancelled();
    const result = await fn(p, token);
    if (token?.isCancellationRequested) throw cancelled();
    return result;
  };
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

connection.onCompletion(when((p) => service.completion(p)));
connection.onHover(when((p) => service.hover(p)));
connection.onCodeAction(when((p) => service.codeActions(p)));
connection.onDocumentSymbol(when((p) => service.documentSymbols(p), true));
connection.onWorkspaceSymbol(when((p, t) => service.workspaceSymbols(p, t), true));
connection.onDefinition(when((p) => service.definition(p)));
connection.onReferences(when((p, t) => service.references(p, t), true));
connection.onPrepareRename(when((p) => service.prepareRename(p)));
connection.onRenameRequest(when((p) => service.rename(p)));
connection.onFoldingRanges(when((p) => service.foldingRanges(p), true));
connection.onCodeLens(when((p) => service.codeLenses(p), true));
connection.languages.inlayHint.on(when((p) => service.inlayHints(p), true));
connection.languages.semanticTokens.on(when((p) => service.semanticTokens(p), true));
connection.languages.semanticTokens.onRange(when((p) => service.semanticTokens(p), true));
connection.languages.diagnostics.on(
  when(
    (p) => ({
      kind: DocumentDiagnosticReportKind.Full,
      items: workspace.isOpen(p.textDocument.uri) ? service.diagnostics(p.textDocument.uri) : [],
    }),
    true,
  ),
);
connection.onRequest(CasesRequest, when((p) => service.cases(p), true));
connection.onRequest(ExportRequest, when((p, t) => service.export(p, t), true));
connection.onRequest(CompareRequest, when((p) => service.compare(p), true));
connection.onExecuteCommand(when((p) => (p.command === KeepMineCommand ? service.keepMine(p.arguments) : undefined)));
connection.onRequest(
  CheckWorkspaceRequest,
  when(async (_p, token) => check.run(await workspaceProgress(), () => token?.isCancellationRequested === true)),
);
connection.onShutdown(() => workspace.dispose());

documents.listen(connection);
connection.listen();
log(`CaseMark language server started (pid ${process.pid}, ${os.availableParallelism()} cores)`);
