import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, minimal, parserFindings, schemaErrors } from './helpers';

/**
 * What the schema rejects beyond the parser's own findings: AWS's limits (IAM User Guide, "IAM and AWS STS quotas"
 * and the IAM API's parameter constraints) and the policy grammar. The rule catalogue reports several of these
 * too; the schema lets the editor flag them as you type. Each case names where the error must point.
 */
const stmt = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const policy = (statement: unknown) => minimal({ policies: { P: { document: { Version: '2012-10-17', Statement: [statement] } } } });
const trust = (statement: unknown) => minimal({ roles: { r: { trustPolicy: { Version: '2012-10-17', Statement: [statement] } } } });
const inline = (statement: unknown) => minimal({ users: { u: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [statement] } } } } });
const bucket = (statement: unknown) => minimal({ resources: { 'arn:aws:s3:::b': { policy: { Version: '2012-10-17', Statement: [statement] } } } });
const acct = (fields: Record<string, unknown>) => minimal({ account: { id: '123456789012', ...fields } });
const assumeRole = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };

const INVALID: [string, unknown, string][] = [
  // names and paths
  ['a user name with a space', minimal({ users: { 'alice smith': {} } }), '/users'],
  ['a user name longer than 64 characters', minimal({ users: { ['u'.repeat(65)]: {} } }), '/users'],
  ['a role name longer than 64 characters', minimal({ roles: { ['r'.repeat(65)]: {} } }), '/roles'],
  ['a group name longer than 128 characters', minimal({ groups: { ['g'.repeat(129)]: {} } }), '/groups'],
  ['a policy name with a slash', minimal({ policies: { 'a/b': { document: { Version: '2012-10-17', Statement: [] } } } }), '/policies'],
  ['an inline policy name with a colon', minimal({ roles: { r: { inlinePolicies: { 'a:b': { Version: '2012-10-17', Statement: [] } } } } }), '/roles/r/inlinePolicies'],
  ['an instance profile name with a space', minimal({ roles: { r: { instanceProfile: 'app server' } } }), '/roles/r/instanceProfile'],
  ['a path without slashes', minimal({ users: { a: { path: 'engineering' } } }), '/users/a/path'],
  ['a path that does not end with a slash', minimal({ roles: { r: { path: '/engineering' } } }), '/roles/r/path'],
  ['a path with a space', minimal({ groups: { g: { path: '/dev team/' } } }), '/groups/g/path'],
  ['a path longer than 512 characters', minimal({ policies: { P: { path: `/${'p'.repeat(511)}/`, document: { Version: '2012-10-17', Statement: [] } } } }), '/policies/P/path'],
  ['a group named in a user with a space', minimal({ users: { a: { groups: ['Dev Ops'] } } }), '/users/a/groups/0'],
  // account
  ['an alias with capitals and underscores', acct({ alias: 'Acme_Prod' }), '/account/alias'],
  ['an alias shorter than 3 characters', acct({ alias: 'ab' }), '/account/alias'],
  ['an alias of 12 digits (it would look like an account id)', acct({ alias: '123456789012' }), '/account/alias'],
  ['an alias with two hyphens in a row', acct({ alias: 'acme--prod' }), '/account/alias'],
  ['a password policy length below 6', acct({ passwordPolicy: { minimumLength: 4 } }), '/account/passwordPolicy/minimumLength'],
  ['a password policy length above 128', acct({ passwordPolicy: { minimumLength: 129 } }), '/account/passwordPolicy/minimumLength'],
  ['a password max age above 1095 days', acct({ passwordPolicy: { maxAgeDays: 2000 } }), '/account/passwordPolicy/maxAgeDays'],
  ['a password max age of 0', acct({ passwordPolicy: { maxAgeDays: 0 } }), '/account/passwordPolicy/maxAgeDays'],
  ['password reuse prevention above 24', acct({ passwordPolicy: { reusePrevention: 25 } }), '/account/passwordPolicy/reusePrevention'],
  ['a fractional password length', acct({ passwordPolicy: { minimumLength: 14.5 } }), '/account/passwordPolicy/minimumLength'],
  ['more than 5 SCPs at one level', acct({ organization: { serviceControlPolicies: [['FullAWSAccess', 'A', 'B', 'C', 'D', 'E']] } }), '/account/organization/serviceControlPolicies/0'],
  ['a negative quota', acct({ quotas: { rolesPerAccount: -1 } }), '/account/quotas/rolesPerAccount'],
  ['a root user with three access keys', acct({ root: { accessKeys: [{}, {}, {}] } }), '/account/root/accessKeys'],
  ['a date in day/month/year order', minimal({ users: { a: { console: { passwordLastChanged: '05/01/2026' } } } }), '/users/a/console'],
  // roles
  ['maxSessionDuration below one hour', minimal({ roles: { r: { maxSessionDuration: 900 } } }), '/roles/r/maxSessionDuration'],
  ['maxSessionDuration above twelve hours', minimal({ roles: { r: { maxSessionDuration: 50000 } } }), '/roles/r/maxSessionDuration'],
  ['a role description longer than 1000 characters', minimal({ roles: { r: { description: 'd'.repeat(1001) } } }), '/roles/r/description'],
  ['more than 25 managed policies on a role', minimal({ roles: { r: { policies: Array.from({ length: 26 }, (_, i) => `P${i}`) } } }), '/roles/r/policies'],
  ['the same policy attached twice', minimal({ users: { a: { policies: ['P', 'P'] } } }), '/users/a/policies'],
  // users
  ['three access keys on a user', minimal({ users: { a: { accessKeys: [{}, {}, {}] } } }), '/users/a/accessKeys'],
  ['nine MFA devices', minimal({ users: { a: { mfa: Array.from({ length: 9 }, () => ({ type: 'virtual' })) } } }), '/users/a/mfa'],
  ['member of eleven groups', minimal({ users: { a: { groups: Array.from({ length: 11 }, (_, i) => `G${i}`) } } }), '/users/a/groups'],
  ['a tag key with the reserved aws: prefix', minimal({ users: { a: { tags: { 'aws:team': 'x' } } } }), '/users/a/tags'],
  ['a tag value longer than 256 characters', minimal({ roles: { r: { tags: { team: 'v'.repeat(257) } } } }), '/roles/r/tags/team'],
  ['51 tags', minimal({ users: { a: { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) } } }), '/users/a/tags'],
  // identity providers
  ['an OIDC url without https://', minimal({ identityProviders: { x: { type: 'oidc', url: 'http://example.com' } } }), '/identityProviders/x/url'],
  ['a thumbprint that is not 40 hex digits', minimal({ identityProviders: { x: { type: 'oidc', url: 'https://e.com', thumbprints: ['abc'] } } }), '/identityProviders/x/thumbprints/0'],
  ['six thumbprints', minimal({ identityProviders: { x: { type: 'oidc', url: 'https://e.com', thumbprints: Array(6).fill('a'.repeat(40)) } } }), '/identityProviders/x/thumbprints'],
  ['a managed policy with 6 versions', minimal({ policies: { P: { versions: 6, document: { Version: '2012-10-17', Statement: [] } } } }), '/policies/P/versions'],
  // policy grammar
  ['Version 2020-01-01', minimal({ policies: { P: { document: { Version: '2020-01-01', Statement: [] } } } }), '/policies/P/document/Version'],
  ['Effect "Permit"', policy({ ...stmt, Effect: 'Permit' }), '/policies/P/document/Statement/0/Effect'],
  ['a statement without Effect', policy({ Action: 's3:GetObject', Resource: '*' }), '/policies/P/document/Statement/0'],
  ['a statement without Action or NotAction', policy({ Effect: 'Allow', Resource: '*' }), '/policies/P/document/Statement/0'],
  ['an identity statement without Resource or NotResource', policy({ Effect: 'Allow', Action: 's3:GetObject' }), '/policies/P/document/Statement/0'],
  ['an action without a service prefix', policy({ ...stmt, Action: 'GetObject' }), '/policies/P/document/Statement/0/Action'],
  ['an action with a space', policy({ ...stmt, Action: ['s3:Get Object'] }), '/policies/P/document/Statement/0/Action'],
  ['an action without a name after the colon', policy({ ...stmt, Action: 's3:' }), '/policies/P/document/Statement/0/Action'],
  ['a wildcard in the service prefix', policy({ ...stmt, NotAction: 's*:GetObject', Action: undefined }), '/policies/P/document/Statement/0/NotAction'],
  ['a policy variable in an action', policy({ ...stmt, Action: 's3:${aws:username}' }), '/policies/P/document/Statement/0/Action'],
  ['a resource that is neither "*" nor an ARN', policy({ ...stmt, Resource: 'my-bucket' }), '/policies/P/document/Statement/0/Resource'],
  ['a Sid with spaces in an IAM policy', policy({ ...stmt, Sid: 'Read the bucket' }), '/policies/P/document/Statement/0/Sid'],
  ['a misspelt condition operator', policy({ ...stmt, Condition: { StringEqual: { 'aws:username': 'a' } } }), '/policies/P/document/Statement/0/Condition'],
  ['IfExists on Null', policy({ ...stmt, Condition: { NullIfExists: { 'aws:username': 'true' } } }), '/policies/P/document/Statement/0/Condition'],
  ['an unknown set prefix on an operator', policy({ ...stmt, Condition: { 'ForSomeValues:StringLike': { 'aws:TagKeys': 'a' } } }), '/policies/P/document/Statement/0/Condition'],
  ['an inline (identity) policy with a Principal', inline({ ...stmt, Principal: '*' }), '/users/u/inlinePolicies/p/Statement/0'],
  ['a trust statement with a Resource', trust({ ...assumeRole, Resource: '*' }), '/roles/r/trustPolicy/Statement/0'],
  ['a trust statement without a Principal', trust({ Effect: 'Allow', Action: 'sts:AssumeRole' }), '/roles/r/trustPolicy/Statement/0'],
  ['a bucket policy statement without a Principal', bucket(stmt), '/resources/arn:aws:s3:::b/policy/Statement/0'],
  ['an unknown principal type', trust({ ...assumeRole, Principal: { User: 'alice' } }), '/roles/r/trustPolicy/Statement/0/Principal'],
  ['an empty principal object', trust({ ...assumeRole, Principal: {} }), '/roles/r/trustPolicy/Statement/0/Principal'],
  ['a service principal that is not a service', trust({ ...assumeRole, Principal: { Service: 'ec2' } }), '/roles/r/trustPolicy/Statement/0/Principal'],
  ['a federated principal that is a URL', trust({ ...assumeRole, Principal: { Federated: 'https://token.actions.githubusercontent.com' } }), '/roles/r/trustPolicy/Statement/0/Principal'],
  ['an AWS principal that is a bare name', trust({ ...assumeRole, Principal: { AWS: 'alice' } }), '/roles/r/trustPolicy/Statement/0/Principal'],
];

