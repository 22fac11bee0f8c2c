/**
 * One neutral shape of an account's deployable entities, read from the model, from a CloudFormation
 * template and from Terraform configuration, so a round trip can be compared entity by entity.
 * References come out as ARNs (policies) or names (groups, instance profiles).
 */
import type { AccountFile, PolicyRef } from '../../core/model';
import { evalHclExpression, type TfResources } from './specs';

type Doc = unknown;
export interface Entities {
  policies: Record<string, { path: string; description?: string; document: Doc }>;
  groups: Record<string, { path: string; policies: string[]; inline: Record<string, Doc> }>;
  users: Record<string, { path: string; groups: string[]; policies: string[]; inline: Record<string, Doc>; boundary?: string; tags: Record<string, string> }>;
  roles: Record<string, {
    path: string; description?: string; trust: Doc; maxSessionDuration?: number; policies: string[];
    inline: Record<string, Doc>; boundary?: string; tags: Record<string, string>; instanceProfile?: string;
  }>;
}

const sorted = (a: string[]) => [...a].sort();
const arnBase = (account: string) => `arn:aws:iam::${account}:`;
const clean = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Documents in the model are null-prototype objects (from jsonc-parser); compare them as plain JSON. */
export function fromModel(file: AccountFile): Entities {
  return JSON.parse(JSON.stringify(modelEntities(file))) as Entities;
}

function modelEntities(file: AccountFile): Entities {
  const ref = (r: PolicyRef) => (r.target?.kind === 'customer' ? r.target.policy.arn : r.ref);
  const e: Entities = { policies: {}, groups: {}, users: {}, roles: {} };
  for (const p of file.policies.values()) e.policies[p.name] = clean({ path: p.path, description: p.description?.value, document: p.document.json });
  for (const g of file.groups.values()) {
    e.groups[g.name] = { path: g.path, policies: sorted(g.policies.map(ref)), inline: Object.fromEntries(g.inlinePolicies.map((i) => [i.name, i.document.json])) };
  }
  for (const u of file.users.values()) {
    e.users[u.name] = clean({
      path: u.path, groups: sorted(u.groups.map((g) => g.name)), policies: sorted(u.policies.map(ref)),
      inline: Object.fromEntries(u.inlinePolicies.map((i) => [i.name, i.document.json])),
      boundary: u.permissionsBoundary && ref(u.permissionsBoundary), tags: Object.fromEntries(u.tags.map((t) => [t.key, t.value])),
    });
  }
  for (const r of file.roles.values()) {
    if (r.serviceLinked) continue;
    e.roles[r.name] = clean({
      path: r.path, description: r.description?.value, trust: r.trustPolicy?.json, maxSessionDuration: r.maxSessionDuration?.value,
      policies: sorted(r.policies.map(ref)), inline: Object.fromEntries(r.inlinePolicies.map((i) => [i.name, i.document.json])),
      boundary: r.permissionsBoundary && ref(r.permissionsBoundary), tags: Object.fromEntries(r.tags.map((t) => [t.key, t.value])),
      instanceProfile: r.instanceProfile?.name,
    });
  }
  return e;
}

interface CfnResource { Type: string; Properties: Record<string, unknown> }

