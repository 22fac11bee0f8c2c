import workerSource from 'graph-layout-worker-source';
import { createLayout, type LayoutInput } from '../../core/analysis/graph/layout';
import type { FromLayoutWorker, ToLayoutWorker } from './layout-messages';

/** What a layout is asked for: core/analysis/graph/layout.ts's input. */
export type LayoutRequest = LayoutInput;

export type PositionsCallback = (positions: Float32Array, done: boolean) => void;

/**
 * Runs layouts in a worker made from a Blob of bundled code (worker files loaded from webview
 * resource URLs are unreliable). Falls back to short slices on the main thread when workers are
 * unavailable. A new run supersedes the one before.
 */
export class LayoutClient {
  private worker: Worker | undefined;
  private run = 0;
  private callback: PositionsCallback | undefined;
  private last: LayoutRequest | undefined;
  private paused = false;
  private resumeSlice: (() => void) | undefined;

  constructor() {
    try {
      const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
      this.worker = new Worker(url);
      this.worker.onmessage = (e: MessageEvent<FromLayoutWorker>) => {
        if (e.data.run === this.run) this.callback?.(e.data.positions, e.data.done);
      };
      this.worker.onerror = (e) => {
        // The worker could not run: carry on in the page with the last request.
        e.preventDefault();
        this.worker = undefined;
        if (this.last && this.callback) this.start(this.last, this.callback);
      };
    } catch {
      this.worker = undefined;
    }
  }

  start(request: LayoutRequest, callback: PositionsCallback): void {
    this.run++;
    this.callback = callback;
    const maxTicks = request.count > 3000 ? 200 : 300;
    if (this.worker) {
      this.last = { ...request, links: request.links.slice(), positions: request.positions.slice(), groups: request.groups?.slice() };
      const msg: ToLayoutWorker = { type: 'start', run: this.run, maxTicks, ...request };
      this.worker.postMessage(msg, [request.links.buffer, request.positions.buffer]);
      return;
    }
    const run = this.run;
    const layout = createLayout(request);
    const slice = () => {
      if (run !== this.run) return;
      if (this.paused) {
        this.resumeSlice = slice;
        return;
      }
      const until = performance.now() + 12;
      let alive = true;
      while (alive && performance.now() < until) alive = layout.step(1) && layout.ticksDone < maxTicks;
      const out = new Float32Array(request.count * 2);
      layout.read(out);
      callback(out, !alive);
      if (alive) setTimeout(slice, 16);
    };
    setTimeout(slice, 0);
  }

  /** Holds the layout while the user pans or zooms, so that the page gets the CPU. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    if (this.worker) this.worker.postMessage({ type: 'pause' } satisfies ToLayoutWorker);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.worker) this.worker.postMessage({ type: 'resume' } satisfies ToLayoutWorker);
    const slice = this.resumeSlice;
    this.resumeSlice = undefined;
    if (slice) setTimeout(slice, 0);
  }

  stop(): void {
    this.run++;
    if (this.worker) {
      const msg: ToLayoutWorker = { type: 'stop' };
      this.worker.postMessage(msg);
    }
  }
}
