import type { AccountFile } from '../../../model/types';

/**
 * AWS IAM quotas (IAM User Guide, "IAM and AWS STS quotas"), by the name an account file uses to
 * raise them in `account.quotas`. `max` is the highest value AWS grants on request; fixed quotas have
 * max equal to the default.
 */
export interface QuotaInfo {
  default: number;
  max: number;
  what: string;
}

export const QUOTAS = {
  usersPerAccount: { default: 5000, max: 5000, what: 'IAM users per account' },
  groupsPerAccount: { default: 300, max: 500, what: 'groups per account' },
  rolesPerAccount: { default: 1000, max: 5000, what: 'roles per account' },
  customerPoliciesPerAccount: { default: 1500, max: 5000, what: 'customer managed policies per account' },
  instanceProfilesPerAccount: { default: 1000, max: 5000, what: 'instance profiles per account' },
  oidcProvidersPerAccount: { default: 100, max: 700, what: 'OIDC identity providers per account' },
  samlProvidersPerAccount: { default: 100, max: 100, what: 'SAML identity providers per account' },
  groupsPerUser: { default: 10, max: 10, what: 'groups per user' },
  managedPoliciesPerUser: { default: 10, max: 20, what: 'managed policies attached to a user' },
  managedPoliciesPerGroup: { default: 10, max: 10, what: 'managed policies attached to a group' },
  managedPoliciesPerRole: { default: 10, max: 25, what: 'managed policies attached to a role' },
  userInlinePolicySize: { default: 2048, max: 2048, what: 'characters of inline policies per user' },
  groupInlinePolicySize: { default: 5120, max: 5120, what: 'characters of inline policies per group' },
  roleInlinePolicySize: { default: 10240, max: 10240, what: 'characters of inline policies per role' },
  managedPolicySize: { default: 6144, max: 6144, what: 'characters of a managed policy' },
  trustPolicySize: { default: 2048, max: 4096, what: 'characters of a role trust policy' },
  accessKeysPerUser: { default: 2, max: 2, what: 'access keys per user' },
  mfaDevicesPerUser: { default: 8, max: 8, what: 'MFA devices per user' },
  policyVersions: { default: 5, max: 5, what: 'stored versions of a managed policy' },
  tagsPerEntity: { default: 50, max: 50, what: 'tags per entity' },
} satisfies Record<string, QuotaInfo>;

export type QuotaName = keyof typeof QUOTAS;

/** The limit that applies in this file: its `account.quotas` override, else AWS's default. */
export function quota(file: AccountFile, name: QuotaName): number {
  const override = file.account.quotas.get(name)?.value;
  return typeof override === 'number' && override > 0 ? override : QUOTAS[name].default;
}

const sizes = new WeakMap<object, number>();

/** Policy size as IAM counts it: the JSON without any whitespace (remembered per document object). */
export function policySize(json: unknown): number {
  const remembered = typeof json === 'object' && json !== null;
  if (remembered) {
    const known = sizes.get(json);
    if (known !== undefined) return known;
  }
  const text = compactJson(json);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) n++;
  }
  if (remembered) sizes.set(json as object, n);
  return n;
}

const compact = new WeakMap<object, string>();

/** JSON.stringify of a document, remembered per document object. */
export function compactJson(json: unknown): string {
  if (json === undefined) return '';
  if (typeof json !== 'object' || json === null) return JSON.stringify(json);
  let t = compact.get(json);
  if (t === undefined) {
    t = JSON.stringify(json);
    compact.set(json, t);
  }
  return t;
}

/** Name limits: length per kind; every kind allows letters, digits and + = , . @ _ -. */
export const NAME_LIMITS = { user: 64, role: 64, group: 128, policy: 128, instanceProfile: 128 } as const;
export const NAME_CHARS = /^[\w+=,.@-]+$/;
export const PATH_FORMAT = /^(\/|\/[\x21-\x7E]+\/)$/;
export const PATH_MAX = 512;

const NAME_OK = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+=,.@-') NAME_OK[c.charCodeAt(0)] = 1;

/** NAME_CHARS.test(name), by a table (it runs for every entity of a file on every edit). */
export function nameCharsOk(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || NAME_OK[c] === 0) return false;
  }
  return true;
}

/** PATH_FORMAT.test(path): "/", or "/.../" of printable ASCII without spaces. */
export function pathFormatOk(path: string): boolean {
  if (path === '/') return true;
  const n = path.length;
  if (n < 3 || path.charCodeAt(0) !== 47 || path.charCodeAt(n - 1) !== 47) return false;
  for (let i = 1; i < n - 1; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}
