/**
 * Who asks the simulator's question: a principal of the workspace found by name or ARN, or a caller
 * the workspace does not describe (a service, an identity provider, another account, anonymous),
 * with the policies it brings to a request.
 */
import type { RoleDefinition, Session } from '../../engine';
import type { PolicySet, PolicySource } from '../../engine/types';
import type { AccountFile, Entity, IdentityProvider, PolicyRef, Role, User, Workspace } from '../../model';
import type { PolicyDocument } from '../../policy/types';
import type { Span } from '../../text/span';

export type StartKind = 'user' | 'role' | 'service' | 'federated' | 'account' | 'anonymous';

export interface ResolvedStart {
  session: Session;
  kind: StartKind;
  label: string;
  /** Where the principal is defined, when the workspace has it. */
  where?: { uri: string; span: Span };
  /** The AssumeRole flavour a first chain step uses for this caller. */
  assumeAction: 'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML';
  /** The IAM user, when the caller is one (session policies then make a federated-user session of it). */
  user?: User;
}

function source(doc: PolicyDocument, id: string, sourceType: string): PolicySource {
  return { doc, id, sourceType };
}

export function refSources(refs: PolicyRef[]): PolicySource[] {
  const out: PolicySource[] = [];
  for (const r of refs) {
    const t = r.target;
    if (!t) continue;
    if (t.kind === 'customer') out.push(source(t.policy.document, t.policy.arn, 'user-managed'));
    else if (t.kind === 'aws') out.push(source(t.document, t.arn, 'aws-managed'));
    else out.push(...orgSources([r], 'scp'));
  }
  return out;
}

/** SourcePolicyType of SCPs and RCPs in answers (AWS's IAM simulator has none: it leaves them to Organizations). */
export const SCP_SOURCE_TYPE = 'service-control-policy';
export const RCP_SOURCE_TYPE = 'resource-control-policy';

/**
 * Organization policies as the engine's sources, named by their Organizations ARN and type. An SCP/RCP
 * written in an account file's `policies` (the earlier form) has no such ARN: it is named by its name.
 */
function orgSources(refs: PolicyRef[], kind: 'scp' | 'rcp'): PolicySource[] {
  const out: PolicySource[] = [];
  for (const r of refs) {
    const t = r.target;
    if (!t) continue;
    if (t.kind === 'organization') out.push(source(t.policy.document, t.policy.arn, t.policy.type === 'SERVICE_CONTROL_POLICY' ? SCP_SOURCE_TYPE : RCP_SOURCE_TYPE));
    else if (t.kind === 'builtin') out.push(source(t.document, t.arn, t.type === 'SERVICE_CONTROL_POLICY' ? SCP_SOURCE_TYPE : RCP_SOURCE_TYPE));
    else if (t.kind === 'customer') out.push(source(t.policy.document, t.policy.name, kind === 'scp' ? SCP_SOURCE_TYPE : RCP_SOURCE_TYPE));
  }
  return out;
}

/** The SCP levels that apply to principals of an account (none for the management account). */
export function scpLevelsOf(ws: Workspace, file: AccountFile | undefined): PolicySource[][] | undefined {
  const org = ws.organizationOf(file);
  if (!org || org.managementAccount || !org.scp.length) return undefined;
  return org.scp.map((l) => orgSources(l, 'scp'));
}

/** The RCP levels of the account that owns a resource. */
export function rcpLevelsOf(ws: Workspace, file: AccountFile | undefined): PolicySource[][] | undefined {
  const org = ws.organizationOf(file);
  if (!org || org.managementAccount || !org.rcp.length) return undefined;
  return org.rcp.map((l) => orgSources(l, 'rcp'));
}

/** True when the account is its organization's management account (SCPs and RCPs don't restrict it). */
export function isManagementAccount(ws: Workspace, file: AccountFile | undefined): boolean {
  return !!ws.organizationOf(file)?.managementAccount;
}

