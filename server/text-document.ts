import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { composeChanges, type TextChange } from '../core/ide/incremental';

/**
 * An open document's text as the editor's incremental changes make it, without copying the text per change.
 *
 * The LSP library's document (vscode-languageserver-textdocument) reads characters of the new text right after each
 * change (a CR LF check, and `offsetAt` backing off a line's end): in V8 that flattens the concatenation, copying
 * the whole text into new memory on every change. On the 5 MB max-quota account that was ~30 ms a change on this
 * machine (fresh pages fault in at ~15 µs each), and ~5 MB of garbage a change for the old-generation collector.
 * Here a change builds the new text as a concatenation and touches none of its characters; the analysis that reads
 * it next flattens it once, however many changes came before it. In a text without CR, line ends are known from
 * the line table alone (a line ends with the "\n" before the next line's start); a text with CR reads characters,
 * as the library does. A change that changes nothing (an empty range replaced by nothing, or a range by its own
 * text) leaves the text as it is: same string, no copy.
 *
 * Positions follow the LSP rules the library follows: characters count UTF-16 code units, a position past a line's
 * end means its end (before its line break), and a line past the last means the text's end.
 */
/** Texts from this length on are made in a buffer (see `spliced`); Node makes strings external from ~1 MB (its EXTERN_APEX). */
const EXTERNAL_MIN_LENGTH = 1 << 20;
/** A character that does not fit in one byte (beyond Latin-1). */
const WIDE = /[^\u0000-\u00ff]/;

export class EditedDocument {
  private content: string;
  /** Offsets at which lines start, updated in place by changes; undefined until needed (or after a CR change). */
  private lineStarts: number[] | undefined;
  /** True when the text may contain CR (line ends are then read from the text). */
  private hasCr: boolean;
  /** True when every character of a big text fits in one byte (Latin-1): its buffer takes one byte a character. */
  private oneByte: boolean;
  /** Where a big text's next version is written (see `spliced`). */
  private scratch: Buffer | undefined;
  /** Where the last `update` changed the text, in offsets of the text before it and after it; null: not known (whole text). */
  lastChange: TextChange | null | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    this.content = content;
    this.hasCr = content.includes('\r');
    this.oneByte = !WIDE.test(content);
  }

  getText(range?: Range): string {
    if (!range) return this.content;
    return this.content.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  get lineCount(): number {
    return this.lines().length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.content.length));
    const starts = this.lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // Inside a CR LF pair: the position is the line's end, before the CR (as the library puts it).
    const at = this.hasCr ? this.beforeEol(o, starts[lo]) : o;
    return { line: lo, character: at - starts[lo] };
  }

  offsetAt(position: Position): number {
    const starts = this.lines();
    if (position.line >= starts.length) return this.content.length;
    if (position.line < 0) return 0;
    const lineStart = starts[position.line];
    if (position.character <= 0) return lineStart;
    const last = position.line + 1 >= starts.length;
    const next = last ? this.content.length : starts[position.line + 1];
    const offset = Math.min(lineStart + position.character, next);
    if (this.hasCr) return this.beforeEol(offset, lineStart);
    // No CR: a line other than the last ends with one "\n", just before the next line's start.
    return !last && offset === next ? next - 1 : offset;
  }

  /**
   * Applies the editor's changes in order (LSP: each change's range is in the text the previous one left) and sets
   * the version. `lastChange` covers them all, composed (null when one replaced the whole text).
   */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    let change: TextChange | null | undefined;
    for (const c of changes) {
      if (!('range' in c) || !c.range) {
        this.content = c.text;
        this.hasCr = c.text.includes('\r');
        this.oneByte = !WIDE.test(c.text);
        this.lineStarts = undefined;
        change = null;
        continue;
      }
      const a = this.offsetAt(c.range.start);
      const b = this.offsetAt(c.range.end);
      const start = Math.min(a, b);
      const end = Math.max(a, b);
      // Nothing changes (an empty edit, or a range replaced by the same text): the text stays the same string.
      if (c.text.length === end - start && (start === end || this.content.substring(start, end) === c.text)) continue;
      const startLine = this.lineStarts ? this.positionAt(start).line : 0;
      const endLine = this.lineStarts ? this.positionAt(end).line : 0;
      this.content = this.spliced(start, end, c.text);
      if (c.text.includes('\r')) this.hasCr = true;
      if (this.hasCr) this.lineStarts = undefined;
      else if (this.lineStarts) spliceLines(this.lineStarts, startLine, endLine, c.text, start, c.text.length - (end - start));
      const one = { start, oldEnd: end, newEnd: start + c.text.length };
      if (change !== null) change = change ? composeChanges(change, one) : one;
    }
    this.version = version;
    this.lastChange = change;
  }

  /**
   * The text with `[start, end)` replaced by `text`. A big text is written into the document's own buffer (kept
   * between changes: its memory is already mapped) and read back as one string, which Node makes an external one
   * (its characters in memory the C library hands out, reused once old texts are collected): no fresh pages fault
   * in for V8's large-object space, and V8 counts that memory, collecting old texts after ~64 MB of them instead of
   * letting them pile up in its old generation. A small text is concatenated.
   */
  private spliced(start: number, end: number, text: string): string {
    const old = this.content;
    const length = old.length - (end - start) + text.length;
    if (length < EXTERNAL_MIN_LENGTH) {
      this.scratch = undefined;
      return old.substring(0, start) + text + old.substring(end);
    }
    if (this.oneByte && WIDE.test(text)) this.oneByte = false;
    const encoding = this.oneByte ? 'latin1' : 'utf16le';
    const bytes = length * (this.oneByte ? 1 : 2);
    if (!this.scratch || this.scratch.length < bytes) this.scratch = Buffer.allocUnsafeSlow(Math.ceil(bytes * 1.125));
    const buffer = this.scratch;
    let at = buffer.write(old.substring(0, start), 0, encoding);
    at += buffer.write(text, at, encoding);
    buffer.write(old.substring(end), at, encoding);
    return buffer.toString(encoding, 0, bytes);
  }

  /** The line starts, built on first use (the one full scan of the text, which flattens it). */
  private lines(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const text = this.content;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
    return starts;
  }

  /** `offset` moved back before the line break it is in or after (CR, LF), not before the line's start. */
  private beforeEol(offset: number, lineStart: number): number {
    while (offset > lineStart) {
      const ch = this.content.charCodeAt(offset - 1);
      if (ch !== 10 && ch !== 13) break;
      offset--;
    }
    return offset;
  }
}

/**
 * The line table after `text` replaced the range from line `startLine` to line `endLine` (no CR anywhere): the lines
 * starting inside the range go, those the new text starts come in, and later ones move by `delta`.
 */
function spliceLines(starts: number[], startLine: number, endLine: number, text: string, at: number, delta: number): void {
  const added: number[] = [];
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) added.push(at + nl + 1);
  if (added.length === endLine - startLine) for (let i = 0; i < added.length; i++) starts[startLine + 1 + i] = added[i];
  else if (added.length < 10_000) starts.splice(startLine + 1, endLine - startLine, ...added);
  else {
    // A big paste: spread arguments have a limit; the table is rebuilt from its three parts.
    const after = starts.slice(endLine + 1);
    starts.length = startLine + 1;
    for (const s of added) starts.push(s);
    for (const s of after) starts.push(s);
  }
  if (delta !== 0) for (let i = startLine + 1 + added.length; i < starts.length; i++) starts[i] += delta;
}
