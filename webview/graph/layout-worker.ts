// The layout worker: runs d3-force off the main thread and streams positions back.
// Bundled on its own and started from a Blob URL by layout-client.ts.
import { createLayout, type Layout } from '../../core/analysis/graph/layout';
import type { FromLayoutWorker, ToLayoutWorker } from './layout-messages';

interface Run {
  id: number;
  layout: Layout;
  count: number;
  maxTicks: number;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ToLayoutWorker>) => void) | null;
  postMessage(message: FromLayoutWorker, transfer: Transferable[]): void;
};
let current: Run | undefined;
let paused = false;
let waiting = false;

function loop(run: Run): void {
  if (current !== run) return;
  if (paused) {
    waiting = true;
    return;
  }
  const until = performance.now() + 30;
  let alive = true;
  while (alive && performance.now() < until) {
    alive = run.layout.step(1) && run.layout.ticksDone < run.maxTicks;
  }
  const positions = new Float32Array(run.count * 2);
  run.layout.read(positions);
  scope.postMessage({ type: 'positions', run: run.id, positions, done: !alive, ticks: run.layout.ticksDone }, [positions.buffer]);
  if (alive) setTimeout(() => loop(run), 0);
  else current = undefined;
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'stop') {
    current = undefined;
    return;
  }
  if (msg.type === 'pause') {
    paused = true;
    return;
  }
  if (msg.type === 'resume') {
    paused = false;
    const run = current;
    if (waiting && run) {
      waiting = false;
      setTimeout(() => loop(run), 0);
    }
    return;
  }
  const layout = createLayout({ count: msg.count, links: msg.links, positions: msg.positions, alpha: msg.alpha, pinned: msg.pinned, groups: msg.groups });
  current = { id: msg.run, layout, count: msg.count, maxTicks: msg.maxTicks };
  waiting = false;
  const run = current;
  setTimeout(() => loop(run), 0);
};
