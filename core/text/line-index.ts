import type { Position, Span } from './span';

/** Converts offsets to line/character positions and back for one text. Built once per text version. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    // Jump from one line break to the next with indexOf (fast on large files); CR LF counts once.
    const hasCr = text.includes('\r');
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
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
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
