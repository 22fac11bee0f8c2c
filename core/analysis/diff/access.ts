/**
 * A principal's access, action by action: the grants (action × resource pattern × conditions) its
 * Allow statements make, each decided by the evaluator with the principal's whole policy set
 * (identity policies incl. groups', boundary, SCP levels; for a resource policy that names the
 * principal, that policy too), so a Deny, a boundary or an SCP takes a grant away or restricts it.
 */
import { getCatalog, wildcardMatcher } from '../../data/catalog';
import { evaluate } from '../../engine';
import type { PolicySet, PolicySource, PrincipalInput } from '../../engine/types';
import type { Role, User, Workspace } from '../../model';
import type { PolicyDocument, Statement } from '../../policy/types';
import type { Span } from '../../text/span';
import { statementActions } from '../effective';
import { rcpLevelsOf, roleSession, userSession } from '../simulate/principal';
import { conditionStrings, documentId, statementIds } from './canonical';

/** One layer's document as the diff sees it. */
export interface LayerDoc {
  /** `identity`, `boundary`, `scp:N` or `resource:<arn>`. */
  layer: string;
  source: PolicySource;
}

/** A principal's documents and the caller the evaluator is asked as. */
export interface PrincipalContext {
  arn: string;
  kind: 'user' | 'role';
  uri: string;
  caller: PrincipalInput;
  set: PolicySet;
  /** Every document that applies, each with its layer (resource policies that name the principal included). */
  docs: LayerDoc[];
  /** Resource policies naming the principal, by resource ARN. */
  resourcePolicies: Map<string, PolicySource>;
  /** The text of a workspace file (documents as written, to skip canonicalising unchanged ones). */
  text: (uri: string) => string | undefined;
  shape?: string;
}

/** Where a grant comes from. */
export interface GrantSource {
  /** The policy's id as the evaluator names it (a policy ARN, `user/alice/inline/x`, a resource ARN). */
  policy: string;
  uri: string;
  span: Span;
  sid?: string;
}

/** One grant: an action on a resource pattern, under conditions. */
export interface Grant {
  action: string;
  resource: string;
  /** The allowing statement's conditions (`Operator key = values`). */
  conditions: string[];
  /** Context keys a Deny, boundary or SCP reads that decide whether the grant holds (missing context). */
  restrictedBy: string[];
  source: GrantSource;
}

export function grantKey(g: Grant): string {
  return `${g.action.toLowerCase()}|${g.resource}|${g.conditions.join('&')}|${g.restrictedBy.join('&')}`;
}

function layerDocs(set: PolicySet, resources: Map<string, PolicySource>): LayerDoc[] {
  const out: LayerDoc[] = [];
  for (const s of set.identity ?? []) { out.push({ layer: 'identity', source: s }); }
  for (const s of set.boundary ?? []) { out.push({ layer: 'boundary', source: s }); }
  (set.scpLevels ?? []).forEach((level, i) => level.forEach((s) => out.push({ layer: `scp:${i}`, source: s })));
  (set.rcpLevels ?? []).forEach((level, i) => level.forEach((s) => out.push({ layer: `rcp:${i}`, source: s })));
  for (const [arn, s] of resources) out.push({ layer: `resource:${arn}`, source: s });
  return out;
}

