import { parentPort, workerData } from 'node:worker_threads';
import { scanReport } from './engine.js';
import type { ShardMessage, ShardRequest } from './parallel.js';
import { selectRules } from './transforms/index.js';

/** One shard of a parallel scan, in a worker thread: its findings and errors go back as plain data. */
const request = workerData as ShardRequest;
const post = (message: ShardMessage) => parentPort!.postMessage(message);
try {
  const { findings, errors } = await scanReport({
    ...request,
    rules: selectRules(request.ruleIds),
    progress: (done, total) => post({ progress: { done, total } }),
  });
  post({ result: { findings, errors } });
} catch (error) {
  post({ failure: error instanceof Error ? error.message : String(error) });
}
