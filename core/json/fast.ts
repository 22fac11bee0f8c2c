import type { Node, NodeType } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from './depth';
import { jsonNumberEnd } from './scan';

/**
 * A fast reader of well-formed JSON with comments and trailing commas, for large account files. It
 * builds the same tree as jsonc-parser's `parseTree` (types, offsets, lengths, values, children,
 * `colonOffset`) but without `parent` links, with nodes of one shape, and several times faster.
 * It gives up (returns `BAIL`) at anything it does not read exactly as jsonc-parser would: a syntax
 * error, an unusual whitespace character, an unterminated comment. The caller then parses with
 * jsonc-parser, which also reports the errors; so this never changes what a file parses to.
 */

/** A tree node (jsonc-parser's `Node`, without `parent`). Fields are set in one order: one hidden class. */
class LightNode implements Node {
  constructor(
    public type: NodeType,
    public offset: number,
    public length: number,
    public value: unknown,
    public children: Node[] | undefined,
    public colonOffset: number | undefined,
  ) {}
}

/** Returned when the text is not plain well-formed JSONC: parse it with jsonc-parser instead. */
export const BAIL: unique symbol = Symbol('bail');

class Bail extends Error {}
const bail = new Bail();

const SPACE = 32, TAB = 9, LF = 10, CR = 13, SLASH = 47, STAR = 42, QUOTE = 34, BACKSLASH = 92;
const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, COMMA = 44, COLON = 58;

/**
 * The root node (undefined for empty content), or `BAIL`. Objects and arrays at `deferDepth` (the
 * root is at 0) are checked but not built: they come without `children`, and `expandNode` builds them
 * when they are read. A model reader expands one entity at a time, so each entity's nodes die young
 * instead of the whole file's tree living until the end (which is what makes parsing slow: the
 * garbage collector copying a tree of hundreds of thousands of nodes).
 */
export function parseTreeFast(text: string, deferDepth = Infinity): Node | undefined | typeof BAIL {
  return read(text, 0, deferDepth, true);
}

/**
 * A node with all its descendants built: an object or array `parseTreeFast` made (which may hold
 * deferred nodes, or be one) is read again in full; any other node is returned as it is.
 */
export function expandNode(text: string, node: Node): Node {
  if ((node.type !== 'object' && node.type !== 'array') || !(node instanceof LightNode)) return node;
  const full = read(text, node.offset, Infinity, false);
  if (!full || full === BAIL) throw new Error(`expandNode: no value at ${node.offset}`);
  return full;
}

/** A node made outside the reader (a key or property node around a value read by `readValueAt`), of the reader's own shape. */
export function lightNode(type: NodeType, offset: number, length: number, value: unknown, children: Node[] | undefined, colonOffset: number | undefined): Node {
  return new LightNode(type, offset, length, value, children, colonOffset);
}

/**
 * The value that starts at `offset` (no trivia before it), read as if it sat at `depth` (the root is at 0) of a
 * text that `parseTreeFast` reads: built in full when `build`, else only checked (`node` undefined). `end` is where
 * it ends. `BAIL` where `parseTreeFast` would give up on the whole text (a syntax problem, nesting too deep).
 */
export function readValueAt(text: string, offset: number, depth: number, build: boolean): { node: Node | undefined; end: number } | typeof BAIL {
  const r = new TreeReader(text, offset, Infinity);
  r.depth = depth;
  try {
    if (offset >= text.length) return BAIL;
    const node = r.readValue(build);
    return { node, end: r.pos };
  } catch (e) {
    if (e === bail || e instanceof RangeError) return BAIL;
    throw e;
  }
}

function read(text: string, from: number, deferDepth: number, whole: boolean): Node | undefined | typeof BAIL {
  const r = new TreeReader(text, from, deferDepth);
  try {
    r.skipTrivia();
    if (r.pos >= text.length) return undefined;
    const root = r.readValue(true);
    if (!whole) return root;
    r.skipTrivia();
    return r.pos === text.length ? root : BAIL;
  } catch (e) {
    // A syntax problem, or nesting too deep for the stack: jsonc-parser decides.
    if (e === bail || e instanceof RangeError) return BAIL;
    throw e;
  }
}

/** One pass over a text (a class, not closures: nothing is allocated per read but the reader). */
class TreeReader {
  readonly len: number;
  /** Depth of the value being read (the value at `from` is at 0); from `deferDepth` on nothing is built. */
  depth = 0;

  constructor(
    readonly text: string,
    public pos: number,
    readonly deferDepth: number,
  ) {
    this.len = text.length;
  }

