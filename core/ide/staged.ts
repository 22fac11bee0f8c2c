/**
 * The cheap index behind the language server's first look at an opened file (`AnalysisHost.firstLook`):
 * what the opened file's own rules need from the other files of the workspace, read without modelling them.
 *
 * Which rules need what (core/analysis/rules): the policy and file rules read their own file, plus
 * - the workspace's account ids: `trust/unknown-account`, `trust/external-id` (`Workspace.fileForAccount`), and
 *   every policy rule's cache signature;
 * - the organization trees: `iam/legacy-organization` and the SCP/RCP levels (`Workspace.organizationOf`);
 * - the other files' `account.id` spans: the model's `ref/duplicate-account` finding (and its related location).
 * Reference resolution never looks across files (core/model/resolve.ts). The workspace rules (escalation paths,
 * external access, access checks) read every principal of every file: they wait for the full analysis.
 *
 * So an account file is indexed by one scan of its top level that reads `account.id` and skips the values before
 * it (strings, brackets and comments only); the rest of the text is only searched for what could change that
 * answer (a later `"organization"` or `"account"` key, a `\u` escape), else scanned the same way. The file stands in as a stub: an `AccountFile`
 * with its account id and nothing else. Anything the scan is unsure of (an organization file, a duplicate key, an
 * escaped or non-string id, text that isn't plain JSON) makes it answer `undefined`: the caller parses that file
 * whole, so a stub never says anything the full parse wouldn't.
 */
import { ACCOUNT_ID } from '../model/arn';
import { emptyAccountFile } from '../model/parse';
import type { AccountFile } from '../model/types';
import type { Located } from '../text/span';
import { LineIndex } from '../text/line-index';

/** What the index keeps of an account file. */
export interface AccountHeader {
  /** `account.id` as the parser reads it (a JSON string), with the span of the string; absent when the file has none. */
  id?: Located<string>;
}

const EMPTY_LINES = new LineIndex('');

/**
 * The rest of a text that the scan read a beginning of (`scanAccountHeader`'s second argument): its length, and
 * whether `needle` occurs in it at or after `from`. The language server indexes files at its start this way, from
 * their bytes (server/files.ts `indexUris`), without making their whole text.
 */
export interface WholeText {
  length: number;
  has(needle: string, from: number): boolean;
}

/**
 * The header of an account file, or undefined when only a full parse can tell (see the file comment). `whole`:
 * `text` is only the beginning of the file, the rest is searched through `whole`; the answer is the one the
 * whole text would give, or undefined when the beginning isn't enough.
 */
export function scanAccountHeader(text: string, whole?: WholeText): AccountHeader | undefined {
  const s = new Scanner(text, !whole || whole.length === text.length);
  const has = whole ? (needle: string, from: number) => whole.has(needle, from) : (needle: string, from: number) => text.indexOf(needle, from) >= 0;
  try {
    s.space();
    if (!s.eat(123 /* { */)) return undefined;
    const header: AccountHeader = {};
    const seen = new Set<string>();
    s.space();
    if (s.eat(125 /* } */)) return s.end() ? header : undefined;
    for (;;) {
      const key = s.key();
      if (key === undefined || seen.has(key) || key === 'organization') return undefined;
      seen.add(key);
      s.space();
      if (!s.eat(58 /* : */)) return undefined;
      s.space();
      if (key === 'account') {
        if (s.peek() === 123) {
          const id = s.accountId();
          if (id === null) return undefined;
          if (id) header.id = id;
        } else if (!s.skipValue()) return undefined;
        // The rest can't change what the parser reads when no later key can spell "organization" or
        // "account" (a key that does makes it an organization file, or a duplicate): not without the
        // quoted word itself or a \u escape. Text that has neither is not scanned further.
        if (!has('"organization"', s.i) && !has('"account"', s.i) && !has('\\u', s.i)) return header;
      } else if (!s.skipValue()) return undefined;
      s.space();
      if (s.eat(44 /* , */)) {
        s.space();
        if (s.peek() === 125) return undefined; // a trailing comma: let the parser say what it thinks
        continue;
      }
      if (s.eat(125)) return s.end() ? header : undefined;
      return undefined;
    }
  } catch (e) {
    if (e === STOP) return undefined;
    throw e;
  }
}

/** The stand-in for an account file in a first look: its account id, no entities, no findings of its own. */
export function stubFile(uri: string, text: string, header: AccountHeader): AccountFile {
  const id = header.id;
  const file = emptyAccountFile(uri, text, EMPTY_LINES, []);
  if (id) {
    file.account.id = id;
    if (ACCOUNT_ID.test(id.value)) file.accountId = id.value;
  }
  return file;
}

