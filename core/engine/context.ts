import type { Caller } from './principal';
import type { ContextInput, ContextValue } from './types';

/**
 * The request context: keys looked up case-insensitively. Holds what the caller supplied plus what
 * AWS fills in from the principal; supplied values win.
 */
export class RequestContext {
  private readonly base: Map<string, ContextValue>;
  private readonly supplied: Map<string, ContextValue>;
  private readonly now: Date;

  constructor(input: ContextInput | undefined, caller: Caller, resourceAccount: string | undefined, now?: Date) {
    this.now = now ?? new Date();
    this.base = callerKeys(caller, resourceAccount);
    this.supplied = input ? suppliedKeys(input) : EMPTY;
  }

  /** The key's value(s), or undefined when absent. `aws:CurrentTime`/`aws:EpochTime` default to now. */
  get(key: string): ContextValue | undefined {
    const k = key.toLowerCase();
    const v = this.supplied.get(k) ?? this.base.get(k);
    if (v) return v;
    if (k === 'aws:currenttime') return { values: [this.now.toISOString().replace(/\.\d{3}Z$/, 'Z')], multi: false };
    if (k === 'aws:epochtime') return { values: [String(Math.floor(this.now.getTime() / 1000))], multi: false };
    return undefined;
  }

  /** For policy variables: a single value, or undefined (absent or multivalued). */
  single(key: string): string | undefined {
    const v = this.get(key);
    if (!v || v.multi || v.values.length !== 1) return undefined;
    return v.values[0];
  }

  /** True when the key was supplied or filled in (the time keys always count as present). */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

const EMPTY = new Map<string, ContextValue>();

// Both caches are keyed by objects callers reuse (the parsed caller, the context object), so
// evaluating many requests with the same context costs one conversion.
const suppliedCache = new WeakMap<ContextInput, { map: Map<string, ContextValue>; entries: [string, unknown][] }>();
const callerCache = new WeakMap<Caller, Map<string, Map<string, ContextValue>>>();

/** The supplied keys, lower-cased; reused while the context object holds the same values (a cheap check). */
function suppliedKeys(input: ContextInput): Map<string, ContextValue> {
  const hit = suppliedCache.get(input);
  if (hit && unchanged(input, hit.entries)) return hit.map;
  const entries = Object.entries(input);
  const map = new Map<string, ContextValue>();
  for (const [k, v] of entries) map.set(k.toLowerCase(), toContextValue(v));
  suppliedCache.set(input, { map, entries });
  return map;
}

function unchanged(input: ContextInput, entries: [string, unknown][]): boolean {
  let n = 0;
  for (const k in input) {
    if (n >= entries.length || entries[n][0] !== k || entries[n][1] !== input[k]) return false;
    n++;
  }
  return n === entries.length;
}

function callerKeys(caller: Caller, resourceAccount: string | undefined): Map<string, ContextValue> {
  let byAccount = callerCache.get(caller);
  if (!byAccount) callerCache.set(caller, (byAccount = new Map()));
  const key = resourceAccount ?? '';
  let m = byAccount.get(key);
  if (!m) {
    m = new Map();
    fillFromCaller(m, caller, resourceAccount);
    byAccount.set(key, m);
  }
  return m;
}

export function toContextValue(v: ContextInput[string]): ContextValue {
  if (Array.isArray(v)) return { values: v.map(String), multi: true };
  if (v && typeof v === 'object') return { values: v.values.map(String), multi: v.multi };
  return { values: [String(v)], multi: false };
}

function set(map: Map<string, ContextValue>, key: string, value: string | undefined): void {
  if (value !== undefined) map.set(key.toLowerCase(), { values: [value], multi: false });
}

function fillFromCaller(map: Map<string, ContextValue>, c: Caller, resourceAccount: string | undefined): void {
  const i = c.input;
  if (i.unnamed) return;
  set(map, 'aws:PrincipalType', c.principalType);
  if (c.kind === 'anonymous') return;
  if (c.kind === 'service') {
    set(map, 'aws:PrincipalServiceName', c.arn);
    set(map, 'aws:PrincipalIsAWSService', 'true');
    return;
  }
  set(map, 'aws:PrincipalIsAWSService', 'false');
  if (c.kind === 'federated' || c.kind === 'canonical-user') return;
  set(map, 'aws:PrincipalArn', c.principalArn);
  set(map, 'aws:PrincipalAccount', c.account);
  if (c.kind === 'user') set(map, 'aws:username', c.name);
  set(map, 'aws:userid', i.userId ?? (c.kind === 'root' ? c.account : c.kind === 'federated-user' ? `${c.account}:${c.name}` : undefined));
  set(map, 'aws:SourceIdentity', i.sourceIdentity);
  set(map, 'aws:PrincipalOrgID', i.orgId);
  if (c.kind === 'assumed-role' || c.kind === 'role') set(map, 'aws:RoleSessionName', c.sessionName);
  set(map, 'aws:ResourceAccount', resourceAccount);
  if (i.tags) for (const [k, v] of Object.entries(i.tags)) set(map, `aws:PrincipalTag/${k}`, v);
}
