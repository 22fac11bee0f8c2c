import { append, exact, nodeSpan, type Node, type Property } from '../json/tree';
import { parsePolicyNode } from '../policy/parse';
import type { PolicyKind } from '../policy/types';
import type { Span } from '../text/span';
import { entityArn } from './arn';
import { readAccessKeys, readDate } from './parse-account';
import type { Reader } from './reader';
import type {
  ConsoleAccess,
  Group,
  IdentityProvider,
  InlinePolicy,
  ManagedPolicy,
  MfaDevice,
  NameRef,
  PolicyRef,
  ResourcePolicyEntry,
  Role,
  Tag,
  User,
} from './types';

export interface ReadContext {
  reader: Reader;
  uri: string;
  partition: string;
  accountId: string;
}

export const USER_KEYS = [
  'path', 'groups', 'policies', 'inlinePolicies', 'permissionsBoundary', 'console', 'mfa', 'accessKeys', 'tags',
];
export const GROUP_KEYS = ['path', 'policies', 'inlinePolicies', 'groups'];
export const ROLE_KEYS = [
  'path', 'trustPolicy', 'policies', 'inlinePolicies', 'permissionsBoundary', 'maxSessionDuration',
  'instanceProfile', 'serviceLinked', 'description', 'tags', 'lastUsed',
];
export const POLICY_KEYS = ['path', 'description', 'document', 'versions', 'tags'];
export const IDP_KEYS = ['type', 'url', 'clientIds', 'thumbprints', 'metadataDocument', 'tags'];
export const RESOURCE_KEYS = ['policy'];
export const CONSOLE_KEYS = ['enabled', 'passwordLastChanged', 'lastSignIn'];
export const MFA_KEYS = ['serial', 'type'];
/** The MFA device types the format knows; any other is reported. */
export const MFA_TYPES = ['virtual', 'hardware', 'u2f', 'fido', 'passkey'];

function base(ctx: ReadContext, p: Property, type: string, path: string) {
  return {
    name: p.key,
    nameSpan: nodeSpan(p.keyNode),
    span: nodeSpan(p.value ?? p.node),
    uri: ctx.uri,
    arn: flat(entityArn(ctx.partition, ctx.accountId, type, path, p.key)),
  };
}

/**
 * The string as one flat piece. An ARN built by a template is a tree of its eight parts (a V8 cons
 * string, ~200 bytes); reading a character flattens it, and the garbage collector then keeps only the
 * flat copy (~1 MB less on a max-quota account).
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

function readPath(ctx: ReadContext, node: Node | undefined, what: string) {
  const s = ctx.reader.string(node, `The path of ${what}`);
  return { path: s?.value ?? '/', pathSpan: s?.span };
}

function policyRefs(ctx: ReadContext, node: Node | undefined, what: string): PolicyRef[] {
  return ctx.reader.strings(node, what).map((s) => ({ ref: s.value, span: s.span }));
}

function nameRefs(ctx: ReadContext, node: Node | undefined, what: string): NameRef[] {
  return ctx.reader.strings(node, what).map((s) => ({ name: s.value, span: s.span }));
}

function inlinePolicies(ctx: ReadContext, node: Node | undefined, owner: string): InlinePolicy[] {
  return ctx.reader.entries(node, `The inline policies of ${owner}`).map((p) => ({
    name: p.key,
    nameSpan: nodeSpan(p.keyNode),
    document: collect(ctx, parsePolicyNode(p.value, ctx.uri, 'identity', nodeSpan(p.node))),
  }));
}

function boundary(ctx: ReadContext, node: Node | undefined, owner: string): PolicyRef | undefined {
  const s = ctx.reader.string(node, `The permissions boundary of ${owner}`);
  return s ? { ref: s.value, span: s.span } : undefined;
}

function tags(ctx: ReadContext, node: Node | undefined, owner: string): Tag[] {
  const out: Tag[] = [];
  for (const p of ctx.reader.entries(node, `The tags of ${owner}`)) {
    const v = ctx.reader.string(p.value, `The tag "${p.key}"`);
    if (v) out.push({ key: p.key, value: v.value, keySpan: nodeSpan(p.keyNode), valueSpan: v.span });
  }
  return exact(out);
}

function spanOf(node: Node | undefined): Span | undefined {
  return node ? nodeSpan(node) : undefined;
}

/** Policy documents' own findings join the file's findings. */
function collect<T extends { findings: import('../findings').Finding[] }>(ctx: ReadContext, doc: T): T {
  append(ctx.reader.findings, doc.findings);
  return doc;
}

