import type { Node } from 'jsonc-parser';
import type { JsonInput, Position } from './input';

/** The parts of `get-account-authorization-details` the importer uses, merged over every page. */

export interface AttachedPolicy {
  name?: string;
  arn: string;
}

export interface InlineDocument {
  name: string;
  document: unknown;
}

export interface AwsUser {
  name: string;
  /** Where the entry starts, for messages. */
  at: Position;
  path: string;
  arn?: string;
  groups: string[];
  attached: AttachedPolicy[];
  inline: InlineDocument[];
  boundary?: string;
  tags: [string, string][];
}

export interface AwsGroup {
  name: string;
  /** Where the entry starts, for messages. */
  at: Position;
  path: string;
  arn?: string;
  attached: AttachedPolicy[];
  inline: InlineDocument[];
}

export interface AwsInstanceProfile {
  name: string;
  path: string;
  roles: string[];
  tags: [string, string][];
}

export interface AwsRole {
  name: string;
  /** Where the entry starts, for messages. */
  at: Position;
  path: string;
  arn?: string;
  trust: unknown;
  attached: AttachedPolicy[];
  inline: InlineDocument[];
  boundary?: string;
  tags: [string, string][];
  instanceProfiles: AwsInstanceProfile[];
  lastUsed?: string;
  lastUsedRegion?: string;
  description?: string;
  maxSessionDuration?: number;
}

export interface AwsPolicyVersion {
  id: string;
  isDefault: boolean;
  document: unknown;
  created?: string;
}

export interface AwsPolicy {
  name: string;
  /** Where the entry starts, for messages. */
  at: Position;
  path: string;
  arn: string;
  description?: string;
  defaultVersionId?: string;
  versions: AwsPolicyVersion[];
  tags: [string, string][];
}

/** What `aws iam list-roles` / `get-role` add that the authorization details lack. */
export interface RoleExtra {
  name: string;
  at: Position;
  description?: string;
  maxSessionDuration?: number;
}

export interface AuthorizationDetails {
  /** From `list-roles` / `get-role` output passed among the inputs. */
  roleExtras: RoleExtra[];
  users: AwsUser[];
  groups: AwsGroup[];
  roles: AwsRole[];
  policies: AwsPolicy[];
  /** Pages that say more follow (`IsTruncated: true`), and how many pages there were. */
  truncatedPages: number;
  pages: number;
}

// ResponseMetadata: boto3's response; $metadata: the JavaScript SDK v3's, when a whole response is saved.
const PAGE_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies', 'IsTruncated', 'Marker', 'ResponseMetadata', '$metadata'];
const LIST_ROLES_KEYS = ['Roles', 'Role', 'IsTruncated', 'Marker', 'ResponseMetadata', '$metadata'];
const ROLE_EXTRA_KEYS = [
  'Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'Description', 'MaxSessionDuration',
  'PermissionsBoundary', 'Tags', 'RoleLastUsed',
];
const USER_KEYS = [
  'Path', 'UserName', 'UserId', 'Arn', 'CreateDate', 'UserPolicyList', 'GroupList', 'AttachedManagedPolicies',
  'PermissionsBoundary', 'Tags',
];
const GROUP_KEYS = ['Path', 'GroupName', 'GroupId', 'Arn', 'CreateDate', 'GroupPolicyList', 'AttachedManagedPolicies'];
const ROLE_KEYS = [
  'Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate', 'AssumeRolePolicyDocument', 'InstanceProfileList', 'RolePolicyList',
  'AttachedManagedPolicies', 'PermissionsBoundary', 'Tags', 'RoleLastUsed', 'Description', 'MaxSessionDuration',
];
const PROFILE_KEYS = ['Path', 'InstanceProfileName', 'InstanceProfileId', 'Arn', 'CreateDate', 'Roles', 'Tags'];
const POLICY_KEYS = [
  'PolicyName', 'PolicyId', 'Arn', 'Path', 'DefaultVersionId', 'AttachmentCount', 'PermissionsBoundaryUsageCount',
  'IsAttachable', 'Description', 'CreateDate', 'UpdateDate', 'PolicyVersionList', 'Tags',
];
const VERSION_KEYS = ['Document', 'VersionId', 'IsDefaultVersion', 'CreateDate'];
const INLINE_KEYS = ['PolicyName', 'PolicyDocument'];
const ATTACHED_KEYS = ['PolicyName', 'PolicyArn'];
const BOUNDARY_KEYS = ['PermissionsBoundaryType', 'PermissionsBoundaryArn'];
/**
 * `AttachedPermissionsBoundary.PermissionsBoundaryType`: the IAM API reference lists one valid value,
 * `PermissionsBoundaryPolicy` (what the API, the AWS CLI and the SDKs return), while its prose says
 * "can only have a value of Policy" (what AWS Config writes). Both mean a managed policy.
 */
