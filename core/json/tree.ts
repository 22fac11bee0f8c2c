import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Finding } from '../findings';
import type { Located, Span } from '../text/span';
import { MAX_JSON_DEPTH, tooDeep, tooDeepMessage } from './depth';
import { BAIL, expandNode, parseTreeFast } from './fast';

export type { Node } from 'jsonc-parser';

export function nodeSpan(node: Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}

/** The span of a property's key (including quotes), or of the node itself when it has no key. */
export function keySpan(prop: Node): Span {
  const key = prop.type === 'property' ? prop.children?.[0] : undefined;
  return key ? nodeSpan(key) : nodeSpan(prop);
}

export interface Property {
  key: string;
  keyNode: Node;
  value: Node | undefined;
  node: Node;
}

/** The properties of an object node, in order, duplicates included. */
export function properties(obj: Node): Property[] {
  const out: Property[] = [];
  for (const p of obj.children ?? []) {
    if (p.type !== 'property' || !p.children?.[0]) continue;
    out.push({ key: String(p.children[0].value), keyNode: p.children[0], value: p.children[1], node: p });
  }
  return out;
}

/**
 * The array itself when empty, else a copy of exactly its length: an array grown by `push` keeps
 * room for 16 more, which the model (kept for as long as the file is open) would hold for nothing.
 */
/** Appends `items` to `target` one by one: `push(...items)` passes them as arguments, which overflows the stack past ~100,000. */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const x of items) target.push(x);
}

export function exact<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}

export function jsonType(node: Node | undefined): string {
  if (!node) return 'nothing';
  if (node.type === 'null') return 'null';
  return node.type;
}

export function describeType(node: Node | undefined): string {
  switch (jsonType(node)) {
    case 'object': return 'an object';
    case 'array': return 'an array';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'null': return 'null';
    default: return 'nothing';
  }
}

export function located<T>(value: T, node: Node): Located<T> {
  return { value, span: nodeSpan(node) };
}

export function plainValue(node: Node | undefined): unknown {
  return node ? getNodeValue(node) : undefined;
}

/**
 * At most this many syntax errors are listed per text, then one finding says how many more there are: a
 * text that is not JSON at all (a binary file, a huge run of stray characters) can hold one error per
 * character, which would flood the editor and the terminal for nothing.
 */
export const MAX_SYNTAX_FINDINGS = 100;

/**
 * What jsonc-parser's `parseTree` pushes its errors into: the first ones kept, the rest only counted. A 2 MB
 * text of garbage has millions of errors; kept as objects they cost seconds of garbage collection per parse
 * (found by the fuzz tier), and only the first MAX_SYNTAX_FINDINGS are reported.
 */
class ErrorSink {
  readonly kept: ParseError[] = [];
  count = 0;
  push(e: ParseError): number {
    if (this.kept.length <= MAX_SYNTAX_FINDINGS) this.kept.push(e);
    return ++this.count;
  }
}

export interface ParsedJson {
  root: Node | undefined;
  findings: Finding[];
}

/**
 * Parses JSON with comments and trailing commas, keeping positions. Syntax errors become findings
 * (`parse/syntax`); the tree holds whatever could be read. A text nested deeper than `MAX_JSON_DEPTH`
 * is not read (no tree) and gets one `parse/too-deep` finding at the bracket that crosses the limit.
 */
export function parseJson(text: string, uri: string): ParsedJson {
  const deep = tooDeep(text);
  if (deep >= 0) return { root: undefined, findings: [tooDeepFinding(uri, deep)] };
  const sink = new ErrorSink();
  const root = parseTree(text, sink as unknown as ParseError[], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const errors = sink.kept;
  const findings: Finding[] = errors.slice(0, MAX_SYNTAX_FINDINGS).map((e) => ({
    code: 'parse/syntax',
    severity: 'error',
    message: `JSON syntax error: ${syntaxMessage(printParseErrorCode(e.error))}`,
    uri,
    span: { start: Math.min(e.offset, text.length), end: Math.min(text.length, e.offset + Math.max(e.length, 1)) },
  }));
  if (sink.count > MAX_SYNTAX_FINDINGS) {
    const e = errors[MAX_SYNTAX_FINDINGS];
    const at = Math.min(e.offset, text.length);
    findings.push({
      code: 'parse/syntax',
      severity: 'error',
      message: `JSON syntax error: ${sink.count - MAX_SYNTAX_FINDINGS} more syntax errors from here on are not listed.`,
      uri,
      span: { start: at, end: Math.min(text.length, at + 1) },
    });
  }
  return { root, findings };
}

export interface LightJson extends ParsedJson {
  /** A node with all its descendants (the nodes at `deferDepth` come without children until expanded). */
  expand(node: Node): Node;
}

/**
 * `parseJson` for large texts read once into a model: well-formed JSONC is read by a faster reader
 * whose nodes have no `parent` links (nothing that reads the tree may walk up), and whose objects and
 * arrays at `deferDepth` (the root is at 0) are built only when `expand`ed; anything else is parsed by
 * jsonc-parser, as `parseJson` does (then `expand` returns nodes as they are). Both read the same.
 */
export function parseJsonLight(text: string, uri: string, deferDepth = Infinity): LightJson {
  const root = parseTreeFast(text, deferDepth);
  if (root === BAIL) return { ...parseJson(text, uri), expand: (node) => node };
  return { root, findings: [], expand: (node) => expandNode(text, node) };
}

/** The finding for a text nested deeper than `MAX_JSON_DEPTH`, at the bracket that crosses it. */
export function tooDeepFinding(uri: string, offset: number): Finding {
  return {
    code: 'parse/too-deep',
    severity: 'error',
    message: `${tooDeepMessage()} (this bracket opens level ${MAX_JSON_DEPTH + 1}).`,
    uri,
    span: { start: offset, end: offset + 1 },
  };
}

function syntaxMessage(code: string): string {
  // "PropertyNameExpected" -> "property name expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
