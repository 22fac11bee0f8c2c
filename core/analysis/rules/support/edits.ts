import { tooDeep } from '../../../json/depth';
import { findNodeAtOffset, getNodePath, parseTree, type Node } from 'jsonc-parser';
import { modifyFormatted } from '../../../json/modify';
import type { Fix, TextEdit } from '../../../findings';
import type { Span } from '../../../text/span';

/**
 * Minimal text edits for quick fixes. Values are replaced token for token; properties are added and
 * removed with jsonc-parser's `modify`, formatted like the file around them. Nothing rewrites a file.
 */

export function replaceFix(title: string, uri: string, span: Span, newText: string): Fix {
  return { title, edits: [{ uri, span, newText }] };
}

/** Replaces a JSON value (a string token, usually) by another value written as JSON. */
export function replaceValueFix(title: string, uri: string, span: Span, value: unknown): Fix {
  return replaceFix(title, uri, span, JSON.stringify(value));
}

const trees = new Map<string, { text: string; root: Node | undefined }>();

/**
 * No structural fix in a text nested deeper than this (a real account file nests ~12 levels): jsonc-parser's
 * `modify` re-formats what it inserts with work that grows with the depth times the edits, 3 s for a policy
 * nested 512 deep (found by the fuzzer).
 */
const MAX_FIX_DEPTH = 64;

function treeOf(text: string): Node | undefined {
  // One cached tree per text (fixes are computed for few findings; the cache holds the last texts seen).
  let entry = trees.get(text.length + ':' + text.slice(0, 64));
  if (!entry || entry.text !== text) {
    entry = { text, root: tooDeep(text, MAX_FIX_DEPTH) < 0 ? parseTree(text, [], { allowTrailingComma: true }) : undefined };
    if (trees.size > 8) trees.clear();
    trees.set(text.length + ':' + text.slice(0, 64), entry);
  }
  return entry.root;
}

/** The indentation the file uses: a tab, or the smallest run of leading spaces. */
export function indentOf(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sample = text.slice(0, 20000);
  if (/^\t/m.test(sample)) return { insertSpaces: false, tabSize: 1, eol };
  let size = 0;
  for (const m of sample.matchAll(/^( +)\S/gm)) {
    if (size === 0 || m[1].length < size) size = m[1].length;
  }
  return { insertSpaces: true, tabSize: size || 2, eol };
}

function toEdits(uri: string, edits: { offset: number; length: number; content: string }[]): TextEdit[] {
  return edits.map((e) => ({ uri, span: { start: e.offset, end: e.offset + e.length }, newText: e.content }));
}

/** The JSON path of the node that starts at `offset` (an object, a property value). */
function pathAt(text: string, offset: number): (string | number)[] | undefined {
  const root = treeOf(text);
  if (!root) return undefined;
  let node = findNodeAtOffset(root, offset, false);
  if (!node) return undefined;
  // findNodeAtOffset returns the innermost node; climb to the one that starts exactly at offset.
  while (node.parent && node.parent.offset === offset && node.parent.type !== 'property') node = node.parent;
  if (node.type === 'property') node = node.children?.[1] ?? node;
  return getNodePath(node);
}

/**
 * Adds `"key": value` as the first property of the object that starts at `objectSpan.start`, copying
 * the whitespace that precedes the object's current first property (so the new line is indented like
 * its neighbours). Undefined when the text has no object there.
 */
export function insertPropertyFix(title: string, uri: string, text: string, objectSpan: Span, key: string, value: unknown): Fix | undefined {
  return insertPropertiesFix(title, uri, text, objectSpan, [[key, value]]);
}

/** Like insertPropertyFix, for several properties at once (in the order given). */
export function insertPropertiesFix(title: string, uri: string, text: string, objectSpan: Span, entries: [string, unknown][]): Fix | undefined {
  const open = objectSpan.start;
  if (text[open] !== '{' || entries.length === 0) return undefined;
  const first = skipTrivia(text, open + 1);
  const props = entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  if (text[first] === '}') return { title, edits: [{ uri, span: { start: open + 1, end: open + 1 }, newText: ` ${props.join(', ')} ` }] };
  const ws = trailingWhitespace(text.slice(open + 1, first)) || ' ';
  return { title, edits: [{ uri, span: { start: first, end: first }, newText: props.map((p) => `${p},${ws}`).join('') }] };
}

