import { getCatalog, type AccessLevel, type ActionInfo } from '../data/catalog';
import type { Principal, PolicyRef, Role, User } from '../model/types';
import type { Workspace } from '../model/workspace';
import type { PolicyDocument, Statement, StringList } from '../policy/types';

/**
 * Effective permissions of a user, group or role, summarised per service and access level: which
 * actions the identity policies allow, on which resources, from which policy, and what a Deny, the
 * permissions boundary or the organization's SCPs take away. A static reading of the documents
 * (actions expanded against the AWS catalogue); conditions are reported, not evaluated.
 */

/** A policy document and the words that say where it comes from. */
export interface SourcedDocument {
  doc: PolicyDocument;
  /** e.g. `policy "S3Read" (via group "Devs")`, `AWS managed ReadOnlyAccess`, `inline policy "x"`. */
  origin: string;
}

export interface PrincipalDocuments {
  identity: SourcedDocument[];
  boundary?: SourcedDocument;
  /** SCP levels from the root down, when SCPs apply to the principal. */
  scpLevels: SourcedDocument[][];
}

export interface LevelSummary {
  level: AccessLevel;
  /** Action names (without the service prefix) allowed at this level. */
  actions: string[];
  /** How many actions the service has at this level. */
  total: number;
  resources: string[];
  origins: string[];
  /** Every statement that allows these actions has conditions. */
  conditional: boolean;
  /** Deny statements that restrict (but don't remove) some of these actions. */
  limits: string[];
}

export interface ServiceSummary {
  service: string;
  name: string;
  levels: LevelSummary[];
  allowed: number;
  total: number;
}

export interface RemovedSummary {
  service: string;
  count: number;
  reasons: string[];
  examples: string[];
}

export interface EffectivePermissions {
  principal: string;
  kind: Principal['kind'];
  services: ServiceSummary[];
  removed: RemovedSummary[];
  /** Every action of every service is allowed on every resource (an administrator). */
  fullAccess: boolean;
  /** Policies that take part, as origins. */
  policies: string[];
  /** Actions that allowed statements name but the catalogue does not know. */
  unknownActions: string[];
}

const LEVEL_ORDER: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

function refDocument(ref: PolicyRef): { doc: PolicyDocument; label: string } | undefined {
  const t = ref.target;
  if (!t) return undefined;
  if (t.kind === 'customer') return { doc: t.policy.document, label: `policy "${t.policy.name}"` };
  if (t.kind === 'aws') return { doc: t.document, label: `AWS managed ${t.name}` };
  return { doc: t.document, label: t.name };
}

/** The documents that apply to a principal, from the workspace model. */
export function principalDocuments(ws: Workspace, principal: Principal): PrincipalDocuments {
  const identity: SourcedDocument[] = [];
  const own = (p: Principal, via: string) => {
    for (const ip of p.inlinePolicies) identity.push({ doc: ip.document, origin: `inline policy "${ip.name}"${via}` });
    for (const ref of p.policies) {
      const d = refDocument(ref);
      if (d) identity.push({ doc: d.doc, origin: `${d.label}${via}` });
    }
  };
  own(principal, '');
  const file = ws.file(principal.uri);
  if (principal.kind === 'user' && file) {
    const seen = new Set<string>();
    for (const g of principal.groups) {
      const group = file.groups.get(g.name) ?? [...file.groups.values()].find((x) => x.name.toLowerCase() === g.name.toLowerCase());
      if (group && !seen.has(group.name)) {
        seen.add(group.name);
        own(group, ` (via group "${group.name}")`);
      }
    }
  }
  let boundary: SourcedDocument | undefined;
  const b = principal.kind !== 'group' ? (principal as User | Role).permissionsBoundary : undefined;
  if (b) {
    const d = refDocument(b);
    if (d) boundary = { doc: d.doc, origin: `permissions boundary ${d.label}` };
  }
  const scpLevels: SourcedDocument[][] = [];
  const org = file?.account.organization;
  const serviceLinked = principal.kind === 'role' && principal.serviceLinked;
  if (org && !org.managementAccount?.value && !serviceLinked) {
    org.serviceControlPolicies.forEach((level, i) => {
      scpLevels.push(
        level.flatMap((ref) => {
          const d = refDocument(ref);
          return d ? [{ doc: d.doc, origin: `SCP ${d.label.replace(/^policy /, '')} (level ${i + 1})` }] : [];
        }),
      );
    });
  }
  return { identity, boundary, scpLevels };
}

