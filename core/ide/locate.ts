import type {
  AccountFile,
  Entity,
  Group,
  NameRef,
  OrganizationTree,
  PolicyRef,
  ResourcePolicyEntry,
  Role,
  User,
} from '../model/types';
import type { ConditionEntry, PolicyDocument, Statement, StringList } from '../policy/types';
import type { Located, Span } from '../text/span';
import { itemAt } from './entity-index';
import { orgNodes } from '../model/parse-organization';

/** A policy document of a file and the entity that holds it. */
export interface DocumentSite {
  doc: PolicyDocument;
  /** Words for people: `policy "x"`, `inline policy "x" of user "alice"`, `the trust policy of role "r"`. */
  where: string;
  owner?: Entity;
  resource?: ResourcePolicyEntry;
}

export type PolicyRefUsage = 'policy' | 'boundary' | 'scp' | 'rcp';

/** What sits at an offset of an account file. */
export type Target =
  | { kind: 'entity'; entity: Entity; span: Span }
  | { kind: 'policyRef'; ref: PolicyRef; usage: PolicyRefUsage; owner?: Entity; span: Span }
  | { kind: 'groupRef'; ref: NameRef; user: User; span: Span }
  | { kind: 'nestedGroupRef'; ref: NameRef; group: Group; span: Span }
  | { kind: 'instanceProfile'; ref: NameRef; role: Role; span: Span }
  | { kind: 'resourceEntry'; entry: ResourcePolicyEntry; span: Span }
  | { kind: 'action'; value: Located<string>; not: boolean; statement: Statement; site: DocumentSite; span: Span }
  | { kind: 'resource'; value: Located<string>; not: boolean; statement: Statement; site: DocumentSite; span: Span }
  | { kind: 'principal'; value: Located<string>; type: string; statement: Statement; site: DocumentSite; span: Span }
  | { kind: 'conditionKey'; entry: ConditionEntry; statement: Statement; site: DocumentSite; span: Span }
  | { kind: 'conditionOperator'; entry: ConditionEntry; statement: Statement; site: DocumentSite; span: Span }
  | { kind: 'conditionValue'; entry: ConditionEntry; value: Located<string | number | boolean>; statement: Statement; site: DocumentSite; span: Span }
  | { kind: 'effect'; value: Located<string>; statement: Statement; site: DocumentSite; span: Span };

export function inside(s: Span | undefined, offset: number): boolean {
  return !!s && offset >= s.start && offset <= s.end;
}

/** Every policy document written in a file (customer, inline, trust and resource policies). */
export function documentSites(file: AccountFile): DocumentSite[] {
  const out: DocumentSite[] = [];
  for (const p of file.policies.values()) out.push({ doc: p.document, where: `policy "${p.name}"`, owner: p });
  for (const [kind, map] of [
    ['user', file.users],
    ['group', file.groups],
    ['role', file.roles],
  ] as const) {
    for (const e of map.values()) {
      for (const ip of e.inlinePolicies) out.push({ doc: ip.document, where: `inline policy "${ip.name}" of ${kind} "${e.name}"`, owner: e });
      if (e.kind === 'role' && e.trustPolicy) out.push({ doc: e.trustPolicy, where: `the trust policy of role "${e.name}"`, owner: e });
    }
  }
  for (const r of file.resources) if (r.policy) out.push({ doc: r.policy, where: `the policy of ${r.arn}`, resource: r });
  return out;
}

/** The document of an entity that covers `offset`. */
function siteOf(e: Entity, offset: number): DocumentSite | undefined {
  if (e.kind === 'policy') return inside(e.document.span, offset) ? { doc: e.document, where: `policy "${e.name}"`, owner: e } : undefined;
  if (e.kind === 'identityProvider') return undefined;
  for (const ip of e.inlinePolicies) {
    if (inside(ip.document.span, offset)) return { doc: ip.document, where: `inline policy "${ip.name}" of ${e.kind} "${e.name}"`, owner: e };
  }
  if (e.kind === 'role' && e.trustPolicy && inside(e.trustPolicy.span, offset)) {
    return { doc: e.trustPolicy, where: `the trust policy of role "${e.name}"`, owner: e };
  }
  return undefined;
}

/** The policy document of a file that covers `offset`, if any. */
export function siteAt(file: AccountFile, offset: number): DocumentSite | undefined {
  const item = itemAt(file, offset);
  if (item?.entity) return siteOf(item.entity, offset);
  const r = item?.resource;
  return r?.policy && inside(r.policy.span, offset) ? { doc: r.policy, where: `the policy of ${r.arn}`, resource: r } : undefined;
}

function inList(list: StringList | undefined, offset: number): Located<string> | undefined {
  if (!list || !inside(list.span, offset)) return undefined;
  return list.values.find((v) => inside(v.span, offset));
}

