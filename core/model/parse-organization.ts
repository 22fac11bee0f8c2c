/**
 * An organization file: `{ "organization": { id, managementAccount, policies, root } }` — the AWS
 * Organizations tree (root, OUs, accounts) with its SCPs and RCPs and where each is attached.
 * Each account's SCP/RCP levels follow from its place in the tree (see Workspace.organizationOf).
 */
import { exact, nodeSpan, type Node, type Property } from '../json/tree';
import { parsePolicyNode } from '../policy/parse';
import type { Reader } from './reader';
import type { OrgAccount, OrgNode, OrgPolicy, OrgPolicyType, OrganizationTree, PolicyRef } from './types';
import { PARTITIONS } from './parse-account';

export const ORGANIZATION_KEYS = ['id', 'managementAccount', 'partition', 'policyTypes', 'policies', 'root'];
export const ORG_POLICY_KEYS = ['type', 'id', 'description', 'document'];
export const ORG_NODE_KEYS = ['id', 'policies', 'accounts', 'organizationalUnits'];
export const ORG_ACCOUNT_KEYS = ['name', 'email', 'policies'];
export const ORG_POLICY_TYPES: readonly OrgPolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

/** Organizations' ids: `o-` + 10–32 lower-case letters or digits; root `r-` + 4–32; OU `ou-` + root part + `-` + 8–32; policy `p-` + 8–128. */
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const POLICY_ID = /^p-[0-9a-zA-Z_]{8,128}$/;

/** The ARN Organizations gives a policy; unknown parts become readable placeholders. */
export function orgPolicyArn(partition: string, management: string | undefined, orgId: string | undefined, type: OrgPolicyType, id: string | undefined, name: string): string {
  const t = type === 'SERVICE_CONTROL_POLICY' ? 'service_control_policy' : 'resource_control_policy';
  return `arn:${partition}:organizations::${management ?? '000000000000'}:policy/${orgId ?? 'o-unknown'}/${t}/${id ?? `p-${name}`}`;
}

export function readOrganizationTree(r: Reader, uri: string, node: Node): OrganizationTree | undefined {
  const f = r.object(node, '"organization"', ORGANIZATION_KEYS);
  if (!f) return undefined;
  const tree: OrganizationTree = { span: nodeSpan(node), uri, partition: 'aws', policies: new Map() };
  tree.id = r.string(f.get('id')?.value, 'The organization id');
  if (tree.id && !ORG_ID.test(tree.id.value)) r.report(tree.id.span, `An organization id is "o-" and 10 to 32 lower-case letters or digits, not "${tree.id.value}".`, 'schema/org-id');
  tree.managementAccount = r.string(f.get('managementAccount')?.value, 'The management account');
  if (tree.managementAccount && !/^\d{12}$/.test(tree.managementAccount.value)) {
    r.report(tree.managementAccount.span, `The management account is a 12-digit account id, not "${tree.managementAccount.value}".`, 'schema/account-id');
  }
  const partition = r.string(f.get('partition')?.value, 'The partition');
  if (partition) {
    if (PARTITIONS.includes(partition.value)) tree.partition = partition.value;
    else r.report(partition.span, `Unknown partition "${partition.value}"; expected one of ${PARTITIONS.join(', ')}.`, 'schema/partition');
  }
  const types = f.get('policyTypes')?.value;
  if (types) {
    tree.policyTypes = [];
    for (const t of r.strings(types, 'The enabled policy types')) {
      if (ORG_POLICY_TYPES.includes(t.value as OrgPolicyType)) tree.policyTypes.push(t as { value: OrgPolicyType; span: typeof t.span });
      else r.report(t.span, `Policy type must be one of ${ORG_POLICY_TYPES.join(', ')}, not "${t.value}".`, 'schema/enum');
    }
  }
  for (const p of r.entries(f.get('policies')?.value, 'The organization\'s "policies"')) {
    const policy = readOrgPolicy(r, uri, tree, p);
    if (policy) tree.policies.set(policy.name, policy);
  }
  const root = f.get('root');
  if (root?.value) tree.root = readNode(r, root, 'root', undefined);
  else r.report(nodeSpan(node), 'The organization has no "root": write the root with its OUs and accounts.', 'schema/missing', 'warning');
  return tree;
}

