import type { AccountFile, InlinePolicy, PolicyRef, Tag } from '../../model/types';
import { readExtras } from './extras';
import { PASSWORD_KEYS } from '../../model/parse-account';
import type { PasswordPolicyValues } from '../../model/types';

/**
 * What an export deploys, independent of the target language: the account's customer policies,
 * groups, users, roles, instance profiles and OIDC providers, with references between them resolved
 * to plan keys; plus notes on what a template cannot create. Renderers turn it into text.
 */

export type EntityKind = 'policy' | 'group' | 'user' | 'role' | 'instanceProfile' | 'oidcProvider' | 'samlProvider';

/** A reference to another entity of the plan, rendered as `!Ref` / `!GetAtt` or a Terraform expression. */
export interface EntityRef {
  $entity: { kind: EntityKind; name: string };
}

/** A managed policy as attached: a policy of this plan, or a literal ARN (AWS managed, or unresolved). */
export type PolicyTarget = { kind: 'policy'; name: string } | { kind: 'arn'; arn: string };

export interface PlanInline {
  name: string;
  document: unknown;
}

export interface PlanPolicy {
  name: string;
  path: string;
  description?: string;
  document: unknown;
  tags: [string, string][];
}

export interface PlanGroup {
  name: string;
  path: string;
  policies: PolicyTarget[];
  inline: PlanInline[];
}

export interface PlanUser {
  name: string;
  path: string;
  groups: string[];
  policies: PolicyTarget[];
  inline: PlanInline[];
  boundary?: PolicyTarget;
  tags: [string, string][];
}

export interface PlanRole {
  name: string;
  path: string;
  description?: string;
  trust: unknown;
  maxSessionDuration?: number;
  policies: PolicyTarget[];
  inline: PlanInline[];
  boundary?: PolicyTarget;
  tags: [string, string][];
  instanceProfile?: string;
}

export interface PlanOidcProvider {
  name: string;
  url: string;
  clientIds: string[];
  thumbprints: string[];
  tags: [string, string][];
}

export interface PlanSamlProvider {
  name: string;
  metadata: string;
  tags: [string, string][];
}

export type PasswordPolicyPlan = PasswordPolicyValues;