/** What is at `offset` in a statement of a document. */
export function locateInDocument(site: DocumentSite, offset: number): Target | undefined {
  for (const st of site.doc.statements) {
    if (!inside(st.span, offset)) continue;
    const base = { statement: st, site };
    for (const [list, not] of [
      [st.action, false],
      [st.notAction, true],
    ] as const) {
      const v = inList(list, offset);
      if (v) return { kind: 'action', value: v, not, span: v.span, ...base };
    }
    for (const [list, not] of [
      [st.resource, false],
      [st.notResource, true],
    ] as const) {
      const v = inList(list, offset);
      if (v) return { kind: 'resource', value: v, not, span: v.span, ...base };
    }
    for (const block of [st.principal, st.notPrincipal]) {
      if (!block || !inside(block.span, offset)) continue;
      for (const e of block.entries) {
        const v = e.values.find((x) => inside(x.span, offset));
        if (v) return { kind: 'principal', value: v, type: e.type.value, span: v.span, ...base };
      }
    }
    for (const entry of st.conditions) {
      if (inside(entry.key.span, offset)) return { kind: 'conditionKey', entry, span: entry.key.span, ...base };
      if (inside(entry.operator.span, offset)) return { kind: 'conditionOperator', entry, span: entry.operator.span, ...base };
      const v = entry.values.find((x) => inside(x.span, offset));
      if (v) return { kind: 'conditionValue', entry, value: v, span: v.span, ...base };
    }
    if (st.effect && inside(st.effect.span, offset)) return { kind: 'effect', value: st.effect, span: st.effect.span, ...base };
    return undefined;
  }
  return undefined;
}

/** What is at `offset` in a file: an entity's name, a reference, or an element of a policy document. */
export function locate(file: AccountFile, offset: number): Target | undefined {
  if (file.organization) return locateInOrganization(file.organization, offset);
  const item = itemAt(file, offset);
  const e = item?.entity;
  if (e) {
    if (inside(e.nameSpan, offset)) return { kind: 'entity', entity: e, span: e.nameSpan };
    if (!inside(e.span, offset)) return undefined;
    if (e.kind === 'user' || e.kind === 'group' || e.kind === 'role') {
      const ref = e.policies.find((r) => inside(r.span, offset));
      if (ref) return { kind: 'policyRef', ref, usage: 'policy', owner: e, span: ref.span };
    }
    if ((e.kind === 'user' || e.kind === 'role') && e.permissionsBoundary && inside(e.permissionsBoundary.span, offset)) {
      return { kind: 'policyRef', ref: e.permissionsBoundary, usage: 'boundary', owner: e, span: e.permissionsBoundary.span };
    }
    if (e.kind === 'user') {
      const g = e.groups.find((r) => inside(r.span, offset));
      if (g) return { kind: 'groupRef', ref: g, user: e, span: g.span };
    }
    if (e.kind === 'group') {
      const g = e.nestedGroups?.find((r) => inside(r.span, offset));
      if (g) return { kind: 'nestedGroupRef', ref: g, group: e, span: g.span };
    }
    if (e.kind === 'role' && e.instanceProfile && inside(e.instanceProfile.span, offset)) {
      return { kind: 'instanceProfile', ref: e.instanceProfile, role: e, span: e.instanceProfile.span };
    }
    const site = siteOf(e, offset);
    return site ? locateInDocument(site, offset) : undefined;
  }
  const r = item?.resource;
  if (r) {
    if (inside(r.arnSpan, offset)) return { kind: 'resourceEntry', entry: r, span: r.arnSpan };
    if (r.policy && inside(r.policy.span, offset)) return locateInDocument({ doc: r.policy, where: `the policy of ${r.arn}`, resource: r }, offset);
    return undefined;
  }
  const org = file.account.organization;
  if (org && inside(org.span, offset)) {
    for (const [levels, usage] of [
      [org.serviceControlPolicies, 'scp'],
      [org.resourceControlPolicies, 'rcp'],
    ] as const) {
      for (const level of levels) {
        const ref = level.find((r) => inside(r.span, offset));
        if (ref) return { kind: 'policyRef', ref, usage, span: ref.span };
      }
    }
  }
  return undefined;
}

/** In an organization file: an attachment (a policy reference) or a place in an SCP's or RCP's document. */
function locateInOrganization(tree: OrganizationTree, offset: number): Target | undefined {
  if (!inside(tree.span, offset)) return undefined;
  for (const node of orgNodes(tree.root)) {
    for (const refs of [node.policies, ...node.accounts.map((a) => a.policies)]) {
      const ref = refs.find((r) => !r.implicit && inside(r.span, offset));
      if (ref) {
        const t = ref.target;
        const usage = (t?.kind === 'organization' ? t.policy.type : t?.kind === 'builtin' ? t.type : 'SERVICE_CONTROL_POLICY') === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : 'scp';
        return { kind: 'policyRef', ref, usage, span: ref.span };
      }
    }
  }
  for (const p of tree.policies.values()) {
    if (inside(p.document.span, offset)) return locateInDocument({ doc: p.document, where: `organization policy "${p.name}"` }, offset);
  }
  return undefined;
}

