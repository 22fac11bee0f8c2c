import { QuietTimer } from './quiet-timer';

/**
 * Warms the edit path in a quiet moment, once per server.
 *
 * The first keystrokes in a big file run code the JIT has not compiled yet: in the max-quota account they
 * take 60–90 ms where later ones take ~20 ms. After the server has been quiet for `quietMs`, `step` runs
 * one rehearsed keystroke and its undo (AnalysisHost.rehearseEdit: the file ends as it was) and says
 * whether it could; `count` of them, one per quiet moment, so a request or an edit never waits for more
 * than one (~40–70 ms). Compiled code serves every file, so the rehearsal runs once per server.
 */
export class EditRehearsal {
  private readonly quiet: QuietTimer;
  private left: number;
  private millis = 0;

  constructor(
    private readonly step: () => boolean,
    private readonly done: (count: number, millis: number) => void,
    quietMs = 250,
    private readonly count = 8,
  ) {
    this.left = count;
    this.quiet = new QuietTimer(() => this.run(), quietMs);
  }

  /** The server did some work: the wait for a quiet moment starts again. */
  activity(): void {
    if (this.left > 0) this.quiet.poke();
  }

  dispose(): void {
    this.quiet.dispose();
    this.left = 0;
  }

  private run(): void {
    if (this.left <= 0) return;
    const started = performance.now();
    if (!this.step()) return; // nothing to rehearse now: tried again after the next piece of work
    this.millis += performance.now() - started;
    if (--this.left === 0) this.done(this.count, this.millis);
    else this.activity();
  }
}