export function readUser(ctx: ReadContext, p: Property): User | undefined {
  const what = `user "${p.key}"`;
  const f = ctx.reader.object(p.value, `The ${what}`, USER_KEYS);
  if (!f) return undefined;
  const path = readPath(ctx, f.get('path')?.value, what);
  const consoleNode = f.get('console')?.value;
  return {
    kind: 'user',
    ...base(ctx, p, 'user', path.path),
    ...path,
    groups: nameRefs(ctx, f.get('groups')?.value, `the groups of ${what}`),
    groupsSpan: spanOf(f.get('groups')?.value),
    memberOf: [],
    policies: policyRefs(ctx, f.get('policies')?.value, `the policies of ${what}`),
    policiesSpan: spanOf(f.get('policies')?.value),
    inlinePolicies: inlinePolicies(ctx, f.get('inlinePolicies')?.value, what),
    inlinePoliciesSpan: spanOf(f.get('inlinePolicies')?.value),
    permissionsBoundary: boundary(ctx, f.get('permissionsBoundary')?.value, what),
    console: readConsole(ctx, consoleNode, what),
    mfa: readMfa(ctx, f.get('mfa')?.value, what),
    mfaSpan: spanOf(f.get('mfa')?.value),
    accessKeys: readAccessKeys(ctx.reader, f.get('accessKeys')?.value, `The access keys of ${what}`),
    accessKeysSpan: spanOf(f.get('accessKeys')?.value),
    tags: tags(ctx, f.get('tags')?.value, what),
    tagsSpan: spanOf(f.get('tags')?.value),
  };
}

function readConsole(ctx: ReadContext, node: Node | undefined, what: string): ConsoleAccess | undefined {
  if (!node || node.type === 'null') return undefined;
  if (node.type === 'boolean') return { enabled: node.value, span: nodeSpan(node) };
  const f = ctx.reader.object(node, `The console access of ${what}`, CONSOLE_KEYS);
  if (!f) return undefined;
  const enabled = ctx.reader.boolean(f.get('enabled')?.value, 'Console "enabled"');
  return {
    enabled: enabled?.value ?? true,
    span: nodeSpan(node),
    passwordLastChanged: readDate(ctx.reader, f.get('passwordLastChanged')?.value, 'Console "passwordLastChanged"'),
    lastSignIn: readDate(ctx.reader, f.get('lastSignIn')?.value, 'Console "lastSignIn"'),
  };
}

function readMfa(ctx: ReadContext, node: Node | undefined, what: string): MfaDevice[] {
  const out: MfaDevice[] = [];
  for (const item of ctx.reader.array(node, `The MFA devices of ${what}`)) {
    const f = ctx.reader.object(item, 'An MFA device', MFA_KEYS);
    if (!f) continue;
    const type = ctx.reader.string(f.get('type')?.value, 'The MFA device type');
    if (type && !MFA_TYPES.includes(type.value)) {
      ctx.reader.report(type.span, `MFA device type must be virtual, hardware, u2f, fido or passkey, not "${type.value}".`, 'schema/enum', 'warning');
    }
    out.push({ serial: ctx.reader.string(f.get('serial')?.value, 'The MFA serial'), type, span: nodeSpan(item) });
  }
  return exact(out);
}

export function readGroup(ctx: ReadContext, p: Property): Group | undefined {
  const what = `group "${p.key}"`;
  const f = ctx.reader.object(p.value, `The ${what}`, GROUP_KEYS);
  if (!f) return undefined;
  const path = readPath(ctx, f.get('path')?.value, what);
  const nested = f.get('groups')?.value;
  return {
    kind: 'group',
    ...base(ctx, p, 'group', path.path),
    ...path,
    policies: policyRefs(ctx, f.get('policies')?.value, `the policies of ${what}`),
    policiesSpan: spanOf(f.get('policies')?.value),
    inlinePolicies: inlinePolicies(ctx, f.get('inlinePolicies')?.value, what),
    inlinePoliciesSpan: spanOf(f.get('inlinePolicies')?.value),
    members: [],
    nestedGroups: nested ? nameRefs(ctx, nested, `the groups of ${what}`) : undefined,
  };
}

