/**
 * The effective-access diff between two workspaces (two versions of the same account files): per
 * user and role, the access gained and lost; per role, who gained or lost the ability to assume it;
 * per resource policy, who outside the account gained or lost access, and whether it became public.
 * Everything is decided by the evaluator (core/engine). Only what changed is recomputed: principals
 * whose documents are canonically the same on both sides are skipped, and for the others only the
 * actions a changed statement covers are asked about.
 */
import type { PolicySource } from '../../engine/types';
import type { Role, User, Workspace } from '../../model';
import { AssumeResolver, type Assumer } from '../graph/assume';
import { documentId, trimInterned } from './canonical';
import { changedActions, covers, grantKey, grantsFor, principalContext, resourcePoliciesNaming, type Grant, type PrincipalContext } from './access';
import { isExternal, scopeOf, type Scope } from './organization';
import { anyoneUnder, resourceAccess, type ResourceAccess } from './resources';

export { organizationAccounts, scopeOf, isExternal, type Scope } from './organization';
export { canonicalJson, canonicalDocument } from './canonical';
export type { Grant, GrantSource } from './access';
export type { ResourceAccess } from './resources';

export interface PrincipalDiff {
  arn: string;
  kind: 'user' | 'role';
  /** `added` / `removed` when the principal exists on one side only. */
  status: 'changed' | 'added' | 'removed';
  gained: Grant[];
  lost: Grant[];
}

export interface AssumerEntry {
  /** The principal's ARN, the account id, the service or provider, or `*`. */
  principal: string;
  kind: Assumer['kind'];
  scope: Scope | 'service' | 'federated';
  /** Context keys the trust policy's conditions read (the assumer gets in only if they hold). */
  conditions: string[];
  note?: string;
  /** Where the trust policy lets it in (the principal's mention, else the trust policy). */
  uri: string;
  span?: import('../../text/span').Span;
}

export interface RoleDiff {
  arn: string;
  uri: string;
  status: 'changed' | 'added' | 'removed';
  gained: AssumerEntry[];
  lost: AssumerEntry[];
}

export interface ResourceDiff {
  arn: string;
  uri: string;
  account: string;
  /** The widest reach before and after: account (none outside), organization, outside-organization, public. */
  before: Scope;
  after: Scope;
  gained: ResourceAccess[];
  lost: ResourceAccess[];
}

export interface AccessDiff {
  principals: PrincipalDiff[];
  roles: RoleDiff[];
  resources: ResourceDiff[];
  /** How much was recomputed (for the benchmark and the curious). */
  stats: { principals: number; recomputed: number; roles: number; rolesRecomputed: number; resources: number; resourcesRecomputed: number };
}

type Side = { ws: Workspace; naming: Map<string, Map<string, PolicySource>>; resolver?: AssumeResolver };

function principalsOf(ws: Workspace): Map<string, User | Role> {
  const out = new Map<string, User | Role>();
  for (const f of ws.files) {
    for (const u of f.users.values()) out.set(u.arn.toLowerCase(), u);
    for (const r of f.roles.values()) out.set(r.arn.toLowerCase(), r);
  }
  return out;
}

const byKey = <T>(list: T[], key: (t: T) => string) => new Map(list.map((t) => [key(t), t]));

/** Grants of `after` that `before` lacks (not held, nor covered by a wider grant). */
function gainedGrants(before: PrincipalContext | undefined, after: PrincipalContext, grantsBefore: Grant[], grantsAfter: Grant[]): Grant[] {
  const had = byKey(grantsBefore, grantKey);
  return grantsAfter.filter((g) => !had.has(grantKey(g)) && !(before && covers(before, g)));
}

function sortGrants(list: Grant[]): Grant[] {
  return list.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}

/**
 * The two sides of a diff as the phases read them (`diffSides`): each workspace with its resource-policy index and,
 * once asked, its assume resolver. Keep them for both phases of a partitioned diff (`diffPrincipals`, `diffRest`).
 */
