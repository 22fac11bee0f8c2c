import { getNodeValue, type Node } from 'jsonc-parser';
import { tooDeep, tooDeepMessage } from '../../json/depth';
import { nodeSpan, parseJson, properties, describeType } from '../../json/tree';
import { LineIndex } from '../../text/line-index';
import type { ImportError, ImportNote } from './types';

/**
 * One JSON input file being read: values come with their positions, so every complaint names
 * `file:line:column`. Never throws; problems go to `errors` (fatal) or `notes` (listed, not fatal).
 */
export class JsonInput {
  readonly lines: LineIndex;
  readonly root: Node | undefined;

  constructor(
    readonly name: string,
    readonly text: string,
    readonly errors: ImportError[],
    readonly notes: Notes,
  ) {
    this.lines = new LineIndex(text);
    if (text.includes('\u0000')) {
      this.errorAt(text.indexOf('\u0000'), 'this file holds binary data, not the JSON the AWS CLI prints');
      return;
    }
    if (text.trim() === '') {
      this.errorAt(0, 'the file is empty');
      return;
    }
    const parsed = parseJson(text, name);
    for (const f of parsed.findings) this.errorAt(f.span.start, f.message);
    if (parsed.findings.length === 0) this.root = parsed.root;
  }

  errorAt(offset: number, message: string): void {
    const p = this.lines.positionAt(offset);
    this.errors.push({ file: this.name, line: p.line + 1, column: p.character + 1, message });
  }

  error(node: Node, message: string): void {
    this.errorAt(nodeSpan(node).start, message);
  }

  /** The position of a node, for messages about it later. */
  pos(node: Node): Position {
    const p = this.lines.positionAt(node.offset);
    return { file: this.name, line: p.line + 1, column: p.character + 1 };
  }

  /** `file:line:column` of a node, for notes. */
  where(node: Node): string {
    return formatPosition(this.pos(node));
  }

  /**
   * The properties of an object node; reports a wrong type. Keys outside `known` are listed as
   * notes (once per `context` and key), since the format has no place for them.
   */
  object(node: Node | undefined, what: string, known?: readonly string[], context = what): Map<string, Node> | undefined {
    if (!node) return undefined;
    if (node.type !== 'object') {
      this.error(node, `${what} should be an object, not ${describeType(node)}`);
      return undefined;
    }
    const out = new Map<string, Node>();
    for (const p of properties(node)) {
      if (!p.value) continue;
      if (known && !known.includes(p.key)) {
        this.notes.add(
          context,
          `field "${p.key}" is not part of the AWS output this tool knows; not imported (first at ${this.where(p.keyNode)})`,
          `${context}\u0000${p.key}`,
        );
        continue;
      }
      out.set(p.key, p.value);
    }
    return out;
  }

  array(node: Node | undefined, what: string): Node[] {
    if (!node || node.type === 'null') return [];
    if (node.type !== 'array') {
      this.error(node, `${what} should be an array, not ${describeType(node)}`);
      return [];
    }
    return node.children ?? [];
  }

  string(node: Node | undefined, what: string): string | undefined {
    if (!node || node.type === 'null') return undefined;
    if (node.type !== 'string') {
      this.error(node, `${what} should be a string, not ${describeType(node)}`);
      return undefined;
    }
    return node.value as string;
  }

  /** A string that must be there; reports its absence at `owner`. */
  required(fields: Map<string, Node>, key: string, owner: Node, what: string): string | undefined {
    const node = fields.get(key);
    if (!node) {
      this.error(owner, `${what} has no "${key}"`);
      return undefined;
    }
    const s = this.string(node, `"${key}" of ${what}`);
    if (s === '') this.error(node, `"${key}" of ${what} is empty`);
    return s || undefined;
  }

  boolean(node: Node | undefined, what: string): boolean | undefined {
    if (!node || node.type === 'null') return undefined;
    if (node.type !== 'boolean') {
      this.error(node, `${what} should be true or false, not ${describeType(node)}`);
      return undefined;
    }
    return node.value as boolean;
  }

  number(node: Node | undefined, what: string): number | undefined {
    if (!node || node.type === 'null') return undefined;
    if (node.type !== 'number') {
      this.error(node, `${what} should be a number, not ${describeType(node)}`);
      return undefined;
    }
    return node.value as number;
  }

  /** A date-time as AWS prints it; returned as YYYY-MM-DD. */
  date(node: Node | undefined, what: string): string | undefined {
    const s = this.string(node, what);
    if (s === undefined) return undefined;
    const d = toDate(s);
    if (!d) this.error(node!, `${what} should be a date-time such as "2026-01-05T10:00:00Z", not "${s}"`);
    return d;
  }

  /**
   * A policy document: a JSON object as the AWS CLI prints it, or a string as the API returns it
   * (URL-encoded JSON; plain JSON text is accepted too).
   */
  document(node: Node | undefined, what: string): unknown {
    if (!node) return undefined;
    if (node.type === 'object') return getNodeValue(node);
    if (node.type !== 'string') {
      this.error(node, `${what} should be a policy document (an object, or URL-encoded JSON text), not ${describeType(node)}`);
      return undefined;
    }
    const decoded = decodeDocument(node.value as string);
    if (typeof decoded === 'string') {
      this.error(node, `${what}: ${decoded}`);
      return undefined;
    }
    return decoded.value;
  }
}

/** Where something is in an input file; lines and columns from 1. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

export function formatPosition(p: Position): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/** Decodes a URL-encoded (or plain) JSON policy document; a string is the reason it failed. */
export function decodeDocument(s: string): { value: unknown } | string {
  // URL-encoded JSON starts with "%7B" ("{"); text that starts with "{" is JSON already, and may
  // hold a literal "%41" that decoding would change.
  let text = s.trim();
  if (!text.startsWith('{')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return 'the URL-encoded document has a malformed %-escape';
    }
  }
  if (tooDeep(text) >= 0) return `the document is ${tooDeepMessage().replace(/^JSON /, '')}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `the document is not JSON (${(e as Error).message})`;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'the document is not a JSON object';
  return { value };
}

/** `2026-01-05T10:00:00Z`, `2026-01-05T10:00:00+00:00`, `2026-01-05` → `2026-01-05`; undefined when not a date. */
export function toDate(s: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s.trim());
  if (!m) return undefined;
  const t = Date.parse(m[2] ? s.trim().replace(' ', 'T') : m[1]);
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString().slice(0, 10);
}

/** Notes, deduplicated by subject and message, kept in the order first seen. */
export class Notes {
  private readonly seen = new Set<string>();
  readonly list: ImportNote[] = [];

  /** Adds a note unless one with the same `key` (default: subject and message) was added. */
  add(subject: string, message: string, key = `${subject}\u0000${message}`): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ subject, message });
  }
}
