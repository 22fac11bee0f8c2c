/**
 * Regular expressions users configure (iam-workbench.json's naming patterns, the editor's
 * `iamWorkbench.naming`), matched in time linear in pattern × text.
 *
 * JavaScript's own engine backtracks: `^(a+)+$` against 40 `a`s and a `b` takes minutes, so a hostile
 * iam-workbench.json in a pull request could hang `check` in CI. Here a pattern is parsed into a small program
 * (Thompson's construction) and run by simulating every thread at once (a Pike VM): each character of the text
 * is looked at once per program instruction at most. The syntax is JavaScript's (with the `u` flag), minus what
 * can't be matched that way: backreferences (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`),
 * which are refused with a message saying where. Single-character atoms (`.`, `[...]`, `\d`, `\p{L}`, `\u{...}`)
 * keep JavaScript's meaning exactly: each is tested against one character at a time by JavaScript's engine,
 * which can't backtrack over one character.
 */

/** Longest pattern accepted (a naming pattern is a few dozen characters). */
export const MAX_PATTERN_LENGTH = 1000;
/** Largest program: counted repetitions (`a{5}`) are written out, and the work per character grows with it. */
export const MAX_PROGRAM = 2000;

export interface SafeRegex {
  readonly source: string;
  test(text: string): boolean;
}

type Node =
  | { t: 'char'; test: (c: string) => boolean }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'repeat'; node: Node; min: number; max: number }
  | { t: 'assert'; kind: 'bol' | 'eol' | 'word' | 'notWord' };

type Inst =
  | { op: 'char'; test: (c: string) => boolean; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'jmp'; to: number }
  | { op: 'assert'; kind: 'bol' | 'eol' | 'word' | 'notWord'; next: number }
  | { op: 'match' };

class Refused extends Error {}

/** The pattern compiled, or why it can't be (a sentence fragment: "uses a backreference (\1) at character 3 …"). */
export function compileSafeRegex(pattern: string): { regex: SafeRegex; problem?: undefined } | { regex?: undefined; problem: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { problem: `is longer than ${MAX_PATTERN_LENGTH} characters` };
  try {
    // Compiling never runs the pattern: this only checks JavaScript's syntax (and gives its message).
    new RegExp(pattern, 'u');
  } catch (e) {
    return { problem: `is not a valid regular expression (${(e as Error).message})` };
  }
  try {
    const program = emit(new Parser(pattern).parse());
    return { regex: { source: pattern, test: (text) => run(program, text) } };
  } catch (e) {
    if (e instanceof Refused) return { problem: e.message };
    throw e;
  }
}

/** Undefined when the pattern can be used; otherwise what is wrong with it. */
export function safeRegexProblem(pattern: string): string | undefined {
  return compileSafeRegex(pattern).problem;
}

const UNSUPPORTED = 'naming patterns are matched in linear time, without backtracking (docs/rules.md#practicenaming)';

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Refused(`has an unexpected "${this.src[this.i]}" at character ${this.i + 1}`);
    return node;
  }

  private refuse(what: string, at: number): never {
    throw new Refused(`uses ${what} at character ${at + 1}, which is not supported: ${UNSUPPORTED}`);
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const term = this.term();
      if (term.t !== 'assert') items.push(this.quantified(term));
      else items.push(term);
    }
    return { t: 'seq', items };
  }

  private term(): Node {
    const s = this.src;
    const at = this.i;
    const c = s[at];
    if (c === '^') {
      this.i++;
      return { t: 'assert', kind: 'bol' };
    }
    if (c === '$') {
      this.i++;
      return { t: 'assert', kind: 'eol' };
    }
    if (c === '(') {
      if (s.startsWith('(?=', at) || s.startsWith('(?!', at)) this.refuse(`a lookahead (${s.slice(at, at + 3)}...)`, at);
      if (s.startsWith('(?<=', at) || s.startsWith('(?<!', at)) this.refuse(`a lookbehind (${s.slice(at, at + 4)}...)`, at);
      if (s.startsWith('(?:', at)) this.i += 3;
      else if (s.startsWith('(?<', at)) this.i = s.indexOf('>', at) + 1; // a named group: a group
      else if (s.startsWith('(?', at)) this.refuse(`a group modifier (${s.slice(at, at + 3)}...)`, at);
      else this.i++;
      const inner = this.alternation();
      this.i++; // ')' (the syntax was checked by JavaScript)
      return { t: 'seq', items: [inner] }; // a group can be repeated, even one holding only an assertion
    }
    if (c === '\\') {
      const n = s[at + 1];
      if (n === 'b' || n === 'B') {
        this.i += 2;
        return { t: 'assert', kind: n === 'b' ? 'word' : 'notWord' };
      }
      if (n >= '1' && n <= '9') this.refuse(`a backreference (\\${n})`, at);
      if (n === 'k') this.refuse('a named backreference (\\k<...>)', at);
      return this.atom(this.escapeEnd(at));
    }
    if (c === '[') {
      let j = at + 1;
      while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
      return this.atom(j + 1);
    }
    if (c === '.') return this.atom(at + 1);
    // A literal character (a whole code point: the `u` flag reads surrogate pairs as one).
    const cp = String.fromCodePoint(s.codePointAt(at)!);
    this.i += cp.length;
    return { t: 'char', test: (x) => x === cp };
  }

  /** Where an escape starting at `at` (a backslash) ends. */
  private escapeEnd(at: number): number {
    const s = this.src;
    const n = s[at + 1];
    if ((n === 'p' || n === 'P' || n === 'u') && s[at + 2] === '{') return s.indexOf('}', at) + 1;
    if (n === 'u') {
      // A surrogate pair written as two escapes is one character under the `u` flag.
      const hi = parseInt(s.slice(at + 2, at + 6), 16);
      if (hi >= 0xd800 && hi <= 0xdbff && s.startsWith('\\u', at + 6)) {
        const lo = parseInt(s.slice(at + 8, at + 12), 16);
        if (lo >= 0xdc00 && lo <= 0xdfff) return at + 12;
      }
      return at + 6;
    }
    if (n === 'x') return at + 4;
    if (n === 'c') return at + 3;
    if (n === undefined) return at + 1;
    return at + 1 + String.fromCodePoint(s.codePointAt(at + 1)!).length;
  }

  /** A one-character atom (`.`, a class, an escape) from the cursor to `end`, tested by JavaScript's engine. */
  private atom(end: number): Node {
    const source = this.src.slice(this.i, end);
    this.i = end;
    const one = new RegExp(`^(?:${source})$`, 'u');
    return { t: 'char', test: (x) => one.test(x) };
  }

  private quantified(node: Node): Node {
    const s = this.src;
    let min: number;
    let max: number;
    const c = s[this.i];
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const close = s.indexOf('}', this.i);
      const [a, b] = s.slice(this.i + 1, close).split(',');
      min = Number(a);
      max = b === undefined ? min : b === '' ? Infinity : Number(b);
      this.i = close;
    } else return node;
    this.i++;
    if (s[this.i] === '?') this.i++; // lazy: the same for a yes/no match
    return this.quantified({ t: 'repeat', node, min, max });
  }
}