export type DiffSides = { b: Side; h: Side; principals?: PrincipalIndex; memo?: Map<string, unknown> };

/** What a phase indexes of both sides, made once per sides (a partitioned diff asks once per part). */
function once<T>(sides: DiffSides, key: string, make: () => T): T {
  sides.memo ??= new Map();
  if (!sides.memo.has(key)) sides.memo.set(key, make());
  return sides.memo.get(key) as T;
}

/** The principals of both sides by lower-cased ARN, the keys sorted: made once per sides (a partitioned diff asks per part). */
type PrincipalIndex = { pb: Map<string, User | Role>; ph: Map<string, User | Role>; keys: string[]; providersChanged: boolean };

function principalIndex(sides: DiffSides): PrincipalIndex {
  if (!sides.principals) {
    const pb = principalsOf(sides.b.ws);
    const ph = principalsOf(sides.h.ws);
    sides.principals = { pb, ph, keys: [...new Set([...pb.keys(), ...ph.keys()])].sort(), providersChanged: providersChanged(sides.b.ws, sides.h.ws) };
  }
  return sides.principals;
}

export function diffSides(base: Workspace, head: Workspace): DiffSides {
  return { b: { ws: base, naming: resourcePoliciesNaming(base) }, h: { ws: head, naming: resourcePoliciesNaming(head) } };
}

/**
 * Which principals, roles and resources a partitioned diff computes (the CLI's worker threads, `cli/jobs/`): those
 * of these files, a thing belonging to the file that describes it in `head`, or in `base` when it is gone. Every
 * list of the whole diff is sorted by lower-cased ARN, so the parts merge by that key; the phases are split at the
 * one whole-workspace fact (`assumeTouched`, the OR of every part's).
 */
export type DiffPart = ReadonlySet<string>;

/** First phase: the principals' gained and lost grants, and whether any change reaches who may assume roles. */
export function diffPrincipals(sides: DiffSides, part?: DiffPart): { principals: PrincipalDiff[]; assumeTouched: boolean; total: number; recomputed: number } {
  const { b, h } = sides;
  const base = b.ws;
  const head = h.ws;
  const { pb, ph, keys, providersChanged: providers } = principalIndex(sides);
  const principals: PrincipalDiff[] = [];
  let recomputed = 0;
  let total = 0;
  // Does any change reach who may call sts:AssumeRole (then every role's assumers are asked again)?
  let assumeTouched = false;
  for (const key of keys) {
    const before = pb.get(key);
    const after = ph.get(key);
    if (part && !part.has((after ?? before)!.uri)) continue;
    total++;
    const cb = before && principalContext(base, before, b.naming);
    const ch = after && principalContext(head, after, h.naming);
    let actions: Set<string> | undefined;
    if (cb && ch) {
      const changed = changedActions(cb, ch);
      if (changed === 'none') continue;
      actions = changed;
    } else assumeTouched = true;
    recomputed++;
    if (!actions || [...actions].some((a) => a === 'sts:assumerole' || a.startsWith('sts:assumerolewith'))) assumeTouched = true;
    const gb = cb ? grantsFor(cb, actions) : [];
    const gh = ch ? grantsFor(ch, actions) : [];
    const gained = ch ? gainedGrants(cb, ch, gb, gh) : [];
    const lost = cb ? gainedGrants(ch, cb, gh, gb) : [];
    if (!gained.length && !lost.length && cb && ch) continue;
    const p = (after ?? before)!;
    principals.push({ arn: p.arn, kind: p.kind, status: !cb ? 'added' : !ch ? 'removed' : 'changed', gained: sortGrants(gained), lost: sortGrants(lost) });
  }
  if (providers) assumeTouched = true;
  return { principals, assumeTouched, total, recomputed };
}