const matchCache = new WeakMap<StringList, ActionInfo[]>();

/** The catalogue actions a statement's Action / NotAction covers. */
export function statementActions(st: Statement): ActionInfo[] {
  const catalog = getCatalog();
  if (st.action) {
    let hit = matchCache.get(st.action);
    if (!hit) {
      const seen = new Set<ActionInfo>();
      for (const v of st.action.values) for (const a of catalog.actionsMatching(v.value)) seen.add(a);
      hit = [...seen];
      matchCache.set(st.action, hit);
    }
    return hit;
  }
  if (st.notAction) {
    let hit = matchCache.get(st.notAction);
    if (!hit) {
      const excluded = new Set<ActionInfo>();
      for (const v of st.notAction.values) for (const a of catalog.actionsMatching(v.value)) excluded.add(a);
      hit = catalog.allActions().filter((a) => !excluded.has(a));
      matchCache.set(st.notAction, hit);
    }
    return hit;
  }
  return [];
}

function resourcesOf(st: Statement): string[] {
  if (st.resource) return st.resource.values.map((v) => v.value);
  if (st.notResource) return [`all except ${st.notResource.values.map((v) => v.value).join(', ')}`];
  return ['*'];
}

function coversEverything(st: Statement): boolean {
  return !st.notResource && (!st.resource || st.resource.values.some((v) => v.value === '*'));
}

function effectOf(st: Statement): 'Allow' | 'Deny' | undefined {
  const e = st.effect?.value;
  return e === 'Allow' || e === 'Deny' ? e : undefined;
}

interface Contribution {
  origin: string;
  resources: string[];
  conditional: boolean;
}

interface Grant {
  action: ActionInfo;
  contribs: Contribution[];
  limits?: string[];
}

const allowedCache = new WeakMap<PolicyDocument, Set<ActionInfo>>();

function allowedBy(docs: SourcedDocument[]): Set<ActionInfo> {
  if (docs.length === 1) {
    let hit = allowedCache.get(docs[0].doc);
    if (!hit) {
      hit = new Set();
      for (const st of docs[0].doc.statements) if (effectOf(st) === 'Allow') for (const a of statementActions(st)) hit.add(a);
      allowedCache.set(docs[0].doc, hit);
    }
    return hit;
  }
  const out = new Set<ActionInfo>();
  for (const d of docs) for (const a of allowedBy([d])) out.add(a);
  return out;
}

/** An unconditional `Allow * on *` statement. */
function allowsEverything(st: Statement): boolean {
  return (
    effectOf(st) === 'Allow' &&
    !!st.action?.values.some((v) => v.value === '*') &&
    !st.notResource &&
    (!st.resource || st.resource.values.some((v) => v.value === '*')) &&
    st.conditions.length === 0
  );
}

interface ServiceTemplate {
  service: string;
  name: string;
  total: number;
  levels: { level: AccessLevel; actions: string[]; total: number }[];
}
let fullTemplate: ServiceTemplate[] | undefined;

/** Every service with every action per level, built once (the shape of an administrator's permissions). */
export function fullAccessTemplate(): ServiceTemplate[] {
  if (fullTemplate) return fullTemplate;
  const catalog = getCatalog();
  fullTemplate = catalog
    .services()
    .map((s) => {
      const all = catalog.actionsOf(s.prefix);
      const byLevel = new Map<AccessLevel, string[]>();
      for (const a of all) {
        const l = a.accessLevels[0] ?? 'Write';
        let list = byLevel.get(l);
        if (!list) byLevel.set(l, (list = []));
        list.push(a.name);
      }
      const levels = LEVEL_ORDER.filter((l) => byLevel.has(l)).map((l) => ({ level: l, actions: byLevel.get(l)!.sort(), total: byLevel.get(l)!.length }));
      return { service: s.prefix, name: s.name, total: all.length, levels };
    })
    .filter((s) => s.total > 0)
    .sort((a, b) => a.service.localeCompare(b.service));
  return fullTemplate;
}

/**
 * The administrator's fast path: an unconditional Allow of everything, no Deny anywhere, and a
 * boundary and SCP levels (if any) that allow everything too. Undefined when it doesn't apply.
 */