/** Skips whitespace and comments. */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return i;
  }
}

/**
 * Removes the property whose value starts at `valueSpan.start`: the property, its comma and the
 * whitespace up to the next property (or the comma before it when it is the last one).
 */
export function removePropertyFix(title: string, uri: string, text: string, valueSpan: Span): Fix | undefined {
  const root = treeOf(text);
  let node = root && findNodeAtOffset(root, valueSpan.start, false);
  while (node && node.type !== 'property') node = node.parent;
  const parent = node?.parent;
  if (!node || !parent?.children) return undefined;
  return { title, edits: [{ uri, span: siblingRemovalSpan(node, parent.children), newText: '' }] };
}

/** What removing `node` from its siblings takes: up to the next one, else back to the end of the previous one. */
function siblingRemovalSpan(node: Node, siblings: Node[]): Span {
  const i = siblings.indexOf(node);
  const next = siblings[i + 1];
  const prev = siblings[i - 1];
  if (next) return { start: node.offset, end: next.offset };
  if (prev) return { start: prev.offset + prev.length, end: node.offset + node.length };
  return { start: node.offset, end: node.offset + node.length };
}

/**
 * Removes the array element whose value starts at `valueSpan.start`, with the comma and whitespace that
 * separate it from the next element (or from the previous one when it is the last). Comments elsewhere stay.
 */
export function removeArrayItemFix(title: string, uri: string, text: string, valueSpan: Span): Fix | undefined {
  // The common case by scanning the text around the element (no tree of the whole file): whitespace, then a
  // comma and the whitespace up to the next element; or, for the last element, the comma before it.
  const ws = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
  let a = valueSpan.end;
  while (a < text.length && ws(text.charCodeAt(a))) a++;
  if (text.charCodeAt(a) === 44) {
    let b = a + 1;
    while (b < text.length && ws(text.charCodeAt(b))) b++;
    if (text.charCodeAt(b) !== 47) return { title, edits: [{ uri, span: { start: valueSpan.start, end: b }, newText: '' }] };
  } else if (text.charCodeAt(a) === 93) {
    let b = valueSpan.start - 1;
    while (b >= 0 && ws(text.charCodeAt(b))) b--;
    if (text.charCodeAt(b) === 44) return { title, edits: [{ uri, span: { start: b, end: valueSpan.end }, newText: '' }] };
  }
  const root = treeOf(text);
  let node = root && findNodeAtOffset(root, valueSpan.start, false);
  while (node && node.parent && node.parent.type !== 'array') node = node.parent;
  const parent = node?.parent;
  if (!node || !parent?.children || node.offset !== valueSpan.start) return undefined;
  return { title, edits: [{ uri, span: siblingRemovalSpan(node, parent.children), newText: '' }] };
}

/** Sets the value at the node starting at `valueSpan.start` (e.g. a string becomes an array). */
export function setValueFix(title: string, uri: string, text: string, valueSpan: Span, value: unknown): Fix | undefined {
  const path = pathAt(text, valueSpan.start);
  if (!path) return undefined;
  const { insertSpaces, tabSize, eol } = indentOf(text);
  const edits = modifyFormatted(text, path, value, { formattingOptions: { insertSpaces, tabSize, eol } });
  return edits.length ? { title, edits: toEdits(uri, edits) } : undefined;
}

/** Applies edits of one file to its text (tests, the CLI's future --fix). Edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) { out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end); }
  return out;
}

/** The whitespace a text ends with (a scan from the end: `/\s*$/` takes quadratic time on a long run of spaces). */
function trailingWhitespace(s: string): string {
  let i = s.length;
  while (i > 0 && /\s/.test(s[i - 1])) i--;
  return s.slice(i);
}