/** Second phase: the roles' gained and lost assumers (every role's when `assumeTouched`), the resources' outside access. */
export function diffRest(sides: DiffSides, assumeTouched: boolean, part?: DiffPart): Pick<AccessDiff, 'roles' | 'resources'> & { roleStats: { total: number; recomputed: number }; resourceStats: { total: number; recomputed: number } } {
  const roles = diffRoles(sides, assumeTouched, part);
  const resources = diffResources(sides, part);
  return { roles: roles.list, resources: resources.list, roleStats: roles, resourceStats: resources };
}

/** The access diff from `base` to `head`. */
export function diffAccess(base: Workspace, head: Workspace): AccessDiff {
  trimInterned();
  const sides = diffSides(base, head);
  const p = diffPrincipals(sides);
  const rest = diffRest(sides, p.assumeTouched);
  return {
    principals: p.principals,
    roles: rest.roles,
    resources: rest.resources,
    stats: {
      principals: p.total,
      recomputed: p.recomputed,
      roles: rest.roleStats.total,
      rolesRecomputed: rest.roleStats.recomputed,
      resources: rest.resourceStats.total,
      resourcesRecomputed: rest.resourceStats.recomputed,
    },
  };
}

function providersChanged(base: Workspace, head: Workspace): boolean {
  const ids = (ws: Workspace) => ws.files.flatMap((f) => [...f.identityProviders.values()].map((p) => `${p.arn}|${p.type}`)).sort().join(',');
  const orgs = (ws: Workspace) => ws.files.map((f) => `${f.accountId}:${f.account.organization ? 1 : 0}`).sort().join(',');
  return ids(base) !== ids(head) || orgs(base) !== orgs(head);
}

function assumerEntries(side: Side, role: Role): Map<string, AssumerEntry> {
  side.resolver ??= new AssumeResolver(side.ws);
  const owner = side.ws.file(role.uri)?.accountId ?? '';
  const out = new Map<string, AssumerEntry>();
  for (const a of side.resolver.assumersOf(role)) {
    let scope: AssumerEntry['scope'];
    if (a.kind === 'service') scope = 'service';
    else if (a.kind === 'federated') scope = 'federated';
    else if (a.kind === 'anyone') scope = a.conditional ? anyoneUnder(a.conditionKeys) : 'public';
    else if (a.kind === 'user' || a.kind === 'role') scope = scopeOf(side.ws, owner, side.ws.file(a.entity!.uri)?.accountId);
    else scope = scopeOf(side.ws, owner, a.value);
    const e: AssumerEntry = { principal: a.value, kind: a.kind, scope, conditions: a.conditionKeys, uri: role.uri, span: a.span ?? role.trustPolicy?.span };
    if (a.summary) e.note = a.summary;
    out.set(`${a.kind}|${a.value.toLowerCase()}|${a.conditionKeys.join(',')}|${a.summary ?? ''}`, e);
  }
  return out;
}

function diffRoles(sides: DiffSides, everyRole: boolean, part?: DiffPart): { list: RoleDiff[]; total: number; recomputed: number } {
  const { b, h } = sides;
  const { rb, rh, keys } = once(sides, 'roles', () => {
    const rb = new Map(b.ws.roles().map((r) => [r.arn.toLowerCase(), r]));
    const rh = new Map(h.ws.roles().map((r) => [r.arn.toLowerCase(), r]));
    return { rb, rh, keys: [...new Set([...rb.keys(), ...rh.keys()])].sort() };
  });
  const list: RoleDiff[] = [];
  let recomputed = 0;
  let total = 0;
  for (const key of keys) {
    const before = rb.get(key);
    const after = rh.get(key);
    if (part && !part.has((after ?? before)!.uri)) continue;
    total++;
    const trust = (r?: Role, ws?: Workspace) => (r?.trustPolicy ? documentId(r.trustPolicy, ws?.file(r.uri)?.text) : 0);
    if (before && after && !everyRole && trust(before, b.ws) === trust(after, h.ws)) continue;
    recomputed++;
    const eb = before ? assumerEntries(b, before) : new Map<string, AssumerEntry>();
    const eh = after ? assumerEntries(h, after) : new Map<string, AssumerEntry>();
    const gained = [...eh].filter(([k]) => !eb.has(k)).map(([, e]) => e);
    const lost = [...eb].filter(([k]) => !eh.has(k)).map(([, e]) => e);
    if (!gained.length && !lost.length) continue;
    const r = (after ?? before)!;
    list.push({ arn: r.arn, uri: r.uri, status: !before ? 'added' : !after ? 'removed' : 'changed', gained, lost });
  }
  return { list, total, recomputed };
}

