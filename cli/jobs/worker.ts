/**
 * The worker side of `--jobs` (pool.ts): a worker thread running the CLI's bundle answers tasks here, one at a
 * time, in the order they arrive. The handlers are the commands' task functions (check-tasks.ts, ...); what a
 * worker keeps between tasks (an account it parsed) lives in their modules.
 */
import { parentPort, workerData, isMainThread } from 'node:worker_threads';
import { useSharedDataFiles } from '../../core/data/location';
import { toJobError, type JobsWorkerData, type ReplyMessage, type TaskMessage } from './pool';
import { CHECK_TASKS } from './check-tasks';
import { DIFF_TASKS } from './diff-tasks';
import { WHO_CAN_TASKS } from './who-can-tasks';
import { getCatalog } from '../../core/data/catalog';
import { getManagedPolicy } from '../../core/data/managed-policies';

/**
 * `data.load`: loads both data files and looks one action and one policy up (what any task's first use costs);
 * answers the milliseconds and whether the bytes came from shared memory. For `npm run bench:jobs`.
 */
function loadData(): { ms: number; shared: boolean } {
  const t0 = performance.now();
  getCatalog().service('s3');
  getManagedPolicy('ReadOnlyAccess');
  return { ms: performance.now() - t0, shared: (workerData as JobsWorkerData).dataFiles.length > 0 };
}

const HANDLERS: Record<string, (payload: never) => unknown> = { ...CHECK_TASKS, ...DIFF_TASKS, ...WHO_CAN_TASKS, 'data.load': loadData };

/** True in a worker thread the pool started. */
export function isJobsWorker(): boolean {
  return !isMainThread && !!(workerData as Partial<JobsWorkerData> | undefined)?.iamWorkbenchJobs;
}

export function startWorker(): void {
  const data = workerData as JobsWorkerData;
  useSharedDataFiles(data.dataFiles);
  const port = parentPort!;
  port.on('message', (m: TaskMessage) => {
    let reply: ReplyMessage;
    try {
      const handler = HANDLERS[m.kind];
      if (!handler) throw new Error(`unknown task '${m.kind}'`);
      reply = { id: m.id, ok: true, result: handler(m.payload as never) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: toJobError(e) };
    }
    port.postMessage(reply);
  });
}
