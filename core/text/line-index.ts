import type { Position, Span } from './span';

/** Converts offsets to line/character positions and back for one text. Built once per text version. */
export class LineIndex {
  /** Offsets at which lines start (offsets fit in 32 bits: files are capped well below 2 GB). */
  private readonly starts: Int32Array;
  /** True when the text has CR line breaks (CR LF or CR alone). */
  private readonly hasCr: boolean;

  constructor(readonly text: string, lineStarts?: Int32Array, hasCr = text.includes('\r')) {
    this.hasCr = hasCr;
    if (lineStarts) {
      this.starts = lineStarts;
      return;
    }
    const starts = [0];
    // Jump from one line break to the next with indexOf (fast on large files); CR LF counts once.
    let i = 0;
    for (;;) {
      let nl = text.indexOf('\n', i);
      if (hasCr) {
        const cr = text.indexOf('\r', i);
        if (cr >= 0 && (nl < 0 || cr < nl)) nl = text.charCodeAt(cr + 1) === 10 ? cr + 1 : cr;
      }
      if (nl < 0) break;
      starts.push(nl + 1);
      i = nl + 1;
    }
    this.starts = Int32Array.from(starts);
  }

  /**
   * The index of `text`, made from `old` (the index of the text before one edit: `old.text[start, oldEnd)`
   * became `text[start, newEnd)`): lines before the edit are kept, lines after it move, and only the
   * edited range is scanned. Texts with CR line breaks are indexed again in full. `consume`: `old` is given up (the
   * incremental re-parse consumes the previous model), so an edit that keeps the number of lines moves its table in place.
   */
  static afterEdit(old: LineIndex, text: string, start: number, oldEnd: number, newEnd: number, consume = false): LineIndex {
    if (old.hasCr || text.slice(start, newEnd).includes('\r')) return new LineIndex(text);
    const before = old.starts;
    // Line starts s <= start are unchanged (their break sits before the edit); s > oldEnd move.
    let lo = 0;
    let hi = before.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before[mid] <= start) lo = mid + 1;
      else hi = mid;
    }
    const added: number[] = [];
    for (let nl = text.indexOf('\n', start); nl >= 0 && nl < newEnd; nl = text.indexOf('\n', nl + 1)) added.push(nl + 1);
    let after = lo;
    while (after < before.length && before[after] <= oldEnd) after++;
    const delta = newEnd - oldEnd;
    if (consume && added.length === after - lo) {
      // As many lines as before (most keystrokes): the table is moved in place, not copied (a 0.9 MB table per
      // keystroke in the max-quota account). `old` then indexes nothing right: the caller gives it up.
      for (let i = 0; i < added.length; i++) before[lo + i] = added[i];
      if (delta !== 0) for (let i = after; i < before.length; i++) before[i] += delta;
      return new LineIndex(text, before, false);
    }
    const starts = new Int32Array(lo + added.length + before.length - after);
    starts.set(before.subarray(0, lo));
    starts.set(added, lo);
    for (let i = after, j = lo + added.length; i < before.length; i++, j++) starts[j] = before[i] + delta;
    return new LineIndex(text, starts, false);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, character: o - this.starts[line] };
  }

  /** Whether `positionAt(offset)` is `line`, `character`, without making the position (a keystroke compares thousands). */
  isAt(offset: number, line: number, character: number): boolean {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const at = this.lineOf(o);
    return at === line && o - this.starts[at] === character;
  }

  /** The line holding offset `o` (within the text): a binary search over the line starts. */
  private lineOf(o: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, next));
  }

  rangeOf(s: Span): { start: Position; end: Position } {
    return { start: this.positionAt(s.start), end: this.positionAt(s.end) };
  }
}