export function readRole(ctx: ReadContext, p: Property): Role | undefined {
  const what = `role "${p.key}"`;
  const f = ctx.reader.object(p.value, `The ${what}`, ROLE_KEYS);
  if (!f) return undefined;
  const path = readPath(ctx, f.get('path')?.value, what);
  const trust = f.get('trustPolicy');
  const ip = ctx.reader.string(f.get('instanceProfile')?.value, `The instance profile of ${what}`);
  const serviceLinked = ctx.reader.boolean(f.get('serviceLinked')?.value, `"serviceLinked" of ${what}`);
  return {
    kind: 'role',
    ...base(ctx, p, 'role', path.path),
    ...path,
    trustPolicy: trust?.value && trust.value.type !== 'null' ? collect(ctx, parsePolicyNode(trust.value, ctx.uri, 'trust')) : undefined,
    trustPolicyKeySpan: trust ? nodeSpan(trust.keyNode) : undefined,
    policies: policyRefs(ctx, f.get('policies')?.value, `the policies of ${what}`),
    policiesSpan: spanOf(f.get('policies')?.value),
    inlinePolicies: inlinePolicies(ctx, f.get('inlinePolicies')?.value, what),
    inlinePoliciesSpan: spanOf(f.get('inlinePolicies')?.value),
    permissionsBoundary: boundary(ctx, f.get('permissionsBoundary')?.value, what),
    maxSessionDuration: ctx.reader.number(f.get('maxSessionDuration')?.value, `"maxSessionDuration" of ${what}`),
    instanceProfile: ip ? { name: ip.value, span: ip.span } : undefined,
    serviceLinked: serviceLinked?.value ?? false,
    serviceLinkedSpan: serviceLinked?.span,
    description: ctx.reader.string(f.get('description')?.value, `The description of ${what}`),
    lastUsed: readDate(ctx.reader, f.get('lastUsed')?.value, `"lastUsed" of ${what}`),
    tags: tags(ctx, f.get('tags')?.value, what),
    tagsSpan: spanOf(f.get('tags')?.value),
  };
}

export function readManagedPolicy(ctx: ReadContext, p: Property): ManagedPolicy | undefined {
  const what = `policy "${p.key}"`;
  const f = ctx.reader.object(p.value, `The ${what}`, POLICY_KEYS);
  if (!f) return undefined;
  const path = readPath(ctx, f.get('path')?.value, what);
  const docNode = f.get('document')?.value;
  if (!docNode) {
    ctx.reader.report(nodeSpan(p.keyNode), `The ${what} has no "document".`, 'schema/missing');
  }
  return {
    kind: 'policy',
    ...base(ctx, p, 'policy', path.path),
    ...path,
    description: ctx.reader.string(f.get('description')?.value, `The description of ${what}`),
    document: docNode
      ? collect(ctx, parsePolicyNode(docNode, ctx.uri, 'identity' as PolicyKind))
      : parsePolicyNode(undefined, ctx.uri, 'identity', nodeSpan(p.keyNode)),
    versions: ctx.reader.number(f.get('versions')?.value, `"versions" of ${what}`),
  };
}

export function readIdentityProvider(ctx: ReadContext, p: Property): IdentityProvider | undefined {
  const what = `identity provider "${p.key}"`;
  const f = ctx.reader.object(p.value, `The ${what}`, IDP_KEYS);
  if (!f) return undefined;
  const type = ctx.reader.string(f.get('type')?.value, `The type of ${what}`);
  if (!type) ctx.reader.report(nodeSpan(p.keyNode), `The ${what} needs a "type": "oidc" or "saml".`, 'schema/missing');
  else if (type.value !== 'oidc' && type.value !== 'saml') {
    ctx.reader.report(type.span, `Identity provider type must be "oidc" or "saml", not "${type.value}".`, 'schema/enum');
  }
  const kind = type?.value === 'saml' ? 'saml' : 'oidc';
  const url = ctx.reader.string(f.get('url')?.value, `The URL of ${what}`);
  if (kind === 'oidc' && !url) ctx.reader.report(nodeSpan(p.keyNode), `The OIDC ${what} needs a "url".`, 'schema/missing');
  const host = url?.value.replace(/^https:\/\//, '').replace(/\/$/, '');
  const arn =
    kind === 'oidc'
      ? `arn:${ctx.partition}:iam::${ctx.accountId}:oidc-provider/${host ?? p.key}`
      : `arn:${ctx.partition}:iam::${ctx.accountId}:saml-provider/${p.key}`;
  return {
    kind: 'identityProvider',
    ...base(ctx, p, 'saml-provider', '/'),
    arn,
    type: kind,
    typeSpan: type?.span,
    url,
    clientIds: ctx.reader.strings(f.get('clientIds')?.value, `The client ids of ${what}`),
    thumbprints: ctx.reader.strings(f.get('thumbprints')?.value, `The thumbprints of ${what}`),
  };
}

export function readResource(ctx: ReadContext, p: Property): ResourcePolicyEntry {
  const f = ctx.reader.object(p.value, `The resource "${p.key}"`, RESOURCE_KEYS);
  const policyNode = f?.get('policy')?.value;
  if (!p.key.startsWith('arn:')) {
    ctx.reader.report(nodeSpan(p.keyNode), `Resources are keyed by ARN; "${p.key}" is not an ARN.`, 'schema/arn');
  }
  return {
    arn: p.key,
    arnSpan: nodeSpan(p.keyNode),
    span: nodeSpan(p.value ?? p.node),
    uri: ctx.uri,
    policy: policyNode ? collect(ctx, parsePolicyNode(policyNode, ctx.uri, 'resource')) : undefined,
  };
}
