import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { QuietTimer } from './quiet-timer';

/**
 * Gives memory back in the pauses between keystrokes, never in a keystroke's path.
 *
 * Every keystroke in a big document makes its whole new text (server/text-document.ts: a 5.4 MB external string in
 * the max-quota account), and the analysis leaves garbage in the heap too. A text lives until the next keystroke or
 * two, so it is old by then, and only a full collection frees it; V8 runs one on its own once ~64 MB of such texts
 * have piled up (its external-memory limit), which with the heap's own growth put the server ~150 MB above what it
 * holds. Here, once no message has come in and no work has run for `idleMs` (each message, request, analysis step
 * starts the wait again), if the old generation and the external memory together have grown by `growth` bytes or
 * more since the last full collection, the server collects in full: ~50–90 ms on the 5.4 MB account, in a pause
 * (a key typed meanwhile waits for its end). Keystrokes that come back to back (each as soon as the last one's
 * diagnostics arrive) never leave such a pause, so they never wait for it. The check runs one turn of the event
 * loop after the timer: input that arrived meanwhile (read in the loop's poll phase, before that turn's
 * immediates) and work still scheduled (`pending`) call it off. Keystrokes back to back leave no pause at all: once
 * memory has grown by `pressure` (48 MB), the collector collects as soon as the work in hand has ended, and the key
 * already waiting waits for it.
 */
export interface IdleCollectorOptions {
  /** Bytes in use (old generation + external memory; `memoryInUse`). */
  memory?: () => number;
  /** Quiet time before a collection, ms. */
  idleMs?: number;
  /** Growth since the last full collection that makes one worth it, bytes. */
  growth?: number;
  /** True while work is queued (an analysis waiting or running): no collection then. */
  pending?: () => boolean;
  /** Runs a function one turn of the event loop later (setImmediate; tests pass their own). */
  defer?: (fn: () => void) => void;
  /** Told after each collection: bytes in use before and after, and its duration. */
  collected?: (before: number, after: number, ms: number) => void;
  /**
   * Growth since the last full collection at which the server collects without waiting for a pause: once the work
   * in hand has ended (nothing `pending`), even if input is waiting, bytes; 0 or absent: never.
   */
  pressure?: number;
}

/** The defaults: a pause of 25 ms (a fast typist's keys come every ~120 ms, a round takes 20–30 ms; back-to-back keys come within ~1 ms of the diagnostics), 32 MB grown (four to six keystrokes in the 5.4 MB account). */
export const IDLE_MS = 25;
export const IDLE_GROWTH = 32 * 1024 * 1024;
/**
 * Growth at which the server collects between two keystrokes that leave no pause (IdleCollectorOptions.pressure): 48 MB,
 * about eight keystrokes' texts and garbage in the max-quota account. Keys typed back to back otherwise let texts pile
 * up until V8's own limits: the server's RSS peaked at 387–428 MB on Node 24 and 287–406 MB on Node 20; with 48 MB,
 * 272–282 MB on Node 24, for one ~60 ms wait every eight or so keystrokes (64 MB: 289–306 MB, 32 MB: 260–272 MB for
 * more CPU; docs/benchmarks.md, "Issue 20: the server's memory on every runtime").
 */
export const PRESSURE_GROWTH = 48 * 1024 * 1024;

/**
 * The old generation's heap in use plus the external memory V8 counts (big texts' characters, buffers): what only a
 * full collection gives back. The young generation is left out: it is mostly garbage that scavenges free anyway.
 */
export function memoryInUse(): number {
  const s = getHeapStatistics() as ReturnType<typeof getHeapStatistics> & { external_memory?: number };
  let young = 0;
  for (const space of getHeapSpaceStatistics()) if (space.space_name.startsWith('new_')) young += space.space_used_size;
  return s.used_heap_size - young + (s.external_memory ?? 0);
}

export class IdleCollector {
  private readonly quiet: QuietTimer;
  /** Memory in use right after the last full collection: what the workspace really holds. */
  private live = 0;
  /** Work or input since the quiet timer last fired. */
  private stirred = false;
  private disposed = false;
  private readonly memory: () => number;
  private readonly growth: number;
  private readonly pending: () => boolean;
  private readonly defer: (fn: () => void) => void;
  private readonly pressure: number;
  /** A growth check under pressure is waiting for its turn. */
  private pressureCheck = false;
  /** Collections run so far. */
  count = 0;

