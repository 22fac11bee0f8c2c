/**
 * A one-pass reader of policy documents written the usual way: strict JSON (no comments, no trailing commas),
 * an object of Version, Id and Statement, statements of Sid, Effect, Action, NotAction, Resource, NotResource and
 * Condition with values of the right types, no key written twice. It builds the `PolicyDocument` that
 * `parsePolicyNode` builds from a tree (the same values, spans and arrays), straight from the text, without the tree
 * and its property lists; `json` is made by the general reader when first read (`lazyJson`). Anything else (a Principal, a syntax or type
 * error, an unknown or repeated key, a document larger than the limit) gives `undefined`: `parsePolicyText` then
 * reads the text the general way, which also words the findings. So this never changes what a text parses to; it
 * makes the common case cheap (a batch of 10,000 simulations reads 17,000 such documents).
 */
import type { ConditionEntry, ConditionScalar, PolicyDocument, PolicyKind, Statement, StringList } from './types';
import type { Located, Span } from '../text/span';
import { parseJsonLight, plainValue } from '../json/tree';
import { jsonNumberEnd } from '../json/scan';

const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58, SPACE = 32, TAB = 9, LF = 10, CR = 13;
const OPEN_BRACE = 123, CLOSE_BRACE = 125, OPEN_BRACKET = 91, CLOSE_BRACKET = 93;

/** Thrown (one shared value) when the text is not of the common shape. */
const BAIL: unique symbol = Symbol('bail');

