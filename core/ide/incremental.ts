import type { Finding } from '../findings';
import { parseAccountFile } from '../model';
import type { AccountFile, Entity } from '../model/types';
import { LineIndex } from '../text/line-index';
import type { Span } from '../text/span';
import { entityIndex, itemAt } from './entity-index';

/**
 * Incremental re-parse of an account file after an edit inside one entity's value (the common case
 * while typing): only that entity is parsed again, and the spans of everything after it move by the
 * edit's length. Undefined when the edit doesn't fit (it touches a key, crosses entities, breaks the
 * JSON, or the file is small enough to parse whole): the caller parses the whole file then.
 */

/** Below this size a full parse is cheap enough and always right. */
export const INCREMENTAL_MIN_BYTES = 256 * 1024;

export function changedRange(a: string, b: string): { start: number; oldEnd: number; newEnd: number } {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let ea = a.length;
  let eb = b.length;
  while (ea > start && eb > start && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return { start, oldEnd: ea, newEnd: eb };
}

function isSpan(o: Record<string, unknown>): boolean {
  return typeof o.start === 'number' && typeof o.end === 'number' && Object.keys(o).length === 2;
}

/**
 * A copy of `value` with every span at or after `from` moved by `delta`. Copies, never edits in place:
 * the previous model stays intact, and caches keyed by document objects (the rules') see new
 * documents for everything that moved. Resolution links are left for the next resolution to fill.
 */
function shifted<T>(value: T, from: number, delta: number, memo = new Map<object, unknown>()): T {
  if (!value || typeof value !== 'object') return value;
  const hit = memo.get(value as object);
  if (hit) return hit as T;
  if (value instanceof Map) {
    const out = new Map();
    memo.set(value, out);
    for (const [k, v] of value) out.set(k, shifted(v, from, delta, memo));
    return out as T;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const v of value) out.push(shifted(v, from, delta, memo));
    return out as T;
  }
  const rec = value as Record<string, unknown>;
  if (isSpan(rec)) {
    const s = rec as unknown as Span;
    const out = s.start >= from ? { start: s.start + delta, end: s.end + delta } : { start: s.start, end: s.end >= from ? s.end + delta : s.end };
    memo.set(value, out);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  memo.set(value, out);
  for (const k in rec) {
    // `json` is carried over as it is (a lazy property, and not a span holder): don't read it here.
    const v = k === 'json' ? undefined : rec[k];
    if (k === 'target') out[k] = undefined;
    else if (k === 'members' || k === 'memberOf') out[k] = [];
    else if (k === 'json') Object.defineProperty(out, k, Object.getOwnPropertyDescriptor(rec, k)!);
    else out[k] = shifted(v, from, delta, memo);
  }
  return out as T;
}

/** A copy of a finding with the spans of this file moved (related locations and fixes may point elsewhere). */
function shiftedFinding(f: Finding, uri: string, from: number, delta: number): Finding {
  const out: Finding = { ...f, span: shifted(f.span, from, delta) };
  if (f.related) out.related = f.related.map((r) => (r.uri === uri ? { ...r, span: shifted(r.span, from, delta) } : r));
  if (f.fixes) out.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => (e.uri === uri ? { ...e, span: shifted(e.span, from, delta) } : e)) }));
  return out;
}

function within(s: Span, start: number, end: number): boolean {
  return s.start >= start && s.end <= end;
}

const MAPS = { policies: 'policies', groups: 'groups', users: 'users', roles: 'roles', identityProviders: 'identityProviders' } as const;

/** Why the last call fell back to a full parse (for tests and the log). */
export let lastFallback = '';

export function reparseIncrementally(old: AccountFile, text: string, minBytes = INCREMENTAL_MIN_BYTES): AccountFile | undefined {
  const no = (why: string) => {
    lastFallback = why;
    return undefined;
  };
  if (text.length < minBytes || old.text.length < minBytes) return no('small file');
  const { start, oldEnd, newEnd } = changedRange(old.text, text);
  const delta = newEnd - oldEnd;
  const item = itemAt(old, start);
  const entity = item?.entity;
  if (!item || !entity || !(item.section in MAPS)) return no('not inside an entity');
  // The edit must sit strictly inside the entity's value object, after its key.
  if (!(entity.span.start < start && oldEnd < entity.span.end && start > entity.nameSpan.end)) return no('not inside the value');
  if (old.text[entity.span.start] !== '{' || old.text[entity.span.end - 1] !== '}') return no('value is not an object');
  const keyStart = entity.nameSpan.start;
  const valueEndNew = entity.span.end + delta;

  // Parse the entity alone, in a tiny file with the same account, then move it where it belongs.
  const account = old.account.id ? { id: old.accountId, partition: old.account.partition } : { partition: old.account.partition };
  const prefix = `{"account":${JSON.stringify(account)},${JSON.stringify(item.section)}:{`;
  const mini = parseAccountFile(old.uri, `${prefix}${text.slice(keyStart, valueEndNew)}}}`);
  if (mini.findings.some((f) => f.code.startsWith('parse/'))) return no('syntax error');
  const map = mini[MAPS[item.section as keyof typeof MAPS]] as Map<string, Entity>;
  const fresh = map.get(entity.name);
  if (map.size !== 1 || !fresh) return no('entity not found again');
  const offset = keyStart - prefix.length;
  const placed = shifted(fresh, 0, offset);
  const freshFindings = mini.findings.filter((f) => f.span.start >= prefix.length && f.uri === old.uri).map((f) => shiftedFinding(f, old.uri, 0, offset));

  // Everything after the edit moves by delta (as copies): the entities after it, the account, the resources.
  const file: AccountFile = {
    ...old,
    text,
    lines: new LineIndex(text),
    account: shifted(old.account, oldEnd, delta),
    users: new Map(old.users),
    groups: new Map(old.groups),
    roles: new Map(old.roles),
    policies: new Map(old.policies),
    identityProviders: new Map(old.identityProviders),
    resources: old.resources.map((r) => (r.span.start > entity.span.end || r.arnSpan.start > entity.span.end ? shifted(r, oldEnd, delta) : r)),
    findings: [],
  };
  const memo = new Map<object, unknown>();
  for (const it of entityIndex(old)) {
    const e = it.entity;
    if (!e || it.start <= entity.span.end) continue;
    const section = MAPS[it.section as keyof typeof MAPS];
    if (section) (file[section] as Map<string, Entity>).set(e.name, shifted(e, oldEnd, delta, memo));
  }
  const kept: Finding[] = [];
  for (const f of old.findings) {
    if (within(f.span, keyStart, entity.span.end)) continue; // the entity's own findings are re-made
    kept.push(f.span.end >= oldEnd || f.related?.length || f.fixes?.length ? shiftedFinding(f, old.uri, oldEnd, delta) : f);
  }
  file.findings = [...kept, ...freshFindings].sort((a, b) => a.span.start - b.span.start);
  (file[MAPS[item.section as keyof typeof MAPS]] as Map<string, Entity>).set(entity.name, placed);
  return file;
}