  constructor(
    private readonly collect: () => void,
    private readonly options: IdleCollectorOptions = {},
  ) {
    this.memory = options.memory ?? memoryInUse;
    this.growth = options.growth ?? IDLE_GROWTH;
    this.pending = options.pending ?? (() => false);
    this.defer = options.defer ?? ((fn) => void setImmediate(fn));
    this.pressure = options.pressure ?? 0;
    this.quiet = new QuietTimer(() => this.quietFor(), options.idleMs ?? IDLE_MS);
  }

  /** A message came in or the server did some work: the wait for a pause starts again. */
  activity(): void {
    this.stirred = true;
    this.quiet.poke();
    if (this.pressure > 0 && !this.pressureCheck) {
      // Keystrokes back to back leave no pause: one turn later, between two pieces of work, look at the growth.
      this.pressureCheck = true;
      this.defer(() => {
        this.pressureCheck = false;
        if (this.disposed || this.pending()) return;
        const before = this.memory();
        if (before - this.live >= this.pressure) this.collectNow(before);
      });
    }
  }

  /** Stops waiting (the server is shutting down). */
  dispose(): void {
    this.disposed = true;
    this.quiet.dispose();
  }

  private quietFor(): void {
    this.stirred = false;
    // One turn later: what came in meanwhile has been read (and calls activity()), queued work shows in pending().
    this.defer(() => {
      if (this.disposed || this.stirred) return; // input came in: its activity() started the wait again
      if (this.pending()) {
        // Work is queued: look again after another pause, so that a collection never waits on some later activity
        // (work that ends without one would otherwise leave the server uncollected until the next message).
        this.quiet.poke();
        return;
      }
      const before = this.memory();
      // A growth of 0 collects at every pause, even when memory is below what the last collection left (V8's own
      // collections since may have freed what was still referenced then): "below" must not mean "never again".
      if (this.growth > 0 && before - this.live < this.growth) return;
      this.collectNow(before);
    });
  }

  private collectNow(before: number): void {
    const t0 = performance.now();
    this.collect();
    this.count++;
    this.live = this.memory();
    this.options.collected?.(before, this.live, performance.now() - t0);
  }
}

/**
 * Calls `onInput` whenever bytes of a message arrive (stdio) or a message does (IPC), before the LSP library queues
 * it: the collector then knows of input it has not handled yet.
 */
export function watchInput(onInput: () => void): void {
  if (process.argv.includes('--stdio')) process.stdin.on('data', onInput);
  else if (process.send) process.on('message', onInput);
}

/**
 * V8's full collection, or undefined where it can't be had. Node hides `gc` unless started with
 * --expose-gc; the flag set at run time makes it available in a new context (the same way test
 * runners get it for leak checks).
 */
export function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => gc() : undefined;
  } catch {
    return undefined;
  }
}

/** The settings, with overrides from the environment for measurements (IAM_WORKBENCH_IDLE_GC_MS, IAM_WORKBENCH_IDLE_GC_MB, IAM_WORKBENCH_PRESSURE_GC_MB (0: never); "off" disables). */
export function idleSettings(env: NodeJS.ProcessEnv = process.env): { idleMs: number; growth: number; pressure: number } | undefined {
  if (env.IAM_WORKBENCH_IDLE_GC_MS === 'off') return undefined;
  const ms = Number(env.IAM_WORKBENCH_IDLE_GC_MS);
  const mb = Number(env.IAM_WORKBENCH_IDLE_GC_MB);
  const pressure = Number(env.IAM_WORKBENCH_PRESSURE_GC_MB);
  return {
    idleMs: env.IAM_WORKBENCH_IDLE_GC_MS && ms >= 0 ? ms : IDLE_MS,
    growth: env.IAM_WORKBENCH_IDLE_GC_MB && mb >= 0 ? mb * 1024 * 1024 : IDLE_GROWTH,
    pressure: env.IAM_WORKBENCH_PRESSURE_GC_MB && pressure >= 0 ? pressure * 1024 * 1024 : PRESSURE_GROWTH,
  };
}