export interface Plan {
  source: string;
  accountId: string;
  partition: string;
  alias?: string;
  passwordPolicy?: PasswordPolicyPlan;
  policies: PlanPolicy[];
  groups: PlanGroup[];
  users: PlanUser[];
  roles: PlanRole[];
  oidcProviders: PlanOidcProvider[];
  samlProviders: PlanSamlProvider[];
  /** What the file holds that the export leaves out, one line each. */
  notes: string[];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Customer policies the file uses only as SCPs or RCPs (not attached to a user, group or role, nor a boundary). */
function organizationPolicyNames(file: AccountFile): Set<string> {
  const org = file.account.organization;
  const out = new Set<string>();
  if (!org) return out;
  for (const level of [...org.serviceControlPolicies, ...org.resourceControlPolicies]) {
    for (const ref of level) if (ref.target?.kind === 'customer') out.add(ref.target.policy.name);
  }
  for (const map of [file.users, file.groups, file.roles]) {
    for (const e of map.values()) {
      for (const ref of e.policies) if (ref.target?.kind === 'customer') out.delete(ref.target.policy.name);
      if (e.kind !== 'group' && e.permissionsBoundary?.target?.kind === 'customer') out.delete(e.permissionsBoundary.target.policy.name);
    }
  }
  return out;
}

/** Builds the plan of one resolved account file (parse it and build a Workspace first). */
export function planAccount(file: AccountFile): Plan {
  const notes: string[] = [];
  const extras = readExtras(file);
  const target = (ref: PolicyRef, owner: string): PolicyTarget => {
    if (ref.target?.kind === 'customer') return { kind: 'policy', name: ref.target.policy.name };
    if (ref.target?.kind === 'aws') return { kind: 'arn', arn: ref.target.arn };
    if (!ref.ref.startsWith('arn:')) notes.push(`${owner}: policy "${ref.ref}" does not resolve; left out`);
    return { kind: 'arn', arn: ref.ref };
  };
  const targets = (refs: PolicyRef[], owner: string) =>
    refs.filter((r) => r.target || r.ref.startsWith('arn:')).map((r) => target(r, owner));
  const inline = (list: InlinePolicy[]): PlanInline[] =>
    [...list].sort(byName).map((p) => ({ name: p.name, document: p.document.json }));
  const tags = (list: Tag[]): [string, string][] => list.map((t) => [t.key, t.value]);

  // SCPs and RCPs written in `policies` (the earlier account.organization form) are Organizations
  // policies, not IAM policies: never deployed as AWS::IAM::ManagedPolicy / aws_iam_policy.
  const orgOnly = organizationPolicyNames(file);
  for (const name of [...orgOnly].sort()) {
    notes.push(`policy "${name}": an SCP or RCP (named in account.organization), which AWS Organizations deploys from the management account, not an IAM policy; left out`);
  }
  const policies: PlanPolicy[] = [...file.policies.values()].filter((p) => !orgOnly.has(p.name)).sort(byName).map((p) => ({
    name: p.name,
    path: p.path,
    description: p.description?.value || undefined,
    document: p.document.json,
    tags: extras.policyTags.get(p.name) ?? [],
  }));
  const groups: PlanGroup[] = [...file.groups.values()].sort(byName).map((g) => ({
    name: g.name,
    path: g.path,
    policies: targets(g.policies, `group "${g.name}"`),
    inline: inline(g.inlinePolicies),
  }));
  const groupNames = new Set(file.groups.keys());
  const users: PlanUser[] = [];
  let credentials = 0;
  for (const u of [...file.users.values()].sort(byName)) {
    if (u.console || u.mfa.length || u.accessKeys.length) credentials++;
    users.push({
      name: u.name,
      path: u.path,
      groups: u.groups.map((g) => g.name).filter((g) => groupNames.has(g)),
      policies: targets(u.policies, `user "${u.name}"`),
      inline: inline(u.inlinePolicies),
      boundary: u.permissionsBoundary && (u.permissionsBoundary.target || u.permissionsBoundary.ref.startsWith('arn:'))
        ? target(u.permissionsBoundary, `user "${u.name}"`) : undefined,
      tags: tags(u.tags),
    });
  }
  const roles: PlanRole[] = [];
  for (const r of [...file.roles.values()].sort(byName)) {
    if (r.serviceLinked || r.path.startsWith('/aws-service-role/')) {
      notes.push(`role "${r.name}": service-linked; AWS creates it when the service needs it (or use AWS::IAM::ServiceLinkedRole / aws_iam_service_linked_role); left out`);
      continue;
    }
    if (!r.trustPolicy) {
      notes.push(`role "${r.name}": has no trust policy, which a role needs; left out`);
      continue;
    }
    roles.push({
      name: r.name,
      path: r.path,
      description: r.description?.value || undefined,
      trust: r.trustPolicy.json,
      maxSessionDuration: r.maxSessionDuration?.value,
      policies: targets(r.policies, `role "${r.name}"`),
      inline: inline(r.inlinePolicies),
      boundary: r.permissionsBoundary && (r.permissionsBoundary.target || r.permissionsBoundary.ref.startsWith('arn:'))
        ? target(r.permissionsBoundary, `role "${r.name}"`) : undefined,
      tags: tags(r.tags),
      instanceProfile: r.instanceProfile?.name,
    });
  }
  const oidcProviders: PlanOidcProvider[] = [];
  const samlProviders: PlanSamlProvider[] = [];
  for (const p of [...file.identityProviders.values()].sort(byName)) {
    if (p.type === 'saml') {
      const metadata = extras.samlMetadata.get(p.name);
      if (metadata) samlProviders.push({ name: p.name, metadata, tags: extras.providerTags.get(p.name) ?? [] });
      else notes.push(`identity provider "${p.name}": a SAML provider needs its metadata document ("metadataDocument"), which the file does not give; left out`);
      continue;
    }
    if (!p.url) continue;
    oidcProviders.push({
      name: p.name,
      url: p.url.value,
      clientIds: p.clientIds.map((c) => c.value),
      thumbprints: p.thumbprints.map((t) => t.value),
      tags: extras.providerTags.get(p.name) ?? [],
    });
  }

  const account = file.account;
  if (account.root) notes.push('account root user (its MFA and access keys): cannot be managed by a template; left out');
  if (credentials) {
    notes.push(`console passwords, MFA devices, access keys and their dates of ${credentials} user${credentials === 1 ? '' : 's'}: credentials and their state are not deployable from a template (create them after deployment); left out`);
  }
  const lastUsed = [...file.roles.values()].filter((r) => r.lastUsed).length;
  if (lastUsed) notes.push(`"lastUsed" of ${lastUsed} role${lastUsed === 1 ? '' : 's'}: usage history, not configuration; left out`);
  if (account.organization) notes.push('organization SCPs and RCPs: deployed from the organization\'s management account, not this account; left out');
  if (file.resources.length) notes.push(`${file.resources.length} resource polic${file.resources.length === 1 ? 'y' : 'ies'} ("resources"): they belong to the resources' own templates (bucket, key, queue...); left out`);
  if (account.quotas.size) notes.push('quota overrides: raised through Service Quotas, not templates; left out');
  if (account.asOf) notes.push('"asOf": the date of a snapshot; left out');
  const versioned = [...file.policies.values()].filter((p) => (p.versions?.value ?? 1) > 1).length;
  if (versioned) notes.push(`stored versions of ${versioned} polic${versioned === 1 ? 'y' : 'ies'}: a deployment creates the current document as the only version`);

  return {
    source: file.uri,
    accountId: file.accountId,
    partition: account.partition,
    alias: account.alias?.value,
    passwordPolicy: account.passwordPolicy ? passwordPolicy(account.passwordPolicy) : undefined,
    policies,
    groups,
    users,
    roles,
    oidcProviders,
    samlProviders,
    notes,
  };
}

function passwordPolicy(pp: NonNullable<AccountFile['account']['passwordPolicy']>): PasswordPolicyPlan {
  const out: PasswordPolicyPlan = {};
  for (const k of PASSWORD_KEYS) {
    const v = pp[k];
    if (v) (out as Record<string, unknown>)[k] = v.value;
  }
  return out;
}

/** The ARN each plan entity will have once deployed, for finding them inside policy documents. */
export function entityArns(plan: Plan): Map<string, EntityRef['$entity']> {
  const arns = new Map<string, EntityRef['$entity']>();
  const base = `arn:${plan.partition}:iam::${plan.accountId}:`;
  const path = (p: string) => (p.startsWith('/') && p.endsWith('/') ? p : '/');
  for (const p of plan.policies) arns.set(`${base}policy${path(p.path)}${p.name}`, { kind: 'policy', name: p.name });
  for (const g of plan.groups) arns.set(`${base}group${path(g.path)}${g.name}`, { kind: 'group', name: g.name });
  for (const u of plan.users) arns.set(`${base}user${path(u.path)}${u.name}`, { kind: 'user', name: u.name });
  for (const r of plan.roles) arns.set(`${base}role${path(r.path)}${r.name}`, { kind: 'role', name: r.name });
  for (const o of plan.oidcProviders) {
    arns.set(`${base}oidc-provider/${o.url.replace(/^https:\/\//, '').replace(/\/$/, '')}`, { kind: 'oidcProvider', name: o.name });
  }
  for (const p of plan.samlProviders) arns.set(`${base}saml-provider/${p.name}`, { kind: 'samlProvider', name: p.name });
  return arns;
}
