/**
 * `JSON.stringify(value, null, 4)`'s layout, made from `JSON.stringify(value)` (compact) as UTF-8 bytes: V8's
 * stringifier is four to five times slower with an indent than without (Node 20), and a batch of simulations prints
 * 30 MB of indented JSON. The compact text is re-laid-out byte by byte: strings are copied as they are (every byte of
 * a multi-byte UTF-8 character is 0x80 or above, so none is taken for a bracket, comma, colon or quote), an empty
 * object or array stays `{}` / `[]`, any other opens a line per member at 4 more spaces, a comma ends the line,
 * a colon gets one space after it: exactly what JSON.stringify writes with a gap of 4.
 */

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58, SPACE = 32, LF = 10;
const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;
const GAP = 4;

/** Bytes gathered before they are handed on. */
const CHUNK = 1 << 20;

/**
 * Collects indented JSON as bytes and hands them on in chunks of about 1 MB (`flush` gets a buffer it may keep).
 * A chunk ends between two tokens, never inside a UTF-8 character.
 */
export class IndentedJsonWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private len = 0;

  constructor(private readonly flush: (bytes: Buffer) => void) {}

  /** Appends ASCII text as it is (the brackets and separators around the values). */
  ascii(text: string): void {
    this.room(text.length);
    this.len += this.buf.write(text, this.len, 'latin1');
  }

  /**
   * Appends the members of a compact JSON array or object `compact[from, to)` (its inside, without the brackets),
   * laid out as they would be inside that array at nesting `depth` (1 for the items of a top-level array).
   */
  members(compact: Uint8Array, from: number, to: number, depth: number): void {
    // The chunk and its length are kept in locals, and room is made once per token for the longest token but a
    // string (a bracket, its line feed and indent), rather than per byte: the layout is a third of the output's cost.
    let buf = this.buf;
    let len = this.len;
    for (let i = from; i < to; i++) {
      const c = compact[i];
      if (c === QUOTE) {
        let j = i + 1;
        for (;;) {
          const d = compact[j];
          if (d === BACKSLASH) j += 2;
          else if (d === QUOTE) break;
          else j++;
        }
        const n = j + 1 - i;
        if (n > CHUNK / 4) {
          this.len = len;
          this.bytes(compact, i, j + 1);
          buf = this.buf;
          len = this.len;
        } else {
          if (len + n > buf.length) {
            this.len = len;
            this.room(n);
            buf = this.buf;
            len = this.len;
          }
          if (n < 64) for (let k = i; k <= j; k++) buf[len++] = compact[k];
          else {
            buf.set(compact.subarray(i, j + 1), len);
            len += n;
          }
        }
        i = j;
        continue;
      }
      // Room for the longest token here: a bracket, a line feed and the indent one level deeper.
      const need = 3 + (depth + 1) * GAP;
      if (len + need > buf.length) {
        this.len = len;
        this.room(need);
        buf = this.buf;
        len = this.len;
      }
      switch (c) {
        case OPEN_BRACE:
        case OPEN_BRACKET: {
          const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
          buf[len++] = c;
          if (compact[i + 1] === close) {
            buf[len++] = close;
            i++;
          } else {
            depth++;
            buf[len++] = LF;
            for (let k = depth * GAP; k > 0; k--) buf[len++] = SPACE;
          }
          break;
        }
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          depth--;
          buf[len++] = LF;
          for (let k = depth * GAP; k > 0; k--) buf[len++] = SPACE;
          buf[len++] = c;
          break;
        case COMMA:
          buf[len++] = COMMA;
          buf[len++] = LF;
          for (let k = depth * GAP; k > 0; k--) buf[len++] = SPACE;
          break;
        case COLON:
          buf[len++] = COLON;
          buf[len++] = SPACE;
          break;
        default:
          buf[len++] = c;
      }
    }
    this.len = len;
  }

  /** Hands on what is left. */
  end(): void {
    if (this.len) this.flush(this.buf.subarray(0, this.len));
    this.buf = Buffer.allocUnsafe(0);
    this.len = 0;
  }

  private bytes(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n > CHUNK / 4) {
      // A long string: handed on by itself rather than copied through the chunk.
      if (this.len) this.flush(this.buf.subarray(0, this.len));
      this.buf = Buffer.allocUnsafe(CHUNK);
      this.len = 0;
      this.flush(Buffer.from(src.subarray(from, to)));
      return;
    }
    this.room(n);
    const buf = this.buf;
    let o = this.len;
    if (n < 32) for (let k = from; k < to; k++) buf[o++] = src[k];
    else {
      buf.set(src.subarray(from, to), o);
      o += n;
    }
    this.len = o;
  }

  /** Makes room for `n` more bytes, handing on the chunk when it is full. */
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    if (this.len) this.flush(this.buf.subarray(0, this.len));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
    this.len = 0;
  }
}
