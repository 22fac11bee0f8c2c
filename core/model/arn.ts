/** ARNs of IAM entities, and reading ARNs apart. */

export const AWS_MANAGED_POLICY_PREFIX = ':iam::aws:policy/';

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon (`user/path/name`, `bucket/key`, ...). */
  resource: string;
}

/** Splits an ARN into its parts; undefined when it is not `arn:partition:service:region:account:resource`. */
export function parseArn(arn: string): ParsedArn | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return {
    partition: parts[1],
    service: parts[2],
    region: parts[3],
    account: parts[4],
    resource: parts.slice(5).join(':'),
  };
}

export function entityArn(partition: string, accountId: string, type: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:${type}${normalPath(path)}${name}`;
}

/** The path as used in an ARN: must start and end with `/`; anything else falls back to `/`. */
export function normalPath(path: string | undefined): string {
  if (!path) return '/';
  return path.startsWith('/') && path.endsWith('/') ? path : '/';
}

export function isAwsManagedPolicyArn(ref: string): boolean {
  return ref.startsWith('arn:') && ref.includes(AWS_MANAGED_POLICY_PREFIX);
}

/** The last path segment of an IAM entity ARN (`arn:aws:iam::1:role/a/b/name` → `name`). */
export function arnEntityName(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed) return undefined;
  const slash = parsed.resource.lastIndexOf('/');
  return slash < 0 ? undefined : parsed.resource.slice(slash + 1);
}

/** The entity type of an IAM ARN (`user`, `role`, `group`, `policy`, `assumed-role`, `root`, ...). */
export function arnEntityType(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' && parsed.service !== 'sts') return undefined;
  if (parsed.resource === 'root') return 'root';
  const slash = parsed.resource.indexOf('/');
  return slash < 0 ? parsed.resource : parsed.resource.slice(0, slash);
}

export const ACCOUNT_ID = /^\d{12}$/;
