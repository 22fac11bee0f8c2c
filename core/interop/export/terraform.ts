import { block, expr, hclString, jsonencode, type Expr } from './hcl';
import { DocumentLinker, Dependencies, Identifiers, isEntityRef, snake } from './links';
import type { EntityKind, Plan, PlanInline, PolicyTarget } from './plan';

const TYPE: Record<EntityKind, string> = {
  policy: 'aws_iam_policy',
  group: 'aws_iam_group',
  user: 'aws_iam_user',
  role: 'aws_iam_role',
  instanceProfile: 'aws_iam_instance_profile',
  oidcProvider: 'aws_iam_openid_connect_provider',
  samlProvider: 'aws_iam_saml_provider',
};

/**
 * The plan as Terraform configuration for the AWS provider: one resource per entity, inline
 * policies, attachments and memberships as their own resources, references between them, and
 * documents through `jsonencode`. Returns the text and the notes (also written as comments on top).
 */
export interface TerraformOptions {
  /**
   * Adopt the account's existing entities: an `import` block (Terraform 1.5+) per resource, with the
   * id the AWS provider expects, so the first `terraform apply` takes them over instead of creating them.
   */
  adopt?: boolean;
}

export function toTerraform(plan: Plan, options: TerraformOptions = {}): { text: string; notes: string[] } {
  const notes = [...plan.notes];
  const adoptions: [string, string][] = [];
  const resource = (type: string, name: string, body: [string, unknown][], id: string) => {
    adoptions.push([`${type}.${name}`, id]);
    return block('resource', [type, name], body);
  };
  const base = `arn:${plan.partition}:iam::${plan.accountId}:`;
  const arnPath = (path: string) => (path.startsWith('/') && path.endsWith('/') ? path : '/');
  const policyPaths = new Map(plan.policies.map((p) => [p.name, p.path]));
  const customerArn = (name: string) => `${base}policy${arnPath(policyPaths.get(name) ?? '/')}${name}`;
  const labels = new Map<string, Identifiers>();
  const take = (type: string, wanted: string) => {
    let ids = labels.get(type);
    if (!ids) labels.set(type, (ids = new Identifiers()));
    return ids.take(wanted);
  };
  const label = new Map<string, string>();
  const claim = (kind: EntityKind, name: string) => label.set(`${kind}:${name}`, take(TYPE[kind], snake(name)));
  for (const p of plan.policies) claim('policy', p.name);
  for (const g of plan.groups) claim('group', g.name);
  for (const u of plan.users) claim('user', u.name);
  for (const r of plan.roles) claim('role', r.name);
  for (const r of plan.roles) if (r.instanceProfile) claim('instanceProfile', r.instanceProfile);
  for (const o of plan.oidcProviders) claim('oidcProvider', o.name);
  for (const p of plan.samlProviders) claim('samlProvider', p.name);
  const attr = (kind: EntityKind, name: string, a: string): Expr => expr(`${TYPE[kind]}.${label.get(`${kind}:${name}`)}.${a}`);
  const policyArn = (t: PolicyTarget) => (t.kind === 'policy' ? attr('policy', t.name, 'arn') : t.arn);
  const policyLabel = (t: PolicyTarget) => (t.kind === 'policy' ? label.get(`policy:${t.name}`)! : snake(t.arn.slice(t.arn.lastIndexOf('/') + 1)));

  // Attachments, inline policies and memberships are separate resources, so only boundaries and
  // documents make an entity depend on another.
  const deps = new Dependencies();
  for (const u of plan.users) if (u.boundary?.kind === 'policy') deps.add(`user:${u.name}`, `policy:${u.boundary.name}`);
  for (const r of plan.roles) if (r.boundary?.kind === 'policy') deps.add(`role:${r.name}`, `policy:${r.boundary.name}`);
  const linker = new DocumentLinker(plan, deps);
  const render = (doc: unknown): unknown => {
    if (isEntityRef(doc)) return attr(doc.$entity.kind, doc.$entity.name, 'arn');
    if (Array.isArray(doc)) return doc.map(render);
    if (doc && typeof doc === 'object') return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, render(v)]));
    return doc;
  };
  const document = (doc: unknown, owner: string, trust = false) => jsonencode(render(linker.link(doc, owner, trust)));
  const tags = (list: [string, string][]) => (list.length ? Object.fromEntries(list) : undefined);

  const out: string[] = [];
  const header = [
    `# IAM of account ${plan.accountId}, exported by IAM Workbench from ${plan.source}.`,
    '# Generated: regenerate it rather than edit it.',
    ...(notes.length ? ['#', '# Left out:', ...notes.map((n) => `#   - ${n}`)] : []),
  ];
  const sections: string[] = [];
  const section = (title: string, blocks: string[]) => {
    if (blocks.length) sections.push(`# ${title}\n\n${blocks.join('\n')}`);
  };
  sections.push('terraform {\n' + (options.adopt ? '  required_version = ">= 1.5"\n\n' : '') + '  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0"\n    }\n  }\n}\n');

  const account: string[] = [];
  if (plan.passwordPolicy) {
    const pp = plan.passwordPolicy;
    account.push(resource('aws_iam_account_password_policy', 'this', [
      ['minimum_password_length', pp.minimumLength],
      ['require_uppercase_characters', pp.requireUppercase],
      ['require_lowercase_characters', pp.requireLowercase],
      ['require_numbers', pp.requireNumbers],
      ['require_symbols', pp.requireSymbols],
      ['max_password_age', pp.maxAgeDays],
      ['password_reuse_prevention', pp.reusePrevention],
      ['allow_users_to_change_password', pp.allowUsersToChange],
      ['hard_expiry', pp.hardExpiry],
    ], 'iam-account-password-policy'));
  }
  if (plan.alias) account.push(resource('aws_iam_account_alias', 'this', [['account_alias', plan.alias]], plan.alias));
  for (const o of plan.oidcProviders) {
    account.push(resource(TYPE.oidcProvider, label.get(`oidcProvider:${o.name}`)!, [
      ['url', o.url],
      ['client_id_list', o.clientIds],
      ['thumbprint_list', o.thumbprints.length ? o.thumbprints : undefined],
      ['tags', tags(o.tags)],
    ], `${base}oidc-provider/${o.url.replace(/^https:\/\//, '').replace(/\/$/, '')}`));
  }
  for (const p of plan.samlProviders) {
    account.push(resource(TYPE.samlProvider, label.get(`samlProvider:${p.name}`)!, [
      ['name', p.name],
      ['saml_metadata_document', p.metadata],
      ['tags', tags(p.tags)],
    ], `${base}saml-provider/${p.name}`));
  }
  section('Account', account);

  section('Customer managed policies', plan.policies.map((p) =>
    resource(TYPE.policy, label.get(`policy:${p.name}`)!, [
      ['name', p.name],
      ['path', p.path],
      ['description', p.description],
      ['policy', document(p.document, `policy:${p.name}`)],
      ['tags', tags(p.tags)],
    ], customerArn(p.name))));

  const inline = (type: string, owner: string, ownerKind: EntityKind, ownerName: string, ownerArg: string, list: PlanInline[]) =>
    list.map((p) =>
      resource(type, take(type, `${label.get(`${ownerKind}:${ownerName}`)}_${snake(p.name)}`), [
        ['name', p.name],
        [ownerArg, attr(ownerKind, ownerName, 'name')],
        ['policy', document(p.document, owner)],
      ], `${ownerName}:${p.name}`));
  const attachments = (type: string, ownerKind: EntityKind, ownerName: string, ownerArg: string, list: PolicyTarget[]) =>
    list.map((t) =>
      resource(type, take(type, `${label.get(`${ownerKind}:${ownerName}`)}_${policyLabel(t)}`), [
        [ownerArg, attr(ownerKind, ownerName, 'name')],
        ['policy_arn', policyArn(t)],
      ], `${ownerName}/${t.kind === 'policy' ? customerArn(t.name) : t.arn}`));

  section('Groups', plan.groups.flatMap((g) => [
    resource(TYPE.group, label.get(`group:${g.name}`)!, [['name', g.name], ['path', g.path]], g.name),
    ...inline('aws_iam_group_policy', `group:${g.name}`, 'group', g.name, 'group', g.inline),
    ...attachments('aws_iam_group_policy_attachment', 'group', g.name, 'group', g.policies),
  ]));

  section('Users', plan.users.flatMap((u) => [
    resource(TYPE.user, label.get(`user:${u.name}`)!, [
      ['name', u.name],
      ['path', u.path],
      ['permissions_boundary', u.boundary && policyArn(u.boundary)],
      ['tags', tags(u.tags)],
    ], u.name),
    ...(u.groups.length
      ? [resource('aws_iam_user_group_membership', take('aws_iam_user_group_membership', label.get(`user:${u.name}`)!), [
          ['user', attr('user', u.name, 'name')],
          ['groups', u.groups.map((g) => attr('group', g, 'name'))],
        ], [u.name, ...u.groups].join('/'))]
      : []),
    ...inline('aws_iam_user_policy', `user:${u.name}`, 'user', u.name, 'user', u.inline),
    ...attachments('aws_iam_user_policy_attachment', 'user', u.name, 'user', u.policies),
  ]));

  section('Roles', plan.roles.flatMap((r) => [
    resource(TYPE.role, label.get(`role:${r.name}`)!, [
      ['name', r.name],
      ['path', r.path],
      ['description', r.description],
      ['assume_role_policy', document(r.trust, `role:${r.name}`, true)],
      ['max_session_duration', r.maxSessionDuration],
      ['permissions_boundary', r.boundary && policyArn(r.boundary)],
      ['tags', tags(r.tags)],
    ], r.name),
    ...inline('aws_iam_role_policy', `role:${r.name}`, 'role', r.name, 'role', r.inline),
    ...attachments('aws_iam_role_policy_attachment', 'role', r.name, 'role', r.policies),
    ...(r.instanceProfile
      ? [resource(TYPE.instanceProfile, label.get(`instanceProfile:${r.instanceProfile}`)!, [
          ['name', r.instanceProfile],
          ['role', attr('role', r.name, 'name')],
        ], r.instanceProfile)]
      : []),
  ]));

  if (options.adopt) {
    section(
      'Adoption of the existing resources: `terraform plan` shows what differs from the account; the first apply imports them',
      adoptions.map(([to, id]) => `import {\n  to = ${to}\n  id = ${hclString(id)}\n}\n`),
    );
  }
  notes.push(...linker.kept);
  if (linker.kept.length) header.push(...linker.kept.map((n) => `#   - ${n}`));
  out.push(header.join('\n'), '', sections.join('\n'));
  return { text: out.join('\n'), notes };
}
