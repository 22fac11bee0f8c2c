import type { PrincipalInput } from './types';

/** What kind of caller makes a request; decides which policy layers take part. */
export type CallerKind =
  | 'user'
  | 'role' // a role ARN given as the caller: treated as a session of that role
  | 'assumed-role'
  | 'federated-user'
  | 'root'
  | 'service'
  | 'federated' // a web identity or SAML provider (AssumeRoleWithWebIdentity / WithSAML)
  | 'anonymous'
  | 'canonical-user';

/** A caller, parsed once: the identities AWS matches Principal elements against. */
export interface Caller {
  input: PrincipalInput;
  kind: CallerKind;
  arn: string;
  partition: string;
  account?: string;
  /** User name, role name, or federated user name. */
  name?: string;
  /** The role's ARN (without path) for role sessions; the role's own ARN for `role`. */
  roleArn?: string;
  /** `partition:account:name` of the role, for matching role principals whatever their path. */
  roleKey?: string;
  /** For a federated-user session: the IAM user who federated (PrincipalInput.federatedBy). */
  userArn?: string;
  sessionName?: string;
  /** aws:PrincipalArn. */
  principalArn?: string;
  /** aws:PrincipalType. */
  principalType: string;
}

const WEB_IDENTITY = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com']);

const byText = new Map<string, Caller>();
const byInput = new WeakMap<PrincipalInput, Caller>();

/** Parses a caller once per ARN string or input object (callers are shared, treat them as read-only). */
export function parseCaller(p: PrincipalInput | string): Caller {
  if (typeof p === 'string') {
    let c = byText.get(p);
    if (!c) {
      if (byText.size > 10000) byText.clear();
      byText.set(p, (c = parseCallerUncached({ arn: p })));
    }
    return c;
  }
  let c = byInput.get(p);
  if (!c) byInput.set(p, (c = parseCallerUncached(p)));
  return c;
}

function parseCallerUncached(input: PrincipalInput): Caller {
  const c = parseCallerFields(input);
  if (c.roleArn) c.roleKey = roleKey(c.roleArn);
  return c;
}

/**
 * Service-linked roles live under the path /aws-service-role/ and are named AWSServiceRoleFor…;
 * SCPs and RCPs do not apply to them.
 */
export function isServiceLinkedRole(c: Caller): boolean {
  if (c.input.serviceLinkedRole !== undefined) return c.input.serviceLinkedRole;
  if (c.kind !== 'role' && c.kind !== 'assumed-role') return false;
  return c.arn.includes(':role/aws-service-role/') || /^AWSServiceRoleFor/.test(c.name ?? '');
}

function parseCallerFields(input: PrincipalInput): Caller {
  const arn = input.arn.trim();
  const lower = arn.toLowerCase();
  if (lower === 'anonymous' || arn === '*' || arn === '') {
    return { input, kind: 'anonymous', arn: 'anonymous', partition: 'aws', principalType: 'Anonymous' };
  }
  if (!lower.startsWith('arn:')) {
    if (WEB_IDENTITY.has(lower)) return { input, kind: 'federated', arn, partition: 'aws', principalType: 'WebIdentityUser' };
    if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(lower)) {
      return { input, kind: 'service', arn, partition: 'aws', principalType: 'AWSService' };
    }
    if (/^\d{12}$/.test(arn)) {
      const root = `arn:aws:iam::${arn}:root`;
      return { input, kind: 'root', arn: root, partition: 'aws', account: arn, principalArn: root, principalType: 'Account' };
    }
    if (/^[0-9a-f]{64}$/i.test(arn)) return { input, kind: 'canonical-user', arn, partition: 'aws', principalType: 'Account' };
    // An OIDC provider host (e.g. token.actions.githubusercontent.com) used with AssumeRoleWithWebIdentity.
    return { input, kind: 'federated', arn, partition: 'aws', principalType: 'WebIdentityUser' };
  }
  const f = arn.split(':');
  const partition = f[1] ?? 'aws';
  const service = (f[2] ?? '').toLowerCase();
  const account = f[4] || undefined;
  const res = f.slice(5).join(':');
  const base = { input, arn, partition, account };
  if (service === 'iam') {
    if (res === 'root') return { ...base, kind: 'root', principalArn: arn, principalType: 'Account' };
    if (res.startsWith('user/')) {
      const name = res.split('/').pop()!;
      return { ...base, kind: 'user', name, principalArn: arn, principalType: 'User' };
    }
    if (res.startsWith('role/')) {
      const name = res.split('/').pop()!;
      return { ...base, kind: 'role', name, roleArn: arn, principalArn: arn, principalType: 'AssumedRole' };
    }
    if (res.startsWith('saml-provider/') || res.startsWith('oidc-provider/')) {
      return { ...base, kind: 'federated', principalType: res.startsWith('saml') ? 'SAMLUser' : 'WebIdentityUser' };
    }
  }
  if (service === 'sts') {
    if (res.startsWith('assumed-role/')) {
      const [, roleName, ...session] = res.split('/');
      const roleArn = `arn:${partition}:iam::${account ?? ''}:role/${roleName}`;
      return {
        ...base,
        kind: 'assumed-role',
        name: roleName,
        sessionName: session.join('/'),
        roleArn,
        principalArn: roleArn,
        principalType: 'AssumedRole',
      };
    }
    if (res.startsWith('federated-user/')) {
      const name = res.slice('federated-user/'.length);
      return { ...base, kind: 'federated-user', name, userArn: input.federatedBy, principalArn: arn, principalType: 'FederatedUser' };
    }
  }
  // Anything else with an account: treat as a user-like principal of that account.
  return { ...base, kind: 'user', principalArn: arn, principalType: 'User' };
}

/** The role name of a role ARN (path dropped), lower-cased; undefined when not a role ARN. */
export function roleKey(arn: string): string | undefined {
  const m = /^arn:([^:]*):iam::(\d*):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[1]}:${m[2]}:${m[3]}` : undefined;
}

/** True when the caller is an authenticated AWS identity (subject to SCPs and identity policies). */
export function isAwsIdentity(c: Caller): boolean {
  return c.kind === 'user' || c.kind === 'role' || c.kind === 'assumed-role' || c.kind === 'federated-user' || c.kind === 'root';
}
