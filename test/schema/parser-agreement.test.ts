import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOP_LEVEL_KEYS } from '../../core/model/parse';
import { ORG_ACCOUNT_KEYS, ORG_NODE_KEYS, ORG_POLICY_KEYS, ORGANIZATION_KEYS } from '../../core/model/parse-organization';
import {
  ACCESS_KEY_KEYS,
  ACCOUNT_KEYS,
  ORG_KEYS,
  PARTITIONS,
  PASSWORD_KEYS,
  ROOT_KEYS,
} from '../../core/model/parse-account';
import {
  CONSOLE_KEYS,
  GROUP_KEYS,
  IDP_KEYS,
  MFA_KEYS,
  POLICY_KEYS,
  RESOURCE_KEYS,
  ROLE_KEYS,
  USER_KEYS,
} from '../../core/model/parse-entities';
import { DOCUMENT_KEYS, STATEMENT_KEYS } from '../../core/policy/parse';
import { QUOTAS } from '../../core/analysis/rules/support/quotas';
import {
  def,
  explain,
  minimal,
  objectBranch,
  parserFindings,
  propertyNames,
  schema,
  schemaErrors,
  type SchemaNode,
} from './helpers';

const sorted = (keys: Iterable<string>) => [...keys].sort();
const account = def('account');
const accountProp = (name: string) => (account.properties as Record<string, SchemaNode>)[name];

// ---- (b) the keys the parser accepts are exactly the schema's properties, kind by kind ------------

const KEY_LISTS: [string, readonly string[], () => SchemaNode][] = [
  ['top level', TOP_LEVEL_KEYS, () => schema],
  ['account', ACCOUNT_KEYS, () => account],
  ['account.root', ROOT_KEYS, () => accountProp('root')],
  ['account.passwordPolicy', PASSWORD_KEYS, () => accountProp('passwordPolicy')],
  ['account.organization', ORG_KEYS, () => accountProp('organization')],
  ['access key', ACCESS_KEY_KEYS, () => def('accessKey')],
  ['user', USER_KEYS, () => def('user')],
  ['user console', CONSOLE_KEYS, () => (def('user').properties as Record<string, SchemaNode>).console],
  ['MFA device', MFA_KEYS, () => def('mfaDevice')],
  ['group', GROUP_KEYS, () => def('group')],
  ['role', ROLE_KEYS, () => def('role')],
  ['policy', POLICY_KEYS, () => def('policy')],
  ['identity provider', IDP_KEYS, () => def('identityProvider')],
  ['resource', RESOURCE_KEYS, () => def('resource')],
  ['organization', ORGANIZATION_KEYS, () => def('organization')],
  ['organization policy', ORG_POLICY_KEYS, () => def('orgPolicy')],
  ['organization root / OU', ORG_NODE_KEYS, () => def('orgNode')],
  ['organization account', ORG_ACCOUNT_KEYS, () => def('orgAccount')],
];

for (const [kind, keys, node] of KEY_LISTS) {
  test(`${kind}: the schema's properties are the keys the parser accepts`, () => {
    assert.deepEqual(propertyNames(node()), sorted(keys));
  });

  test(`${kind}: the schema rejects unknown keys, as the parser reports them`, () => {
    assert.equal(objectBranch(node()).additionalProperties, false);
  });
}

test('the entity maps hold the entity definitions', () => {
  const props = schema.properties as Record<string, SchemaNode>;
  const expected: Record<string, string> = {
    users: 'user', groups: 'group', roles: 'role', policies: 'policy', identityProviders: 'identityProvider', resources: 'resource',
  };
  for (const [map, kind] of Object.entries(expected)) {
    assert.deepEqual(props[map].additionalProperties, { $ref: `#/definitions/${kind}` }, map);
  }
});

for (const name of ['identityPolicyDocument', 'managedPolicyDocument', 'trustPolicyDocument', 'resourcePolicyDocument']) {
  test(`${name}: its elements are the policy parser's document keys`, () => {
    assert.deepEqual(propertyNames(def(name)), sorted(DOCUMENT_KEYS));
    assert.equal(objectBranch(def(name)).additionalProperties, false);
  });
}