const SCOPE_RANK: Scope[] = ['account', 'organization', 'outside-organization', 'public'];
function widest(list: ResourceAccess[]): Scope {
  let best = 0;
  for (const a of list) { if (a.scope !== 'service') best = Math.max(best, SCOPE_RANK.indexOf(a.scope as Scope)); }
  return SCOPE_RANK[best];
}

function diffResources(sides: DiffSides, part?: DiffPart): { list: ResourceDiff[]; total: number; recomputed: number } {
  const base = sides.b.ws;
  const head = sides.h.ws;
  const entries = (ws: Workspace) => {
    const m = new Map<string, { arn: string; uri: string; account: string; policy?: import('../../policy/types').PolicyDocument; ws: Workspace }>();
    for (const f of ws.files) { for (const r of f.resources) { m.set(r.arn.toLowerCase(), { arn: r.arn, uri: r.uri, account: f.accountId, policy: r.policy, ws }); } }
    return m;
  };
  const { eb, eh, keys } = once(sides, 'resources', () => {
    const eb = entries(base);
    const eh = entries(head);
    return { eb, eh, keys: [...new Set([...eb.keys(), ...eh.keys()])].sort() };
  });
  const orgChanged = principalIndex(sides).providersChanged;
  const list: ResourceDiff[] = [];
  let recomputed = 0;
  let total = 0;
  for (const key of keys) {
    const before = eb.get(key);
    const after = eh.get(key);
    if (part && !part.has((after ?? before)!.uri)) continue;
    total++;
    const doc = (e?: typeof before) => (e?.policy ? documentId(e.policy, e.ws.file(e.uri)?.text) : 0);
    if (!orgChanged && doc(before) === doc(after)) continue;
    recomputed++;
    const ab = before?.policy ? resourceAccess(base, before.arn, before.account, before.policy) : [];
    const ah = after?.policy ? resourceAccess(head, after.arn, after.account, after.policy) : [];
    const k = (a: ResourceAccess) => `${a.principal.toLowerCase()}|${a.scope}|${a.action.toLowerCase()}|${a.conditions.join(',')}`;
    const mb = byKey(ab, k);
    const mh = byKey(ah, k);
    const gained = ah.filter((a) => !mb.has(k(a)) && isExternal(a.scope));
    const lost = ab.filter((a) => !mh.has(k(a)) && isExternal(a.scope));
    const e = (after ?? before)!;
    const wb = widest(ab);
    const wh = widest(ah);
    if (!gained.length && !lost.length && wb === wh) continue;
    list.push({ arn: e.arn, uri: e.uri, account: e.account, before: wb, after: wh, gained, lost });
  }
  return { list, total, recomputed };
}

/** Did the change give anyone access (`new-access`), access from outside the account (`external-access`), public access? */
export function diffHas(diff: AccessDiff, what: 'new-access' | 'external-access' | 'public-access'): boolean {
  if (what === 'new-access') return diff.principals.some((p) => p.gained.length) || diff.roles.some((r) => r.gained.length) || diff.resources.some((r) => r.gained.length);
  if (what === 'public-access') return diff.roles.some((r) => r.gained.some((a) => a.scope === 'public')) || diff.resources.some((r) => r.gained.some((a) => a.scope === 'public'));
  return diff.roles.some((r) => r.gained.some((a) => isExternal(a.scope))) || diff.resources.some((r) => r.gained.some((a) => isExternal(a.scope)));
}