/** Resource policies of the workspace that name a principal ARN, by lower-case principal ARN. */
export function resourcePoliciesNaming(ws: Workspace): Map<string, Map<string, PolicySource>> {
  const out = new Map<string, Map<string, PolicySource>>();
  for (const f of ws.files) {
    for (const r of f.resources) {
      if (!r.policy) continue;
      for (const st of r.policy.statements) {
        if (st.effect?.value !== 'Allow' || !st.principal) continue;
        for (const e of st.principal.entries) {
          if (e.type.value !== 'AWS') continue;
          for (const v of e.values) {
            if (!/^arn:[^:]+:iam::\d{12}:(user|role)\//.test(v.value)) continue;
            const key = v.value.toLowerCase();
            let m = out.get(key);
            if (!m) out.set(key, (m = new Map()));
            m.set(r.arn, { doc: r.policy, id: r.arn, sourceType: 'resource' });
          }
        }
      }
    }
  }
  return out;
}

/** The documents and caller of a user or role. */
export function principalContext(ws: Workspace, p: User | Role, naming: Map<string, Map<string, PolicySource>>): PrincipalContext {
  const session = p.kind === 'user' ? userSession(ws, p) : roleSession(ws, p, 'access-diff');
  const resources = naming.get(p.arn.toLowerCase()) ?? new Map<string, PolicySource>();
  // The RCPs of the principal's own account govern its requests to that account's resources.
  const rcpLevels = rcpLevelsOf(ws, ws.file(p.uri));
  if (rcpLevels) session.policies = { ...session.policies, rcpLevels };
  return {
    arn: p.arn,
    kind: p.kind,
    uri: p.uri,
    caller: session.principal,
    set: session.policies,
    docs: layerDocs(session.policies, resources),
    resourcePolicies: resources,
    text: (uri) => ws.file(uri)?.text,
  };
}

function statementKey(d: LayerDoc, st: Statement): string {
  return `${d.layer}\u0000${statementIds(d.source.doc)[st.index] ?? `#${st.index}`}`;
}

/** Every statement that decides the principal's access, canonically, with its layer. */
export function statementKeys(ctx: PrincipalContext): string[] {
  const out: string[] = [];
  for (const d of ctx.docs) { for (const st of d.source.doc.statements) { out.push(statementKey(d, st)); } }
  return out;
}

/** A fingerprint of what decides the principal's access: its caller, layers and every document, canonically. */
export function fingerprint(ctx: PrincipalContext): string {
  return `${layerShape(ctx)}#${ctx.docs.map((d) => `${d.layer}:${documentId(d.source.doc, ctx.text(d.source.doc.uri))}`).join(',')}`;
}

/** The layers present (boundary yes/no, SCP level count, tags): when they differ, every action may answer differently. */
export function layerShape(ctx: PrincipalContext): string {
  if (ctx.shape === undefined) {
    const tags = ctx.caller.tags ? JSON.stringify(Object.entries(ctx.caller.tags).sort()) : '';
    ctx.shape = `${ctx.set.boundary?.length ? 'B' : ''}|${ctx.set.scpLevels?.length ?? 0}|${ctx.set.rcpLevels?.length ?? 0}|${ctx.caller.arn}|${tags}`;
  }
  return ctx.shape;
}

/** The statements of a layer document, with the document (for canonical forms). */
function* statementsOf(ctx: PrincipalContext): Iterable<{ d: LayerDoc; st: Statement }> {
  for (const d of ctx.docs) { for (const st of d.source.doc.statements) { yield { d, st }; } }
}

/** Action names a statement covers: catalogue actions, or the literal names the catalogue does not know. */
export function actionNames(st: Statement): string[] {
  const known = statementActions(st).map((a) => a.id);
  if (st.action) {
    const catalog = getCatalog();
    for (const v of st.action.values) { if (!/[*?]/.test(v.value) && !catalog.action(v.value)) known.push(v.value); }
  }
  return known;
}

const actionCache = new WeakMap<Statement, Map<string, string>>();
/** The statement's action names by lower-case name (cached per statement). */
function actionMap(st: Statement): Map<string, string> {
  let hit = actionCache.get(st);
  if (!hit) actionCache.set(st, (hit = new Map(actionNames(st).map((a) => [a.toLowerCase(), a]))));
  return hit;
}
function actionSet(st: Statement): Iterable<string> {
  return actionMap(st).keys();
}

const properNames = new Map<string, string>();
/** An action's name as the catalogue writes it (`s3:getobject` → `s3:GetObject`), else as given. */
function properName(lower: string): string {
  let hit = properNames.get(lower);
  if (hit === undefined) properNames.set(lower, (hit = getCatalog().action(lower)?.id ?? lower));
  return hit;
}

/** Does the statement's Action / NotAction cover the action (tested against its patterns, not expanded)? */
function covers1(st: Statement, action: string): boolean {
  if (st.action) return st.action.values.some((v) => wildcardMatcher(v.value)(action));
  if (st.notAction) return !st.notAction.values.some((v) => wildcardMatcher(v.value)(action));
  return false;
}

const coveredCache = new WeakMap<Statement, { actions: Set<string>; names: string[] }>();

/** The names of `actions` (lower case; all when undefined) the statement covers. */
function coveredNames(st: Statement, actions: Set<string> | undefined): string[] {
  // A few actions asked about (a changed statement's, a pinned check's): test the patterns, expand nothing.
  if (actions && actions.size <= 32 && !actionCache.has(st)) {
    // Statements are shared by every principal that attaches their policy: the last answer is kept per statement.
    const last = coveredCache.get(st);
    if (last && last.actions === actions) return last.names;
    const names: string[] = [];
    for (const a of actions) if (covers1(st, a)) names.push(properName(a));
    coveredCache.set(st, { actions, names });
    return names;
  }
  const map = actionMap(st);
  if (!actions) return [...map.values()];
  const out: string[] = [];
  if (actions.size < map.size) {
    for (const a of actions) {
      const name = map.get(a);
      if (name) out.push(name);
    }
  } else for (const [k, name] of map) if (actions.has(k)) out.push(name);
  return out;
}

function resourcesOf(st: Statement, resourceArn?: string): string[] {
  if (st.resource) return st.resource.values.map((v) => v.value);
  if (st.notResource) return [`* except ${st.notResource.values.map((v) => v.value).join(', ')}`];
  return [resourceArn ?? '*'];
}

function requestResource(resource: string): string {
  return resource.startsWith('* except ') ? '*' : resource;
}

/** The request's outcome: allowed (with the missing keys it hangs on), or refused. */
export function decide(ctx: PrincipalContext, action: string, resource: string, resourcePolicy?: PolicySource): { allowed: boolean; missing: string[] } {
  const set: PolicySet = resourcePolicy ? { ...ctx.set, resource: resourcePolicy, resourceKind: 'resource' } : ctx.set;
  const r = evaluate({ principal: ctx.caller, action, resource: requestResource(resource) }, set);
  // Allowed: a missing key restricts it only when a Deny reads it (an Allow's unmet condition doesn't).
  if (r.decision === 'allowed') {
    const deny = denyKeys(ctx);
    return { allowed: true, missing: r.missingContextKeys.filter((k) => deny.has(k.toLowerCase())).sort() };
  }
  if (r.decision === 'implicitDeny' && r.missingContextKeys.length) return { allowed: true, missing: [...r.missingContextKeys].sort() };
  return { allowed: false, missing: [] };
}

const denyKeyCache = new WeakMap<PrincipalContext, Set<string>>();
/** Condition keys the principal's Deny statements read (lower case). */
function denyKeys(ctx: PrincipalContext): Set<string> {
  let hit = denyKeyCache.get(ctx);
  if (!hit) {
    hit = new Set();
    for (const d of ctx.docs) { for (const st of d.source.doc.statements) { if (st.effect?.value === 'Deny') for (const c of st.conditions) { hit.add(c.key.value.toLowerCase()); } } }
    denyKeyCache.set(ctx, hit);
  }
  return hit;
}

function conditionKeysOf(st: Statement): Set<string> {
  return new Set(st.conditions.map((c) => c.key.value.toLowerCase()));
}

/**
 * The grants of the principal for the given actions (lower-case names; undefined = every action an
 * Allow names), each kept only when the evaluator allows it, maybe under conditions.
 */
export function grantsFor(ctx: PrincipalContext, actions: Set<string> | undefined): Grant[] {
  const out = new Map<string, Grant>();
  for (const { d, st } of statementsOf(ctx)) {
    if (st.effect?.value !== 'Allow') continue;
    const isResource = d.layer.startsWith('resource:');
    if (d.layer !== 'identity' && !isResource) continue;
    if (isResource && !namesPrincipal(st, ctx.arn)) continue;
    const resourceArn = isResource ? d.layer.slice('resource:'.length) : undefined;
    const names = coveredNames(st, actions);
    if (!names.length) continue;
    const conditions = conditionStrings(st);
    const own = conditionKeysOf(st);
    const source: GrantSource = { policy: d.source.id, uri: d.source.doc.uri, span: st.span, sid: st.sid?.value };
    for (const action of names) {
      for (const resource of resourcesOf(st, resourceArn)) {
        const verdict = decide(ctx, action, resource, isResource ? d.source : undefined);
        if (!verdict.allowed) continue;
        const g: Grant = { action, resource, conditions, restrictedBy: verdict.missing.filter((k) => !own.has(k.toLowerCase())), source };
        const key = grantKey(g);
        if (!out.has(key)) out.set(key, g);
      }
    }
  }
  return [...out.values()];
}

function namesPrincipal(st: Statement, arn: string): boolean {
  const lower = arn.toLowerCase();
  return st.principal?.entries.some((e) => e.type.value === 'AWS' && e.values.some((v) => v.value.toLowerCase() === lower)) ?? false;
}

/**
 * Is grant `g` (of the other side) already held by this side: allowed for the same action and
 * resource, hanging on no context key beyond the ones `g` itself hangs on?
 */
export function covers(ctx: PrincipalContext, g: Grant): boolean {
  const resourcePolicy = g.source.policy.startsWith('arn:') ? ctx.resourcePolicies.get(g.source.policy) : undefined;
  const v = decide(ctx, g.action, g.resource, resourcePolicy);
  if (!v.allowed) return false;
  const allowedKeys = new Set([...g.restrictedBy.map((k) => k.toLowerCase()), ...g.conditions.map((c) => c.split(' ')[1]?.toLowerCase())]);
  return v.missing.every((k) => allowedKeys.has(k.toLowerCase()));
}

/**
 * The actions whose answer may differ between two versions of a principal: those any changed
 * statement (in either version, any layer) covers. An action no changed statement covers is decided
 * by the same statements on both sides, so by the same answer. Undefined = every action.
 */
export function changedActions(before: PrincipalContext, after: PrincipalContext): Set<string> | undefined | 'none' {
  if (fingerprint(before) === fingerprint(after)) return 'none';
  if (layerShape(before) !== layerShape(after)) return undefined;
  const count = new Map<string, number>();
  for (const k of statementKeys(before)) { count.set(k, (count.get(k) ?? 0) + 1); }
  for (const k of statementKeys(after)) { count.set(k, (count.get(k) ?? 0) - 1); }
  let changed = false;
  const actions = new Set<string>();
  const collect = (ctx: PrincipalContext, sign: number) => {
    for (const { d, st } of statementsOf(ctx)) {
      const k = statementKey(d, st);
      const c = count.get(k) ?? 0;
      if (sign > 0 ? c <= 0 : c >= 0) continue;
      changed = true;
      for (const a of actionSet(st)) actions.add(a);
    }
  };
  collect(before, 1);
  collect(after, -1);
  return changed ? actions : 'none';
}

export type { PolicyDocument };