  skipTrivia(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === LF || c === CR || c === TAB) pos++;
      else if (c === SLASH) {
        const next = text.charCodeAt(pos + 1);
        if (next === SLASH) {
          pos += 2;
          while (pos < this.len) {
            const d = text.charCodeAt(pos);
            if (d === LF || d === CR) break;
            pos++;
          }
        } else if (next === STAR) {
          const end = text.indexOf('*/', pos + 2);
          if (end < 0) throw bail;
          pos = end + 2;
        } else throw bail;
      } else break;
    }
    this.pos = pos;
  }

  /** A string token; its node only when `build`. */
  readString(build: boolean): LightNode | undefined {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= this.len) throw bail;
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 0x20) throw bail;
      i++;
    }
    const end = i + 1;
    this.pos = end;
    let value: string;
    if (!escaped) {
      if (!build) return undefined;
      value = text.slice(start + 1, i);
    } else {
      // The escapes JSON allows are exactly those jsonc-parser reads; anything else is an error there.
      try {
        value = JSON.parse(text.slice(start, end)) as string;
      } catch {
        throw bail;
      }
      if (!build) return undefined;
    }
    return new LightNode('string', start, end - start, value, undefined, undefined);
  }

  readNumber(build: boolean): LightNode | undefined {
    const start = this.pos;
    const end = jsonNumberEnd(this.text, start);
    if (end < 0) throw bail;
    this.pos = end;
    return build ? new LightNode('number', start, end - start, Number(this.text.slice(start, end)), undefined, undefined) : undefined;
  }

  readWord(word: string, type: NodeType, value: unknown, build: boolean): LightNode | undefined {
    const start = this.pos;
    if (!this.text.startsWith(word, start)) throw bail;
    this.pos = start + word.length;
    return build ? new LightNode(type, start, word.length, value, undefined, undefined) : undefined;
  }

  /** The value at `pos`. Built when `build`; a container at `deferDepth` is checked and stands as a node without children. */
  readValue(build: boolean): LightNode | undefined {
    switch (this.text.charCodeAt(this.pos)) {
      case OPEN_BRACE:
        return this.readContainer('object', build);
      case OPEN_BRACKET:
        return this.readContainer('array', build);
      case QUOTE:
        return this.readString(build);
      case 116: // t
        return this.readWord('true', 'boolean', true, build);
      case 102: // f
        return this.readWord('false', 'boolean', false, build);
      case 110: // n
        return this.readWord('null', 'null', null, build);
      default:
        return this.readNumber(build);
    }
  }

  readContainer(type: 'object' | 'array', build: boolean): LightNode | undefined {
    const start = this.pos;
    const deferred = build && this.depth >= this.deferDepth;
    const buildChildren = build && !deferred;
    // Deeper than any reader accepts: jsonc-parser's path reports it (parseJson), without recursing.
    if (this.depth >= MAX_JSON_DEPTH) throw bail;
    this.depth++;
    const children = type === 'object' ? this.readProperties(buildChildren) : this.readItems(buildChildren);
    this.depth--;
    if (!build) return undefined;
    return new LightNode(type, start, this.pos - start, undefined, deferred ? undefined : children, undefined);
  }

  readProperties(build: boolean): Node[] | undefined {
    const text = this.text;
    const children: Node[] | undefined = build ? [] : undefined;
    this.pos++;
    this.skipTrivia();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACE) {
      for (;;) {
        if (text.charCodeAt(this.pos) !== QUOTE) throw bail;
        const keyStart = this.pos;
        const key = this.readString(build);
        this.skipTrivia();
        if (text.charCodeAt(this.pos) !== COLON) throw bail;
        const colon = this.pos;
        this.pos++;
        this.skipTrivia();
        const value = this.readValue(build);
        if (children) children.push(new LightNode('property', keyStart, this.pos - keyStart, undefined, [key!, value!], colon));
        if (this.endOfMember(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    return children;
  }

  /**
   * After a member of an object or array: true at the container's end (`close`, a trailing comma
   * allowed), false after a comma with more to come. Anything else bails out to jsonc-parser.
   */
  endOfMember(close: number): boolean {
    const text = this.text;
    this.skipTrivia();
    const c = text.charCodeAt(this.pos);
    if (c === close) return true;
    if (c !== COMMA) throw bail;
    this.pos++;
    this.skipTrivia();
    return text.charCodeAt(this.pos) === close; // a trailing comma
  }

  readItems(build: boolean): Node[] | undefined {
    const text = this.text;
    const children: Node[] | undefined = build ? [] : undefined;
    this.pos++;
    this.skipTrivia();
    if (text.charCodeAt(this.pos) !== CLOSE_BRACKET) {
      for (;;) {
        const item = this.readValue(build);
        if (children) children.push(item!);
        if (this.endOfMember(CLOSE_BRACKET)) break;
      }
    }
    this.pos++;
    return children;
  }
}