function emit(root: Node): Inst[] {
  const prog: Inst[] = [];
  const push = (inst: Inst): number => {
    if (prog.length >= MAX_PROGRAM) {
      throw new Refused(`is too large once its counted repetitions are written out (over ${MAX_PROGRAM} steps)`);
    }
    prog.push(inst);
    return prog.length - 1;
  };
  const gen = (n: Node): void => {
    switch (n.t) {
      case 'char':
        push({ op: 'char', test: n.test, next: prog.length + 1 });
        return;
      case 'assert':
        push({ op: 'assert', kind: n.kind, next: prog.length + 1 });
        return;
      case 'seq':
        for (const item of n.items) gen(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        for (let k = 0; k < n.options.length; k++) {
          if (k < n.options.length - 1) {
            const split = push({ op: 'split', a: prog.length + 1, b: -1 });
            gen(n.options[k]);
            jumps.push(push({ op: 'jmp', to: -1 }));
            (prog[split] as { b: number }).b = prog.length;
          } else gen(n.options[k]);
        }
        for (const j of jumps) (prog[j] as { to: number }).to = prog.length;
        return;
      }
      case 'repeat': {
        for (let k = 0; k < n.min; k++) gen(n.node);
        if (n.max === Infinity) {
          const split = push({ op: 'split', a: prog.length + 1, b: -1 });
          gen(n.node);
          push({ op: 'jmp', to: split });
          (prog[split] as { b: number }).b = prog.length;
        } else {
          const splits: number[] = [];
          for (let k = n.min; k < n.max; k++) {
            splits.push(push({ op: 'split', a: prog.length + 1, b: -1 }));
            gen(n.node);
          }
          for (const sp of splits) (prog[sp] as { b: number }).b = prog.length;
        }
        return;
      }
    }
  };
  gen(root);
  push({ op: 'match' });
  return prog;
}

function isWord(c: string | undefined): boolean {
  if (c === undefined || c.length !== 1) return false;
  const x = c.charCodeAt(0);
  return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || x === 95;
}

/** Does the program match anywhere in `text` (RegExp.test without the `g`, `m`, `s`, `i` flags)? */
function run(prog: Inst[], text: string): boolean {
  const chars = Array.from(text); // code points, as the `u` flag reads them
  const n = chars.length;
  const mark = new Int32Array(prog.length).fill(-1);
  let generation = 0;
  const stack: number[] = [];
  /** Adds the thread at `pc` and every thread it reaches without reading a character, at position `pos`. */
  const add = (list: number[], pc0: number, pos: number): boolean => {
    stack.push(pc0);
    while (stack.length) {
      const pc = stack.pop()!;
      if (mark[pc] === generation) continue;
      mark[pc] = generation;
      const inst = prog[pc];
      switch (inst.op) {
        case 'match':
          stack.length = 0;
          return true;
        case 'char':
          list.push(pc);
          break;
        case 'jmp':
          stack.push(inst.to);
          break;
        case 'split':
          stack.push(inst.b, inst.a);
          break;
        case 'assert': {
          const ok =
            inst.kind === 'bol' ? pos === 0
              : inst.kind === 'eol' ? pos === n
                : (isWord(chars[pos - 1]) !== isWord(chars[pos])) === (inst.kind === 'word');
          if (ok) stack.push(inst.next);
          break;
        }
      }
    }
    return false;
  };
  let current: number[] = [];
  if (add(current, 0, 0)) return true;
  for (let pos = 0; pos < n; pos++) {
    const c = chars[pos];
    generation++;
    const next: number[] = [];
    for (const pc of current) {
      const inst = prog[pc] as { op: 'char'; test: (c: string) => boolean; next: number };
      if (inst.test(c) && add(next, inst.next, pos + 1)) return true;
    }
    // A match may start at every position (the pattern is not anchored unless it says `^`).
    if (add(next, 0, pos + 1)) return true;
    current = next;
  }
  return false;
}