/** The document, or undefined when the text needs the general reader. */
export function parsePolicyTextFast(text: string, uri: string, kind: PolicyKind, maxChars: number): PolicyDocument | undefined {
  if (text.length > maxChars) return undefined;
  try {
    return new Reader(text).document(uri, kind);
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

const DOC_KEYS: Record<string, number> = { Version: 1, Id: 2, Statement: 4 };
const STATEMENT_KEYS: Record<string, number> = { Sid: 1, Effect: 2, Action: 4, NotAction: 8, Resource: 16, NotResource: 32, Condition: 64 };
const LIST_FIELDS = { Action: 'action', NotAction: 'notAction', Resource: 'resource', NotResource: 'notResource' } as const;

class Reader {
  pos = 0;
  /** Start and end of the last string read (quotes included). */
  start = 0;
  end = 0;

  constructor(readonly text: string) {}

  document(uri: string, kind: PolicyKind): PolicyDocument {
    this.ws();
    const start = this.pos;
    this.expect(OPEN_BRACE);
    const doc = { statements: [] as Statement[], span: { start, end: 0 }, uri, kind, findings: [] } as unknown as PolicyDocument;
    let seen = 0;
    this.ws();
    if (this.at() !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        const bit = Object.prototype.hasOwnProperty.call(DOC_KEYS, key) ? DOC_KEYS[key] : 0;
        if (!bit || seen & bit) throw BAIL;
        seen |= bit;
        if (key === 'Statement') {
          const vs = this.pos;
          const c = this.at();
          if (c === OPEN_BRACE) {
            doc.statements.push(this.statement(0));
          } else if (c === OPEN_BRACKET) {
            this.pos++;
            this.ws();
            if (this.at() !== CLOSE_BRACKET) {
              for (;;) {
                if (this.at() !== OPEN_BRACE) throw BAIL;
                doc.statements.push(this.statement(doc.statements.length));
                if (this.next(CLOSE_BRACKET)) break;
              }
            }
            this.pos++;
            doc.statements = doc.statements.length ? doc.statements.slice() : doc.statements;
          } else throw BAIL;
          doc.statementSpan = { start: vs, end: this.pos };
        } else {
          const value = this.string();
          const located = { value, span: { start: this.start, end: this.end } };
          if (key === 'Version') doc.version = located;
          else doc.id = located;
        }
        if (this.next(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    doc.span.end = this.pos;
    this.ws();
    if (this.pos !== this.text.length) throw BAIL;
    lazyJson(doc, this.text, uri);
    return doc;
  }

  statement(index: number): Statement {
    const st: Statement = { index, conditions: [], span: { start: this.pos, end: 0 } };
    this.pos++;
    let seen = 0;
    this.ws();
    if (this.at() !== CLOSE_BRACE) {
      for (;;) {
        const key = this.key();
        const bit = Object.prototype.hasOwnProperty.call(STATEMENT_KEYS, key) ? STATEMENT_KEYS[key] : 0;
        if (!bit || seen & bit) throw BAIL;
        seen |= bit;
        switch (key) {
          case 'Sid':
          case 'Effect': {
            const value = this.string();
            const located = { value, span: { start: this.start, end: this.end } };
            if (key === 'Sid') st.sid = located;
            else st.effect = located;
            break;
          }
          case 'Condition':
            if (this.at() !== OPEN_BRACE) throw BAIL;
            st.conditions = this.conditions();
            st.conditionSpan = this.lastSpan;
            break;
          default:
            st[LIST_FIELDS[key as keyof typeof LIST_FIELDS]] = this.stringList();
        }
        if (this.next(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    st.span.end = this.pos;
    return st;
  }

  stringList(): StringList {
    const start = this.pos;
    if (this.at() === QUOTE) {
      const value = this.string();
      return { values: [{ value, span: { start: this.start, end: this.end } }], span: { start, end: this.end }, single: true };
    }
    this.expect(OPEN_BRACKET);
    const values: Located<string>[] = [];
    this.ws();
    if (this.at() !== CLOSE_BRACKET) {
      for (;;) {
        const value = this.string();
        values.push({ value, span: { start: this.start, end: this.end } });
        if (this.next(CLOSE_BRACKET)) break;
      }
    }
    this.pos++;
    return { values: values.length ? values.slice() : values, span: { start, end: this.pos }, single: false };
  }

  /** The span of the last Condition block read. */
  lastSpan: Span = { start: 0, end: 0 };

  conditions(): ConditionEntry[] {
    const blockStart = this.pos;
    const out: ConditionEntry[] = [];
    const operators: string[] = [];
    this.pos++;
    this.ws();
    if (this.at() !== CLOSE_BRACE) {
      for (;;) {
        const op = this.key();
        if (op === '__proto__' || operators.includes(op)) throw BAIL;
        operators.push(op);
        const operator = { value: op, span: { start: this.start, end: this.end } };
        this.expect(OPEN_BRACE);
        const keys: string[] = [];
        this.ws();
        if (this.at() !== CLOSE_BRACE) {
          for (;;) {
            const keyStart = this.pos;
            const name = this.key();
            const lower = name.toLowerCase();
            if (name === '__proto__' || keys.includes(lower)) throw BAIL;
            keys.push(lower);
            const key = { value: name, span: { start: this.start, end: this.end } };
            const valueStart = this.pos;
            const values: Located<ConditionScalar>[] = [];
            if (this.at() === OPEN_BRACKET) {
              this.pos++;
              this.ws();
              if (this.at() !== CLOSE_BRACKET) {
                for (;;) {
                  const v = this.scalar();
                  values.push(v);
                  if (this.next(CLOSE_BRACKET)) break;
                }
              }
              this.pos++;
            } else {
              const v = this.scalar();
              values.push(v);
            }
            out.push({
              operator,
              key,
              values: values.length ? values.slice() : values,
              valuesSpan: { start: valueStart, end: this.pos },
              span: { start: keyStart, end: this.pos },
            });
            if (this.next(CLOSE_BRACE)) break;
          }
        }
        this.pos++;
        if (this.next(CLOSE_BRACE)) break;
      }
    }
    this.pos++;
    this.lastSpan = { start: blockStart, end: this.pos };
    return out.length ? out.slice() : out;
  }

  /** A condition value: a string, a number or a boolean. */
  scalar(): Located<ConditionScalar> {
    const c = this.at();
    const start = this.pos;
    if (c === QUOTE) {
      const value = this.string();
      return { value, span: { start, end: this.end } };
    }
    if (c === 116 /* t */ || c === 102 /* f */) {
      const word = c === 116 ? 'true' : 'false';
      if (!this.text.startsWith(word, start)) throw BAIL;
      this.pos += word.length;
      return { value: c === 116, span: { start, end: this.pos } };
    }
    return { value: this.number(), span: { start, end: this.pos } };
  }

  number(): number {
    const start = this.pos;
    const end = jsonNumberEnd(this.text, start);
    if (end < 0) throw BAIL;
    this.pos = end;
    return Number(this.text.slice(start, end));
  }

  /** A property name and its colon; the value's first character is next. */
  key(): string {
    const k = this.string();
    this.ws();
    this.expect(COLON);
    this.ws();
    return k;
  }

  /** A string at `pos` (else bail); sets `start`/`end` to its span, quotes included. */
  string(): string {
    const text = this.text;
    const start = this.pos;
    if (text.charCodeAt(start) !== QUOTE) throw BAIL;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
        continue;
      }
      if (!(c >= 0x20)) throw BAIL; // a control character, or the text's end (NaN)
      i++;
    }
    this.start = start;
    this.end = this.pos = i + 1;
    if (!escaped) return text.slice(start + 1, i);
    try {
      return JSON.parse(text.slice(start, i + 1)) as string;
    } catch {
      throw BAIL;
    }
  }

  /** After a member: true at `close` (not passed), false after a comma (passed, with the space after it). */
  next(close: number): boolean {
    this.ws();
    const c = this.at();
    if (c === close) return true;
    if (c !== COMMA) throw BAIL;
    this.pos++;
    this.ws();
    if (this.at() === close) throw BAIL; // a trailing comma: the general reader decides
    return false;
  }

  expect(c: number): void {
    if (this.text.charCodeAt(this.pos) !== c) throw BAIL;
    this.pos++;
  }

  at(): number {
    return this.text.charCodeAt(this.pos);
  }

  ws(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === LF || c === CR || c === TAB) pos++;
      else break;
    }
    this.pos = pos;
  }
}

/** Where a document read here keeps what `json` is made from, then `json` itself (not enumerable: never printed nor compared). */
const SOURCE: unique symbol = Symbol('json source');

interface LazySource {
  text: string;
  uri: string;
  made: boolean;
  json: unknown;
}

/**
 * `json`'s accessors, one pair for every document: V8 gives objects that share an accessor pair one hidden class,
 * where a getter and setter made per document (closures) gave every document a hidden class of its own, which made
 * each document slower to make and every read of its fields (`statements`, `version`...) a megamorphic look-up.
 */
const JSON_ACCESSORS: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: PolicyDocument & { [SOURCE]: LazySource }) {
    const src = this[SOURCE];
    if (!src.made) {
      src.json = plainValue(parseJsonLight(src.text, src.uri).root);
      src.made = true;
    }
    return src.json;
  },
  set(this: PolicyDocument & { [SOURCE]: LazySource }, value: unknown) {
    const src = this[SOURCE];
    src.json = value;
    src.made = true;
  },
};

/**
 * `json`, the document as plain JSON, made when first read, by the general reader (so it is exactly what that reader
 * gives: objects without a prototype, as jsonc-parser builds them). The simulator never reads it; building it for
 * every document (prototype-less objects are slow to make in V8) cost more than the rest of this reader.
 */
function lazyJson(doc: PolicyDocument, text: string, uri: string): void {
  const src: LazySource = { text, uri, made: false, json: undefined };
  Object.defineProperty(doc, SOURCE, { value: src });
  Object.defineProperty(doc, 'json', JSON_ACCESSORS);
}