export const BOUNDARY_TYPES: readonly string[] = ['PermissionsBoundaryPolicy', 'Policy'];
const TAG_KEYS = ['Key', 'Value'];
const LAST_USED_KEYS = ['LastUsedDate', 'Region'];

export function emptyDetails(): AuthorizationDetails {
  return { roleExtras: [], users: [], groups: [], roles: [], policies: [], truncatedPages: 0, pages: 0 };
}

/**
 * Reads one file of authorization details into `into`: a page object as the AWS CLI prints it, or
 * an array of pages. Entities are appended; merging duplicates is the builder's business.
 */
export function readAuthorizationDetails(input: JsonInput, into: AuthorizationDetails): void {
  const root = input.root;
  if (!root) return;
  const pages = root.type === 'array' ? root.children ?? [] : [root];
  if (root.type === 'array' && pages.length === 0) input.error(root, 'the file holds an empty list of pages');
  for (const page of pages) readPage(input, page, into);
}

function readPage(input: JsonInput, page: Node, into: AuthorizationDetails): void {
  if (page.type !== 'object') {
    input.error(page, `expected the output of "aws iam get-account-authorization-details" (an object with UserDetailList, GroupDetailList, RoleDetailList, Policies), not ${page.type === 'array' ? 'an array' : 'a ' + page.type}`);
    return;
  }
  const fields = new Set((page.children ?? []).map((p) => p.children?.[0]?.value));
  if (fields.has('Roles') || fields.has('Role')) return readRolePage(input, page, into);
  const f = input.object(page, 'the page', PAGE_KEYS, 'authorization details')!;
  if (!['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => f.has(k))) {
    input.error(page, 'this is not the output of "aws iam get-account-authorization-details": none of UserDetailList, GroupDetailList, RoleDetailList, Policies is there');
    return;
  }
  into.pages++;
  if (input.boolean(f.get('IsTruncated'), '"IsTruncated"')) into.truncatedPages++;
  input.string(f.get('Marker'), '"Marker"');
  for (const n of input.array(f.get('UserDetailList'), '"UserDetailList"')) {
    const u = readUser(input, n);
    if (u) into.users.push(u);
  }
  for (const n of input.array(f.get('GroupDetailList'), '"GroupDetailList"')) {
    const g = readGroup(input, n);
    if (g) into.groups.push(g);
  }
  for (const n of input.array(f.get('RoleDetailList'), '"RoleDetailList"')) {
    const r = readRole(input, n);
    if (r) into.roles.push(r);
  }
  for (const n of input.array(f.get('Policies'), '"Policies"')) {
    const p = readPolicy(input, n);
    if (p) into.policies.push(p);
  }
}

/**
 * `aws iam list-roles` (`Roles`) or `aws iam get-role` (`Role`) output: the authorization details
 * leave out each role's description and maximum session duration; these outputs have them.
 */
function readRolePage(input: JsonInput, page: Node, into: AuthorizationDetails): void {
  const f = input.object(page, 'the list-roles output', LIST_ROLES_KEYS, 'list-roles output')!;
  const entries = f.has('Role') ? [f.get('Role')!] : input.array(f.get('Roles'), '"Roles"');
  for (const n of entries) {
    const r = input.object(n, 'a role of list-roles', ROLE_EXTRA_KEYS, 'list-roles output');
    if (!r) continue;
    const name = input.required(r, 'RoleName', n, 'a role');
    if (!name) continue;
    into.roleExtras.push({
      name,
      at: input.pos(n),
      description: input.string(r.get('Description'), `"Description" of role "${name}"`),
      maxSessionDuration: input.number(r.get('MaxSessionDuration'), `"MaxSessionDuration" of role "${name}"`),
    });
  }
}

function readUser(input: JsonInput, node: Node): AwsUser | undefined {
  const f = input.object(node, 'an entry of "UserDetailList"', USER_KEYS, 'users');
  if (!f) return undefined;
  const name = input.required(f, 'UserName', node, 'a user');
  if (!name) return undefined;
  const what = `user "${name}"`;
  input.date(f.get('CreateDate'), `"CreateDate" of ${what}`);
  input.string(f.get('UserId'), `"UserId" of ${what}`);
  return {
    name,
    at: input.pos(node),
    path: input.string(f.get('Path'), `"Path" of ${what}`) ?? '/',
    arn: input.string(f.get('Arn'), `"Arn" of ${what}`),
    groups: input.array(f.get('GroupList'), `"GroupList" of ${what}`).flatMap((g) => {
      const s = input.string(g, `a group of ${what}`);
      return s ? [s] : [];
    }),
    attached: attached(input, f.get('AttachedManagedPolicies'), what),
    inline: inline(input, f.get('UserPolicyList'), what, 'UserPolicyList'),
    boundary: boundary(input, f.get('PermissionsBoundary'), what),
    tags: tags(input, f.get('Tags'), what),
  };
}

function readGroup(input: JsonInput, node: Node): AwsGroup | undefined {
  const f = input.object(node, 'an entry of "GroupDetailList"', GROUP_KEYS, 'groups');
  if (!f) return undefined;
  const name = input.required(f, 'GroupName', node, 'a group');
  if (!name) return undefined;
  const what = `group "${name}"`;
  input.date(f.get('CreateDate'), `"CreateDate" of ${what}`);
  input.string(f.get('GroupId'), `"GroupId" of ${what}`);
  return {
    name,
    at: input.pos(node),
    path: input.string(f.get('Path'), `"Path" of ${what}`) ?? '/',
    arn: input.string(f.get('Arn'), `"Arn" of ${what}`),
    attached: attached(input, f.get('AttachedManagedPolicies'), what),
    inline: inline(input, f.get('GroupPolicyList'), what, 'GroupPolicyList'),
  };
}

function readRole(input: JsonInput, node: Node): AwsRole | undefined {
  const f = input.object(node, 'an entry of "RoleDetailList"', ROLE_KEYS, 'roles');
  if (!f) return undefined;
  const name = input.required(f, 'RoleName', node, 'a role');
  if (!name) return undefined;
  const what = `role "${name}"`;
  input.date(f.get('CreateDate'), `"CreateDate" of ${what}`);
  input.string(f.get('RoleId'), `"RoleId" of ${what}`);
  const lastUsed = input.object(f.get('RoleLastUsed'), `"RoleLastUsed" of ${what}`, LAST_USED_KEYS, 'roles');
  const trustNode = f.get('AssumeRolePolicyDocument');
  if (!trustNode) input.error(node, `${what} has no "AssumeRolePolicyDocument"`);
  return {
    name,
    at: input.pos(node),
    path: input.string(f.get('Path'), `"Path" of ${what}`) ?? '/',
    arn: input.string(f.get('Arn'), `"Arn" of ${what}`),
    trust: input.document(trustNode, `the trust policy of ${what}`),
    attached: attached(input, f.get('AttachedManagedPolicies'), what),
    inline: inline(input, f.get('RolePolicyList'), what, 'RolePolicyList'),
    boundary: boundary(input, f.get('PermissionsBoundary'), what),
    tags: tags(input, f.get('Tags'), what),
    instanceProfiles: input.array(f.get('InstanceProfileList'), `"InstanceProfileList" of ${what}`).flatMap((n) => {
      const p = readProfile(input, n, what);
      return p ? [p] : [];
    }),
    lastUsed: lastUsed ? input.date(lastUsed.get('LastUsedDate'), `"RoleLastUsed.LastUsedDate" of ${what}`) : undefined,
    lastUsedRegion: lastUsed ? input.string(lastUsed.get('Region'), `"RoleLastUsed.Region" of ${what}`) : undefined,
    description: input.string(f.get('Description'), `"Description" of ${what}`),
    maxSessionDuration: input.number(f.get('MaxSessionDuration'), `"MaxSessionDuration" of ${what}`),
  };
}

function readProfile(input: JsonInput, node: Node, owner: string): AwsInstanceProfile | undefined {
  const f = input.object(node, `an instance profile of ${owner}`, PROFILE_KEYS, 'instance profiles');
  if (!f) return undefined;
  const name = input.required(f, 'InstanceProfileName', node, `an instance profile of ${owner}`);
  if (!name) return undefined;
  const what = `instance profile "${name}"`;
  return {
    name,
    path: input.string(f.get('Path'), `"Path" of ${what}`) ?? '/',
    // Roles repeats the role details; only the names matter here.
    roles: input.array(f.get('Roles'), `"Roles" of ${what}`).flatMap((r) => {
      if (r.type !== 'object') return [];
      const rn = (r.children ?? []).find((p) => p.children?.[0]?.value === 'RoleName')?.children?.[1];
      return rn?.type === 'string' ? [rn.value as string] : [];
    }),
    tags: tags(input, f.get('Tags'), what),
  };
}

function readPolicy(input: JsonInput, node: Node): AwsPolicy | undefined {
  const f = input.object(node, 'an entry of "Policies"', POLICY_KEYS, 'managed policies');
  if (!f) return undefined;
  const name = input.required(f, 'PolicyName', node, 'a managed policy');
  const arn = name ? input.required(f, 'Arn', node, `managed policy "${name}"`) : undefined;
  if (!name || !arn) return undefined;
  const what = `managed policy "${name}"`;
  for (const k of ['CreateDate', 'UpdateDate']) input.date(f.get(k), `"${k}" of ${what}`);
  for (const k of ['AttachmentCount', 'PermissionsBoundaryUsageCount']) input.number(f.get(k), `"${k}" of ${what}`);
  input.boolean(f.get('IsAttachable'), `"IsAttachable" of ${what}`);
  input.string(f.get('PolicyId'), `"PolicyId" of ${what}`);
  const versions: AwsPolicyVersion[] = [];
  for (const v of input.array(f.get('PolicyVersionList'), `"PolicyVersionList" of ${what}`)) {
    const vf = input.object(v, `a version of ${what}`, VERSION_KEYS, 'policy versions');
    if (!vf) continue;
    const id = input.required(vf, 'VersionId', v, `a version of ${what}`);
    if (!id) continue;
    const docNode = vf.get('Document');
    if (!docNode) input.error(v, `version ${id} of ${what} has no "Document"`);
    versions.push({
      id,
      isDefault: input.boolean(vf.get('IsDefaultVersion'), `"IsDefaultVersion" of ${what} ${id}`) ?? false,
      document: input.document(docNode, `the document of ${what} version ${id}`),
      created: input.date(vf.get('CreateDate'), `"CreateDate" of ${what} ${id}`),
    });
  }
  return {
    name,
    at: input.pos(node),
    arn,
    path: input.string(f.get('Path'), `"Path" of ${what}`) ?? '/',
    description: input.string(f.get('Description'), `"Description" of ${what}`),
    defaultVersionId: input.string(f.get('DefaultVersionId'), `"DefaultVersionId" of ${what}`),
    versions,
    tags: tags(input, f.get('Tags'), what),
  };
}

function attached(input: JsonInput, node: Node | undefined, owner: string): AttachedPolicy[] {
  return input.array(node, `"AttachedManagedPolicies" of ${owner}`).flatMap((n) => {
    const f = input.object(n, `an attached policy of ${owner}`, ATTACHED_KEYS, 'attached policies');
    if (!f) return [];
    const arn = input.required(f, 'PolicyArn', n, `an attached policy of ${owner}`);
    return arn ? [{ arn, name: input.string(f.get('PolicyName'), `"PolicyName" of an attached policy of ${owner}`) }] : [];
  });
}

function inline(input: JsonInput, node: Node | undefined, owner: string, list: string): InlineDocument[] {
  return input.array(node, `"${list}" of ${owner}`).flatMap((n) => {
    const f = input.object(n, `an inline policy of ${owner}`, INLINE_KEYS, 'inline policies');
    if (!f) return [];
    const name = input.required(f, 'PolicyName', n, `an inline policy of ${owner}`);
    if (!name) return [];
    const docNode = f.get('PolicyDocument');
    if (!docNode) {
      input.error(n, `inline policy "${name}" of ${owner} has no "PolicyDocument"`);
      return [];
    }
    const document = input.document(docNode, `inline policy "${name}" of ${owner}`);
    return document === undefined ? [] : [{ name, document }];
  });
}

function boundary(input: JsonInput, node: Node | undefined, owner: string): string | undefined {
  const f = input.object(node, `"PermissionsBoundary" of ${owner}`, BOUNDARY_KEYS, 'permissions boundaries');
  if (!f) return undefined;
  const type = input.string(f.get('PermissionsBoundaryType'), `"PermissionsBoundaryType" of ${owner}`);
  if (type !== undefined && !BOUNDARY_TYPES.includes(type)) {
    input.error(f.get('PermissionsBoundaryType')!, `"PermissionsBoundaryType" of ${owner} should be "PermissionsBoundaryPolicy" (or "Policy"), not "${type}"`);
  }
  return input.required(f, 'PermissionsBoundaryArn', node!, `the permissions boundary of ${owner}`);
}

function tags(input: JsonInput, node: Node | undefined, owner: string): [string, string][] {
  return input.array(node, `"Tags" of ${owner}`).flatMap((n): [string, string][] => {
    const f = input.object(n, `a tag of ${owner}`, TAG_KEYS, 'tags');
    if (!f) return [];
    const key = input.required(f, 'Key', n, `a tag of ${owner}`);
    const value = input.string(f.get('Value'), `the value of tag "${key}" of ${owner}`) ?? '';
    return key ? [[key, value]] : [];
  });
}
