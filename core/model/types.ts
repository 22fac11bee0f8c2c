import type { Finding } from '../findings';
import type { PolicyDocument } from '../policy/types';
import type { LineIndex } from '../text/line-index';
import type { Located, Span } from '../text/span';

export type EntityKind = 'user' | 'group' | 'role' | 'policy' | 'identityProvider';

/** Where a named entity sits in its file. */
export interface EntityBase {
  name: string;
  /** Span of the entity's key (the name in quotes). */
  nameSpan: Span;
  /** Span of the entity's object. */
  span: Span;
  /** The account file the entity belongs to. */
  uri: string;
  /** Derived ARN: `arn:<partition>:iam::<account>:<kind><path><name>`. */
  arn: string;
}

/** A reference to a managed policy: a name from `policies`, or an ARN. */
export interface PolicyRef {
  ref: string;
  span: Span;
  /** Not written in the file: AWS's default (FullAWSAccess where an organization node lists no `policies`). */
  implicit?: boolean;
  /** Filled by resolution; undefined when the reference is dangling. */
  target?: ResolvedPolicy;
}

export type ResolvedPolicy =
  | { kind: 'customer'; policy: ManagedPolicy }
  | { kind: 'aws'; arn: string; name: string; document: PolicyDocument }
  /** An SCP/RCP the organization provides (FullAWSAccess, RCPFullAWSAccess), with its Organizations ARN. */
  | { kind: 'builtin'; name: string; document: PolicyDocument; arn: string; type: OrgPolicyType }
  /** An SCP or RCP of an organization file's `policies`. */
  | { kind: 'organization'; policy: OrgPolicy };

/** A reference by name to another entity (a user's group, a role's instance profile, ...). */
export interface NameRef {
  name: string;
  span: Span;
}

export interface InlinePolicy {
  name: string;
  nameSpan: Span;
  document: PolicyDocument;
}

export interface Tag {
  key: string;
  value: string;
  keySpan: Span;
  valueSpan: Span;
}

export interface PathField {
  path: string;
  pathSpan?: Span;
}

export interface PrincipalBase extends EntityBase, PathField {
  policies: PolicyRef[];
  policiesSpan?: Span;
  inlinePolicies: InlinePolicy[];
  inlinePoliciesSpan?: Span;
  tags: Tag[];
  tagsSpan?: Span;
}

export interface ConsoleAccess {
  enabled: boolean;
  span: Span;
  passwordLastChanged?: Located<string>;
  lastSignIn?: Located<string>;
}

export interface MfaDevice {
  serial?: Located<string>;
  type?: Located<string>;
  span: Span;
}

export interface AccessKey {
  id?: Located<string>;
  status: 'Active' | 'Inactive';
  statusSpan?: Span;
  created?: Located<string>;
  lastUsed?: Located<string>;
  span: Span;
}

export interface User extends PrincipalBase {
  kind: 'user';
  groups: NameRef[];
  groupsSpan?: Span;
  /** The groups `groups` names, as resolution found them, each once (filled by resolution). */
  memberOf: Group[];
  permissionsBoundary?: PolicyRef;
  console?: ConsoleAccess;
  mfa: MfaDevice[];
  mfaSpan?: Span;
  accessKeys: AccessKey[];
  accessKeysSpan?: Span;
}

export interface Group extends EntityBase, PathField {
  kind: 'group';
  policies: PolicyRef[];
  policiesSpan?: Span;
  inlinePolicies: InlinePolicy[];
  inlinePoliciesSpan?: Span;
  /** Users whose `groups` name this group (filled by resolution). */
  members: User[];
  /** Present only when the file (wrongly) nests groups: `"groups": [...]` inside a group. */
  nestedGroups?: NameRef[];
}

export interface Role extends PrincipalBase {
  kind: 'role';
  trustPolicy?: PolicyDocument;
  /** Span of the `trustPolicy` key, for findings about it. */
  trustPolicyKeySpan?: Span;
  permissionsBoundary?: PolicyRef;
  maxSessionDuration?: Located<number>;
  instanceProfile?: NameRef;
  serviceLinked: boolean;
  serviceLinkedSpan?: Span;
  description?: Located<string>;
  lastUsed?: Located<string>;
}

export interface ManagedPolicy extends EntityBase, PathField {
  kind: 'policy';
  description?: Located<string>;
  document: PolicyDocument;
  /** Number of stored versions, when the file says (AWS keeps at most 5). */
  versions?: Located<number>;
}

export interface IdentityProvider extends EntityBase {
  kind: 'identityProvider';
  type: 'oidc' | 'saml';
  typeSpan?: Span;
  url?: Located<string>;
  clientIds: Located<string>[];
  thumbprints: Located<string>[];
}

export interface ResourcePolicyEntry {
  /** The resource's ARN, as the key of the `resources` map. */
  arn: string;
  arnSpan: Span;
  span: Span;
  uri: string;
  policy?: PolicyDocument;
}

export interface PasswordPolicy {
  span: Span;
  minimumLength?: Located<number>;
  requireUppercase?: Located<boolean>;
  requireLowercase?: Located<boolean>;
  requireNumbers?: Located<boolean>;
  requireSymbols?: Located<boolean>;
  maxAgeDays?: Located<number>;
  reusePrevention?: Located<number>;
  allowUsersToChange?: Located<boolean>;
  hardExpiry?: Located<boolean>;
}

