import { exact, nodeSpan, type Node } from '../json/tree';
import type { Account, AccessKey, Organization, PasswordPolicy, PolicyRef, RootUser } from './types';
import type { Reader } from './reader';

export const ACCOUNT_KEYS = ['id', 'alias', 'partition', 'root', 'passwordPolicy', 'quotas', 'organization', 'asOf'];
export const ROOT_KEYS = ['mfa', 'accessKeys', 'lastUsed'];
export const PASSWORD_KEYS = [
  'minimumLength', 'requireUppercase', 'requireLowercase', 'requireNumbers', 'requireSymbols',
  'maxAgeDays', 'reusePrevention', 'allowUsersToChange', 'hardExpiry',
] as const;
export const ORG_KEYS = ['serviceControlPolicies', 'resourceControlPolicies', 'managementAccount'];
export const ACCESS_KEY_KEYS = ['id', 'status', 'created', 'lastUsed'];
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

export function readAccount(r: Reader, node: Node | undefined): Account {
  const account: Account = { partition: 'aws', quotas: new Map() };
  const f = r.object(node, '"account"', ACCOUNT_KEYS);
  if (!f || !node) return account;
  account.span = nodeSpan(node);
  account.id = r.string(f.get('id')?.value, 'The account id');
  if (account.id && !/^\d{12}$/.test(account.id.value)) {
    r.report(account.id.span, `The account id must be 12 digits, not "${account.id.value}".`, 'schema/account-id');
  }
  account.alias = r.string(f.get('alias')?.value, 'The account alias');
  const partition = r.string(f.get('partition')?.value, 'The partition');
  if (partition) {
    if (PARTITIONS.includes(partition.value)) account.partition = partition.value;
    else r.report(partition.span, `Unknown partition "${partition.value}"; expected one of ${PARTITIONS.join(', ')}.`, 'schema/partition');
  }
  account.root = readRoot(r, f.get('root')?.value);
  account.passwordPolicy = readPasswordPolicy(r, f.get('passwordPolicy')?.value);
  for (const q of r.entries(f.get('quotas')?.value, '"quotas"')) {
    const n = r.number(q.value, `The quota "${q.key}"`);
    if (n) account.quotas.set(q.key, n);
  }
  account.organization = readOrganization(r, f.get('organization')?.value);
  account.asOf = readDate(r, f.get('asOf')?.value, 'The account\'s "asOf" date');
  return account;
}

function readRoot(r: Reader, node: Node | undefined): RootUser | undefined {
  const f = r.object(node, 'The root user', ROOT_KEYS);
  if (!f || !node) return undefined;
  return {
    span: nodeSpan(node),
    mfa: r.boolean(f.get('mfa')?.value, 'The root user\'s "mfa"'),
    accessKeys: readAccessKeys(r, f.get('accessKeys')?.value, 'The root user\'s access keys'),
    accessKeysSpan: f.get('accessKeys')?.value ? nodeSpan(f.get('accessKeys')!.value!) : undefined,
    lastUsed: r.string(f.get('lastUsed')?.value, 'The root user\'s "lastUsed"'),
  };
}

export function readAccessKeys(r: Reader, node: Node | undefined, what: string): AccessKey[] {
  const keys: AccessKey[] = [];
  for (const item of r.array(node, what)) {
    const f = r.object(item, 'An access key', ACCESS_KEY_KEYS);
    if (!f) continue;
    const status = r.string(f.get('status')?.value, 'The access key status');
    if (status && status.value !== 'Active' && status.value !== 'Inactive') {
      r.report(status.span, `Access key status must be "Active" or "Inactive", not "${status.value}".`, 'schema/enum');
    }
    keys.push({
      id: r.string(f.get('id')?.value, 'The access key id'),
      status: status?.value === 'Inactive' ? 'Inactive' : 'Active',
      statusSpan: status?.span,
      created: readDate(r, f.get('created')?.value, 'The access key\'s "created"'),
      lastUsed: readDate(r, f.get('lastUsed')?.value, 'The access key\'s "lastUsed"'),
      span: nodeSpan(item),
    });
  }
  return exact(keys);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether a date string reads as ISO 8601 (YYYY-MM-DD, or with a time) and is a real date. */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/** A date string in ISO 8601 (YYYY-MM-DD, or with a time); anything else is reported and dropped. */
export function readDate(r: Reader, node: Node | undefined, what: string) {
  const s = r.string(node, what);
  if (s && !isIsoDate(s.value)) {
    r.report(s.span, `${what} must be an ISO 8601 date such as "2026-01-31", not "${s.value}".`, 'schema/date');
    return undefined;
  }
  return s;
}

function readPasswordPolicy(r: Reader, node: Node | undefined): PasswordPolicy | undefined {
  const f = r.object(node, 'The password policy', PASSWORD_KEYS);
  if (!f || !node) return undefined;
  const pp: PasswordPolicy = { span: nodeSpan(node) };
  for (const key of PASSWORD_KEYS) {
    const v = f.get(key)?.value;
    if (!v) continue;
    if (key === 'minimumLength' || key === 'maxAgeDays' || key === 'reusePrevention') {
      pp[key] = r.number(v, `Password policy "${key}"`);
    } else {
      pp[key] = r.boolean(v, `Password policy "${key}"`);
    }
  }
  return pp;
}

function readOrganization(r: Reader, node: Node | undefined): Organization | undefined {
  const f = r.object(node, 'The organization', ORG_KEYS);
  if (!f || !node) return undefined;
  const scp = f.get('serviceControlPolicies')?.value;
  const rcp = f.get('resourceControlPolicies')?.value;
  return {
    span: nodeSpan(node),
    serviceControlPolicies: readLevels(r, scp, 'serviceControlPolicies'),
    resourceControlPolicies: readLevels(r, rcp, 'resourceControlPolicies'),
    scpSpan: scp ? nodeSpan(scp) : undefined,
    rcpSpan: rcp ? nodeSpan(rcp) : undefined,
    managementAccount: r.boolean(f.get('managementAccount')?.value, '"managementAccount"'),
  };
}

/** Organization levels, root first: an array of arrays of policy references. */
function readLevels(r: Reader, node: Node | undefined, what: string): PolicyRef[][] {
  const levels: PolicyRef[][] = [];
  for (const level of r.array(node, `"${what}"`)) {
    if (level.type === 'string') {
      r.report(nodeSpan(level), `Each level of "${what}" is an array of policy names (root first); write ["${level.value}"].`);
      continue;
    }
    if (level.type !== 'array') {
      r.report(nodeSpan(level), `Each level of "${what}" is an array of policy names (root first), not ${level.type}.`);
      continue;
    }
    levels.push(r.strings(level, `A level of "${what}"`).map((s) => ({ ref: s.value, span: s.span })));
  }
  return exact(levels);
}
