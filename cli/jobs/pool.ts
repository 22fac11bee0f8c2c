/**
 * A pool of worker threads for the CLI's `--jobs N` (see ARCHITECTURE.md, "The CLI on several cores"). Each
 * worker runs the CLI's own bundle (`startWorker` in worker.ts answers there); a task is a kind and a plain-data
 * payload, its result plain data. Tasks go to whichever worker is free (or to one named worker, for work that
 * needs what that worker kept); a worker has at most `inFlight` tasks at a time, so a main thread busy with its
 * own share still leaves the workers something to do.
 *
 * Failures never hang the caller: an error thrown by a task comes back as that task's rejection, with the
 * error's name, message and code (`revive`); a worker that dies (an uncaught error, running out of memory,
 * `process.exit`) or a message that cannot be read rejects every task not yet answered, and the pool stops.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { UsageError } from '../io';
import { shareDataFiles, type SharedDataFile } from '../../core/data/location';

/** What a worker is started with (`workerData`). */
export interface JobsWorkerData {
  iamWorkbenchJobs: true;
  /** The data files, shared (core/data/location.ts `shareDataFiles`). */
  dataFiles: SharedDataFile[];
}

export interface TaskMessage {
  id: number;
  kind: string;
  payload: unknown;
}

/** An error as it crosses threads. */
export interface JobError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  usage?: boolean;
}

export type ReplyMessage = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: JobError };

interface Task {
  id: number;
  kind: string;
  payload: unknown;
  resolve(value: unknown): void;
  reject(e: Error): void;
  /** Only this worker (index) may run it. */
  pinned?: number;
  /** The worker that ran it. */
  worker?: number;
}

interface Slot {
  index: number;
  worker: Worker;
  running: Map<number, Task>;
  queue: Task[];
}

/** The data files every worker reads (core/data/catalog.ts, managed-policies.ts). */
export const DATA_FILES = ['catalog.data', 'managed-policies.data'];

/**
 * A pool of `size` CLI workers sharing this thread's copy of the data files: read once into shared memory
 * here (throwing here, as an in-process run would, when one is missing), never copied per worker or task.
 */
export function cliPool(size: number): WorkerPool {
  const kept = keptPools?.pools.get(size);
  if (kept && !kept.failed) return kept;
  const workerData: JobsWorkerData = { iamWorkbenchJobs: true, dataFiles: shareDataFiles(DATA_FILES) };
  const pool = new WorkerPool(size, { workerData, script: keptPools?.script, keepOpen: !!keptPools });
  keptPools?.pools.set(size, pool);
  return pool;
}

let keptPools: { script?: string; pools: Map<number, WorkerPool> } | undefined;

/**
 * For tests that run many commands with `--jobs` in one process (starting workers is most of a small run's
 * cost): from now on `cliPool` starts one pool per size and hands it out again, its `close()` leaving it running
 * (a pool that failed is replaced). A worker keeps nothing from one run that the next could read: `check.parse`
 * replaces the file it keeps, `check.index` the index, `diff.load` both sides. `script` is the workers' entry
 * (default `cliEntry()`). Returns what stops every kept pool and goes back to one pool per run.
 */
export function keepCliPools(options: { script?: string } = {}): () => Promise<void> {
  const mine = { script: options.script, pools: new Map<number, WorkerPool>() };
  keptPools = mine;
  return async () => {
    if (keptPools === mine) keptPools = undefined;
    await Promise.all([...mine.pools.values()].map((p) => p.shutdown()));
  };
}

/** Lets messages from the workers in while the main thread works through its own share. */
export function yieldToWorkers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The file a worker thread starts from: the CLI's bundle (dist/cli.js), or cli/main.ts when run from source under tsx. */
export function cliEntry(): string {
  return __filename.endsWith('.ts') ? join(__dirname, '..', 'main.ts') : __filename;
}

/** The error a task's JobError stands for, as the main thread would have thrown it. */
export function revive(e: JobError): Error {
  const out = e.usage ? new UsageError(e.message) : new Error(e.message);
  if (!e.usage) out.name = e.name;
  if (e.code !== undefined) (out as NodeJS.ErrnoException).code = e.code;
  if (e.stack) out.stack = e.stack;
  return out;
}