function fullAccessOf(principal: string, kind: Principal['kind'], docs: PrincipalDocuments): EffectivePermissions | undefined {
  const origins = docs.identity.filter((d) => d.doc.statements.some(allowsEverything)).map((d) => d.origin);
  if (!origins.length) return undefined;
  const all = [...docs.identity, ...(docs.boundary ? [docs.boundary] : []), ...docs.scpLevels.flat()];
  if (all.some((d) => d.doc.statements.some((st) => effectOf(st) === 'Deny'))) return undefined;
  if (docs.boundary && !docs.boundary.doc.statements.some(allowsEverything)) return undefined;
  if (docs.scpLevels.some((level) => !level.some((d) => d.doc.statements.some(allowsEverything)))) return undefined;
  const from = unique(origins);
  const services: ServiceSummary[] = fullAccessTemplate().map((t) => ({
    service: t.service,
    name: t.name,
    allowed: t.total,
    total: t.total,
    levels: t.levels.map((l) => ({ level: l.level, actions: l.actions, total: l.total, resources: ['*'], origins: from, conditional: false, limits: [] })),
  }));
  return {
    principal,
    kind,
    services,
    removed: [],
    fullAccess: true,
    policies: unique([...docs.identity.map((d) => d.origin), ...(docs.boundary ? [docs.boundary.origin] : [])]),
    unknownActions: unknownActionsOf(docs.identity),
  };
}

function unknownActionsOf(identity: SourcedDocument[]): string[] {
  const catalog = getCatalog();
  const out = new Set<string>();
  for (const d of identity) {
    if (d.doc.uri.startsWith('aws-managed-policy:')) continue;
    for (const st of d.doc.statements) {
      if (effectOf(st) !== 'Allow') continue;
      for (const v of st.action?.values ?? []) if (!/[*?]/.test(v.value) && !catalog.action(v.value)) out.add(v.value);
    }
  }
  return [...out].sort();
}

/** Computes the effective permissions of a set of documents (see `principalDocuments`). */
export function effectivePermissionsOf(principal: string, kind: Principal['kind'], docs: PrincipalDocuments): EffectivePermissions {
  const fast = fullAccessOf(principal, kind, docs);
  if (fast) return fast;
  const catalog = getCatalog();
  const grants = new Map<ActionInfo, Grant>();
  const unknown = new Set<string>();
  for (const d of docs.identity) {
    for (const st of d.doc.statements) {
      if (effectOf(st) !== 'Allow') continue;
      const contribution: Contribution = { origin: d.origin, resources: resourcesOf(st), conditional: st.conditions.length > 0 };
      const ownText = !d.doc.uri.startsWith('aws-managed-policy:');
      if (st.action && ownText) for (const v of st.action.values) if (!/[*?]/.test(v.value) && !catalog.action(v.value)) unknown.add(v.value);
      for (const a of statementActions(st)) {
        const g = grants.get(a);
        if (g) g.contribs.push(contribution);
        else grants.set(a, { action: a, contribs: [contribution] });
      }
    }
  }

  const removed = new Map<ActionInfo, string>();
  const remove = (a: ActionInfo, reason: string) => {
    if (grants.delete(a)) removed.set(a, reason);
  };
  // Explicit denies anywhere: identity policies, the boundary, SCPs.
  const denySources = [...docs.identity, ...(docs.boundary ? [docs.boundary] : []), ...docs.scpLevels.flat()];
  for (const d of denySources) {
    for (const st of d.doc.statements) {
      if (effectOf(st) !== 'Deny') continue;
      const total = coversEverything(st) && st.conditions.length === 0;
      const what = `${d.origin} denies${st.conditions.length ? ' under conditions' : ''}${coversEverything(st) ? '' : ` on ${resourcesOf(st).join(', ')}`}`;
      for (const a of statementActions(st)) {
        const g = grants.get(a);
        if (!g) continue;
        if (total) remove(a, `denied by ${d.origin}`);
        else (g.limits ??= []).push(what);
      }
    }
  }
  if (docs.boundary) {
    const inBoundary = allowedBy([docs.boundary]);
    for (const a of [...grants.keys()]) if (!inBoundary.has(a)) remove(a, `outside the ${docs.boundary.origin}`);
  }
  docs.scpLevels.forEach((level, i) => {
    const allowed = allowedBy(level);
    for (const a of [...grants.keys()]) if (!allowed.has(a)) remove(a, `not allowed by the SCPs at level ${i + 1}`);
  });

  // Per service and level.
  const byService = new Map<string, Map<AccessLevel, Grant[]>>();
  for (const g of grants.values()) {
    const level = g.action.accessLevels[0] ?? 'Write';
    let levels = byService.get(g.action.service);
    if (!levels) byService.set(g.action.service, (levels = new Map()));
    let list = levels.get(level);
    if (!list) levels.set(level, (list = []));
    list.push(g);
  }
  const services: ServiceSummary[] = [];
  let fullAccess = byService.size > 0;
  for (const [service, levels] of byService) {
    const { all, totals } = serviceTotals(service);
    const summaries: LevelSummary[] = [];
    let allowed = 0;
    for (const level of LEVEL_ORDER) {
      const list = levels.get(level);
      if (!list) continue;
      allowed += list.length;
      const contribs = new Set<Contribution>();
      const limits = new Set<string>();
      let conditional = true;
      for (const g of list) {
        let unconditional = false;
        for (const c of g.contribs) {
          contribs.add(c);
          if (!c.conditional) unconditional = true;
        }
        if (unconditional) conditional = false;
        for (const l of g.limits ?? []) limits.add(l);
      }
      summaries.push({
        level,
        actions: list.map((g) => g.action.name).sort(),
        total: totals.get(level) ?? list.length,
        resources: unique([...contribs].flatMap((c) => c.resources)),
        origins: unique([...contribs].map((c) => c.origin)),
        conditional,
        limits: [...limits].sort(),
      });
    }
    if (allowed < all.length || summaries.some((s) => s.conditional || s.limits.length || !s.resources.includes('*'))) fullAccess = false;
    services.push({ service, name: catalog.service(service)?.name ?? service, levels: summaries, allowed, total: all.length });
  }
  if (fullAccess && byService.size < catalog.services().length) fullAccess = false;
  services.sort((a, b) => a.service.localeCompare(b.service));

  const removedByService = new Map<string, { reasons: Set<string>; actions: string[] }>();
  for (const [a, reason] of removed) {
    let r = removedByService.get(a.service);
    if (!r) removedByService.set(a.service, (r = { reasons: new Set(), actions: [] }));
    r.reasons.add(reason);
    r.actions.push(a.name);
  }
  const removedList: RemovedSummary[] = [...removedByService]
    .map(([service, r]) => ({ service, count: r.actions.length, reasons: [...r.reasons], examples: r.actions.sort().slice(0, 5) }))
    .sort((a, b) => a.service.localeCompare(b.service));

  return {
    principal,
    kind,
    services,
    removed: removedList,
    fullAccess,
    policies: unique([...docs.identity.map((d) => d.origin), ...(docs.boundary ? [docs.boundary.origin] : [])]),
    unknownActions: [...unknown].sort(),
  };
}