function fileOf(ws: Workspace, e: Entity): AccountFile | undefined {
  return ws.file(e.uri);
}

function tagsOf(p: User | Role): Record<string, string> | undefined {
  if (!p.tags.length) return undefined;
  return Object.fromEntries(p.tags.map((t) => [t.key, t.value]));
}

/** A user's policies: its own, its groups', its boundary, its organization's SCPs. */
export function userSession(ws: Workspace, user: User): Session {
  const file = fileOf(ws, user);
  const identity = [
    ...refSources(user.policies),
    ...user.inlinePolicies.map((p) => source(p.document, `user/${user.name}/inline/${p.name}`, 'user')),
  ];
  for (const group of user.memberOf) {
    for (const x of refSources(group.policies)) identity.push(x);
    for (const x of group.inlinePolicies.map((p) => source(p.document, `group/${group.name}/inline/${p.name}`, 'group'))) identity.push(x);
  }
  const boundary = user.permissionsBoundary ? refSources([user.permissionsBoundary]) : [];
  const policies: PolicySet = { identity, boundary: boundary.length ? boundary : undefined, scpLevels: scpLevelsOf(ws, file) };
  return {
    principal: { arn: user.arn, tags: tagsOf(user), managementAccount: isManagementAccount(ws, file) },
    policies,
  };
}

/**
 * The session GetFederationToken returns to a user that passes session policies (IAM User Guide, "Permissions
 * for GetFederationToken"). The caller is `federatedUserArn(user)`, NAME the user's name (questions have no
 * field for GetFederationToken's Name). Its permissions are the user's identity-based policies (groups'
 * included) and boundary, intersected with the session policies; its principal tags are the user's.
 * Resource-based policies apply when they name this federated-user ARN, or the user's ARN (given to the engine
 * as `federatedBy`). Whether the user may call GetFederationToken, and whether AWS takes its name as Name, is
 * the simulator's to check (`federationNameProblem`).
 */
export function federatedUserSession(ws: Workspace, user: User, sessionPolicies: PolicySource[]): Session {
  const own = userSession(ws, user);
  const arn = federatedUserArn(user);
  return {
    principal: { ...own.principal, arn, federatedBy: user.arn },
    policies: { ...own.policies, session: sessionPolicies },
  };
}

/** `arn:PARTITION:sts::ACCOUNT:federated-user/NAME`, NAME the user's name: GetFederationToken's resource and its session's ARN. */
export function federatedUserArn(user: User): string {
  const m = /^arn:([^:]+):iam::(\d*):user\//.exec(user.arn);
  return `arn:${m?.[1] ?? 'aws'}:sts::${m?.[2] ?? ''}:federated-user/${user.name}`;
}

/**
 * Why AWS would refuse `name` as GetFederationToken's Name, or undefined when it takes it. Name is 2 to 32
 * characters matching `[\w+=,.@-]*` (STS API Reference, "GetFederationToken", Request Parameters), while IAM
 * user names may be 1 to 64 characters.
 */
export function federationNameProblem(name: string): string | undefined {
  const bad = [...new Set(name.replace(/[\w+=,.@-]/g, ''))];
  if (name.length >= 2 && name.length <= 32 && !bad.length) return undefined;
  const why = [
    name.length < 2 ? `it is ${name.length} character${name.length === 1 ? '' : 's'} long, shorter than 2` : '',
    name.length > 32 ? `it is ${name.length} characters long, longer than 32` : '',
    bad.length ? `it has characters other than letters, digits and _+=,.@- (${bad.map((c) => JSON.stringify(c)).join(' ')})` : '',
  ].filter(Boolean);
  return (
    `AWS would refuse this GetFederationToken request: the simulator passes the user's name "${name}" as Name, and ${why.join(' and ')} ` +
    `(Name: 2 to 32 characters of letters, digits and _+=,.@-; STS API Reference, "GetFederationToken"). The federated-user session is not simulated.`
  );
}