test('statements: managed and resource statements take every element the policy parser reads', () => {
  assert.deepEqual(propertyNames(def('managedStatement')), sorted(STATEMENT_KEYS));
  assert.deepEqual(propertyNames(def('resourceStatement')), sorted(STATEMENT_KEYS));
});

test('statements: identity statements drop Principal/NotPrincipal, trust statements drop Resource/NotResource (as AWS does)', () => {
  const all = sorted(STATEMENT_KEYS);
  assert.deepEqual(propertyNames(def('identityStatement')), all.filter((k) => !k.includes('Principal')));
  assert.deepEqual(propertyNames(def('trustStatement')), all.filter((k) => !k.includes('Resource')));
});

// ---- enums: the schema's values are the parser's ---------------------------------------------------

function enumOf(node: SchemaNode): unknown[] {
  const values = (node.enum as unknown[] | undefined) ?? node.anyOf?.flatMap((b) => (b.enum as unknown[] | undefined) ?? []) ?? [];
  return values.filter((v) => v !== null);
}

const prop = (node: SchemaNode, name: string) => (objectBranch(node).properties as Record<string, SchemaNode>)[name];

test('partitions: the schema enum is the parser list', () => {
  assert.deepEqual(sorted(enumOf(accountProp('partition')) as string[]), sorted(PARTITIONS));
});

test('partitions: the parser takes every value of the schema enum, and rejects what the schema rejects', () => {
  for (const partition of enumOf(accountProp('partition'))) {
    const doc = minimal({ account: { id: '123456789012', partition } });
    assert.deepEqual(parserFindings(doc), [], String(partition));
    assert.deepEqual(schemaErrors(doc), [], String(partition));
  }
  const bad = minimal({ account: { id: '123456789012', partition: 'aws-mars' } });
  assert.deepEqual(parserFindings(bad).map((f) => f.code), ['schema/partition']);
  assert.ok(schemaErrors(bad).length > 0);
});

test('MFA device types: the parser takes every value of the schema enum, and warns on others as the schema does', () => {
  const types = enumOf(prop(def('mfaDevice'), 'type'));
  assert.deepEqual(sorted(types as string[]), ['fido', 'hardware', 'passkey', 'u2f', 'virtual']);
  const withType = (type: unknown) => minimal({ users: { alice: { mfa: [{ serial: 'arn:aws:iam::123456789012:mfa/alice', type }] } } });
  for (const type of types) {
    assert.deepEqual(parserFindings(withType(type)), [], String(type));
    assert.deepEqual(schemaErrors(withType(type)), [], String(type));
  }
  assert.deepEqual(parserFindings(withType('sms')).map((f) => f.code), ['schema/enum']);
  assert.ok(schemaErrors(withType('sms')).length > 0);
});

test('access key statuses: Active and Inactive in both; anything else rejected by both', () => {
  const statuses = enumOf(prop(def('accessKey'), 'status'));
  assert.deepEqual(sorted(statuses as string[]), ['Active', 'Inactive']);
  const withStatus = (status: unknown) => minimal({ users: { bob: { accessKeys: [{ id: 'AKIAIOSFODNN7EXAMPLE', status }] } } });
  for (const s of statuses) {
    assert.deepEqual(parserFindings(withStatus(s)), []);
    assert.deepEqual(schemaErrors(withStatus(s)), []);
  }
  assert.deepEqual(parserFindings(withStatus('Disabled')).map((f) => f.code), ['schema/enum']);
  assert.ok(schemaErrors(withStatus('Disabled')).length > 0);
});

test('identity provider types: oidc and saml in both; others rejected by both', () => {
  const types = enumOf(prop(def('identityProvider'), 'type'));
  assert.deepEqual(sorted(types as string[]), ['oidc', 'saml']);
  const idp = (p: Record<string, unknown>) => minimal({ identityProviders: { x: p } });
  const oidc = idp({ type: 'oidc', url: 'https://example.com' });
  const saml = idp({ type: 'saml' });
  for (const doc of [oidc, saml]) {
    assert.deepEqual(parserFindings(doc), []);
    assert.deepEqual(schemaErrors(doc), []);
  }
  const ldap = idp({ type: 'ldap', url: 'https://example.com' });
  assert.deepEqual(parserFindings(ldap).map((f) => f.code), ['schema/enum']);
  assert.ok(schemaErrors(ldap).length > 0);
});