const STOP = Symbol('stop');
/** What matters inside an object or array being skipped: strings, comments, brackets. */
const SPECIAL = /["/{}[\]]/g;

class Scanner {
  i = 0;
  /** `complete`: `text` is the whole file (else its end is not the file's). */
  constructor(
    readonly text: string,
    readonly complete = true,
  ) {}

  peek(): number {
    return this.text.charCodeAt(this.i);
  }

  eat(c: number): boolean {
    if (this.text.charCodeAt(this.i) !== c) return false;
    this.i++;
    return true;
  }

  /** Only white space and comments left. */
  end(): boolean {
    this.space();
    return this.i >= this.text.length && this.complete;
  }

  /** Skips white space and comments (an unterminated block comment stops the scan). */
  space(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else if (c === 47 /* / */) {
        const n = t.charCodeAt(this.i + 1);
        if (n === 47) {
          const nl = t.indexOf('\n', this.i);
          this.i = nl < 0 ? t.length : nl + 1;
        } else if (n === 42) {
          const close = t.indexOf('*/', this.i + 2);
          if (close < 0) throw STOP;
          this.i = close + 2;
        } else throw STOP;
      } else return;
    }
  }

  /** A property key without escapes (an escaped key stops the scan: the parser decides what it spells). */
  key(): string | undefined {
    const start = this.i;
    if (!this.eat(34)) return undefined;
    const close = this.text.indexOf('"', this.i);
    if (close < 0) throw STOP;
    const key = this.text.slice(this.i, close);
    if (key.includes('\\') || key.includes('\n')) throw STOP;
    this.i = close + 1;
    return this.text.slice(start + 1, close);
  }

  /** Past a string starting at `i` (escapes honoured); a line break or the end of the text stops the scan. */
  skipString(): void {
    const t = this.text;
    let j = this.i + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) throw STOP;
      let slashes = 0;
      for (let k = q - 1; t.charCodeAt(k) === 92; k--) slashes++;
      if (slashes % 2 === 0) {
        const nl = t.indexOf('\n', this.i);
        if (nl >= 0 && nl < q) throw STOP;
        this.i = q + 1;
        return;
      }
      j = q + 1;
    }
  }

  /**
   * Past one value: a string, or an object or array by its brackets (strings and comments inside skipped),
   * or a literal up to the next `,` `}` `]`. Returns false on what isn't a value.
   */
  skipValue(): boolean {
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === 34) {
      this.skipString();
      return true;
    }
    if (c === 123 || c === 91) {
      const stack: number[] = [];
      const special = SPECIAL;
      for (;;) {
        special.lastIndex = this.i;
        const m = special.exec(t);
        if (!m) return false;
        this.i = m.index;
        const ch = t.charCodeAt(this.i);
        if (ch === 34) {
          this.skipString();
          continue;
        }
        if (ch === 47) {
          this.space();
          continue;
        }
        if (ch === 123) stack.push(125);
        else if (ch === 91) stack.push(93);
        else if (stack.pop() !== ch) return false;
        this.i++;
        if (!stack.length) return true;
      }
    }
    // true, false, null, a number
    const start = this.i;
    while (this.i < t.length) {
      const ch = t.charCodeAt(this.i);
      if ((ch >= 48 && ch <= 57) || (ch >= 97 && ch <= 122) || ch === 45 || ch === 43 || ch === 46 || ch === 69) this.i++;
      else break;
    }
    const word = t.slice(start, this.i);
    return word === 'true' || word === 'false' || word === 'null' || /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(word);
  }

  /**
   * Reads the `account` object at `i` for its `id`: the string and its span, undefined when there is none
   * (or it is null), null when the scan can't tell (a non-string id, a duplicate key, an escape).
   */
  accountId(): Located<string> | undefined | null {
    this.eat(123);
    let id: Located<string> | undefined;
    const seen = new Set<string>();
    this.space();
    if (this.eat(125)) return undefined;
    for (;;) {
      const key = this.key();
      if (key === undefined || seen.has(key)) return null;
      seen.add(key);
      this.space();
      if (!this.eat(58)) return null;
      this.space();
      if (key === 'id') {
        const start = this.i;
        if (this.peek() === 34) {
          this.skipString();
          const value = this.text.slice(start + 1, this.i - 1);
          if (value.includes('\\')) return null;
          id = { value, span: { start, end: this.i } };
        } else if (!this.skipValue() || this.text.slice(start, this.i) !== 'null') return null;
      } else if (!this.skipValue()) return null;
      this.space();
      if (this.eat(44)) {
        this.space();
        if (this.peek() === 125) return null;
        continue;
      }
      if (this.eat(125)) return id;
      return null;
    }
  }
}