export function fromCloudFormation(template: Record<string, unknown>): Entities {
  const account = ((template.Metadata as Record<string, Record<string, string>>).IamWorkbench).Account;
  const resources = template.Resources as Record<string, CfnResource>;
  const arnOf = (id: string): string => {
    const r = resources[id];
    const P = r.Properties;
    switch (r.Type) {
      case 'AWS::IAM::ManagedPolicy': return `${arnBase(account)}policy${P.Path ?? '/'}${P.ManagedPolicyName}`;
      case 'AWS::IAM::Role': return `${arnBase(account)}role${P.Path ?? '/'}${P.RoleName}`;
      case 'AWS::IAM::User': return `${arnBase(account)}user${P.Path ?? '/'}${P.UserName}`;
      case 'AWS::IAM::Group': return `${arnBase(account)}group${P.Path ?? '/'}${P.GroupName}`;
      case 'AWS::IAM::OIDCProvider': return `${arnBase(account)}oidc-provider/${String(P.Url).replace(/^https:\/\//, '')}`;
      default: throw new Error(`no ARN for ${r.Type}`);
    }
  };
  const nameOf = (id: string): string => {
    const P = resources[id].Properties;
    return String(P.UserName ?? P.GroupName ?? P.RoleName ?? P.InstanceProfileName);
  };
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Ref' in o) {
        const t = resources[o.Ref as string].Type;
        return t === 'AWS::IAM::ManagedPolicy' || t === 'AWS::IAM::OIDCProvider' ? arnOf(o.Ref as string) : nameOf(o.Ref as string);
      }
      if ('Fn::GetAtt' in o) return arnOf((o['Fn::GetAtt'] as string[])[0]);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  const inline = (list: unknown) => Object.fromEntries(((list ?? []) as { PolicyName: string; PolicyDocument: unknown }[]).map((p) => [p.PolicyName, resolve(p.PolicyDocument)]));
  const tags = (list: unknown) => Object.fromEntries(((list ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
  const arns = (list: unknown) => sorted(((list ?? []) as unknown[]).map((x) => String(resolve(x))));
  const e: Entities = { policies: {}, groups: {}, users: {}, roles: {} };
  const memberships = new Map<string, string[]>();
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::IAM::UserToGroupAddition') continue;
    const group = String(resolve(r.Properties.GroupName));
    for (const u of r.Properties.Users as unknown[]) {
      const user = String(resolve(u));
      memberships.set(user, [...(memberships.get(user) ?? []), group]);
    }
  }
  const profiles = new Map<string, string>();
  for (const r of Object.values(resources)) {
    if (r.Type === 'AWS::IAM::InstanceProfile') profiles.set(String(resolve((r.Properties.Roles as unknown[])[0])), String(r.Properties.InstanceProfileName));
  }
  for (const r of Object.values(resources)) {
    const P = r.Properties;
    if (r.Type === 'AWS::IAM::ManagedPolicy') {
      e.policies[String(P.ManagedPolicyName)] = clean({ path: String(P.Path ?? '/'), description: P.Description as string | undefined, document: resolve(P.PolicyDocument) });
    } else if (r.Type === 'AWS::IAM::Group') {
      e.groups[String(P.GroupName)] = { path: String(P.Path ?? '/'), policies: arns(P.ManagedPolicyArns), inline: inline(P.Policies) };
    } else if (r.Type === 'AWS::IAM::User') {
      e.users[String(P.UserName)] = clean({
        path: String(P.Path ?? '/'), groups: sorted(memberships.get(String(P.UserName)) ?? []), policies: arns(P.ManagedPolicyArns),
        inline: inline(P.Policies), boundary: P.PermissionsBoundary === undefined ? undefined : String(resolve(P.PermissionsBoundary)), tags: tags(P.Tags),
      });
    } else if (r.Type === 'AWS::IAM::Role') {
      e.roles[String(P.RoleName)] = clean({
        path: String(P.Path ?? '/'), description: P.Description as string | undefined, trust: resolve(P.AssumeRolePolicyDocument),
        maxSessionDuration: P.MaxSessionDuration as number | undefined, policies: arns(P.ManagedPolicyArns), inline: inline(P.Policies),
        boundary: P.PermissionsBoundary === undefined ? undefined : String(resolve(P.PermissionsBoundary)), tags: tags(P.Tags),
        instanceProfile: profiles.get(String(P.RoleName)),
      });
    }
  }
  return e;
}

export function fromTerraform(resources: TfResources, account: string): Entities {
  const body = (type: string, label: string) => resources[type]?.[label]?.[0] ?? {};
  const lit = (v: unknown) => (typeof v === 'string' ? v.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : v);
  const reference = (ref: string): unknown => {
    const [type, label, attr] = ref.split('.');
    const b = body(type, label);
    if (attr === 'name') return lit(b.name);
    const path = (lit(b.path) as string | undefined) ?? '/';
    switch (type) {
      case 'aws_iam_policy': return `${arnBase(account)}policy${path}${lit(b.name)}`;
      case 'aws_iam_role': return `${arnBase(account)}role${path}${lit(b.name)}`;
      case 'aws_iam_user': return `${arnBase(account)}user${path}${lit(b.name)}`;
      case 'aws_iam_group': return `${arnBase(account)}group${path}${lit(b.name)}`;
      case 'aws_iam_openid_connect_provider': return `${arnBase(account)}oidc-provider/${String(lit(b.url)).replace(/^https:\/\//, '')}`;
      default: throw new Error(`cannot resolve ${ref}`);
    }
  };
  const val = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const m = /^\$\{([\s\S]*)\}$/.exec(v);
    if (!m) return lit(v);
    const inner = m[1].trim();
    if (inner.startsWith('jsonencode(')) return evalHclExpression(inner.slice('jsonencode('.length, -1), reference);
    return reference(inner);
  };
  const each = (type: string) => Object.values(resources[type] ?? {}).map((b) => b[0]);
  const e: Entities = { policies: {}, groups: {}, users: {}, roles: {} };
  for (const b of each('aws_iam_policy')) {
    e.policies[String(val(b.name))] = clean({ path: String(val(b.path) ?? '/'), description: val(b.description) as string | undefined, document: val(b.policy) });
  }
  const attached = (type: string, arg: string, name: string) =>
    sorted(each(type).filter((b) => val(b[arg]) === name).map((b) => String(val(b.policy_arn))));
  const inline = (type: string, arg: string, name: string) =>
    Object.fromEntries(each(type).filter((b) => val(b[arg]) === name).map((b) => [String(val(b.name)), val(b.policy)]));
  for (const b of each('aws_iam_group')) {
    const name = String(val(b.name));
    e.groups[name] = { path: String(val(b.path) ?? '/'), policies: attached('aws_iam_group_policy_attachment', 'group', name), inline: inline('aws_iam_group_policy', 'group', name) };
  }
  for (const b of each('aws_iam_user')) {
    const name = String(val(b.name));
    const membership = each('aws_iam_user_group_membership').find((m) => val(m.user) === name);
    e.users[name] = clean({
      path: String(val(b.path) ?? '/'),
      groups: sorted(((membership?.groups ?? []) as unknown[]).map((g) => String(val(g)))),
      policies: attached('aws_iam_user_policy_attachment', 'user', name),
      inline: inline('aws_iam_user_policy', 'user', name),
      boundary: b.permissions_boundary === undefined ? undefined : String(val(b.permissions_boundary)),
      tags: Object.fromEntries(Object.entries((b.tags ?? {}) as Record<string, string>).map(([k, v]) => [k, String(val(v))])),
    });
  }
  for (const b of each('aws_iam_role')) {
    const name = String(val(b.name));
    const profile = each('aws_iam_instance_profile').find((p) => val(p.role) === name);
    e.roles[name] = clean({
      path: String(val(b.path) ?? '/'), description: val(b.description) as string | undefined, trust: val(b.assume_role_policy),
      maxSessionDuration: b.max_session_duration as number | undefined,
      policies: attached('aws_iam_role_policy_attachment', 'role', name), inline: inline('aws_iam_role_policy', 'role', name),
      boundary: b.permissions_boundary === undefined ? undefined : String(val(b.permissions_boundary)),
      tags: Object.fromEntries(Object.entries((b.tags ?? {}) as Record<string, string>).map(([k, v]) => [k, String(val(v))])),
      instanceProfile: profile ? String(val(profile.name)) : undefined,
    });
  }
  return e;
}