// ---- documents both accept (the parser's lenient readings are valid in the schema too) --------------

const stmt = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const ACCEPTED: [string, unknown][] = [
  ['console as true', minimal({ users: { a: { console: true } } })],
  ['console as false', minimal({ users: { a: { console: false } } })],
  ['console as null', minimal({ users: { a: { console: null } } })],
  ['console object without "enabled" (defaults to true)', minimal({ users: { a: { console: { lastSignIn: null } } } })],
  ['null permissions boundary, instance profile, description', minimal({ roles: { r: { permissionsBoundary: null, instanceProfile: null, description: null } } })],
  ['null dates (never used)', minimal({ users: { a: { accessKeys: [{ id: 'AKIAIOSFODNN7EXAMPLE', lastUsed: null }] } }, roles: { r: { lastUsed: null } } })],
  ['null trust policy', minimal({ roles: { r: { trustPolicy: null } } })],
  ['ISO date-time dates', minimal({ account: { id: '123456789012', asOf: '2026-11-23T10:00:00Z' } })],
  ['a policy document given as JSON text', minimal({ policies: { P: { document: JSON.stringify({ Version: '2012-10-17', Statement: [stmt] }) } } })],
  ['Statement as a single object', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: stmt } } } })],
  ['Action/Resource arrays and NotAction/NotResource', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['iam:*'], NotResource: ['arn:aws:iam::*:role/x'] }] } } } })],
  ['old policy version 2008-10-17', minimal({ policies: { P: { document: { Version: '2008-10-17', Statement: [stmt] } } } })],
  ['a trust policy with Principal "*" and a NotPrincipal one', minimal({ roles: { r: { trustPolicy: { Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
    { Effect: 'Deny', NotPrincipal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:root'] }, Action: 'sts:AssumeRole' },
  ] } } } })],
  ['every principal type', minimal({ resources: { 'arn:aws:s3:::b': { policy: { Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Principal: { AWS: '*', Service: ['ec2.amazonaws.com'], Federated: 'cognito-identity.amazonaws.com', CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
  ] } } } })],
  ['condition operators with set prefixes, IfExists, Null, numbers and booleans', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [
    { ...stmt, Condition: {
      'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['team*'] },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] },
      NumericLessThan: { 's3:max-keys': 10 },
      Bool: { 'aws:SecureTransport': true },
      Null: { 'aws:TokenIssueTime': 'false' },
      IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' },
    } },
  ] } } } })],
  ['an RCP written as a customer policy (Principal "*")', minimal({ policies: { RCP: { document: { Version: '2012-10-17', Statement: [
    { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } },
  ] } } }, account: { id: '123456789012', organization: { resourceControlPolicies: [['RCPFullAWSAccess', 'RCP']], managementAccount: false } } })],
  ['empty maps and arrays everywhere', minimal({ policies: {}, groups: { g: { policies: [], inlinePolicies: {} } }, users: { u: { groups: [], policies: [], mfa: [], accessKeys: [], tags: {} } }, roles: {}, identityProviders: {}, resources: {} })],
  ['a group that (wrongly) lists groups: read, reported by the rules, not a schema error', minimal({ groups: { Ops: { groups: ['Admins'] }, Admins: {} } })],
  ['quotas by name', minimal({ account: { id: '123456789012', quotas: { rolesPerAccount: 2000, groupsPerAccount: 500 } } })],
  ['tags with unicode letters and spaces', minimal({ users: { u: { tags: { 'cost center': 'Zürich 1', 'app:name': 'web/api' } } } })],
];

for (const [what, doc] of ACCEPTED) {
  test(`both accept: ${what}`, () => {
    assert.deepEqual(parserFindings(doc).map((f) => `${f.code}: ${f.message}`), []);
    const errors = schemaErrors(doc);
    assert.equal(errors.length, 0, explain(errors));
  });
}

// ---- documents both reject: every parse/schema finding of the model is a schema error ---------------

