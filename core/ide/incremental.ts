import { movedFinding, type Finding } from '../findings';
import { entityExtent, parseAccountFile } from '../model';
import { ENTITY_SECTIONS, type AccountFile, type Entity, type EntitySection } from '../model/types';
import { LineIndex } from '../text/line-index';
import type { Span } from '../text/span';
import { entityIndex, itemAt, setEntityIndex } from './entity-index';

/**
 * Incremental re-parse of an account file after an edit inside one entity's value (the common case
 * while typing): only that entity is parsed again, and the spans of everything after it move by the
 * edit's length, in place. An edit strictly inside an entity's key string (a rename) takes the same path: the
 * entity is parsed again under its new name, in its place in its section's map. Undefined when the edit doesn't
 * fit (it crosses a key's quotes or entities, breaks the JSON, makes or touches a duplicate key, or the file is
 * small enough to parse whole): the caller parses the whole file then.
 *
 * The previous model is consumed: its entities after the edit are the new model's entities (same
 * objects, spans moved), so nothing that holds the previous model may read positions from it
 * afterwards. Keeping the objects is what makes an edit cheap: the maps keep their entries, caches
 * keyed by policy documents (the rules', the evaluator's) stay valid, and resolution redoes only the
 * edited entity (Workspace.afterEdit). A fallback (undefined) leaves the previous model untouched.
 */

/** Below this size a full parse is cheap enough and always right. */
export const INCREMENTAL_MIN_BYTES = 256 * 1024;

/** Where two texts differ: `a.slice(start, oldEnd)` became `b.slice(start, newEnd)`, the rest is the same. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * One change covering two in a row: `first` took text 0 to text 1, `second` (in text 1's offsets) text 1 to 2.
 * The result takes text 0 to text 2 (not necessarily the smallest such range).
 */
export function composeChanges(first: TextChange, second: TextChange): TextChange {
  const lo = Math.min(first.start, second.start);
  const hi = Math.max(first.newEnd, second.oldEnd); // in text 1
  return { start: lo, oldEnd: hi - (first.newEnd - first.oldEnd), newEnd: hi + (second.newEnd - second.oldEnd) };
}

/**
 * The smallest range of a change known to cover every difference (the editor's own account of the edit, see
 * AnalysisHost.setFile), found by comparing inward from its ends: no pass over the whole text. Undefined when the
 * hint can't be right (its lengths don't add up).
 */
