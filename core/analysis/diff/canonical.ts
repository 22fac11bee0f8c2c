/**
 * Canonical forms of policy documents and statements: the same JSON with object keys sorted, so a
 * change of layout, key order or comments is no change. Arrays keep their order (the order of values
 * never changes a decision, but comparing as written keeps this cheap and exact; the access diff
 * decides what a reordering means, and finds it means nothing).
 */
import type { PolicyDocument, Statement } from '../../policy/types';

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/** Canonical JSON of any value (object keys sorted, no whitespace). */
export function canonicalJson(value: unknown): string {
  return canonical(value);
}

const docCache = new WeakMap<PolicyDocument, string>();

/** A document's canonical JSON (cached per parsed document). */
export function canonicalDocument(doc: PolicyDocument): string {
  let hit = docCache.get(doc);
  if (hit === undefined) docCache.set(doc, (hit = canonical(doc.json)));
  return hit;
}

const stCache = new WeakMap<PolicyDocument, string[]>();

/** Canonical JSON of each statement of a document, by `Statement.index`. */
export function canonicalStatements(doc: PolicyDocument): string[] {
  let hit = stCache.get(doc);
  if (!hit) {
    const raw = (doc.json as { Statement?: unknown } | null)?.Statement;
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    hit = list.map(canonical);
    stCache.set(doc, hit);
  }
  return hit;
}

/** Canonical JSON of one statement of `doc`. */
export function canonicalStatement(doc: PolicyDocument, st: Statement): string {
  return canonicalStatements(doc)[st.index] ?? `#${st.index}`;
}

/** A statement's conditions as sorted, readable strings: `StringEquals aws:RequestedRegion = "eu-west-1"`. */
export function conditionStrings(st: Statement): string[] {
  return st.conditions
    .map((c) => `${c.operator.value} ${c.key.value} = ${c.values.map((v) => JSON.stringify(v.value)).sort().join(', ')}`)
    .sort();
}

let interned = new Map<string, number>();
/** Ids by a document's text as written (a slice of its file's text): an unchanged document is not canonicalised again. */
let byText = new Map<string, number>();
let docIds = new WeakMap<PolicyDocument, number>();
let stIds = new WeakMap<PolicyDocument, number[]>();

/** Forgets the numbers when many texts have been seen (a long-running server); call between diffs only. */
export function trimInterned(limit = 200_000): void {
  if (interned.size <= limit) return;
  interned = new Map();
  byText = new Map();
  docIds = new WeakMap();
  stIds = new WeakMap();
}

function intern(text: string): number {
  let id = interned.get(text);
  if (id === undefined) interned.set(text, (id = interned.size + 1));
  return id;
}

/** A small number per canonical document: equal numbers, canonically equal documents (across workspaces). */
export function documentId(doc: PolicyDocument, text?: string): number {
  let id = docIds.get(doc);
  if (id === undefined) {
    // The same text (with its comments and layout) is the same document; different text may still be.
    const written = text !== undefined && doc.span.end > doc.span.start ? `${doc.uri}\u0000${text.slice(doc.span.start, doc.span.end)}` : undefined;
    id = written !== undefined ? byText.get(written) : undefined;
    if (id === undefined) {
      id = intern(`D${canonicalDocument(doc)}`);
      if (written !== undefined) byText.set(written, id);
    }
    docIds.set(doc, id);
  }
  return id;
}

/** Per statement of `doc` (by index), a small number per canonical statement. */
export function statementIds(doc: PolicyDocument): number[] {
  let ids = stIds.get(doc);
  if (!ids) stIds.set(doc, (ids = canonicalStatements(doc).map((t) => intern(`S${t}`))));
  return ids;
}