const escape = (path: string) => path.replace(/~/g, '~0');

for (const [what, doc, path] of INVALID) {
  test(`schema rejects ${what}`, () => {
    const errors = schemaErrors(doc);
    assert.ok(errors.length > 0, 'the schema accepts it');
    assert.ok(
      errors.some((e) => e.instancePath === escape(path) || e.instancePath.startsWith(`${escape(path)}/`)),
      `no error at ${path}:\n${explain(errors)}`,
    );
  });

  test(`the parser reads ${what} without throwing`, () => {
    assert.doesNotThrow(() => parserFindings(doc));
  });
}

test('the limits are inclusive: the extreme valid values pass', () => {
  const doc = minimal({
    account: {
      id: '123456789012', alias: 'a-1', passwordPolicy: { minimumLength: 128, maxAgeDays: 1095, reusePrevention: 24 },
      organization: { serviceControlPolicies: [['FullAWSAccess', 'A', 'B', 'C', 'D']] },
    },
    users: { ['u'.repeat(64)]: { path: `/${'p'.repeat(510)}/`, groups: Array.from({ length: 10 }, (_, i) => `G${i}`), accessKeys: [{}, {}] } },
    roles: {
      short: { maxSessionDuration: 3600, policies: Array.from({ length: 25 }, (_, i) => `P${i}`) },
      long: { maxSessionDuration: 43200, tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) },
    },
    identityProviders: { x: { type: 'oidc', url: 'https://e.com', thumbprints: Array.from({ length: 5 }, (_, i) => String(i).repeat(40)) } },
  });
  const errors = schemaErrors(doc);
  assert.equal(errors.length, 0, explain(errors));
});