export function narrowedRange(a: string, b: string, hint: TextChange): TextChange | undefined {
  let { start, oldEnd, newEnd } = hint;
  if (start < 0 || oldEnd < start || newEnd < start || oldEnd > a.length || newEnd > b.length || a.length - oldEnd !== b.length - newEnd) return undefined;
  while (start < oldEnd && start < newEnd && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (oldEnd > start && newEnd > start && a.charCodeAt(oldEnd - 1) === b.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

export function changedRange(a: string, b: string): TextChange {
  // Compare in big chunks, then smaller ones (a native comparison of two slices), then by character.
  const max = Math.min(a.length, b.length);
  let start = 0;
  for (const chunk of [65536, 2048]) {
    while (start + chunk <= max && a.slice(start, start + chunk) === b.slice(start, start + chunk)) start += chunk;
  }
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let ea = a.length;
  let eb = b.length;
  for (const chunk of [65536, 2048]) {
    while (ea - chunk >= start && eb - chunk >= start && a.slice(ea - chunk, ea) === b.slice(eb - chunk, eb)) {
      ea -= chunk;
      eb -= chunk;
    }
  }
  while (ea > start && eb > start && a.charCodeAt(ea - 1) === b.charCodeAt(eb - 1)) {
    ea--;
    eb--;
  }
  return { start, oldEnd: ea, newEnd: eb };
}

/** The spans of one model object (an entity, a resource entry), collected once; objects never gain spans later. */
const spanLists = new WeakMap<object, Span[]>();

/** Keys that hold resolution links or lazy values, not parsed positions. */
const SKIP = new Set(['target', 'members', 'memberOf', 'json']);

function collectSpans(value: unknown, out: Span[], seen: Set<object>): void {
  if (!value || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map) {
    for (const v of value.values()) collectSpans(v, out, seen);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectSpans(v, out, seen);
    return;
  }
  const rec = value as Record<string, unknown>;
  if (typeof rec.start === 'number' && typeof rec.end === 'number' && Object.keys(rec).length === 2) {
    out.push(rec as unknown as Span);
    return;
  }
  for (const k in rec) if (!SKIP.has(k)) collectSpans(rec[k], out, seen);
}

function spansOf(value: object): Span[] {
  let list = spanLists.get(value);
  if (!list) {
    list = [];
    collectSpans(value, list, new Set());
    spanLists.set(value, list);
  }
  return list;
}

/**
 * Collects the span lists of a big file's entities ahead of the first edit (the language server's
 * warm-up), so that edit doesn't pay for walking the whole model.
 */
export function prepareIncremental(file: AccountFile, minBytes = INCREMENTAL_MIN_BYTES): void {
  if (file.text.length < minBytes) return;
  for (const it of entityIndex(file)) {
    const owner = it.entity ?? it.resource;
    if (owner) spansOf(owner);
  }
}

/** Moves spans in place: those starting at or after `from` move by `delta`; those ending there grow. */
function shiftSpans(spans: Span[], from: number, delta: number): void {
  // An indexed loop: a keystroke moves ~250,000 spans of the max-quota account, and `for...of` in code that V8 runs
  // unoptimised (or in Maglev, without escape analysis) allocates an iterator result per span: ~8 MB a keystroke.
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (s.start >= from) {
      s.start += delta;
      s.end += delta;
    } else if (s.end >= from) s.end += delta;
  }
}

/** Whether a span lies inside the value of one of the file's entities or resource entries (not between them). */
function insideAValue(file: AccountFile, span: Span): boolean {
  const item = itemAt(file, span.start);
  const value = item?.entity?.span ?? item?.resource?.span;
  return !!value && value.start < span.start && span.end <= value.end;
}

function within(s: Span, start: number, end: number): boolean {
  return s.start >= start && s.end <= end;
}

/** What an incremental re-parse made: the new model and the one entity it replaced. */
export interface IncrementalParse {
  file: AccountFile;
  section: EntitySection;
  /** The entity as it was (its object is no longer part of the model). */
  before: Entity;
  /** The entity parsed again, in its place. */
  after: Entity;
  /** Where the edit ended in the previous text; everything from there on moved by `delta`. */
  at: number;
  /** Where the edit started (the same offset in both texts). */
  start: number;
  delta: number;
  /** True when the edit was inside the entity's key and changed its name (`before.name !== after.name`). */
  renamed?: boolean;
}

/** Why the last call fell back to a full parse (for tests and the log). */
export let lastFallback = '';

/**
 * `hint`, when given, is where the texts differ as the editor reported it (every character outside it is the same
 * in both: the caller vouches for that); it saves comparing the whole texts (~20 ms for 5 MB built by
 * concatenation, as the editor's document is).
 */
export function reparseIncrementally(old: AccountFile, text: string, minBytes = INCREMENTAL_MIN_BYTES, hint?: TextChange): IncrementalParse | undefined {
  const no = (why: string) => {
    lastFallback = why;
    return undefined;
  };
  if (text.length < minBytes || old.text.length < minBytes) return no('small file');
  const { start, oldEnd, newEnd } = (hint && narrowedRange(old.text, text, hint)) ?? changedRange(old.text, text);
  const delta = newEnd - oldEnd;
  const item = itemAt(old, start);
  const entity = item?.entity;
  if (!item || !entity || !ENTITY_SECTIONS.includes(item.section as EntitySection)) return no('not inside an entity');
  // The edit must sit strictly inside the entity's value object, after its key, or strictly inside its key's
  // string (between the quotes: a rename, see below).
  const inKey = entity.nameSpan.start < start && oldEnd < entity.nameSpan.end && old.text[entity.nameSpan.start] === '"' && old.text[entity.nameSpan.end - 1] === '"';
  if (!inKey && !(entity.span.start < start && oldEnd < entity.span.end && start > entity.nameSpan.end)) return no('not inside the value');
  if (old.text[entity.span.start] !== '{' || old.text[entity.span.end - 1] !== '}') return no('value is not an object');
  const section = item.section as EntitySection;
  const sectionMap = old[section] as Map<string, Entity>;
  // A rename is exact only when no entity's name is written twice: the first of two equal keys wins and the
  // second is reported against it, which a parse of one entity can't see. (Keys written twice inside an entity's
  // value don't matter here.)
  if (inKey && (sectionMap.get(entity.name) !== entity || old.findings.some((f) => f.code === 'parse/duplicate-key' && !insideAValue(old, f.span)))) return no('a duplicate key');
  const keyStart = entity.nameSpan.start;
  const valueEndNew = entity.span.end + delta;

  // Parse the entity alone, in a tiny file with the same account, then move it where it belongs.
  const account = old.account.id ? { id: old.accountId, partition: old.account.partition } : { partition: old.account.partition };
  const prefix = `{"account":${JSON.stringify(account)},${JSON.stringify(section)}:{`;
  const mini = parseAccountFile(old.uri, `${prefix}${text.slice(keyStart, valueEndNew)}}}`);
  if (mini.findings.some((f) => f.code.startsWith('parse/'))) return no('syntax error');
  const map = mini[section] as Map<string, Entity>;
  const fresh = map.size === 1 ? [...map.values()][0] : undefined;
  if (!fresh || (!inKey && fresh.name !== entity.name)) return no('entity not found again');
  const renamed = fresh.name !== entity.name;
  // A new name another entity of the section already has: a duplicate key, for the full parse to report.
  if (renamed && sectionMap.has(fresh.name)) return no('renamed to a name in use');
  // The slice must read as this one key and its object, nothing more: an edit that closes the entity and
  // opens others (`}, "other": {`, `}}, "roles": {`) still parses in the tiny file, as other entries.
  if (fresh.nameSpan.start !== prefix.length || fresh.span.end !== prefix.length + (valueEndNew - keyStart)) return no('the edit reaches past the entity');

  // From here on the edit fits: nothing below falls back, and the previous model is consumed.
  // Findings are copied before the model moves: they may share span objects with it.
  const offset = keyStart - prefix.length;
  const freshFindings = mini.findings.filter((f) => f.span.start >= prefix.length && f.uri === old.uri).map((f) => movedFinding(f, old.uri, 0, offset));
  const kept: Finding[] = [];
  for (const f of old.findings) {
    if (within(f.span, keyStart, entity.span.end)) continue; // the entity's own findings are re-made
    kept.push(f.span.end >= oldEnd || f.related?.length || f.fixes?.length ? movedFinding(f, old.uri, oldEnd, delta) : f);
  }

  shiftSpans(spansOf(fresh), 0, offset);
  // Everything after the edit moves by delta, in place: the entities and resource entries after it,
  // and the account's spans that enclose it.
  const items = entityIndex(old); // moved in place too: the old file is consumed
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const owner = it.entity ?? it.resource;
    if (it.entity === entity) {
      const { start: from, end: to } = entityExtent(fresh);
      items[i] = { start: from, end: to, entity: fresh, section: it.section };
    }
    else if (it.start > entity.span.end && owner) {
      shiftSpans(spansOf(owner), oldEnd, delta);
      it.start += delta;
      it.end += delta;
    }
  }
  const accountSpans: Span[] = [];
  collectSpans(old.account, accountSpans, new Set());
  shiftSpans(accountSpans, oldEnd, delta);

  if (!renamed) sectionMap.set(entity.name, fresh);
  else {
    // The map in the text's order, as a full parse makes it, with the entity under its new name.
    const entries = [...sectionMap];
    sectionMap.clear();
    for (const [name, e] of entries) {
      if (e === entity) sectionMap.set(fresh.name, fresh);
      else sectionMap.set(name, e);
    }
  }
  const file: AccountFile = {
    ...old,
    text,
    lines: LineIndex.afterEdit(old.lines, text, start, oldEnd, newEnd, true),
    findings: [...kept, ...freshFindings].sort((a, b) => a.span.start - b.span.start),
  };
  setEntityIndex(file, items);
  return { file, section, before: entity, after: fresh, at: oldEnd, start, delta, ...(renamed ? { renamed: true } : {}) };
}