/** An error as a plain value (see revive). */
export function toJobError(e: unknown): JobError {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return { name: e.name, message: e.message, stack: e.stack, ...(typeof code === 'string' ? { code } : {}), ...(e instanceof UsageError ? { usage: true } : {}) };
  }
  return { name: 'Error', message: String(e) };
}

export interface PoolOptions {
  /** The worker's script (default: the CLI itself, `cliEntry()`). */
  script?: string;
  workerData: unknown;
  /** Tasks a worker holds at once (default 2). */
  inFlight?: number;
  /** `close()` leaves the workers running; `shutdown()` stops them (`keepCliPools`). */
  keepOpen?: boolean;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private failure?: Error;
  private closed = false;
  private readonly inFlight: number;
  private readonly keepOpen: boolean;

  constructor(readonly size: number, options: PoolOptions) {
    this.inFlight = options.inFlight ?? 2;
    this.keepOpen = !!options.keepOpen;
    for (let index = 0; index < size; index++) {
      const script = options.script ?? cliEntry();
      // From source (tests, benchmarks under tsx), the worker registers tsx's require hook before loading the .ts entry.
      const worker = script.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData: options.workerData })
        : new Worker(script, { workerData: options.workerData });
      const slot: Slot = { index, worker, running: new Map(), queue: [] };
      worker.on('message', (m: ReplyMessage) => this.answer(slot, m));
      worker.on('error', (e) => this.fail(new Error(`a worker thread failed${this.describe(slot)}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e })));
      worker.on('messageerror', (e) => this.fail(new Error(`a worker thread's answer could not be read: ${e.message}`)));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`a worker thread stopped unexpectedly (exit code ${code})${this.describe(slot)}`));
      });
      this.slots.push(slot);
    }
  }

  /** Runs a task on any free worker (or on worker `pinned`); resolves to its result and the worker that ran it. */
  run<T>(kind: string, payload: unknown, pinned?: number): Promise<{ result: T; worker: number }> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (this.closed) return reject(new Error('the worker pool is closed'));
      const task: Task = { id: this.nextId++, kind, payload, pinned, resolve: (v) => resolve({ result: v as T, worker: task.worker! }), reject };
      if (pinned !== undefined) this.slots[pinned].queue.push(task);
      else this.queue.push(task);
      this.pump();
    });
  }

  /** True once a worker failed: every task is refused. */
  get failed(): boolean {
    return !!this.failure;
  }

  /** Stops every worker (waits for them to end), unless the pool is kept open. Safe to call twice. */
  async close(): Promise<void> {
    if (this.keepOpen && !this.failure) return;
    await this.shutdown();
  }

  /** Stops every worker (waits for them to end), kept open or not. Safe to call twice. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      // Tasks for one worker go at once (they can't go elsewhere; the main thread may be busy for a while).
      while (slot.queue.length) this.post(slot, slot.queue.shift()!);
      while (slot.running.size < this.inFlight) {
        const task = this.queue.shift();
        if (!task) break;
        this.post(slot, task);
      }
    }
  }

  private post(slot: Slot, task: Task): void {
    task.worker = slot.index;
    slot.running.set(task.id, task);
    slot.worker.postMessage({ id: task.id, kind: task.kind, payload: task.payload } satisfies TaskMessage);
  }

  private answer(slot: Slot, m: ReplyMessage): void {
    const task = slot.running.get(m.id);
    if (!task) return;
    slot.running.delete(m.id);
    if (m.ok) task.resolve(m.result);
    else task.reject(revive(m.error));
    this.pump();
  }

  private describe(slot: Slot): string {
    const t = [...slot.running.values()][0];
    const uri = (t?.payload as { uri?: unknown } | undefined)?.uri;
    return t ? ` while running ${t.kind}${typeof uri === 'string' ? ` on '${uri}'` : ''}` : '';
  }

  /** Rejects every task not answered and stops the pool: one worker gone means the run cannot be completed. */
  private fail(e: Error): void {
    if (this.closed || this.failure) return;
    this.failure = e;
    const pending = [...this.queue, ...this.slots.flatMap((s) => [...s.running.values(), ...s.queue])];
    this.queue.length = 0;
    for (const s of this.slots) {
      s.running.clear();
      s.queue.length = 0;
    }
    for (const t of pending) t.reject(e);
    void this.close();
  }
}