const EMPTY_TRUST = (uri: string, span: Span): PolicyDocument => ({ statements: [], span, uri, kind: 'trust', json: {}, findings: [] });

/** A role as the engine's assume step needs it. */
export function roleDefinition(ws: Workspace, role: Role): RoleDefinition {
  const file = fileOf(ws, role);
  const boundary = role.permissionsBoundary ? refSources([role.permissionsBoundary]) : [];
  return {
    arn: role.arn,
    trust: source(role.trustPolicy ?? EMPTY_TRUST(role.uri, role.nameSpan), `role/${role.name}/trust`, 'role'),
    identity: [...refSources(role.policies), ...role.inlinePolicies.map((p) => source(p.document, `role/${role.name}/inline/${p.name}`, 'role'))],
    boundary: boundary.length ? boundary : undefined,
    tags: tagsOf(role),
    scpLevels: scpLevelsOf(ws, file),
  };
}

/** The session a role's credentials carry (role ARN as caller: a session of that role). */
export function roleSession(ws: Workspace, role: Role, sessionName = 'simulator', sessionPolicies?: PolicySource[]): Session {
  const def = roleDefinition(ws, role);
  const file = fileOf(ws, role);
  const m = /^arn:([^:]+):iam::(\d*):role\/(?:.*\/)?([^/]+)$/.exec(role.arn);
  const arn = m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/${sessionName}` : role.arn;
  return {
    principal: {
      arn,
      tags: def.tags,
      serviceLinkedRole: role.serviceLinked,
      managementAccount: isManagementAccount(ws, file),
    },
    policies: { identity: def.identity, boundary: def.boundary, scpLevels: def.scpLevels, session: sessionPolicies?.length ? sessionPolicies : undefined },
  };
}

type Found = { entity: User | Role | IdentityProvider } | { problem: string } | undefined;

/** A user, role or identity provider by ARN or name (name: in `account` when given, else anywhere). */
export function findPrincipal(ws: Workspace, ref: string, account?: string, kinds: ('user' | 'role' | 'identityProvider')[] = ['user', 'role', 'identityProvider']): Found {
  const text = ref.trim();
  if (text.startsWith('arn:')) {
    let e = ws.entityByArn(text);
    const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(text);
    if (!e && session) e = ws.fileForAccount(session[2])?.roles.get(session[3]);
    if (!e) return undefined;
    if (e.kind === 'group') return { problem: `${e.name} is a group; groups cannot make requests. Pick one of its users.` };
    if (e.kind === 'policy') return { problem: `${e.name} is a policy, not a principal.` };
    return kinds.includes(e.kind) ? { entity: e } : undefined;
  }
  const files = account ? ws.files.filter((f) => f.accountId === account) : ws.files;
  const hits: (User | Role | IdentityProvider)[] = [];
  const lower = text.toLowerCase();
  for (const f of files) {
    for (const kind of kinds) {
      const map = kind === 'user' ? f.users : kind === 'role' ? f.roles : f.identityProviders;
      const e = map.get(text) ?? [...map.values()].find((x) => x.name.toLowerCase() === lower);
      if (e) hits.push(e);
    }
  }
  if (hits.length > 1) {
    return { problem: `"${text}" names ${hits.map((h) => `a ${h.kind === 'identityProvider' ? 'provider' : h.kind} in ${h.arn.split(':')[4]}`).join(' and ')}; give its ARN or the account.` };
  }
  return hits.length ? { entity: hits[0] } : undefined;
}

/** Resolves the question's principal, or says why it cannot. */
export function resolveStart(ws: Workspace, principal: string, account?: string, sourceAccount?: string): ResolvedStart | { problem: string } {
  const p = principal.trim();
  const base = { assumeAction: 'sts:AssumeRole' as const };
  if (!p && sourceAccount) return accountStart(ws, sourceAccount);
  if (!p) return { problem: 'No principal given: pick a user, a role, a provider, a service or an account.' };
  if (p === '*' || p.toLowerCase() === 'anonymous') {
    return { ...base, kind: 'anonymous', label: 'anonymous', session: { principal: { arn: 'anonymous' }, policies: {} } };
  }
  if (/^\d{12}$/.test(p)) return accountStart(ws, p);
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(p);
  if (root) return accountStart(ws, root[1]);
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(p) && !/^cognito-identity\./i.test(p)) {
    return { ...base, kind: 'service', label: p, session: { principal: { arn: p }, policies: {} } };
  }
  const found = findPrincipal(ws, p, account) ?? providerByHost(ws, p, account);
  if (found && 'problem' in found) return found;
  if (found) {
    const e = found.entity;
    const where = { uri: e.uri, span: e.nameSpan };
    if (e.kind === 'user') return { ...base, kind: 'user', label: `user ${e.name}`, where, session: userSession(ws, e), user: e };
    if (e.kind === 'role') {
      const s = /^arn:[^:]+:sts::/.exec(p) ? p.split('/').slice(2).join('/') : undefined;
      return { ...base, kind: 'role', label: `role ${e.name}`, where, session: roleSession(ws, e, s || 'simulator') };
    }
    return {
      kind: 'federated',
      label: `${e.type === 'saml' ? 'SAML' : 'OIDC'} provider ${e.name}`,
      where,
      assumeAction: e.type === 'saml' ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity',
      session: { principal: { arn: e.arn }, policies: {} },
    };
  }
  const provider = /^arn:[^:]+:iam::\d{12}:(saml|oidc)-provider\//.exec(p);
  if (provider || /^(cognito-identity\.amazonaws\.com|accounts\.google\.com|graph\.facebook\.com|www\.amazon\.com)$/i.test(p)) {
    const saml = provider?.[1] === 'saml';
    return {
      kind: 'federated',
      label: p,
      assumeAction: saml ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity',
      session: { principal: { arn: p }, policies: {} },
    };
  }
  const arnAccount = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(p)?.[1];
  if (arnAccount && !ws.fileForAccount(arnAccount)) {
    return {
      problem: `${p} belongs to account ${arnAccount}, which no file of the workspace describes; ask as the account ("${arnAccount}") to see what its principals could be granted.`,
    };
  }
  return { problem: `No user, role or identity provider "${p}" in the workspace${account ? ` (account ${account})` : ''}.` };
}

/** An OIDC provider named by its issuer host (`token.actions.githubusercontent.com`). */
function providerByHost(ws: Workspace, host: string, account?: string): Found {
  const h = host.toLowerCase().replace(/^https:\/\//, '').replace(/\/$/, '');
  const hits = ws.files
    .filter((f) => !account || f.accountId === account)
    .flatMap((f) => [...f.identityProviders.values()])
    .filter((p) => p.type === 'oidc' && p.url && p.url.value.toLowerCase().replace(/^https:\/\//, '').replace(/\/$/, '') === h);
  if (hits.length > 1) return { problem: `Several accounts have an identity provider for ${host}; give its ARN or the account.` };
  return hits.length ? { entity: hits[0] } : undefined;
}

/** A caller from an account as a whole: the root of a workspace account, or another account. */
function accountStart(ws: Workspace, account: string): ResolvedStart {
  const file = ws.fileForAccount(account);
  const arn = `arn:aws:iam::${account}:root`;
  return {
    kind: 'account',
    label: file ? `account ${account} (root user)` : `account ${account} (outside the workspace: any of its principals its own policies allow)`,
    where: file?.account.id ? { uri: file.uri, span: file.account.id.span } : undefined,
    assumeAction: 'sts:AssumeRole',
    session: { principal: { arn, managementAccount: isManagementAccount(ws, file) }, policies: { scpLevels: scpLevelsOf(ws, file) } },
  };
}