/** The password policy's settings as plain values: what an import writes and an export reads. */
export type PasswordPolicyValues = {
  [K in Exclude<keyof PasswordPolicy, 'span'>]?: NonNullable<PasswordPolicy[K]>['value'];
};

export interface RootUser {
  span: Span;
  mfa?: Located<boolean>;
  accessKeys: AccessKey[];
  accessKeysSpan?: Span;
  lastUsed?: Located<string>;
}

export interface Organization {
  span: Span;
  /** Levels of the organization, root first; each level lists the policies attached there. */
  serviceControlPolicies: PolicyRef[][];
  resourceControlPolicies: PolicyRef[][];
  scpSpan?: Span;
  rcpSpan?: Span;
  /** True when this account is the organization's management account (SCPs/RCPs don't apply). */
  managementAccount?: Located<boolean>;
}

/** AWS Organizations' policy types this format models (Organizations' own enum values). */
export type OrgPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** An SCP or RCP written in an organization file (`organization.policies`). */
export interface OrgPolicy {
  kind: 'orgPolicy';
  name: string;
  nameSpan: Span;
  span: Span;
  uri: string;
  type: OrgPolicyType;
  typeSpan?: Span;
  /** Organizations' policy id (`p-...`), when the file says. */
  id?: Located<string>;
  description?: Located<string>;
  document: PolicyDocument;
  /** `arn:PARTITION:organizations::MANAGEMENT:policy/ORG-ID/service_control_policy/POLICY-ID` (placeholders when unknown). */
  arn: string;
}

/** An account's place in an organization tree. */
export interface OrgAccount {
  id: Located<string>;
  name?: Located<string>;
  email?: Located<string>;
  /** Policies attached to the account itself (`policies`; absent: FullAWSAccess, AWS's default). */
  policies: PolicyRef[];
  policiesSpan?: Span;
  span: Span;
  /** The OU or root the account sits in. */
  parent: OrgNode;
}

/** The root or an organizational unit. */
export interface OrgNode {
  kind: 'root' | 'ou';
  /** The OU's name (the key in `organizationalUnits`), or "Root". */
  name: string;
  nameSpan: Span;
  span: Span;
  id?: Located<string>;
  policies: PolicyRef[];
  policiesSpan?: Span;
  accounts: OrgAccount[];
  children: OrgNode[];
  parent?: OrgNode;
}

/** An organization file's `organization`: the tree, its policies, its management account. */
export interface OrganizationTree {
  span: Span;
  uri: string;
  id?: Located<string>;
  managementAccount?: Located<string>;
  partition: string;
  /** The policy types enabled on the root; undefined: both SCPs and RCPs. */
  policyTypes?: Located<OrgPolicyType>[];
  policies: Map<string, OrgPolicy>;
  root?: OrgNode;
}

/** The SCP and RCP levels that apply to one account, from an organization tree or an account file's own (legacy) `organization`. */
export interface AccountOrganization {
  source: 'tree' | 'legacy';
  /** Root first, then each OU down to the account itself. */
  scp: PolicyRef[][];
  rcp: PolicyRef[][];
  managementAccount: boolean;
  /** For `tree`: the organization, and the account's entry in it. */
  tree?: OrganizationTree;
  account?: OrgAccount;
}

export interface Account {
  /** 12-digit account id; when missing, a placeholder derived from the file name is used for ARNs. */
  id?: Located<string>;
  alias?: Located<string>;
  partition: string;
  root?: RootUser;
  passwordPolicy?: PasswordPolicy;
  /** Quota overrides (raised limits), by quota name. */
  quotas: Map<string, Located<number>>;
  organization?: Organization;
  /**
   * The date the file describes the account as of (an import's snapshot date). Age checks (key
   * rotation, unused credentials) count from it; without it they count from today.
   */
  asOf?: Located<string>;
  span?: Span;
}

/** One iam.json file: one AWS account. */
export interface AccountFile {
  uri: string;
  text: string;
  lines: LineIndex;
  /** The account id used for ARNs: the file's, or `000000000000` when it has none. */
  accountId: string;
  account: Account;
  users: Map<string, User>;
  groups: Map<string, Group>;
  roles: Map<string, Role>;
  policies: Map<string, ManagedPolicy>;
  identityProviders: Map<string, IdentityProvider>;
  resources: ResourcePolicyEntry[];
  /** Present in an organization file (top-level `"organization"`, no `"account"`): the organization it describes. */
  organization?: OrganizationTree;
  /** Parse and schema findings of this file (reference findings come from the workspace). */
  findings: Finding[];
}

export type Principal = User | Group | Role;
export type Entity = User | Group | Role | ManagedPolicy | IdentityProvider;

/** The sections of an account file that hold entities (maps of `AccountFile` by the same names). */
export type EntitySection = 'policies' | 'groups' | 'users' | 'roles' | 'identityProviders';
export const ENTITY_SECTIONS: readonly EntitySection[] = ['policies', 'groups', 'users', 'roles', 'identityProviders'];
