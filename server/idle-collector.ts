import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives the memory of replaced document texts back once typing stops.
 *
 * Every keystroke replaces a document's whole text (the document manager builds a new string), and a
 * text that was current when V8 last collected its young generation is moved to the old one, where
 * only a full collection frees it. In a 5 MB account that is ~5 MB per few keystrokes: the server's
 * memory climbs by hundreds of MB while someone types, and V8 gives it back only when its own
 * heuristics next run a full collection, sometimes many seconds later, sometimes not at all while the
 * editor is quiet. So once enough text has been replaced (`threshold` characters: small files never
 * get there) and no edit has come for `idleMs`, the server collects in full, once (~50 ms for the
 * 5 MB account, in a pause of the user's typing).
 */
export class IdleCollector {
  private replacedChars = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly collect: () => void,
    private readonly idleMs = 2000,
    private readonly threshold = 32 * 1024 * 1024,
  ) {}

  /** A text of `length` characters was replaced by an edit: (re)starts the wait for a pause. */
  replaced(length: number): void {
    this.replacedChars += length;
    if (this.replacedChars < this.threshold) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), this.idleMs);
    this.timer.unref?.();
  }

  /** Stops waiting (the server is shutting down). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.timer = undefined;
    this.replacedChars = 0;
    this.collect();
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
