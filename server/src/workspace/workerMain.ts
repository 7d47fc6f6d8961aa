// Entry point of an analysis worker thread (bundled as server/out/worker.js): receives
// contexts and file tasks from analyzer.ts and answers each with its result.
import { parentPort } from 'node:worker_threads';
import { ContextTable, handleRequest, type WorkerRequest, type WorkerResponse } from './analyzer.ts';

const table = new ContextTable();
const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    handleRequest(table, req).then(
      (value) => {
        if (req.type !== 'context') port.postMessage({ type: 'done', id: req.id, value } satisfies WorkerResponse);
      },
      (e: unknown) => {
        if (req.type !== 'context') port.postMessage({ type: 'failed', id: req.id, message: e instanceof Error ? e.message : String(e) } satisfies WorkerResponse);
      },
    );
  });
}