const REJECTED: [string, unknown, string][] = [
  ['the file is an array', [], 'schema/type'],
  ['no account id', { account: { alias: 'acme' } }, 'schema/missing-account-id'],
  ['no account at all', { users: {} }, 'schema/missing-account-id'],
  ['an account id that is not 12 digits', minimal({ account: { id: '12345' } }), 'schema/account-id'],
  ['an account id given as a number', minimal({ account: { id: 123456789012 } }), 'schema/type'],
  ['a lone string where an array of names is expected', minimal({ users: { a: { groups: 'Developers' } } }), 'schema/type'],
  ['a lone string where an array of policies is expected', minimal({ roles: { r: { policies: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } }), 'schema/type'],
  ['an SCP level written as a string', minimal({ account: { id: '123456789012', organization: { serviceControlPolicies: [['FullAWSAccess'], 'Deny'] } } }), 'schema/type'],
  ['maxSessionDuration as a string', minimal({ roles: { r: { maxSessionDuration: '3600' } } }), 'schema/type'],
  ['serviceLinked as a string', minimal({ roles: { r: { serviceLinked: 'yes' } } }), 'schema/type'],
  ['password policy length as a string', minimal({ account: { id: '123456789012', passwordPolicy: { minimumLength: '14' } } }), 'schema/type'],
  ['a date that is not a date', minimal({ account: { id: '123456789012', asOf: 'yesterday' } }), 'schema/date'],
  ['console as a string', minimal({ users: { a: { console: 'yes' } } }), 'schema/type'],
  ['a tag value that is a number', minimal({ users: { a: { tags: { cost: 12 } } } }), 'schema/type'],
  ['a user that is not an object', minimal({ users: { a: [] } }), 'schema/type'],
  ['a policy without a document', minimal({ policies: { P: { description: 'x' } } }), 'schema/missing'],
  ['an identity provider without a type', minimal({ identityProviders: { x: { url: 'https://example.com' } } }), 'schema/missing'],
  ['an OIDC provider without a url', minimal({ identityProviders: { x: { type: 'oidc' } } }), 'schema/missing'],
  ['a resource keyed by something other than an ARN', minimal({ resources: { 'my-bucket': { policy: { Version: '2012-10-17', Statement: [] } } } }), 'schema/arn'],
  ['a policy document that is a number', minimal({ policies: { P: { document: 42 } } }), 'schema/policy-type'],
  ['an unknown policy element', minimal({ policies: { P: { document: { Version: '2012-10-17', Statements: [] } } } }), 'schema/policy-unknown-element'],
  ['an unknown statement element', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [{ ...stmt, Resources: '*' }] } } } }), 'schema/policy-unknown-element'],
  ['Statement as a string', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: 'Allow' } } } }), 'schema/policy-type'],
  ['Version as a number', minimal({ policies: { P: { document: { Version: 2012, Statement: [stmt] } } } }), 'schema/policy-type'],
  ['Effect as a boolean', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [{ ...stmt, Effect: true }] } } } }), 'schema/policy-type'],
  ['Action as a number', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [{ ...stmt, Action: 42 }] } } } }), 'schema/policy-type'],
  ['Principal as a string other than "*"', minimal({ roles: { r: { trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: 'ec2.amazonaws.com', Action: 'sts:AssumeRole' }] } } } }), 'schema/policy-type'],
  ['Condition as an array', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [{ ...stmt, Condition: [] }] } } } }), 'schema/policy-type'],
  ['a condition operator mapped to a string', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [{ ...stmt, Condition: { StringEquals: 'x' } }] } } } }), 'schema/policy-type'],
  ['a condition value that is an object', minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [{ ...stmt, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }] } } } }), 'schema/policy-type'],
  ['an inline policy that is null', minimal({ groups: { g: { inlinePolicies: { x: null } } } }), 'schema/policy-type'],
  ['tags that are null (objects and maps can\'t be null)', minimal({ users: { a: { tags: null } } }), 'schema/type'],
  ['a root user that is null', minimal({ account: { id: '123456789012', root: null } }), 'schema/type'],
  ['inline policies that are null', minimal({ roles: { r: { inlinePolicies: null } } }), 'schema/type'],
  ['a users map that is null', minimal({ users: null }), 'schema/type'],
];

