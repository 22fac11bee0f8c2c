import { DocumentLinker, Dependencies, Identifiers, isEntityRef, pascal } from './links';
import type { EntityKind, Plan, PlanInline, PolicyTarget } from './plan';
import { isTagged, toYaml, type Tagged } from './yaml';

export type CloudFormationSyntax = 'yaml' | 'json';

/** CloudFormation allows this many resources in one template. */
export const CFN_MAX_RESOURCES = 500;

const TYPE_PREFIX: Record<EntityKind, string> = {
  policy: 'Policy',
  group: 'Group',
  user: 'User',
  role: 'Role',
  instanceProfile: 'InstanceProfile',
  oidcProvider: 'OIDCProvider',
  samlProvider: 'SAMLProvider',
};

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

/**
 * The plan as a CloudFormation template: `AWS::IAM::ManagedPolicy`, `Group`, `User`,
 * `UserToGroupAddition`, `Role`, `InstanceProfile`, `OIDCProvider`, linked by `Ref` / `Fn::GetAtt`.
 * Returns the template text and the notes (also kept in the template's Metadata).
 */
export function toCloudFormation(plan: Plan, syntax: CloudFormationSyntax = 'yaml'): { text: string; notes: string[] } {
  const notes = [...plan.notes];
  const ids = new Identifiers(true);
  const logical = new Map<string, string>();
  const idOf = (kind: EntityKind, name: string) => logical.get(`${kind}:${name}`)!;
  const claim = (kind: EntityKind, name: string) => logical.set(`${kind}:${name}`, ids.take(`${TYPE_PREFIX[kind]}${pascal(name)}`));
  for (const p of plan.policies) claim('policy', p.name);
  for (const g of plan.groups) claim('group', g.name);
  for (const u of plan.users) claim('user', u.name);
  for (const r of plan.roles) claim('role', r.name);
  for (const r of plan.roles) if (r.instanceProfile) claim('instanceProfile', r.instanceProfile);
  for (const o of plan.oidcProviders) claim('oidcProvider', o.name);
  for (const p of plan.samlProviders) claim('samlProvider', p.name);

  const ref = (id: string): Tagged => ({ $tag: '!Ref', value: id });
  const arnOf = (kind: EntityKind, name: string): Tagged =>
    // ManagedPolicy and the identity providers return their ARN from Ref; the others from Fn::GetAtt Arn.
    kind === 'policy' || kind === 'oidcProvider' || kind === 'samlProvider' ? ref(idOf(kind, name)) : { $tag: '!GetAtt', value: `${idOf(kind, name)}.Arn` };
  const policyArn = (t: PolicyTarget) => (t.kind === 'policy' ? ref(idOf('policy', t.name)) : t.arn);

  // Structural dependencies, then documents linked without closing a cycle.
  const deps = new Dependencies();
  const usesPolicies = (owner: string, list: (PolicyTarget | undefined)[]) => {
    for (const t of list) if (t?.kind === 'policy') deps.add(owner, `policy:${t.name}`);
  };
  for (const g of plan.groups) usesPolicies(`group:${g.name}`, g.policies);
  for (const u of plan.users) usesPolicies(`user:${u.name}`, [...u.policies, u.boundary]);
  for (const r of plan.roles) usesPolicies(`role:${r.name}`, [...r.policies, r.boundary]);
  const linker = new DocumentLinker(plan, deps);
  const render = (doc: unknown): unknown => {
    if (isEntityRef(doc)) return arnOf(doc.$entity.kind, doc.$entity.name);
    if (Array.isArray(doc)) return doc.map(render);
    if (doc && typeof doc === 'object') return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, render(v)]));
    return doc;
  };
  const document = (doc: unknown, owner: string, trust = false) => render(linker.link(doc, owner, trust));
  const inline = (list: PlanInline[], owner: string) =>
    list.map((p) => ({ PolicyName: p.name, PolicyDocument: document(p.document, owner) }));
  const tags = (list: [string, string][]) => list.map(([Key, Value]) => ({ Key, Value }));

  const resources: Record<string, Resource> = {};
  const add = (id: string, Type: string, props: Record<string, unknown>) => {
    const Properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || (Array.isArray(v) && v.length === 0 && k !== 'Roles' && k !== 'Users' && k !== 'ThumbprintList')) continue;
      Properties[k] = v;
    }
    resources[id] = { Type, Properties };
  };

  for (const o of plan.oidcProviders) {
    add(idOf('oidcProvider', o.name), 'AWS::IAM::OIDCProvider', {
      Url: o.url,
      ClientIdList: o.clientIds,
      ThumbprintList: o.thumbprints,
      Tags: tags(o.tags),
    });
  }
  for (const p of plan.samlProviders) {
    add(idOf('samlProvider', p.name), 'AWS::IAM::SAMLProvider', {
      Name: p.name,
      SamlMetadataDocument: p.metadata,
      Tags: tags(p.tags),
    });
  }
  const taggedPolicies = plan.policies.filter((p) => p.tags.length).length;
  if (taggedPolicies) {
    notes.push(`tags of ${taggedPolicies} polic${taggedPolicies === 1 ? 'y' : 'ies'}: the CloudFormation specification this tool checks against has no Tags for AWS::IAM::ManagedPolicy; left out (Terraform keeps them)`);
  }
  for (const p of plan.policies) {
    add(idOf('policy', p.name), 'AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: p.name,
      Path: p.path,
      Description: p.description,
      PolicyDocument: document(p.document, `policy:${p.name}`),
    });
  }
  for (const g of plan.groups) {
    add(idOf('group', g.name), 'AWS::IAM::Group', {
      GroupName: g.name,
      Path: g.path,
      ManagedPolicyArns: g.policies.map(policyArn),
      Policies: inline(g.inline, `group:${g.name}`),
    });
  }
  for (const u of plan.users) {
    add(idOf('user', u.name), 'AWS::IAM::User', {
      UserName: u.name,
      Path: u.path,
      ManagedPolicyArns: u.policies.map(policyArn),
      PermissionsBoundary: u.boundary && policyArn(u.boundary),
      Policies: inline(u.inline, `user:${u.name}`),
      Tags: tags(u.tags),
    });
  }
  const members = new Map<string, string[]>();
  for (const u of plan.users) {
    for (const g of u.groups) {
      const list = members.get(g);
      if (list) list.push(u.name);
      else members.set(g, [u.name]);
    }
  }
  for (const g of plan.groups) {
    const users = members.get(g.name) ?? [];
    if (!users.length) continue;
    add(ids.take(`${idOf('group', g.name)}Members`), 'AWS::IAM::UserToGroupAddition', {
      GroupName: ref(idOf('group', g.name)),
      Users: users.map((u) => ref(idOf('user', u))),
    });
  }
  for (const r of plan.roles) {
    add(idOf('role', r.name), 'AWS::IAM::Role', {
      RoleName: r.name,
      Path: r.path,
      Description: r.description,
      AssumeRolePolicyDocument: document(r.trust, `role:${r.name}`, true),
      MaxSessionDuration: r.maxSessionDuration,
      ManagedPolicyArns: r.policies.map(policyArn),
      PermissionsBoundary: r.boundary && policyArn(r.boundary),
      Policies: inline(r.inline, `role:${r.name}`),
      Tags: tags(r.tags),
    });
    if (r.instanceProfile) {
      add(idOf('instanceProfile', r.instanceProfile), 'AWS::IAM::InstanceProfile', {
        InstanceProfileName: r.instanceProfile,
        Roles: [ref(idOf('role', r.name))],
      });
    }
  }
  notes.push(...linker.kept);
  if (plan.passwordPolicy) notes.push('account password policy: CloudFormation has no resource for it (Terraform has aws_iam_account_password_policy); left out');
  if (plan.alias) notes.push('account alias: CloudFormation has no resource for it (Terraform has aws_iam_account_alias); left out');
  const count = Object.keys(resources).length;
  if (count > CFN_MAX_RESOURCES) notes.push(`the template has ${count} resources; CloudFormation allows ${CFN_MAX_RESOURCES} per stack, so split it (nested stacks) before deploying`);

  const outputs: Record<string, unknown> = {};
  for (const r of plan.roles) {
    outputs[`${idOf('role', r.name)}Arn`] = { Description: `ARN of role ${r.name}`, Value: arnOf('role', r.name) };
  }
  const template: Record<string, unknown> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `IAM of account ${plan.accountId}, exported by IAM Workbench from ${plan.source}`,
    Metadata: { IamWorkbench: { Source: plan.source, Account: plan.accountId, LeftOut: notes } },
    Resources: resources,
  };
  if (Object.keys(outputs).length) template.Outputs = outputs;
  if (syntax === 'json') return { text: JSON.stringify(toJsonIntrinsics(template), null, 2) + '\n', notes };
  const header = [
    '# Generated by IAM Workbench: deploy with --capabilities CAPABILITY_NAMED_IAM.',
    ...(notes.length ? ['# Left out (see Metadata.IamWorkbench.LeftOut):', ...notes.map((n) => `#   - ${n}`)] : []),
  ];
  return { text: `${header.join('\n')}\n${toYaml(template)}`, notes };
}

/** `!Ref X` → `{"Ref": "X"}`, `!GetAtt X.Arn` → `{"Fn::GetAtt": ["X", "Arn"]}`. */
function toJsonIntrinsics(v: unknown): unknown {
  if (isTagged(v)) {
    if (v.$tag === '!Ref') return { Ref: v.value };
    const dot = v.value.indexOf('.');
    return { 'Fn::GetAtt': [v.value.slice(0, dot), v.value.slice(dot + 1)] };
  }
  if (Array.isArray(v)) return v.map(toJsonIntrinsics);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonIntrinsics(x)]));
  return v;
}