function readOrgPolicy(r: Reader, uri: string, tree: OrganizationTree, p: Property): OrgPolicy | undefined {
  const what = `organization policy "${p.key}"`;
  const f = r.object(p.value, `The ${what}`, ORG_POLICY_KEYS);
  if (!f || !p.value) return undefined;
  const type = r.string(f.get('type')?.value, `The type of ${what}`);
  let t: OrgPolicyType = 'SERVICE_CONTROL_POLICY';
  if (!type) r.report(nodeSpan(p.keyNode), `The ${what} needs a "type": "SERVICE_CONTROL_POLICY" or "RESOURCE_CONTROL_POLICY".`, 'schema/missing');
  else if (!ORG_POLICY_TYPES.includes(type.value as OrgPolicyType)) r.report(type.span, `Policy type must be "SERVICE_CONTROL_POLICY" or "RESOURCE_CONTROL_POLICY", not "${type.value}".`, 'schema/enum');
  else t = type.value as OrgPolicyType;
  const id = r.string(f.get('id')?.value, `The id of ${what}`);
  if (id && !POLICY_ID.test(id.value)) r.report(id.span, `A policy id is "p-" and 8 to 128 letters, digits or underscores, not "${id.value}".`, 'schema/org-id');
  const docNode = f.get('document')?.value;
  if (!docNode) r.report(nodeSpan(p.keyNode), `The ${what} has no "document".`, 'schema/missing');
  const kind = t === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp';
  const document = parsePolicyNode(docNode, uri, kind, nodeSpan(p.keyNode));
  r.findings.push(...document.findings);
  return {
    kind: 'orgPolicy',
    name: p.key,
    nameSpan: nodeSpan(p.keyNode),
    span: nodeSpan(p.value),
    uri,
    type: t,
    typeSpan: type?.span,
    id,
    description: r.string(f.get('description')?.value, `The description of ${what}`),
    document,
    arn: orgPolicyArn(tree.partition, tree.managementAccount?.value, tree.id?.value, t, id?.value, p.key),
  };
}

function refs(r: Reader, node: Node | undefined, what: string): PolicyRef[] {
  return r.strings(node, what).map((s) => ({ ref: s.value, span: s.span }));
}

/** Absent `policies`: FullAWSAccess, which AWS attaches to every root, OU and account by default. */
function attached(r: Reader, p: Property | undefined, keySpan: { start: number; end: number }, what: string): { policies: PolicyRef[]; policiesSpan?: { start: number; end: number } } {
  if (!p?.value) return { policies: [{ ref: 'FullAWSAccess', span: keySpan, implicit: true }] };
  return { policies: refs(r, p.value, `The policies attached to ${what}`), policiesSpan: nodeSpan(p.value) };
}

function readNode(r: Reader, p: Property, kind: 'root' | 'ou', parent: OrgNode | undefined): OrgNode {
  const what = kind === 'root' ? 'the root' : `OU "${p.key}"`;
  const f = r.object(p.value, kind === 'root' ? 'The root' : `The ${what}`, ORG_NODE_KEYS) ?? new Map<string, Property>();
  const nameSpan = nodeSpan(p.keyNode);
  const node: OrgNode = {
    kind,
    name: kind === 'root' ? 'Root' : p.key,
    nameSpan,
    span: nodeSpan(p.value ?? p.node),
    id: r.string(f.get('id')?.value, `The id of ${what}`),
    ...attached(r, f.get('policies'), nameSpan, what),
    accounts: [],
    children: [],
    parent,
  };
  if (node.id && !(kind === 'root' ? ROOT_ID : OU_ID).test(node.id.value)) {
    r.report(node.id.span, kind === 'root' ? `A root id is "r-" and 4 to 32 lower-case letters or digits, not "${node.id.value}".` : `An OU id is "ou-", the root's 4 to 32 characters, "-" and 8 to 32 more, not "${node.id.value}".`, 'schema/org-id');
  }
  for (const a of r.entries(f.get('accounts')?.value, `The accounts of ${what}`)) {
    const af = r.object(a.value, `Account "${a.key}"`, ORG_ACCOUNT_KEYS);
    if (!af && a.value?.type !== 'object') continue;
    const idSpan = nodeSpan(a.keyNode);
    if (!/^\d{12}$/.test(a.key)) r.report(idSpan, `Accounts are keyed by their 12-digit id, not "${a.key}".`, 'schema/account-id');
    const account: OrgAccount = {
      id: { value: a.key, span: idSpan },
      name: r.string(af?.get('name')?.value, `The name of account ${a.key}`),
      email: r.string(af?.get('email')?.value, `The email of account ${a.key}`),
      ...attached(r, af?.get('policies'), idSpan, `account ${a.key}`),
      span: nodeSpan(a.value ?? a.node),
      parent: node,
    };
    node.accounts.push(account);
  }
  for (const c of r.entries(f.get('organizationalUnits')?.value, `The OUs of ${what}`)) node.children.push(readNode(r, c, 'ou', node));
  node.accounts = exact(node.accounts);
  node.children = exact(node.children);
  return node;
}

/** Every node of the tree, root first, depth first. */
export function* orgNodes(root: OrgNode | undefined): Iterable<OrgNode> {
  if (!root) return;
  yield root;
  for (const c of root.children) yield* orgNodes(c);
}
