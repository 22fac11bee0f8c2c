import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { QuietTimer } from './quiet-timer';

/**
 * Gives memory back once the editor goes quiet.
 *
 * Every keystroke replaces a document's whole text (the document manager builds a new string), and a
 * text that was current when V8 last collected its young generation moves to the old one, where only a
 * full collection frees it. In a 5 MB account that is ~5 MB every few keystrokes; hovers and analyses
 * leave garbage too. V8 gives it back when its own heuristics next run a full collection: sometimes many
 * seconds later, sometimes not while the editor is quiet, so the server could sit at twice its size.
 * Here, `idleMs` after the last piece of work (an edit, a request), if the heap has grown by more than
 * `growth` bytes since the last full collection, the server collects in full, once (~50 ms for the
 * 5 MB account; small workspaces never get there).
 */
export class IdleCollector {
  private readonly quiet: QuietTimer;
  /** Heap in use right after the last full collection: what the workspace really holds. */
  private live = 0;

  constructor(
    private readonly collect: () => void,
    private readonly heapUsed: () => number = () => getHeapStatistics().used_heap_size,
    idleMs = 2000,
    private readonly growth = 32 * 1024 * 1024,
  ) {
    this.quiet = new QuietTimer(() => this.idle(), idleMs);
  }

  /** The server did some work: the wait for a pause starts again. */
  activity(): void {
    this.quiet.poke();
  }

  /** Stops waiting (the server is shutting down). */
  dispose(): void {
    this.quiet.dispose();
  }

  private idle(): void {
    if (this.heapUsed() - this.live < this.growth) return;
    this.collect();
    this.live = this.heapUsed();
  }
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