// The parser reads `"id": null` as no id (ARNs use 000000000000) without its missing-id warning; the schema flags it.
test('an account id of null is rejected by the schema', () => {
  const errors = schemaErrors(minimal({ account: { id: null } }));
  assert.ok(errors.some((e) => e.instancePath === '/account/id'), explain(errors));
});

for (const [what, doc, code] of REJECTED) {
  test(`both reject: ${what}`, () => {
    const codes = parserFindings(doc).map((f) => f.code);
    assert.ok(codes.includes(code), `parser findings ${JSON.stringify(codes)} lack ${code}`);
    assert.ok(schemaErrors(doc).length > 0, 'the schema accepts it');
  });
}

// Unknown keys at every level: the parser's schema/unknown-key warning and the schema's additionalProperties.
const UNKNOWN_KEY_SITES: [string, (extra: Record<string, unknown>) => unknown][] = [
  ['top level', (x) => minimal(x)],
  ['account', (x) => minimal({ account: { id: '123456789012', ...x } })],
  ['root user', (x) => minimal({ account: { id: '123456789012', root: { mfa: true, ...x } } })],
  ['password policy', (x) => minimal({ account: { id: '123456789012', passwordPolicy: { minimumLength: 14, ...x } } })],
  ['organization', (x) => minimal({ account: { id: '123456789012', organization: { managementAccount: false, ...x } } })],
  ['user', (x) => minimal({ users: { a: { path: '/', ...x } } })],
  ['console access', (x) => minimal({ users: { a: { console: { enabled: true, ...x } } } })],
  ['MFA device', (x) => minimal({ users: { a: { mfa: [{ type: 'virtual', ...x }] } } })],
  ['access key', (x) => minimal({ users: { a: { accessKeys: [{ status: 'Active', ...x }] } } })],
  ['group', (x) => minimal({ groups: { g: { path: '/', ...x } } })],
  ['role', (x) => minimal({ roles: { r: { path: '/', ...x } } })],
  ['policy', (x) => minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [] }, ...x } } })],
  ['identity provider', (x) => minimal({ identityProviders: { corp: { type: 'saml', ...x } } })],
  ['resource', (x) => minimal({ resources: { 'arn:aws:s3:::b': { ...x } } })],
];

for (const [site, make] of UNKNOWN_KEY_SITES) {
  test(`both reject an unknown key in the ${site}`, () => {
    const doc = make({ zzzUnknownKey: 1 });
    assert.deepEqual(parserFindings(doc).map((f) => f.code), ['schema/unknown-key']);
    const errors = schemaErrors(doc);
    assert.ok(errors.some((e) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty?: string }).additionalProperty === 'zzzUnknownKey'), explain(errors));
  });
}

// ---- quota names: the schema's are the quota rules' (core/analysis/rules/support/quotas.ts) ----------

test('account.quotas: the schema names every quota the rules know, with AWS default and maximum', () => {
  const quotas = (accountProp('quotas').properties ?? {}) as Record<string, SchemaNode>;
  assert.deepEqual(sorted(Object.keys(quotas)), sorted(Object.keys(QUOTAS)));
  for (const [name, info] of Object.entries(QUOTAS)) {
    assert.equal(quotas[name].default, info.default, `${name} default`);
    assert.equal(quotas[name].maximum, info.max, `${name} maximum`);
    assert.equal(quotas[name].minimum, 1, `${name} minimum`);
  }
  assert.equal(accountProp('quotas').additionalProperties, false);
});

test('account.quotas: an unknown quota name or a value above what AWS grants is rejected', () => {
  const withQuotas = (quotas: Record<string, unknown>) => minimal({ account: { id: '123456789012', quotas } });
  assert.deepEqual(schemaErrors(withQuotas({ rolesPerAccount: 5000, trustPolicySize: 4096 })), []);
  assert.ok(schemaErrors(withQuotas({ rolesPerAcount: 2000 })).length > 0);
  assert.ok(schemaErrors(withQuotas({ rolesPerAccount: 5001 })).length > 0);
  assert.ok(schemaErrors(withQuotas({ groupsPerUser: 20 })).length > 0, 'a fixed quota');
  assert.ok(schemaErrors(withQuotas({ rolesPerAccount: 2000.5 })).length > 0);
});