const totalsCache = new Map<string, { all: ActionInfo[]; totals: Map<AccessLevel, number> }>();
function serviceTotals(service: string): { all: ActionInfo[]; totals: Map<AccessLevel, number> } {
  let hit = totalsCache.get(service);
  if (!hit) {
    const all = getCatalog().actionsOf(service);
    const totals = new Map<AccessLevel, number>();
    for (const a of all) {
      const l = a.accessLevels[0] ?? 'Write';
      totals.set(l, (totals.get(l) ?? 0) + 1);
    }
    totalsCache.set(service, (hit = { all, totals }));
  }
  return hit;
}

function unique(list: string[]): string[] {
  return [...new Set(list)].sort();
}

const docIds = new WeakMap<PolicyDocument, number>();
let nextDocId = 1;
function docId(doc: PolicyDocument): number {
  let id = docIds.get(doc);
  if (id === undefined) docIds.set(doc, (id = nextDocId++));
  return id;
}

/** Results keyed by the documents that produced them: an edit elsewhere keeps a principal's entry. */
const cache = new Map<string, EffectivePermissions>();
const CACHE_LIMIT = 2000;

/** Effective permissions of a principal of the workspace (cached by the documents that apply). */
export function effectivePermissions(ws: Workspace, principal: Principal): EffectivePermissions {
  const docs = principalDocuments(ws, principal);
  const part = (d: SourcedDocument) => `${docId(d.doc)}:${d.origin}`;
  const key = [
    principal.arn,
    principal.kind,
    docs.identity.map(part).join('|'),
    docs.boundary ? part(docs.boundary) : '',
    docs.scpLevels.map((l) => l.map(part).join('|')).join('/'),
  ].join('#');
  let hit = cache.get(key);
  if (!hit) {
    hit = effectivePermissionsOf(principal.arn, principal.kind, docs);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}
